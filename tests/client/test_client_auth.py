"""OAuth2 client credentials, given tokens and Basic auth."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from client_harness import AUTH, BASE, Script, error_body, json_response

from sinch_est.client import AuthenticationError, ConfigurationError, EstClient, RetryPolicy, _auth
from sinch_est.client._auth import token_lifetime

MakeClient = Callable[..., EstClient]
TRUNK = {"id": "T1", "name": "main", "hostName": "main"}
EXPIRED = 'Bearer error="invalid_token", error_description="The access token expired"'


def jwt(exp: float, subject: str = "key") -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256'})}.{part({'sub': subject, 'exp': int(exp)})}.c2lnbmF0dXJl"


class AuthServer:
    """A MockTransport handler playing both the token endpoint and an EST route that checks the bearer."""

    def __init__(self, *, lifetime: float = 3600.0) -> None:
        self.lifetime = lifetime
        self.issued: list[str] = []
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.api_bearers: list[str] = []
        self.expired: set[str] = set()
        self.token_failures: list[httpx.Response] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        with self.lock:
            if request.url.path == "/oauth2/token":
                self.token_requests.append(request)
                if self.token_failures:
                    return self.token_failures.pop(0)
                token = jwt(time.time() + self.lifetime, subject=f"t{len(self.issued)}")
                self.issued.append(token)
                return json_response(200, {"access_token": token, "expires_in": 3600, "token_type": "bearer"})
            self.api_requests.append(request)
            bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
            self.api_bearers.append(bearer)  # the auth flow re-sends the same Request object
            if bearer in self.expired:
                return json_response(
                    401,
                    error_body(401, "UNAUTHENTICATED", "token expired"),
                    **{"WWW-Authenticate": EXPIRED},
                )
            if bearer not in self.issued:
                return json_response(401, error_body(401, "UNAUTHENTICATED", "bad token"))
            return json_response(200, TRUNK)


@pytest.fixture
def oauth_client(make_client: MakeClient) -> Callable[..., EstClient]:
    def make(server: AuthServer, **overrides: object) -> EstClient:
        options: dict[str, object] = {"access_token": None, "key_id": "key-1", "key_secret": "s3cret-value"}
        options.update(overrides)
        return make_client(server, **options)

    return make


def test_token_request_uses_basic_client_credentials(oauth_client: Callable[..., EstClient]) -> None:
    server = AuthServer()
    oauth_client(server).sip_trunks.get("T1")
    (request,) = server.token_requests
    assert request.method == "POST" and str(request.url) == f"{AUTH}/oauth2/token"
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"key-1:s3cret-value").decode()
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.content == b"grant_type=client_credentials"
    assert server.api_bearers == [server.issued[0]]


def test_one_token_per_process_across_clients_and_threads(oauth_client: Callable[..., EstClient]) -> None:
    server = AuthServer()
    clients = [oauth_client(server) for _ in range(3)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda i: clients[i % 3].sip_trunks.get("T1"), range(24)))
    assert all(r["id"] == "T1" for r in results)
    assert len(server.token_requests) == 1
    assert set(server.api_bearers) == {server.issued[0]}


def test_a_different_secret_never_reuses_the_token(oauth_client: Callable[..., EstClient]) -> None:
    server = AuthServer()
    oauth_client(server).sip_trunks.get("T1")
    oauth_client(server, key_secret="another-secret").sip_trunks.get("T1")
    assert len(server.token_requests) == 2


def test_token_is_refreshed_60_seconds_before_exp(
    oauth_client: Callable[..., EstClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1_000_000.0]
    monkeypatch.setattr("sinch_est.client._auth.time.time", lambda: now[0])
    server = AuthServer()
    server.lifetime = 600.0
    monkeypatch.setattr(_auth, "token_lifetime", lambda token, expires_in, now: 600.0)
    client = oauth_client(server)
    client.sip_trunks.get("T1")
    now[0] += 539
    client.sip_trunks.get("T1")
    assert len(server.token_requests) == 1
    now[0] += 2
    client.sip_trunks.get("T1")
    assert len(server.token_requests) == 2


def test_token_lifetime_is_the_earlier_of_exp_and_expires_in() -> None:
    assert token_lifetime(jwt(1000 + 300), 3600, now=1000) == 300
    assert token_lifetime(jwt(1000 + 7200), 3600, now=1000) == 3600
    assert token_lifetime("opaque-token", 120, now=1000) == 120
    assert token_lifetime("opaque-token", None, now=1000) == 3600
    assert token_lifetime("not.a.jwt", None, now=1000) == 3600


def test_expired_token_is_refreshed_exactly_once(oauth_client: Callable[..., EstClient]) -> None:
    server = AuthServer()
    client = oauth_client(server)
    client.sip_trunks.get("T1")
    server.expired.add(server.issued[0])
    assert client.sip_trunks.get("T1")["id"] == "T1"
    assert len(server.token_requests) == 2
    assert server.api_bearers[1:] == [server.issued[0], server.issued[1]]
    # The refreshed token is shared: the next call goes straight through.
    client.sip_trunks.get("T1")
    assert len(server.token_requests) == 2 and len(server.api_requests) == 4


def test_refresh_is_not_repeated_when_the_new_token_is_refused_too(
    oauth_client: Callable[..., EstClient],
) -> None:
    server = AuthServer()
    client = oauth_client(server)
    client.sip_trunks.get("T1")
    server.expired.add(server.issued[0])
    original = server.__call__

    def expire_everything(request: httpx.Request) -> httpx.Response:
        response = original(request)
        server.expired.update(server.issued)
        return response

    client_expiring = oauth_client(server, transport=httpx.MockTransport(expire_everything))
    with pytest.raises(AuthenticationError):
        client_expiring.sip_trunks.get("T1")
    assert len(server.token_requests) == 2
    assert len(server.api_requests) == 3


def test_401_without_expired_is_not_refreshed(oauth_client: Callable[..., EstClient]) -> None:
    server = AuthServer()
    client = oauth_client(server)
    client.sip_trunks.get("T1")
    server.issued.clear()  # the API no longer knows the token, without saying it expired
    with pytest.raises(AuthenticationError) as caught:
        client.sip_trunks.get("T1")
    assert len(server.token_requests) == 1
    assert "SINCH_KEY_ID" in str(caught.value)


def test_token_endpoint_429_is_retried_with_backoff(oauth_client: Callable[..., EstClient]) -> None:
    server = AuthServer()
    server.token_failures = [json_response(429), json_response(429)]
    assert oauth_client(server).sip_trunks.get("T1")["id"] == "T1"
    assert len(server.token_requests) == 3


def test_token_endpoint_dropping_the_connection_is_retried(oauth_client: Callable[..., EstClient]) -> None:
    server = AuthServer()
    calls: list[httpx.Request] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token" and not calls:
            calls.append(request)
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        return server(request)

    assert oauth_client(server, transport=httpx.MockTransport(flaky)).sip_trunks.get("T1")["id"] == "T1"


def test_token_endpoint_refusal_is_an_authentication_error(oauth_client: Callable[..., EstClient]) -> None:
    server = AuthServer()
    server.token_failures = [json_response(401, {"error": "invalid_client"})]
    with pytest.raises(AuthenticationError) as caught:
        oauth_client(server).sip_trunks.get("T1")
    assert caught.value.path == "/oauth2/token" and caught.value.method == "POST"
    assert "s3cret-value" not in str(caught.value)
    assert server.api_requests == []


def test_given_access_token_is_sent_as_bearer(make_client: MakeClient) -> None:
    script = Script(json_response(200, TRUNK))
    make_client(script, access_token="given-token").sip_trunks.get("T1")
    assert script.requests[0].headers["authorization"] == "Bearer given-token"


def test_basic_auth_only_when_asked_for(make_client: MakeClient) -> None:
    script = Script(json_response(200, TRUNK))
    client = make_client(script, access_token=None, key_id="key-1", key_secret="s3cret-value", use_basic_auth=True)
    client.sip_trunks.get("T1")
    assert script.paths() == [f"GET {BASE}/trunks/T1"]
    assert script.requests[0].headers["authorization"].startswith("Basic ")
    assert client.auth_mode == "basic"


def test_accept_header_is_json(make_client: MakeClient) -> None:
    script = Script(json_response(200, TRUNK))
    make_client(script).sip_trunks.get("T1")
    assert script.requests[0].headers["accept"] == "application/json"


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({}, "SINCH_KEY_ID and SINCH_KEY_SECRET missing"),
        ({"key_id": "k"}, "SINCH_KEY_SECRET missing"),
        ({"key_secret": "s"}, "SINCH_KEY_ID missing"),
        ({"access_token": "t", "use_basic_auth": True}, "SINCH_KEY_ID and SINCH_KEY_SECRET missing"),
    ],
)
def test_missing_credentials_are_a_configuration_error(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(ConfigurationError, match=needle):
        EstClient("proj-1", transport=httpx.MockTransport(Script(json_response(200))), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("project_id", [None, ""])
def test_missing_project_is_a_configuration_error(project_id: str | None) -> None:
    with pytest.raises(ConfigurationError, match="SINCH_PROJECT_ID"):
        EstClient(project_id, access_token="t")


def test_bad_urls_are_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="api_url"):
        EstClient("p", access_token="t", api_url="elastic-trunking.api.sinch.com")


def test_retry_policy_and_timeouts_validate() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(deadline=0)
    with pytest.raises(TypeError):
        RetryPolicy(3)  # type: ignore[call-arg]
