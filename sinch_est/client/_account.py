"""Project-wide settings and history: country permissions, call blocking, calls, projects (est-api.md §10)."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sinch_est.client._pagination import DEFAULT_PAGE_SIZE
from sinch_est.client._resources import Resource
from sinch_est.client._session import Session
from sinch_est.schema import CALL, CALL_BLOCKING_RULE, COUNTRY_PERMISSION

__all__ = ["CallBlockingRules", "Calls", "CountryPermissions", "Projects", "call_filters"]


class CountryPermissions(Resource):
    """``client.country_permissions``: a fixed set of countries, each enabled or not (no create/delete)."""

    spec = COUNTRY_PERMISSION

    def list(self) -> Iterator[dict[str, Any]]:
        return self._list()

    def get(self, iso_code: str) -> dict[str, Any]:
        return self._get(iso_code)

    def update(self, iso_code: str, enabled: bool) -> dict[str, Any]:
        props = {"enabled": enabled}
        return self._put(self._item(iso_code), props, self._body(props))


class CallBlockingRules(Resource):
    """``client.call_blocking_rules``: project-wide rules blocking calls by country and number prefix."""

    spec = CALL_BLOCKING_RULE

    def create(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return self._create(props)

    def list(self) -> Iterator[dict[str, Any]]:
        return self._list()

    def get(self, rule_id: str) -> dict[str, Any]:
        """The rule, found in the list (the API has no GET by id); ``NotFoundError`` if absent."""
        return self._find(rule_id)

    def update(self, rule_id: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """Replace the rule (see ``SipTrunks.update``)."""
        return self._update(rule_id, props)

    def delete(self, rule_id: str) -> None:
        self._delete(rule_id)

    def _current(self, item_id: str, **parents: str) -> dict[str, Any]:
        return self._find(item_id)


_RANGE_FILTERS = {"create_time_start": ">", "create_time_end": "<"}


def _camel(name: str) -> str:
    head, *rest = name.rstrip("_").split("_")
    return head + "".join(part.title() for part in rest)


def _filter_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(_filter_value(item) for item in value)
    return str(value)


def call_filters(filters: Mapping[str, Any]) -> dict[str, str]:
    """Query parameters from Python-named call filters.

    Call fields use their wire names (``from_`` → ``from``, ``trunk_id`` → ``trunkId``);
    ``create_time_start``/``create_time_end`` become the API's ``createTime>=``/``createTime<=`` range
    operators; other names (export's ``from_country_code``, ``emergency_only`` …) are camel-cased.
    Lists are comma-joined, booleans are ``true``/``false``.
    """
    wire_names = {f.name: f.wire for f in CALL.fields}
    create_time = wire_names["create_time"]
    query: dict[str, str] = {}
    for name, value in filters.items():
        if value is None:
            continue
        # A range goes out as "createTime>=2024-01-01": a form decoder reads key "createTime>" and the value.
        operator = _RANGE_FILTERS.get(name)
        key = create_time + operator if operator else wire_names.get(name) or _camel(name)
        query[key] = _filter_value(value)
    return query


class Calls(Resource):
    """``client.calls``: read-only call history, and its CSV export."""

    spec = CALL

    def find(self, *, page_size: int = DEFAULT_PAGE_SIZE, **filters: Any) -> Iterator[dict[str, Any]]:
        """Calls matching the filters (see ``call_filters``); the API's default window is the last 24 h."""
        query = call_filters(filters)
        items = self._session.paginate(self._collection(), self.spec.list_keys, params=query, size=page_size)
        return (self._read(item) for item in items)

    def export(self, **filters: Any) -> str:
        """The matching call records as CSV text."""
        response = self._session.send(
            "GET",
            self._session.api_base + self._collection() + "/export",
            params=call_filters(filters),
            accept="text/csv, text/plain, */*",
        )
        return response.text


class Projects:
    """``client.projects``: enable EST for more projects."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def __repr__(self) -> str:
        return f"<Projects of project {self._session.project_id!r}>"

    def add(self, project_ids: Sequence[str]) -> builtins.list[str]:
        """Enable EST for the projects (already enabled ones are ignored); returns the ids the API added."""
        body = self._session.call(
            "POST", "/addProjects", json={"projectIds": builtins.list(project_ids)}, retry_safe=True
        )
        added = body.get("addedProjects") if isinstance(body, Mapping) else None
        return [str(p) for p in added] if isinstance(added, list) else []
