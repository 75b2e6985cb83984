"""Provider tests call the provider methods directly against the emulator, as the engine would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sinch_est.client import Clock
from sinch_est.provider import EstProvider, _settings
from sinch_est.testing import emulator_settings

PROJECT = "provider-tests"


@pytest.fixture
def configured(emulator: Any) -> Iterator[Any]:
    _settings.set_settings(emulator_settings(emulator, PROJECT))
    yield emulator
    _settings._settings = None


class FakeClock:
    """Time that moves only when something sleeps; ``on_sleep`` runs at each sleep (to change the world)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        self.on_sleep: list[Any] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        for action in self.on_sleep:
            action()

    def clock(self) -> Clock:
        return Clock(monotonic=lambda: self.now, sleep=self.sleep)


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The providers' waits run on this clock instead of the real one."""
    fake = FakeClock()
    monkeypatch.setattr(EstProvider, "clock", fake.clock())
    return fake
