"""The benchmark machinery at size 10 with no latency, so it cannot rot: the real engine, a provider pool,
the sequential script, and the request-count invariants the benchmark reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


def test_benchmark_smoke(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    command = [sys.executable, "-m", "benchmarks", "--sizes", "10", "--latency-ms", "0"]
    command += ["--configs", "default,pool-nockpt,bulk-nockpt", "--json", str(out), "--out", str(tmp_path)]
    proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "RESULTS.md").exists() and (tmp_path / "results.png").stat().st_size > 0
    measured = {(m["config"], m["op"]): m for m in json.loads(out.read_text())["measurements"]}
    for config in ("default", "pool-nockpt", "bulk-nockpt", "sequential"):
        up, destroy = measured[config, "up"], measured[config, "destroy"]
        assert up["writes"] == up["expected_writes"] == 10, "one write per object and link"
        assert destroy["writes"] == destroy["expected_writes"] == 10
        assert sum(up["requests"].values()) - up["writes"] <= 5, "a handful of other requests at most"
    for config in ("default", "pool-nockpt", "bulk-nockpt"):
        assert measured[config, "preview"]["requests"] == {}, "a no-op preview makes no API request"
        refresh = measured[config, "refresh"]
        assert refresh["writes"] == 0 and refresh["requests"].get("GET", 0) <= 10
        update = measured[config, "update"]
        assert update["writes"] == update["expected_writes"] == 1
        assert measured[config, "up"]["peak_rss"] > 0, "the provider processes' memory was sampled"
    assert measured["pool-nockpt", "up"]["processes"] == 4
    again = tmp_path / "again"
    replot = [sys.executable, "-m", "benchmarks", "--report-only", str(out), "--out", str(again)]
    proc = subprocess.run(replot, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rebuilt = (again / "RESULTS.md").read_text()
    assert rebuilt == (tmp_path / "RESULTS.md").read_text(), "the report is rebuilt from raw data"
