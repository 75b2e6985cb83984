"""Fixtures of the export tests: a client for a project of the session's emulator.

The round trip drives the real engine with the end-to-end harness (``tests/e2e/_harness.py``), shared rather
than copied so both kinds of test run the CLI the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sinch_est.client import EstClient
from sinch_est.testing import emulator_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))


@pytest.fixture
def make_client(emulator: Any) -> Iterator[Callable[[str], EstClient]]:
    """``make_client(project_id)``: a client for that project of the emulator, closed after the test."""
    made: list[EstClient] = []

    def make(project_id: str) -> EstClient:
        client = EstClient.from_settings(emulator_settings(emulator, project_id))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
