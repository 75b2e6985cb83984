"""A client that hangs up mid-request: like a real server, the emulator still carries out what it received."""

from __future__ import annotations

import asyncio
import base64
import signal
import socket
import subprocess
import sys
from typing import Any

import httpx
import pytest
from emulator_harness import PROJECT

from sinch_est.emulator import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, EmulatorServer, Faults, Store, create_app
from sinch_est.emulator._received import Received
from sinch_est.schema import SIP_TRUNK

LATENCY_MS = 300
"""Long enough that every client below is gone well before the emulator answers."""


class Abandoned(Exception):
    """Raised inside httpx once the request has left, so httpx closes the connection unanswered."""


def abandon(api: httpx.Client, method: str, url: str, **kwargs: Any) -> None:
    """Send the whole request, then close the connection without waiting for the answer."""

    def trace(event: str, info: dict[str, Any]) -> None:
        if event == "http11.send_request_body.complete":
            raise Abandoned

    with pytest.raises(Abandoned):
        api.request(method, url, extensions={"trace": trace}, **kwargs)


@pytest.fixture
def slow(emulator: EmulatorServer) -> EmulatorServer:
    emulator.set_faults(latency_ms=LATENCY_MS)
    return emulator


def trunks(emulator: EmulatorServer, host_name: str) -> list[dict[str, Any]]:
    return [t for t in emulator.store.objects(PROJECT, SIP_TRUNK) if t["hostName"] == host_name]


def test_create_is_carried_out_after_the_client_closed(slow: EmulatorServer, api: httpx.Client) -> None:
    abandon(api, "POST", "/trunks", json={"name": "abandoned", "hostName": "abandoned"})
    [record] = slow.requests.wait_for("POST", "*/trunks")
    assert (record.status, record.disconnected) == (201, True)
    [trunk] = trunks(slow, "abandoned")
    assert trunk["name"] == "abandoned"
    assert slow.store.count() == 1 and len(slow.requests) == 1, "carried out exactly once"


def test_update_is_carried_out_after_the_client_closed(slow: EmulatorServer, api: httpx.Client) -> None:
    made = slow.store.create(PROJECT, SIP_TRUNK, {"name": "before", "hostName": "kept"})
    abandon(api, "PUT", f"/trunks/{made['id']}", json={"name": "after", "hostName": "kept"})
    [record] = slow.requests.wait_for("PUT", f"*/trunks/{made['id']}")
    assert (record.status, record.disconnected) == (200, True)
    [trunk] = trunks(slow, "kept")
    assert (trunk["id"], trunk["name"]) == (made["id"], "after") and trunk["updateTime"] is not None


def test_delete_is_carried_out_after_the_client_closed(slow: EmulatorServer, api: httpx.Client) -> None:
    made = slow.store.create(PROJECT, SIP_TRUNK, {"name": "doomed", "hostName": "doomed"})
    abandon(api, "DELETE", f"/trunks/{made['id']}")
    [record] = slow.requests.wait_for("DELETE", f"*/trunks/{made['id']}")
    assert (record.status, record.disconnected) == (204, True)
    assert slow.store.object(PROJECT, SIP_TRUNK, made["id"]) is None


def test_create_is_carried_out_after_the_client_process_was_killed(slow: EmulatorServer) -> None:
    # The client kills itself with SIGKILL as soon as its request has left, like a CI job's timeout.
    client = f"""
import os, signal, httpx
def trace(event, info):
    if event == "http11.send_request_body.complete":
        os.kill(os.getpid(), signal.SIGKILL)
client = httpx.Client(base_url={slow.url + f"/v1/projects/{PROJECT}"!r}, auth=({slow.key_id!r}, {slow.key_secret!r}))
client.post("/trunks", json={{"name": "k", "hostName": "killed"}}, extensions={{"trace": trace}})
"""
    assert subprocess.run([sys.executable, "-c", client], check=False).returncode == -signal.SIGKILL
    [record] = slow.requests.wait_for("POST", "*/trunks")
    assert (record.status, record.disconnected) == (201, True)
    assert len(trunks(slow, "killed")) == 1


def test_a_request_cut_off_mid_body_is_not_carried_out(slow: EmulatorServer) -> None:
    body = b'{"name": "half", "hostName": "half"}'
    with socket.create_connection((slow.host, slow.port)) as sock:
        head = f"POST /v1/projects/{PROJECT}/trunks HTTP/1.1\r\nHost: emulator\r\nContent-Length: {len(body)}\r\n\r\n"
        sock.sendall(head.encode() + body[:10])
    [record] = slow.requests.wait_for("POST", "*/trunks")
    assert (record.status, record.disconnected) == (0, True)
    assert slow.store.count() == 0


def test_a_close_reported_before_the_buffered_body_still_serves_the_body() -> None:
    """uvicorn answers ``http.disconnect`` before a body it already holds; the body is taken from its cycle."""

    class Cycle:  # the attributes of uvicorn's request cycle that hold the unread body
        more_body = False
        body = bytearray(b'{"name": "t"}')

        async def send(self, message: Any) -> None:
            raise AssertionError("nothing is sent while reading")

    async def closed() -> dict[str, Any]:
        return {"type": "http.disconnect"}

    received = asyncio.run(Received.read(closed, Cycle().send, limit=1024))
    assert (received.body, received.complete, received.gone) == (b'{"name": "t"}', True, True)
    cut = Cycle()
    cut.more_body = True  # type: ignore[assignment]
    received = asyncio.run(Received.read(closed, cut.send, limit=1024))
    assert (received.complete, received.gone) == (False, True)


def test_a_connected_client_is_not_marked(emulator: EmulatorServer, api: httpx.Client) -> None:
    assert api.post("/trunks", json={"name": "t", "hostName": "t"}).status_code == 201
    assert [(r.status, r.disconnected) for r in emulator.requests] == [(201, False)]
    assert emulator.requests[0].to_dict()["disconnected"] is False


def test_under_another_asgi_server_the_disconnect_is_noticed_too() -> None:
    """Without uvicorn's request cycle, the app listens for the disconnect itself."""
    app = create_app(store=Store(), faults=Faults(latency_ms=1))
    body = b'{"name": "t", "hostName": "elsewhere"}'
    basic = base64.b64encode(f"{DEFAULT_KEY_ID}:{DEFAULT_KEY_SECRET}".encode())
    scope = {
        "type": "http",
        "method": "POST",
        "path": f"/v1/projects/{PROJECT}/trunks",
        "raw_path": f"/v1/projects/{PROJECT}/trunks".encode(),
        "query_string": b"",
        "headers": [(b"authorization", b"Basic " + basic)],
        "http_version": "1.1",
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}, {"type": "http.disconnect"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 201
    assert [(r.status, r.disconnected) for r in app.requests] == [(201, True)]
    assert [t["hostName"] for t in app.store.objects(PROJECT, SIP_TRUNK)] == ["elsewhere"]
