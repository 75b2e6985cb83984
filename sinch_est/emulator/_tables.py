"""One project's data: tables of records with a parent index, many-to-many links, (de)serialisation,
and the changes an operation made, for the state file's journal."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Change", "Links", "ProjectData", "Record", "Records", "Table"]

Record = dict[str, Any]
Records = list[Record]
Change = tuple[Any, ...]
"""One step of an operation as the journal keeps it: ``("put", table, key, parent, record)``,
``("remove", table, key)``, ``("link"|"unlink", links, source, target)``, ``("set", section, key,
value)``, ``("unset", section, key)``, ``("extend", section, items)`` or ``("assign", section, items)``."""


class Table:
    """Records by key, in insertion order, each optionally under a parent id (indexed both ways).

    Rows are replaced with ``put``, never changed in place: ``put`` and ``remove`` are what the journal
    records (appended to ``changes``, under the table's ``name``).
    """

    __slots__ = ("_children", "_parent", "_rows", "changes", "name")

    def __init__(self, name: str = "", changes: list[Change] | None = None) -> None:
        self._rows: dict[str, Record] = {}
        self._parent: dict[str, str] = {}
        self._children: dict[str, dict[str, None]] = {}
        self.name = name
        self.changes = changes

    def __len__(self) -> int:
        return len(self._rows)

    def put(self, key: str, record: Record, parent: str | None = None) -> None:
        old_parent = self._parent.get(key)
        if old_parent is not None and old_parent != parent:
            self._unindex(key, old_parent)
        self._rows[key] = record
        if parent is not None:
            self._parent[key] = parent
            self._children.setdefault(parent, {})[key] = None
        if self.changes is not None:
            self.changes.append(("put", self.name, key, parent, record))

    def get(self, key: str, parent: str | None = None) -> Record | None:
        record = self._rows.get(key)
        if record is None or (parent is not None and self._parent.get(key) != parent):
            return None
        return record

    def parent_of(self, key: str) -> str | None:
        return self._parent.get(key)

    def remove(self, key: str) -> Record | None:
        record = self._rows.pop(key, None)
        parent = self._parent.pop(key, None)
        if parent is not None:
            self._unindex(key, parent)
        if record is not None and self.changes is not None:
            self.changes.append(("remove", self.name, key))
        return record

    def _unindex(self, key: str, parent: str) -> None:
        siblings = self._children.get(parent)
        if siblings is not None:
            siblings.pop(key, None)
            if not siblings:
                del self._children[parent]

    def keys(self, parent: str | None = None) -> list[str]:
        if parent is None:
            return list(self._rows)
        return list(self._children.get(parent, ()))

    def records(self, parent: str | None = None) -> list[Record]:
        return [self._rows[key] for key in self.keys(parent)]

    def has_children(self, parent: str) -> bool:
        return bool(self._children.get(parent))

    def dump(self) -> list[list[Any]]:
        return [[key, self._parent.get(key), record] for key, record in self._rows.items()]

    @classmethod
    def load(cls, rows: list[list[Any]]) -> Table:
        table = cls()
        for key, parent, record in rows:
            table.put(key, record, parent)
        return table


class Links:
    """An ordered many-to-many relation from sources (trunks) to targets (lists), indexed both ways.

    ``add`` and ``remove`` are recorded in ``changes``, as for ``Table``.
    """

    __slots__ = ("_forward", "_reverse", "changes", "name")

    def __init__(self, name: str = "", changes: list[Change] | None = None) -> None:
        self._forward: dict[str, dict[str, None]] = {}
        self._reverse: dict[str, dict[str, None]] = {}
        self.name = name
        self.changes = changes

    def add(self, source: str, target: str) -> None:
        self._forward.setdefault(source, {})[target] = None
        self._reverse.setdefault(target, {})[source] = None
        if self.changes is not None:
            self.changes.append(("link", self.name, source, target))

    def remove(self, source: str, target: str) -> bool:
        targets = self._forward.get(source)
        if targets is None or target not in targets:
            return False
        del targets[target]
        if not targets:
            del self._forward[source]
        sources = self._reverse[target]
        del sources[source]
        if not sources:
            del self._reverse[target]
        if self.changes is not None:
            self.changes.append(("unlink", self.name, source, target))
        return True

    def targets(self, source: str) -> list[str]:
        return list(self._forward.get(source, ()))

    def sources(self, target: str) -> list[str]:
        return list(self._reverse.get(target, ()))

    def drop_source(self, source: str) -> None:
        for target in self.targets(source):
            self.remove(source, target)

    def dump(self) -> list[list[str]]:
        return [[source, target] for source, targets in self._forward.items() for target in targets]

    @classmethod
    def load(cls, pairs: list[list[str]]) -> Links:
        links = cls()
        for source, target in pairs:
            links.add(source, target)
        return links


_MAPPINGS = {"passwords": "passwords", "countries": "countries", "activeNumbers": "active_numbers"}
_LISTS = {"calls": "calls", "addedProjects": "added_projects"}
"""The sections besides tables and links, by their name in the state file. Code changes them in place
(even inside their values), so ``take_changes`` finds their changes by comparing with a copy."""


@dataclass
class ProjectData:
    """Everything one project holds. Created on the first write to the project, never by a read."""

    tables: dict[str, Table] = field(default_factory=dict)
    links: dict[str, Links] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    """Credential id -> salted password hash; plaintext passwords are never kept."""
    countries: dict[str, bool] = field(default_factory=dict)
    """Country permission overrides of the seeded defaults."""
    active_numbers: dict[str, Record] = field(default_factory=dict)
    """Numbers API state per phone number that was ever patched."""
    calls: list[Record] = field(default_factory=list)
    """Call records added with ``Store.add_call`` (the fixture calls are computed, not stored)."""
    added_projects: list[str] = field(default_factory=list)
    next_due: float | None = None
    """When the earliest scheduled voice provisioning falls due (derived from ``active_numbers``)."""
    changes: list[Change] = field(default_factory=list, repr=False, compare=False)
    """What the tables and links recorded since ``take_changes``."""

    def __post_init__(self) -> None:
        self.reschedule()
        for name, table in self.tables.items():
            table.name, table.changes = name, self.changes
        for name, links in self.links.items():
            links.name, links.changes = name, self.changes
        self._seen: dict[str, Any] = {}
        self.forget_changes()

    def reschedule(self) -> None:
        dues = [state["dueAt"] for state in self.active_numbers.values() if "dueAt" in state]
        self.next_due = min(dues) if dues else None

    def table(self, name: str) -> Table:
        found = self.tables.get(name)
        if found is None:
            found = self.tables[name] = Table(name, self.changes)
        return found

    def link(self, name: str) -> Links:
        found = self.links.get(name)
        if found is None:
            found = self.links[name] = Links(name, self.changes)
        return found

    def take_changes(self) -> list[Change]:
        """Every change since the last call (or ``forget_changes``), in order, for the journal.

        The records in the changes are the live ones: serialise them before anything changes again.
        """
        found = list(self.changes)
        self.changes.clear()
        for wire, attr in _MAPPINGS.items():
            now: dict[str, Any] = getattr(self, attr)
            seen: dict[str, Any] = self._seen[wire]
            if now == seen:
                continue
            for key, value in now.items():
                if key not in seen or seen[key] != value:
                    found.append(("set", wire, key, value))
                    seen[key] = _copy(value)
            for key in [k for k in seen if k not in now]:
                found.append(("unset", wire, key))
                del seen[key]
        for wire, attr in _LISTS.items():
            items: list[Any] = getattr(self, attr)
            before: list[Any] = self._seen[wire]
            if items == before:
                continue
            if items[: len(before)] == before:
                found.append(("extend", wire, items[len(before) :]))
            else:
                found.append(("assign", wire, list(items)))
            self._seen[wire] = _copy(items)
        return found

    def forget_changes(self) -> None:
        """Start ``take_changes`` afresh from the data as it is now (after loading or replaying)."""
        self.changes.clear()
        self._seen = {wire: _copy(getattr(self, attr)) for wire, attr in (_MAPPINGS | _LISTS).items()}

    def apply(self, changes: list[list[Any]]) -> None:
        """Replay changes read back from the journal (JSON made the tuples lists); then ``replayed()``."""
        for change in changes:
            op, section = change[0], change[1]
            if op == "put":
                self.table(section).put(change[2], change[4], change[3])
            elif op == "remove":
                self.table(section).remove(change[2])
            elif op == "link":
                self.link(section).add(change[2], change[3])
            elif op == "unlink":
                self.link(section).remove(change[2], change[3])
            elif op == "set":
                getattr(self, _MAPPINGS[section])[change[2]] = change[3]
            elif op == "unset":
                getattr(self, _MAPPINGS[section]).pop(change[2], None)
            elif op == "extend":
                getattr(self, _LISTS[section]).extend(change[2])
            elif op == "assign":
                setattr(self, _LISTS[section], list(change[2]))
            else:
                raise ValueError(f"unknown journal change {op!r}")

    def replayed(self) -> None:
        """After the last ``apply``: derive the schedule again and take changes from here on."""
        self.reschedule()
        self.forget_changes()

    def dump(self) -> dict[str, Any]:
        return {
            "tables": {name: table.dump() for name, table in self.tables.items()},
            "links": {name: links.dump() for name, links in self.links.items()},
            "passwords": self.passwords,
            "countries": self.countries,
            "activeNumbers": self.active_numbers,
            "calls": self.calls,
            "addedProjects": self.added_projects,
        }

    @classmethod
    def load(cls, data: dict[str, Any]) -> ProjectData:
        return cls(
            tables={name: Table.load(rows) for name, rows in data.get("tables", {}).items()},
            links={name: Links.load(pairs) for name, pairs in data.get("links", {}).items()},
            passwords=dict(data.get("passwords", {})),
            countries=dict(data.get("countries", {})),
            active_numbers=dict(data.get("activeNumbers", {})),
            calls=list(data.get("calls", [])),
            added_projects=list(data.get("addedProjects", [])),
        )


def _copy(value: Any) -> Any:
    """A deep copy of JSON data (values inside the sections are changed in place)."""
    return json.loads(json.dumps(value))
