"""``python -m benchmarks.export_bench``: `sinch-est export` of a generated estate at 50 ms per request.

Seeds one emulator project with the benchmark's estate (``benchmarks.estate``; trunks, ACLs, credential lists
with their links, endpoints, numbers) without latency, then turns the latency on and times ``export_project``
a few times, counting the requests by method and route from the emulator's log. Beside it: the floor (the
longest chain of list calls, each one latency) and, with ``--with-object-reads``, the plain script that reads
the same estate one object at a time (``SequentialScript.read``).
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.estate import generate
from benchmarks.sequential import SequentialScript
from sinch_est.client import EstClient
from sinch_est.emulator import EmulatorServer
from sinch_est.export import DEFAULT_CONCURRENCY, export_project
from sinch_est.testing import emulator_settings

PROJECT = "bench-export"
PAGE_SIZE = 500
TOKEN_PATH = "/oauth2/token"


def _route(path: str) -> str:
    """A request path with its ids replaced, e.g. ``/trunks/{id}/endpoints``."""
    tail = path.removeprefix(f"/v1/projects/{PROJECT}")
    return re.sub(r"/(?:[0-9A-HJKMNP-TV-Z]{26}|%2B\d+|\+\d+)", "/{id}", tail)


def _requests(server: EmulatorServer, start: int) -> tuple[dict[str, int], dict[str, int]]:
    served = [r for r in server.requests[start:] if r.path != TOKEN_PATH]
    by_method = collections.Counter(r.method for r in served)
    by_route = collections.Counter(f"{r.method} {_route(r.path)}" for r in served)
    return dict(by_method), dict(sorted(by_route.items()))


def floor_seconds(trunks: int, numbers: int, latency: float, concurrency: int) -> float:
    """The trunk list, then the per-trunk lists spread over ``concurrency``; the pages of the number list run
    meanwhile, so they only count when they take longer."""
    per_trunk = 3 * trunks
    trunk_chain = 1 + math.ceil(per_trunk / concurrency)
    number_pages = max(1, math.ceil(numbers / PAGE_SIZE))
    return latency * max(trunk_chain, number_pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export_bench", description=__doc__)
    parser.add_argument("--objects", type=int, default=1000, help="estate size in objects (default 1000)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="emulator latency per request (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="exports to time (default 3)")
    parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY, help="list calls in flight")
    parser.add_argument("--with-object-reads", action="store_true", help="also time reading one object at a time")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    estate = generate(args.objects)
    latency = args.latency_ms / 1000
    figures: dict[str, Any] = {"objects": estate.objects, "trunks": len(estate.trunks), "latency_ms": args.latency_ms}
    with (
        EmulatorServer(request_log_size=None) as server,
        EstClient.from_settings(emulator_settings(server, PROJECT)) as client,
        tempfile.TemporaryDirectory(prefix="sinch-est-export-bench-") as tmp,
    ):
        script = SequentialScript(client)
        started = time.perf_counter()
        script.up(estate)
        print(
            f"seeded {estate.objects} objects on {len(estate.trunks)} trunks in {time.perf_counter() - started:.1f} s"
        )
        server.faults.latency_ms = args.latency_ms
        seconds = []
        for i in range(args.repeat):
            start = len(server.requests)
            started = time.perf_counter()
            report = export_project(client, Path(tmp) / f"export-{i}", concurrency=args.concurrency)
            seconds.append(time.perf_counter() - started)
            by_method, by_route = _requests(server, start)
        figures.update(
            resources=dict(report.resources),
            export_seconds=[round(s, 3) for s in seconds],
            export_median_seconds=round(statistics.median(seconds), 3),
            requests_by_method=by_method,
            requests_by_route=by_route,
            floor_seconds=round(floor_seconds(len(estate.trunks), estate.numbers, latency, args.concurrency), 3),
            concurrency=args.concurrency,
        )
        if args.with_object_reads:
            start = len(server.requests)
            started = time.perf_counter()
            script.read(estate)
            figures["object_reads_seconds"] = round(time.perf_counter() - started, 3)
            figures["object_reads_requests"] = _requests(server, start)[0]

    print(
        f"export of {figures['objects']} objects ({sum(figures['resources'].values())} resources, "
        f"{figures['trunks']} trunks) at {args.latency_ms:g} ms per request, concurrency {args.concurrency}:"
    )
    print(
        f"  time: median {figures['export_median_seconds']} s of {figures['export_seconds']}; "
        f"floor {figures['floor_seconds']} s"
    )
    print(f"  requests by method: {figures['requests_by_method']}")
    for route, count in figures["requests_by_route"].items():
        print(f"    {count:5d}  {route}")
    if args.with_object_reads:
        print(
            f"  one object at a time (SequentialScript.read): {figures['object_reads_seconds']} s, "
            f"requests {figures['object_reads_requests']}"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
