"""What stands in front of the routes: the request log, injected faults and authentication."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sinch_est.emulator._auth import Auth
from sinch_est.emulator._errors import EstError, render
from sinch_est.emulator._faults import DROP, FaultInjector
from sinch_est.emulator._log import RequestLog, RequestRecord
from sinch_est.emulator._received import Received

__all__ = ["ADMIN_PREFIX", "Gate", "is_numbers_api", "project_of"]

ADMIN_PREFIX = "/_emulator/"
_API_PREFIX = "/v1/"


def project_of(path: str) -> str | None:
    parts = path.split("/", 4)
    return parts[3] if len(parts) > 3 and parts[1] == "v1" and parts[2] == "projects" and parts[3] else None


def is_numbers_api(path: str) -> bool:
    return "/activeNumbers" in path


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def _drop(send: Send) -> None:
    """Close the connection without a response (the client sees a transport error)."""
    # uvicorn's ``send`` is a method of the request cycle that owns the socket's transport.
    cycle: Any = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if transport is None:
        raise ConnectionAbortedError("connection dropped (injected fault)")
    cycle.disconnected = True  # stops uvicorn from answering 500 for a response that never started
    transport.abort()


class Gate:
    """Logs every request but the admin routes; on ``/v1/`` applies latency, faults and authentication."""

    def __init__(
        self,
        *,
        auth: Auth,
        injector: FaultInjector,
        log: RequestLog,
        max_body_size: int,
        durable: Callable[[], Awaitable[None]],
    ) -> None:
        self.auth = auth
        self.injector = injector
        self.log = log
        self.max_body_size = max_body_size
        self.durable = durable
        """Awaited before every response starts: the changes it reports are then on disk."""

    def _durable_send(self, send: Send) -> Send:
        async def durable_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self.durable()
            await send(message)

        return durable_send

    async def __call__(self, scope: Scope, receive: Receive, send: Send, inner: ASGIApp) -> None:
        if scope["type"] != "http":
            await inner(scope, receive, send)
            return
        if scope["path"].startswith(ADMIN_PREFIX):
            await inner(scope, receive, self._durable_send(send))  # POST /_emulator/reset writes too
            return
        path: str = scope["path"]
        started = time.perf_counter()
        # Read before the latency, as a server has the request before it answers: a client that times
        # out or is killed from here on no longer stops its write (see ``_received``).
        received = await Received.read(receive, send, limit=self.max_body_size)

        def record(status: int) -> None:
            self.log.append(
                RequestRecord(
                    method=scope["method"],
                    path=path,
                    query=bytes(scope.get("query_string", b"")).decode("latin-1"),
                    status=status,
                    timestamp=time.time(),
                    project_id=project_of(path),
                    duration_ms=(time.perf_counter() - started) * 1000,
                    disconnected=received.gone,
                )
            )

        async def logged_send(message: Message) -> None:
            # Logged before the response leaves, so a client that has its answer finds it in the log.
            if message["type"] == "http.response.start":
                await self.durable()
                record(int(message["status"]))
            await send(message)

        if received.gone and not received.complete:
            record(0)  # the request never arrived in full, so there is nothing to carry out
            received.close()
            return
        self.log.started()
        try:
            try:
                if path.startswith(_API_PREFIX):
                    faults = self.injector.faults
                    if faults.latency_ms > 0:
                        await asyncio.sleep(faults.latency_ms / 1000)
                    decision = self.injector.decide(project_of(path))
                    if decision == DROP:
                        record(0)
                        await _drop(send)
                        return
                    if isinstance(decision, EstError):
                        raise decision
                    self.auth.authenticate(_header(scope, b"authorization"))
            except EstError as exc:
                await render(exc, wrapped=is_numbers_api(path))(scope, received.receive, logged_send)
                return
            await inner(scope, received.receive, logged_send)
        finally:
            self.log.finished()
            received.close()
