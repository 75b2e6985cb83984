"""Many small writes inside one provider call, ``FAN_OUT`` at a time, for the provider-side blocks
(``TrunkPhoneNumbers``, ``TrunkEndpoints``): one resource and one state entry instead of one per item."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from sinch_est.client import EstError

__all__ = ["FAN_OUT", "failures", "fan_out"]

FAN_OUT = 8
"""Requests one block call keeps in flight (so up to 4 x 8 per provider process)."""
SHOWN = 5
"""Failed items an error message names before it says how many more there were."""

T = TypeVar("T")


def fan_out(keys: Iterable[str], work: Callable[[str], T]) -> tuple[dict[str, T], dict[str, EstError]]:
    """``work`` on every key, ``FAN_OUT`` at a time: what succeeded, and what failed with which error."""
    keys = list(keys)
    done: dict[str, T] = {}
    failed: dict[str, EstError] = {}
    if not keys:
        return done, failed

    def attempt(key: str) -> None:
        try:
            done[key] = work(key)
        except EstError as exc:
            failed[key] = exc

    with ThreadPoolExecutor(max_workers=min(FAN_OUT, len(keys)), thread_name_prefix="sinch-est-block") as pool:
        list(pool.map(attempt, keys))
    return done, failed


def failures(failed: Mapping[str, EstError]) -> str:
    """The failed items and their errors in one line, the first ``SHOWN`` of them."""
    listed = [f"{key} ({exc})" for key, exc in sorted(failed.items())]
    more = f"; and {len(listed) - SHOWN} more" if len(listed) > SHOWN else ""
    return "; ".join(listed[:SHOWN]) + more
