"""Credential lists, their credentials, and their links to trunks (est-api.md §8)."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sinch_est.client._access import link_id, link_ids
from sinch_est.client._resources import Resource
from sinch_est.schema import CREDENTIAL, CREDENTIAL_LIST, SIP_TRUNK, TRUNK_CREDENTIAL_LIST, from_wire

__all__ = ["CredentialLists", "Credentials", "TrunkCredentialLists"]


class CredentialLists(Resource):
    """``client.credential_lists``: lists of SIP usernames with write-only passwords."""

    spec = CREDENTIAL_LIST

    def create(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Create the list with its ``credentials`` ``[{username, password}]``; passwords never come back."""
        return self._create(props)

    def get(self, list_id: str) -> dict[str, Any]:
        return self._get(list_id)

    def list(self) -> Iterator[dict[str, Any]]:
        return self._list()

    def update(self, list_id: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """PUT the name only; credentials change through ``client.credentials``."""
        props = self._resolve_unset(list_id, props)
        body = self._body(props, full=True)
        body.pop(self.spec.field("credentials").wire, None)
        return self._put(self._item(list_id), props, body)

    def delete(self, list_id: str) -> None:
        self._delete(list_id)

    def list_trunks(self, list_id: str) -> Iterator[dict[str, Any]]:
        """The trunks this credential list is linked to."""
        items = self._session.paginate(self._item(list_id) + SIP_TRUNK.path, SIP_TRUNK.list_keys)
        return (from_wire(SIP_TRUNK, item) for item in items)


class Credentials(Resource):
    """``client.credentials``: one credential of a list, addressed by username."""

    spec = CREDENTIAL

    def upsert(self, list_id: str, username: str, password: str) -> dict[str, Any]:
        """Set the password of ``username`` in the list (PUT creates or replaces it)."""
        props = {"credential_list_id": list_id, "username": username, "password": password}
        body = self._body({"password": password})
        result = self._put(self._item(username, credential_list_id=list_id), props, body)
        result["credential_list_id"] = result.get("credential_list_id") or list_id
        return result

    def delete(self, list_id: str, username: str) -> None:
        self._delete(username, credential_list_id=list_id)


class TrunkCredentialLists(Resource):
    """``client.trunk_credential_lists``: which credential lists a trunk accepts for digest auth."""

    spec = TRUNK_CREDENTIAL_LIST

    def add(self, trunk_id: str, list_ids: Sequence[str]) -> builtins.list[str]:
        """Link the lists to the trunk (appends); returns the ids the API echoed."""
        key = self.spec.list_keys[0]
        # Linking twice changes nothing (the API answers 409 "already linked"), so a failed attempt is retried
        # like a read instead of being reported as ambiguous.
        body = self._session.call(
            "POST", self._collection(trunk_id=trunk_id), json={key: builtins.list(list_ids)}, retry_safe=True
        )
        return link_ids(body, key) if body else builtins.list(list_ids)

    def fetch_all(self, **parents: str) -> Iterator[dict[str, Any]]:
        """The links of ``trunk_id`` as ``{"id": <list id>}`` items."""
        return ({"id": item_id} for item_id in self.list(parents["trunk_id"]))

    def list(self, trunk_id: str) -> Iterator[str]:
        """The ids of the linked lists (the API may answer with ids or with whole list objects)."""
        items = self._session.paginate(self._collection(trunk_id=trunk_id), self.spec.list_keys)
        return (item_id for item in items if (item_id := link_id(item)))

    def replace(self, trunk_id: str, list_ids: Sequence[str]) -> builtins.list[str]:
        """Make ``list_ids`` the trunk's whole set (bulk PUT): lists not named are unlinked."""
        key = self.spec.list_keys[0]
        body = self._session.call("PUT", self._collection(trunk_id=trunk_id), json={key: builtins.list(list_ids)})
        return link_ids(body, key) if body else builtins.list(list_ids)

    def remove(self, trunk_id: str, list_id: str) -> None:
        self._delete(list_id, trunk_id=trunk_id)
