"""The benchmark's program: the estate in estate.json, declared as one BothDirections per trunk (and, with
``bulk_numbers``, one TrunkPhoneNumbers per trunk for its numbers)."""

import json
from pathlib import Path

import pulumi

import sinch_est as est
from sinch_est.components import provider_pool

estate = json.loads((Path(__file__).parent / "estate.json").read_text())
if estate.get("pool", 1) > 1:
    provider_pool(estate["pool"])

bulk = estate.get("bulk_numbers", False)
for trunk in estate["trunks"]:
    component = est.BothDirections(
        trunk["key"],
        host_name=trunk["host_name"],
        trunk_name=trunk["trunk_name"],
        ip_ranges=trunk["ip_ranges"],
        credentials=trunk["credentials"],
        endpoints=[est.EndpointSpec(**e) for e in trunk["endpoints"]],
        phone_numbers=() if bulk else trunk["phone_numbers"],
    )
    if bulk and trunk["phone_numbers"]:
        est.TrunkPhoneNumbers(
            f"{trunk['key']}-numbers",
            trunk_id=component.trunk.id,
            phone_numbers=trunk["phone_numbers"],
            opts=pulumi.ResourceOptions(parent=component),
        )
