"""Field validators: each returns ``None`` when the value is good, else a reason a person can act on."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

__all__ = [
    "Validator",
    "country_code",
    "dns_label",
    "e164",
    "in_range",
    "ipv4_address",
    "non_empty",
    "password_policy",
    "prefix_digits",
]

Validator = Callable[[object], "str | None"]

_DNS_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_COUNTRY = re.compile(r"^(?:[A-Z]{2}|\*)$")
_DIGITS = re.compile(r"^\+?[0-9]{1,15}$")


def dns_label(value: object) -> str | None:
    if not isinstance(value, str) or not _DNS_LABEL.match(value):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", str(value).lower()).strip("-")[:63].strip("-")
        example = f", e.g. {suggestion!r}" if isinstance(value, str) and _DNS_LABEL.match(suggestion) else ""
        return (
            f"{value!r} is not a DNS label: use 1-63 lowercase letters, digits and '-', "
            f"starting and ending with a letter or digit (it becomes <host_name>.pstn.sinch.com){example}"
        )
    return None


def e164(value: object) -> str | None:
    if not isinstance(value, str) or not _E164.match(value):
        return f"{value!r} is not an E.164 number: write '+' then country code and number, e.g. '+14155550100'"
    return None


def ipv4_address(value: object) -> str | None:
    if isinstance(value, str) and "/" in value:
        address, _, prefix = value.partition("/")
        return (
            f"{value!r} is a CIDR string; EST wants the address and the prefix apart: "
            f"ip_address={address!r}, range={prefix} (or cidr={value!r})"
        )
    try:
        ipaddress.IPv4Address(str(value))
    except ValueError:
        return f"{value!r} is not an IPv4 address such as '203.0.113.10'"
    return None


def country_code(value: object) -> str | None:
    if not isinstance(value, str) or not _COUNTRY.match(value):
        return f"{value!r} is not an ISO 3166-1 alpha-2 country code such as 'US' (uppercase, two letters)"
    return None


def prefix_digits(value: object) -> str | None:
    if not isinstance(value, str) or not _DIGITS.match(value):
        return f"{value!r} is not a number prefix: use up to 15 digits, optionally after '+'"
    return None


def non_empty(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty string"
    return None


def password_policy(value: object) -> str | None:
    if (
        not isinstance(value, str)
        or len(value) < 12
        or not re.search(r"[A-Z]", value)
        or not re.search(r"[a-z]", value)
        or not re.search(r"[0-9]", value)
    ):
        # Never echo the value: it is a SIP password.
        return "the password must have at least 12 characters with an uppercase letter, a lowercase letter and a digit"
    return None


def in_range(low: int, high: int | None = None) -> Validator:
    def check(value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
            return f"{value!r} is not a whole number"
        if value < low or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            return f"{int(value)} is out of range: use a whole number {bounds}"
        return None

    return check
