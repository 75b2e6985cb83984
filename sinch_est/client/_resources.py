"""The generic create/get/list/update/delete of one EST object, driven by its schema spec."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from sinch_est.client._config import UNSET
from sinch_est.client._exceptions import NotFoundError
from sinch_est.client._session import Session, segment
from sinch_est.schema import OBJECT_LIST, ObjectSpec, from_wire, to_wire

__all__ = ["Resource", "secret_values"]


def secret_values(spec: ObjectSpec, props: Mapping[str, Any]) -> list[str]:
    """The values of ``props`` (nested lists included) that the spec marks secret, e.g. SIP passwords."""
    found: list[str] = []
    for f in spec.body_fields:
        value = props.get(f.name)
        if f.secret and isinstance(value, str):
            found.append(value)
        elif f.kind == OBJECT_LIST and f.items is not None and isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, Mapping):
                    found.extend(secret_values(f.items, item))
    return found


class Resource:
    """One API group; subclasses name their spec and expose the operations the API has."""

    spec: ClassVar[ObjectSpec]

    def __init__(self, session: Session) -> None:
        self._session = session

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of project {self._session.project_id!r}>"

    def fetch(self, item_id: str, **parents: str) -> dict[str, Any]:
        """One object by its key (``spec.key``), however the API offers it: a GET, or a search of its list."""
        return self._current(item_id, **parents)

    def fetch_all(self, **parents: str) -> Iterator[dict[str, Any]]:
        """Every object of the list under ``parents`` (path parameters by their Python names)."""
        return self._list(None, **parents)

    def _collection(self, **parents: str) -> str:
        return self.spec.collection_path(**{k: segment(v) for k, v in parents.items()})

    def _item(self, item_id: str, **parents: str) -> str:
        return self.spec.item_path(segment(item_id), **{k: segment(v) for k, v in parents.items()})

    def _body(self, props: Mapping[str, Any], *, full: bool = False) -> dict[str, Any]:
        # An UNSET left here (a create, or a field the server lacks) means "the API's default": omit it.
        return to_wire(self.spec, {k: v for k, v in props.items() if v is not UNSET}, fill_defaults=full)

    def _read(self, body: Any) -> dict[str, Any]:
        return from_wire(self.spec, body if isinstance(body, Mapping) else {})

    def _post(self, path: str, props: Mapping[str, Any], body: Any, *, retry_safe: bool = False) -> dict[str, Any]:
        secrets = secret_values(self.spec, props)
        return self._read(self._session.call("POST", path, json=body, secrets=secrets, retry_safe=retry_safe))

    def _create(self, props: Mapping[str, Any], **parents: str) -> dict[str, Any]:
        return self._post(self._collection(**parents), props, self._body(props))

    def _get(self, item_id: str, **parents: str) -> dict[str, Any]:
        return self._read(self._session.call("GET", self._item(item_id, **parents)))

    def _list(self, params: Mapping[str, Any] | None = None, **parents: str) -> Iterator[dict[str, Any]]:
        items = self._session.paginate(
            self._collection(**parents), self.spec.list_keys, params=params, paginated=self.spec.paginated
        )
        return (self._read(item) for item in items)

    def _resolve_unset(self, item_id: str, props: Mapping[str, Any], **parents: str) -> dict[str, Any]:
        """``props`` with every ``UNSET`` value replaced by the server's current one (one extra GET)."""
        resolved = dict(props)
        if any(value is UNSET for value in resolved.values()):
            current = self._current(item_id, **parents)
            for name, value in props.items():
                if value is UNSET:
                    resolved[name] = current.get(name)
        return resolved

    def _current(self, item_id: str, **parents: str) -> dict[str, Any]:
        return self._get(item_id, **parents)

    def _find(self, item_id: str, **parents: str) -> dict[str, Any]:
        """One object looked up in its list, for objects the API has no GET-by-id route for."""
        for item in self._list(None, **parents):
            if item.get("id") == item_id:
                return item
        path = self._session.api_path(self._collection(**parents))
        raise NotFoundError(
            status_code=404,
            status="NOT_FOUND",
            message=f"no {self.spec.label} with id {item_id!r} in the list",
            method="GET",
            path=path,
        )

    def _put(self, path: str, props: Mapping[str, Any], body: Any) -> dict[str, Any]:
        secrets = secret_values(self.spec, props)
        return self._read(self._session.call("PUT", path, json=body, secrets=secrets))

    def _update(self, item_id: str, props: Mapping[str, Any], **parents: str) -> dict[str, Any]:
        """PUT the whole writable object: EST's PUT replaces, so omitted fields get their defaults."""
        props = self._resolve_unset(item_id, props, **parents)
        return self._put(self._item(item_id, **parents), props, self._body(props, full=True))

    def _delete(self, item_id: str, **parents: str) -> None:
        self._session.call("DELETE", self._item(item_id, **parents))
