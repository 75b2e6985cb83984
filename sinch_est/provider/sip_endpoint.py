"""SIP endpoints: where a trunk's inbound calls go, a static address or a registering user agent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, overload

import pulumi

from sinch_est.client import EstClient
from sinch_est.provider._adopt import announce
from sinch_est.provider._base import EstProvider, is_unknown
from sinch_est.provider._reads import Reads
from sinch_est.provider._resource import EstResource
from sinch_est.schema import SIP_ENDPOINT

__all__ = ["SipEndpoint", "SipEndpointArgs", "SipEndpointProvider"]


# BEGIN GENERATED SipEndpointArgs (scripts/gen_types.py)
@dataclass
class SipEndpointArgs:
    """The inputs of ``SipEndpoint`` as one object."""

    trunk_id: pulumi.Input[str]
    name: pulumi.Input[str]
    priority: pulumi.Input[int]
    transport: pulumi.Input[str] | None = None
    enabled: pulumi.Input[bool] | None = None
    address: pulumi.Input[str] | None = None
    port: pulumi.Input[int] | None = None
    credential_username: pulumi.Input[str] | None = None


# END GENERATED SipEndpointArgs


class SipEndpointProvider(EstProvider):
    spec = SIP_ENDPOINT

    def extra_replaces(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
        new_username = news.get("credential_username")
        if is_unknown(new_username):
            return []
        if bool(olds.get("credential_username")) != bool(new_username):
            return ["credential_username"]  # static <-> registered cannot change in place
        return []

    def create_remote(self, client: EstClient, inputs: dict[str, Any]) -> dict[str, Any]:
        return client.sip_endpoints.create(inputs["trunk_id"], inputs)

    def get_remote(self, reads: Reads, id_: str, props: Mapping[str, Any]) -> dict[str, Any]:
        return reads.get(SIP_ENDPOINT, id_, trunk_id=props["trunk_id"])

    def update_remote(
        self, client: EstClient, id_: str, olds: Mapping[str, Any], inputs: dict[str, Any]
    ) -> dict[str, Any]:
        return client.sip_endpoints.update(inputs["trunk_id"], id_, inputs)

    def delete_remote(self, client: EstClient, id_: str, props: Mapping[str, Any]) -> None:
        holder = self.claims().held_elsewhere(id_, props["trunk_id"], "SipEndpoint")
        if holder is not None:
            # A stack moving to TrunkEndpoints: the block took this endpoint over earlier in the run.
            announce(f"{self.describe(props, id_)}: left on its trunk, where a {holder} resource now holds it")
            return
        client.sip_endpoints.delete(props["trunk_id"], id_)

    def list_remote(self, client: EstClient, inputs: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
        return client.sip_endpoints.list(inputs["trunk_id"])

    def remote_to_outputs(self, remote: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
        outs = super().remote_to_outputs(remote, inputs)
        outs["trunk_id"] = remote.get("trunk_id") or inputs.get("trunk_id")
        outs["is_registered"] = bool(remote.get("is_registered") or remote.get("credential_username"))
        return outs


class SipEndpoint(EstResource, module="sinch_est", name="SipEndpoint"):
    """A static (``address``) or registered (``credential_username``) endpoint of a trunk.

    Moving it to another trunk, or switching between static and registered, replaces it.
    """

    provider_class = SipEndpointProvider

    # BEGIN GENERATED SipEndpoint (scripts/gen_types.py)
    trunk_id: pulumi.Output[str]
    name: pulumi.Output[str]
    priority: pulumi.Output[int]
    transport: pulumi.Output[str]
    enabled: pulumi.Output[bool]
    address: pulumi.Output[str | None]
    port: pulumi.Output[int]
    credential_username: pulumi.Output[str | None]
    is_registered: pulumi.Output[bool]
    project_id: pulumi.Output[str]
    create_time: pulumi.Output[str]
    update_time: pulumi.Output[str | None]
    adopt_id: pulumi.Output[str | None]

    @overload
    def __init__(
        self,
        resource_name: str,
        args: SipEndpointArgs,
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
        name: pulumi.Input[str],
        priority: pulumi.Input[int],
        transport: pulumi.Input[str] | None = None,
        enabled: pulumi.Input[bool] | None = None,
        address: pulumi.Input[str] | None = None,
        port: pulumi.Input[int] | None = None,
        credential_username: pulumi.Input[str] | None = None,
        adopt_id: pulumi.Input[str] | None = None,
        update_on_adopt: pulumi.Input[bool] | None = None,
    ) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(resource_name, *args, **kwargs)

    # END GENERATED SipEndpoint
