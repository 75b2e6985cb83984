"""The benchmark's estates, floor model, configurations and target arithmetic (pure: no engine, no emulator)."""

from __future__ import annotations

import pytest

from benchmarks.engine import CommandFailed
from benchmarks.estate import EstateSpec, generate
from benchmarks.measure import (
    CONFIGS,
    RECOMMENDED,
    Config,
    Failure,
    Measurement,
    Results,
    floor_seconds,
    lists_needed,
)
from benchmarks.targets import targets
from sinch_est.provider.trunk_phone_numbers import FAN_OUT

MB = 1024 * 1024


def test_estate_sizes_and_resources() -> None:
    estate = generate(1000)
    assert estate.objects == 1000 and len(estate.trunks) == 50 and estate.numbers == 600
    assert estate.endpoints == 150
    assert estate.resources == 50 * 5, "trunk, ACL, credential list, one TrunkEndpoints, one TrunkPhoneNumbers"
    per_number = generate(1000, number_per_resource=True)
    assert per_number.objects == 1000, "the same objects and writes"
    assert per_number.resources == 50 * (4 + 12), "one PhoneNumberAssignment per number"


def test_number_heavy_estate() -> None:
    spec = EstateSpec.parse("880:80")
    estate = spec.generate()
    assert (spec.label, spec.standard) == ("880:80", False)
    assert estate.objects == 880 and len(estate.trunks) == 10
    assert all(len(t.phone_numbers) == 80 for t in estate.trunks)
    assert estate.resources == 10 * 5, "trunk, ACL, credential list, one block of endpoints, one of numbers"
    assert len(set(n for t in estate.trunks for n in t.phone_numbers)) == 800, "no number on two trunks"


def test_estate_spec_parsing() -> None:
    assert EstateSpec.parse("1000") == EstateSpec(1000, 12) and EstateSpec.parse("1000").label == "1000"
    assert EstateSpec.parse(" 100 ").standard
    for bad in ("big", "880:many", "4", "100:-1"):
        with pytest.raises(ValueError, match="estate"):
            EstateSpec.parse(bad)


def test_floor_counts_writes_fanned_out_only_in_blocks() -> None:
    latency = 0.05
    blocks = generate(1000)
    per_number = generate(1000, number_per_resource=True)
    assert floor_seconds("up", per_number, 0, 4, latency) == pytest.approx(
        latency * (3 + 850 / 4 + 150 / (4 * FAN_OUT))
    )
    assert floor_seconds("up", blocks, 0, 4, latency) == pytest.approx(latency * (3 + 250 / 4 + 750 / (4 * FAN_OUT)))
    assert floor_seconds("destroy", blocks, 0, 16, latency) < floor_seconds("destroy", per_number, 0, 16, latency)
    assert floor_seconds("update", blocks, 100, 4, latency) == floor_seconds("update", per_number, 100, 4, latency)
    assert floor_seconds("preview", blocks, 0, 4, latency) == 0.0


def test_refresh_lists_needed() -> None:
    # trunks, ACLs (naming their trunks), credential lists, two pages of 600 numbers; endpoints and
    # credential links per trunk.
    assert lists_needed(generate(1000)) == 1 + 1 + 1 + 2 + 2 * 50


def test_configurations() -> None:
    assert next(iter(CONFIGS)) == RECOMMENDED, "the report leads with it"
    recommended = CONFIGS[RECOMMENDED]
    assert recommended.concurrency == 4 and recommended.env == {} and not recommended.number_per_resource
    assert CONFIGS["per-number"].number_per_resource and CONFIGS["per-number"].env == {}
    assert CONFIGS["recommended-nockpt"].env == {"PULUMI_SKIP_CHECKPOINTS": "true"}
    assert CONFIGS["recommended-zstd"].env == {"PULUMI_DIY_BACKEND_ZSTD": "true"}
    assert CONFIGS["recommended-pool"].concurrency == 16 and CONFIGS["recommended-pool"].pool == 4
    assert not any(c.name.startswith("bulk") for c in CONFIGS.values())


def test_results_round_trip_and_format_one() -> None:
    results = _results()
    again = Results.from_dict(results.to_dict())
    assert again.to_dict() == results.to_dict()
    old = {
        "latency_ms": 50,
        "sizes": [10],
        "configs": [{"name": "bulk", "pool": 1, "parallel": None, "skip_checkpoints": False, "bulk_numbers": True}],
        "started": 0.0,
        "seconds": 1.0,
        "measurements": [
            {
                "config": "bulk",
                "size": 10,
                "op": "up",
                "seconds": 1.0,
                "requests": {},
                "writes": 10,
                "expected_writes": 10,
                "floor": 0.1,
            }
        ],
    }
    read = Results.from_dict(old)
    assert read.configs == [Config("bulk")], "a block of numbers was format 1's bulk_numbers"
    assert read.estates == [EstateSpec(10)] and read.get("bulk", EstateSpec(10), "up") is not None


def _m(
    config: str, objects: int, op: str, seconds: float, *, gets: int = 0, rss: float = 60, npt: int = 12
) -> Measurement:
    requests = {"GET": gets} if gets else {}
    return Measurement(
        config,
        objects,
        op,
        seconds,
        requests,
        0,
        0,
        0.0,
        int(rss * MB),
        int(rss * MB),
        processes=0 if config == "sequential" else 1,
        numbers_per_trunk=npt,
    )


def _results(
    up: float = 10.0, update: float = 12.0, gets: int = 100, big_preview_gets: int = 0, destroy: float = 9.0
) -> Results:
    """1000 objects: the script creates in 31 s, updates in 3 s, deletes in 31 s; the start-up is 1 s."""
    estates = [EstateSpec(100), EstateSpec(1000), EstateSpec(880, 80)]
    results = Results(50.0, estates, [CONFIGS[RECOMMENDED]], startup=[0.5, 1.0, 9.0])
    ms = results.measurements
    at_1000 = {"up": up, "preview": 4.0, "refresh": 5.0, "update": update, "destroy": destroy}
    at_100 = {"up": 1.5, "preview": 0.5, "refresh": 0.7, "update": 1.5, "destroy": 1.2}
    for op in at_1000:
        big_gets = {"refresh": gets, "preview": big_preview_gets}.get(op, 0)
        ms.append(_m(RECOMMENDED, 1000, op, at_1000[op], gets=big_gets))
        ms.append(_m(RECOMMENDED, 100, op, at_100[op], gets=14 if op == "refresh" else 0, rss=58))
    ms += [_m(RECOMMENDED, 880, "up", 4.0, npt=80), _m(RECOMMENDED, 880, "refresh", 2.0, gets=24, npt=80)]
    ms += [_m("sequential", 1000, "up", 31.0), _m("sequential", 1000, "update", 3.0)]
    ms += [_m("sequential", 1000, "destroy", 31.0), _m("sequential", 880, "up", 44.0, npt=80)]
    return results


def test_targets_met() -> None:
    found = targets(_results(), RECOMMENDED)
    assert [t.ok for t in found] == [True] * 8, [(t.name, t.figures) for t in found]
    update = found[2]
    assert "3 x (3.0 s + 1.0 s) = 12.0 s" in update.figures, "the start-up is the median of the empty ups"
    assert found[0].figures == "31.0 s / 10.0 s = 3.1x" and found[1].figures == "44.0 s / 4.0 s = 11.0x"


def _ok(results: Results, index: int) -> bool | None:
    return targets(results, RECOMMENDED)[index].ok


def test_targets_missed_one_at_a_time() -> None:
    assert _ok(_results(up=10.4), 0) is False, "31 / 10.4 < 3"
    assert _ok(_results(update=12.1), 2) is False
    assert _ok(_results(gets=101), 3) is False, "101 GETs for 1000 objects"
    assert _ok(_results(big_preview_gets=1), 4) is False
    assert _ok(_results(destroy=10.4), 5) is False, "31 / 10.4 < 3"
    # 100 objects take 15 ms each to create; 1,000 in 22 s are 22 ms each (1.47x), in 23 s 23 ms (1.53x).
    assert _ok(_results(up=22.0), 6) is True
    assert _ok(_results(up=23.0), 6) is False


def test_memory_target_and_unmeasured() -> None:
    results = _results()
    results.measurements.append(_m(RECOMMENDED, 880, "preview", 1.0, rss=75, npt=80))
    assert targets(results, RECOMMENDED)[7].ok is False, "75 MB against 58 MB at 100 objects"
    bare = Results(50.0, [EstateSpec(10)], [CONFIGS[RECOMMENDED]])
    assert [t.ok for t in targets(bare, RECOMMENDED)] == [None] * 8


def test_a_failed_command_misses_its_target_and_leaves_the_rest_unmeasured() -> None:
    results = _results()
    results.measurements = [m for m in results.measurements if m.size != 1000]
    results.failures.append(Failure(RECOMMENDED, 1000, 12, "up", 107.0, "RecursionError: too deep; 1005 created"))
    found = targets(Results.from_dict(results.to_dict()), RECOMMENDED)
    assert found[0].ok is False and "`up` of 1000 objects failed after 107 s: RecursionError" in found[0].figures
    assert found[2].ok is None and found[5].ok is None, "update and destroy were never run"
    assert found[1].ok is True, "the number-heavy estate is a separate stack"
    assert found[6].ok is None


def test_failure_summary_names_the_error_and_the_counts() -> None:
    output = "\n".join(
        [
            "  pulumi:pulumi:Stack (sinch-est-benchmark-bench):",
            "    error: Program failed with an unhandled exception:",
            "    RecursionError: maximum recursion depth exceeded while calling a Python object",
            "",
            "Resources:",
            "    + 1005 created",
            "    1 errored",
            "",
            "Duration: 1m47s",
        ]
    )
    summary = CommandFailed("up", 1, 107.0, output).summary()
    assert (
        summary
        == "RecursionError: maximum recursion depth exceeded while calling a Python object; 1005 created, 1 errored"
    )
