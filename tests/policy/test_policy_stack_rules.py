"""Stack policies: violating, passing and unknown-value cases, joined by graph (preview) and by id."""

from __future__ import annotations

import pytest
from policy_harness import UNKNOWN, Estate, run_stack
from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UNKNOWN_ARRAY_VALUE, UNKNOWN_BOOLEAN_VALUE, UNKNOWN_NUMBER_VALUE

from sinch_est.policy import rules

# Preview of a new stack (every id unknown, joins through the graph) and an update (ids known, joins by id
# alone): the verdicts must be the same.
MODES = [
    pytest.param({"preview": True, "graph": True}, id="preview-graph"),
    pytest.param({"preview": False, "graph": False}, id="update-ids"),
    pytest.param({"preview": False, "graph": True}, id="update-both"),
]


def _blind() -> Estate:
    """A preview in which the engine gave no dependency information: nothing can be joined."""
    return Estate(preview=True, graph=False)


# trunk-authenticated


@pytest.mark.parametrize("mode", MODES)
def test_trunk_authenticated_passes_acl_or_credential_link(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    by_acl, by_digest = estate.trunk("by-acl"), estate.trunk("by-digest")
    estate.link_acl(by_acl, estate.acl())
    estate.link_credentials(by_digest, estate.credential_list())
    outcome = run_stack(rules.TRUNK_AUTHENTICATED, estate.resources)
    assert outcome.quiet and outcome.not_applicable is None


@pytest.mark.parametrize("mode", MODES)
def test_trunk_authenticated_counts_the_lists_a_trunk_links_itself(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    acl, users = estate.acl(), estate.credential_list()
    by_acl = estate.trunk_linking("by-acl", acls=(acl,))
    by_digest = estate.trunk_linking("by-digest", credential_lists=(users,))
    void = estate.trunk_linking("void", acls=(estate.acl("off", enabled=False),))
    outcome = run_stack(rules.TRUNK_AUTHENTICATED, estate.resources)
    assert outcome.urns == [void.urn] and by_acl.urn not in outcome.urns and by_digest.urn not in outcome.urns
    assert "access control list 'off' is linked but disabled" in outcome.messages[0]


@pytest.mark.parametrize("mode", MODES)
def test_registered_endpoint_sees_lists_the_trunk_links_itself(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk = estate.trunk_linking("phones", credential_lists=(estate.credential_list("users", ("alice",)),))
    estate.endpoint("alice-phone", trunk, address=None, credential_username="alice")
    bob = estate.endpoint("bob-phone", trunk, address=None, credential_username="bob")
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources)
    assert outcome.urns == [bob.urn]


@pytest.mark.parametrize("mode", MODES)
def test_trunk_authenticated_flags_unlinked_trunk(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    linked, bare = estate.trunk("linked"), estate.trunk("bare")
    estate.link_acl(linked, estate.acl())
    estate.endpoint("pbx", bare)
    outcome = run_stack(rules.TRUNK_AUTHENTICATED, estate.resources)
    assert outcome.urns == [bare.urn]
    [message] = outcome.messages
    assert "SIP trunk 'bare'" in message and "TrunkAccessControlList" in message and "inboundOnlyTrunks" in message


def test_trunk_authenticated_void_links_do_not_count() -> None:
    estate = Estate()
    main, other = estate.trunk("main"), estate.trunk("other")
    estate.link_acl(main, estate.acl("off", enabled=False))
    estate.link_credentials(other, estate.credential_list("empty", usernames=()))
    outcome = run_stack(rules.TRUNK_AUTHENTICATED, estate.resources)
    assert outcome.urns == [main.urn, other.urn]
    assert "access control list 'off' is linked but disabled" in outcome.messages[0]
    assert "credential list 'empty' is linked but has no credentials" in outcome.messages[1]


def test_trunk_authenticated_inbound_only_trunks_from_config() -> None:
    estate = Estate()
    estate.trunk("inbound-main")
    estate.trunk("inbound-backup")
    outcome = run_stack(rules.TRUNK_AUTHENTICATED, estate.resources, config={"inboundOnlyTrunks": ["inbound-*"]})
    assert outcome.quiet


def test_trunk_authenticated_inbound_only_components_are_exempt() -> None:
    estate = Estate()
    kinds = {"reception": "InboundStatic", "phones": "InboundRegistered", "sbc": "OutboundByAcl"}
    for name, kind in kinds.items():
        trunk = estate.trunk(f"{name}-trunk")
        # A component's children carry its type in their URN: <parent type>$<type>.
        trunk.urn = trunk.urn.replace("::pulumi-python:", f"::sinch_est:index:{kind}$pulumi-python:")
    outcome = run_stack(rules.TRUNK_AUTHENTICATED, estate.resources)
    assert outcome.urns == [estate.resources[-1].urn]


def test_trunk_authenticated_link_to_external_trunk_does_not_count() -> None:
    estate = Estate(preview=False, graph=False)
    estate.trunk("main")
    estate.link_acl("trunk-from-elsewhere", estate.acl())
    assert len(run_stack(rules.TRUNK_AUTHENTICATED, estate.resources).violations) == 1


def test_trunk_authenticated_unknown_join_is_not_applicable() -> None:
    estate = _blind()
    estate.link_acl(estate.trunk("main"), estate.acl())
    outcome = run_stack(rules.TRUNK_AUTHENTICATED, estate.resources)
    assert outcome.quiet and outcome.not_applicable


def test_trunk_authenticated_unknown_list_gets_the_benefit_of_the_doubt() -> None:
    estate = Estate()
    estate.link_acl(estate.trunk(), estate.acl(enabled=UNKNOWN_BOOLEAN_VALUE, ip_ranges=UNKNOWN_ARRAY_VALUE))
    assert run_stack(rules.TRUNK_AUTHENTICATED, estate.resources).quiet


# registered-endpoint-credentials-linked


def _registered(estate: Estate, trunk: PolicyResource, username: str = "alice", name: str = "phone") -> PolicyResource:
    return estate.endpoint(name, trunk, address=None, credential_username=username)


@pytest.mark.parametrize("mode", MODES)
def test_registered_endpoint_credentials_linked_passes(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk = estate.trunk()
    estate.link_credentials(trunk, estate.credential_list("users", ("bob", "alice")))
    _registered(estate, trunk)
    estate.endpoint("static-pbx", trunk)  # static endpoints need no credentials
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources)
    assert outcome.quiet and outcome.not_applicable is None


@pytest.mark.parametrize("mode", MODES)
def test_registered_endpoint_credentials_linked_flags_unlinked_list(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk, other = estate.trunk("main"), estate.trunk("other")
    users = estate.credential_list("users")
    estate.link_credentials(other, users)  # linked, but to another trunk
    phone = _registered(estate, trunk)
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources)
    assert outcome.urns == [phone.urn]
    [message] = outcome.messages
    assert "SIP endpoint 'phone' registers as 'alice' on SIP trunk 'main'" in message
    assert "no credential list is linked to it" in message and "SIP 401" in message
    assert "link credential list 'users', which holds it" in message


def test_registered_endpoint_credentials_linked_flags_username_missing_from_linked_lists() -> None:
    estate = Estate()
    trunk = estate.trunk()
    estate.link_credentials(trunk, estate.credential_list("users", ("bob",)))
    _registered(estate, trunk)
    [message] = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources).messages
    assert "none of the credential lists linked to it ('users') has that username" in message
    assert "add CredentialArgs(username='alice', password=...)" in message
    assert "Sup3rSecretPassw0rd" not in message


def test_registered_endpoint_credentials_linked_unknown_is_not_applicable() -> None:
    estate = Estate()
    trunk = estate.trunk()
    estate.link_credentials(trunk, estate.credential_list("users", ("bob",)))
    _registered(estate, trunk, username=UNKNOWN)
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources)
    assert outcome.quiet and outcome.not_applicable

    blind = _blind()
    _registered(blind, blind.trunk())
    blind.link_credentials(blind.trunk("other"), blind.credential_list())
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, blind.resources)
    assert outcome.quiet and outcome.not_applicable


def test_registered_endpoint_credentials_linked_unknown_usernames_stay_quiet() -> None:
    estate = Estate()
    trunk = estate.trunk()
    users = estate.add("CredentialList", "users", {"name": "users", "credentials": [{"username": UNKNOWN}]})
    estate.link_credentials(trunk, users)
    _registered(estate, trunk)
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources)
    assert outcome.quiet and outcome.not_applicable


# trunk-numbers-have-failover


@pytest.mark.parametrize("mode", MODES)
def test_trunk_numbers_have_failover_passes(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    endpoints = estate.trunk("endpoints")
    estate.number("n1", endpoints, "+14155550100")
    estate.endpoint("primary", endpoints, priority=1)
    estate.endpoint("backup", endpoints, priority=2.0)
    forwarding = estate.trunk("forwarding", enable_call_forward=True, call_forward_number="+14155550199")
    estate.number("n2", forwarding, "+14155550101")
    estate.endpoint("only", forwarding)
    estate.trunk("no-numbers")
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
    assert outcome.quiet and outcome.not_applicable is None


@pytest.mark.parametrize("mode", MODES)
def test_trunk_numbers_have_failover_flags_single_priority(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk = estate.trunk("main")
    estate.number("n1", trunk, "+14155550100")
    estate.number("n2", trunk, "+14155550101")
    estate.endpoint("a", trunk, priority=1)
    estate.endpoint("b", trunk, priority=1)  # round-robin, not failover
    estate.endpoint("c", trunk, priority=2, enabled=False)
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
    assert outcome.urns == [trunk.urn]
    [message] = outcome.messages
    assert "SIP trunk 'main' receives calls for +14155550100, +14155550101" in message
    assert "only priority 1" in message and "enable_call_forward=True" in message


def test_trunk_numbers_have_failover_levels_from_config() -> None:
    estate = Estate()
    trunk = estate.trunk()
    estate.number("n1", trunk, "+14155550100")
    estate.endpoint("a", trunk, priority=1)
    estate.endpoint("b", trunk, priority=2)
    assert run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources).quiet
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources, config={"minPriorityLevels": 3.0})
    assert "at 3 different priorities" in outcome.messages[0]


def test_trunk_numbers_have_failover_unknown_is_not_applicable() -> None:
    estate = Estate()
    trunk = estate.trunk()
    estate.number("n1", trunk, "+14155550100")
    estate.endpoint("a", trunk, priority=1)
    estate.endpoint("b", trunk, priority=UNKNOWN_NUMBER_VALUE)
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
    assert outcome.quiet and outcome.not_applicable

    forwarding_unknown = Estate()
    trunk = forwarding_unknown.trunk(enable_call_forward=UNKNOWN_BOOLEAN_VALUE)
    forwarding_unknown.number("n1", trunk, "+14155550100")
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, forwarding_unknown.resources)
    assert outcome.quiet and outcome.not_applicable


def test_trunk_numbers_have_failover_unresolved_endpoint_keeps_it_quiet() -> None:
    estate = Estate()
    trunk = estate.trunk()
    estate.number("n1", trunk, "+14155550100")
    estate.add("SipEndpoint", "mystery", {"priority": 2, "enabled": True, "trunk_id": UNKNOWN})
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
    assert outcome.quiet and outcome.not_applicable


# phone-number-assigned-once


def test_phone_number_assigned_once_passes() -> None:
    estate = Estate()
    trunk = estate.trunk()
    estate.number("n1", trunk, "+14155550100")
    estate.number("n2", trunk, "+14155550101")
    assert run_stack(rules.PHONE_NUMBER_ASSIGNED_ONCE, estate.resources).quiet


@pytest.mark.parametrize("mode", MODES)
def test_phone_number_assigned_once_flags_each_duplicate(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    first, second = estate.trunk("first"), estate.trunk("second")
    a = estate.number("a", first, "+14155550100")
    b = estate.number("b", second, "+14155550100")
    estate.number("c", second, "+14155550101")
    outcome = run_stack(rules.PHONE_NUMBER_ASSIGNED_ONCE, estate.resources)
    assert outcome.urns == [a.urn, b.urn]
    assert "phone number +14155550100 is assigned by 'a' and also by 'b'" in outcome.messages[0]


def test_phone_number_assigned_once_unknown_is_not_applicable() -> None:
    estate = Estate()
    trunk = estate.trunk()
    estate.number("a", trunk, "+14155550100")
    estate.number("b", trunk, UNKNOWN)
    outcome = run_stack(rules.PHONE_NUMBER_ASSIGNED_ONCE, estate.resources)
    assert outcome.quiet and outcome.not_applicable


# TrunkPhoneNumbers: each number it lists counts as one assignment


@pytest.mark.parametrize("mode", MODES)
def test_trunk_numbers_have_failover_counts_numbers_of_a_block(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk = estate.trunk("main")
    estate.add("TrunkPhoneNumbers", "block", {"phone_numbers": ["+14155550100", "+14155550101"]}, trunk_id=trunk)
    estate.endpoint("a", trunk, priority=1)
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
    assert outcome.urns == [trunk.urn]
    assert "receives calls for +14155550100, +14155550101" in outcome.messages[0]
    estate.endpoint("b", trunk, priority=2)
    assert run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources).quiet


@pytest.mark.parametrize("mode", MODES)
def test_phone_number_assigned_once_sees_numbers_in_blocks(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    first, second = estate.trunk("first"), estate.trunk("second")
    block = estate.add(
        "TrunkPhoneNumbers", "block", {"phone_numbers": ["+14155550100", "+14155550101"]}, trunk_id=first
    )
    single = estate.number("single", second, "+14155550101")
    estate.add("TrunkPhoneNumbers", "other", {"phone_numbers": ["+14155550102"]}, trunk_id=second)
    outcome = run_stack(rules.PHONE_NUMBER_ASSIGNED_ONCE, estate.resources)
    assert outcome.urns == [single.urn, block.urn]
    assert "phone number +14155550101 is assigned by 'single' and also by 'block'" in outcome.messages[0]


def test_phone_number_assigned_once_unknown_block_is_not_applicable() -> None:
    estate = Estate()
    trunk = estate.trunk()
    estate.number("a", trunk, "+14155550100")
    estate.add("TrunkPhoneNumbers", "block", {"phone_numbers": UNKNOWN_ARRAY_VALUE}, trunk_id=trunk)
    outcome = run_stack(rules.PHONE_NUMBER_ASSIGNED_ONCE, estate.resources)
    assert outcome.quiet and outcome.not_applicable


# TrunkEndpoints: each entry counts as an endpoint of the block's trunk


@pytest.mark.parametrize("mode", MODES)
def test_registered_endpoint_credentials_linked_passes_block_entries(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk = estate.trunk()
    estate.link_credentials(trunk, estate.credential_list("users", ("bob", "alice")))
    estate.endpoint_block(
        "phones", trunk, {"name": "alice-phone", "address": None, "credential_username": "alice"}, {"name": "pbx"}
    )
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources)
    assert outcome.quiet and outcome.not_applicable is None


@pytest.mark.parametrize("mode", MODES)
def test_registered_endpoint_credentials_linked_flags_a_block_entry(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk = estate.trunk("main")
    estate.link_credentials(trunk, estate.credential_list("users", ("alice",)))
    estate.credential_list("others", ("bob",))  # holds bob, but is linked to no trunk
    block = estate.endpoint_block(
        "phones",
        trunk,
        {"name": "alice-phone", "address": None, "credential_username": "alice"},
        {"name": "bob-phone", "address": None, "credential_username": "bob"},
    )
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources)
    assert outcome.urns == [block.urn]
    [message] = outcome.messages
    assert message.startswith(
        "SIP endpoint 'bob-phone' (endpoints[1] of TrunkEndpoints 'phones') registers as 'bob' on SIP trunk 'main'"
    )
    assert "none of the credential lists linked to it ('users') has that username" in message
    assert "link credential list 'others', which holds it" in message


@pytest.mark.parametrize("mode", MODES)
def test_registered_endpoint_credentials_linked_mixes_resources_and_block_entries_on_one_trunk(
    mode: dict[str, bool],
) -> None:
    estate = Estate(**mode)
    trunk, other = estate.trunk("main"), estate.trunk("other")
    estate.link_credentials(trunk, estate.credential_list("users", ("alice", "bob")))
    estate.link_credentials(other, estate.credential_list("carols", ("carol",)))
    estate.endpoint("alice-phone", trunk, address=None, credential_username="alice")
    estate.endpoint_block("phones", trunk, {"name": "bob-phone", "address": None, "credential_username": "bob"})
    assert run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources).quiet
    # carol is linked to the other trunk only: the resource and the entry on main are both wrong.
    single = estate.endpoint("carol-desk", trunk, address=None, credential_username="carol")
    block = estate.endpoint_block(
        "more", trunk, {"name": "carol-mobile", "address": None, "credential_username": "carol"}
    )
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources)
    assert outcome.urns == [single.urn, block.urn]
    assert outcome.messages[0].startswith("SIP endpoint 'carol-desk' registers as 'carol' on SIP trunk 'main'")
    assert outcome.messages[1].startswith("SIP endpoint 'carol-mobile' (endpoints[0] of TrunkEndpoints 'more')")


def test_registered_endpoint_credentials_linked_unknowns_in_a_block_are_not_applicable() -> None:
    estate = Estate()
    trunk = estate.trunk()
    estate.link_credentials(trunk, estate.credential_list("users", ("bob",)))
    estate.endpoint_block("phones", trunk, {"name": "p", "address": None, "credential_username": UNKNOWN})
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, estate.resources)
    assert outcome.quiet and outcome.not_applicable

    whole = Estate()
    trunk = whole.trunk()
    whole.link_credentials(trunk, whole.credential_list("users", ("bob",)))
    whole.add("TrunkEndpoints", "phones", {"endpoints": UNKNOWN_ARRAY_VALUE}, trunk_id=trunk)
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, whole.resources)
    assert outcome.quiet and outcome.not_applicable


def test_registered_endpoint_credentials_linked_block_with_unknown_trunk_is_not_applicable() -> None:
    """A preview without the graph: the block's trunk_id is unknown and cannot be joined to any trunk."""
    blind = _blind()
    blind.endpoint_block("phones", blind.trunk(), {"name": "p", "address": None, "credential_username": "alice"})
    blind.link_credentials(blind.trunk("other"), blind.credential_list())
    outcome = run_stack(rules.REGISTERED_ENDPOINT_CREDENTIALS_LINKED, blind.resources)
    assert outcome.quiet and outcome.not_applicable


@pytest.mark.parametrize("mode", MODES)
def test_trunk_numbers_have_failover_passes_a_block_at_two_priorities(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk = estate.trunk()
    estate.number("n1", trunk, "+14155550100")
    estate.endpoint_block("sbcs", trunk, {"name": "primary", "priority": 1}, {"name": "backup", "priority": 2.0})
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
    assert outcome.quiet and outcome.not_applicable is None


@pytest.mark.parametrize("mode", MODES)
def test_trunk_numbers_have_failover_flags_a_block_at_one_priority(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk, other = estate.trunk("main"), estate.trunk("other")
    estate.number("n1", trunk, "+14155550100")
    estate.endpoint_block(
        "sbcs",
        trunk,
        {"name": "a", "priority": 1},
        {"name": "b", "priority": 1},
        {"name": "c", "priority": 2, "enabled": False},
    )
    estate.endpoint_block("elsewhere", other, {"name": "d", "priority": 2})  # another trunk's entries
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
    assert outcome.urns == [trunk.urn]
    [message] = outcome.messages
    assert "SIP trunk 'main' receives calls for +14155550100" in message and "only priority 1" in message
    assert "SipEndpoint resources or TrunkEndpoints entries" in message


@pytest.mark.parametrize("mode", MODES)
def test_trunk_numbers_have_failover_counts_resources_and_block_entries_together(mode: dict[str, bool]) -> None:
    estate = Estate(**mode)
    trunk = estate.trunk("main")
    estate.number("n1", trunk, "+14155550100")
    estate.endpoint("primary", trunk, priority=1)
    assert run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources).urns == [trunk.urn]
    estate.endpoint_block("backups", trunk, {"name": "backup", "priority": 2})
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
    assert outcome.quiet and outcome.not_applicable is None


def test_trunk_numbers_have_failover_unknowns_in_a_block_are_not_applicable() -> None:
    for entries in (
        [{"name": "a", "priority": 1}, {"name": "b", "priority": UNKNOWN_NUMBER_VALUE}],
        UNKNOWN_ARRAY_VALUE,
    ):
        estate = Estate()
        trunk = estate.trunk()
        estate.number("n1", trunk, "+14155550100")
        estate.add("TrunkEndpoints", "sbcs", {"endpoints": entries}, trunk_id=trunk)
        outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
        assert outcome.quiet and outcome.not_applicable, entries


def test_trunk_numbers_have_failover_block_with_unknown_trunk_keeps_it_quiet() -> None:
    """A block whose trunk_id is unknown and came from no recorded dependency might belong to the trunk with
    numbers."""
    estate = Estate()
    trunk = estate.trunk()
    estate.number("n1", trunk, "+14155550100")
    estate.endpoint("primary", trunk, priority=1)
    estate.add("TrunkEndpoints", "mystery", {"endpoints": [{"name": "b", "priority": 2}], "trunk_id": UNKNOWN})
    outcome = run_stack(rules.TRUNK_NUMBERS_HAVE_FAILOVER, estate.resources)
    assert outcome.quiet and outcome.not_applicable
