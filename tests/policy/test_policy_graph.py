"""Reading props behind the unknown-checking proxy, and joining resources through the dependency graph."""

from __future__ import annotations

from policy_harness import PREFIX, UNKNOWN, Estate, opts, urn
from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UNKNOWN_ARRAY_VALUE, unknown_checking_proxy

from sinch_est.policy._endpoints import endpoints_of, stack_endpoints
from sinch_est.policy._graph import Ref, Stack
from sinch_est.policy._values import SIP_TRUNK, TYPE_TOKENS, as_int, elements, get
from sinch_est.policy._values import UNKNOWN as UNKNOWN_VALUE


def test_values_get_never_raises_on_unknowns() -> None:
    props = unknown_checking_proxy({"a": UNKNOWN, "b": "x", "items": [{"u": UNKNOWN}, UNKNOWN, {"u": "bob"}]})
    assert get(props, "a") is UNKNOWN_VALUE
    assert get(props, "b") == "x"
    assert get(props, "missing") is None
    items = elements(get(props, "items"))
    assert isinstance(items, list)
    assert get(items[0], "u") is UNKNOWN_VALUE
    assert items[1] is UNKNOWN_VALUE
    assert get(items[1], "u") is UNKNOWN_VALUE
    assert get(items[2], "u") == "bob"
    assert elements(get(unknown_checking_proxy({"l": UNKNOWN_ARRAY_VALUE}), "l")) is UNKNOWN_VALUE
    assert elements("not a list") is None


def test_values_as_int_accepts_struct_floats_only_when_whole() -> None:
    assert as_int(24.0) == 24 and as_int(24) == 24
    assert as_int(24.5) is None and as_int(True) is None and as_int("24") is None


def test_values_type_tokens_name_the_public_classes() -> None:
    classes = {token.removeprefix(PREFIX) for token in TYPE_TOKENS}
    assert classes == {
        "SipTrunk",
        "SipEndpoint",
        "AccessControlList",
        "TrunkAccessControlList",
        "CredentialList",
        "TrunkCredentialList",
        "PhoneNumberAssignment",
        "TrunkPhoneNumbers",
        "TrunkEndpoints",
        "CountryPermission",
        "CallBlockingRule",
    }


def test_graph_resolves_unknown_ids_through_property_dependencies() -> None:
    estate = Estate(preview=True, graph=True)
    trunk, _ = estate.trunk("a"), estate.trunk("b")
    endpoint = estate.endpoint("pbx", trunk)
    assert Stack(estate.resources).resolve(endpoint, "trunk_id", SIP_TRUNK) is trunk


def test_graph_resolves_known_ids_and_adopted_ids() -> None:
    estate = Estate(preview=False, graph=False)
    trunk = estate.trunk("a")
    adopted = estate.add("SipTrunk", "adopted", {"adopt_id": "existing-trunk", "id": None})  # no id output
    stack = Stack(estate.resources)
    assert stack.resolve(estate.endpoint("e1", trunk), "trunk_id", SIP_TRUNK) is trunk
    assert stack.resolve(estate.endpoint("e2", "existing-trunk"), "trunk_id", SIP_TRUNK) is adopted
    assert stack.resolve(estate.endpoint("e3", "elsewhere"), "trunk_id", SIP_TRUNK) is Ref.EXTERNAL


def test_graph_literal_id_is_unresolved_while_some_trunk_id_is_unknown() -> None:
    estate = Estate(preview=True, graph=True)
    estate.trunk("new")
    endpoint = estate.endpoint("e", "some-id")
    assert Stack(estate.resources).resolve(endpoint, "trunk_id", SIP_TRUNK) is Ref.UNRESOLVED


def test_graph_unknown_without_dependencies_is_unresolved() -> None:
    estate = Estate(preview=True, graph=False)
    endpoint = estate.endpoint("e", estate.trunk())
    assert Stack(estate.resources).resolve(endpoint, "trunk_id", SIP_TRUNK) is Ref.UNRESOLVED


def test_graph_falls_back_to_resource_dependencies_without_property_dependencies() -> None:
    estate = Estate(preview=True, graph=False)
    trunk = estate.trunk()
    endpoint = PolicyResource(
        PREFIX + "SipEndpoint",
        unknown_checking_proxy({"trunk_id": UNKNOWN}),
        urn("SipEndpoint", "e"),
        "e",
        opts(),
        None,
        None,
        [trunk],
        {},
    )
    assert Stack([*estate.resources, endpoint]).resolve(endpoint, "trunk_id", SIP_TRUNK) is trunk


def test_graph_ambiguous_dependencies_are_unresolved() -> None:
    estate = Estate(preview=True, graph=True)
    a, b = estate.trunk("a"), estate.trunk("b")
    endpoint = PolicyResource(
        PREFIX + "SipEndpoint",
        unknown_checking_proxy({"trunk_id": UNKNOWN}),
        urn("SipEndpoint", "e"),
        "e",
        opts(),
        None,
        None,
        [a, b],
        {"trunk_id": [a, b]},
    )
    assert Stack([a, b, endpoint]).resolve(endpoint, "trunk_id", SIP_TRUNK) is Ref.UNRESOLVED


def test_endpoints_of_a_block_belong_to_its_trunk_even_while_ids_are_unknown() -> None:
    estate = Estate(preview=True, graph=True)
    trunk, other = estate.trunk("a"), estate.trunk("b")
    single = estate.endpoint("pbx", other)
    block = estate.endpoint_block("sbcs", trunk, {"name": "sbc-1"}, {"name": "sbc-2", "priority": 2})
    found = [
        (e.owner, e.index, e.path("priority"), get(e.props, "priority"), t)
        for e, t in stack_endpoints(Stack(estate.resources))
    ]
    assert found == [
        ("pbx", None, "priority", 1, other),
        ("sbcs", 0, "endpoints[0].priority", 1, trunk),
        ("sbcs", 1, "endpoints[1].priority", 2, trunk),
    ]
    assert {e.urn for e, _ in stack_endpoints(Stack(estate.resources))} == {single.urn, block.urn}


def test_endpoints_of_other_types_and_of_an_unknown_list() -> None:
    assert endpoints_of(PREFIX + "SipTrunk", "main", urn("SipTrunk", "main"), {"name": "main"}) == []
    props = unknown_checking_proxy({"trunk_id": UNKNOWN, "endpoints": UNKNOWN_ARRAY_VALUE})
    [whole] = endpoints_of(PREFIX + "TrunkEndpoints", "sbcs", urn("TrunkEndpoints", "sbcs"), props)
    assert whole.props is UNKNOWN_VALUE and get(whole.props, "transport") is UNKNOWN_VALUE
    assert whole.path("transport") == "endpoints" and whole.label == "the endpoints of TrunkEndpoints 'sbcs'"
