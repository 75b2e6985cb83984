"""One declarative description per EST object (source: docs/est-api.md §5-§10)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from sinch_est.schema import _validators as v
from sinch_est.schema._spec import (
    BOOLEAN,
    INTEGER,
    OBJECT_LIST,
    STRING_LIST,
    Field,
    ObjectSpec,
    Violation,
)

__all__ = [
    "ACCESS_CONTROL_LIST",
    "ALL_SPECS",
    "CALL",
    "CALL_BLOCKING_RULE",
    "COUNTRY_PERMISSION",
    "CREDENTIAL",
    "CREDENTIAL_LIST",
    "DEFAULT_ENABLED_COUNTRIES",
    "DIRECTIONS",
    "ENDPOINTS_ID_SUFFIX",
    "ENDPOINT_ITEM",
    "IP_RANGE",
    "MAX_ENDPOINTS_PER_SET",
    "MAX_NUMBERS_PER_SET",
    "PHONE_NUMBER",
    "PHONE_NUMBER_SET",
    "SIP_ENDPOINT",
    "SIP_ENDPOINT_SET",
    "SIP_TRUNK",
    "SPECS_BY_NAME",
    "TOP_LEVEL_DOMAIN",
    "TRANSPORTS",
    "TRUNK_ACCESS_CONTROL_LIST",
    "TRUNK_CREDENTIAL_LIST",
    "endpoint_order",
]

TOP_LEVEL_DOMAIN = "pstn.sinch.com"
DIRECTIONS = ("INBOUND", "OUTBOUND")
TRANSPORTS = ("UDP", "TCP", "TLS")


def _timestamps() -> tuple[Field, ...]:
    return (
        Field("project_id", "projectId", output=True, description="The project that owns the object."),
        Field("create_time", "createTime", output=True, description="When the object was created (RFC 3339)."),
        Field("update_time", "updateTime", output=True, description="When it last changed; null if never."),
    )


def _call_forward_rule(props: Mapping[str, Any]) -> Iterable[Violation]:
    if props.get("enable_call_forward") and not props.get("call_forward_number"):
        yield Violation(
            "call_forward_number",
            "is required when enable_call_forward is true: give the E.164 number to dial when no "
            "endpoint answers, e.g. '+14155550100', or set enable_call_forward=False",
        )


SIP_TRUNK = ObjectSpec(
    name="SipTrunk",
    label="SIP trunk",
    path="/trunks",
    list_keys=("trunks", "sipTrunks"),
    create_status=201,
    natural_key=("host_name",),
    rules=(_call_forward_rule,),
    description="A SIP trunk: the SIP domain <host_name>.pstn.sinch.com that carries your calls.",
    fields=(
        Field("name", "name", required=True, validator=v.non_empty, description="The friendly name."),
        Field(
            "host_name",
            "hostName",
            required=True,
            validator=v.dns_label,
            description="A DNS label; the trunk's SIP domain is <host_name>.pstn.sinch.com.",
        ),
        Field(
            "enable_caller_name",
            "enableCallerName",
            kind=BOOLEAN,
            default=False,
            description="Caller name (CNAM) lookup on inbound calls; US and Canada only.",
        ),
        Field(
            "enable_call_forward",
            "enableCallForward",
            kind=BOOLEAN,
            default=False,
            description="Forward inbound calls to call_forward_number when no endpoint is available.",
        ),
        Field(
            "call_forward_number",
            "callForwardNumber",
            default="",
            validator=v.e164,
            description="E.164 number dialled when forwarding; required when enable_call_forward is true.",
        ),
        Field(
            "access_control_list_ids",
            "",
            kind=STRING_LIST,
            local=True,
            refers_to="AccessControlList",
            description="Access control lists linked to the trunk, whose IP ranges may place calls on it (one "
            "resource instead of a TrunkAccessControlList per list; links made by other means are left alone).",
        ),
        Field(
            "credential_list_ids",
            "",
            kind=STRING_LIST,
            local=True,
            refers_to="CredentialList",
            description="Credential lists linked to the trunk, whose users may authenticate and register (one "
            "resource instead of a TrunkCredentialList per list; links made by other means are left alone).",
        ),
        Field("domain", "domain", output=True, description="<host_name>.<top_level_domain>."),
        Field("top_level_domain", "topLevelDomain", output=True, description="pstn.sinch.com."),
        Field(
            "calls_per_second",
            "callsPerSecond",
            kind=INTEGER,
            output=True,
            default=1,
            description="Call rate limit (default 1); raised by Sinch on request.",
        ),
        *_timestamps(),
    ),
)


def _endpoint_kind_rule(props: Mapping[str, Any]) -> Iterable[Violation]:
    address, username = props.get("address"), props.get("credential_username")
    if address is not None and username is not None:
        yield Violation(
            "credential_username",
            "give either address (a static endpoint) or credential_username (a registered endpoint), not both",
        )
    elif address is None and username is None:
        yield Violation(
            "address",
            "is required for a static endpoint: give its IP address or host name, "
            "or set credential_username for a registered endpoint",
        )


SIP_ENDPOINT = ObjectSpec(
    name="SipEndpoint",
    label="SIP endpoint",
    path="/trunks/{trunk_id}/endpoints",
    list_keys=("endpoints",),
    create_status=201,
    natural_key=("trunk_id", "name"),
    rules=(_endpoint_kind_rule,),
    description="Where inbound calls of a trunk go: a static address or a registering user agent.",
    fields=(
        Field(
            "trunk_id",
            "sipTrunkId",
            required=True,
            replace=True,
            path_param=True,
            refers_to="SipTrunk",
            description="The id of the SIP trunk the endpoint belongs to.",
        ),
        Field("name", "name", required=True, validator=v.non_empty, description="The friendly name."),
        Field(
            "priority",
            "priority",
            kind=INTEGER,
            required=True,
            validator=v.in_range(1),
            description="Routing priority: 1 is tried first; equal priorities share calls round-robin.",
        ),
        Field("transport", "transport", default="UDP", enum=TRANSPORTS, description="UDP, TCP or TLS."),
        Field("enabled", "enabled", kind=BOOLEAN, default=True, description="Whether calls are routed to it."),
        Field(
            "address",
            "address",
            validator=v.non_empty,
            description="Static endpoints: the IP address or host name calls are sent to.",
        ),
        Field(
            "port",
            "port",
            kind=INTEGER,
            default=5060,
            validator=v.in_range(1, 65535),
            description="Static endpoints: the SIP port (default 5060).",
        ),
        Field(
            "credential_username",
            "credentialUsername",
            validator=v.non_empty,
            description="Registered endpoints: a username of a credential list linked to the same trunk.",
        ),
        Field(
            "is_registered",
            "isRegistered",
            kind=BOOLEAN,
            output=True,
            description="True for a registered endpoint (derived from credential_username).",
        ),
        *_timestamps(),
    ),
)


def _ip_range_list(value: object) -> str | None:
    if isinstance(value, list | tuple) and not value:
        return "needs at least one IP range, e.g. IpRangeArgs(ip_address='203.0.113.10', range=32)"
    return None


IP_RANGE = ObjectSpec(
    name="IpRange",
    label="IP range",
    path="/accessControlLists/{access_control_list_id}/ipRanges",
    list_keys=("ipRanges",),
    natural_key=("ip_address", "range"),
    description="A block of IPv4 addresses allowed to send calls: ip_address plus a prefix length.",
    fields=(
        Field(
            "access_control_list_id",
            "accessControlListId",
            path_param=True,
            refers_to="AccessControlList",
            description="The access control list the range belongs to.",
        ),
        Field(
            "ip_address",
            "ipAddress",
            required=True,
            validator=v.ipv4_address,
            description="The first IPv4 address of the range, e.g. '203.0.113.0'.",
        ),
        Field(
            "range",
            "range",
            kind=INTEGER,
            default=32,
            validator=v.in_range(1, 32),
            description="The CIDR prefix length, 1-32 (32 is one address).",
        ),
        Field("description", "description", description="A note, e.g. 'West wing of office'."),
        *_timestamps(),
    ),
)

ACCESS_CONTROL_LIST = ObjectSpec(
    name="AccessControlList",
    label="access control list",
    path="/accessControlLists",
    list_keys=("accessControlLists",),
    natural_key=("name",),
    description="The source IP ranges allowed to place calls on the trunks it is linked to.",
    fields=(
        Field("name", "name", required=True, validator=v.non_empty, description="The friendly name."),
        Field(
            "enabled",
            "enabled",
            kind=BOOLEAN,
            default=True,
            description="Disable the list temporarily without deleting it.",
        ),
        Field(
            "ip_ranges",
            "ipRanges",
            kind=OBJECT_LIST,
            required=True,
            items=IP_RANGE,
            validator=_ip_range_list,
            description="At least one IP range.",
        ),
        Field("trunks", "trunks", kind=STRING_LIST, output=True, description="Ids of the linked trunks."),
        *_timestamps(),
    ),
)

TRUNK_ACCESS_CONTROL_LIST = ObjectSpec(
    name="TrunkAccessControlList",
    label="trunk access control list link",
    path="/trunks/{trunk_id}/accessControlLists",
    list_keys=("accessControlListIds",),
    listed_in=("AccessControlList", "trunks"),
    item_key="{id}",
    description="Links an access control list to a trunk.",
    fields=(
        Field(
            "trunk_id",
            "trunkId",
            required=True,
            replace=True,
            path_param=True,
            refers_to="SipTrunk",
            description="The trunk id.",
        ),
        Field(
            "access_control_list_id",
            "accessControlListId",
            required=True,
            replace=True,
            refers_to="AccessControlList",
            description="The access control list id.",
        ),
    ),
)

CREDENTIAL = ObjectSpec(
    name="Credential",
    label="credential",
    path="/credentialLists/{credential_list_id}/credentials",
    list_keys=("credentials",),
    item_key="{id}",
    id_field="username",
    natural_key=("username",),
    description="A SIP digest username and its write-only password.",
    fields=(
        Field(
            "credential_list_id",
            "credentialListId",
            path_param=True,
            refers_to="CredentialList",
            description="The credential list.",
        ),
        Field("username", "username", required=True, validator=v.non_empty, description="The SIP username."),
        Field(
            "password",
            "password",
            required=True,
            secret=True,
            validator=v.password_policy,
            description="Write-only; at least 12 characters with upper, lower and digit.",
        ),
        Field("credential_id", "id", output=True, description="The credential's id."),
    ),
)


def _unique_usernames(props: Mapping[str, Any]) -> Iterable[Violation]:
    credentials = props.get("credentials")
    if not isinstance(credentials, list | tuple):
        return  # absent, or not known until the deployment runs
    seen: set[str] = set()
    for index, cred in enumerate(credentials):
        username = cred.get("username") if isinstance(cred, Mapping) else None
        if isinstance(username, str):
            if username in seen:
                yield Violation(f"credentials[{index}].username", f"{username!r} appears twice in the list")
            seen.add(username)


CREDENTIAL_LIST = ObjectSpec(
    name="CredentialList",
    label="credential list",
    path="/credentialLists",
    list_keys=("credentialLists",),
    natural_key=("name",),
    rules=(_unique_usernames,),
    description="SIP digest credentials for outbound calls and for registering endpoints.",
    fields=(
        Field("name", "name", required=True, validator=v.non_empty, description="The friendly name."),
        Field(
            "credentials",
            "credentials",
            kind=OBJECT_LIST,
            items=CREDENTIAL,
            default=(),
            description="Usernames and write-only passwords.",
        ),
        *_timestamps(),
    ),
)

TRUNK_CREDENTIAL_LIST = ObjectSpec(
    name="TrunkCredentialList",
    label="trunk credential list link",
    path="/trunks/{trunk_id}/credentialLists",
    list_keys=("credentialListIds", "credentialLists"),
    description="Links a credential list to a trunk.",
    fields=(
        Field(
            "trunk_id",
            "trunkId",
            required=True,
            replace=True,
            path_param=True,
            refers_to="SipTrunk",
            description="The trunk id.",
        ),
        Field(
            "credential_list_id",
            "credentialListId",
            required=True,
            replace=True,
            refers_to="CredentialList",
            description="The credential list id.",
        ),
    ),
)

PHONE_NUMBER = ObjectSpec(
    name="PhoneNumber",
    label="phone number",
    path="/phoneNumbers",
    list_keys=("phoneNumbers",),
    item_key="{id}",
    key_field="phone_number",
    create_status=201,
    natural_key=("phone_number",),
    description="A number the project owns, assigned to a trunk for inbound calls.",
    fields=(
        Field(
            "phone_number",
            "phoneNumber",
            required=True,
            replace=True,
            validator=v.e164,
            description="The E.164 number, e.g. '+14155550100'.",
        ),
        Field(
            "trunk_id",
            "sipTrunkId",
            required=True,
            refers_to="SipTrunk",
            description="The trunk that receives the number's calls.",
        ),
        Field(
            "via",
            "",
            local=True,
            default="EST",
            enum=("EST", "NUMBERS_API"),
            description="How the number is assigned: the EST phoneNumbers route, or the Numbers API "
            "voiceConfiguration (asynchronous; polled until provisioned).",
        ),
        Field(
            "country_code",
            "countryCode",
            output=True,
            description="ISO 3166-1 alpha-2 country of the number.",
        ),
        Field("create_time", "createTime", output=True, description="When the number was assigned."),
        Field("update_time", "updateTime", output=True, description="When the assignment last changed."),
    ),
)

MAX_NUMBERS_PER_SET = 1000
"""Numbers one ``TrunkPhoneNumbers`` resource may hold: large blocks belong in several resources."""


def _phone_number_set(value: object) -> str | None:
    if not isinstance(value, list | tuple):
        return None
    if not value:
        return "needs at least one number, e.g. ['+14155550100']"
    if len(value) > MAX_NUMBERS_PER_SET:
        return f"holds {len(value)} numbers; split them over several resources of at most {MAX_NUMBERS_PER_SET}"
    seen: set[object] = set()
    for index, number in enumerate(value):
        reason = v.e164(number)
        if reason is not None:
            return f"entry {index}: {reason}"
        if number in seen:
            return f"entry {index}: {number} is listed twice; list each number once"
        seen.add(number)
    return None


PHONE_NUMBER_SET = ObjectSpec(
    name="TrunkPhoneNumbers",
    label="phone numbers",
    path="/phoneNumbers",
    list_keys=("phoneNumbers",),
    description="Several numbers routed to one trunk, assigned and taken back number by number (a provider-side "
    "grouping of PhoneNumber, not an API object of its own).",
    fields=(
        dataclasses.replace(
            PHONE_NUMBER.field("trunk_id"),
            replace=True,
            description="The trunk that receives the numbers' calls; changing it moves every number.",
        ),
        Field(
            "phone_numbers",
            "",
            kind=STRING_LIST,
            local=True,
            required=True,
            validator=_phone_number_set,
            description=f"The E.164 numbers, each listed once (order does not matter; at most {MAX_NUMBERS_PER_SET}).",
        ),
        PHONE_NUMBER.field("via"),
        Field(
            "country_codes",
            "",
            output=True,
            local=True,
            description="ISO 3166-1 alpha-2 country of each number, keyed by the number.",
        ),
    ),
)

ENDPOINTS_ID_SUFFIX = "/endpoints"
"""A ``TrunkEndpoints`` resource's id (and ``adopt_id``) is its trunk's id with this suffix."""
MAX_ENDPOINTS_PER_SET = 100
"""Endpoints one ``TrunkEndpoints`` resource may hold (a trunk's routing rarely needs more than a few)."""

ENDPOINT_ITEM = dataclasses.replace(
    SIP_ENDPOINT,
    name="Endpoint",
    natural_key=("name",),
    description="One endpoint of a TrunkEndpoints block: the inputs of a SipEndpoint without its trunk_id.",
    fields=tuple(f for f in SIP_ENDPOINT.inputs if f.name != "trunk_id"),
)


def endpoint_order(item: Mapping[str, Any]) -> str:
    """The order a ``TrunkEndpoints`` keeps its endpoints in, and an export writes them: by name."""
    return str(item.get("name"))


def _endpoint_set(value: object) -> str | None:
    if not isinstance(value, list | tuple):
        return None
    if not value:
        return "needs at least one endpoint, e.g. EndpointArgs(name='sbc-1', priority=1, address='203.0.113.10')"
    if len(value) > MAX_ENDPOINTS_PER_SET:
        return f"holds {len(value)} endpoints; split them over several resources of at most {MAX_ENDPOINTS_PER_SET}"
    seen: set[object] = set()
    for index, item in enumerate(value):
        name = item.get("name") if isinstance(item, Mapping) else None
        if isinstance(name, str) and name in seen:
            return f"entry {index}: the name {name!r} is listed twice; endpoint names identify them within a trunk"
        seen.add(name)
    return None


SIP_ENDPOINT_SET = ObjectSpec(
    name="TrunkEndpoints",
    label="SIP endpoints",
    path="/trunks/{trunk_id}/endpoints",
    list_keys=("endpoints",),
    description="A trunk's endpoints as one resource, created, changed and deleted endpoint by endpoint (a "
    "provider-side grouping of SipEndpoint, not an API object of its own; names identify the endpoints).",
    fields=(
        dataclasses.replace(
            SIP_ENDPOINT.field("trunk_id"),
            description="The trunk the endpoints belong to; changing it replaces every endpoint.",
        ),
        Field(
            "endpoints",
            "",
            kind=OBJECT_LIST,
            local=True,
            required=True,
            items=ENDPOINT_ITEM,
            validator=_endpoint_set,
            description="The endpoints, each with a name unique on the trunk (order does not matter; at most "
            f"{MAX_ENDPOINTS_PER_SET}).",
        ),
        Field(
            "endpoint_ids",
            "",
            output=True,
            local=True,
            description="The API id of each endpoint, keyed by its name.",
        ),
    ),
)

DEFAULT_ENABLED_COUNTRIES = frozenset({"US", "CA"})
"""Countries a project may dial until someone changes it: US and Canada; every other country starts blocked
(est-api.md §10.1, from the EST skill; the API has no field that says what the default is)."""

COUNTRY_PERMISSION = ObjectSpec(
    name="CountryPermission",
    label="country permission",
    path="/countryPermissions",
    list_keys=("countryPermissions",),
    id_field="isoCode",
    paginated=False,
    description="Whether regular numbers of a country may be dialled; account-wide, not per trunk.",
    fields=(
        Field(
            "iso_code",
            "isoCode",
            required=True,
            replace=True,
            validator=v.country_code,
            description="ISO 3166-1 alpha-2 country code, e.g. 'SE'.",
        ),
        Field("enabled", "enabled", kind=BOOLEAN, required=True, description="Allow calls to the country."),
        Field("name", "name", output=True, description="The country's English name."),
        Field("continent", "continent", output=True, description="The continent, e.g. 'Europe'."),
        Field(
            "country_dialing_codes",
            "countryDialingCodes",
            kind=STRING_LIST,
            output=True,
            description="Dialling codes such as '+46'.",
        ),
    ),
)

CALL_BLOCKING_RULE = ObjectSpec(
    name="CallBlockingRule",
    label="call blocking rule",
    path="/callBlockingRules",
    list_keys=("callBlockingRules",),
    natural_key=("name", "direction"),
    description="Blocks calls by direction, country and number prefix, project-wide.",
    fields=(
        Field("name", "name", description="The friendly name."),
        Field("direction", "direction", required=True, enum=DIRECTIONS, description="INBOUND or OUTBOUND."),
        Field(
            "caller_country",
            "callerCountry",
            validator=v.country_code,
            description="Caller country (inbound).",
        ),
        Field(
            "callee_country",
            "calleeCountry",
            validator=v.country_code,
            description="Callee country (outbound).",
        ),
        Field("caller_match", "callerMatch", validator=v.prefix_digits, description="Caller number prefix."),
        Field("callee_match", "calleeMatch", validator=v.prefix_digits, description="Callee number prefix."),
        *_timestamps(),
    ),
)

CALL = ObjectSpec(
    name="Call",
    label="call",
    path="/calls",
    list_keys=("calls",),
    id_field="callId",
    description="A call record (read-only history).",
    extra={"page_size": {"default": 100, "max": 1000}},
    fields=(
        Field("call_id", "callId", output=True),
        Field("to", "to", output=True),
        Field("from_", "from", output=True),
        Field("direction", "direction", output=True),
        Field("answer_time", "answerTime", output=True),
        Field("end_time", "endTime", output=True),
        Field("duration_seconds", "durationSeconds", kind=INTEGER, output=True),
        Field("billing_duration_seconds", "billingDurationSeconds", kind=INTEGER, output=True),
        Field("call_result", "callResult", output=True),
        Field("price_per_minute", "pricePerMinute", output=True),
        Field("price", "price", output=True),
        Field("create_time", "createTime", output=True),
        Field("project_id", "projectId", output=True),
        Field("trunk_id", "trunkId", output=True),
        Field("pcap_id", "pcapId", output=True),
    ),
)

ALL_SPECS: tuple[ObjectSpec, ...] = (
    SIP_TRUNK,
    SIP_ENDPOINT,
    ACCESS_CONTROL_LIST,
    IP_RANGE,
    TRUNK_ACCESS_CONTROL_LIST,
    CREDENTIAL_LIST,
    CREDENTIAL,
    TRUNK_CREDENTIAL_LIST,
    PHONE_NUMBER,
    COUNTRY_PERMISSION,
    CALL_BLOCKING_RULE,
    CALL,
)

SPECS_BY_NAME: dict[str, ObjectSpec] = {spec.name: spec for spec in ALL_SPECS}
"""The API objects by ``ObjectSpec.name``, as ``Field.refers_to`` and ``ObjectSpec.listed_in`` name them."""
