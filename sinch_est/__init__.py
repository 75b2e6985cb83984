"""sinch_est: Sinch Elastic SIP Trunking as Pulumi resources, with a policy pack and an offline emulator.

``import sinch_est as est`` gives the resource classes, their ``…Args`` and the workflow components.
They load on first use, so ``python -m sinch_est.emulator`` and the policy pack stay light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers and editors see; at run time the names load on first use (below)
    from sinch_est.components import (
        BothDirections,
        EndpointSpec,
        InboundRegistered,
        InboundStatic,
        OutboundByAcl,
        OutboundByDigest,
        ProviderPool,
        provider_pool,
    )
    from sinch_est.provider import (
        AccessControlList,
        AccessControlListArgs,
        CallBlockingRule,
        CallBlockingRuleArgs,
        CountryPermission,
        CountryPermissionArgs,
        CredentialArgs,
        CredentialDict,
        CredentialList,
        CredentialListArgs,
        EndpointArgs,
        EndpointDict,
        IpRangeArgs,
        IpRangeDict,
        PhoneNumberAssignment,
        PhoneNumberAssignmentArgs,
        ProviderError,
        SipEndpoint,
        SipEndpointArgs,
        SipTrunk,
        SipTrunkArgs,
        TrunkAccessControlList,
        TrunkAccessControlListArgs,
        TrunkCredentialList,
        TrunkCredentialListArgs,
        TrunkEndpoints,
        TrunkEndpointsArgs,
        TrunkPhoneNumbers,
        TrunkPhoneNumbersArgs,
    )

__version__ = "0.1.0"

__all__ = [
    "AccessControlList",
    "AccessControlListArgs",
    "BothDirections",
    "CallBlockingRule",
    "CallBlockingRuleArgs",
    "CountryPermission",
    "CountryPermissionArgs",
    "CredentialArgs",
    "CredentialDict",
    "CredentialList",
    "CredentialListArgs",
    "EndpointArgs",
    "EndpointDict",
    "EndpointSpec",
    "InboundRegistered",
    "InboundStatic",
    "IpRangeArgs",
    "IpRangeDict",
    "OutboundByAcl",
    "OutboundByDigest",
    "PhoneNumberAssignment",
    "PhoneNumberAssignmentArgs",
    "ProviderError",
    "ProviderPool",
    "SipEndpoint",
    "SipEndpointArgs",
    "SipTrunk",
    "SipTrunkArgs",
    "TrunkAccessControlList",
    "TrunkAccessControlListArgs",
    "TrunkCredentialList",
    "TrunkCredentialListArgs",
    "TrunkEndpoints",
    "TrunkEndpointsArgs",
    "TrunkPhoneNumbers",
    "TrunkPhoneNumbersArgs",
    "__version__",
    "provider_pool",
]
_COMPONENT_NAMES = frozenset(
    {
        "BothDirections",
        "EndpointSpec",
        "InboundRegistered",
        "InboundStatic",
        "OutboundByAcl",
        "OutboundByDigest",
        "ProviderPool",
        "provider_pool",
    }
)
"""Names that load from ``sinch_est.components``; the others load from ``sinch_est.provider``."""


def __getattr__(name: str) -> Any:
    if name in _COMPONENT_NAMES:
        return getattr(importlib.import_module("sinch_est.components"), name)
    if name in __all__:
        return getattr(importlib.import_module("sinch_est.provider"), name)
    raise AttributeError(f"module 'sinch_est' has no attribute {name!r}")
