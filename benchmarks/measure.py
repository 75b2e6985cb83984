"""One benchmark run: every configuration and size through up, no-op preview, refresh, a 10% update and
destroy, plus the sequential script, against one emulator with injected latency."""

from __future__ import annotations

import collections
import math
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.engine import Engine, Run
from benchmarks.estate import Estate, generate, touched
from benchmarks.sequential import SequentialScript
from sinch_est.client import EstClient
from sinch_est.emulator import EmulatorServer
from sinch_est.provider.trunk_phone_numbers import FAN_OUT
from sinch_est.testing import emulator_settings

__all__ = ["CONFIGS", "OPERATIONS", "Config", "Measurement", "Results", "lists_needed", "run"]

OPERATIONS = ("up", "preview", "refresh", "update", "destroy")
RPC_SLOTS = 4
"""Calls one Python dynamic-provider process runs at once (its gRPC server has four threads)."""
ENGINE_DEFAULT_PARALLEL = 8
"""``pulumi --parallel`` by default on this 2-core machine (GOMAXPROCS * 4)."""
PAGE_SIZE = 500
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
TOKEN_PATH = "/oauth2/token"


@dataclass(frozen=True)
class Config:
    """How the engine runs the estate."""

    name: str
    pool: int = 1
    parallel: int | None = None
    skip_checkpoints: bool = False
    bulk_numbers: bool = False
    description: str = ""

    @property
    def concurrency(self) -> int:
        """Provider calls that can really be in flight: the engine's steps, capped by the RPC slots."""
        return min(self.parallel or ENGINE_DEFAULT_PARALLEL, RPC_SLOTS * self.pool)


CONFIGS = {
    c.name: c
    for c in (
        Config("default", description="one provider process, engine defaults (--parallel 8)"),
        Config("pool", pool=4, parallel=16, description="provider_pool(4), --parallel 16"),
        Config(
            "pool-nockpt",
            pool=4,
            parallel=16,
            skip_checkpoints=True,
            description="provider_pool(4), --parallel 16, PULUMI_SKIP_CHECKPOINTS=true",
        ),
        Config(
            "bulk",
            bulk_numbers=True,
            description=f"one provider process, engine defaults, each trunk's numbers as one TrunkPhoneNumbers "
            f"({FAN_OUT} requests at a time)",
        ),
        Config(
            "bulk-nockpt",
            skip_checkpoints=True,
            bulk_numbers=True,
            description="one provider process, engine defaults, TrunkPhoneNumbers, PULUMI_SKIP_CHECKPOINTS=true",
        ),
        Config(
            "bulk-pool-nockpt",
            pool=4,
            parallel=16,
            skip_checkpoints=True,
            bulk_numbers=True,
            description="provider_pool(4), --parallel 16, TrunkPhoneNumbers, PULUMI_SKIP_CHECKPOINTS=true",
        ),
    )
}


@dataclass
class Measurement:
    config: str
    size: int
    op: str
    seconds: float
    requests: dict[str, int]
    """API requests by method (the token request counted apart, as ``token``)."""
    writes: int
    expected_writes: int
    floor: float
    peak_rss: int = 0
    peak_rss_each: int = 0
    processes: int = 0

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())


@dataclass
class Results:
    latency_ms: float
    sizes: list[int]
    configs: list[Config]
    measurements: list[Measurement] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    seconds: float = 0.0
    command: str = ""
    """How the run was started, as RESULTS.md shows it."""

    def get(self, config: str, size: int, op: str) -> Measurement | None:
        for m in self.measurements:
            if (m.config, m.size, m.op) == (config, size, op):
                return m
        return None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Results:
        results = cls(
            data["latency_ms"],
            list(data["sizes"]),
            [Config(**c) for c in data["configs"]],
            [Measurement(**m) for m in data["measurements"]],
            data["started"],
        )
        results.seconds = data["seconds"]
        results.command = data.get("command", "")
        return results

    def to_dict(self) -> dict[str, Any]:
        return {
            "latency_ms": self.latency_ms,
            "sizes": self.sizes,
            "configs": [asdict(c) for c in self.configs],
            "started": self.started,
            "seconds": self.seconds,
            "measurements": [asdict(m) for m in self.measurements],
            "command": self.command,
        }


def lists_needed(estate: Estate) -> int:
    """List pages a refresh needs at least: trunks, ACLs, credential lists and numbers for the project,
    and each trunk's endpoints and its two kinds of links."""
    trunks = len(estate.trunks)
    pages = sum(max(1, math.ceil(n / PAGE_SIZE)) for n in (trunks, trunks, trunks, estate.numbers))
    return pages + 3 * trunks


def floor_seconds(op: str, estate: Estate, touched_count: int, concurrency: int, latency: float) -> float:
    """The graph's critical path times the latency, plus the calls divided by the concurrency the provider
    can really use, times the latency. A no-op preview needs no call at all.

    With ``bulk_numbers`` the number writes run ``FAN_OUT`` at a time inside each provider call, so they
    count ``concurrency x FAN_OUT`` wide."""
    calls, depth = {
        "up": (estate.objects, estate.critical_path()),
        "destroy": (estate.objects, estate.critical_path()),
        "update": (touched_count, 1),
        "refresh": (lists_needed(estate), 1),
        "preview": (0, 0),
    }[op]
    if not calls:
        return 0.0
    if estate.bulk_numbers and op in ("up", "destroy"):
        numbers = estate.numbers
        return latency * (depth + (calls - numbers) / concurrency + numbers / (concurrency * FAN_OUT))
    return latency * (depth + calls / concurrency)


def _count(server: EmulatorServer) -> tuple[dict[str, int], int]:
    counts: collections.Counter[str] = collections.Counter()
    writes = 0
    for r in server.requests:
        if r.path == TOKEN_PATH:
            counts["token"] += 1
            continue
        counts[r.method] += 1
        writes += r.method in WRITE_METHODS
    return dict(sorted(counts.items())), writes


def _engine_runs(
    server: EmulatorServer, config: Config, size: int, work: Path, results: Results, log: Callable[[str], None]
) -> None:
    latency = results.latency_ms / 1000
    estate = generate(size, pool=config.pool, bulk_numbers=config.bulk_numbers)
    changed, touched_count = touched(estate)
    engine = Engine.create(work, emulator_settings(server, f"bench-{config.name}-{size}"), config.parallel)
    if config.skip_checkpoints:
        engine.env["PULUMI_SKIP_CHECKPOINTS"] = "true"
    estate.write(engine.project / "estate.json")
    steps: list[tuple[str, Callable[[], Run], int]] = [
        ("up", engine.up, estate.objects),
        ("preview", engine.preview, 0),
        ("refresh", engine.refresh, 0),
        ("update", engine.up, touched_count),
        ("destroy", engine.destroy, estate.objects),
    ]
    for op, action, expected in steps:
        if op == "update":
            changed.write(engine.project / "estate.json")
        server.requests.clear()
        run = action()
        requests, writes = _count(server)
        m = Measurement(
            config.name,
            size,
            op,
            run.seconds,
            requests,
            writes,
            expected,
            floor_seconds(op, estate, touched_count, config.concurrency, latency),
            run.peak_rss,
            run.peak_rss_each,
            run.processes,
        )
        results.measurements.append(m)
        log(f"{config.name:>12} {size:>5} {op:<8} {run.seconds:7.2f}s  floor {m.floor:6.2f}s  {requests}")


def _sequential_runs(server: EmulatorServer, size: int, results: Results, log: Callable[[str], None]) -> None:
    latency = results.latency_ms / 1000
    estate = generate(size)
    changed, touched_count = touched(estate)
    with EstClient.from_settings(emulator_settings(server, f"bench-sequential-{size}")) as client:
        script = SequentialScript(client)
        steps: list[tuple[str, Callable[[], None], int]] = [
            ("up", lambda: script.up(estate), estate.objects),
            ("preview", lambda: script.read(estate), 0),
            ("update", lambda: script.update(estate, changed), touched_count),
            ("destroy", lambda: script.destroy(changed), estate.objects),
        ]
        for op, action, expected in steps:
            server.requests.clear()
            started = time.perf_counter()
            action()
            seconds = time.perf_counter() - started
            requests, writes = _count(server)
            floor = floor_seconds(op, estate, touched_count, 1, latency)
            results.measurements.append(Measurement("sequential", size, op, seconds, requests, writes, expected, floor))
            log(f"{'sequential':>12} {size:>5} {op:<8} {seconds:7.2f}s  {requests}")
            if op == "preview":  # a script's refresh is the same pass of GETs as its check for changes
                results.measurements.append(
                    Measurement("sequential", size, "refresh", seconds, requests, writes, expected, floor)
                )


def run(
    sizes: Sequence[int],
    configs: Sequence[Config],
    *,
    latency_ms: float = 50.0,
    sequential: bool = True,
    log: Callable[[str], None] = print,
) -> Results:
    results = Results(latency_ms, list(sizes), list(configs))
    started = time.perf_counter()
    with (
        EmulatorServer(latency_ms=latency_ms, request_log_size=None) as server,
        tempfile.TemporaryDirectory(prefix="sinch-est-bench-") as tmp,
    ):
        for size in sizes:
            for config in configs:
                _engine_runs(server, config, size, Path(tmp) / f"{config.name}-{size}", results, log)
            if sequential:
                _sequential_runs(server, size, results, log)
    results.seconds = time.perf_counter() - started
    return results
