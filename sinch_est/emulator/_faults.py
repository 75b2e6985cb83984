"""Injected trouble: latency, random 429/503/dropped connections, and a per-project rate limit."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from sinch_est.emulator import _errors as errors

__all__ = ["DROP", "FaultInjector", "Faults"]

DROP = "drop"
_MAX_BUCKETS = 10_000


@dataclass
class Faults:
    """Read on every EST and Numbers API request, so changing a field takes effect at once.

    Fractions are probabilities per request: ``fault_429`` answers 429 with ``Retry-After:
    retry_after``, ``fault_503`` answers 503, ``fault_drop`` closes the connection without a response.
    ``rate_limit`` allows that many requests per second per project (429 with ``Retry-After`` beyond).
    """

    latency_ms: float = 0.0
    fault_429: float = 0.0
    fault_503: float = 0.0
    fault_drop: float = 0.0
    rate_limit: float | None = None
    retry_after: float = 1.0

    def __post_init__(self) -> None:
        for name in ("fault_429", "fault_503", "fault_drop"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a fraction between 0 and 1, got {value!r}")
        if self.latency_ms < 0 or self.retry_after < 0:
            raise ValueError("latency_ms and retry_after cannot be negative")
        if self.rate_limit is not None and self.rate_limit <= 0:
            raise ValueError(f"rate_limit must be a positive number of requests per second, got {self.rate_limit!r}")

    def copy(self) -> Faults:
        return replace(self)

    def assign(self, other: Faults) -> None:
        """Take every setting of ``other`` in place (holders of this object see the change)."""
        for f in fields(self):
            setattr(self, f.name, getattr(other, f.name))


class FaultInjector:
    """Decides per request which fault of ``faults`` (if any) strikes; one token bucket per project."""

    def __init__(self, faults: Faults, *, seed: int | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.faults = faults
        self.clock = clock
        """Refills the rate-limit buckets; tests replace it to drive time instead of sleeping."""
        self._random = random.Random(seed)
        self._buckets: dict[str, tuple[float, float]] = {}

    def reset(self) -> None:
        self._buckets.clear()

    def decide(self, project_id: str | None) -> str | errors.EstError | None:
        """``DROP``, an error to answer with, or ``None`` to serve the request."""
        f = self.faults
        if f.fault_drop or f.fault_503 or f.fault_429:
            draw = self._random.random()
            if draw < f.fault_drop:
                return DROP
            if draw < f.fault_drop + f.fault_503:
                return errors.unavailable("The service is temporarily unavailable (injected fault); retry later")
            if draw < f.fault_drop + f.fault_503 + f.fault_429:
                return errors.rate_limited(f.retry_after, "Too many requests (injected fault); retry later")
        if f.rate_limit is not None and project_id is not None:
            wait = self._take(project_id, f.rate_limit)
            if wait > 0:
                return errors.rate_limited(
                    max(1, math.ceil(wait)), f"Rate limit of {f.rate_limit:g} requests per second exceeded"
                )
        return None

    def _take(self, project_id: str, rate: float) -> float:
        """Take one token from the project's bucket; the seconds until one is available if it is empty."""
        now = self.clock()
        capacity = max(1.0, rate)
        tokens, last = self._buckets.get(project_id, (capacity, now))
        tokens = min(capacity, tokens + (now - last) * rate)
        if tokens < 1.0:
            self._buckets[project_id] = (tokens, now)
            return (1.0 - tokens) / rate
        if len(self._buckets) >= _MAX_BUCKETS and project_id not in self._buckets:
            self._buckets.clear()  # bounded memory: forgetting full buckets only ever lets requests through
        self._buckets[project_id] = (tokens - 1.0, now)
        return 0.0
