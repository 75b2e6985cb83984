"""Interrupted runs: kill `pulumi up` or `pulumi destroy` while writes are in flight, follow README's recovery
recipe, and find no duplicate, no orphan, and every country permission back to its value before the first up.

The emulator answers after LATENCY_MS, so several writes are on the wire when the kill lands. What is
killed varies: the CLI alone (a CI timeout or a closed laptop: its dynamic-provider process lives on), the
CLI with everything it started (a whole runner torn down), and the emulator itself, restarted on its port.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest
from _harness import SIP_PASSWORD, Stack

from sinch_est.client import EstClient, Settings
from sinch_est.emulator import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).parent / "projects" / "crash"
LATENCY_MS = 150
COUNTRIES = ("SE", "DE")
TOKEN = "/oauth2/token"
NATURAL = {
    "SipTrunk": ("host_name",),
    "AccessControlList": ("name",),
    "CredentialList": ("name",),
    "SipEndpoint": ("trunk_id", "name"),
    "CallBlockingRule": ("name", "direction"),
}


def _writes(emulator: Any) -> int:
    return len([r for r in emulator.requests if r.method != "GET" and r.path != TOKEN])


def _interrupt(stack: Stack, emulator: Any, command: tuple[str, ...], after_writes: int, *, group: bool) -> None:
    """Run ``command`` and kill it once ``after_writes`` writes have reached the API: the CLI process alone,
    or (``group``) the CLI and every process of its session (everything it started)."""
    proc = stack.popen(*command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=group)
    try:
        while _writes(emulator) < after_writes:
            assert proc.poll() is None, f"pulumi {command[0]} ended before {after_writes} writes"
            psutil.wait_procs([psutil.Process(proc.pid)], timeout=0.05)
        providers = [
            child
            for child in psutil.Process(proc.pid).children(recursive=True)
            if "pulumi.dynamic" in " ".join(child.cmdline())
        ]
        if group:
            # The CLI gives its language host and each plugin a process group of their own, but they stay in
            # the session it leads: kill the whole session at once, as a torn-down runner does.
            session = [proc.pid, *(c.pid for c in psutil.Process(proc.pid).children(recursive=True))]
            for pid in session:
                with contextlib.suppress(ProcessLookupError):
                    if os.getsid(pid) == proc.pid:
                        os.kill(pid, signal.SIGKILL)
        else:
            proc.kill()
    finally:
        proc.wait()
    # A provider process left behind must stop by itself once its engine is gone (no lingering writes). The
    # program's own process is Pulumi's SDK: it can wait for a dead engine (seen once), but it writes nothing.
    assert providers, "the kill landed while a provider process ran"
    _, alive = psutil.wait_procs(providers, timeout=180)
    assert alive == [], f"provider processes outlived their engine: {[p.cmdline() for p in alive]}"


def _recover(stack: Stack, command: str) -> None:
    """README's recovery recipe: `pulumi cancel`, then the same command again. A kill can leave the file
    backend's metadata file empty ("failed to load checkpoint: EOF"): the recipe deletes empty ones first."""
    cancelled = stack.run("cancel", "--yes", check=False)
    if cancelled.returncode != 0:
        assert "failed to load checkpoint: EOF" in cancelled.output, cancelled.output
        subprocess.run(
            ["find", str(stack.work / "state" / ".pulumi"), "-name", "*.attrs", "-empty", "-delete"], check=True
        )
        stack.run("cancel", "--yes")
    getattr(stack, command)()


def _objects(client: EstClient) -> dict[str, list[dict[str, Any]]]:
    """Every object of the project that the crash estate makes, read through the API."""
    trunks = list(client.sip_trunks.list())
    return {
        "SipTrunk": trunks,
        "AccessControlList": list(client.access_control_lists.list()),
        "CredentialList": list(client.credential_lists.list()),
        "SipEndpoint": [e for t in trunks for e in client.sip_endpoints.list(t["id"])],
        "CallBlockingRule": list(client.call_blocking_rules.list()),
    }


def _converged(stack: Stack, client: EstClient) -> None:
    stack.preview("--expect-no-changes")
    state_ids = {r.get("id") for r in stack.export()["deployment"].get("resources", [])}
    duplicates, orphans = [], []
    for kind, objects in _objects(client).items():
        keys = collections.Counter(tuple(o.get(k) for k in NATURAL[kind]) for o in objects)
        duplicates += [(kind, key) for key, count in keys.items() if count > 1]
        orphans += [(kind, o["id"]) for o in objects if o["id"] not in state_ids]
    assert duplicates == [], f"duplicates: {duplicates}"
    assert orphans == [], f"objects not in the state: {orphans}"
    assert len(list(client.sip_trunks.list())) == 3


def _empty_and_restored(client: EstClient, before: dict[str, bool]) -> None:
    left = {kind: objects for kind, objects in _objects(client).items() if objects}
    assert left == {}, f"left after destroy: {left}"
    assert list(client.phone_numbers.list()) == []
    assert {c: client.country_permissions.get(c)["enabled"] for c in COUNTRIES} == before


@pytest.fixture
def crash_stack(
    make_stack: Callable[..., Stack], emulator: Any, est_client: EstClient
) -> Iterator[tuple[Stack, dict[str, bool]]]:
    before = {c: est_client.country_permissions.get(c)["enabled"] for c in COUNTRIES}
    assert before == {"SE": False, "DE": False}, "both start blocked: an enabled one left behind would show"
    stack = make_stack(PROJECT)
    emulator.set_faults(latency_ms=LATENCY_MS)
    yield stack, before
    emulator.set_faults()


@pytest.mark.parametrize("after_writes", [4, 18, 34])
def test_a_killed_up_leaves_no_duplicate_and_no_orphan(
    crash_stack: tuple[Stack, dict[str, bool]], emulator: Any, project_id: str, est_client: EstClient, after_writes: int
) -> None:
    stack, before = crash_stack
    _interrupt(stack, emulator, ("up", "--yes", "--skip-preview"), after_writes, group=False)
    _recover(stack, "up")
    _converged(stack, est_client)
    stack.destroy()
    _empty_and_restored(est_client, before)


def test_a_killed_destroy_finishes_with_everything_gone_and_restored(
    crash_stack: tuple[Stack, dict[str, bool]], emulator: Any, project_id: str, est_client: EstClient
) -> None:
    stack, before = crash_stack
    stack.up()
    emulator.requests.clear()
    _interrupt(stack, emulator, ("destroy", "--yes", "--skip-preview"), 12, group=False)
    _recover(stack, "destroy")
    _empty_and_restored(est_client, before)


def test_a_runner_torn_down_with_the_provider_leaves_no_duplicate(
    crash_stack: tuple[Stack, dict[str, bool]], emulator: Any, project_id: str, est_client: EstClient
) -> None:
    stack, before = crash_stack
    _interrupt(stack, emulator, ("up", "--yes", "--skip-preview"), 14, group=True)
    _recover(stack, "up")
    _converged(stack, est_client)
    emulator.requests.clear()
    _interrupt(stack, emulator, ("destroy", "--yes", "--skip-preview"), 10, group=True)
    _recover(stack, "destroy")
    _empty_and_restored(est_client, before)


COMPONENTS = Path(__file__).parent / "projects" / "crash-components"


@pytest.mark.parametrize(("after_writes", "group"), [(9, False), (17, True), (20, True)])
def test_a_killed_up_of_components_leaves_no_duplicate_endpoint_and_no_orphan(
    make_stack: Callable[..., Stack], emulator: Any, est_client: EstClient, after_writes: int, group: bool
) -> None:
    """The components' blocks: a kill of the whole session can land inside a TrunkEndpoints create, whose next
    create finishes it (the journal), not repeats it."""
    stack = make_stack(COMPONENTS)
    emulator.set_faults(latency_ms=LATENCY_MS)
    try:
        _interrupt(stack, emulator, ("up", "--yes", "--skip-preview"), after_writes, group=group)
        _recover(stack, "up")
    finally:
        emulator.set_faults()
    stack.preview("--expect-no-changes")
    resources = stack.export()["deployment"].get("resources", [])
    held = {r.get("id") for r in resources}
    held |= {i for r in resources for i in ((r.get("outputs") or {}).get("endpoint_ids") or {}).values()}
    objects = _objects(est_client)
    endpoints = collections.Counter((e["trunk_id"], e["name"]) for e in objects["SipEndpoint"])
    assert len(endpoints) == 9 and max(endpoints.values()) == 1, f"duplicates: {endpoints}"
    orphans = [(kind, o["id"]) for kind, found in objects.items() for o in found if o["id"] not in held]
    assert orphans == [], f"objects not in the state: {orphans}"
    assert len(list(est_client.phone_numbers.list())) == 9
    stack.destroy()
    assert {kind: found for kind, found in _objects(est_client).items() if found} == {}


def test_the_crash_project_has_forty_resources(make_stack: Callable[..., Stack], emulator: Any) -> None:
    stack = make_stack(PROJECT)
    preview = stack.preview("--json")
    steps = [s for s in json.loads(preview.stdout)["steps"] if "sinch_est" in s["urn"]]
    assert len(steps) == 40


@contextmanager
def _emulator_process(state: Path, port: int = 0) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """The emulator as its own process on ``state`` (with latency), so that it can be killed for real."""
    command = [sys.executable, "-m", "sinch_est.emulator", "--port", str(port), "--state-file", str(state)]
    command += ["--latency-ms", str(LATENCY_MS)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line.startswith("listening on http://127.0.0.1:"), line
            yield proc, int(line.rsplit(":", 1)[1])
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.communicate()


def _served_writes(url: str) -> int:
    log = httpx.get(f"{url}/_emulator/requests").json()["requests"]
    return len([r for r in log if r["method"] != "GET" and r["path"] != TOKEN])


def test_an_emulator_killed_and_restarted_mid_run_loses_nothing_and_duplicates_nothing(
    make_stack: Callable[..., Stack], tmp_path: Path
) -> None:
    state = tmp_path / "emulator.json"
    project = "e2e-emulator-restart"
    with _emulator_process(state) as (first, port):
        url = f"http://127.0.0.1:{port}"
        settings = Settings(project_id=project, key_id=DEFAULT_KEY_ID, key_secret=DEFAULT_KEY_SECRET)
        settings = settings.with_overrides(api_url=url, auth_url=url, numbers_url=url)
        with EstClient.from_settings(settings) as client:
            before = {c: client.country_permissions.get(c)["enabled"] for c in COUNTRIES}
        stack = Stack.create(PROJECT, tmp_path / "stack", settings=settings, secrets={"sipPassword": SIP_PASSWORD})
        running = stack.popen("up", "--yes", "--skip-preview", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while _served_writes(url) < 16:
            with contextlib.suppress(subprocess.TimeoutExpired):
                running.wait(timeout=0.05)
            assert running.returncode is None, "the up ended before the emulator was killed"
        first.kill()  # no clean stop: only what its journal holds survives
        first.wait()
        with _emulator_process(state, port):
            running.wait()  # it may fail on the writes that met the dead emulator; the recipe runs it again
            if running.returncode != 0:
                stack.up()
            with EstClient.from_settings(settings) as client:
                _converged(stack, client)
                stack.destroy()
                _empty_and_restored(client, before)
