"""Where the providers' credentials come from: stack config first, then the environment; never state."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sinch_est.client import EstClient

__all__ = ["CONFIG_KEYS", "ProviderSettings", "get_client", "set_settings", "settings_from"]

DEFAULT_API_URL = "https://elastic-trunking.api.sinch.com"
DEFAULT_AUTH_URL = "https://auth.sinch.com"
DEFAULT_NUMBERS_URL = "https://numbers.api.sinch.com"

# attribute -> (stack config key, environment variable)
CONFIG_KEYS: dict[str, tuple[str, str]] = {
    "project_id": ("sinch:projectId", "SINCH_PROJECT_ID"),
    "key_id": ("sinch:keyId", "SINCH_KEY_ID"),
    "key_secret": ("sinch:keySecret", "SINCH_KEY_SECRET"),
    "access_token": ("sinch:accessToken", "SINCH_ACCESS_TOKEN"),
    "api_url": ("sinch:apiUrl", "SINCH_EST_API_URL"),
    "auth_url": ("sinch:authUrl", "SINCH_AUTH_URL"),
    "numbers_url": ("sinch:numbersUrl", "SINCH_NUMBERS_API_URL"),
}


@dataclass(frozen=True)
class ProviderSettings:
    """Connection settings of one provider process; secrets are masked in the repr."""

    project_id: str | None = None
    key_id: str | None = None
    key_secret: str | None = field(default=None, repr=False)
    access_token: str | None = field(default=None, repr=False)
    api_url: str | None = None
    auth_url: str | None = None
    numbers_url: str | None = None


def settings_from(get: Callable[[str], Any], environ: dict[str, str] | None = None) -> ProviderSettings:
    """Settings from a config getter (``sinch:*`` keys), each falling back to its environment variable."""
    env = os.environ if environ is None else environ
    values: dict[str, str | None] = {}
    for attr, (key, var) in CONFIG_KEYS.items():
        value = get(key)
        values[attr] = str(value) if value not in (None, "") else env.get(var) or None
    return ProviderSettings(**values)


_lock = threading.Lock()
_settings: ProviderSettings | None = None
_client: EstClient | None = None
_client_settings: ProviderSettings | None = None


def set_settings(settings: ProviderSettings) -> None:
    global _settings
    with _lock:
        _settings = settings


def get_client() -> EstClient:
    """The process's one client, built from the configured settings (or the environment alone)."""
    global _client, _client_settings
    with _lock:
        settings = _settings if _settings is not None else settings_from(lambda _key: None)
        if _client is None or _client_settings != settings:
            api_url = settings.api_url or DEFAULT_API_URL
            _client = EstClient(
                project_id=settings.project_id or "",
                key_id=settings.key_id,
                key_secret=settings.key_secret,
                access_token=settings.access_token,
                api_url=api_url,
                auth_url=settings.auth_url or (api_url if settings.api_url else DEFAULT_AUTH_URL),
                numbers_url=settings.numbers_url or (api_url if settings.api_url else DEFAULT_NUMBERS_URL),
            )
            _client_settings = settings
        return _client
