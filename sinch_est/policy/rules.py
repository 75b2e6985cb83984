"""The sinch-est policies: names, descriptions, default enforcement levels and config schemas.

The checks themselves are plain functions (re-exported here) that tests call directly. Config keys are
camelCase, like the engine's own ``enforcementLevel`` beside them in a policy pack config file. Every
config property has a ``default``, which the engine fills in; the functions fall back to the same
constants when run without an engine.
"""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
)

from sinch_est.policy._resource_rules import (
    DEFAULT_HIGH_RISK_COUNTRIES,
    DEFAULT_HOST_NAME_PATTERN,
    DEFAULT_MIN_PREFIX_LENGTH,
    acl_no_open_ranges,
    country_permissions_allow_list,
    endpoint_uses_tls,
    trunk_host_name_pattern,
)
from sinch_est.policy._stack_rules import (
    DEFAULT_MIN_PRIORITY_LEVELS,
    phone_number_assigned_once,
    registered_endpoint_credentials_linked,
    trunk_authenticated,
    trunk_numbers_have_failover,
)

__all__ = [
    "ACL_NO_OPEN_RANGES",
    "COUNTRY_PERMISSIONS_ALLOW_LIST",
    "ENDPOINT_USES_TLS",
    "PACK_NAME",
    "PHONE_NUMBER_ASSIGNED_ONCE",
    "POLICIES",
    "REGISTERED_ENDPOINT_CREDENTIALS_LINKED",
    "TRUNK_AUTHENTICATED",
    "TRUNK_HOST_NAME_PATTERN",
    "TRUNK_NUMBERS_HAVE_FAILOVER",
    "acl_no_open_ranges",
    "country_permissions_allow_list",
    "endpoint_uses_tls",
    "phone_number_assigned_once",
    "registered_endpoint_credentials_linked",
    "trunk_authenticated",
    "trunk_host_name_pattern",
    "trunk_numbers_have_failover",
]

PACK_NAME = "sinch-est"

ACL_NO_OPEN_RANGES = ResourceValidationPolicy(
    name="acl-no-open-ranges",
    display_name="Access control lists are never open to the world",
    description="Access control lists admit only narrow IP ranges: never 0.0.0.0/0, no prefix shorter "
    "than minPrefixLength.",
    validate=acl_no_open_ranges,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    config_schema=PolicyConfigSchema(
        properties={
            "minPrefixLength": {
                "type": "integer",
                "minimum": 1,
                "maximum": 32,
                "default": DEFAULT_MIN_PREFIX_LENGTH,
                "description": "The shortest CIDR prefix an IP range may have (24 admits 256 addresses).",
            },
        },
    ),
)

TRUNK_AUTHENTICATED = StackValidationPolicy(
    name="trunk-authenticated",
    display_name="Trunks that place calls are authenticated",
    description="Every SIP trunk not declared inbound-only (by an InboundStatic or InboundRegistered "
    "component, or in inboundOnlyTrunks) has an enabled access control list or a non-empty credential "
    "list linked.",
    validate=trunk_authenticated,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=PolicyConfigSchema(
        properties={
            "inboundOnlyTrunks": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "uniqueItems": True,
                "default": [],
                "description": "Logical names (glob patterns allowed) of trunks that only receive calls; "
                "they need no authentication.",
            },
        },
    ),
)

REGISTERED_ENDPOINT_CREDENTIALS_LINKED = StackValidationPolicy(
    name="registered-endpoint-credentials-linked",
    display_name="Registered endpoints can register",
    description="A registered SIP endpoint's credential_username belongs to a credential list linked to "
    "the same trunk.",
    validate=registered_endpoint_credentials_linked,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
)

TRUNK_NUMBERS_HAVE_FAILOVER = StackValidationPolicy(
    name="trunk-numbers-have-failover",
    display_name="Trunks with phone numbers have failover",
    description="A SIP trunk with phone numbers has enabled endpoints at different priorities, or call forwarding.",
    validate=trunk_numbers_have_failover,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    config_schema=PolicyConfigSchema(
        properties={
            "minPriorityLevels": {
                "type": "integer",
                "minimum": 2,
                "maximum": 10,
                "default": DEFAULT_MIN_PRIORITY_LEVELS,
                "description": "How many distinct priorities the enabled endpoints must cover "
                "(unless call forwarding is on).",
            },
        },
    ),
)

ENDPOINT_USES_TLS = ResourceValidationPolicy(
    name="endpoint-uses-tls",
    display_name="Endpoints use TLS",
    description="SIP endpoints use the TLS transport.",
    validate=endpoint_uses_tls,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
)

COUNTRY_PERMISSIONS_ALLOW_LIST = ResourceValidationPolicy(
    name="country-permissions-allow-list",
    display_name="Outbound calling only to allowed, or at least not high-risk, countries",
    description="Country permissions enable only the countries on allowedCountries when it is configured; "
    "without it, no country on highRiskCountries (toll-fraud destinations).",
    validate=country_permissions_allow_list,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    config_schema=PolicyConfigSchema(
        properties={
            "allowedCountries": {
                "type": ["array", "null"],
                "items": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "uniqueItems": True,
                "default": None,
                "description": "ISO 3166-1 alpha-2 codes of the only countries that may be enabled; "
                "null (the default) for no allow-list.",
            },
            "highRiskCountries": {
                "type": "array",
                "items": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "uniqueItems": True,
                "default": list(DEFAULT_HIGH_RISK_COUNTRIES),
                "description": "Countries never enabled while no allow-list is configured "
                "(default: Cuba and Somalia, long-time top toll-fraud destinations).",
            },
        },
    ),
)

PHONE_NUMBER_ASSIGNED_ONCE = StackValidationPolicy(
    name="phone-number-assigned-once",
    display_name="Each phone number is assigned once",
    description="A phone number is assigned to a trunk by at most one resource.",
    validate=phone_number_assigned_once,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
)

TRUNK_HOST_NAME_PATTERN = ResourceValidationPolicy(
    name="trunk-host-name-pattern",
    display_name="Trunk host names follow the naming convention",
    description="SIP trunk host names start with requiredPrefix and match pattern.",
    validate=trunk_host_name_pattern,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    config_schema=PolicyConfigSchema(
        properties={
            "pattern": {
                "type": "string",
                "minLength": 1,
                "default": DEFAULT_HOST_NAME_PATTERN,
                "description": "A Python regular expression the host name must match (re.search).",
            },
            "requiredPrefix": {
                "type": "string",
                "pattern": "^[a-z0-9-]*$",
                "default": "",
                "description": "A prefix every host name must start with, e.g. 'acme-'; empty for none.",
            },
        },
    ),
)

POLICIES: list[Policy] = [
    ACL_NO_OPEN_RANGES,
    TRUNK_AUTHENTICATED,
    REGISTERED_ENDPOINT_CREDENTIALS_LINKED,
    TRUNK_NUMBERS_HAVE_FAILOVER,
    ENDPOINT_USES_TLS,
    COUNTRY_PERMISSIONS_ALLOW_LIST,
    PHONE_NUMBER_ASSIGNED_ONCE,
    TRUNK_HOST_NAME_PATTERN,
]
"""Everything the pack serves; ``__main__.py`` passes exactly this list to ``PolicyPack``."""
