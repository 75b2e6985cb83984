"""The benchmark machinery at size 10 with no latency, so it cannot rot: the real engine running the
recommended program and its comparisons (per-number resources, a provider pool, a compressed state), the
empty program's start-up, the sequential script, and the invariants the report states."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFIGS = ("recommended", "per-number", "recommended-pool", "recommended-zstd")
BLOCK = "pulumi-python:dynamic/sinch_est:TrunkPhoneNumbers"
ASSIGNMENT = "pulumi-python:dynamic/sinch_est:PhoneNumberAssignment"

pytestmark = pytest.mark.e2e


def test_benchmark_smoke(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    command = [sys.executable, "-m", "benchmarks", "--sizes", "10", "--latency-ms", "0", "--startup-runs", "2"]
    command += ["--configs", ",".join(CONFIGS), "--json", str(out), "--out", str(tmp_path)]
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "RESULTS.md").exists() and (tmp_path / "results.png").stat().st_size > 0
    raw = json.loads(out.read_text())
    measured = {(m["config"], m["op"]): m for m in raw["measurements"]}
    assert len(raw["startup"]) == 2 and all(s > 0 for s in raw["startup"]), "the empty program's up, timed twice"
    assert len(raw["load_before"]) == len(raw["load_after"]) == 3
    for config in (*CONFIGS, "sequential"):
        up, destroy = measured[config, "up"], measured[config, "destroy"]
        assert up["writes"] == up["expected_writes"] == 10, "one write per object and link"
        assert destroy["writes"] == destroy["expected_writes"] == 10
        # Besides the writes only a token per provider process: on a trunk the run has just created, the blocks
        # have nothing to look for before they write.
        assert set(up["requests"]) <= {"POST", "token"}, config
        assert up["requests"]["token"] <= max(1, up.get("processes") or 1), config
    for config in CONFIGS:
        assert measured[config, "preview"]["requests"] == {}, "a no-op preview makes no API request"
        refresh = measured[config, "refresh"]
        assert refresh["writes"] == 0 and refresh["requests"].get("GET", 0) <= 10
        update = measured[config, "update"]
        assert update["writes"] == update["expected_writes"] == 1
        assert measured[config, "up"]["peak_rss"] > 0, "the provider processes' memory was sampled"
        assert measured[config, "up"]["state_bytes"] > 0, "the state file was found and measured"
    assert measured["recommended-pool", "up"]["processes"] == 4
    # The program uses the components as a user would: their default routes the two numbers as one block,
    # number_per_resource=True as one resource each.
    recommended, per_number = measured["recommended", "up"], measured["per-number", "up"]
    assert recommended["state_by_type"][BLOCK][0] == 1 and ASSIGNMENT not in recommended["state_by_type"]
    assert per_number["state_by_type"][ASSIGNMENT][0] == 2 and BLOCK not in per_number["state_by_type"]
    # Trunk, ACL, credential list, the endpoints' block and the numbers' block, or the two numbers apart.
    assert (recommended["resources"], per_number["resources"]) == (5, 6)
    zstd = measured["recommended-zstd", "up"]
    assert zstd["state_by_type"] == {}, "a compressed state is measured by size only"
    assert zstd["state_bytes"] < recommended["state_bytes"] / 2, "the engine wrote the state compressed"
    report = (tmp_path / "RESULTS.md").read_text()
    assert report.index("## Issue 15's targets on the recommended path") < report.index("## Every configuration")
    again = tmp_path / "again"
    replot = [sys.executable, "-m", "benchmarks", "--report-only", str(out), "--out", str(again)]
    proc = subprocess.run(replot, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rebuilt = (again / "RESULTS.md").read_text()
    assert rebuilt == report, "the report is rebuilt from raw data"
