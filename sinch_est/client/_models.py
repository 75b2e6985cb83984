"""Typed views of the dicts the client takes and returns, mirroring the schema's Python field names.

``<Object>`` is what a read returns (``from_wire`` plus ``"id"``); ``<Object>Props`` is what a create or
update takes (the spec's input fields). Tests keep both key sets equal to the specs'.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, TypedDict

__all__ = [
    "AccessControlList",
    "AccessControlListProps",
    "Call",
    "CallBlockingRule",
    "CallBlockingRuleProps",
    "CountryPermission",
    "CountryPermissionProps",
    "Credential",
    "CredentialList",
    "CredentialListProps",
    "CredentialProps",
    "IpRange",
    "IpRangeProps",
    "PhoneNumber",
    "PhoneNumberProps",
    "SipEndpoint",
    "SipEndpointProps",
    "SipTrunk",
    "SipTrunkProps",
    "parse_timestamp",
]


class SipTrunkProps(TypedDict, total=False):
    name: str
    host_name: str
    enable_caller_name: bool | None
    enable_call_forward: bool | None
    call_forward_number: str | None


class SipTrunk(SipTrunkProps, total=False):
    id: str
    domain: str | None
    top_level_domain: str | None
    calls_per_second: int | None
    project_id: str | None
    create_time: str | None
    update_time: str | None


class SipEndpointProps(TypedDict, total=False):
    trunk_id: str
    name: str
    priority: int
    transport: str | None
    enabled: bool | None
    address: str | None
    port: int | None
    credential_username: str | None


class SipEndpoint(SipEndpointProps, total=False):
    id: str
    is_registered: bool | None
    project_id: str | None
    create_time: str | None
    update_time: str | None


class IpRangeProps(TypedDict, total=False):
    access_control_list_id: str | None
    ip_address: str
    range: int | None
    description: str | None


class IpRange(IpRangeProps, total=False):
    id: str
    project_id: str | None
    create_time: str | None
    update_time: str | None


class AccessControlListProps(TypedDict, total=False):
    name: str
    enabled: bool | None
    ip_ranges: list[IpRangeProps]


class AccessControlList(TypedDict, total=False):
    id: str
    name: str
    enabled: bool | None
    ip_ranges: list[IpRange] | None
    trunks: list[str] | None
    project_id: str | None
    create_time: str | None
    update_time: str | None


class CredentialProps(TypedDict, total=False):
    credential_list_id: str | None
    username: str
    password: str


class Credential(TypedDict, total=False):
    id: str
    """The username: credentials are addressed by username."""
    credential_id: str | None
    credential_list_id: str | None
    username: str


class CredentialListProps(TypedDict, total=False):
    name: str
    credentials: list[CredentialProps]


class CredentialList(TypedDict, total=False):
    id: str
    name: str
    credentials: list[Credential] | None
    project_id: str | None
    create_time: str | None
    update_time: str | None


class PhoneNumberProps(TypedDict, total=False):
    phone_number: str
    trunk_id: str


class PhoneNumber(PhoneNumberProps, total=False):
    id: str
    country_code: str | None
    create_time: str | None
    update_time: str | None


class CountryPermissionProps(TypedDict, total=False):
    iso_code: str
    enabled: bool


class CountryPermission(CountryPermissionProps, total=False):
    id: str
    name: str | None
    continent: str | None
    country_dialing_codes: list[str] | None


class CallBlockingRuleProps(TypedDict, total=False):
    name: str | None
    direction: str
    caller_country: str | None
    callee_country: str | None
    caller_match: str | None
    callee_match: str | None


class CallBlockingRule(CallBlockingRuleProps, total=False):
    id: str
    project_id: str | None
    create_time: str | None
    update_time: str | None


class Call(TypedDict, total=False):
    id: str
    call_id: str | None
    to: str | None
    from_: str | None
    direction: str | None
    answer_time: str | None
    end_time: str | None
    duration_seconds: int | None
    billing_duration_seconds: int | None
    call_result: str | None
    price_per_minute: dict[str, Any] | None
    price: dict[str, Any] | None
    create_time: str | None
    project_id: str | None
    trunk_id: str | None
    pcap_id: str | None


_OFFSET = re.compile(r"([+-]\d\d):?(\d\d)$")
_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_timestamp(value: str | None) -> datetime | None:
    """An aware UTC-or-offset datetime from any EST timestamp form; ``None`` for null or ``""``.

    Accepts ``Z``, ``+0000``, ``+00:00`` or no zone at all (read as UTC, as the API means it), and
    fractions of up to nanoseconds (truncated to microseconds).
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text[-1] in "Zz":
        text = text[:-1] + "+00:00"
    text = _OFFSET.sub(r"\1:\2", text) if "T" in text else text
    text = _FRACTION.sub(r"\1", text)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an EST timestamp: {value!r}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
