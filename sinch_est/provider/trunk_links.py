"""Links between a trunk and an access control list or a credential list (many-to-many)."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, overload

import pulumi

from sinch_est.client import ConflictError, EstClient
from sinch_est.provider._adopt import announce
from sinch_est.provider._base import EstProvider
from sinch_est.provider._errors import Gone
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.schema import TRUNK_ACCESS_CONTROL_LIST, TRUNK_CREDENTIAL_LIST

__all__ = [
    "LinkApi",
    "TrunkAccessControlList",
    "TrunkAccessControlListArgs",
    "TrunkAccessControlListProvider",
    "TrunkCredentialList",
    "TrunkCredentialListArgs",
    "TrunkCredentialListProvider",
]


class LinkApi(Protocol):
    """The client group of one kind of link: ``client.trunk_access_control_lists`` or its credential twin."""

    def add(self, trunk_id: str, list_ids: Sequence[str], /) -> list[str]: ...

    def remove(self, trunk_id: str, list_id: str, /) -> None: ...


class _TrunkLinkProvider(EstProvider):
    """A link's id is ``<trunk id>/<list id>``; both ends replace it. Linking twice is success."""

    target: ClassVar[str]

    def _api(self, client: EstClient) -> LinkApi:
        raise NotImplementedError

    def _link(self, trunk_id: str, list_id: str) -> dict[str, Any]:
        return {"id": f"{trunk_id}/{list_id}", "trunk_id": trunk_id, self.target: list_id}

    def describe(self, props: Mapping[str, Any], id_: str | None = None) -> str:
        return f"{self.spec.label} {props.get('trunk_id')!r} -> {props.get(self.target)!r}"

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        with contextlib.suppress(ConflictError):  # already linked is success
            self._api(client).add(inputs["trunk_id"], [inputs[self.target]])
        self.claims().hold([inputs[self.target]], inputs["trunk_id"], self.spec.name)
        return self._link(inputs["trunk_id"], inputs[self.target])

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        trunk_id, _, list_id = id_.partition("/")
        if list_id not in reads.linked(self.spec, trunk_id):
            raise Gone(f"{self.spec.label} {id_}")
        return self._link(trunk_id, list_id)

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        return self._link(inputs["trunk_id"], inputs[self.target])  # both fields replace; nothing to send

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        trunk_id, _, list_id = id_.partition("/")
        holder = self.claims().held_elsewhere(list_id, trunk_id, self.spec.name)
        if holder is not None:  # the trunk took this link over in this run (the components' newer shape)
            announce(f"{self.describe(props, id_)}: left linked, where the {holder} resource now holds it")
            return
        self._api(client).remove(trunk_id, list_id)


class TrunkAccessControlListProvider(_TrunkLinkProvider):
    spec = TRUNK_ACCESS_CONTROL_LIST
    target = "access_control_list_id"

    def _api(self, client: EstClient) -> LinkApi:
        return client.trunk_access_control_lists


class TrunkCredentialListProvider(_TrunkLinkProvider):
    spec = TRUNK_CREDENTIAL_LIST
    target = "credential_list_id"

    def _api(self, client: EstClient) -> LinkApi:
        return client.trunk_credential_lists


# BEGIN GENERATED TrunkAccessControlListArgs (scripts/gen_types.py)
@dataclass
class TrunkAccessControlListArgs:
    """The inputs of ``TrunkAccessControlList`` as one object."""

    trunk_id: pulumi.Input[str]
    access_control_list_id: pulumi.Input[str]


# END GENERATED TrunkAccessControlListArgs


# BEGIN GENERATED TrunkCredentialListArgs (scripts/gen_types.py)
@dataclass
class TrunkCredentialListArgs:
    """The inputs of ``TrunkCredentialList`` as one object."""

    trunk_id: pulumi.Input[str]
    credential_list_id: pulumi.Input[str]


# END GENERATED TrunkCredentialListArgs


class TrunkAccessControlList(EstResource, module="sinch_est", name="TrunkAccessControlList"):
    """Authorises the IP ranges of an access control list to place calls on a trunk."""

    provider_class = TrunkAccessControlListProvider

    # BEGIN GENERATED TrunkAccessControlList (scripts/gen_types.py)
    trunk_id: pulumi.Output[str]
    access_control_list_id: pulumi.Output[str]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: TrunkAccessControlListArgs,
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
        trunk_id: pulumi.Input[str],
        access_control_list_id: pulumi.Input[str],
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED TrunkAccessControlList


class TrunkCredentialList(EstResource, module="sinch_est", name="TrunkCredentialList"):
    """Authorises a credential list's users on a trunk (digest auth and endpoint registration)."""

    provider_class = TrunkCredentialListProvider

    # BEGIN GENERATED TrunkCredentialList (scripts/gen_types.py)
    trunk_id: pulumi.Output[str]
    credential_list_id: pulumi.Output[str]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: TrunkCredentialListArgs,
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
        trunk_id: pulumi.Input[str],
        credential_list_id: pulumi.Input[str],
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED TrunkCredentialList
