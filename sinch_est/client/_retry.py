"""Retries as an httpx transport wrapper: which failures are retried, and how long to wait.

What is retried (``RetryTransport``):

* replay-safe requests (GET, HEAD, OPTIONS, PUT, DELETE, and any request marked with the
  ``RETRY_SAFE`` extension): HTTP 429, 502, 503 and 504, connect and read/write timeouts, pool
  timeouts, and connections that fail or are dropped mid-exchange;
* any other request (in practice a creating POST) only when the failure proves nothing was done:
  the connection could not be opened (``NOT_SENT_ERRORS``: connect error, connect timeout, pool
  timeout), HTTP 429 (rejected by rate limiting before processing), or HTTP 503 carrying
  ``Retry-After`` (a deliberate refusal to take the request). A timeout after sending, a dropped
  connection, 500, 502, 504 or a bare 503 may have created the object; those are not retried and
  surface as errors with ``ambiguous=True`` so the caller can look the object up first.

Waits are full-jitter exponential (uniform in ``[0, min(cap, base * 2**(attempt-1))]``), never shorter
than a ``Retry-After`` (seconds or HTTP date), and bounded by ``RetryPolicy.attempts`` and
``RetryPolicy.deadline``; a wait that would cross the deadline is not taken, and each attempt's
timeouts are trimmed to the time left. After each attempt the request's ``RETRIES`` extension says how
many were made and how long it took, so an error can tell the user how hard the request was tried.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from sinch_est.client._config import RetryPolicy

__all__ = [
    "NOT_SENT_ERRORS",
    "RETRIES",
    "RETRY_SAFE",
    "Retries",
    "RetryTransport",
    "is_replay_safe",
    "parse_retry_after",
]

logger = logging.getLogger("sinch_est.client")

RETRY_SAFE = "sinch_est.retry_safe"
"""Request extension: ``True`` marks a non-idempotent method whose repetition is harmless."""

RETRIES = "sinch_est.retries"
"""Request extension kept current by ``RetryTransport``: the ``Retries`` of the request so far."""


@dataclass(frozen=True)
class Retries:
    """How hard a request was tried: attempts made, and seconds from the first until the last ended."""

    attempts: int
    elapsed: float


IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
"""Failures that happen before any byte of the request reaches the server."""
TRANSIENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    *NOT_SENT_ERRORS,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
)


def is_replay_safe(method: str, extensions: Mapping[str, object] | None = None) -> bool:
    """Whether sending the request twice has the same effect as sending it once."""
    return method.upper() in IDEMPOTENT_METHODS or bool((extensions or {}).get(RETRY_SAFE))


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); ``None`` if absent/bad."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _may_retry_status(response: httpx.Response, replay_safe: bool) -> bool:
    if response.status_code not in RETRY_STATUSES:
        return False
    if replay_safe or response.status_code == 429:
        return True
    return response.status_code == 503 and "retry-after" in response.headers


def _may_retry_error(exc: httpx.TransportError, replay_safe: bool) -> bool:
    return isinstance(exc, TRANSIENT_ERRORS if replay_safe else NOT_SENT_ERRORS)


class RetryTransport(httpx.BaseTransport):
    """Wraps a transport and retries transient failures according to a ``RetryPolicy``."""

    def __init__(
        self,
        transport: httpx.BaseTransport,
        *,
        policy: RetryPolicy,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        jitter: Callable[[float, float], float] = random.uniform,
    ) -> None:
        self._transport = transport
        self._policy = policy
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter

    def __repr__(self) -> str:
        return f"RetryTransport({self._transport!r}, policy={self._policy!r})"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        start = self._clock()
        replay_safe = is_replay_safe(request.method, request.extensions)
        timeouts = dict(request.extensions.get("timeout") or {})
        attempt = 1
        while True:
            self._trim_timeouts(request, timeouts, start)
            try:
                response = self._transport.handle_request(request)
            except httpx.TransportError as exc:
                self._record(request, type(exc).__name__, attempt, start)
                retry_after = None if not _may_retry_error(exc, replay_safe) else 0.0
                delay = self._delay(attempt, start, retry_after)
                if delay is None:
                    raise
            else:
                self._record(request, response.status_code, attempt, start)
                if not _may_retry_status(response, replay_safe):
                    return response
                retry_after = parse_retry_after(response.headers.get("retry-after")) or 0.0
                delay = self._delay(attempt, start, retry_after)
                if delay is None:
                    return response
                response.read()
                response.close()
            logger.debug("retrying %s %s in %.3fs", request.method, request.url.path, delay)
            self._sleep(delay)
            attempt += 1

    def close(self) -> None:
        self._transport.close()

    def _delay(self, attempt: int, start: float, retry_after: float | None) -> float | None:
        """How long to sleep before the next attempt, or ``None`` to stop (not retryable or out of budget)."""
        if retry_after is None or attempt >= self._policy.attempts:
            return None
        delay = max(retry_after, self._jitter(0.0, self._policy.backoff_ceiling(attempt)))
        if self._clock() - start + delay >= self._policy.deadline:
            return None
        return delay

    def _trim_timeouts(self, request: httpx.Request, timeouts: dict[str, float | None], start: float) -> None:
        if not timeouts:
            return
        left = max(0.001, self._policy.deadline - (self._clock() - start))
        request.extensions["timeout"] = {k: left if v is None else min(v, left) for k, v in timeouts.items()}

    def _record(self, request: httpx.Request, outcome: object, attempt: int, start: float) -> None:
        """Note the attempt on the request (``RETRIES``, which errors read) and in the debug log."""
        elapsed = self._clock() - start
        request.extensions[RETRIES] = Retries(attempt, elapsed)
        logger.debug("%s %s -> %s (attempt %d, %.3fs)", request.method, request.url.path, outcome, attempt, elapsed)
