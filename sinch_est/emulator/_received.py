"""A request read in full before it is served, so a client that goes away cannot cancel its write.

A real server that has received a request carries it out even when the client has hung up by the time
the answer is ready. uvicorn does not cancel the app when the client closes, but from then on its
``receive()`` answers ``http.disconnect`` before the body it has already buffered (it checks the flag
first), and Starlette's ``request.body()`` turns that into ``ClientDisconnect``: a create whose client
timed out during the injected latency was lost with a 500. So the gate reads the body first, before the
latency, and replays it to the routes; a request that never arrived in full is not served at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from starlette.types import Message, Receive, Send

__all__ = ["Received"]


class Received:
    """The body of one request, read before it is served; ``gone`` tells whether the client has left.

    ``receive`` is what the app gets instead of the connection's: the whole body, then the
    connection's own ``http.disconnect``. Call ``close`` when the request has been served.
    """

    def __init__(self, body: bytes, *, complete: bool, gone: bool, receive: Receive, send: Send) -> None:
        self.body = body
        self.complete = complete
        """Whether the whole body arrived (false when the client left or the body is over the limit)."""
        self._gone = gone
        self._receive = receive
        self._replayed = False
        self._watch: asyncio.Future[Message] | None = None
        # uvicorn's request cycle keeps a ``disconnected`` flag: reading it costs nothing.
        self._cycle: Any = getattr(send, "__self__", None)
        if not hasattr(self._cycle, "disconnected"):
            self._cycle = None
            if complete and not gone:
                # Elsewhere the connection has nothing left to say but the disconnect: wait for it in a
                # task. It also comes once the response is complete, after every use of ``gone``.
                self._watch = asyncio.ensure_future(receive())

    @classmethod
    async def read(cls, receive: Receive, send: Send, *, limit: int) -> Received:
        """Read the body (up to ``limit`` bytes, then leave the rest to the app, which refuses it)."""
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                tail = _buffered_body(send)
                if tail is not None:
                    chunks.append(tail)
                return cls(b"".join(chunks), complete=tail is not None, gone=True, receive=receive, send=send)
            chunk = bytes(message.get("body", b""))
            chunks.append(chunk)
            size += len(chunk)
            if not message.get("more_body", False):
                return cls(b"".join(chunks), complete=True, gone=False, receive=receive, send=send)
            if size > limit:
                return cls(b"".join(chunks), complete=False, gone=False, receive=receive, send=send)

    @property
    def gone(self) -> bool:
        """Whether the client had closed the connection by now (before the response, if it started)."""
        if self._cycle is not None:
            return self._gone or bool(self._cycle.disconnected)
        return self._gone or (self._watch is not None and self._watch.done())

    async def receive(self) -> Message:
        if not self._replayed:
            self._replayed = True
            return {"type": "http.request", "body": self.body, "more_body": not self.complete}
        if self._watch is not None:
            return await asyncio.shield(self._watch)
        if self._gone:
            return {"type": "http.disconnect"}
        return await self._receive()

    def close(self) -> None:
        if self._watch is not None and not self._watch.done():
            self._watch.cancel()
        elif self._watch is not None:
            with contextlib.suppress(asyncio.CancelledError):
                self._watch.exception()  # retrieved, so asyncio does not report it as never read


def _buffered_body(send: Send) -> bytes | None:
    """The rest of the body uvicorn holds when it reports a disconnect, if the whole request arrived.

    The client can close before the app first asks for the body; the bytes are in the request cycle
    (uvicorn's ``send`` is one of its methods), and ``more_body`` is false once the request ended.
    With uvicorn 0.54 on asyncio the close has so far always come after the body (reading pauses
    until the app asks for more), but that order is the event loop's to choose, not ours.
    """
    cycle: Any = getattr(send, "__self__", None)
    if cycle is None or getattr(cycle, "more_body", True) is not False:
        return None
    return bytes(getattr(cycle, "body", b""))
