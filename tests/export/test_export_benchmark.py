"""The export benchmark's machinery at a small size: it seeds, exports and counts list calls only."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.export_bench import floor_seconds, main


def test_export_benchmark_counts_list_calls_only(tmp_path: Path) -> None:
    figures_path = tmp_path / "figures.json"
    assert main(["--objects", "60", "--latency-ms", "1", "--repeat", "1", "--json", str(figures_path)]) == 0
    figures = json.loads(figures_path.read_text())
    trunks = figures["trunks"]
    assert figures["requests_by_method"] == {"GET": 6 + 3 * trunks}
    assert figures["requests_by_route"]["GET /trunks/{id}/endpoints"] == trunks
    assert figures["resources"]["SipTrunk"] == trunks and figures["resources"]["TrunkPhoneNumbers"] == trunks


def test_export_floor_is_the_longest_chain_of_list_calls() -> None:
    assert floor_seconds(50, 600, 0.05, 8) == 0.05 * (1 + 19)
    assert floor_seconds(1, 5000, 0.05, 8) == 0.05 * 10  # ten pages of numbers outlast one trunk's lists
