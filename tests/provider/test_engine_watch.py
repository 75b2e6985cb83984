"""A provider process whose engine has gone away stops instead of writing on (fault handling, no engine)."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from sinch_est import provider as p
from sinch_est.provider import _engine
from sinch_est.provider._engine import EngineGone, EngineWatch


def test_the_engine_is_gone_once_the_process_is_reparented() -> None:
    parent = [100]
    watch = EngineWatch(100, None, getppid=lambda: parent[0])
    assert watch.alive()
    parent[0] = 1
    assert not watch.alive()
    parent[0] = 100
    assert not watch.alive(), "gone stays gone"


def test_the_engine_is_gone_once_its_port_stops_answering() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    address = server.getsockname()
    now = [0.0]
    watch = EngineWatch(7, address, getppid=lambda: 7, clock=lambda: now[0])
    assert watch.alive()
    server.close()
    assert watch.alive(), "looked at most every PROBE_INTERVAL"
    now[0] = _engine.PROBE_INTERVAL
    assert not watch.alive()


def test_a_step_is_refused_once_the_engine_is_gone(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = [5]
    watch = EngineWatch(5, None, getppid=lambda: parent[0])
    monkeypatch.setattr(_engine, "watch", lambda: watch)
    with _engine.step("creating x"):
        assert watch.active == 1
    assert watch.active == 0
    parent[0] = 1
    with (
        pytest.raises(EngineGone, match="creating x: the Pulumi engine that asked for it has gone away"),
        _engine.step("creating x"),
    ):
        pytest.fail("a step must not start")


def test_a_provider_call_after_the_engine_left_sends_nothing(configured: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    watch = EngineWatch(5, None, getppid=lambda: 1)
    monkeypatch.setattr(_engine, "watch", lambda: watch)
    configured.requests.clear()
    with pytest.raises(p.ProviderError, match="has gone away, so nothing was sent"):
        p.SipTrunkProvider().create({"name": "late", "host_name": "engine-gone"})
    assert list(configured.requests) == []


def test_the_watchdog_lets_calls_in_flight_finish_then_ends_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = [9]
    watch = EngineWatch(9, None, getppid=lambda: parent[0])
    watch.active = 1
    exits: list[int] = []

    def fake_sleep(_seconds: float) -> None:
        parent[0] = 1  # the engine goes away while the watchdog waits
        if exits == [] and watch.active and not watch.alive():
            watch.active = 0  # the call in flight finishes

    monkeypatch.setattr(_engine.time, "sleep", fake_sleep)
    watch.run(exit_process=exits.append)
    assert exits == [0] and watch.active == 0


def test_outside_the_provider_server_nothing_is_watched() -> None:
    assert _engine.in_provider_process() is False
    assert _engine.watch() is None
