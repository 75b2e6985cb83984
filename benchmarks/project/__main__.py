"""The benchmark's program: the estate in estate.json, one BothDirections component per trunk, written as
README recommends (the components' defaults); ``number_per_resource`` and ``pool`` in the estate turn on
what a user would turn on by hand."""

import json
from pathlib import Path
from typing import Any

import sinch_est as est

estate = json.loads((Path(__file__).parent / "estate.json").read_text())
if estate.get("pool", 1) > 1:
    est.provider_pool(estate["pool"])

# The recommended program names no option: only the per-number comparison passes one.
options: dict[str, Any] = {"number_per_resource": True} if estate.get("number_per_resource") else {}
for trunk in estate["trunks"]:
    est.BothDirections(
        trunk["key"],
        host_name=trunk["host_name"],
        trunk_name=trunk["trunk_name"],
        ip_ranges=trunk["ip_ranges"],
        credentials=trunk["credentials"],
        endpoints=[est.EndpointSpec(**e) for e in trunk["endpoints"]],
        phone_numbers=trunk["phone_numbers"],
        **options,
    )
