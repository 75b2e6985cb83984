"""SIP trunks: the SIP domain ``<host_name>.pstn.sinch.com`` that carries a team's calls."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from sinch_est.client import APIError, EstClient
from sinch_est.provider._base import EstProvider
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.schema import SIP_TRUNK

__all__ = ["SipTrunk", "SipTrunkArgs", "SipTrunkProvider"]


# BEGIN GENERATED SipTrunkArgs (scripts/gen_types.py)
@dataclass
class SipTrunkArgs:
    """The inputs of ``SipTrunk`` as one object."""

    name: pulumi.Input[str]
    host_name: pulumi.Input[str]
    enable_caller_name: pulumi.Input[bool] | None = None
    enable_call_forward: pulumi.Input[bool] | None = None
    call_forward_number: pulumi.Input[str] | None = None


# END GENERATED SipTrunkArgs


class SipTrunkProvider(EstProvider):
    spec = SIP_TRUNK

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        return client.sip_trunks.create(inputs)

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return reads.get(SIP_TRUNK, id_)

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        return client.sip_trunks.update(id_, inputs)

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        client.sip_trunks.delete(id_)

    def list_remote(self, client: EstClient, inputs: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        return client.sip_trunks.list()

    def delete_hint(self, exc: APIError) -> str:
        if "phone number" not in (exc.message or "").lower():
            return ""
        return (
            ". Unassign the trunk's phone numbers first (delete its PhoneNumberAssignment resources, "
            "or make them depend on the trunk's id so Pulumi removes them before the trunk)"
        )


class SipTrunk(EstResource, module="sinch_est", name="SipTrunk"):
    """A SIP trunk. Changing ``host_name`` renames its domain in place."""

    provider_class = SipTrunkProvider

    # BEGIN GENERATED SipTrunk (scripts/gen_types.py)
    name: pulumi.Output[str]
    host_name: pulumi.Output[str]
    enable_caller_name: pulumi.Output[bool]
    enable_call_forward: pulumi.Output[bool]
    call_forward_number: pulumi.Output[str]
    domain: pulumi.Output[str]
    top_level_domain: pulumi.Output[str]
    calls_per_second: pulumi.Output[int]
    project_id: pulumi.Output[str]
    create_time: pulumi.Output[str]
    update_time: pulumi.Output[str | None]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: SipTrunkArgs,
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
        name: pulumi.Input[str],
        host_name: pulumi.Input[str],
        enable_caller_name: pulumi.Input[bool] | None = None,
        enable_call_forward: pulumi.Input[bool] | None = None,
        call_forward_number: pulumi.Input[str] | None = None,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED SipTrunk
