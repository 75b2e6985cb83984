"""sinch_est: Sinch Elastic SIP Trunking as Pulumi resources, with a policy pack and an offline emulator.

``import sinch_est as est`` gives the resource classes, their ``…Args`` and the workflow components.
They load on first use, so ``python -m sinch_est.emulator`` and the policy pack stay light.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_PROVIDER_NAMES = (
    "AccessControlList",
    "AccessControlListArgs",
    "CallBlockingRule",
    "CallBlockingRuleArgs",
    "CountryPermission",
    "CountryPermissionArgs",
    "CredentialArgs",
    "CredentialList",
    "CredentialListArgs",
    "IpRangeArgs",
    "PhoneNumberAssignment",
    "PhoneNumberAssignmentArgs",
    "ProviderError",
    "SipEndpoint",
    "SipEndpointArgs",
    "SipTrunk",
    "SipTrunkArgs",
    "TrunkAccessControlList",
    "TrunkAccessControlListArgs",
    "TrunkCredentialList",
    "TrunkCredentialListArgs",
    "TrunkPhoneNumbers",
    "TrunkPhoneNumbersArgs",
)
_COMPONENT_NAMES = (
    "BothDirections",
    "EndpointSpec",
    "InboundRegistered",
    "InboundStatic",
    "OutboundByAcl",
    "OutboundByDigest",
    "ProviderPool",
    "provider_pool",
)

__all__ = ["__version__", *_PROVIDER_NAMES, *_COMPONENT_NAMES]


def __getattr__(name: str) -> Any:
    if name in _PROVIDER_NAMES:
        return getattr(importlib.import_module("sinch_est.provider"), name)
    if name in _COMPONENT_NAMES:
        return getattr(importlib.import_module("sinch_est.components"), name)
    raise AttributeError(f"module 'sinch_est' has no attribute {name!r}")
