"""The provider process's one client, built from the settings its ``configure`` resolved (never from state)."""

from __future__ import annotations

import threading

from sinch_est.client import EstClient, Settings

__all__ = ["current_settings", "get_client", "set_settings"]

_lock = threading.Lock()
_settings: Settings | None = None
_client: EstClient | None = None
_client_settings: Settings | None = None


def set_settings(settings: Settings) -> None:
    """The settings ``configure`` resolved from stack config and the environment."""
    global _settings
    with _lock:
        _settings = settings


def current_settings() -> Settings:
    """The configured settings, or the environment's before ``configure`` (no client is built)."""
    with _lock:
        return _settings if _settings is not None else Settings.resolve()


def get_client() -> EstClient:
    """The process's one client, for the configured settings (or the environment alone before ``configure``).

    New settings get a new client, and the one it replaces is closed.
    """
    global _client, _client_settings
    with _lock:
        settings = _settings if _settings is not None else Settings.resolve()
        if _client is None or _client_settings != settings:
            replaced, _client = _client, EstClient.from_settings(settings)
            _client_settings = settings
            if replaced is not None:
                replaced.close()
        return _client
