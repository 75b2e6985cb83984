"""Every resource's ``check``: good inputs pass, each bad one is named with a fix, and no API call is made."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime.rpc import UNKNOWN

from sinch_est import provider as p
from sinch_est.provider import _base

GOOD_PASSWORD = "Str0ngEnoughPass"

CASES: list[tuple[type[p.EstProvider], dict[str, Any], dict[str, str]]] = [
    # (provider, inputs, {property: a word the message must contain}) -- empty dict means valid
    (p.SipTrunkProvider, {"name": "Main", "host_name": "acme-main"}, {}),
    (p.SipTrunkProvider, {"name": "Main", "host_name": "Acme_Main"}, {"host_name": "DNS label"}),
    (p.SipTrunkProvider, {"host_name": "acme"}, {"name": "required"}),
    (
        p.SipTrunkProvider,
        {"name": "Main", "host_name": "acme", "enable_call_forward": True},
        {"call_forward_number": "enable_call_forward"},
    ),
    (
        p.SipTrunkProvider,
        {
            "name": "Main",
            "host_name": "acme",
            "enable_call_forward": True,
            "call_forward_number": "4155550100",
        },
        {"call_forward_number": "E.164"},
    ),
    (p.SipTrunkProvider, {"name": "Main", "host_name": UNKNOWN}, {}),
    (p.SipEndpointProvider, {"trunk_id": "T", "name": "e", "priority": 1, "address": "192.0.2.1"}, {}),
    (p.SipEndpointProvider, {"trunk_id": "T", "name": "e", "priority": 1, "credential_username": "u"}, {}),
    (
        p.SipEndpointProvider,
        {"trunk_id": "T", "name": "e", "priority": 0, "address": "x"},
        {"priority": "at least 1"},
    ),
    (
        p.SipEndpointProvider,
        {"trunk_id": "T", "name": "e", "priority": 1, "address": "x", "port": 0},
        {"port": "65535"},
    ),
    (
        p.SipEndpointProvider,
        {"trunk_id": "T", "name": "e", "priority": 1, "address": "x", "transport": "SCTP"},
        {"transport": "TLS"},
    ),
    (
        p.SipEndpointProvider,
        {"trunk_id": "T", "name": "e", "priority": 1},
        {"address": "credential_username"},
    ),
    (
        p.SipEndpointProvider,
        {"trunk_id": "T", "name": "e", "priority": 1, "address": "x", "credential_username": "u"},
        {"credential_username": "not both"},
    ),
    (p.SipEndpointProvider, {"trunk_id": UNKNOWN, "name": "e", "priority": 1, "address": UNKNOWN}, {}),
    (p.AccessControlListProvider, {"name": "a", "ip_ranges": [{"cidr": "203.0.113.0/24"}]}, {}),
    (p.AccessControlListProvider, {"name": "a", "ip_ranges": []}, {"ip_ranges": "at least one"}),
    (
        p.AccessControlListProvider,
        {"name": "a", "ip_ranges": [{"ip_address": "203.0.113.0/24"}]},
        {"ip_ranges[0].ip_address": "CIDR"},
    ),
    (
        p.AccessControlListProvider,
        {"name": "a", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 33}]},
        {"ip_ranges[0].range": "between 1 and 32"},
    ),
    (
        p.AccessControlListProvider,
        {"name": "a", "ip_ranges": [{"cidr": "300.1.1.1/8"}]},
        {"ip_ranges[0].ip_address": "IPv4"},
    ),
    (p.AccessControlListProvider, {"name": "a", "ip_ranges": UNKNOWN}, {}),
    (
        p.CredentialListProvider,
        {"name": "c", "credentials": [{"username": "u", "password": GOOD_PASSWORD}]},
        {},
    ),
    (
        p.CredentialListProvider,
        {"name": "c", "credentials": [{"username": "u", "password": "short"}]},
        {"credentials[0].password": "12 characters"},
    ),
    (
        p.CredentialListProvider,
        {"name": "c", "credentials": [{"username": "u", "password": GOOD_PASSWORD}] * 2},
        {"credentials[1].username": "twice"},
    ),
    (p.TrunkAccessControlListProvider, {"trunk_id": "T", "access_control_list_id": "A"}, {}),
    (p.TrunkAccessControlListProvider, {"trunk_id": "T"}, {"access_control_list_id": "required"}),
    (p.TrunkCredentialListProvider, {"credential_list_id": "C"}, {"trunk_id": "required"}),
    (p.PhoneNumberAssignmentProvider, {"trunk_id": "T", "phone_number": "+14155550100"}, {}),
    (
        p.PhoneNumberAssignmentProvider,
        {"trunk_id": "T", "phone_number": "555-0100"},
        {"phone_number": "E.164"},
    ),
    (
        p.PhoneNumberAssignmentProvider,
        {"trunk_id": "T", "phone_number": "+14155550100", "via": "fax"},
        {"via": "NUMBERS_API"},
    ),
    (p.TrunkPhoneNumbersProvider, {"trunk_id": "T", "phone_numbers": ["+14155550101", "+14155550100"]}, {}),
    (p.TrunkPhoneNumbersProvider, {"trunk_id": "T", "phone_numbers": []}, {"phone_numbers": "at least one"}),
    (
        p.TrunkPhoneNumbersProvider,
        {"trunk_id": "T", "phone_numbers": ["+14155550100", "555-0100"]},
        {"phone_numbers": "entry 1"},
    ),
    (
        p.TrunkPhoneNumbersProvider,
        {"trunk_id": "T", "phone_numbers": ["+14155550100", " +14155550100"]},
        {"phone_numbers": "listed twice"},
    ),
    (
        p.TrunkPhoneNumbersProvider,
        {"trunk_id": "T", "phone_numbers": [f"+1415555{i:04d}" for i in range(1001)]},
        {"phone_numbers": "several resources"},
    ),
    (p.TrunkPhoneNumbersProvider, {"phone_numbers": "+14155550100"}, {"trunk_id": "required", "phone_numbers": "list"}),
    (p.CountryPermissionProvider, {"iso_code": "se", "enabled": True}, {}),
    (p.CountryPermissionProvider, {"iso_code": "Sweden", "enabled": True}, {"iso_code": "alpha-2"}),
    (p.CountryPermissionProvider, {"iso_code": "SE"}, {"enabled": "required"}),
    (
        p.CallBlockingRuleProvider,
        {"direction": "inbound", "caller_country": "us", "caller_match": "+1900"},
        {},
    ),
    (p.CallBlockingRuleProvider, {"direction": "sideways"}, {"direction": "INBOUND"}),
    (p.CallBlockingRuleProvider, {"direction": "INBOUND", "caller_match": "12a"}, {"caller_match": "prefix"}),
]


@pytest.fixture(autouse=True)
def no_api(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("check must not call the API")

    monkeypatch.setattr(_base, "get_client", refuse)


@pytest.mark.parametrize(("provider_cls", "inputs", "expected"), CASES)
def test_check(provider_cls: type[p.EstProvider], inputs: dict[str, Any], expected: dict[str, str]) -> None:
    result = provider_cls().check({}, {**inputs, "__provider": "x"})
    got = {f.property: f.reason for f in result.failures}
    assert set(got) == set(expected), got
    for prop, word in expected.items():
        assert word in got[prop], got[prop]
    assert "__provider" not in result.inputs


def test_check_never_echoes_a_password() -> None:
    secret = "abc"  # too short: rejected
    result = p.CredentialListProvider().check({}, {"name": "c", "credentials": [{"username": "u", "password": secret}]})
    assert result.failures and all(secret not in f.reason for f in result.failures)


def test_check_normalises() -> None:
    acl = p.AccessControlListProvider().check({}, {"name": "a", "ip_ranges": [{"cidr": "203.0.113.0/24"}]})
    assert acl.inputs["ip_ranges"] == [{"ip_address": "203.0.113.0", "range": 24}]
    country = p.CountryPermissionProvider().check({}, {"iso_code": "se", "enabled": True})
    assert country.inputs["iso_code"] == "SE"
    endpoint = p.SipEndpointProvider().check(
        {}, {"trunk_id": "T", "name": "e", "priority": 1, "address": "x", "transport": "tls"}
    )
    assert endpoint.inputs["transport"] == "TLS"
    numbers = p.TrunkPhoneNumbersProvider().check(
        {}, {"trunk_id": "T", "phone_numbers": [" +46701740001", "+14155550100"], "via": "numbers_api"}
    )
    assert numbers.inputs["phone_numbers"] == ["+14155550100", "+46701740001"]
    assert numbers.inputs["via"] == "NUMBERS_API"
    default = p.PhoneNumberAssignmentProvider().check(
        {}, {"trunk_id": "T", "phone_number": "+14155550100", "via": "est"}
    )
    assert "via" not in default.inputs, "a value equal to its default is stored left out, as a refresh reads it"


def test_check_of_numbers_tolerates_unknown_entries() -> None:
    from pulumi.runtime.rpc import UNKNOWN

    result = p.TrunkPhoneNumbersProvider().check({}, {"trunk_id": UNKNOWN, "phone_numbers": ["+14155550100", UNKNOWN]})
    assert result.failures == []
    assert result.inputs["phone_numbers"] == ["+14155550100", UNKNOWN]
