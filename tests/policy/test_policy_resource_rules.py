"""Resource policies: a violating case, a passing case and an unknown-value case for each."""

from __future__ import annotations

from policy_harness import UNKNOWN, run_resource
from pulumi_policy.proxy import (
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
)

from sinch_est.policy import _resource_rules as rules_defaults
from sinch_est.policy import rules


def _acl(*ranges: dict[str, object]) -> dict[str, object]:
    return {"name": "office", "enabled": True, "ip_ranges": list(ranges)}


# acl-no-open-ranges


def test_acl_no_open_ranges_passes_narrow_ranges() -> None:
    props = _acl({"ip_address": "203.0.113.10", "range": 32}, {"ip_address": "198.51.100.0", "range": 24.0})
    outcome = run_resource(rules.ACL_NO_OPEN_RANGES, "AccessControlList", props, name="office")
    assert outcome.quiet and outcome.not_applicable is None


def test_acl_no_open_ranges_range_defaults_to_one_address() -> None:
    outcome = run_resource(rules.ACL_NO_OPEN_RANGES, "AccessControlList", _acl({"ip_address": "203.0.113.10"}))
    assert outcome.quiet


def test_acl_no_open_ranges_flags_prefix_shorter_than_minimum() -> None:
    props = _acl({"ip_address": "203.0.113.10", "range": 32}, {"ip_address": "198.51.0.0", "range": 16})
    outcome = run_resource(rules.ACL_NO_OPEN_RANGES, "AccessControlList", props, name="office")
    [message] = outcome.messages
    assert "access control list 'office'" in message
    assert "ip_ranges[1] 198.51.0.0/16" in message
    assert "65,536 addresses" in message and "/24" in message and "minPrefixLength" in message


def test_acl_no_open_ranges_flags_the_whole_internet() -> None:
    outcome = run_resource(rules.ACL_NO_OPEN_RANGES, "AccessControlList", _acl({"ip_address": "0.0.0.0", "range": 0}))
    [message] = outcome.messages
    assert "0.0.0.0/0" in message and "every address on the internet" in message


def test_acl_no_open_ranges_threshold_from_config() -> None:
    props = _acl({"ip_address": "198.51.100.0", "range": 22})
    assert run_resource(rules.ACL_NO_OPEN_RANGES, "AccessControlList", props).messages
    relaxed = run_resource(rules.ACL_NO_OPEN_RANGES, "AccessControlList", props, config={"minPrefixLength": 22.0})
    assert relaxed.quiet
    strict = run_resource(
        rules.ACL_NO_OPEN_RANGES,
        "AccessControlList",
        _acl({"ip_address": "198.51.100.0", "range": 28}),
        config={"minPrefixLength": 30},
    )
    assert "/30" in strict.messages[0]


def test_acl_no_open_ranges_unknown_list_is_not_applicable() -> None:
    props = {"name": "office", "enabled": True, "ip_ranges": UNKNOWN_ARRAY_VALUE}
    outcome = run_resource(rules.ACL_NO_OPEN_RANGES, "AccessControlList", props)
    assert outcome.quiet and outcome.not_applicable and "ip_ranges" in outcome.not_applicable


def test_acl_no_open_ranges_unknown_entries_do_not_hide_known_violations() -> None:
    unknown_range = {"ip_address": UNKNOWN, "range": UNKNOWN_NUMBER_VALUE}
    outcome = run_resource(rules.ACL_NO_OPEN_RANGES, "AccessControlList", _acl(unknown_range, UNKNOWN))
    assert outcome.quiet and outcome.not_applicable
    wide_with_unknown_address = {"ip_address": UNKNOWN, "range": 8}
    outcome = run_resource(
        rules.ACL_NO_OPEN_RANGES, "AccessControlList", _acl(unknown_range, wide_with_unknown_address)
    )
    [message] = outcome.messages
    assert "<unknown address>/8" in message and outcome.not_applicable is None


def test_acl_no_open_ranges_ignores_other_types() -> None:
    props = _acl({"ip_address": "0.0.0.0", "range": 1})
    assert run_resource(rules.ACL_NO_OPEN_RANGES, "CredentialList", props).quiet


# endpoint-uses-tls


def test_endpoint_uses_tls_passes_tls() -> None:
    props = {"trunk_id": UNKNOWN, "name": "pbx", "priority": 1, "transport": "tls", "address": "198.51.100.7"}
    assert run_resource(rules.ENDPOINT_USES_TLS, "SipEndpoint", props).quiet


def test_endpoint_uses_tls_flags_udp_and_the_default() -> None:
    outcome = run_resource(rules.ENDPOINT_USES_TLS, "SipEndpoint", {"name": "pbx", "transport": "TCP"}, name="pbx")
    [message] = outcome.messages
    assert "SIP endpoint 'pbx' uses TCP" in message and "transport='TLS'" in message
    defaulted = run_resource(rules.ENDPOINT_USES_TLS, "SipEndpoint", {"name": "pbx", "priority": 1}, name="pbx")
    assert "uses UDP" in defaulted.messages[0]


def test_endpoint_uses_tls_unknown_transport_is_not_applicable() -> None:
    outcome = run_resource(rules.ENDPOINT_USES_TLS, "SipEndpoint", {"name": "pbx", "transport": UNKNOWN})
    assert outcome.quiet and outcome.not_applicable and "transport" in outcome.not_applicable


def test_endpoint_uses_tls_ignores_other_types() -> None:
    assert run_resource(rules.ENDPOINT_USES_TLS, "SipTrunk", {"transport": "UDP"}).quiet


# endpoint-uses-tls on the entries of a TrunkEndpoints block


def _block(*entries: dict[str, object]) -> dict[str, object]:
    return {"trunk_id": UNKNOWN, "endpoints": list(entries)}


def test_endpoint_uses_tls_passes_a_block_of_tls_entries() -> None:
    props = _block({"name": "sbc-1", "transport": "TLS"}, {"name": "sbc-2", "transport": "tls", "priority": 2})
    outcome = run_resource(rules.ENDPOINT_USES_TLS, "TrunkEndpoints", props, name="edge")
    assert outcome.quiet and outcome.not_applicable is None


def test_endpoint_uses_tls_flags_each_entry_of_a_block() -> None:
    props = _block({"name": "sbc-1", "transport": "TLS"}, {"name": "sbc-2", "transport": "TCP"}, {"name": "sbc-3"})
    outcome = run_resource(rules.ENDPOINT_USES_TLS, "TrunkEndpoints", props, name="edge")
    tcp, defaulted = outcome.messages
    assert "SIP endpoint 'sbc-2' (endpoints[1] of TrunkEndpoints 'edge') uses TCP" in tcp
    assert "Set endpoints[1].transport='TLS'" in tcp
    assert "SIP endpoint 'sbc-3' (endpoints[2] of TrunkEndpoints 'edge') uses UDP" in defaulted
    assert outcome.urns == [None, None]  # a resource policy reports on the block itself


def test_endpoint_uses_tls_names_an_entry_without_a_known_name_by_position() -> None:
    props = _block({"name": UNKNOWN, "transport": "UDP"})
    [message] = run_resource(rules.ENDPOINT_USES_TLS, "TrunkEndpoints", props, name="edge").messages
    assert message.startswith("SIP endpoint endpoints[0] of TrunkEndpoints 'edge' uses UDP")


def test_endpoint_uses_tls_unknown_entries_of_a_block() -> None:
    policy = rules.ENDPOINT_USES_TLS
    outcome = run_resource(policy, "TrunkEndpoints", _block({"name": "a", "transport": "TLS"}, {"transport": UNKNOWN}))
    assert outcome.quiet and outcome.not_applicable and "endpoints[1].transport" in outcome.not_applicable
    outcome = run_resource(policy, "TrunkEndpoints", _block({"name": "a", "transport": "TLS"}, UNKNOWN_OBJECT_VALUE))
    assert outcome.quiet and outcome.not_applicable and "endpoints[1].transport" in outcome.not_applicable
    outcome = run_resource(policy, "TrunkEndpoints", {"trunk_id": UNKNOWN, "endpoints": UNKNOWN_ARRAY_VALUE})
    assert outcome.quiet and outcome.not_applicable and outcome.not_applicable.startswith("endpoints is unknown")
    # An unknown entry does not hide a known violation beside it.
    outcome = run_resource(policy, "TrunkEndpoints", _block({"transport": UNKNOWN}, {"name": "b", "transport": "UDP"}))
    assert len(outcome.messages) == 1 and outcome.not_applicable is None


# country-permissions-allow-list


def test_country_permissions_without_config_pass_an_ordinary_estate_anywhere() -> None:
    policy = rules.COUNTRY_PERMISSIONS_ALLOW_LIST
    for country in ("SE", "US", "CA", "GB", "DE", "IN", "BR", "JP", "NG", "LV", "LT"):
        assert run_resource(policy, "CountryPermission", {"iso_code": country, "enabled": True}).quiet, country
    assert run_resource(policy, "CountryPermission", {"iso_code": "CU", "enabled": False}).quiet


def test_country_permissions_without_config_flag_high_risk_destinations() -> None:
    policy = rules.COUNTRY_PERMISSIONS_ALLOW_LIST
    for country in rules_defaults.DEFAULT_HIGH_RISK_COUNTRIES:
        outcome = run_resource(policy, "CountryPermission", {"iso_code": country, "enabled": True}, name="c")
        [message] = outcome.messages
        assert f"'c' enables calls to {country}, a destination toll-fraud schemes favour" in message
        assert "enabled=False" in message and "allowedCountries" in message
    assert set(rules_defaults.DEFAULT_HIGH_RISK_COUNTRIES) == {"CU", "SO"}


def test_country_permissions_high_risk_list_from_config() -> None:
    policy = rules.COUNTRY_PERMISSIONS_ALLOW_LIST
    sweden = {"iso_code": "SE", "enabled": True}
    assert run_resource(policy, "CountryPermission", sweden, config={"highRiskCountries": ["SE"]}).messages
    cuba = {"iso_code": "CU", "enabled": True}
    assert run_resource(policy, "CountryPermission", cuba, config={"highRiskCountries": []}).quiet


def test_country_permissions_configured_allow_list_is_the_only_rule() -> None:
    policy = rules.COUNTRY_PERMISSIONS_ALLOW_LIST
    config = {"allowedCountries": ["US", "SE"]}
    assert run_resource(policy, "CountryPermission", {"iso_code": "SE", "enabled": True}, config=config).quiet
    outcome = run_resource(policy, "CountryPermission", {"iso_code": "GB", "enabled": True}, name="uk", config=config)
    [message] = outcome.messages
    assert "country permission 'uk' enables calls to GB, which is not on the allow-list (US, SE)" in message
    assert "add 'GB' to allowedCountries" in message
    # A high-risk country someone listed after review is allowed; nothing listed allows nothing.
    cuba = {"iso_code": "CU", "enabled": True}
    assert run_resource(policy, "CountryPermission", cuba, config={"allowedCountries": ["CU"]}).quiet
    nothing_allowed = run_resource(
        policy, "CountryPermission", {"iso_code": "US", "enabled": True}, config={"allowedCountries": []}
    )
    assert "not on the allow-list (empty)" in nothing_allowed.messages[0]
    engine_default = {"allowedCountries": None, "highRiskCountries": ["CU", "SO"]}
    sweden = {"iso_code": "SE", "enabled": True}
    assert run_resource(policy, "CountryPermission", sweden, config=engine_default).quiet


def test_country_permissions_allow_list_unknown_is_not_applicable() -> None:
    policy = rules.COUNTRY_PERMISSIONS_ALLOW_LIST
    for props in (
        {"iso_code": UNKNOWN, "enabled": True},
        {"iso_code": "SE", "enabled": UNKNOWN_BOOLEAN_VALUE},
    ):
        outcome = run_resource(policy, "CountryPermission", props)
        assert outcome.quiet and outcome.not_applicable
    # Disabled is safe whatever the country turns out to be.
    assert run_resource(policy, "CountryPermission", {"iso_code": UNKNOWN, "enabled": False}).not_applicable is None


# trunk-host-name-pattern


def test_trunk_host_name_pattern_passes_default() -> None:
    assert run_resource(rules.TRUNK_HOST_NAME_PATTERN, "SipTrunk", {"name": "Main", "host_name": "acme-main"}).quiet


def test_trunk_host_name_pattern_flags_mismatch_and_missing_prefix() -> None:
    config = {"pattern": "^[a-z0-9-]+$", "requiredPrefix": "acme-"}
    props = {"name": "Main", "host_name": "main_trunk"}
    outcome = run_resource(rules.TRUNK_HOST_NAME_PATTERN, "SipTrunk", props, name="main", config=config)
    [message] = outcome.messages
    assert "SIP trunk 'main' has host_name 'main_trunk'" in message
    assert "does not start with 'acme-'" in message and "does not match '^[a-z0-9-]+$'" in message
    assert "'acme-main'" in message
    good = run_resource(rules.TRUNK_HOST_NAME_PATTERN, "SipTrunk", {"host_name": "acme-main"}, config=config)
    assert good.quiet


def test_trunk_host_name_pattern_flags_default_pattern_mismatch() -> None:
    outcome = run_resource(rules.TRUNK_HOST_NAME_PATTERN, "SipTrunk", {"host_name": "-main"})
    assert "does not match" in outcome.messages[0]


def test_trunk_host_name_pattern_invalid_pattern_is_reported_not_raised() -> None:
    outcome = run_resource(rules.TRUNK_HOST_NAME_PATTERN, "SipTrunk", {"host_name": "main"}, config={"pattern": "("})
    [message] = outcome.messages
    assert "not a valid Python regular expression" in message


def test_trunk_host_name_pattern_unknown_is_not_applicable() -> None:
    outcome = run_resource(rules.TRUNK_HOST_NAME_PATTERN, "SipTrunk", {"name": "Main", "host_name": UNKNOWN})
    assert outcome.quiet and outcome.not_applicable and "host_name" in outcome.not_applicable
