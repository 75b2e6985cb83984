"""Live tests run against real Sinch only when asked: ``pytest -m live`` with SINCH_* set.

They are deselected by default (pyproject addopts ``-m 'not live'``), never skipped: asked for without
credentials, they fail and say what is missing. Every object is named with a fresh prefix and swept.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sweeper import sweep

from sinch_est.client import EstClient

REQUIRED = ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET")


@pytest.fixture
def live_prefix() -> str:
    return f"est-live-{secrets.token_hex(3)}-"


@pytest.fixture
def live_client(live_prefix: str) -> Iterator[EstClient]:
    missing = [v for v in REQUIRED if not os.environ.get(v)]
    if missing:
        pytest.fail(f"live tests need real Sinch credentials: set {', '.join(missing)}")
    with EstClient.from_env() as client:
        try:
            yield client
        finally:
            sweep(client, live_prefix)
