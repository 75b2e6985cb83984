"""The ``api`` fixture: an httpx client on the emulator's test project, with Basic key id/secret auth;
``clock``: the emulator's time, frozen until the test advances it."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from emulator_harness import PROJECT, Clock

from sinch_est.emulator import EmulatorServer


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"{emulator.url}/v1/projects/{PROJECT}", auth=(emulator.key_id, emulator.key_secret), timeout=10
    ) as client:
        yield client


@pytest.fixture
def clock(emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The store's clock (object times, scheduled provisioning) and the rate limiter's, driven by the test."""
    frozen = Clock(start=time.time())
    monkeypatch.setattr(emulator.store, "clock", frozen)
    monkeypatch.setattr(emulator.app.injector, "clock", frozen)
    return frozen
