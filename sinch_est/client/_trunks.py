"""SIP trunks and their SIP endpoints (est-api.md §5, §6)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sinch_est.client._resources import Resource
from sinch_est.schema import SIP_ENDPOINT, SIP_TRUNK

__all__ = ["SipEndpoints", "SipTrunks"]


class SipTrunks(Resource):
    """``client.sip_trunks``: create, get, list, update and delete trunks."""

    spec = SIP_TRUNK

    def create(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return self._create(props)

    def get(self, trunk_id: str) -> dict[str, Any]:
        return self._get(trunk_id)

    def list(self, domain: str | None = None) -> Iterator[dict[str, Any]]:
        """Every trunk, or only the one whose SIP domain is exactly ``domain``."""
        return self._list({self.spec.field("domain").wire: domain})

    def update(self, trunk_id: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """Replace the writable fields: omitted ones get defaults, ``UNSET`` ones keep the server's value."""
        return self._update(trunk_id, props)

    def delete(self, trunk_id: str) -> None:
        self._delete(trunk_id)


class SipEndpoints(Resource):
    """``client.sip_endpoints``: static (address, port) or registered (credential_username) endpoints."""

    spec = SIP_ENDPOINT

    def _body(self, props: Mapping[str, Any], *, full: bool = False) -> dict[str, Any]:
        body = super()._body(props, full=full)
        if props.get("credential_username"):
            body[self.spec.field("is_registered").wire] = True
        return body

    def create(self, trunk_id: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return self._create(props, trunk_id=trunk_id)

    def get(self, trunk_id: str, endpoint_id: str) -> dict[str, Any]:
        return self._get(endpoint_id, trunk_id=trunk_id)

    def list(self, trunk_id: str) -> Iterator[dict[str, Any]]:
        return self._list(trunk_id=trunk_id)

    def update(self, trunk_id: str, endpoint_id: str, props: Mapping[str, Any]) -> dict[str, Any]:
        """Replace the endpoint's writable fields (see ``SipTrunks.update``)."""
        return self._update(endpoint_id, props, trunk_id=trunk_id)

    def delete(self, trunk_id: str, endpoint_id: str) -> None:
        self._delete(endpoint_id, trunk_id=trunk_id)
