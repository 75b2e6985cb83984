"""The exported program, built from hand-made snapshots: what it declares, how, and that it stays the same."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from export_estate import ACL, ENDPOINT, PHONES, REG, TRUNK, snapshot, uid

from sinch_est.export import ExportError
from sinch_est.export._files import Context, main_py, readme
from sinch_est.export._program import Options, Program, build_program
from sinch_est.export._select import Selection
from sinch_est.export._snapshot import Snapshot, TrunkSnapshot, changed_countries
from sinch_est.export._source import Call

ULID = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{26}\b")


def program_text(snap: Snapshot | None = None, options: Options | None = None) -> str:
    return main_py(build_program(snap or snapshot(), options or Options()))


def declaration_of(text: str, variable: str) -> str:
    match = re.search(rf"^{variable} = est\.\w+\(\n.*?^\)$", text, re.MULTILINE | re.DOTALL)
    assert match, f"{variable} is not declared"
    return match.group(0)


def endpoint_of(block: str, name: str) -> str:
    """The ``est.EndpointArgs(…)`` of the endpoint called ``name`` in a ``TrunkEndpoints`` declaration, laid out
    inline or one argument per line."""
    match = re.search(rf'est\.EndpointArgs\(\s*name="{re.escape(name)}",.*?\)', block, re.DOTALL)
    assert match, f"{name} is not an endpoint of the block"
    return match.group(0)


def endpoint_items(program: Program, variable: str) -> list[dict[str, Any]]:
    """The endpoints of the ``TrunkEndpoints`` declared as ``variable``, as the arguments of their calls."""
    [block] = [d for d in program.declarations if d.variable == variable and d.cls == "TrunkEndpoints"]
    calls = dict(block.arguments)["endpoints"]
    assert isinstance(calls, tuple) and all(isinstance(c, Call) and c.function == "est.EndpointArgs" for c in calls)
    return [dict(c.arguments) for c in calls if isinstance(c, Call)]


def test_the_program_compiles_and_uses_the_public_names() -> None:
    text = program_text()
    compile(text, "__main__.py", "exec")
    classes = set(re.findall(r"est\.(\w+)\(", text))
    assert classes == {
        "SipTrunk",
        "TrunkEndpoints",
        "EndpointArgs",
        "AccessControlList",
        "IpRangeArgs",
        "TrunkAccessControlList",
        "CredentialList",
        "CredentialArgs",
        "TrunkCredentialList",
        "TrunkPhoneNumbers",
        "CountryPermission",
        "CallBlockingRule",
    }
    import sinch_est

    assert all(getattr(sinch_est, cls) for cls in classes)


def test_inputs_at_their_default_are_left_out_and_the_rest_written() -> None:
    text = program_text()
    trunk = declaration_of(text, "main_trunk")
    assert 'name="Main trunk"' in trunk and 'host_name="acme"' in trunk and "enable_caller_name=True" in trunk
    assert "enable_call_forward" not in trunk and "call_forward_number" not in trunk
    assert "calls_per_second" not in trunk  # read-only
    block = declaration_of(text, "main_trunk_endpoints")
    static = endpoint_of(block, "sbc-1")
    assert 'transport="TLS"' in static and "port=5061" in static and "enabled" not in static
    registered = endpoint_of(block, "Desk 1")
    assert "enabled=False" in registered and 'credential_username="desk-1"' in registered
    assert "transport" not in registered and "port" not in registered and "address" not in registered
    acl = declaration_of(text, "office_acl")
    assert "enabled" not in acl
    rule = declaration_of(text, "outbound_se_1900_rule")
    assert 'direction="OUTBOUND"' in rule and 'callee_country="SE"' in rule and "caller_" not in rule


def test_nested_lists_keep_the_api_order_and_describe_each_range() -> None:
    acl = declaration_of(program_text(), "office_acl")
    first = acl.index('est.IpRangeArgs(cidr="203.0.113.0/28", description="HQ")')
    second = acl.index('est.IpRangeArgs(cidr="198.51.100.7/32")')
    assert first < second


def test_objects_refer_to_each_other_by_variable_and_ids_appear_only_in_adopt_ids() -> None:
    text = program_text()
    endpoints = declaration_of(text, "main_trunk_endpoints")
    assert "trunk_id=main_trunk.id" in endpoints and f'adopt_id="{TRUNK}/endpoints"' in endpoints
    assert ENDPOINT not in text and REG not in text  # the block is adopted by its trunk's id alone
    link = declaration_of(text, "main_trunk_office_acl")
    assert "access_control_list_id=office_acl.id" in link and f'adopt_id="{TRUNK}/{ACL}"' in link
    assert f'adopt_id="{TRUNK}/{PHONES}"' in declaration_of(text, "main_trunk_phones_credentials")
    numbers = declaration_of(text, "main_trunk_numbers")
    assert 'phone_numbers=["+14155550100", "+14155550101"]' in numbers and f'adopt_id="{TRUNK}"' in numbers
    assert 'adopt_id="SE"' in declaration_of(text, "sweden")
    lines_with_ids = [line for line in text.splitlines() if ULID.search(line)]
    assert lines_with_ids and all(line.strip().startswith("adopt_id=") for line in lines_with_ids)


def test_passwords_come_from_one_config_secret_per_credential() -> None:
    program = build_program(snapshot(), Options())
    text = main_py(program)
    keys = re.findall(r'config\.require_secret\("([^"]+)"\)', text)
    assert keys == ["phones-credentials-desk-1-password", "phones-credentials-desk-2-password"]
    assert [p.key for p in program.passwords] == keys
    assert "config = pulumi.Config()" in text


def test_a_registered_endpoint_waits_for_the_link_of_its_credential_list() -> None:
    block = declaration_of(program_text(), "main_trunk_endpoints")
    assert "opts=pulumi.ResourceOptions(depends_on=[main_trunk_phones_credentials])" in block


def test_a_trunks_endpoints_are_one_block_waiting_for_every_list_its_registered_endpoints_use() -> None:
    base = snapshot()
    [trunk] = base.trunks
    # "Desk 2" uses a list linked to this trunk, "Roamer" one linked nowhere: the block waits for the link and
    # for that list; the static endpoints add nothing.
    roamers = {"id": uid(30), "name": "Roamers", "credentials": [{"username": "roam-1"}]}
    extra = (
        {"id": uid(31), "name": "Desk 2", "priority": 3, "credential_username": "desk-2"},
        {"id": uid(32), "name": "Roamer", "priority": 4, "credential_username": "roam-1"},
        {"id": uid(33), "name": "sbc-0", "priority": 1, "address": "192.0.2.9"},
    )
    snap = dataclasses.replace(
        base,
        trunks=(dataclasses.replace(trunk, endpoints=(*trunk.endpoints, *extra)),),
        credential_lists=(*base.credential_lists, roamers),
    )
    program = build_program(snap, Options())
    [block] = [d for d in program.declarations if d.cls == "TrunkEndpoints"]
    assert [d.cls for d in program.declarations].count("SipEndpoint") == 0
    assert block.depends_on == ("main_trunk_phones_credentials", "roamers_credentials")
    names = [item["name"] for item in endpoint_items(program, "main_trunk_endpoints")]
    assert names == ["Desk 1", "Desk 2", "Roamer", "sbc-0", "sbc-1"]  # by name, as the provider keeps them
    assert program.warnings == ()


def test_endpoint_values_are_left_out_only_where_adoption_reads_the_default() -> None:
    [trunk] = snapshot().trunks
    odd = (
        {"id": uid(40), "name": "a", "priority": 1, "transport": "udp", "port": 5060, "enabled": True, "address": ""},
        {"id": uid(41), "name": "b", "priority": 2.0, "transport": "tcp", "port": 5080.0, "address": "h.example"},
    )
    program = build_program(snapshot(trunks=(dataclasses.replace(trunk, endpoints=odd),)), Options())
    # Inside the list a value left out is compared as its default: "" is not "no address", so it stays.
    assert endpoint_items(program, "main_trunk_endpoints") == [
        {"name": "a", "priority": 1, "address": ""},
        {"name": "b", "priority": 2, "transport": "TCP", "address": "h.example", "port": 5080},
    ]
    assert 'est.EndpointArgs(name="a", priority=1, address="")' in main_py(program)


def test_endpoints_of_the_same_name_fall_back_to_one_sip_endpoint_each_and_say_so() -> None:
    base = snapshot()
    [trunk] = base.trunks
    twin = {**trunk.endpoints[0], "id": uid(50), "priority": 2, "address": "192.0.2.11"}
    lab = TrunkSnapshot(
        trunk={"id": uid(51), "name": "Lab", "host_name": "lab"},
        endpoints=({"id": uid(52), "name": "sbc-1", "priority": 1, "address": "192.0.2.50"},),
    )
    snap = dataclasses.replace(base, trunks=(dataclasses.replace(trunk, endpoints=(*trunk.endpoints, twin)), lab))
    for options in (Options(), Options(adopt=False, host_name_prefix="prod-")):
        program = build_program(snap, options)
        by_class = {cls: [d.variable for d in program.declarations if d.cls == cls] for cls in program.counts()}
        assert by_class["SipEndpoint"] == ["main_trunk_desk_1", "main_trunk_sbc_1", "main_trunk_sbc_1_2"]
        assert by_class["TrunkEndpoints"] == ["lab_trunk_endpoints"]  # the other trunk keeps its block
        text = main_py(program)
        compile(text, "__main__.py", "exec")
        first, second = declaration_of(text, "main_trunk_sbc_1"), declaration_of(text, "main_trunk_sbc_1_2")
        assert 'address="192.0.2.10"' in first and 'address="192.0.2.11"' in second
        assert "depends_on=[main_trunk_phones_credentials]" in declaration_of(text, "main_trunk_desk_1")
        if options.adopt:
            assert f'adopt_id="{ENDPOINT}"' in first and f'adopt_id="{uid(50)}"' in second
            assert f'adopt_id="{uid(51)}/endpoints"' in declaration_of(text, "lab_trunk_endpoints")
        else:
            assert "adopt_id" not in text
        [fallback] = [w for w in program.warnings if "one SipEndpoint each" in w]
        assert fallback.startswith("main_trunk: more than one endpoint is named 'sbc-1'")
        assert "give them distinct names in Sinch" in fallback
        notes = readme(program, Context("p", Selection()))
        assert f"- {fallback}" in notes.split("## Check these")[1]
        assert "| `SipEndpoint` | 3 |" in notes and "| `TrunkEndpoints` | 1 |" in notes


def test_more_endpoints_than_one_block_holds_fall_back_too() -> None:
    [trunk] = snapshot().trunks
    many = tuple(
        {"id": uid(100 + i), "name": f"sbc-{i:03d}", "priority": 1, "address": "192.0.2.1"} for i in range(101)
    )
    program = build_program(snapshot(trunks=(dataclasses.replace(trunk, endpoints=many),)), Options())
    assert program.counts()["SipEndpoint"] == 101 and "TrunkEndpoints" not in program.counts()
    assert any(
        w.startswith("main_trunk: it has 101 endpoints, more than one TrunkEndpoints holds") for w in program.warnings
    )


def test_without_adoption_there_are_no_ids_and_host_names_get_the_prefix_and_suffix() -> None:
    options = Options(adopt=False, host_name_prefix="prod-", host_name_suffix="-eu")
    program = build_program(snapshot(), options)
    text = main_py(program)
    assert "adopt_id" not in text and not ULID.search(text)
    assert 'host_name="prod-acme-eu"' in text
    assert program.domains == (("main_trunk", "prod-acme-eu.pstn.sinch.com"),)
    notes = readme(program, Context("p", Selection()))
    assert "<target project id>" in notes and "prefix 'prod-' and suffix '-eu'" in notes


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (Options(host_name_prefix="prod-"), "only an export without adoption"),
        (Options(adopt=False, host_name_prefix="Prod_"), "cannot be part of a DNS label"),
        (Options(adopt=False, host_name_prefix="-x"), "cannot be part of a DNS label"),
        (Options(adopt=False, host_name_suffix="x-"), "cannot be part of a DNS label"),
    ],
)
def test_host_name_options_that_cannot_work_are_refused(options: Options, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        options.check()


def test_the_same_estate_listed_in_another_order_gives_the_same_text() -> None:
    base = snapshot()
    [trunk] = base.trunks
    second_trunk = TrunkSnapshot(trunk={"id": uid(7), "name": "Lab", "host_name": "lab"})
    shuffled = dataclasses.replace(
        base,
        trunks=(
            second_trunk,
            dataclasses.replace(trunk, endpoints=trunk.endpoints[::-1], phone_numbers=trunk.phone_numbers[::-1]),
        ),
        country_permissions=base.country_permissions[::-1],
    )
    ordered = dataclasses.replace(base, trunks=(trunk, second_trunk))
    assert program_text(shuffled) == program_text(ordered)


def test_an_object_added_later_under_a_taken_name_renames_nothing() -> None:
    before = program_text()
    twin = {
        "id": uid(99),
        "name": "Office",
        "enabled": False,
        "ip_ranges": [{"id": uid(98), "ip_address": "192.0.2.0", "range": 24, "description": None}],
    }
    snap = snapshot()
    after_program = build_program(
        dataclasses.replace(snap, access_control_lists=(twin, *snap.access_control_lists)), Options()
    )
    after = main_py(after_program)
    assert declaration_of(after, "office_acl") == declaration_of(before, "office_acl")
    assert 'name="Office"' in declaration_of(after, "office_acl_2") and "enabled=False" in declaration_of(
        after, "office_acl_2"
    )
    assert any("office_acl, office_acl_2" in w for w in after_program.warnings)
    removed = [line for line in before.splitlines() if line not in after.splitlines()]
    assert removed == []


def test_more_numbers_than_one_resource_holds_are_split() -> None:
    numbers = tuple(f"+1415555{i:04d}" for i in range(2001))
    [trunk] = snapshot().trunks
    program = build_program(snapshot(trunks=(dataclasses.replace(trunk, phone_numbers=numbers),)), Options())
    sets = [d for d in program.declarations if d.cls == "TrunkPhoneNumbers"]
    assert [d.variable for d in sets] == ["main_trunk_numbers", "main_trunk_numbers_2", "main_trunk_numbers_3"]
    sizes = [len(dict(d.arguments)["phone_numbers"]) for d in sets]
    assert sizes == [1000, 1000, 1]


def test_live_values_the_provider_would_refuse_are_reported() -> None:
    [trunk] = snapshot().trunks
    bad = dataclasses.replace(trunk, trunk={**trunk.trunk, "host_name": "Not_A_Label"})
    program = build_program(snapshot(trunks=(bad,)), Options())
    assert any(w.startswith("main_trunk: host_name: 'Not_A_Label' is not a DNS label") for w in program.warnings)
    assert "## Check these" in readme(program, Context("p", Selection()))


def test_a_link_to_a_list_that_was_not_read_is_left_out_with_a_warning() -> None:
    program = build_program(snapshot(access_control_lists=()), Options())
    assert not [d for d in program.declarations if d.cls == "TrunkAccessControlList"]
    assert any(f"access control list {ACL} is left out" in w for w in program.warnings)


def test_only_country_permissions_that_differ_from_a_new_project_are_kept() -> None:
    permissions = [
        {"iso_code": "US", "enabled": True},
        {"iso_code": "CA", "enabled": False},
        {"iso_code": "SE", "enabled": True},
        {"iso_code": "DE", "enabled": False},
    ]
    assert [p["iso_code"] for p in changed_countries(permissions)] == ["CA", "SE"]


def test_the_readme_lists_what_was_exported_and_every_command_to_run() -> None:
    program = build_program(snapshot(), Options())
    notes = readme(
        program,
        Context(
            "sinch-est-estate",
            Selection.parse(["acme*"], ["call-blocking-rules"]),
            (("sinch:apiUrl", "http://127.0.0.1:9"),),
        ),
    )
    assert "| `SipTrunk` | 1 |" in notes and "| `TrunkPhoneNumbers` | 1 |" in notes
    assert "| `main_trunk` | `acme.pstn.sinch.com` |" in notes
    assert "pulumi config set sinch:projectId proj-1" in notes
    assert "pulumi config set sinch:apiUrl http://127.0.0.1:9" in notes
    assert "pulumi config set --secret phones-credentials-desk-2-password '<password of desk-2 in Phones>'" in notes
    assert "`acme*`" in notes and "Left out on request: call-blocking-rules" in notes
    assert "pulumi preview --expect-no-changes" in notes
