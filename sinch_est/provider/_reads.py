"""A short-lived, single-flight cache of list results, so a refresh costs one list call per list, not a GET each.

Only ``read`` uses it, through ``ReadView``: create, update, adopt and delete always talk to the API, and
every write made in this process drops what is cached. A failed list raises to the reads that asked for
it and is never cached, so a throttled or broken list can fail a refresh but never drop a resource; an
object missing from its list is fetched by GET, whose 404 stays the one spelling of "gone".
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sinch_est.client import EstClient, NotFoundError

__all__ = ["READS", "READ_CACHE_TTL", "ListCache", "ReadView"]

READ_CACHE_TTL = 5.0
"""Seconds a list answers reads: long enough for one refresh burst, short enough to stay a snapshot."""

Item = Mapping[str, Any]


@dataclass(frozen=True)
class _Entry:
    items: dict[str, Item]
    fetched: float
    generation: int


class ListCache:
    """Lists by key, each fetched at most once per ``ttl`` however many threads ask at once."""

    def __init__(self, ttl: float = READ_CACHE_TTL, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._entries: dict[Hashable, _Entry] = {}
        self._generation = 0

    def items(
        self, key: Hashable, fetch: Callable[[], Iterable[Item]], item_id: Callable[[Item], Any]
    ) -> dict[str, Item]:
        """The list's items by id. Concurrent callers of one key share one fetch; a fetch that fails
        raises here (the next caller tries again), and one overtaken by ``invalidate`` is not kept."""
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                entry = self._entries.get(key)
                if (
                    entry is not None
                    and entry.generation == self._generation
                    and self._clock() - entry.fetched < self.ttl
                ):
                    return entry.items
                generation = self._generation
            started = self._clock()
            items = {str(i): item for item in fetch() if (i := item_id(item)) is not None}
            with self._lock:
                if generation == self._generation:
                    self._entries[key] = _Entry(items, started, generation)
            return items

    def invalidate(self) -> None:
        """Forget every list, including those being fetched right now (called after each write)."""
        with self._lock:
            self._generation += 1
            self._entries.clear()


READS = ListCache()
"""The process's cache: one provider process serves every resource of a stack (or of a pool member)."""

_GETS = {
    "sip_trunks": "id",
    "sip_endpoints": "id",
    "access_control_lists": "id",
    "credential_lists": "id",
    "call_blocking_rules": "id",
    "phone_numbers": "phone_number",
    "country_permissions": "iso_code",
}
"""Client groups whose ``get(*parents, key)`` is answered from ``list(*parents)``, and the item field that
is the key."""

_LINKS = ("trunk_access_control_lists", "trunk_credential_lists")
"""Client groups whose ``list(trunk_id)`` of linked ids is itself cached."""


class _ListedGets:
    def __init__(self, view: ReadView, name: str, key_field: str) -> None:
        self._view, self._name, self._key_field = view, name, key_field
        self._group = getattr(view.client, name)

    def get(self, *args: str) -> dict[str, Any]:
        *parents, item_id = args
        try:
            items = self._view.cached(
                (self._name, *parents), lambda: self._group.list(*parents), lambda i: i.get(self._key_field)
            )
        except NotFoundError:
            items = {}  # the parent is gone: the GET below answers with its own 404
        found = items.get(item_id)
        if found is None:
            result: dict[str, Any] = self._group.get(*args)
            return result
        return copy.deepcopy(dict(found))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._group, name)


class _ListedLinks:
    def __init__(self, view: ReadView, name: str) -> None:
        self._view, self._name = view, name
        self._group = getattr(view.client, name)

    def list(self, trunk_id: str) -> Iterator[str]:
        items = self._view.cached(
            (self._name, trunk_id), lambda: ({"id": i} for i in self._group.list(trunk_id)), lambda i: i["id"]
        )
        return iter(list(items))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._group, name)


class ReadView:
    """The client as ``read`` sees it: a GET of one object (and a trunk's list of links) is answered
    from the cached list of its kind under its parent; everything else goes to ``client`` unchanged."""

    def __init__(self, client: EstClient, cache: ListCache = READS) -> None:
        self.client = client
        self.cache = cache
        for name, key_field in _GETS.items():
            setattr(self, name, _ListedGets(self, name, key_field))
        for name in _LINKS:
            setattr(self, name, _ListedLinks(self, name))

    def cached(
        self, key: tuple[str, ...], fetch: Callable[[], Iterable[Item]], item_id: Callable[[Item], Any]
    ) -> dict[str, Item]:
        return self.cache.items((self.client.project_id, self.client.api_url, *key), fetch, item_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)
