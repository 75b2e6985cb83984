"""Interrupted runs, counted: kill `pulumi up` (or `pulumi destroy`) of the 40-resource crash estate while
writes are in flight, recover as the CLI advises, and count duplicates, orphans, objects leaked by the
final `destroy` and country permissions left enabled (issue 14's figures).

    python -m benchmarks.interrupts --runs 12 --out interrupts.json                  # kill the CLI during up
    python -m benchmarks.interrupts --runs 4 --kill group --out group.json           # the CLI's process group
    python -m benchmarks.interrupts --runs 4 --kill session --out session.json       # everything it started
    python -m benchmarks.interrupts --runs 4 --command destroy --out destroy.json    # kill a destroy

One run: a fresh emulator, project and stack folder; `up` (or `up` then `destroy`) started with the emulator
answering after ``--latency-ms``, killed once ``k`` writes of this project reached the emulator (``k``
spread over ``--first``..``--last``); the processes the CLI started are given ``--wait`` seconds to end
(those still running are recorded, then killed); then `pulumi cancel` (an empty ``*.attrs`` of the file
backend, "failed to load checkpoint: EOF", is deleted and cancel run again: counted), the interrupted
command again (a failure is recorded and the command tried once more), the count of duplicates (objects
sharing a natural key) and orphans (objects in the project whose id is not in `pulumi stack export`), then
`pulumi destroy` and the count of what is left and which of SE and DE (both blocked at the start) are
enabled.

What ``--kill`` ends: ``cli`` the CLI process alone (a CI timeout, a closed laptop); ``group`` the CLI's
process group, which is the CLI alone too, because the CLI starts its language host and each provider
plugin in a process group of its own; ``session`` every process of the CLI's session (it is started in a
new one), which is everything it started, as when a CI runner's container is torn down.

Self-contained on purpose: it uses only ``EmulatorServer``, ``EstClient`` and ``offline_env`` of the
package, the Pulumi CLI and psutil, so the same file measures an older checkout of the package (copy it
and ``tests/e2e/projects/crash`` there). These are counts, not timings: machine load changes where a kill
lands, not what is counted.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil

from sinch_est.client import EstClient
from sinch_est.emulator import EmulatorServer
from sinch_est.testing import offline_env

REPO = Path(__file__).resolve().parents[1]
PROJECT = REPO / "tests" / "e2e" / "projects" / "crash"
PASSPHRASE = "interrupts-passphrase-not-a-secret"
SIP_PASSWORD = "Bench-Sip-Passw0rd"
"""Meets the password rule (12+ characters with upper, lower and digit); a benchmark value, not a secret."""
STACK = "bench"
TOKEN_PATH = "/oauth2/token"
COUNTRIES = ("SE", "DE")
NATURAL = {
    "SipTrunk": ("hostName",),
    "AccessControlList": ("name",),
    "CredentialList": ("name",),
    "SipEndpoint": ("sipTrunkId", "name"),
    "CallBlockingRule": ("name", "direction"),
}
"""What makes two objects the same object to a person: one program resource should make one of each."""
EOF_MARK = "failed to load checkpoint: EOF"
COMMAND_TIMEOUT = 900.0
"""Seconds any one recovery command may take before it is killed and recorded as hung."""


@dataclass
class Attempt:
    """One recovery command: its exit code, seconds, and the lines that say why it failed."""

    returncode: int
    seconds: float
    errors: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    index: int
    command: str
    kill: str
    after_writes: int
    project_id: str
    finished_before_kill: bool = False
    finished_returncode: int | None = None
    """The exit code of a command that ended before its kill point (it failed, or needed fewer writes)."""
    writes_at_kill: int = 0
    writes_after_kill: int = 0
    """Writes of this project that reached the emulator after the kill, before recovery began."""
    children: int = 0
    still_running: list[str] = field(default_factory=list)
    """Command lines of processes the CLI started that were alive ``--wait`` seconds after the kill."""
    cancel_eof_repairs: int = 0
    cancel_errors: list[str] = field(default_factory=list)
    recovery: list[Attempt] = field(default_factory=list)
    recovery_failures: int = 0
    duplicates: int | None = None
    duplicate_keys: list[str] = field(default_factory=list)
    orphans: int | None = None
    orphan_ids: list[str] = field(default_factory=list)
    destroy: list[Attempt] = field(default_factory=list)
    destroy_failures: int = 0
    leaked: dict[str, int] = field(default_factory=dict)
    countries_before: dict[str, bool] = field(default_factory=dict)
    countries_after: dict[str, bool] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def leaked_total(self) -> int:
        return sum(self.leaked.values())

    @property
    def countries_enabled(self) -> list[str]:
        return [c for c, enabled in self.countries_after.items() if enabled]


class Stack:
    """One stack of a project copy in ``work``, with its own file backend and PULUMI_HOME."""

    def __init__(self, binary: Path, work: Path, server: EmulatorServer, project_id: str) -> None:
        self.binary = binary
        self.work = work
        self.project = work / "project"
        shutil.copytree(PROJECT, self.project, ignore=shutil.ignore_patterns("__pycache__", "Pulumi.*.yaml"))
        self.backend = work / "state"
        self.backend.mkdir()
        self.env = offline_env(tools_bin=binary.parent, home=work / "home", backend=self.backend, passphrase=PASSPHRASE)
        self.env.pop("SINCH_EST_JOURNAL", None)  # the journal goes under this run's PULUMI_HOME
        self.run("stack", "init", STACK, "--secrets-provider", "passphrase", check=True, stack=False)
        plain = {
            "sinch:projectId": project_id,
            "sinch:keyId": server.key_id,
            "sinch:apiUrl": server.url,
            "sinch:authUrl": server.url,
            "sinch:numbersUrl": server.url,
        }
        for key, value in plain.items():
            self.run("config", "set", key, value, check=True)
        for key, value in {"sinch:keySecret": server.key_secret, "sipPassword": SIP_PASSWORD}.items():
            self.run("config", "set", "--secret", key, value, check=True)

    def args(self, *args: str, stack: bool = True) -> list[str]:
        return [str(self.binary), *args, *(["--stack", STACK] if stack else []), "--non-interactive"]

    def run(self, *args: str, check: bool = False, stack: bool = True) -> subprocess.CompletedProcess[str]:
        try:
            done = subprocess.run(
                self.args(*args, stack=stack),
                cwd=self.project,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=COMMAND_TIMEOUT,
                start_new_session=True,  # a timeout below can end everything it started
            )
        except subprocess.TimeoutExpired as exc:
            return subprocess.CompletedProcess(exc.cmd, -1, "", f"error: timed out after {COMMAND_TIMEOUT:.0f} s")
        if check and done.returncode != 0:
            raise SystemExit(f"pulumi {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def attempt(self, *args: str) -> Attempt:
        start = time.monotonic()
        done = self.run(*args)
        return Attempt(done.returncode, round(time.monotonic() - start, 1), _error_lines(done))

    def popen(self, *args: str, group: bool) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            self.args(*args),
            cwd=self.project,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=group,
        )

    def state_ids(self) -> set[str]:
        exported = json.loads(self.run("stack", "export", check=True).stdout)
        return {str(r["id"]) for r in exported.get("deployment", {}).get("resources") or [] if r.get("id")}


def _error_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The lines that say why a command failed (at most 8, each cut to 300 characters)."""
    if done.returncode == 0:
        return []
    lines = [line.strip() for line in (done.stdout + "\n" + done.stderr).splitlines()]
    picked = [line for line in lines if "error" in line.lower() or "409" in line]
    return [line[:300] for line in (picked or lines[-8:])[:8]]


def _writes(server: EmulatorServer, project_id: str) -> int:
    return sum(
        1
        for r in server.requests.snapshot()
        if r.project_id == project_id and r.method != "GET" and not r.path.endswith(TOKEN_PATH)
    )


def _countries(client: EstClient) -> dict[str, bool]:
    return {c: bool(client.country_permissions.get(c)["enabled"]) for c in COUNTRIES}


def _interrupt(stack: Stack, server: EmulatorServer, result: RunResult, wait: float) -> None:
    """Start the command, kill it once ``result.after_writes`` more writes reached the emulator, and give
    what it started ``wait`` seconds to end."""
    base = _writes(server, result.project_id)
    proc = stack.popen(result.command, "--yes", "--skip-preview", group=result.kill != "cli")
    children: list[psutil.Process] = []
    try:
        while _writes(server, result.project_id) - base < result.after_writes:
            if proc.poll() is not None:
                result.finished_before_kill = True
                result.finished_returncode = proc.returncode
                break
            with contextlib.suppress(psutil.NoSuchProcess):
                children = psutil.Process(proc.pid).children(recursive=True) or children
            time.sleep(0.02)  # polling the request log, not synchronising a test
        if not result.finished_before_kill:
            with contextlib.suppress(psutil.NoSuchProcess):
                children = psutil.Process(proc.pid).children(recursive=True) or children
            if result.kill == "group":
                os.killpg(proc.pid, signal.SIGKILL)
            elif result.kill == "session":
                _kill_session(proc.pid, children)
            else:
                proc.kill()
    finally:
        proc.wait()
    result.writes_at_kill = _writes(server, result.project_id) - base
    result.children = len(children)
    _, alive = psutil.wait_procs(children, timeout=wait)
    for p in alive:
        try:
            result.still_running.append(" ".join(p.cmdline())[:200])
            p.kill()  # started by this benchmark: end it so it cannot disturb the next run
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=30)
    result.writes_after_kill = _writes(server, result.project_id) - base - result.writes_at_kill


def _kill_session(leader: int, children: list[psutil.Process]) -> None:
    """SIGKILL the session ``leader`` and every one of ``children`` still in its session (all started here)."""
    os.kill(leader, signal.SIGKILL)
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess, ProcessLookupError):
            if os.getsid(child.pid) == leader:
                child.kill()


def _recover(stack: Stack, result: RunResult) -> None:
    """What the CLI advises: `pulumi cancel`, then the interrupted command again (once more if it fails)."""
    cancelled = stack.run("cancel", "--yes")
    if cancelled.returncode != 0 and EOF_MARK in cancelled.stdout + cancelled.stderr:
        for empty in stack.backend.rglob("*.attrs"):
            if empty.is_file() and empty.stat().st_size == 0:
                empty.unlink()
        result.cancel_eof_repairs += 1
        cancelled = stack.run("cancel", "--yes")
    result.cancel_errors = _error_lines(cancelled)
    for _ in range(2):
        attempt = stack.attempt(result.command, "--yes", "--skip-preview")
        result.recovery.append(attempt)
        if attempt.returncode == 0:
            break
        result.recovery_failures += 1


def _count_duplicates_and_orphans(stack: Stack, server: EmulatorServer, result: RunResult) -> None:
    state = stack.state_ids()
    result.duplicates = result.orphans = 0
    for kind, fields in NATURAL.items():
        objects = server.store.objects(result.project_id, kind)
        keys = collections.Counter(tuple(str(o.get(f)) for f in fields) for o in objects)
        for key, count in keys.items():
            if count > 1:
                result.duplicates += count - 1
                result.duplicate_keys.append(f"{kind} {'/'.join(key)} x{count}")
        for o in objects:
            if str(o["id"]) not in state:
                result.orphans += 1
                result.orphan_ids.append(f"{kind} {o['id']}")


def _leftovers(server: EmulatorServer, client: EstClient, result: RunResult) -> None:
    result.leaked = {kind: len(server.store.objects(result.project_id, kind)) for kind in NATURAL}
    result.leaked["PhoneNumber"] = len(list(client.phone_numbers.list()))
    result.countries_after = _countries(client)


def run_one(
    index: int, command: str, kill: str, after_writes: int, server: EmulatorServer, binary: Path, wait: float
) -> RunResult:
    project_id = f"interrupts-{uuid.uuid4().hex[:10]}"
    result = RunResult(index, command, kill, after_writes, project_id)
    start = time.monotonic()
    client = EstClient(
        project_id,
        key_id=server.key_id,
        key_secret=server.key_secret,
        api_url=server.url,
        auth_url=server.url,
        numbers_url=server.url,
    )
    work = Path(tempfile.mkdtemp(prefix=f"interrupts-{index}-"))
    try:
        result.countries_before = _countries(client)
        if any(result.countries_before.values()):
            raise SystemExit(f"{project_id}: SE and DE must start blocked, found {result.countries_before}")
        stack = Stack(binary, work, server, project_id)
        if command == "destroy":
            first = stack.attempt("up", "--yes", "--skip-preview")
            if first.returncode != 0:
                raise SystemExit(f"the full up before a killed destroy failed: {first.errors}")
        _interrupt(stack, server, result, wait)
        _recover(stack, result)
        if command == "up":
            _count_duplicates_and_orphans(stack, server, result)
            for _ in range(2):
                attempt = stack.attempt("destroy", "--yes", "--skip-preview")
                result.destroy.append(attempt)
                if attempt.returncode == 0:
                    break
                result.destroy_failures += 1
        _leftovers(server, client, result)
    finally:
        client.close()
        shutil.rmtree(work, ignore_errors=True)
    result.seconds = round(time.monotonic() - start, 1)
    return result


def spread(runs: int, first: int, last: int) -> list[int]:
    """``runs`` kill points from ``first`` to ``last`` writes, evenly spaced."""
    if runs == 1:
        return [first]
    return [round(first + (last - first) * i / (runs - 1)) for i in range(runs)]


def _dash(value: int | None) -> str:
    return "-" if value is None else str(value)


def table(results: list[RunResult]) -> str:
    head = (
        "| run | command | kill | k | writes at kill | writes after kill | still running | EOF repairs "
        "| recovery fails | duplicates | orphans | leaked after destroy | enabled after destroy |"
    )
    rows = [head, "|" + "---|" * 13]
    for r in results:
        k = f"{r.after_writes}{' (finished first)' if r.finished_before_kill else ''}"
        leaked = ", ".join(f"{kind} {n}" for kind, n in r.leaked.items() if n) or "0"
        rows.append(
            f"| {r.index} | {r.command} | {r.kill} | {k} | {r.writes_at_kill} | {r.writes_after_kill} "
            f"| {len(r.still_running)} | {r.cancel_eof_repairs} | {r.recovery_failures + r.destroy_failures} "
            f"| {_dash(r.duplicates)} | {_dash(r.orphans)} | {leaked} | {', '.join(r.countries_enabled) or '-'} |"
        )
    return "\n".join(rows)


def totals(results: list[RunResult]) -> dict[str, int]:
    return {
        "runs": len(results),
        "runs with duplicates": sum(1 for r in results if r.duplicates),
        "duplicates": sum(r.duplicates or 0 for r in results),
        "orphans": sum(r.orphans or 0 for r in results),
        "objects leaked after destroy": sum(r.leaked_total for r in results),
        "runs with a country left enabled": sum(1 for r in results if r.countries_enabled),
        "cancel EOF repairs": sum(r.cancel_eof_repairs for r in results),
        "recovery failures": sum(r.recovery_failures for r in results),
        "destroy failures": sum(r.destroy_failures for r in results),
        "runs with processes still running": sum(1 for r in results if r.still_running),
        "writes after kill": sum(r.writes_after_kill for r in results),
    }


def report(paths: list[Path]) -> str:
    """One markdown table: a row per total, a column per result file (named by its revision and mode) and
    one for them all."""
    files = [json.loads(path.read_text()) for path in paths]
    names = []
    for data in files:
        run = data["runs"][0] if data["runs"] else {"command": "?", "kill": "?"}
        names.append(f"{data['meta']['revision']} {run['command']} (kill {run['kill']})")
    rows = ["| | " + " | ".join(names) + " | all |", "|---|" + "---|" * (len(files) + 1)]
    for name in files[0]["totals"]:
        values = [int(data["totals"].get(name, 0)) for data in files]
        rows.append(f"| {name} | " + " | ".join(map(str, values)) + f" | {sum(values)} |")
    return "\n".join(rows)


def _revision() -> str:
    done = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.interrupts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=12, help="interrupted runs (default 12)")
    parser.add_argument("--command", choices=("up", "destroy"), default="up", help="what is killed (default up)")
    parser.add_argument(
        "--kill",
        choices=("cli", "group", "session"),
        default="cli",
        help="the CLI process alone (default), its process group, or every process of its session",
    )
    parser.add_argument("--first", type=int, default=3, help="writes before the first run's kill (default 3)")
    parser.add_argument("--last", type=int, default=None, help="writes before the last run's kill (default 36)")
    parser.add_argument("--latency-ms", type=float, default=150.0, help="emulator latency (default 150)")
    parser.add_argument(
        "--wait", type=float, default=180.0, help="seconds the CLI's processes get to end after the kill (180)"
    )
    parser.add_argument("--out", type=Path, help="where the raw results go (JSON); required unless --report")
    parser.add_argument(
        "--report", type=Path, nargs="+", metavar="JSON", help="measure nothing: print these result files' totals"
    )
    args = parser.parse_args(argv)
    if args.report:
        print(report(args.report))
        return 0
    if args.out is None:
        parser.error("--out is required (where the raw results go)")
    binary = Path(os.environ.get("SINCH_EST_TOOLS", REPO / ".tools" / "pulumi")) / "bin" / "pulumi"
    if not binary.exists():
        raise SystemExit(f"the Pulumi engine is missing at {binary}: run scripts/bootstrap.sh first")
    if not (PROJECT / "__main__.py").exists():
        raise SystemExit(f"the crash project is missing at {PROJECT}: copy tests/e2e/projects/crash there")
    points = spread(args.runs, args.first, args.last if args.last is not None else 36)
    meta: dict[str, Any] = {
        "revision": _revision(),
        "package": str(Path(sys.modules["sinch_est"].__file__ or "").parent),
        "argv": sys.argv[1:] if argv is None else argv,
        "latency_ms": args.latency_ms,
        "load_start": os.getloadavg(),
        "cpus": os.cpu_count(),
    }
    print(f"revision {meta['revision']}, kill points {points}, load {meta['load_start']}", flush=True)
    results: list[RunResult] = []
    for index, after in enumerate(points, 1):
        # A fresh emulator per run: trunk host names are unique across its projects, so a trunk one run
        # leaked would make every later run's trunk creates fail with 409 and count nothing of their own.
        with EmulatorServer(latency_ms=args.latency_ms) as server:
            result = run_one(index, args.command, args.kill, after, server, binary, args.wait)
        results.append(result)
        print(table([result]).splitlines()[-1], flush=True)
        _write(args.out, meta, results)
    meta["load_end"] = os.getloadavg()
    _write(args.out, meta, results)
    print(table(results))
    for name, value in totals(results).items():
        print(f"{name}: {value}")
    return 0


def _write(path: Path, meta: dict[str, Any], results: list[RunResult]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    runs = [{**asdict(r), "leaked_total": r.leaked_total, "countries_enabled": r.countries_enabled} for r in results]
    path.write_text(json.dumps({"meta": meta, "totals": totals(results), "runs": runs}, indent=1))


if __name__ == "__main__":
    raise SystemExit(main())
