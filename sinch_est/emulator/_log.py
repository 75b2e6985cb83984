"""The request log tests read to count API calls: method, path, status, time and project; never bodies."""

from __future__ import annotations

import fnmatch
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

__all__ = ["RequestLog", "RequestRecord"]


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One served request. ``status`` is 0 for a dropped connection. No headers or bodies are kept.

    ``disconnected``: the client had closed the connection before the response started. The request
    was still carried out (its write happened) and ``status`` is the answer it would have had, unless
    the request never arrived in full: then ``status`` is 0 and nothing was done.
    """

    method: str
    path: str
    query: str
    status: int
    timestamp: float
    project_id: str | None
    duration_ms: float
    disconnected: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "timestamp": self.timestamp,
            "projectId": self.project_id,
            "durationMs": round(self.duration_ms, 3),
            "disconnected": self.disconnected,
        }


class RequestLog(Sequence[RequestRecord]):
    """The newest ``maxlen`` requests, oldest first; ``total`` counts every request ever logged.

    ``in_flight`` counts the requests received in full and not answered yet (they are logged when
    answered), e.g. writes sleeping in the injected latency.
    """

    def __init__(self, maxlen: int | None = 100_000) -> None:
        self._records: deque[RequestRecord] = deque(maxlen=maxlen)
        self._lock = threading.Lock()
        self._appended = threading.Condition(self._lock)
        self.total = 0
        self.in_flight = 0

    @property
    def maxlen(self) -> int | None:
        return self._records.maxlen

    def append(self, record: RequestRecord) -> None:
        with self._lock:
            self._records.append(record)
            self.total += 1
            self._appended.notify_all()

    def started(self) -> None:
        with self._lock:
            self.in_flight += 1
            self._appended.notify_all()

    def finished(self) -> None:
        with self._lock:
            self.in_flight -= 1
            self._appended.notify_all()

    def wait_in_flight(self, count: int = 1, timeout: float | None = None) -> None:
        """Block until at least ``count`` requests are in flight (``TimeoutError`` after ``timeout`` s)."""
        with self._appended:
            if not self._appended.wait_for(lambda: self.in_flight >= count, timeout):
                raise TimeoutError(f"fewer than {count} requests in flight after {timeout} s")

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
            self.total = 0

    def snapshot(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[RequestRecord]:
        return iter(self.snapshot())

    @overload
    def __getitem__(self, index: int) -> RequestRecord: ...

    @overload
    def __getitem__(self, index: slice) -> list[RequestRecord]: ...

    def __getitem__(self, index: int | slice) -> RequestRecord | list[RequestRecord]:
        return self.snapshot()[index]

    def matching(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        status: int | None = None,
        project_id: str | None = None,
    ) -> list[RequestRecord]:
        """The records that match every given criterion; ``path`` may use shell wildcards (``*/trunks*``)."""
        return _matching(self.snapshot(), method, path, status, project_id)

    def wait_for(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        status: int | None = None,
        project_id: str | None = None,
        count: int = 1,
        timeout: float | None = None,
    ) -> list[RequestRecord]:
        """Block until at least ``count`` records match (as in ``matching``) and return the matches.

        For a request whose client is gone: its record is logged once it has been carried out.
        ``TimeoutError`` after ``timeout`` seconds, if one is given.
        """
        found: list[RequestRecord] = []

        def enough() -> bool:
            found[:] = _matching(self._records, method, path, status, project_id)
            return len(found) >= count

        with self._appended:
            if not self._appended.wait_for(enough, timeout):
                raise TimeoutError(f"fewer than {count} matching requests after {timeout} s: {found}")
        return found


def _matching(
    records: Iterable[RequestRecord], method: str | None, path: str | None, status: int | None, project_id: str | None
) -> list[RequestRecord]:
    return [
        r
        for r in records
        if (method is None or r.method == method.upper())
        and (path is None or r.path == path or fnmatch.fnmatchcase(r.path, path))
        and (status is None or r.status == status)
        and (project_id is None or r.project_id == project_id)
    ]
