"""Every resource's ``diff``: what updates in place, what replaces, and what is no change at all."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime.rpc import UNKNOWN

from sinch_est import provider as p

TRUNK = {
    "name": "Main",
    "host_name": "acme",
    "enable_caller_name": False,
    "enable_call_forward": False,
    "call_forward_number": "",
    "domain": "acme.pstn.sinch.com",
    "calls_per_second": 1,
}
ENDPOINT = {
    "trunk_id": "T1",
    "name": "e",
    "priority": 1,
    "transport": "UDP",
    "enabled": True,
    "address": "192.0.2.1",
    "port": 5060,
    "is_registered": False,
}
ACL = {
    "name": "a",
    "enabled": True,
    "ip_ranges": [{"ip_address": "203.0.113.0", "range": 24, "description": None, "id": "R1"}],
}
CREDS = {"name": "c", "credentials": [{"username": "u", "password": "Str0ngEnoughPass", "id": "C1"}]}

N2 = ["+14155550100", "+14155550101"]
N3 = [*N2, "+14155550102"]

CASES: list[tuple[type[p.EstProvider], dict[str, Any], dict[str, Any], bool, list[str]]] = [
    # (provider, olds (state outputs), news (checked inputs), changes, replaces)
    (p.SipTrunkProvider, TRUNK, {"name": "Main", "host_name": "acme"}, False, []),
    (p.SipTrunkProvider, TRUNK, {"name": "Renamed", "host_name": "acme"}, True, []),
    (p.SipTrunkProvider, TRUNK, {"name": "Main", "host_name": "acme-2"}, True, []),
    (p.SipTrunkProvider, TRUNK, {"name": "Main", "host_name": "acme", "enable_caller_name": True}, True, []),
    (p.SipTrunkProvider, TRUNK, {"name": UNKNOWN, "host_name": "acme"}, True, []),
    (
        p.SipEndpointProvider,
        ENDPOINT,
        {"trunk_id": "T1", "name": "e", "priority": 1, "address": "192.0.2.1"},
        False,
        [],
    ),
    (
        p.SipEndpointProvider,
        ENDPOINT,
        {"trunk_id": "T1", "name": "e", "priority": 2, "address": "192.0.2.1"},
        True,
        [],
    ),
    (
        p.SipEndpointProvider,
        ENDPOINT,
        {"trunk_id": "T2", "name": "e", "priority": 1, "address": "192.0.2.1"},
        True,
        ["trunk_id"],
    ),
    (
        p.SipEndpointProvider,
        ENDPOINT,
        {"trunk_id": UNKNOWN, "name": "e", "priority": 1, "address": "192.0.2.1"},
        True,
        ["trunk_id"],
    ),
    (
        p.SipEndpointProvider,
        ENDPOINT,
        {"trunk_id": "T1", "name": "e", "priority": 1, "credential_username": "u"},
        True,
        ["credential_username"],
    ),
    (
        p.AccessControlListProvider,
        ACL,
        {"name": "a", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 24}]},
        False,
        [],
    ),
    (
        p.AccessControlListProvider,
        ACL,
        {"name": "a", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 25}]},
        True,
        [],
    ),
    (
        p.CredentialListProvider,
        CREDS,
        {"name": "c", "credentials": [{"username": "u", "password": "Str0ngEnoughPass"}]},
        False,
        [],
    ),
    (
        p.CredentialListProvider,
        CREDS,
        {"name": "c", "credentials": [{"username": "u", "password": "R0tatedPassword!"}]},
        True,
        [],
    ),
    (
        p.TrunkAccessControlListProvider,
        {"trunk_id": "T", "access_control_list_id": "A"},
        {"trunk_id": "T", "access_control_list_id": "B"},
        True,
        ["access_control_list_id"],
    ),
    (
        p.TrunkCredentialListProvider,
        {"trunk_id": "T", "credential_list_id": "C"},
        {"trunk_id": "T2", "credential_list_id": "C"},
        True,
        ["trunk_id"],
    ),
    (
        p.PhoneNumberAssignmentProvider,
        {"trunk_id": "T", "phone_number": "+14155550100", "via": "EST", "country_code": "US"},
        {"trunk_id": "T2", "phone_number": "+14155550100"},
        True,
        [],
    ),
    (
        p.PhoneNumberAssignmentProvider,
        {"trunk_id": "T", "phone_number": "+14155550100", "via": "EST"},
        {"trunk_id": "T", "phone_number": "+14155550101"},
        True,
        ["phone_number"],
    ),
    (
        p.CountryPermissionProvider,
        {"iso_code": "SE", "enabled": False},
        {"iso_code": "SE", "enabled": True},
        True,
        [],
    ),
    (
        p.CountryPermissionProvider,
        {"iso_code": "SE", "enabled": True},
        {"iso_code": "NO", "enabled": True},
        True,
        ["iso_code"],
    ),
    (
        p.CallBlockingRuleProvider,
        {"direction": "INBOUND", "caller_match": "1900"},
        {"direction": "inbound", "caller_match": "1900"},
        False,
        [],
    ),
    (p.CallBlockingRuleProvider, {"direction": "INBOUND"}, {"direction": "OUTBOUND"}, True, []),
    (
        p.TrunkPhoneNumbersProvider,
        {"trunk_id": "T", "phone_numbers": N2},
        {"trunk_id": "T", "phone_numbers": N2},
        False,
        [],
    ),
    (
        p.TrunkPhoneNumbersProvider,
        {"trunk_id": "T", "phone_numbers": N2, "via": "EST"},
        {"trunk_id": "T", "phone_numbers": N2},
        False,
        [],
    ),
    (
        p.TrunkPhoneNumbersProvider,
        {"trunk_id": "T", "phone_numbers": N2},
        {"trunk_id": "T", "phone_numbers": N3},
        True,
        [],
    ),
    (
        p.TrunkPhoneNumbersProvider,
        {"trunk_id": "T", "phone_numbers": N2},
        {"trunk_id": "U", "phone_numbers": N2},
        True,
        ["trunk_id"],
    ),
    (
        p.TrunkPhoneNumbersProvider,
        {"trunk_id": "T", "phone_numbers": N2},
        {"trunk_id": "T", "phone_numbers": N2, "via": "NUMBERS_API"},
        True,
        [],
    ),
]


@pytest.mark.parametrize(("provider_cls", "olds", "news", "changes", "replaces"), CASES)
def test_diff(
    provider_cls: type[p.EstProvider],
    olds: dict[str, Any],
    news: dict[str, Any],
    changes: bool,
    replaces: list[str],
) -> None:
    result = provider_cls().diff("id", {**olds, "__provider": "x"}, {**news, "__provider": "x"})
    assert result.changes is changes
    assert sorted(result.replaces or []) == sorted(replaces)


def test_upgrade_state_without_newer_fields_diffs_empty() -> None:
    """State written before a defaulted field existed (here: the call-forward pair, the endpoint port)
    must not show a change once the package knows the field."""
    old_trunk = {"name": "Main", "host_name": "acme", "enable_caller_name": False, "__provider": "x"}
    assert (
        p.SipTrunkProvider().diff("id", old_trunk, {"name": "Main", "host_name": "acme", "__provider": "y"}).changes
        is False
    )
    old_endpoint = {"trunk_id": "T1", "name": "e", "priority": 1, "address": "192.0.2.1", "__provider": "x"}
    news = {"trunk_id": "T1", "name": "e", "priority": 1, "address": "192.0.2.1", "__provider": "y"}
    assert p.SipEndpointProvider().diff("id", old_endpoint, news).changes is False
