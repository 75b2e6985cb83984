"""An API that cannot be reached: the error names the URL tried and how hard it was tried, and the hint."""

from __future__ import annotations

import socket

import httpx
import pytest

from sinch_est.client import (
    EstClient,
    NotFoundError,
    RetryPolicy,
    TransportError,
    unreachable_api_hint,
)
from sinch_est.client._exceptions import map_httpx_exceptions
from sinch_est.client._retry import RetryTransport

PATH = "/v1/projects/p/trunks"


def refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused")


def time_out(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out")


def fake_time_client(handler: object, attempts: int) -> httpx.Client:
    """A client whose retries sleep on a fake clock, each backoff at its ceiling (1 s, 2 s, 4 s, ...)."""
    now = [100.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    transport = RetryTransport(
        httpx.MockTransport(handler),  # type: ignore[arg-type]
        policy=RetryPolicy(attempts=attempts, deadline=60.0, backoff_base=1.0, backoff_cap=8.0),
        sleep=sleep,
        clock=lambda: now[0],
        jitter=lambda low, high: high,
    )
    return httpx.Client(transport=transport)


def test_unreachable_api_error_names_the_url_the_attempts_and_the_time() -> None:
    client = fake_time_client(refuse, attempts=3)
    with pytest.raises(TransportError) as caught, map_httpx_exceptions("GET", PATH, replay_safe=True):
        client.get(f"http://127.0.0.1:8378{PATH}")
    error = caught.value
    assert str(error) == (
        "GET /v1/projects/p/trunks failed: could not connect to the API at http://127.0.0.1:8378 "
        "(ConnectError; 3 attempts over 3.0 s); check that http://127.0.0.1:8378 is right and the API is up "
        "there, then retry"
    )
    assert (error.url, error.attempts, error.elapsed, error.unreachable) == ("http://127.0.0.1:8378", 3, 3.0, True)
    assert error.ambiguous is False


def test_other_transport_errors_say_where_and_how_hard_too_but_are_not_unreachable() -> None:
    client = fake_time_client(time_out, attempts=2)
    with pytest.raises(TransportError) as caught, map_httpx_exceptions("GET", PATH, replay_safe=True):
        client.get(f"https://est.test{PATH}")
    message = str(caught.value)
    assert "timed out waiting for the API's response at https://est.test (ReadTimeout; 2 attempts over 1.0 s)" in (
        message
    )
    assert caught.value.unreachable is False


def test_a_closed_port_is_named_with_the_attempts_made() -> None:
    with socket.socket() as sock:  # a port nobody listens on any more
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    policy = RetryPolicy(attempts=2, backoff_base=0.0, backoff_cap=0.0)
    client = EstClient("p", key_id="k", key_secret="s", api_url=url, auth_url=url, numbers_url=url, retry=policy)
    with client, pytest.raises(TransportError) as caught:
        client.sip_trunks.get("T1")
    message = str(caught.value)
    assert message.startswith(f"POST /oauth2/token failed: could not connect to the API at {url} (ConnectError; ")
    assert "2 attempts over " in message and caught.value.attempts == 2 and caught.value.unreachable


def test_hint_for_settings_kept_in_state_says_what_one_command_fixes_it() -> None:
    error = TransportError(
        "x", method="DELETE", path="/v1/projects/p/trunks/T", url="http://127.0.0.1:4000", unreachable=True
    )
    hint = unreachable_api_hint(error, settings_from_state=True)
    assert hint is not None
    assert hint.startswith("the provider in state points at http://127.0.0.1:4000; ")
    assert "set sinch:apiUrl, sinch:authUrl and sinch:numbersUrl to the new URL and run `pulumi up` once" in hint
    assert "--run-program" in hint
    current = unreachable_api_hint(error, settings_from_state=False)
    assert current is not None
    assert current.startswith("the provider points at http://127.0.0.1:4000: check sinch:apiUrl")


def test_no_hint_when_the_api_was_reached() -> None:
    reached = TransportError("x", method="GET", path="/", url="https://est.test", unreachable=False)
    assert unreachable_api_hint(reached, settings_from_state=True) is None
    not_found = NotFoundError(status_code=404, status="NOT_FOUND", message="gone", method="GET", path="/")
    assert unreachable_api_hint(not_found, settings_from_state=True) is None
