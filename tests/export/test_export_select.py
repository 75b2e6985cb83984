"""Export filters: trunk patterns (glob or regex on name or host name) and kinds left out, checked offline."""

from __future__ import annotations

import pytest

from sinch_est.export import KINDS, ExportError
from sinch_est.export._select import Selection

TRUNKS = [
    {"id": "1", "name": "ACME EU", "host_name": "acme-eu"},
    {"id": "2", "name": "ACME US", "host_name": "acme-us"},
    {"id": "3", "name": "Lab", "host_name": "lab-trunk"},
]


def chosen(*patterns: str) -> list[str]:
    return [str(t["id"]) for t in Selection.parse(patterns).choose(TRUNKS)]


def test_no_pattern_keeps_every_trunk() -> None:
    assert chosen() == ["1", "2", "3"]
    assert not Selection.parse().filtered


@pytest.mark.parametrize(
    ("patterns", "expected"),
    [
        (("acme-*",), ["1", "2"]),
        (("ACME E?",), ["1"]),
        (("lab",), ["3"]),
        (("lab-trunk", "acme-us"), ["2", "3"]),
        (("re:^acme-(eu|us)$",), ["1", "2"]),
        (("re:US",), ["2"]),
        (("re:trunk",), ["3"]),
    ],
)
def test_patterns_match_name_or_host_name(patterns: tuple[str, ...], expected: list[str]) -> None:
    assert chosen(*patterns) == expected


def test_a_pattern_matching_no_trunk_names_the_trunks_there_are() -> None:
    with pytest.raises(ExportError, match=r"'acme-asia' matches no trunk.*ACME EU \(acme-eu\)"):
        chosen("acme-eu", "acme-asia")


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        (["re:acme-("], r"not a valid regular expression"),
        ([" "], r"a pattern is empty"),
        ("acme-*", r"a list of strings"),
    ],
)
def test_bad_patterns_are_refused(patterns: list[str], message: str) -> None:
    with pytest.raises(ExportError, match=message):
        Selection.parse(patterns)


def test_kinds_are_comma_separated_and_forgiving_about_case_and_underscores() -> None:
    selection = Selection.parse(exclude=["country-permissions, Call_Blocking_Rules", "phone-numbers"])
    assert selection.excluded == {"country-permissions", "call-blocking-rules", "phone-numbers"}
    assert not selection.includes("phone-numbers") and selection.includes("sip-endpoints")


def test_an_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(ExportError, match=r"'numbers' is not a kind of object; use any of " + ", ".join(KINDS)):
        Selection.parse(exclude=["numbers"])


def test_leaving_out_trunks_leaves_out_what_hangs_off_them() -> None:
    selection = Selection.parse(exclude=["sip-trunks"])
    assert not selection.includes("sip-endpoints") and not selection.includes("phone-numbers")
    assert not selection.links("access-control-lists") and selection.includes("access-control-lists")


def test_leaving_out_a_kind_of_list_leaves_out_its_links() -> None:
    selection = Selection.parse(exclude=["credential-lists"])
    assert not selection.links("credential-lists") and selection.links("access-control-lists")


def test_choosing_trunks_while_leaving_them_out_is_refused() -> None:
    with pytest.raises(ExportError, match="excludes sip-trunks"):
        Selection.parse(["acme-*"], ["sip-trunks"])
