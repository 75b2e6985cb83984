"""The five EST workflows (est-api.md §14) as components built only from the resources.

Each takes plain Python values and wires the resources so that create and destroy run in the order
the API allows: lists → trunk (which links them) → endpoints and numbers, and the reverse on destroy.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

from sinch_est.client import SETTINGS
from sinch_est.provider import (
    AccessControlList,
    CredentialList,
    EndpointArgs,
    EstResource,
    IpRangeArgs,
    PhoneNumberAssignment,
    SipEndpoint,
    SipTrunk,
    TrunkEndpoints,
    TrunkPhoneNumbers,
)

__all__ = [
    "BothDirections",
    "EndpointSpec",
    "InboundRegistered",
    "InboundStatic",
    "OutboundByAcl",
    "OutboundByDigest",
    "ProviderPool",
    "provider_pool",
]


@dataclass(frozen=True)
class EndpointSpec:
    """An endpoint in plain values: static with ``address``, registered with ``credential_username``."""

    name: str
    priority: int = 1
    address: str | None = None
    port: int | None = None
    transport: str | None = None
    enabled: bool | None = None
    credential_username: str | None = None

    def to_args(self) -> EndpointArgs:
        """As one endpoint of a ``TrunkEndpoints``."""
        return EndpointArgs(
            name=self.name,
            priority=self.priority,
            address=self.address,
            port=self.port,
            transport=self.transport,
            enabled=self.enabled,
            credential_username=self.credential_username,
        )


IpRange = str | Mapping[str, Any]
"""``"203.0.113.0/24"`` or ``{"ip_address": ..., "range": ..., "description": ...}``."""


class _Estate(pulumi.ComponentResource):
    trunk: SipTrunk
    domain: pulumi.Output[str]
    access_control_list: AccessControlList | None
    credential_list: CredentialList | None
    endpoints: list[TrunkEndpoints] | list[SipEndpoint]
    """The resources that hold the endpoints: one ``TrunkEndpoints`` (none without endpoints), or one
    ``SipEndpoint`` per endpoint with ``endpoint_per_resource=True``."""
    numbers: list[TrunkPhoneNumbers] | list[PhoneNumberAssignment]
    """The resources that route the numbers: one ``TrunkPhoneNumbers`` (none without numbers), or one
    ``PhoneNumberAssignment`` per number with ``number_per_resource=True``."""
    phone_numbers: pulumi.Output[list[str]]

    def __init__(
        self,
        kind: str,
        name: str,
        *,
        host_name: str,
        trunk_name: str | None,
        ip_ranges: Sequence[IpRange] = (),
        credentials: Mapping[str, pulumi.Input[str]] | None = None,
        endpoints: Sequence[EndpointSpec] = (),
        phone_numbers: Sequence[str] = (),
        call_forward_number: str | None = None,
        number_per_resource: bool = False,
        endpoint_per_resource: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(f"sinch_est:index:{kind}", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # The lists come first and the trunk links them itself (access_control_list_ids, credential_list_ids):
        # two resources fewer per trunk than a link resource each, so fewer state writes on every update.
        self.access_control_list = None
        self.credential_list = None
        if ip_ranges:
            self.access_control_list = AccessControlList(
                f"{name}-acl",
                name=f"{name} ACL",
                ip_ranges=[IpRangeArgs(cidr=r) if isinstance(r, str) else IpRangeArgs(**r) for r in ip_ranges],
                opts=child,
            )
        if credentials:
            self.credential_list = CredentialList(
                f"{name}-credentials",
                name=f"{name} credentials",
                credentials=[{"username": u, "password": p} for u, p in credentials.items()],
                opts=child,
            )
        self.trunk = SipTrunk(
            f"{name}-trunk",
            name=trunk_name or name,
            host_name=host_name,
            enable_call_forward=True if call_forward_number else None,
            call_forward_number=call_forward_number,
            access_control_list_ids=[self.access_control_list.id] if self.access_control_list else None,
            credential_list_ids=[self.credential_list.id] if self.credential_list else None,
            opts=child,
        )
        self.domain = self.trunk.domain
        # Its trunk_id makes a registered endpoint wait for the trunk, which links the credential list.
        if endpoint_per_resource:
            self.endpoints = [
                SipEndpoint(
                    f"{name}-endpoint-{spec.name}",
                    trunk_id=self.trunk.id,
                    name=spec.name,
                    priority=spec.priority,
                    address=spec.address,
                    port=spec.port,
                    transport=spec.transport,
                    enabled=spec.enabled,
                    credential_username=spec.credential_username,
                    opts=child,
                )
                for spec in endpoints
            ]
        else:
            # One resource for all of them: one provider call and one state entry instead of one per endpoint.
            self.endpoints = (
                [
                    TrunkEndpoints(
                        f"{name}-endpoints",
                        trunk_id=self.trunk.id,
                        endpoints=[spec.to_args() for spec in endpoints],
                        opts=child,
                    )
                ]
                if endpoints
                else []
            )
        if number_per_resource:
            self.numbers = [
                PhoneNumberAssignment(
                    f"{name}-number-{number.lstrip('+')}", trunk_id=self.trunk.id, phone_number=number, opts=child
                )
                for number in phone_numbers
            ]
        else:
            # One resource for the whole block: one provider call and one state entry instead of one per number.
            self.numbers = (
                [
                    TrunkPhoneNumbers(
                        f"{name}-numbers", trunk_id=self.trunk.id, phone_numbers=list(phone_numbers), opts=child
                    )
                ]
                if phone_numbers
                else []
            )
        self.phone_numbers = pulumi.Output.from_input(sorted(phone_numbers))
        self.register_outputs({"trunk_id": self.trunk.id, "domain": self.domain})


class OutboundByAcl(_Estate):
    """Workflow A: place calls from static IPs — trunk, ACL, link."""

    def __init__(
        self,
        name: str,
        *,
        host_name: str,
        ip_ranges: Sequence[IpRange],
        trunk_name: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            "OutboundByAcl", name, host_name=host_name, trunk_name=trunk_name, ip_ranges=ip_ranges, opts=opts
        )


class InboundStatic(_Estate):
    """Workflow B: receive calls on a static SBC — trunk, static endpoints, numbers."""

    def __init__(
        self,
        name: str,
        *,
        host_name: str,
        endpoints: Sequence[EndpointSpec],
        phone_numbers: Sequence[str] = (),
        call_forward_number: str | None = None,
        trunk_name: str | None = None,
        number_per_resource: bool = False,
        endpoint_per_resource: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            "InboundStatic",
            name,
            host_name=host_name,
            trunk_name=trunk_name,
            endpoints=endpoints,
            phone_numbers=phone_numbers,
            call_forward_number=call_forward_number,
            number_per_resource=number_per_resource,
            endpoint_per_resource=endpoint_per_resource,
            opts=opts,
        )


class BothDirections(_Estate):
    """Workflow C: inbound and outbound — trunk, ACL and/or credentials with links, endpoints, numbers."""

    def __init__(
        self,
        name: str,
        *,
        host_name: str,
        endpoints: Sequence[EndpointSpec],
        ip_ranges: Sequence[IpRange] = (),
        credentials: Mapping[str, pulumi.Input[str]] | None = None,
        phone_numbers: Sequence[str] = (),
        call_forward_number: str | None = None,
        trunk_name: str | None = None,
        number_per_resource: bool = False,
        endpoint_per_resource: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            "BothDirections",
            name,
            host_name=host_name,
            trunk_name=trunk_name,
            ip_ranges=ip_ranges,
            credentials=credentials,
            endpoints=endpoints,
            phone_numbers=phone_numbers,
            call_forward_number=call_forward_number,
            number_per_resource=number_per_resource,
            endpoint_per_resource=endpoint_per_resource,
            opts=opts,
        )


class InboundRegistered(_Estate):
    """Workflow D: receive calls on registering user agents — trunk, credentials linked, registered
    endpoints (created after the link), numbers."""

    def __init__(
        self,
        name: str,
        *,
        host_name: str,
        credentials: Mapping[str, pulumi.Input[str]],
        endpoints: Sequence[EndpointSpec],
        phone_numbers: Sequence[str] = (),
        trunk_name: str | None = None,
        number_per_resource: bool = False,
        endpoint_per_resource: bool = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            "InboundRegistered",
            name,
            host_name=host_name,
            trunk_name=trunk_name,
            credentials=credentials,
            endpoints=endpoints,
            phone_numbers=phone_numbers,
            number_per_resource=number_per_resource,
            endpoint_per_resource=endpoint_per_resource,
            opts=opts,
        )


class OutboundByDigest(_Estate):
    """Workflow E: place calls from dynamic IPs with SIP digest auth — trunk, credentials, link."""

    def __init__(
        self,
        name: str,
        *,
        host_name: str,
        credentials: Mapping[str, pulumi.Input[str]],
        trunk_name: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(
            "OutboundByDigest",
            name,
            host_name=host_name,
            trunk_name=trunk_name,
            credentials=credentials,
            opts=opts,
        )


class ProviderPool:
    """``size`` explicit ``pulumi-python`` providers: the engine starts one provider process for each,
    and each process runs four provider calls at once, so the pool runs up to ``4 * size``.

    Each provider gets the stack's ``sinch:*`` settings as its configuration (secret ones stay secret in
    state); unset ones fall back to the ``SINCH_*`` environment, as for the default provider. Resources
    on different providers of the pool (or on the default provider) are interchangeable: moving one
    between them, or changing ``size``, changes nothing in the EST project.
    """

    def __init__(self, size: int, *, name: str = "sinch-est", opts: pulumi.ResourceOptions | None = None) -> None:
        if size < 1:
            raise ValueError(f"a provider pool needs at least one provider, got size={size}")
        config = pulumi.Config("sinch")
        settings: dict[str, Any] = {}
        for setting in SETTINGS:
            value = config.get_secret(setting.short_key) if setting.secret else config.get(setting.short_key)
            if value is not None:
                settings[setting.config_key] = value
        self.providers = [
            pulumi.ProviderResource("pulumi-python", f"{name}-{i}", dict(settings), opts) for i in range(size)
        ]
        self._turns = itertools.cycle(self.providers)
        self._lock = threading.Lock()

    def next(self) -> pulumi.ProviderResource:
        """The next provider, round-robin (resources declared together spread evenly)."""
        with self._lock:
            return next(self._turns)

    def options(self, opts: pulumi.ResourceOptions | None = None) -> pulumi.ResourceOptions:
        """``opts`` with the next provider of the pool, for resources declared by hand."""
        return pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=self.next()))

    def install(self) -> ProviderPool:
        """Spread every EST resource declared from now on (components' children included) over the pool,
        unless it names a provider itself."""
        pulumi.runtime.register_stack_transformation(self.spread)
        return self

    def spread(self, args: pulumi.ResourceTransformationArgs) -> pulumi.ResourceTransformationResult | None:
        """The stack transformation ``install`` registers: the next provider for an EST resource."""
        if not isinstance(args.resource, EstResource) or args.opts.provider is not None:
            return None
        return pulumi.ResourceTransformationResult(args.props, self.options(args.opts))


def provider_pool(size: int = 4, *, name: str = "sinch-est") -> ProviderPool:
    """Run this stack's EST calls on ``size`` provider processes instead of one; call it before declaring
    resources, and let the engine run enough steps at once: ``pulumi up --parallel <4 * size>``.

    The Python dynamic-provider server runs at most four calls at a time per process, so one process
    caps a large ``up`` at four API writes in flight however high ``--parallel`` is.
    """
    return ProviderPool(size, name=name).install()
