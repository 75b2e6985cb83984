"""Fixtures for every test folder: ``emulator``, a running EST emulator with no data and no faults.

One server serves the whole session (starting uvicorn per test would dominate the run time); it is
reset before each test: objects, request log, faults, token lifetime and provisioning delay.
Use ``emulator.url`` (EST API, ``/oauth2/token`` and the Numbers API), ``emulator.key_id``,
``emulator.key_secret``, ``emulator.requests`` (the request log), ``emulator.store`` (inspect or seed),
``emulator.faults`` / ``emulator.set_faults(...)`` and ``emulator.auth.token_ttl``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sinch_est.emulator import EmulatorServer

PROVISIONING_DELAY = 0.1
"""Numbers API voice configurations apply after this many seconds (0.5 s outside tests)."""


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(provisioning_delay=PROVISIONING_DELAY) as server:
        yield server


@pytest.fixture
def emulator(emulator_server: EmulatorServer) -> EmulatorServer:
    emulator_server.reset()
    return emulator_server


@pytest.fixture(autouse=True)
def _journal_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Providers called in this process keep their create journal and number claims in a folder of the
    test's own, never in the user's ~/.pulumi (end-to-end stacks have their own PULUMI_HOME)."""
    monkeypatch.setenv("SINCH_EST_JOURNAL", str(tmp_path_factory.mktemp("journal")))
