"""Access control lists, their IP ranges, and their links to trunks (est-api.md §7)."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sinch_est.client._resources import Resource
from sinch_est.schema import ACCESS_CONTROL_LIST, IP_RANGE, SIP_TRUNK, TRUNK_ACCESS_CONTROL_LIST, from_wire

__all__ = ["AccessControlLists", "IpRanges", "TrunkAccessControlLists", "link_id", "link_ids"]


def link_ids(body: Any, key: str) -> builtins.list[str]:
    """The ids a link route echoes under ``key``; ids may come as strings or as objects with an ``id``."""
    items = body.get(key) if isinstance(body, Mapping) else body
    return [item_id for item in items or () if (item_id := link_id(item))]


def link_id(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, Mapping) and isinstance(item.get("id"), str):
        return str(item["id"])
    return None


class AccessControlLists(Resource):
    """``client.access_control_lists``: ACLs; their IP ranges are created with them or via ``ip_ranges``."""

    spec = ACCESS_CONTROL_LIST

    def create(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Create the ACL with its ``ip_ranges`` (at least one)."""
        return self._create(props)

    def get(self, acl_id: str) -> dict[str, Any]:
        return self._get(acl_id)

    def list(self) -> Iterator[dict[str, Any]]:
        return self._list()

    def update(self, acl_id: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """PUT name and enabled only; IP ranges are never sent here (use ``client.ip_ranges``)."""
        props = self._resolve_unset(acl_id, props)
        body = self._body(props, full=True)
        body.pop(self.spec.field("ip_ranges").wire, None)
        return self._put(self._item(acl_id), props, body)

    def delete(self, acl_id: str) -> None:
        self._delete(acl_id)

    def list_trunks(self, acl_id: str) -> Iterator[dict[str, Any]]:
        """The trunks this ACL is linked to."""
        items = self._session.paginate(self._item(acl_id) + SIP_TRUNK.path, SIP_TRUNK.list_keys)
        return (from_wire(SIP_TRUNK, item) for item in items)


class IpRanges(Resource):
    """``client.ip_ranges``: the IP ranges of one ACL (there is no GET of a single range)."""

    spec = IP_RANGE

    def create(self, acl_id: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return self._create(props, access_control_list_id=acl_id)

    def list(self, acl_id: str) -> Iterator[dict[str, Any]]:
        return self._list(access_control_list_id=acl_id)

    def update(self, acl_id: str, range_id: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return self._update(range_id, props, access_control_list_id=acl_id)

    def delete(self, acl_id: str, range_id: str) -> None:
        self._delete(range_id, access_control_list_id=acl_id)

    def _current(self, item_id: str, **parents: str) -> dict[str, Any]:
        return self._find(item_id, **parents)


class TrunkAccessControlLists(Resource):
    """``client.trunk_access_control_lists``: which ACLs a trunk uses (many-to-many; no bulk replace)."""

    spec = TRUNK_ACCESS_CONTROL_LIST

    def add(self, trunk_id: str, acl_ids: Sequence[str]) -> builtins.list[str]:
        """Link the ACLs to the trunk (appends); returns the ids the API echoed."""
        key = self.spec.list_keys[0]
        # Linking twice changes nothing (the API answers 409 "already linked"), so a failed attempt is retried
        # like a read instead of being reported as ambiguous.
        body = self._session.call(
            "POST", self._collection(trunk_id=trunk_id), json={key: builtins.list(acl_ids)}, retry_safe=True
        )
        return link_ids(body, key) if body else builtins.list(acl_ids)

    def fetch_all(self, **parents: str) -> Iterator[dict[str, Any]]:
        """The links of ``trunk_id`` as ``{"id": <list id>}`` items."""
        return ({"id": item_id} for item_id in self.list(parents["trunk_id"]))

    def list(self, trunk_id: str) -> Iterator[str]:
        """The ids of the ACLs linked to the trunk."""
        items = self._session.paginate(self._collection(trunk_id=trunk_id), self.spec.list_keys)
        return (item_id for item in items if (item_id := link_id(item)))

    def remove(self, trunk_id: str, acl_id: str) -> None:
        self._delete(acl_id, trunk_id=trunk_id)
