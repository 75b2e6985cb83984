"""One benchmark run: every configuration and size through up, no-op preview, refresh, a 10% update and
destroy, plus the sequential script, against one emulator with injected latency."""

from __future__ import annotations

import collections
import math
import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import state_bytes
from benchmarks.engine import STARTUP_PROJECT, CommandFailed, Engine, Run, pulumi_binary
from benchmarks.estate import NUMBERS_PER_TRUNK, Estate, EstateSpec, touched
from benchmarks.sequential import SequentialScript
from sinch_est.client import EstClient
from sinch_est.emulator import EmulatorServer
from sinch_est.provider.trunk_phone_numbers import FAN_OUT
from sinch_est.testing import emulator_settings

__all__ = [
    "CONFIGS",
    "DEFAULT_ESTATES",
    "HEAVY_CONFIGS",
    "OPERATIONS",
    "RECOMMENDED",
    "Config",
    "Failure",
    "Measurement",
    "Results",
    "floor_seconds",
    "lists_needed",
    "run",
]

OPERATIONS = ("up", "preview", "refresh", "update", "destroy")
RPC_SLOTS = 4
"""Calls one Python dynamic-provider process runs at once (its gRPC server has four threads)."""
ENGINE_DEFAULT_PARALLEL = 8
"""``pulumi --parallel`` by default on this 2-core machine (GOMAXPROCS * 4)."""
PAGE_SIZE = 500
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
TOKEN_PATH = "/oauth2/token"
FORMAT = 2
"""results.json's layout: 2 = named configurations of the recommended path, estates as OBJECTS[:NUMBERS]."""
DEFAULT_ESTATES = ("10", "100", "1000", "880:80")
"""Estates of twelve numbers per trunk, and ten trunks of eighty numbers (issue 15's number-heavy estate)."""
RECOMMENDED = "recommended"


@dataclass(frozen=True)
class Config:
    """How the program and the engine run the estate."""

    name: str
    pool: int = 1
    parallel: int | None = None
    skip_checkpoints: bool = False
    number_per_resource: bool = False
    """The components' ``number_per_resource=True`` (one ``PhoneNumberAssignment`` per number)."""
    zstd: bool = False
    """The file backend writes the state compressed (``PULUMI_DIY_BACKEND_ZSTD``)."""
    description: str = ""

    @property
    def concurrency(self) -> int:
        """Provider calls that can really be in flight: the engine's steps, capped by the RPC slots."""
        return min(self.parallel or ENGINE_DEFAULT_PARALLEL, RPC_SLOTS * self.pool)

    @property
    def env(self) -> dict[str, str]:
        """The engine's environment switches this configuration turns on."""
        env = {}
        if self.skip_checkpoints:
            env["PULUMI_SKIP_CHECKPOINTS"] = "true"
        if self.zstd:
            env["PULUMI_DIY_BACKEND_ZSTD"] = "true"
        return env

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Config:
        fields = dict(data)
        if "bulk_numbers" in fields:  # format 1 named the block of numbers, not the per-number option
            fields["number_per_resource"] = not fields.pop("bulk_numbers")
        return cls(**fields)


CONFIGS = {
    c.name: c
    for c in (
        Config(
            RECOMMENDED,
            description="the components' defaults (each trunk's endpoints as one TrunkEndpoints and its numbers "
            f"as one TrunkPhoneNumbers, {FAN_OUT} requests at a time), engine defaults "
            f"(--parallel {ENGINE_DEFAULT_PARALLEL}), "
            "checkpoints on, one provider process",
        ),
        Config(
            "per-number",
            number_per_resource=True,
            description="components with number_per_resource=True (one PhoneNumberAssignment per number, "
            "their old default); otherwise as recommended",
        ),
        Config(
            "recommended-nockpt",
            skip_checkpoints=True,
            description="as recommended, with PULUMI_SKIP_CHECKPOINTS=true (the state is written once, at the end)",
        ),
        Config(
            "recommended-pool",
            pool=4,
            parallel=16,
            description="as recommended, with provider_pool(4) and --parallel 16",
        ),
        Config(
            "recommended-zstd",
            zstd=True,
            description="as recommended, with PULUMI_DIY_BACKEND_ZSTD=true (the state file written zstd-compressed)",
        ),
    )
}
HEAVY_CONFIGS = (RECOMMENDED,)
"""Configurations run on the number-heavy estates (not twelve numbers per trunk) by default."""


@dataclass
class Measurement:
    config: str
    size: int
    """Objects in the estate."""
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
    numbers_per_trunk: int = NUMBERS_PER_TRUNK
    resources: int = 0
    """EST resources the program declares (components, providers and the stack not counted)."""
    state_bytes: int = 0
    """Size of the stack's state file after the command (compressed, with ``zstd``)."""
    state_by_type: dict[str, list[int]] = field(default_factory=dict)
    """After ``up``, for an uncompressed state: resource type -> [resources, bytes of their entries]."""
    state_by_part: dict[str, int] = field(default_factory=dict)
    """After ``up``, for an uncompressed state: part of the entries (``stackTrace``, ``inputs``...) -> bytes."""
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds by process role (``benchmarks.engine.Run.cpu``)."""

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())

    @property
    def estate(self) -> EstateSpec:
        return EstateSpec(self.size, self.numbers_per_trunk)


@dataclass(frozen=True)
class Failure:
    """A command that failed: the configuration's later operations on that estate were not run."""

    config: str
    size: int
    numbers_per_trunk: int
    op: str
    seconds: float
    error: str
    """The output's last error line and the engine's resource summary."""

    @property
    def estate(self) -> EstateSpec:
        return EstateSpec(self.size, self.numbers_per_trunk)


@dataclass
class Results:
    latency_ms: float
    estates: list[EstateSpec]
    configs: list[Config]
    measurements: list[Measurement] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    seconds: float = 0.0
    command: str = ""
    """How the run was started, as RESULTS.md shows it."""
    startup: list[float] = field(default_factory=list)
    """Wall times of ``up`` of an empty program (the engine's fixed start-up), in order."""
    load_before: list[float] = field(default_factory=list)
    """The machine's 1, 5 and 15 minute load averages when the run started, and when it ended."""
    load_after: list[float] = field(default_factory=list)
    machine: str = ""
    pulumi_version: str = ""
    failures: list[Failure] = field(default_factory=list)

    @property
    def startup_median(self) -> float | None:
        return statistics.median(self.startup) if self.startup else None

    def get(self, config: str, estate: EstateSpec, op: str) -> Measurement | None:
        for m in self.measurements:
            if (m.config, m.estate, m.op) == (config, estate, op):
                return m
        return None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Results:
        if "estates" in data:
            estates = [EstateSpec(**e) for e in data["estates"]]
        else:  # format 1: sizes of twelve numbers per trunk
            estates = [EstateSpec(size) for size in data["sizes"]]
        results = cls(
            data["latency_ms"],
            estates,
            [Config.from_dict(c) for c in data["configs"]],
            [Measurement(**m) for m in data["measurements"]],
            data["started"],
        )
        results.seconds = data["seconds"]
        results.command = data.get("command", "")
        results.startup = list(data.get("startup", []))
        results.load_before = list(data.get("load_before", []))
        results.load_after = list(data.get("load_after", []))
        results.machine = data.get("machine", "")
        results.pulumi_version = data.get("pulumi_version", "")
        results.failures = [Failure(**f) for f in data.get("failures", [])]
        return results

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "latency_ms": self.latency_ms,
            "estates": [asdict(e) for e in self.estates],
            "configs": [asdict(c) for c in self.configs],
            "started": self.started,
            "seconds": self.seconds,
            "command": self.command,
            "machine": self.machine,
            "pulumi_version": self.pulumi_version,
            "load_before": self.load_before,
            "load_after": self.load_after,
            "startup": self.startup,
            "failures": [asdict(f) for f in self.failures],
            "measurements": [asdict(m) for m in self.measurements],
        }


def lists_needed(estate: Estate) -> int:
    """List pages a refresh needs at least: trunks, ACLs (each naming its trunks, which answers the ACL
    links), credential lists and numbers for the project, and each trunk's endpoints and credential links."""
    trunks = len(estate.trunks)
    pages = sum(max(1, math.ceil(n / PAGE_SIZE)) for n in (trunks, trunks, trunks, estate.numbers))
    return pages + 2 * trunks


def floor_seconds(op: str, estate: Estate, touched_count: int, concurrency: int, latency: float) -> float:
    """The graph's critical path times the latency, plus the calls divided by the concurrency the provider
    can really use, times the latency. A no-op preview needs no call at all.

    A trunk's endpoints (``TrunkEndpoints``) and, by default, its numbers (``TrunkPhoneNumbers``) are written
    ``FAN_OUT`` at a time inside one provider call each, so those writes count ``concurrency x FAN_OUT`` wide."""
    calls, depth = {
        "up": (estate.objects, estate.critical_path()),
        "destroy": (estate.objects, estate.critical_path()),
        "update": (touched_count, 1),
        "refresh": (lists_needed(estate), 1),
        "preview": (0, 0),
    }[op]
    if not calls:
        return 0.0
    if op in ("up", "destroy"):
        fanned = estate.endpoints + (0 if estate.number_per_resource else estate.numbers)
        return latency * (depth + (calls - fanned) / concurrency + fanned / (concurrency * FAN_OUT))
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
    server: EmulatorServer,
    config: Config,
    spec: EstateSpec,
    work: Path,
    results: Results,
    log: Callable[[str], None],
) -> None:
    latency = results.latency_ms / 1000
    estate = spec.generate(pool=config.pool, number_per_resource=config.number_per_resource)
    changed, touched_count = touched(estate)
    engine = Engine.create(
        work, emulator_settings(server, f"bench-{config.name}-{spec.label}"), config.parallel, env=config.env
    )
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
        try:
            run = action()
        except CommandFailed as exc:
            _failed(engine, config, spec, op, exc, results, log)
            return
        requests, writes = _count(server)
        state = engine.state_file()
        # The entries of an uncompressed state after `up`: the size of each kind and part of what it holds.
        entries = state_bytes.read_resources(state) if op == "up" and state.suffix == ".json" else None
        m = Measurement(
            config.name,
            spec.objects,
            op,
            run.seconds,
            requests,
            writes,
            expected,
            floor_seconds(op, estate, touched_count, config.concurrency, latency),
            run.peak_rss,
            run.peak_rss_each,
            run.processes,
            numbers_per_trunk=spec.numbers_per_trunk,
            resources=estate.resources,
            state_bytes=state.stat().st_size,
            state_by_type=state_bytes.by_type(entries) if entries is not None else {},
            state_by_part=state_bytes.by_part(entries) if entries is not None else {},
            cpu=run.cpu,
        )
        results.measurements.append(m)
        log(
            f"{config.name:>18} {spec.label:>6} {op:<8} {run.seconds:7.2f}s  floor {m.floor:6.2f}s  "
            f"state {m.state_bytes:>9,} B  cpu {run.cpu}  {requests}"
        )


def _failed(
    engine: Engine,
    config: Config,
    spec: EstateSpec,
    op: str,
    exc: CommandFailed,
    results: Results,
    log: Callable[[str], None],
) -> None:
    """Record a failed command, skip the configuration's remaining operations on this estate, and destroy
    what the stack holds so the next configuration starts from a clean emulator project."""
    failure = Failure(config.name, spec.objects, spec.numbers_per_trunk, op, round(exc.seconds, 2), exc.summary())
    results.failures.append(failure)
    log(f"{config.name:>18} {spec.label:>6} {op:<8} FAILED after {exc.seconds:.1f}s: {failure.error}")
    try:
        engine.destroy()
    except CommandFailed as cleanup:
        log(f"{config.name:>18} {spec.label:>6} clean-up destroy failed too: {cleanup.summary()}")


def _sequential_runs(server: EmulatorServer, spec: EstateSpec, results: Results, log: Callable[[str], None]) -> None:
    latency = results.latency_ms / 1000
    estate = spec.generate(number_per_resource=True)  # the script writes one number at a time
    changed, touched_count = touched(estate)
    with EstClient.from_settings(emulator_settings(server, f"bench-sequential-{spec.label}")) as client:
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
            m = Measurement(
                "sequential",
                spec.objects,
                op,
                seconds,
                requests,
                writes,
                expected,
                floor,
                numbers_per_trunk=spec.numbers_per_trunk,
            )
            results.measurements.append(m)
            log(f"{'sequential':>18} {spec.label:>6} {op:<8} {seconds:7.2f}s  {requests}")
            if op == "preview":  # a script's refresh is the same pass of GETs as its check for changes
                results.measurements.append(
                    Measurement(
                        "sequential",
                        spec.objects,
                        "refresh",
                        seconds,
                        requests,
                        writes,
                        expected,
                        floor,
                        numbers_per_trunk=spec.numbers_per_trunk,
                    )
                )


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _startup(server: EmulatorServer, work: Path, runs: int, log: Callable[[str], None]) -> list[float]:
    """``up`` of an empty program ``runs`` times on one stack: what every command pays before its first step."""
    if runs < 1:
        return []
    engine = Engine.create(work, emulator_settings(server, "bench-startup"), None, source=STARTUP_PROJECT)
    seconds = []
    for _ in range(runs):
        seconds.append(engine.up().seconds)
        log(f"{'empty program':>18} {'0':>6} {'up':<8} {seconds[-1]:7.2f}s")
    return seconds


def run(
    estates: Sequence[EstateSpec],
    configs: Sequence[Config],
    *,
    latency_ms: float = 50.0,
    sequential: bool = True,
    startup_runs: int = 5,
    heavy_configs: Sequence[str] = HEAVY_CONFIGS,
    log: Callable[[str], None] = print,
) -> Results:
    """Every configuration through every estate (number-heavy estates only with ``heavy_configs``), then the
    sequential script on the same estate, after timing the empty program's ``up`` ``startup_runs`` times."""
    results = Results(latency_ms, list(estates), list(configs))
    results.machine = f"{os.cpu_count()} cores ({_cpu()})"
    results.pulumi_version = subprocess.run(
        [str(pulumi_binary()), "version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    results.load_before = list(os.getloadavg())
    started = time.perf_counter()
    with (
        EmulatorServer(latency_ms=latency_ms, request_log_size=None) as server,
        tempfile.TemporaryDirectory(prefix="sinch-est-bench-") as tmp,
    ):
        results.startup = _startup(server, Path(tmp) / "startup", startup_runs, log)
        for spec in estates:
            for config in configs:
                if spec.standard or config.name in heavy_configs:
                    _engine_runs(server, config, spec, Path(tmp) / f"{config.name}-{spec.label}", results, log)
            if sequential:
                _sequential_runs(server, spec, results, log)
    results.seconds = time.perf_counter() - started
    results.load_after = list(os.getloadavg())
    return results
