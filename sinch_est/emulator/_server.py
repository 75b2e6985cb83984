"""``EmulatorServer``: the emulator on 127.0.0.1 and a free port, served by uvicorn in a background thread."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import Any

import uvicorn

from sinch_est.emulator._app import EmulatorApp, create_app
from sinch_est.emulator._auth import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, Auth
from sinch_est.emulator._faults import Faults
from sinch_est.emulator._log import RequestLog
from sinch_est.emulator._store import Store

__all__ = ["EmulatorServer", "bind", "uvicorn_config"]


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket (``port`` 0 picks a free one), so the address is known before serving."""
    sock = socket.create_server((host, port), reuse_port=False, backlog=2048)
    # Accepted sockets inherit this: without it, uvicorn's separate header and body writes meet the
    # client's delayed ACK and every response takes 40 ms.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.set_inheritable(True)
    return sock


def uvicorn_config(app: EmulatorApp, *, log_level: str = "warning", access_log: bool = False) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        http="h11",
        ws="none",
        lifespan="on",
        log_level=log_level,
        access_log=access_log,
        proxy_headers=False,
        server_header=False,
        timeout_graceful_shutdown=5,
    )


class EmulatorServer:
    """The emulator in a background thread; a context manager. ``url`` serves EST, OAuth2 and Numbers API.

    ``store`` holds the data (inspect or seed it directly), ``requests`` logs every call, ``faults`` is
    live (mutate it or call ``set_faults``), ``reset()`` restores the state it started with.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        key_id: str = DEFAULT_KEY_ID,
        key_secret: str = DEFAULT_KEY_SECRET,
        token_ttl: float = 3600.0,
        latency_ms: float = 0.0,
        faults: Faults | None = None,
        store: Store | None = None,
        phone_numbers: Iterable[str] | None = None,
        state_file: str | os.PathLike[str] | None = None,
        provisioning_delay: float = 0.5,
        request_log_size: int | None = 100_000,
        save_interval: float = 1.0,
        seed: int | None = None,
        startup_timeout: float = 10.0,
    ) -> None:
        if store is None:
            store = Store(phone_numbers=phone_numbers, provisioning_delay=provisioning_delay, state_file=state_file)
        faults = faults.copy() if faults is not None else Faults()
        if latency_ms:
            faults.latency_ms = latency_ms
        self.app = create_app(
            store=store,
            faults=faults,
            auth=Auth(key_id, key_secret, token_ttl=token_ttl),
            requests=RequestLog(request_log_size),
            save_interval=save_interval,
            seed=seed,
        )
        self.host = host
        self._port = port
        self._startup_timeout = startup_timeout
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    def __repr__(self) -> str:
        return f"EmulatorServer(url={self.url!r}, key_id={self.key_id!r}, key_secret='***')"

    @property
    def port(self) -> int:
        """The bound port (known once started; it stays readable after ``stop``)."""
        return self._port

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``: the EST API, ``/oauth2/token`` and the Numbers API all live here."""
        return f"http://{self.host}:{self.port}"

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth2/token"

    @property
    def key_id(self) -> str:
        return self.app.auth.key_id

    @property
    def key_secret(self) -> str:
        return self.app.auth.key_secret

    @property
    def store(self) -> Store:
        return self.app.store

    @property
    def requests(self) -> RequestLog:
        return self.app.requests

    @property
    def faults(self) -> Faults:
        return self.app.faults

    @property
    def auth(self) -> Auth:
        return self.app.auth

    def set_faults(self, faults: Faults | None = None, **changes: Any) -> None:
        """Replace every fault setting, e.g. ``set_faults(fault_429=1.0)``; ``set_faults()`` turns all off."""
        self.app.set_faults(faults, **changes)

    def reset(self) -> None:
        """No objects, an empty request log, and the faults and token lifetime the server started with."""
        self.app.reset()

    def start(self) -> EmulatorServer:
        if self._thread is not None:
            raise RuntimeError("the emulator is already running")
        self._socket = bind(self.host, self._port)
        self._port = self._socket.getsockname()[1]
        self._server = uvicorn.Server(uvicorn_config(self.app))
        server, sock = self._server, self._socket
        self._thread = threading.Thread(
            target=lambda: server.run(sockets=[sock]), name=f"sinch-est-emulator:{self.port}", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + self._startup_timeout
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the emulator did not start; see the log above")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Shut down gracefully (the state file, if any, is written) and wait for the thread to end."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=15)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
