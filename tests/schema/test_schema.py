"""The schema: validators, the wire mapping and the cross-field rules."""

from __future__ import annotations

import pytest

from sinch_est import schema
from sinch_est.schema import validators as v


@pytest.mark.parametrize("value", ["acme", "a", "acme-voice-1", "x" * 63])
def test_dns_label_accepts(value: str) -> None:
    assert v.dns_label(value) is None


@pytest.mark.parametrize("value", ["", "Acme", "-acme", "acme-", "acme_voice", "a.b", "x" * 64, 7])
def test_dns_label_rejects(value: object) -> None:
    assert v.dns_label(value) is not None


@pytest.mark.parametrize("value", ["+14155550100", "+46701234567"])
def test_e164_accepts(value: str) -> None:
    assert v.e164(value) is None


@pytest.mark.parametrize("value", ["14155550100", "+0123456789", "+1 415 555", "+1415555010012345", ""])
def test_e164_rejects(value: str) -> None:
    assert v.e164(value) is not None


def test_password_policy_never_echoes_the_password() -> None:
    reason = v.password_policy("tooShort1")
    assert reason is not None and "tooShort1" not in reason
    assert v.password_policy("LongEnough123") is None
    for bad in ("alllowercase123", "ALLUPPERCASE123", "NoDigitsAtAllHere"):
        assert v.password_policy(bad) is not None


def test_cidr_string_is_explained_with_the_users_own_values() -> None:
    reason = v.ipv4_address("198.51.100.16/28")
    assert reason is not None and "ip_address='198.51.100.16', range=28" in reason
    assert "cidr='198.51.100.16/28'" in reason and "24" not in reason


def test_a_bad_host_name_gets_a_fixed_suggestion_when_there_is_one() -> None:
    assert "e.g. 'acme-voice-eu'" in (v.dns_label("Acme Voice_EU") or "")
    assert "e.g." not in (v.dns_label("---") or "")


def test_trunk_requires_forward_number_when_forwarding() -> None:
    violations = schema.validate(schema.SIP_TRUNK, {"name": "t", "host_name": "t", "enable_call_forward": True})
    assert [x.field for x in violations] == ["call_forward_number"]


def test_unknown_values_are_skipped_and_satisfy_rules() -> None:
    unknown = object()
    props = {"name": "t", "host_name": unknown, "enable_call_forward": True, "call_forward_number": unknown}
    assert schema.validate(schema.SIP_TRUNK, props, is_unknown=lambda x: x is unknown) == []


def test_one_violation_per_property() -> None:
    violations = schema.validate(schema.SIP_ENDPOINT, {"name": "", "priority": 0, "port": 70000, "transport": "SCTP"})
    fields = [x.field for x in violations]
    assert len(fields) == len(set(fields))
    assert {"trunk_id", "name", "priority", "port", "transport"} <= set(fields)


def test_nested_items_are_validated_with_their_index() -> None:
    props = {
        "name": "acl",
        "ip_ranges": [{"ip_address": "203.0.113.1"}, {"ip_address": "1.2.3.4", "range": 0}],
    }
    violations = schema.validate(schema.ACCESS_CONTROL_LIST, props)
    assert [x.field for x in violations] == ["ip_ranges[1].range"]


def test_to_wire_fills_defaults_for_put() -> None:
    body = schema.to_wire(schema.SIP_TRUNK, {"name": "t", "host_name": "h"}, fill_defaults=True)
    assert body == {
        "name": "t",
        "hostName": "h",
        "enableCallerName": False,
        "enableCallForward": False,
        "callForwardNumber": "",
    }


def test_to_wire_never_sends_outputs_path_params_or_local_settings() -> None:
    body = schema.to_wire(
        schema.PHONE_NUMBER,
        {"phone_number": "+14155550100", "trunk_id": "T", "via": "EST", "country_code": "US"},
    )
    assert body == {"phoneNumber": "+14155550100", "sipTrunkId": "T"}
    assert "sipTrunkId" not in schema.to_wire(schema.SIP_ENDPOINT, {"trunk_id": "T", "name": "e", "priority": 1})


def test_from_wire_drops_secrets_and_unknown_keys() -> None:
    props = schema.from_wire(
        schema.CREDENTIAL_LIST,
        {"id": "L", "name": "n", "credentials": [{"id": "C", "username": "u", "password": "x"}], "junk": 1},
    )
    assert props["id"] == "L" and "junk" not in props
    [cred] = props["credentials"]
    assert cred["username"] == "u" and cred["credential_id"] == "C" and "password" not in cred


def test_every_spec_names_fields_once() -> None:
    for spec in schema.ALL_SPECS:
        names = [f.name for f in spec.fields]
        wires = [f.wire for f in spec.fields if not f.local]
        assert len(names) == len(set(names)), spec.name
        assert len(wires) == len(set(wires)), spec.name
        assert all(f.description for f in spec.inputs), spec.name


def test_username_rule_tolerates_credentials_unknown_at_preview() -> None:
    unknown = object()
    violations = schema.validate(
        schema.CREDENTIAL_LIST, {"name": "n", "credentials": unknown}, is_unknown=lambda v: v is unknown
    )
    assert violations == []
