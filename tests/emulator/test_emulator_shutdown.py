"""Stopping the emulator: a clean exit on Ctrl-C and SIGTERM, the state file written, writes in flight done."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from sinch_est.emulator import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, EmulatorServer
from sinch_est.emulator._journal import journal_path

FIRST_LINE = re.compile(r"^listening on (http://127\.0\.0\.1:\d+)\n$")
AUTH = (DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)


class Abandoned(Exception):
    pass


def abandon_create(url: str, host_name: str) -> None:
    """POST a trunk and close the connection as soon as the request has left."""

    def trace(event: str, info: dict[str, Any]) -> None:
        if event == "http11.send_request_body.complete":
            raise Abandoned

    with httpx.Client(auth=AUTH) as client, pytest.raises(Abandoned):
        client.post(
            f"{url}/v1/projects/p/trunks", json={"name": "t", "hostName": host_name}, extensions={"trace": trace}
        )


@pytest.mark.parametrize(("stop", "exit_codes"), [(signal.SIGINT, {130}), (signal.SIGTERM, {0, -signal.SIGTERM})])
def test_cli_stops_cleanly_and_finishes_the_write_in_flight(
    tmp_path: Path, stop: signal.Signals, exit_codes: set[int]
) -> None:
    state = tmp_path / "est.json"
    command = [sys.executable, "-m", "sinch_est.emulator", "--port", "0", "--latency-ms", "300"]
    with subprocess.Popen(
        [*command, "--state-file", str(state)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None
        match = FIRST_LINE.match(proc.stdout.readline())
        assert match
        url = match[1]
        assert httpx.post(f"{url}/v1/projects/p/trunks", json={"name": "t", "hostName": "done"}, auth=AUTH)
        abandon_create(url, "in-flight")
        while httpx.get(f"{url}/_emulator/requests").json()["inFlight"] == 0:
            pass  # the emulator has not read the abandoned request yet
        proc.send_signal(stop)
        _, stderr = proc.communicate()
    assert proc.returncode in exit_codes, stderr
    assert "Traceback" not in stderr, stderr
    assert not journal_path(state).exists(), "the journal was folded into the state file"
    rows = json.loads(state.read_text())["projects"]["p"]["tables"]["SipTrunk"]
    assert sorted(record["hostName"] for _, _, record in rows) == ["done", "in-flight"]


def test_server_stop_waits_for_the_write_in_flight() -> None:
    threads = set(threading.enumerate())
    server = EmulatorServer(latency_ms=300).start()
    abandon_create(server.url, "in-flight")
    server.requests.wait_in_flight()
    server.stop()
    assert [t["hostName"] for t in server.store.objects("p", "SipTrunk")] == ["in-flight"]
    assert [(r.status, r.disconnected) for r in server.requests] == [(201, True)]
    assert server.requests.in_flight == 0
    assert set(threading.enumerate()) <= threads, "no thread outlives stop()"


def test_reset_clears_the_log(emulator: EmulatorServer) -> None:
    assert httpx.get(f"{emulator.url}/v1/projects/p/trunks", auth=AUTH).status_code == 200
    assert httpx.get(f"{emulator.url}/_emulator/requests").json()["total"] == 1
    assert httpx.post(f"{emulator.url}/_emulator/reset").status_code == 204
    assert httpx.get(f"{emulator.url}/_emulator/requests").json() == {"requests": [], "total": 0, "inFlight": 0}
