"""No key secret, token or SIP password reaches a repr, a log record, an exception or a traceback."""

from __future__ import annotations

import base64
import json
import logging
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from client_harness import json_response

from sinch_est.client import (
    AuthenticationError,
    BadRequestError,
    EstClient,
    EstError,
    RetryPolicy,
    TransportError,
)

KEY_SECRET = "PLANTED-key-secret-9f3a"
ACCESS_TOKEN = "PLANTED-access-token-77c1"
ISSUED_TOKEN = "PLANTED-issued-token-51e0"
SIP_PASSWORD = "Planted-Passw0rd-1234"
BASIC = base64.b64encode(f"kid:{KEY_SECRET}".encode()).decode()
SECRETS = (KEY_SECRET, ACCESS_TOKEN, ISSUED_TOKEN, SIP_PASSWORD, BASIC)


class Hostile:
    """An API that fails in every way the tests ask for, echoing whatever secrets it received."""

    def __init__(self) -> None:
        self.mode = "ok"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        received = request.content.decode() + " " + request.headers.get("authorization", "")
        if request.url.path == "/oauth2/token":
            if self.mode == "token-refused":
                return json_response(401, {"error": "invalid_client", "message": f"bad secret {received}"})
            return json_response(200, {"access_token": ISSUED_TOKEN, "expires_in": 3600})
        if self.mode == "unauthorized":
            message = f"token {received} rejected"
            return json_response(401, {"code": 401, "status": "UNAUTHENTICATED", "message": message})
        if self.mode == "password-policy":
            body = json.loads(request.content or b"{}")
            sent = body.get("password") or body.get("credentials", [{}])[0].get("password")
            violation = {"field": "credentials[0].password", "description": f"{sent} is too weak"}
            details = [{"type": "BadRequest", "fieldViolations": [violation]}]
            message = f"password {sent} violates policy"
            return json_response(
                400, {"code": 400, "status": "INVALID_ARGUMENT", "message": message, "details": details}
            )
        if self.mode == "drop":
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
        if self.mode == "timeout":
            raise httpx.ReadTimeout("timed out")
        return json_response(200, {"id": "C1", "name": "agents", "credentials": [{"id": "X", "username": "u1"}]})


@pytest.fixture
def evidence(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = []
    yield texts
    for record in caplog.records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        if record.exc_info:
            texts.append("".join(traceback.format_exception(*record.exc_info)))
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, f"{secret} leaked into: {text[:300]}"


def exercise(client: EstClient, server: Hostile, evidence: list[str]) -> int:
    """Run successes and failures; record every text a user could see. Returns the number of errors."""
    credentials = {"name": "agents", "credentials": [{"username": "u1", "password": SIP_PASSWORD}]}
    calls: list[Callable[[], object]] = [
        lambda: client.credential_lists.create(credentials),
        lambda: client.credentials.upsert("C1", "u1", SIP_PASSWORD),
        lambda: client.credential_lists.get("C1"),
    ]
    errors = 0
    evidence += [repr(client), str(client), repr(client.credentials), repr(client.credentials._session._auth)]
    for mode in ("ok", "password-policy", "unauthorized", "token-refused", "drop", "timeout"):
        server.mode = mode
        for call in calls:
            try:
                evidence.append(repr(call()))
            except EstError as exc:
                errors += 1
                evidence += [str(exc), repr(exc), repr(vars(exc)), "".join(traceback.format_exception(exc))]
                logging.getLogger("test").exception("operation failed")
            from sinch_est.client._auth import clear_token_cache

            clear_token_cache()
    return errors


@pytest.mark.parametrize(
    "credentials",
    [
        {"key_id": "kid", "key_secret": KEY_SECRET},
        {"key_id": "kid", "key_secret": KEY_SECRET, "use_basic_auth": True},
        {"access_token": ACCESS_TOKEN},
    ],
    ids=["oauth2", "basic", "access-token"],
)
def test_no_secret_leaks(
    make_client: Callable[..., EstClient], evidence: list[str], credentials: dict[str, object]
) -> None:
    server = Hostile()
    options = {"access_token": None, "retry": RetryPolicy(attempts=2, backoff_base=0.0), **credentials}
    client = make_client(server, **options)
    assert exercise(client, server, evidence) >= 12
    # The hostile server really echoed the secrets, so the absence above is the client's doing.
    server.mode = "password-policy"
    raw = server(httpx.Request("PUT", "https://est.test/x", json={"password": SIP_PASSWORD}))
    assert SIP_PASSWORD in raw.text


def test_no_secret_leaks_over_the_emulator(emulator: Any, evidence: list[str]) -> None:
    """The same over real HTTP, with httpx's and httpcore's own DEBUG logging captured too."""
    weak = "weakpass9"
    planted = (emulator.key_secret, SIP_PASSWORD, weak)
    options: dict[str, Any] = {
        "api_url": emulator.url,
        "auth_url": emulator.url,
        "retry": RetryPolicy(attempts=2, backoff_base=0.0),
    }
    errors: list[EstError] = []
    with EstClient("leaks", key_id=emulator.key_id, key_secret=emulator.key_secret, **options) as client:
        made = client.credential_lists.create(
            {"name": "agents", "credentials": [{"username": "u1", "password": SIP_PASSWORD}]}
        )
        evidence.append(repr(made))
        token = client.credentials._session._auth.token()  # type: ignore[attr-defined]
        weak_list = {"name": "x", "credentials": [{"username": "u", "password": weak}]}
        calls: list[Callable[[], object]] = [
            lambda: client.credentials.upsert(made["id"], "u1", weak),
            lambda: client.credential_lists.create(weak_list),
        ]
        for call in calls:
            with pytest.raises(BadRequestError) as caught:
                call()
            errors.append(caught.value)
        emulator.set_faults(fault_drop=1.0)
        with pytest.raises(TransportError) as dropped:
            client.credentials.upsert(made["id"], "u2", SIP_PASSWORD)
        errors.append(dropped.value)
        emulator.set_faults()
        evidence += [repr(client), repr(client.credentials._session._auth)]
    with EstClient("leaks", key_id=emulator.key_id, key_secret=SIP_PASSWORD, **options) as wrong:
        with pytest.raises(AuthenticationError) as refused:
            list(wrong.sip_trunks.list())
        errors.append(refused.value)
    with EstClient("leaks", access_token=token + "x", **options) as stale:
        with pytest.raises(AuthenticationError) as rejected:
            list(stale.sip_trunks.list())
        errors.append(rejected.value)
    for exc in errors:
        evidence += [str(exc), repr(exc), repr(vars(exc)), "".join(traceback.format_exception(exc))]
        logging.getLogger("test").error("failed", exc_info=exc)
    text = "\n".join(evidence)
    for secret in (*planted, token, token + "x"):
        assert secret not in text, secret
