"""Names in the exported program: valid identifiers and Pulumi names, unique, and stable as the estate changes."""

from __future__ import annotations

import dataclasses
import keyword
import re

import pytest
from export_estate import snapshot, uid

from sinch_est.export._names import MAX_LENGTH, Names, config_key, resource_name, slug
from sinch_est.export._program import Options, build_program
from sinch_est.export._snapshot import TrunkSnapshot

PULUMI_NAME = re.compile(r"^[a-z_][a-z0-9_-]*$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Main trunk", "main_trunk"),
        ("Büro Köln", "buro_koln"),
        ("  ACME -- voice/EU (primary)  ", "acme_voice_eu_primary"),
        ("sbc-1", "sbc_1"),
        ("東京", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_slug_keeps_ascii_words(text: str | None, expected: str) -> None:
    assert slug(text) == expected


def test_slug_cuts_long_names_at_a_word_boundary() -> None:
    long = " ".join(["segment"] * 20)
    cut = slug(long)
    assert len(cut) <= MAX_LENGTH and cut.endswith("segment") and not cut.endswith("_")


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Main", "trunk", "main_trunk"),
        ("Main trunk", "trunk", "main_trunk"),
        ("Trunk", "trunk", "trunk"),
        ("Office ACL", "acl", "office_acl"),
        ("1st floor", "acl", "acl_1st_floor"),
        ("東京", "trunk", "trunk"),
        ("Pulumi", "rule", "pulumi_rule"),
    ],
)
def test_object_names_carry_their_kind_once(text: str, kind: str, expected: str) -> None:
    assert Names().object(text, kind) == expected


def test_same_names_get_numbered_in_claim_order_and_are_reported() -> None:
    names = Names()
    first = names.object("Office", "acl")
    second = names.object("office", "acl")
    third = names.object("OFFICE!", "acl")
    other = names.object("Office", "trunk")
    assert (first, second, third, other) == ("office_acl", "office_acl_2", "office_acl_3", "office_trunk")
    assert names.shared == {"office_acl": ["office_acl", "office_acl_2", "office_acl_3"]}


def test_a_name_that_looks_numbered_does_not_steal_a_number() -> None:
    names = Names()
    assert [names.claim(b) for b in ("x_2", "x", "x")] == ["x_2", "x", "x_3"]


@pytest.mark.parametrize("base", ["class", "match", "pulumi", "est", "config", "9lives"])
def test_claimed_names_are_usable_python_variables(base: str) -> None:
    name = Names().claim(base)
    assert name.isidentifier() and not keyword.iskeyword(name) and not keyword.issoftkeyword(name)
    assert name not in {"pulumi", "est", "config"}


def test_scoped_names_sit_under_their_scope() -> None:
    names = Names()
    assert names.scoped("main_trunk", "sbc-1", "endpoint") == "main_trunk_sbc_1"
    assert names.scoped("other_trunk", "sbc-1", "endpoint") == "other_trunk_sbc_1"
    assert names.scoped("main_trunk", "", "endpoint") == "main_trunk_endpoint"


def test_a_trunks_endpoint_block_is_named_after_its_trunk_and_keeps_its_name() -> None:
    base = snapshot()
    [trunk] = base.trunks
    twin = dataclasses.replace(trunk, trunk={**trunk.trunk, "id": uid(90), "host_name": "acme-2"}, phone_numbers=())

    def blocks(*trunks: TrunkSnapshot) -> list[tuple[str, str]]:
        program = build_program(dataclasses.replace(base, trunks=trunks), Options())
        return [(d.variable, d.name) for d in program.declarations if d.cls == "TrunkEndpoints"]

    expected = [("main_trunk_endpoints", "main-trunk-endpoints"), ("main_trunk_2_endpoints", "main-trunk-2-endpoints")]
    assert blocks(trunk, twin) == expected
    # An endpoint more on either trunk changes what the block holds, never its name.
    more = {"id": uid(91), "name": "sbc-9", "priority": 9, "address": "192.0.2.99"}
    grown = dataclasses.replace(twin, endpoints=(*twin.endpoints, more))
    assert blocks(dataclasses.replace(trunk, endpoints=(*trunk.endpoints, more)), grown) == expected


def test_resource_names_are_unique_valid_pulumi_names() -> None:
    names = Names()
    variables = [names.object(t, "acl") for t in ("a b", "a_b", "a-b", "A B", "ä b")]
    resources = [resource_name(v) for v in variables]
    assert len(set(resources)) == len(resources)
    assert all(PULUMI_NAME.match(r) for r in resources)


def test_config_keys_are_unique_per_credential() -> None:
    taken: set[str] = set()
    keys = [config_key("phones_credentials", u, taken) for u in ("desk.1", "desk_1", "Desk 1", "")]
    assert keys == [
        "phones-credentials-desk-1-password",
        "phones-credentials-desk-1-password-2",
        "phones-credentials-desk-1-password-3",
        "phones-credentials-user-password",
    ]
