"""Pulumi dynamic providers and resource classes, one module per EST object over one generic base."""

from __future__ import annotations

from sinch_est.provider._base import EstProvider
from sinch_est.provider._errors import Gone, ProviderError
from sinch_est.provider._resource import EstResource
from sinch_est.provider.access_control_list import (
    AccessControlList,
    AccessControlListArgs,
    AccessControlListProvider,
    IpRangeArgs,
    IpRangeDict,
)
from sinch_est.provider.call_blocking_rule import (
    CallBlockingRule,
    CallBlockingRuleArgs,
    CallBlockingRuleProvider,
)
from sinch_est.provider.country_permission import (
    CountryPermission,
    CountryPermissionArgs,
    CountryPermissionProvider,
)
from sinch_est.provider.credential_list import (
    CredentialArgs,
    CredentialDict,
    CredentialList,
    CredentialListArgs,
    CredentialListProvider,
)
from sinch_est.provider.phone_number import (
    PhoneNumberAssignment,
    PhoneNumberAssignmentArgs,
    PhoneNumberAssignmentProvider,
)
from sinch_est.provider.sip_endpoint import SipEndpoint, SipEndpointArgs, SipEndpointProvider
from sinch_est.provider.sip_trunk import SipTrunk, SipTrunkArgs, SipTrunkProvider
from sinch_est.provider.trunk_endpoints import (
    EndpointArgs,
    EndpointDict,
    TrunkEndpoints,
    TrunkEndpointsArgs,
    TrunkEndpointsProvider,
)
from sinch_est.provider.trunk_links import (
    TrunkAccessControlList,
    TrunkAccessControlListArgs,
    TrunkAccessControlListProvider,
    TrunkCredentialList,
    TrunkCredentialListArgs,
    TrunkCredentialListProvider,
)
from sinch_est.provider.trunk_phone_numbers import (
    TrunkPhoneNumbers,
    TrunkPhoneNumbersArgs,
    TrunkPhoneNumbersProvider,
)

__all__ = [
    "AccessControlList",
    "AccessControlListArgs",
    "AccessControlListProvider",
    "CallBlockingRule",
    "CallBlockingRuleArgs",
    "CallBlockingRuleProvider",
    "CountryPermission",
    "CountryPermissionArgs",
    "CountryPermissionProvider",
    "CredentialArgs",
    "CredentialDict",
    "CredentialList",
    "CredentialListArgs",
    "CredentialListProvider",
    "EndpointArgs",
    "EndpointDict",
    "EstProvider",
    "EstResource",
    "Gone",
    "IpRangeArgs",
    "IpRangeDict",
    "PhoneNumberAssignment",
    "PhoneNumberAssignmentArgs",
    "PhoneNumberAssignmentProvider",
    "ProviderError",
    "SipEndpoint",
    "SipEndpointArgs",
    "SipEndpointProvider",
    "SipTrunk",
    "SipTrunkArgs",
    "SipTrunkProvider",
    "TrunkAccessControlList",
    "TrunkAccessControlListArgs",
    "TrunkAccessControlListProvider",
    "TrunkCredentialList",
    "TrunkCredentialListArgs",
    "TrunkCredentialListProvider",
    "TrunkEndpoints",
    "TrunkEndpointsArgs",
    "TrunkEndpointsProvider",
    "TrunkPhoneNumbers",
    "TrunkPhoneNumbersArgs",
    "TrunkPhoneNumbersProvider",
]
