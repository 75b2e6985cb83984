"""One settings model: the client and the provider resolve the same URLs and credentials from each source."""

from __future__ import annotations

from typing import Any

import pytest

from sinch_est.client import DEFAULT_API_URL, DEFAULT_AUTH_URL, DEFAULT_NUMBERS_URL, SETTINGS, EstClient, Settings
from sinch_est.provider import SipTrunkProvider, _settings
from sinch_est.provider._settings import get_client


class _Config:
    """What ``configure`` gets from the engine: a getter of the stack's ``sinch:*`` keys."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def get(self, key: str) -> str | None:
        return self.values.get(key)


class _Request:
    def __init__(self, values: dict[str, str]) -> None:
        self.config = _Config(values)


def _seen(client: EstClient) -> tuple[Any, ...]:
    return (client.project_id, client.api_url, client.auth_url, client.numbers_url, client.auth_mode)


SOURCES = {
    "defaults": ({}, {"SINCH_PROJECT_ID": "p", "SINCH_ACCESS_TOKEN": "tok"}),
    "environment": (
        {},
        {
            "SINCH_PROJECT_ID": "p-env",
            "SINCH_KEY_ID": "kid",
            "SINCH_KEY_SECRET": "ks",
            "SINCH_EST_API_URL": "http://127.0.0.1:9/",
            "SINCH_AUTH_URL": "http://127.0.0.1:8",
            "SINCH_NUMBERS_API_URL": "http://127.0.0.1:7",
        },
    ),
    "only the API URL in the environment": (
        {},
        {"SINCH_PROJECT_ID": "p", "SINCH_ACCESS_TOKEN": "tok", "SINCH_EST_API_URL": "http://127.0.0.1:9"},
    ),
    "stack config over environment": (
        {
            "sinch:projectId": "p-cfg",
            "sinch:keyId": "kid-cfg",
            "sinch:keySecret": "ks-cfg",
            "sinch:apiUrl": "http://127.0.0.1:6",
            "sinch:authUrl": "http://127.0.0.1:5",
            "sinch:numbersUrl": "http://127.0.0.1:4",
        },
        {"SINCH_PROJECT_ID": "p-env", "SINCH_ACCESS_TOKEN": "tok", "SINCH_EST_API_URL": "http://127.0.0.1:9"},
    ),
}


@pytest.fixture(autouse=True)
def _no_sinch_environment(monkeypatch: pytest.MonkeyPatch) -> Any:
    for setting in SETTINGS:
        monkeypatch.delenv(setting.variable, raising=False)
    yield
    _settings._settings = None


@pytest.mark.parametrize("source", SOURCES)
def test_client_and_provider_resolve_the_same_settings(source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    config, environ = SOURCES[source]
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    SipTrunkProvider().configure(_Request(config))  # type: ignore[arg-type]
    provider_view = _seen(get_client())
    client = EstClient.from_settings(Settings.resolve(_Config(config).get)) if config else EstClient.from_env()
    with client:
        assert _seen(client) == provider_view
    if source == "only the API URL in the environment":
        assert provider_view[1:4] == ("http://127.0.0.1:9", DEFAULT_AUTH_URL, DEFAULT_NUMBERS_URL)
    if source == "defaults":
        assert provider_view[1:4] == (DEFAULT_API_URL, DEFAULT_AUTH_URL, DEFAULT_NUMBERS_URL)
    if source == "stack config over environment":
        assert provider_view == ("p-cfg", "http://127.0.0.1:6", "http://127.0.0.1:5", "http://127.0.0.1:4", "oauth2")


def test_new_settings_replace_the_client_and_close_the_old_one(monkeypatch: pytest.MonkeyPatch) -> None:
    _settings.set_settings(Settings(project_id="a", access_token="t", api_url="http://127.0.0.1:3"))
    first = get_client()
    assert get_client() is first
    _settings.set_settings(Settings(project_id="b", access_token="t", api_url="http://127.0.0.1:3"))
    second = get_client()
    assert second is not first and second.project_id == "b"
    assert first._closed and not second._closed


def test_stack_config_lists_every_non_default_setting_with_its_secrecy() -> None:
    settings = Settings(project_id="p", key_id="k", key_secret="planted-secret-1", api_url="http://127.0.0.1:1")
    assert settings.stack_config() == {
        "sinch:projectId": ("p", False),
        "sinch:keyId": ("k", False),
        "sinch:keySecret": ("planted-secret-1", True),
        "sinch:apiUrl": ("http://127.0.0.1:1", False),
    }
    assert "planted-secret-1" not in repr(settings)
