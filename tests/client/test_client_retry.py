"""Fault handling of the retry transport, over httpx.MockTransport."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from client_harness import BASE, Script, error_body, json_response

from sinch_est.client import (
    EstClient,
    NotFoundError,
    RateLimitedError,
    RetryPolicy,
    ServerError,
    TransportError,
)
from sinch_est.client._retry import RetryTransport, parse_retry_after

TRUNK = {"id": "T1", "name": "main", "hostName": "main"}
MakeClient = Callable[..., EstClient]
DROPPED = httpx.RemoteProtocolError("Server disconnected without sending a response.")


def test_rate_limited_with_retry_after_costs_one_retry_and_one_second() -> None:
    script = Script(
        json_response(429, error_body(429, "RESOURCE_EXHAUSTED", "slow down"), **{"Retry-After": "1"}),
        json_response(200, TRUNK),
    )
    clock = FakeClock()
    transport = RetryTransport(httpx.MockTransport(script), policy=RetryPolicy(), sleep=clock.sleep, clock=clock)
    assert transport.handle_request(httpx.Request("GET", "https://est.test/x")).status_code == 200
    assert len(script.requests) == 2
    assert clock.sleeps == [1.0], "the default backoff (at most 0.25 s) stays under Retry-After"


def test_three_503s_then_success_succeeds(make_client: MakeClient) -> None:
    script = Script(*[json_response(503)] * 3, json_response(200, TRUNK))
    assert make_client(script).sip_trunks.get("T1")["name"] == "main"
    assert len(script.requests) == 4


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_transient_statuses_are_retried_for_reads(make_client: MakeClient, status: int) -> None:
    script = Script(json_response(status), json_response(200, TRUNK))
    make_client(script).sip_trunks.get("T1")
    assert len(script.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 500])
def test_other_statuses_are_not_retried(make_client: MakeClient, status: int) -> None:
    script = Script(json_response(status, error_body(status, "X", "no")))
    with pytest.raises(Exception):  # noqa: B017 - the class is tested in test_client_exceptions
        make_client(script).sip_trunks.get("T1")
    assert len(script.requests) == 1


def test_dropped_connection_on_get_is_retried(make_client: MakeClient) -> None:
    script = Script(DROPPED, json_response(200, TRUNK))
    assert make_client(script).sip_trunks.get("T1")["id"] == "T1"
    assert len(script.requests) == 2


@pytest.mark.parametrize(
    "error",
    [
        httpx.ReadTimeout("slow"),
        httpx.WriteTimeout("slow"),
        httpx.ReadError("reset"),
        httpx.ConnectError("refused"),
    ],
)
def test_timeouts_and_resets_are_retried_for_puts_and_deletes(make_client: MakeClient, error: Exception) -> None:
    script = Script(error, json_response(200, TRUNK))
    make_client(script).sip_trunks.update("T1", {"name": "main", "host_name": "main"})
    assert [r.method for r in script.requests] == ["PUT", "PUT"]
    script = Script(error, json_response(204))
    make_client(script).sip_trunks.delete("T1")
    assert len(script.requests) == 2


def test_dropped_connection_on_post_is_not_retried_and_is_ambiguous(make_client: MakeClient) -> None:
    script = Script(DROPPED, json_response(201, TRUNK))
    with pytest.raises(TransportError) as caught:
        make_client(script).sip_trunks.create({"name": "main", "host_name": "main"})
    assert caught.value.ambiguous is True
    assert len(script.requests) == 1
    assert "look the object up" in str(caught.value)
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)


@pytest.mark.parametrize("error", [httpx.ReadTimeout("slow"), httpx.WriteError("broken pipe")])
def test_post_failing_after_sending_is_ambiguous(make_client: MakeClient, error: Exception) -> None:
    script = Script(error, json_response(201, TRUNK))
    with pytest.raises(TransportError) as caught:
        make_client(script).sip_trunks.create({"name": "main", "host_name": "main"})
    assert caught.value.ambiguous and len(script.requests) == 1


@pytest.mark.parametrize(
    "first",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("no route"),
        httpx.PoolTimeout("pool full"),
        json_response(429, error_body(429, "RESOURCE_EXHAUSTED", "slow down")),
        json_response(503, error_body(503, "UNAVAILABLE", "shedding load"), **{"Retry-After": "0"}),
    ],
    ids=["connect-error", "connect-timeout", "pool-timeout", "429", "503-retry-after"],
)
def test_post_is_retried_when_nothing_was_created(make_client: MakeClient, first: httpx.Response | Exception) -> None:
    script = Script(first, json_response(201, TRUNK))
    assert make_client(script).sip_trunks.create({"name": "main", "host_name": "main"})["id"] == "T1"
    assert [r.method for r in script.requests] == ["POST", "POST"]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_post_5xx_is_not_retried_and_is_ambiguous(make_client: MakeClient, status: int) -> None:
    script = Script(json_response(status, error_body(status, "INTERNAL", "boom")), json_response(201, TRUNK))
    with pytest.raises(ServerError) as caught:
        make_client(script).sip_trunks.create({"name": "main", "host_name": "main"})
    assert caught.value.ambiguous and caught.value.status_code == status
    assert len(script.requests) == 1


def test_exhausted_post_429_is_not_ambiguous(make_client: MakeClient) -> None:
    script = Script(json_response(429, error_body(429, "RESOURCE_EXHAUSTED", "slow"), **{"Retry-After": "0"}))
    with pytest.raises(RateLimitedError) as caught:
        make_client(script, retry=RetryPolicy(attempts=3, backoff_base=0.001, backoff_cap=0.001)).sip_trunks.create(
            {"name": "main", "host_name": "main"}
        )
    assert not caught.value.ambiguous and caught.value.retry_after == 0
    assert len(script.requests) == 3


def test_failed_get_is_never_ambiguous(make_client: MakeClient) -> None:
    with pytest.raises(TransportError) as caught:
        make_client(Script(DROPPED), retry=RetryPolicy(attempts=2, backoff_base=0.0)).sip_trunks.get("T1")
    assert caught.value.ambiguous is False


def test_attempts_bound_the_retries(make_client: MakeClient) -> None:
    script = Script(json_response(503))
    with pytest.raises(ServerError):
        make_client(script, retry=RetryPolicy(attempts=4, backoff_base=0.0)).sip_trunks.get("T1")
    assert len(script.requests) == 4


def test_deadline_is_honoured() -> None:
    script = Script(json_response(503))
    clock = FakeClock()
    transport = RetryTransport(
        httpx.MockTransport(script),
        policy=RetryPolicy(attempts=100, deadline=0.5, backoff_base=0.05, backoff_cap=0.1),
        sleep=clock.sleep,
        clock=clock,
        jitter=lambda low, high: high,
    )
    assert transport.handle_request(httpx.Request("GET", "https://est.test/x")).status_code == 503
    assert clock.sleeps == [0.05, 0.1, 0.1, 0.1, 0.1], "a sixth wait would end at 0.55 s, past the deadline"
    assert len(script.requests) == 6


def test_retry_after_beyond_the_deadline_gives_up_at_once(make_client: MakeClient) -> None:
    script = Script(json_response(429, error_body(429, "RESOURCE_EXHAUSTED", "later"), **{"Retry-After": "120"}))
    with pytest.raises(RateLimitedError) as caught:
        make_client(script, retry=RetryPolicy(deadline=5.0)).sip_trunks.get("T1")
    assert caught.value.retry_after == 120 and len(script.requests) == 1, "one request: no wait was taken"


def test_attempt_timeouts_are_trimmed_to_the_deadline(make_client: MakeClient) -> None:
    seen: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return json_response(200, TRUNK)

    make_client(handler, retry=RetryPolicy(deadline=2.0)).sip_trunks.get("T1")
    assert seen[0]["connect"] <= 2.0 and seen[0]["read"] <= 2.0
    make_client(handler).sip_trunks.get("T1")
    assert seen[1] == {"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 10.0}


def test_not_found_is_not_retried_and_only_404_means_gone(make_client: MakeClient) -> None:
    script = Script(json_response(404, error_body(404, "NOT_FOUND", "no such trunk")))
    with pytest.raises(NotFoundError):
        make_client(script).sip_trunks.get("T1")
    assert len(script.requests) == 1


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_backoff_is_full_jitter_exponential_and_capped() -> None:
    clock = FakeClock()
    ceilings: list[float] = []

    def jitter(low: float, high: float) -> float:
        ceilings.append(high)
        return high

    policy = RetryPolicy(attempts=7, deadline=1000.0, backoff_base=0.25, backoff_cap=2.0)
    transport = RetryTransport(
        httpx.MockTransport(Script(json_response(503))),
        policy=policy,
        sleep=clock.sleep,
        clock=clock,
        jitter=jitter,
    )
    response = transport.handle_request(httpx.Request("GET", "https://est.test" + BASE + "/trunks"))
    assert response.status_code == 503
    assert ceilings == [0.25, 0.5, 1.0, 2.0, 2.0, 2.0]
    assert clock.sleeps == ceilings


def test_retry_after_is_a_floor_under_the_jitter() -> None:
    clock = FakeClock()
    transport = RetryTransport(
        httpx.MockTransport(Script(json_response(429, **{"Retry-After": "3"}), json_response(200, {}))),
        policy=RetryPolicy(),
        sleep=clock.sleep,
        clock=clock,
        jitter=lambda low, high: high,
    )
    assert transport.handle_request(httpx.Request("GET", "https://est.test/x")).status_code == 200
    assert clock.sleeps == [3.0]


def test_parse_retry_after_accepts_seconds_and_http_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after(format_datetime(now + timedelta(seconds=7), usegmt=True), now=now) == 7.0
    assert parse_retry_after(format_datetime(now - timedelta(seconds=7), usegmt=True), now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None


def test_retries_are_logged_without_headers_or_bodies(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="sinch_est.client")
    make_client(Script(json_response(503), json_response(200, TRUNK))).sip_trunks.get("T1")
    lines = [r.getMessage() for r in caplog.records if r.name == "sinch_est.client"]
    assert any(line.startswith(f"GET {BASE}/trunks/T1 -> 503 (attempt 1") for line in lines)
    assert any(f"GET {BASE}/trunks/T1 -> 200 (attempt 2" in line for line in lines)
    assert any(line.startswith("retrying GET") for line in lines)
    assert not any("Bearer" in line or "main" in line for line in lines)
