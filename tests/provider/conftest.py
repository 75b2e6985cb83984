"""Provider tests call the provider methods directly against the emulator, as the engine would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sinch_est.provider import _settings
from sinch_est.provider._settings import ProviderSettings

PROJECT = "provider-tests"


@pytest.fixture
def configured(emulator: Any) -> Iterator[Any]:
    _settings.set_settings(
        ProviderSettings(
            project_id=PROJECT, key_id=emulator.key_id, key_secret=emulator.key_secret, api_url=emulator.url
        )
    )
    yield emulator
    _settings._settings = None
