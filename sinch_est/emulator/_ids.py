"""Identifiers and timestamps the way EST writes them: 26-char Crockford ULIDs and RFC 3339 UTC with Z."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from datetime import UTC, datetime

__all__ = ["derived_id", "new_id", "now", "timestamp"]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_lock = threading.Lock()
_last: tuple[int, int] = (0, 0)


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_id() -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, increasing within one millisecond."""
    global _last
    with _lock:
        millis = time.time_ns() // 1_000_000
        last_millis, last_random = _last
        if millis <= last_millis:
            millis, random_part = last_millis, (last_random + 1) & ((1 << 80) - 1)
        else:
            random_part = int.from_bytes(os.urandom(10), "big")
        _last = (millis, random_part)
    return _encode(millis, 10) + _encode(random_part, 16)


def derived_id(*parts: str) -> str:
    """A stable ULID-shaped id computed from ``parts`` (for fixtures that must not change between runs)."""
    digest = int.from_bytes(hashlib.sha256("\x00".join(parts).encode()).digest()[:17], "big")
    return _encode(digest >> 6, 26)


def timestamp(moment: float) -> str:
    """``moment`` (seconds since the epoch) as RFC 3339 UTC with microseconds and a ``Z``."""
    text = datetime.fromtimestamp(moment, UTC).isoformat(timespec="microseconds")
    return text.replace("+00:00", "Z")


def now() -> str:
    return timestamp(time.time())
