"""Country permissions: an account-wide setting, so create remembers the previous value and delete restores it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from sinch_est.client import EstClient
from sinch_est.provider._base import EstProvider, is_unknown
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.schema import COUNTRY_PERMISSION

__all__ = ["CountryPermission", "CountryPermissionArgs", "CountryPermissionProvider"]


# BEGIN GENERATED CountryPermissionArgs (scripts/gen_types.py)
@dataclass
class CountryPermissionArgs:
    """The inputs of ``CountryPermission`` as one object."""

    iso_code: pulumi.Input[str]
    enabled: pulumi.Input[bool]


# END GENERATED CountryPermissionArgs


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

    def remember(self, client: EstClient, inputs: Mapping[str, Any]) -> dict[str, Any]:
        # Read before the change and kept by the journal, so even a run interrupted after the change
        # restores, on destroy, the value the country had before this stack first touched it.
        return {"previous_enabled": client.country_permissions.get(inputs["iso_code"]).get("enabled")}

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        code = inputs["iso_code"]
        remote = client.country_permissions.update(code, bool(inputs["enabled"]))
        return {**remote, "id": code, "previous_enabled": inputs["previous_enabled"]}

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        remote = reads.get(COUNTRY_PERMISSION, id_)
        # Adopting, there is no previous value yet: the live one is what a destroy puts back.
        previous = props.get("previous_enabled")
        return {**remote, "id": id_, "previous_enabled": remote.get("enabled") if previous is None else previous}

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        remote = client.country_permissions.update(id_, bool(inputs["enabled"]))
        return {**remote, "id": id_, "previous_enabled": olds.get("previous_enabled")}

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        previous = props.get("previous_enabled")
        if previous is not None and previous != props.get("enabled"):
            client.country_permissions.update(id_, bool(previous))


class CountryPermission(EstResource, module="sinch_est", name="CountryPermission"):
    """Whether calls to ``iso_code`` are allowed; destroying it restores the value found at create."""

    provider_class = CountryPermissionProvider

    # BEGIN GENERATED CountryPermission (scripts/gen_types.py)
    iso_code: pulumi.Output[str]
    enabled: pulumi.Output[bool]
    name: pulumi.Output[str]
    continent: pulumi.Output[str]
    country_dialing_codes: pulumi.Output[list[str]]
    previous_enabled: pulumi.Output[bool | None]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: CountryPermissionArgs,
        opts: pulumi.ResourceOptions | None = None,
        *,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self,
        resource_name: str,
        args: None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        iso_code: pulumi.Input[str],
        enabled: pulumi.Input[bool],
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED CountryPermission
