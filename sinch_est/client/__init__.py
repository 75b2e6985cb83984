"""An httpx client for the Sinch Elastic SIP Trunking API: auth, retries, pagination, one exception tree.

Payloads in and out are dicts keyed by the schema's Python field names plus ``"id"``.
"""

from __future__ import annotations

from sinch_est.client._client import EstClient
from sinch_est.client._config import UNSET, RetryPolicy, Timeouts, Unset
from sinch_est.client._exceptions import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    EstError,
    NotFoundError,
    PermissionDeniedError,
    ProvisioningError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from sinch_est.client._models import (
    AccessControlList,
    AccessControlListProps,
    Call,
    CallBlockingRule,
    CallBlockingRuleProps,
    CountryPermission,
    CountryPermissionProps,
    Credential,
    CredentialList,
    CredentialListProps,
    CredentialProps,
    IpRange,
    IpRangeProps,
    PhoneNumber,
    PhoneNumberProps,
    SipEndpoint,
    SipEndpointProps,
    SipTrunk,
    SipTrunkProps,
    parse_timestamp,
)
from sinch_est.client._unreachable import unreachable_api_hint

__all__ = [
    "UNSET",
    "APIError",
    "AccessControlList",
    "AccessControlListProps",
    "AuthenticationError",
    "BadRequestError",
    "Call",
    "CallBlockingRule",
    "CallBlockingRuleProps",
    "ConfigurationError",
    "ConflictError",
    "CountryPermission",
    "CountryPermissionProps",
    "Credential",
    "CredentialList",
    "CredentialListProps",
    "CredentialProps",
    "EstClient",
    "EstError",
    "IpRange",
    "IpRangeProps",
    "NotFoundError",
    "PermissionDeniedError",
    "PhoneNumber",
    "PhoneNumberProps",
    "ProvisioningError",
    "RateLimitedError",
    "RetryPolicy",
    "ServerError",
    "SipEndpoint",
    "SipEndpointProps",
    "SipTrunk",
    "SipTrunkProps",
    "Timeouts",
    "TransportError",
    "Unset",
    "parse_timestamp",
    "unreachable_api_hint",
]
