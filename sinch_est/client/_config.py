"""Keyword-only configuration value objects and the ``UNSET`` sentinel."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final, Literal

import httpx

__all__ = ["UNSET", "RetryPolicy", "Timeouts", "Unset"]


class Unset(enum.Enum):
    """The type of ``UNSET``: "keep the server's current value", as opposed to ``None``."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> Literal[False]:
        return False


UNSET: Final = Unset.UNSET
"""In ``update`` props: keep the server's value for this field (EST's PUT would otherwise reset it)."""


@dataclass(frozen=True, kw_only=True)
class Timeouts:
    """Per-attempt network timeouts in seconds; every request always has all four."""

    connect: float = 5.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 10.0

    def __post_init__(self) -> None:
        for name in ("connect", "read", "write", "pool"):
            if not getattr(self, name) > 0:
                raise ValueError(f"Timeouts.{name} must be a positive number of seconds")

    def to_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    """How transient failures are retried: full-jitter exponential backoff within both bounds.

    ``attempts`` counts the first try; ``deadline`` bounds the whole call, sleeps included, from the
    first attempt. ``RetryPolicy(attempts=1)`` disables retries.
    """

    attempts: int = 6
    deadline: float = 60.0
    backoff_base: float = 0.25
    backoff_cap: float = 8.0

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("RetryPolicy.attempts must be at least 1 (the first try)")
        if not self.deadline > 0:
            raise ValueError("RetryPolicy.deadline must be a positive number of seconds")
        if self.backoff_base < 0 or self.backoff_cap < self.backoff_base:
            raise ValueError("RetryPolicy needs 0 <= backoff_base <= backoff_cap")

    def backoff_ceiling(self, attempt: int) -> float:
        """The upper bound of the jittered sleep after failed ``attempt`` (1-based)."""
        return float(min(self.backoff_cap, self.backoff_base * 2.0 ** (attempt - 1)))
