"""Construction from arguments and the environment, the shared HTTP client, and the public names."""

from __future__ import annotations

import httpx
import pytest
from client_harness import Script, json_response

import sinch_est.client as est_client
from sinch_est.client import SETTINGS, EstClient, RetryPolicy, Timeouts

INTERFACE = [
    "EstClient",
    "RetryPolicy",
    "Timeouts",
    "EstError",
    "TransportError",
    "APIError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitedError",
    "ServerError",
    "ConfigurationError",
    "UNSET",
    "Settings",
    "SETTINGS",
    "Clock",
    "poll",
]

OPERATIONS = {
    "sip_trunks": {"create", "get", "list", "update", "delete"},
    "sip_endpoints": {"create", "get", "list", "update", "delete"},
    "access_control_lists": {"create", "get", "list", "update", "delete", "list_trunks"},
    "ip_ranges": {"create", "list", "update", "delete"},
    "trunk_access_control_lists": {"add", "list", "remove"},
    "credential_lists": {"create", "get", "list", "update", "delete", "list_trunks"},
    "credentials": {"upsert", "delete"},
    "trunk_credential_lists": {"add", "list", "replace", "remove"},
    "phone_numbers": {
        "list",
        "get",
        "assign",
        "unassign",
        "assign_via_numbers_api",
        "unassign_via_numbers_api",
    },
    "country_permissions": {"list", "get", "update"},
    "call_blocking_rules": {"create", "list", "get", "update", "delete"},
    "calls": {"find", "export"},
    "projects": {"add"},
}


def test_public_names() -> None:
    assert set(INTERFACE) <= set(est_client.__all__)
    assert len(est_client.__all__) == len(set(est_client.__all__))
    for name in est_client.__all__:
        assert getattr(est_client, name) is not None


def test_every_operation_of_the_interface_exists() -> None:
    with EstClient("p", access_token="t", transport=httpx.MockTransport(Script(json_response(200)))) as client:
        for group, operations in OPERATIONS.items():
            public = {n for n in dir(getattr(client, group)) if not n.startswith("_")}
            assert operations <= public, group


def test_from_env_reads_every_variable_and_overrides_win(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {
        "SINCH_PROJECT_ID": "proj-env",
        "SINCH_KEY_ID": "kid",
        "SINCH_KEY_SECRET": "ksecret",
        "SINCH_ACCESS_TOKEN": "",
        "SINCH_EST_API_URL": "http://127.0.0.1:1/",
        "SINCH_AUTH_URL": "http://127.0.0.1:2",
        "SINCH_NUMBERS_API_URL": "http://127.0.0.1:3",
    }
    assert set(env) == {s.variable for s in SETTINGS}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with EstClient.from_env() as client:
        assert (client.project_id, client.api_url, client.auth_url, client.numbers_url) == (
            "proj-env",
            "http://127.0.0.1:1",
            "http://127.0.0.1:2",
            "http://127.0.0.1:3",
        )
        assert client.auth_mode == "oauth2"
    with EstClient.from_env(project_id="other", access_token="tok") as client:
        assert client.project_id == "other" and client.auth_mode == "access_token"


def test_from_env_defaults_to_sinch_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    for setting in SETTINGS:
        monkeypatch.delenv(setting.variable, raising=False)
    with EstClient.from_env(project_id="p", access_token="t") as client:
        assert client.api_url == "https://elastic-trunking.api.sinch.com"
        assert client.auth_url == "https://auth.sinch.com"
        assert client.numbers_url == "https://numbers.api.sinch.com"


def test_one_http_client_per_api_url_shared_and_released() -> None:
    a = EstClient("p1", access_token="t", api_url="https://shared.test")
    b = EstClient("p2", key_id="k", key_secret="s", api_url="https://shared.test/")
    c = EstClient("p3", access_token="t", api_url="https://other.test")
    http = a.sip_trunks._session._http
    assert b.sip_trunks._session._http is http
    assert c.sip_trunks._session._http is not http
    a.close()
    a.close()  # idempotent
    assert not http.is_closed
    b.close()
    assert http.is_closed
    c.close()


def test_different_settings_get_their_own_http_client() -> None:
    with (
        EstClient("p", access_token="t", api_url="https://s.test") as a,
        EstClient("p", access_token="t", api_url="https://s.test", retry=RetryPolicy(attempts=2)) as b,
        EstClient("p", access_token="t", api_url="https://s.test", timeouts=Timeouts(read=5)) as c,
    ):
        assert len({id(x.calls._session._http) for x in (a, b, c)}) == 3


def test_timeouts_are_always_set() -> None:
    with EstClient("p", access_token="t", api_url="https://t.test") as client:
        timeout = client.sip_trunks._session._http.timeout
        assert (timeout.connect, timeout.read, timeout.write, timeout.pool) == (5.0, 30.0, 30.0, 10.0)


def test_repr_masks_credentials() -> None:
    with EstClient("proj-shown", key_id="kid", key_secret="very-secret", api_url="https://r.test") as client:
        text = repr(client) + repr(client.sip_trunks) + repr(client.sip_trunks._session._auth)
        assert "very-secret" not in text and "proj-shown" in text
    with EstClient("p", access_token="tok-123456", api_url="https://r.test") as client:
        assert "tok-123456" not in repr(client) + repr(client.sip_trunks._session._auth)
