"""The benchmark's estate generator and floor model (pure: no engine, no emulator)."""

from __future__ import annotations

import pytest

from benchmarks.estate import generate
from benchmarks.measure import CONFIGS, floor_seconds
from sinch_est.provider.trunk_phone_numbers import FAN_OUT


def test_estate_sizes_and_resources() -> None:
    estate = generate(1000)
    assert estate.objects == 1000 and len(estate.trunks) == 50 and estate.numbers == 600
    assert estate.resources == 1000
    bulk = generate(1000, bulk_numbers=True)
    assert bulk.objects == 1000, "the same objects and writes"
    assert bulk.resources == 400 + 50, "one TrunkPhoneNumbers per trunk instead of twelve assignments"


def test_floor_counts_number_writes_fanned_out_only_in_bulk() -> None:
    latency = 0.05
    per_number = generate(1000)
    bulk = generate(1000, bulk_numbers=True)
    assert floor_seconds("up", per_number, 0, 4, latency) == pytest.approx(latency * (3 + 1000 / 4))
    assert floor_seconds("up", bulk, 0, 4, latency) == pytest.approx(latency * (3 + 400 / 4 + 600 / (4 * FAN_OUT)))
    assert floor_seconds("destroy", bulk, 0, 16, latency) < floor_seconds("destroy", per_number, 0, 16, latency)
    assert floor_seconds("update", bulk, 100, 4, latency) == floor_seconds("update", per_number, 100, 4, latency)
    assert floor_seconds("preview", bulk, 0, 4, latency) == 0.0


def test_configurations_concurrency() -> None:
    assert CONFIGS["default"].concurrency == 4
    assert CONFIGS["bulk-nockpt"].concurrency == 4 and CONFIGS["bulk-nockpt"].bulk_numbers
    assert CONFIGS["pool-nockpt"].concurrency == 16
