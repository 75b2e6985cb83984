"""The benchmark's program: the estate in estate.json, declared as one BothDirections per trunk."""

import json
from pathlib import Path

import sinch_est as est
from sinch_est.components import provider_pool

estate = json.loads((Path(__file__).parent / "estate.json").read_text())
if estate.get("pool", 1) > 1:
    provider_pool(estate["pool"])

for trunk in estate["trunks"]:
    est.BothDirections(
        trunk["key"],
        host_name=trunk["host_name"],
        trunk_name=trunk["trunk_name"],
        ip_ranges=trunk["ip_ranges"],
        credentials=trunk["credentials"],
        endpoints=[est.EndpointSpec(**e) for e in trunk["endpoints"]],
        phone_numbers=trunk["phone_numbers"],
    )
