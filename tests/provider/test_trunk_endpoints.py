"""TrunkEndpoints against the emulator: a trunk's endpoints created, reconciled by name, refreshed, adopted,
taken over after an interruption and deleted, with one write per endpoint that changes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sinch_est import provider as p
from sinch_est.provider import ProviderError
from sinch_est.provider._create import claims_of
from sinch_est.provider._journal import Entry, Journal
from sinch_est.provider._reads import READS
from sinch_est.provider._settings import get_client

PROJECT = "provider-tests"  # the project tests/provider/conftest.py configures
KEY = "proj/stack/sinch_est:index:BothDirections::pbx/TrunkEndpoints::pbx-endpoints"
STATIC = [
    {"name": "sbc-a", "priority": 1, "address": "203.0.113.10"},
    {"name": "sbc-b", "priority": 2, "address": "203.0.113.11", "transport": "tls", "port": 5061},
]
REGISTERED = {"name": "desk", "priority": 3, "credential_username": "desk-user"}


@pytest.fixture(autouse=True)
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SINCH_EST_JOURNAL", str(tmp_path / "journal"))
    READS.invalidate()
    yield
    READS.invalidate()


def trunk(host: str) -> str:
    """A trunk made before this run (by hand): whatever is on it, the block must look for."""
    return str(get_client().sip_trunks.create({"name": "T", "host_name": host})["id"])


def live(emulator: Any, trunk_id: str) -> dict[str, dict[str, Any]]:
    return {e["name"]: e for e in emulator.store.objects(PROJECT, "SipEndpoint") if e["sipTrunkId"] == trunk_id}


def provider(key: str = "") -> p.TrunkEndpointsProvider:
    made = p.TrunkEndpointsProvider()
    made.resource_key = key
    return made


def create(inputs: dict[str, Any], key: str = "") -> tuple[p.TrunkEndpointsProvider, str, dict[str, Any]]:
    made = provider(key)
    checked = made.check({}, inputs)
    assert checked.failures == []
    created = made.create(checked.inputs)
    return made, created.id, created.outs


def writes(emulator: Any) -> list[str]:
    return [
        f"{r.method} {r.path.rsplit('/', 1)[-1]}"
        for r in emulator.requests
        if r.method != "GET" and "token" not in r.path
    ]


def test_check_names_each_bad_endpoint_by_its_index() -> None:
    checked = p.TrunkEndpointsProvider().check(
        {},
        {
            "trunk_id": "t",
            "endpoints": [
                {"name": "a", "priority": 0, "address": "203.0.113.1"},
                {"name": "b", "priority": 1},
                {"name": "c", "priority": 1, "transport": "SCTP", "address": "x"},
            ],
        },
    )
    assert {(f.property, f.reason.split(":")[0]) for f in checked.failures} == {
        ("endpoints[0].priority", "0 is out of range"),
        ("endpoints[1].address", "is required for a static endpoint"),
        ("endpoints[2].transport", "'SCTP' is not one of UDP, TCP, TLS"),
    }
    cased = p.TrunkEndpointsProvider().check(
        {}, {"trunk_id": "t", "endpoints": [STATIC[1], {**STATIC[0], "port": None}]}
    )
    assert cased.inputs["endpoints"] == [STATIC[0], {**STATIC[1], "transport": "TLS"}], (
        "sorted, upper-cased, unset dropped"
    )
    twice = p.TrunkEndpointsProvider().check({}, {"trunk_id": "t", "endpoints": [STATIC[0], STATIC[0]]})
    assert [(f.property, f.reason) for f in twice.failures] == [
        ("endpoints", "entry 1: the name 'sbc-a' is listed twice; endpoint names identify them within a trunk")
    ]


def test_create_makes_each_endpoint_once_and_keeps_their_ids_by_name(configured: Any) -> None:
    trunk_id = trunk("ep-create")
    get_client().credential_lists.create(
        {"name": "desk", "credentials": [{"username": "desk-user", "password": "Desk-Password-1"}]}
    )
    configured.requests.clear()
    _, id_, outs = create({"trunk_id": trunk_id, "endpoints": [REGISTERED, *reversed(STATIC)]})
    assert id_ == f"{trunk_id}/endpoints"
    there = live(configured, trunk_id)
    assert sorted(there) == ["desk", "sbc-a", "sbc-b"]
    assert outs["endpoint_ids"] == {name: e["id"] for name, e in there.items()}
    assert [e["name"] for e in outs["endpoints"]] == ["desk", "sbc-a", "sbc-b"], "ordered by name"
    assert there["sbc-b"]["transport"] == "TLS" and there["sbc-b"]["port"] == 5061
    assert there["desk"]["credentialUsername"] == "desk-user" and there["desk"]["isRegistered"] is True
    assert writes(configured) == ["POST endpoints"] * 3


def test_on_a_trunk_this_run_created_the_block_writes_at_once(configured: Any) -> None:
    """Nothing can be on a trunk the run has just created: no list of its endpoints before the POSTs."""
    trunk_id = p.SipTrunkProvider().create({"name": "T", "host_name": "ep-new"}).id
    configured.requests.clear()
    create({"trunk_id": trunk_id, "endpoints": STATIC})
    assert [r.method for r in configured.requests if "/endpoints" in r.path] == ["POST", "POST"]
    assert sorted(live(configured, trunk_id)) == ["sbc-a", "sbc-b"]


def test_a_failed_create_deletes_what_it_made(configured: Any) -> None:
    trunk_id = trunk("ep-fail")
    unknown_user = {"name": "ghost", "priority": 1, "credential_username": "nobody-has-this"}
    with pytest.raises(ProviderError) as caught:
        create({"trunk_id": trunk_id, "endpoints": [*STATIC, unknown_user]})
    message = str(caught.value)
    assert "1 of 3 endpoint writes failed: ghost" in message
    assert "The 2 endpoints created in this call were deleted again" in message
    assert live(configured, trunk_id) == {}


def test_update_writes_only_what_changed_and_renames_in_place(configured: Any) -> None:
    trunk_id = trunk("ep-update")
    made, id_, outs = create({"trunk_id": trunk_id, "endpoints": STATIC})
    before = live(configured, trunk_id)
    configured.requests.clear()
    wanted = [
        {**STATIC[0], "priority": 5},  # changed: one PUT
        {"name": "sbc-c", "priority": 2, "address": "203.0.113.12"},  # takes sbc-b's place: one PUT, same id
        {"name": "sbc-d", "priority": 9, "address": "203.0.113.13"},  # new: one POST
    ]
    news = made.check(outs, {"trunk_id": trunk_id, "endpoints": wanted}).inputs
    assert made.diff(id_, outs, news).changes and made.diff(id_, outs, news).replaces == []
    updated = made.update(id_, outs, news)
    after = live(configured, trunk_id)
    assert sorted(after) == ["sbc-a", "sbc-c", "sbc-d"]
    assert after["sbc-a"]["priority"] == 5 and after["sbc-a"]["id"] == before["sbc-a"]["id"]
    assert after["sbc-c"]["id"] == before["sbc-b"]["id"], "renamed in place: no moment without the endpoint"
    # The two endpoints were created concurrently, so either id may sort first.
    assert sorted(writes(configured)) == sorted(
        ["POST endpoints", "PUT " + before["sbc-a"]["id"], "PUT " + before["sbc-b"]["id"]]
    )
    assert updated.outs["endpoint_ids"] == {name: e["id"] for name, e in after.items()}
    assert made.diff(id_, updated.outs, news).changes is False


def test_switching_an_endpoint_between_static_and_registered_makes_it_anew_first(configured: Any) -> None:
    trunk_id = trunk("ep-kind")
    get_client().credential_lists.create(
        {"name": "kind", "credentials": [{"username": "desk-user", "password": "Desk-Password-1"}]}
    )
    made, id_, outs = create({"trunk_id": trunk_id, "endpoints": [STATIC[0]]})
    old_id = outs["endpoint_ids"]["sbc-a"]
    configured.requests.clear()
    news = made.check(outs, {"trunk_id": trunk_id, "endpoints": [{**REGISTERED, "name": "sbc-a"}]}).inputs
    updated = made.update(id_, outs, news)
    assert writes(configured) == ["POST endpoints", f"DELETE {old_id}"], "the new one exists before the old one goes"
    assert live(configured, trunk_id)["sbc-a"]["credentialUsername"] == "desk-user"
    assert updated.outs["endpoint_ids"]["sbc-a"] != old_id


def test_read_follows_the_ids_and_reports_drift_and_disappearance(configured: Any) -> None:
    trunk_id = trunk("ep-read")
    made, id_, outs = create({"trunk_id": trunk_id, "endpoints": STATIC})
    ids = outs["endpoint_ids"]
    get_client().sip_endpoints.update(
        trunk_id, ids["sbc-a"], {"name": "renamed by hand", "priority": 7, "address": "203.0.113.10"}
    )
    get_client().sip_endpoints.delete(trunk_id, ids["sbc-b"])
    READS.invalidate()
    read = made.read(id_, outs)
    assert read.outs["endpoints"] == [
        {
            "name": "renamed by hand",
            "priority": 7,
            "address": "203.0.113.10",
            "transport": "UDP",
            "enabled": True,
            "port": 5060,
        }
    ]
    assert read.inputs["endpoints"] == [{"name": "renamed by hand", "priority": 7, "address": "203.0.113.10"}], (
        "check's shape"
    )
    news = made.check({}, {"trunk_id": trunk_id, "endpoints": STATIC}).inputs
    assert made.diff(id_, read.outs, news).changes, "the next up puts them back"
    configured.requests.clear()
    repaired = made.update(id_, read.outs, news)
    assert sorted(live(configured, trunk_id)) == ["sbc-a", "sbc-b"]
    assert repaired.outs["endpoint_ids"]["sbc-a"] == ids["sbc-a"], "the renamed endpoint is renamed back, not replaced"
    get_client().sip_endpoints.delete(trunk_id, repaired.outs["endpoint_ids"]["sbc-a"])
    get_client().sip_endpoints.delete(trunk_id, repaired.outs["endpoint_ids"]["sbc-b"])
    READS.invalidate()
    assert made.read(id_, repaired.outs).id == "", "every endpoint gone: the resource is gone"


def test_refresh_of_many_blocks_is_one_list_per_trunk(configured: Any) -> None:
    made = [create({"trunk_id": trunk(f"ep-r{i}"), "endpoints": STATIC}) for i in range(3)]
    READS.invalidate()
    configured.requests.clear()
    for prov, id_, outs in made:
        assert prov.read(id_, outs).outs["endpoint_ids"] == outs["endpoint_ids"]
    assert [r.path.rsplit("/", 1)[-1] for r in configured.requests.matching("GET")] == ["endpoints"] * 3


def test_an_endpoint_of_a_listed_name_that_differs_stops_the_create_before_any_write(configured: Any) -> None:
    trunk_id = trunk("ep-clash")
    by_hand = get_client().sip_endpoints.create(trunk_id, {**STATIC[0], "priority": 4})
    configured.requests.clear()
    with pytest.raises(ProviderError) as caught:
        create({"trunk_id": trunk_id, "endpoints": STATIC})
    message = str(caught.value)
    assert f"'sbc-a' (id {by_hand['id']}: priority: live 4, program 1)" in message
    assert f"adopt_id='{trunk_id}/endpoints'" in message
    assert writes(configured) == []


def test_identical_endpoints_are_taken_over_and_a_sip_endpoint_deleted_later_in_the_run_leaves_them(
    configured: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    """A stack moving from SipEndpoint resources to the block: the block is created first, then the old
    resources are deleted; the endpoints stay, untouched."""
    trunk_id = trunk("ep-move")
    old = p.SipEndpointProvider()
    singles = [old.create({"trunk_id": trunk_id, **item}) for item in STATIC]
    configured.requests.clear()
    _, _, outs = create({"trunk_id": trunk_id, "endpoints": STATIC}, key=KEY)
    assert outs["endpoint_ids"] == {item["name"]: s.id for item, s in zip(STATIC, singles, strict=True)}
    for single in singles:
        old.delete(single.id, single.outs)
    assert writes(configured) == [], "no endpoint written, none deleted"
    assert sorted(live(configured, trunk_id)) == ["sbc-a", "sbc-b"]
    err = capfd.readouterr().err
    assert "took over 'sbc-a', 'sbc-b', already on the trunk exactly as listed" in err
    assert "left on its trunk, where a TrunkEndpoints resource now holds it" in err


def test_a_create_cut_off_by_an_interruption_is_finished_by_the_next_one(configured: Any) -> None:
    trunk_id = trunk("ep-journal")
    client = get_client()
    journal = Journal.of(client.api_url, client.project_id)
    # The first run wrote its entry, made one endpoint and died; the program has changed that one since.
    journal.write(Entry(KEY, started=time.time() - 5, extra={"endpoints_since": time.time() - 5}))
    first = client.sip_endpoints.create(trunk_id, {**STATIC[0], "priority": 9})
    configured.requests.clear()
    _, _, outs = create({"trunk_id": trunk_id, "endpoints": STATIC}, key=KEY)
    assert outs["endpoint_ids"]["sbc-a"] == first["id"]
    assert sorted(writes(configured)) == ["POST endpoints", f"PUT {first['id']}"]
    assert live(configured, trunk_id)["sbc-a"]["priority"] == 1


def test_delete_removes_its_endpoints_and_leaves_the_others(configured: Any) -> None:
    trunk_id = trunk("ep-delete")
    other = get_client().sip_endpoints.create(trunk_id, {"name": "not ours", "priority": 1, "address": "198.51.100.1"})
    made, id_, outs = create({"trunk_id": trunk_id, "endpoints": STATIC})
    made.delete(id_, outs)
    assert (
        list(live(configured, trunk_id)) == ["not ours"] and live(configured, trunk_id)["not ours"]["id"] == other["id"]
    )
    made.delete(id_, outs)  # deleting again finds nothing to do


def test_adopt_compares_by_name_and_adds_the_rest_only_when_asked(configured: Any) -> None:
    trunk_id = trunk("ep-adopt")
    get_client().sip_endpoints.create(trunk_id, STATIC[0])
    configured.requests.clear()
    with pytest.raises(ProviderError, match="endpoints: live"):
        provider().create({"trunk_id": trunk_id, "endpoints": STATIC, "adopt_id": f"{trunk_id}/endpoints"})
    assert writes(configured) == [], "one more endpoint is a change: none without asking"
    adopted = provider().create(
        {"trunk_id": trunk_id, "endpoints": STATIC, "adopt_id": f"{trunk_id}/endpoints", "update_on_adopt": True}
    )
    assert writes(configured) == ["POST endpoints"]
    assert set(adopted.outs["endpoint_ids"]) == {"sbc-a", "sbc-b"}


def test_claims_are_scoped_to_the_run(configured: Any) -> None:
    """What the block holds is visible to a SipEndpoint of the same trunk, not of another trunk."""
    trunk_id = trunk("ep-claims")
    _, _, outs = create({"trunk_id": trunk_id, "endpoints": [STATIC[0]]}, key=KEY)
    claims = claims_of(p.SipEndpointProvider())
    endpoint_id = outs["endpoint_ids"]["sbc-a"]
    assert claims.held_elsewhere(endpoint_id, trunk_id, "SipEndpoint") == "TrunkEndpoints"
    assert claims.held_elsewhere(endpoint_id, "another-trunk", "SipEndpoint") is None
