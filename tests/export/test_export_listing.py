"""Export against the emulator: list calls only, counted in its request log, with filters and exclusions
cutting calls, retries riding out rate limits, and errors that name what failed."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from export_estate import NUMBERS, PASSWORDS, build_estate

from sinch_est.client import EstClient
from sinch_est.emulator import Faults
from sinch_est.export import FILES, ExportError, export_project

PROJECT = "export-listing"
ROUTES = {
    "trunks": r"/trunks",
    "access control lists": r"/accessControlLists",
    "credential lists": r"/credentialLists",
    "country permissions": r"/countryPermissions",
    "call-blocking rules": r"/callBlockingRules",
    "phone numbers": r"/phoneNumbers",
    "endpoints of a trunk": r"/trunks/[^/]+/endpoints",
    "ACL links of a trunk": r"/trunks/[^/]+/accessControlLists",
    "credential list links of a trunk": r"/trunks/[^/]+/credentialLists",
}


def route(path: str) -> str:
    """Which list a request path is; an object-by-object GET matches none and fails the test."""
    tail = path.removeprefix(f"/v1/projects/{PROJECT}")
    for name, pattern in ROUTES.items():
        if re.fullmatch(pattern, tail):
            return name
    raise AssertionError(f"{path} is not a list route")


def served(emulator: Any, start: int) -> list[Any]:
    return [r for r in emulator.requests[start:] if not r.path.startswith("/oauth2/")]


def export_counting(emulator: Any, client: EstClient, out: Path, **options: Any) -> tuple[Any, Counter[str]]:
    start = len(emulator.requests)
    report = export_project(client, out, **options)
    requests = served(emulator, start)
    assert {r.method for r in requests} == {"GET"}
    return report, Counter(route(r.path) for r in requests)


@pytest.fixture
def client(make_client: Callable[[str], EstClient]) -> EstClient:
    return make_client(PROJECT)


def test_a_full_export_makes_one_list_call_per_kind_and_three_per_trunk(
    emulator: Any, client: EstClient, tmp_path: Path
) -> None:
    estate = build_estate(client)
    report, calls = export_counting(emulator, client, tmp_path / "out")
    trunks = len(estate.trunks)
    assert calls == {
        "trunks": 1,
        "access control lists": 1,
        "credential lists": 1,
        "country permissions": 1,
        "call-blocking rules": 1,
        "phone numbers": 1,
        "endpoints of a trunk": trunks,
        "ACL links of a trunk": trunks,
        "credential list links of a trunk": trunks,
    }
    assert report.resources == {
        "SipTrunk": 5,
        "TrunkEndpoints": 3,  # one per trunk with endpoints
        "AccessControlList": 2,
        "TrunkAccessControlList": 3,
        "CredentialList": 4,
        "TrunkCredentialList": 3,
        "TrunkPhoneNumbers": 3,
        "CountryPermission": 2,
        "CallBlockingRule": 2,
    }
    assert sorted(f.name for f in report.files) == sorted(FILES)
    assert len(report.passwords) == len(PASSWORDS) and report.warnings == ()


def test_many_numbers_cost_pages_of_one_list_not_a_call_each(emulator: Any, client: EstClient, tmp_path: Path) -> None:
    trunk = client.sip_trunks.create({"name": "Big", "host_name": "big"})
    numbers = [f"+1415555{i:04d}" for i in range(1200)]
    for number in numbers:  # seeded in the store directly: the API rules, without 1,200 requests
        emulator.store.create(PROJECT, "PhoneNumber", {"phoneNumber": number, "sipTrunkId": trunk["id"]})
    _, calls = export_counting(emulator, client, tmp_path / "out")
    assert calls["phone numbers"] == 3  # pages of 500
    text = (tmp_path / "out" / "__main__.py").read_text()
    assert all(f'"{n}"' in text for n in numbers)
    assert text.count("est.TrunkPhoneNumbers(") == 2  # at most 1,000 numbers per resource


def test_a_trunk_filter_reads_that_trunk_and_pulls_in_what_it_needs(
    emulator: Any, client: EstClient, tmp_path: Path
) -> None:
    estate = build_estate(client)
    # A trunk whose registered endpoint uses a username of a list linked elsewhere (Digest's "Road warriors").
    roaming = client.sip_trunks.create({"name": "Roaming", "host_name": "roaming"})
    client.sip_endpoints.create(
        roaming["id"], {"name": "softphone", "priority": 1, "credential_username": "road.warrior"}
    )
    report, calls = export_counting(emulator, client, tmp_path / "out", trunks=["re:^(Registered|Roaming)$"])
    assert calls == {
        "trunks": 1,
        "access control lists": 1,
        "credential lists": 1,
        "country permissions": 1,
        "call-blocking rules": 1,
        "phone numbers": 2,  # per chosen trunk
        "endpoints of a trunk": 2,
        "ACL links of a trunk": 2,
        "credential list links of a trunk": 2,
    }
    text = (tmp_path / "out" / "__main__.py").read_text()
    assert 'name="Registered"' in text and 'name="Roaming"' in text and 'name="Both ways"' not in text
    assert 'name="Phones"' in text and 'name="Road warriors"' in text  # linked, and holding a used username
    assert 'name="Office"' not in text and 'name="Spare"' not in text
    assert f'adopt_id="{estate.trunks["trunk:Registered"]}"' in text
    assert "roaming_trunk_endpoints = est.TrunkEndpoints(" in text and "depends_on=[road_warriors_credentials]" in text
    assert report.resources["TrunkPhoneNumbers"] == 1 and report.resources["CredentialList"] == 2
    readme = (tmp_path / "out" / "README.md").read_text()
    assert "`re:^(Registered|Roaming)$`" in readme


def test_excluded_kinds_are_neither_read_nor_written(emulator: Any, client: EstClient, tmp_path: Path) -> None:
    build_estate(client)
    excluded = ["country-permissions,call-blocking-rules", "sip-endpoints", "credential-lists"]
    report, calls = export_counting(emulator, client, tmp_path / "out", exclude=excluded)
    assert set(calls) == {"trunks", "access control lists", "phone numbers", "ACL links of a trunk"}
    assert set(report.resources) == {"SipTrunk", "AccessControlList", "TrunkAccessControlList", "TrunkPhoneNumbers"}
    assert report.passwords == ()
    assert "config = pulumi.Config()" not in (tmp_path / "out" / "__main__.py").read_text()


def test_exporting_again_gives_the_same_bytes_whatever_the_concurrency(
    emulator: Any, client: EstClient, tmp_path: Path
) -> None:
    build_estate(client)
    export_project(client, tmp_path / "a")
    export_project(client, tmp_path / "b", concurrency=1)
    export_project(client, tmp_path / "a", overwrite=True)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_change_shows_as_a_diff_of_just_that_change(emulator: Any, client: EstClient, tmp_path: Path) -> None:
    estate = build_estate(client)
    export_project(client, tmp_path / "before")
    client.sip_trunks.update(
        estate.trunks["trunk:Digest"], {"name": "Digest", "host_name": "rt-digest", "enable_caller_name": True}
    )
    export_project(client, tmp_path / "after")
    before = (tmp_path / "before" / "__main__.py").read_text().splitlines()
    after = (tmp_path / "after" / "__main__.py").read_text().splitlines()
    changes = [line for line in difflib.unified_diff(before, after, n=0, lineterm="") if line[:1] in "+-"]
    assert changes[2:] == ["+    enable_caller_name=True,"]  # after the two file header lines


def test_rate_limits_are_ridden_out_by_the_client_retries(emulator: Any, client: EstClient, tmp_path: Path) -> None:
    build_estate(client)
    export_project(client, tmp_path / "calm")
    emulator.set_faults(Faults(rate_limit=8, retry_after=0.2))
    start = len(emulator.requests)
    export_project(client, tmp_path / "limited")
    assert any(r.status == 429 for r in emulator.requests[start:])
    for name in FILES:
        assert (tmp_path / "calm" / name).read_bytes() == (tmp_path / "limited" / name).read_bytes(), name


def test_progress_says_what_was_listed_and_written(emulator: Any, client: EstClient, tmp_path: Path) -> None:
    build_estate(client)
    lines: list[str] = []
    export_project(client, tmp_path / "out", progress=lines.append)
    assert "listed 5 SIP trunks" in lines and "listed 59 country permissions" in lines
    assert f"listed {sum(len(n) for n in NUMBERS.values())} phone numbers" in lines
    assert lines[-2] == "read endpoints and links of 5/5 trunks"
    assert lines[-1] == f"wrote 27 resources to {tmp_path / 'out'}"


def test_bad_options_fail_before_any_request(emulator: Any, client: EstClient, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "__main__.py").write_text("# someone's program\n")
    start = len(emulator.requests)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"out_dir": tmp_path / "taken"}, r"already holds __main__\.py.*--force"),
        ({"exclude": ["numbers"]}, r"not a kind of object"),
        ({"trunks": ["re:("]}, r"not a valid regular expression"),
        ({"host_name_prefix": "prod-"}, r"only an export without adoption"),
        ({"project_name": "my project"}, r"not a Pulumi project name"),
        ({"concurrency": 0}, r"at least 1"),
    ]
    for options, message in cases:
        out = options.pop("out_dir", tmp_path / "out")
        with pytest.raises(ExportError, match=message):
            export_project(client, out, **options)
    assert served(emulator, start) == []
    assert (tmp_path / "taken" / "__main__.py").read_text() == "# someone's program\n"
    assert not (tmp_path / "out").exists()


def test_a_pattern_matching_no_trunk_writes_nothing(emulator: Any, client: EstClient, tmp_path: Path) -> None:
    build_estate(client)
    with pytest.raises(ExportError, match=r"'nothing-\*' matches no trunk.*Both ways \(rt-both-ways\)"):
        export_project(client, tmp_path / "out", trunks=["nothing-*"])
    assert not (tmp_path / "out").exists()


def test_an_api_failure_names_the_list_it_was_reading(emulator: Any, tmp_path: Path) -> None:
    client = EstClient(
        PROJECT, key_id=emulator.key_id, key_secret="not-the-secret", api_url=emulator.url, auth_url=emulator.url
    )
    with client, pytest.raises(ExportError, match=r"^listing [a-zA-Z -]+: .*401") as caught:
        export_project(client, tmp_path / "out")
    assert "not-the-secret" not in str(caught.value)
    assert not (tmp_path / "out").exists()
