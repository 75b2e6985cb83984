"""Country permissions: an account-wide setting, so create remembers the previous value and delete restores it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from sinch_est.client import EstClient
from sinch_est.provider._base import EstProvider, EstResource, is_unknown
from sinch_est.provider._reads import Reads
from sinch_est.schema import COUNTRY_PERMISSION

__all__ = ["CountryPermission", "CountryPermissionArgs", "CountryPermissionProvider"]


@dataclass
class CountryPermissionArgs:
    iso_code: pulumi.Input[str]
    enabled: pulumi.Input[bool]


class CountryPermissionProvider(EstProvider):
    """The id is the ISO code. ``previous_enabled`` holds the value found before Pulumi took over."""

    spec = COUNTRY_PERMISSION
    extra_outputs = ("previous_enabled",)

    def normalize(self, props: dict[str, Any]) -> dict[str, Any]:
        code = props.get("iso_code")
        if isinstance(code, str) and not is_unknown(code):
            props["iso_code"] = code.upper()
        return props

    def describe(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        return f"country permission {props.get('iso_code') or id_!r}"

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        code = inputs["iso_code"]
        previous = client.country_permissions.get(code)
        remote = client.country_permissions.update(code, bool(inputs["enabled"]))
        return {**remote, "id": code, "previous_enabled": previous.get("enabled")}

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **reads.get(COUNTRY_PERMISSION, id_),
            "id": id_,
            "previous_enabled": props.get("previous_enabled"),
        }

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        remote = client.country_permissions.update(id_, bool(inputs["enabled"]))
        return {**remote, "id": id_, "previous_enabled": olds.get("previous_enabled")}

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        previous = props.get("previous_enabled")
        if previous is not None and previous != props.get("enabled"):
            client.country_permissions.update(id_, bool(previous))

    def _adopt(self, client: EstClient, adopt_id: str, inputs: dict[str, Any]) -> dict[str, Any]:
        return self.create_remote(client, {**inputs, "iso_code": adopt_id})


class CountryPermission(EstResource, module="sinch_est", name="CountryPermission"):
    """Whether calls to ``iso_code`` are allowed; destroying it restores the value found at create."""

    iso_code: pulumi.Output[str]
    enabled: pulumi.Output[bool]
    previous_enabled: pulumi.Output[bool | None]
    name: pulumi.Output[str]
    continent: pulumi.Output[str]
    country_dialing_codes: pulumi.Output[list[str]]

    provider_class = CountryPermissionProvider
