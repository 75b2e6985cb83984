"""One project's data: tables of records with a parent index, many-to-many links, (de)serialisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Links", "ProjectData", "Record", "Records", "Table"]

Record = dict[str, Any]
Records = list[Record]


class Table:
    """Records by key, in insertion order, each optionally under a parent id (indexed both ways)."""

    __slots__ = ("_children", "_parent", "_rows")

    def __init__(self) -> None:
        self._rows: dict[str, Record] = {}
        self._parent: dict[str, str] = {}
        self._children: dict[str, dict[str, None]] = {}

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
    """An ordered many-to-many relation from sources (trunks) to targets (lists), indexed both ways."""

    __slots__ = ("_forward", "_reverse")

    def __init__(self) -> None:
        self._forward: dict[str, dict[str, None]] = {}
        self._reverse: dict[str, dict[str, None]] = {}

    def add(self, source: str, target: str) -> None:
        self._forward.setdefault(source, {})[target] = None
        self._reverse.setdefault(target, {})[source] = None

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

    def __post_init__(self) -> None:
        self.reschedule()

    def reschedule(self) -> None:
        dues = [state["dueAt"] for state in self.active_numbers.values() if "dueAt" in state]
        self.next_due = min(dues) if dues else None

    def table(self, name: str) -> Table:
        found = self.tables.get(name)
        if found is None:
            found = self.tables[name] = Table()
        return found

    def link(self, name: str) -> Links:
        found = self.links.get(name)
        if found is None:
            found = self.links[name] = Links()
        return found

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
