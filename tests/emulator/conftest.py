"""The ``api`` fixture: an httpx client on the emulator's test project, with Basic key id/secret auth."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from emulator_harness import PROJECT

from sinch_est.emulator import EmulatorServer


@pytest.fixture
def api(emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=f"{emulator.url}/v1/projects/{PROJECT}", auth=(emulator.key_id, emulator.key_secret), timeout=10
    ) as client:
        yield client
