"""How providers read objects: ``Reads``, typed by the schema, either live or from a short-lived list cache.

``get_remote`` hooks receive a ``Reads`` and nothing else, so every read an object makes goes through it.
``LiveReads`` asks the API (create, adopt, update). ``CachedReads`` serves ``read`` (refresh) from a
short-lived, single-flight cache of list results, so a refresh costs one list call per kind and parent,
not a GET per object: create, update, adopt and delete always talk to the API, and
every write made in this process drops what is cached. A failed list raises to the reads that asked for
it and is never cached, so a throttled or broken list can fail a refresh but never drop a resource; an
object missing from its list is fetched by GET, whose 404 stays the one spelling of "gone".
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sinch_est.client import EstClient, NotFoundError
from sinch_est.schema import SPECS_BY_NAME, ObjectSpec

__all__ = ["READS", "READ_CACHE_TTL", "CachedReads", "ListCache", "LiveReads", "Reads"]

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


class Reads(Protocol):
    """Reads of EST objects by their spec: one object by its key (``spec.key``) under its parents, or the
    ids linked to a trunk."""

    def get(self, spec: ObjectSpec, item_id: str, **parents: str) -> dict[str, Any]:
        """The object, or ``NotFoundError``."""
        ...

    def linked(self, spec: ObjectSpec, trunk_id: str) -> set[str]:
        """The ids of the lists a link spec attaches to ``trunk_id``."""
        ...

    def all(self, spec: ObjectSpec, **parents: str) -> list[dict[str, Any]]:
        """Every object of the kind under its parents, or ``NotFoundError`` when a parent is gone."""
        ...


class LiveReads:
    """Every read asks the API."""

    def __init__(self, client: EstClient) -> None:
        self.client = client

    def get(self, spec: ObjectSpec, item_id: str, **parents: str) -> dict[str, Any]:
        return self.client.group(spec).fetch(item_id, **parents)

    def linked(self, spec: ObjectSpec, trunk_id: str) -> set[str]:
        return {str(item["id"]) for item in self.client.group(spec).fetch_all(trunk_id=trunk_id)}

    def all(self, spec: ObjectSpec, **parents: str) -> list[dict[str, Any]]:
        return [dict(item) for item in self.client.group(spec).fetch_all(**parents)]


class CachedReads:
    """Reads answered from the cached list of the object's kind under its parents. An object missing from
    its list is fetched by its own GET, whose 404 stays the one spelling of "gone"."""

    def __init__(self, client: EstClient, cache: ListCache = READS) -> None:
        self.client = client
        self.cache = cache

    def _items(self, spec: ObjectSpec, parents: Mapping[str, str]) -> dict[str, Item]:
        key = (self.client.project_id, self.client.api_url, spec.name, *sorted(parents.items()))
        group = self.client.group(spec)
        return self.cache.items(key, lambda: group.fetch_all(**parents), lambda item: item.get(spec.key))

    def get(self, spec: ObjectSpec, item_id: str, **parents: str) -> dict[str, Any]:
        try:
            items = self._items(spec, parents)
        except NotFoundError:
            items = {}  # the parent is gone: the GET below answers with its own 404
        found = items.get(item_id)
        if found is None:
            return self.client.group(spec).fetch(item_id, **parents)
        return copy.deepcopy(dict(found))

    def linked(self, spec: ObjectSpec, trunk_id: str) -> set[str]:
        if spec.listed_in:
            # One list of the lists, each naming its trunks, answers every trunk's links.
            kind, field = spec.listed_in
            lists = self._items(SPECS_BY_NAME[kind], {})
            return {list_id for list_id, item in lists.items() if trunk_id in (item.get(field) or ())}
        return set(self._items(spec, {"trunk_id": trunk_id}))

    def all(self, spec: ObjectSpec, **parents: str) -> list[dict[str, Any]]:
        return [copy.deepcopy(dict(item)) for item in self._items(spec, parents).values()]
