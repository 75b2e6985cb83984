"""Waiting for a condition: the one polling loop, with the clock injected so tests drive time instead of sleeping.

Used wherever something is waited for: a number's asynchronous provisioning in the Numbers API, and the
provider's short grace for a parent object that is not visible yet. (Retries of failed requests are a
different contract, kept in ``_retry``.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["SYSTEM_CLOCK", "Clock", "poll"]

T = TypeVar("T")


@dataclass(frozen=True)
class Clock:
    """Where time comes from: ``monotonic()`` seconds, and ``sleep(seconds)``."""

    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


SYSTEM_CLOCK = Clock()


def poll(
    attempt: Callable[[], T | None],
    *,
    timeout: float,
    interval: float,
    max_interval: float | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> T | None:
    """``attempt()`` until it returns something other than ``None``, which is returned; ``None`` once the next
    wait would end past ``timeout`` seconds from the first attempt.

    Waits ``interval`` between attempts, doubling up to ``max_interval`` when that is given. ``attempt`` ends
    the wait early by raising.
    """
    deadline = clock.monotonic() + timeout
    delay = interval
    while True:
        result = attempt()
        if result is not None:
            return result
        if clock.monotonic() + delay > deadline:
            return None
        clock.sleep(delay)
        if max_interval is not None:
            delay = min(2 * delay, max_interval)
