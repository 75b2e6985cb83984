"""Whether the Pulumi engine that started this provider process is still there, and what to do when it is not.

A ``pulumi up`` killed by a CI timeout leaves its dynamic-provider process running: without this it would
go on with the calls queued before the kill, writing objects nobody will record. Once the engine is gone
(this process was re-parented, or the engine's port stopped answering), a provider call that has not
started refuses to, the ones in flight finish (their objects go into the create journal), and the
process exits.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["EngineGone", "EngineWatch", "in_provider_process", "run_id", "step", "watch"]

PROBE_INTERVAL = 0.5
"""Seconds between two looks at the engine."""
DRAIN_LIMIT = 120.0
"""Seconds the calls in flight get to finish once the engine is gone, before the process exits anyway."""


class EngineGone(Exception):
    """The engine that asked for this step has gone away: nothing was sent."""


def in_provider_process() -> bool:
    """Whether this process is Pulumi's Python dynamic-provider server (``python -m pulumi.dynamic``)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return getattr(spec, "name", "") == "pulumi.dynamic.__main__"


def _engine_address(argv: list[str]) -> tuple[str, int] | None:
    """The engine's address, which Pulumi passes as the provider's first argument (``127.0.0.1:PORT``)."""
    host, _, port = (argv[1] if len(argv) > 1 else "").rpartition(":")
    return (host, int(port)) if host and port.isdigit() else None


class EngineWatch:
    """Looks at the engine at most every ``PROBE_INTERVAL``; once gone, it stays gone."""

    def __init__(
        self,
        parent: int,
        address: tuple[str, int] | None,
        *,
        getppid: Callable[[], int] = os.getppid,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.parent = parent
        self.address = address
        self._getppid = getppid
        self._clock = clock
        self._last_probe = float("-inf")
        self._gone = False
        self._lock = threading.Lock()
        self.active = 0

    def alive(self) -> bool:
        with self._lock:
            if self._gone:
                return False
            if self._getppid() != self.parent:
                self._gone = True  # re-parented: the process that started us has exited
            elif self.address is not None and self._clock() - self._last_probe >= PROBE_INTERVAL:
                self._last_probe = self._clock()
                try:
                    socket.create_connection(self.address, timeout=1.0).close()
                except OSError:
                    self._gone = True
            return not self._gone

    def run(self, exit_process: Callable[[int], None] = os._exit) -> None:
        """The watchdog loop: once the engine is gone and the calls in flight are done, end the process."""
        while self.alive():
            time.sleep(PROBE_INTERVAL)
        deadline = self._clock() + DRAIN_LIMIT
        while self.active and self._clock() < deadline:
            time.sleep(0.05)
        with contextlib.suppress(OSError):  # stderr was a pipe to the engine, which may be closed now
            print(
                "sinch-est: the Pulumi engine has gone away; this provider process stops", file=sys.stderr, flush=True
            )
        exit_process(0)


def run_id() -> str:
    """What the provider processes of one run share: the engine's address (outside a provider, this process)."""
    address = _engine_address(sys.argv) if in_provider_process() else None
    return f"{address[0]}:{address[1]}" if address is not None else f"process-{os.getpid()}"


_watch: EngineWatch | None = None
_watch_lock = threading.Lock()


def watch() -> EngineWatch | None:
    """The process's watch, started on first use inside the dynamic-provider server (``None`` elsewhere)."""
    global _watch
    if not in_provider_process():
        return None
    with _watch_lock:
        if _watch is None:
            _watch = EngineWatch(os.getppid(), _engine_address(sys.argv))
            threading.Thread(target=_watch.run, name="sinch-est-engine-watch", daemon=True).start()
        return _watch


@contextmanager
def step(action: str) -> Iterator[None]:
    """One provider call that may write: refused once the engine is gone, counted while in flight."""
    current = watch()
    if current is None:
        yield
        return
    if not current.alive():
        raise EngineGone(f"{action}: the Pulumi engine that asked for it has gone away, so nothing was sent")
    with _watch_lock:
        current.active += 1
    try:
        yield
    finally:
        with _watch_lock:
            current.active -= 1
