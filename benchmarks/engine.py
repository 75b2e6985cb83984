"""Drive the real Pulumi CLI on a copy of the benchmark project, timing each command and sampling the
memory of the provider processes it starts."""

from __future__ import annotations

import itertools
import os
import subprocess
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from sinch_est.client import Settings
from sinch_est.testing import PulumiStack, copy_project, offline_env

__all__ = ["PROJECT", "STARTUP_PROJECT", "CommandFailed", "Engine", "Run", "pulumi_binary"]

REPO = Path(__file__).resolve().parents[1]
PROJECT = Path(__file__).resolve().parent / "project"
STARTUP_PROJECT = Path(__file__).resolve().parent / "startup"
"""An empty program, for the engine's fixed start-up."""
STACK = "bench"
PASSPHRASE = "benchmark-passphrase-not-a-secret"
STATE_SUFFIXES = ("", ".zst", ".gz")
COMPRESSION_VARIABLES = (
    "PULUMI_DIY_BACKEND_GZIP",
    "PULUMI_DIY_BACKEND_ZSTD",
    "PULUMI_SELF_MANAGED_STATE_GZIP",
    "PULUMI_SELF_MANAGED_STATE_ZSTD",
)
"""The file backend's compression switches (pulumi sdk/go/common/env/env.go, v3.274.1)."""
PROVIDER_MARK = "pulumi.dynamic"
"""What the command line of a dynamic-provider process contains (``python -u -m pulumi.dynamic``)."""


def pulumi_binary() -> Path:
    tools = Path(os.environ.get("SINCH_EST_TOOLS", REPO / ".tools" / "pulumi")) / "bin"
    binary = tools / "pulumi"
    if not binary.exists():
        raise SystemExit(f"the Pulumi engine is missing at {binary}: run scripts/bootstrap.sh first")
    return binary


class CommandFailed(RuntimeError):
    """A ``pulumi`` command that exited non-zero: which, after how long, and its output."""

    def __init__(self, command: str, returncode: int, seconds: float, output: str) -> None:
        super().__init__(f"pulumi {command} failed ({returncode}) after {seconds:.1f} s:\n{output[-5000:]}")
        self.command = command
        self.seconds = seconds
        self.output = output

    def summary(self) -> str:
        """The last error line of the output and the engine's resource summary, in one line."""
        lines = [line.strip() for line in self.output.splitlines() if line.strip()]
        errors = [line for line in lines if "Error:" in line or line.startswith("error:")]
        found = [errors[-1] if errors else lines[-1] if lines else "no output"]
        if "Resources:" in lines:
            start = lines.index("Resources:") + 1
            counts = list(itertools.takewhile(lambda line: not line.startswith("Duration"), lines[start:]))
            found.append(", ".join(c.lstrip("+-~ ") for c in counts))
        return "; ".join(found)


@dataclass
class Run:
    """One command: wall time, peak memory of the provider processes, how many there were, and the CPU time
    of each kind of process it ran."""

    seconds: float
    peak_rss: int
    """Peak of the summed resident memory of every provider process, bytes."""
    peak_rss_each: int
    """Peak resident memory of the largest single provider process, bytes."""
    processes: int
    output: str
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU seconds (user + system) by role: ``engine`` (the CLI), ``language host``, ``program``,
    ``provider`` (all of them) and ``other``; sampled, so a process's last tenth of a second may be missed."""


GONE = (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess)


def _role(proc: psutil.Process) -> str:
    """``provider``, ``language host``, ``program`` or ``other``, from the command line. The language host
    names the program's runner (``-use-executor=…exec``) among its arguments, so it is recognised first."""
    args = proc.cmdline()
    command = " ".join(args)
    if PROVIDER_MARK in command:
        return "provider"
    if any(a.endswith(("pulumi_language_python.py", "pulumi-language-python")) for a in args[:2]):
        return "language host"
    if "pulumi-language-python-exec" in command:
        return "program"
    return "other"


@dataclass
class _Sampler:
    root: int
    interval: float = 0.1
    peak: int = 0
    peak_each: int = 0
    seen: set[int] = field(default_factory=set)
    """Provider processes."""
    _stop: threading.Event = field(default_factory=threading.Event)
    _procs: dict[int, tuple[psutil.Process, str]] = field(default_factory=dict)
    _cpu: dict[int, float] = field(default_factory=dict)

    def _tree(self) -> list[tuple[psutil.Process, str]]:
        """The CLI and every process under it, each with its role (looked up once per process)."""
        try:
            if self.root not in self._procs:
                self._procs[self.root] = (psutil.Process(self.root), "engine")
            children = self._procs[self.root][0].children(recursive=True)
        except GONE:
            return []
        for child in children:
            if child.pid not in self._procs:
                try:
                    self._procs[child.pid] = (child, _role(child))
                except GONE:
                    continue
        alive = {self.root} | {c.pid for c in children}
        return [entry for pid, entry in self._procs.items() if pid in alive]

    def run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for proc, role in self._tree():
                try:
                    times = proc.cpu_times()
                    self._cpu[proc.pid] = times.user + times.system
                    if role != "provider":
                        continue
                    rss = proc.memory_info().rss
                except GONE:
                    continue
                self.seen.add(proc.pid)
                total += rss
                self.peak_each = max(self.peak_each, rss)
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()

    def cpu(self) -> dict[str, float]:
        by_role: dict[str, float] = {}
        for pid, seconds in self._cpu.items():
            role = self._procs[pid][1]
            by_role[role] = by_role.get(role, 0.0) + seconds
        return {role: round(seconds, 2) for role, seconds in sorted(by_role.items())}


@dataclass
class Engine:
    """A stack of the benchmark project in ``work``: local file backend, passphrase, its own PULUMI_HOME."""

    work: Path
    stack: PulumiStack
    parallel: int | None = None

    @property
    def project(self) -> Path:
        return self.work / "project"

    @property
    def env(self) -> dict[str, str]:
        return self.stack.env

    @classmethod
    def create(
        cls,
        work: Path,
        settings: Settings,
        parallel: int | None,
        *,
        env: Mapping[str, str] | None = None,
        source: Path = PROJECT,
    ) -> Engine:
        """A new stack of a copy of ``source``, with ``env`` added to every command's environment."""
        project = copy_project(source, work / "project", ignore=("__pycache__", "estate.json"))
        (work / "state").mkdir()
        full = offline_env(
            tools_bin=pulumi_binary().parent, home=work / "home", backend=work / "state", passphrase=PASSPHRASE
        )
        # Each configuration sets these itself; a value left in the caller's shell would blur the comparison.
        for var in ("PULUMI_PARALLEL", "PULUMI_SKIP_CHECKPOINTS", *COMPRESSION_VARIABLES):
            full.pop(var, None)
        full.update(env or {})
        return cls(work, PulumiStack.init(pulumi_binary(), project, STACK, full, settings=settings), parallel)

    def state_file(self) -> Path:
        """The stack's state file in the local backend (``.json``, or ``.json.zst``/``.json.gz`` compressed)."""
        stacks = self.work / "state" / ".pulumi" / "stacks"
        found = [p for p in stacks.rglob(f"{STACK}.json*") if p.name.removeprefix(f"{STACK}.json") in STATE_SUFFIXES]
        if len(found) != 1:
            raise RuntimeError(f"expected one state file for stack {STACK!r} under {stacks}, found {found}")
        return found[0]

    def run(self, *args: str) -> Run:
        """One command, timed, with the memory of its provider processes sampled while it runs."""
        started = time.perf_counter()
        proc = self.stack.popen(*args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        sampler = _Sampler(proc.pid)
        thread = threading.Thread(target=sampler.run, daemon=True)
        thread.start()
        output, _ = proc.communicate(timeout=1800)
        seconds = time.perf_counter() - started
        sampler.stop()
        thread.join()
        if proc.returncode != 0:
            raise CommandFailed(" ".join(args), proc.returncode, seconds, output)
        return Run(seconds, sampler.peak, sampler.peak_each, len(sampler.seen), output, sampler.cpu())

    def _parallel(self) -> list[str]:
        return ["--parallel", str(self.parallel)] if self.parallel else []

    def up(self) -> Run:
        return self.run("up", "--yes", "--skip-preview", *self._parallel())

    def preview(self) -> Run:
        return self.run("preview", "--expect-no-changes", *self._parallel())

    def refresh(self) -> Run:
        return self.run("refresh", "--yes", "--skip-preview", *self._parallel())

    def destroy(self) -> Run:
        return self.run("destroy", "--yes", "--skip-preview", *self._parallel())
