"""The create journal against the emulator: an interrupted create is taken over by the next one of the same
resource, never an object someone made by hand; what the engine has in its state is forgotten."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from sinch_est import provider as p
from sinch_est.provider import _journal as journal_module
from sinch_est.provider._journal import Entry, Journal
from sinch_est.provider._settings import get_client

PROJECT = "provider-tests"
KEY = "proj/stack//SipTrunk::main"


@pytest.fixture(autouse=True)
def journal_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SINCH_EST_JOURNAL", str(tmp_path / "journal"))
    return tmp_path / "journal"


def _provider(cls: type[p.EstProvider], key: str = KEY) -> p.EstProvider:
    provider = cls()
    provider.resource_key = key  # as EstResource sets it, pickled with the provider
    return provider


def _posts(emulator: Any, suffix: str) -> int:
    return len([r for r in emulator.requests.matching("POST") if r.path.endswith(suffix)])


def _journal() -> Journal:
    client = get_client()
    return Journal.of(client.api_url, client.project_id)


def test_a_create_the_engine_never_recorded_is_taken_over_by_the_next_one(
    configured: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    inputs = {"name": "Main", "host_name": "journal-main"}
    first = _provider(p.SipTrunkProvider).create(dict(inputs))  # the engine died before saving this answer
    again = _provider(p.SipTrunkProvider).create(dict(inputs))  # the re-run creates the resource again
    assert again.id == first.id
    assert _posts(configured, "/trunks") == 1, "no second POST, no 409"
    assert [t["id"] for t in configured.store.objects(PROJECT, "SipTrunk")] == [first.id]
    assert f"took over id {first.id}, made by an interrupted earlier run" in capfd.readouterr().err


def test_an_answer_that_never_came_is_found_by_its_natural_key(configured: Any) -> None:
    """The provider died mid-request: the entry has no id, the object exists; it is found, not duplicated."""
    key = "proj/stack//AccessControlList::office"
    journal = _journal()
    journal.write(Entry(key, started=time.time() - 1, natural={"name": "Office"}))
    made = get_client().access_control_lists.create(
        {"name": "Office", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 28}]}
    )
    taken = _provider(p.AccessControlListProvider, key).create(
        {"name": "Office", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 28}]}
    )
    assert taken.id == made["id"]
    assert _posts(configured, "/accessControlLists") == 1
    assert journal.read(key) is not None and journal.read(key).object_id == made["id"]  # type: ignore[union-attr]


def test_an_object_made_by_hand_is_never_taken_over(configured: Any) -> None:
    by_hand = get_client().call_blocking_rules.create({"name": "r", "direction": "OUTBOUND", "callee_match": "1900"})
    created = _provider(p.CallBlockingRuleProvider, "proj/stack//CallBlockingRule::r").create(
        {"name": "r", "direction": "OUTBOUND", "callee_match": "1900"}
    )
    assert created.id != by_hand["id"], "no journal entry: a create is a create"
    assert len(configured.store.objects(PROJECT, "CallBlockingRule")) == 2


def test_what_the_engine_has_is_forgotten(configured: Any) -> None:
    inputs = {"name": "Main", "host_name": "journal-settle"}
    provider = _provider(p.SipTrunkProvider)
    first = provider.create(dict(inputs))
    assert _journal().read(KEY) is not None
    provider.diff(first.id, first.outs, inputs)  # only a resource in the engine's state is diffed
    assert _journal().read(KEY) is None
    provider.delete(first.id, first.outs)
    recreated = _provider(p.SipTrunkProvider).create(dict(inputs))
    assert recreated.id != first.id and _posts(configured, "/trunks") == 2


def test_a_definite_refusal_leaves_no_entry(configured: Any) -> None:
    get_client().sip_trunks.create({"name": "taken", "host_name": "journal-taken"})
    with pytest.raises(p.ProviderError, match="already exists"):
        _provider(p.SipTrunkProvider).create({"name": "x", "host_name": "journal-taken"})
    assert _journal().read(KEY) is None


def test_a_country_keeps_the_value_from_before_an_interrupted_run(configured: Any) -> None:
    key = "proj/stack//CountryPermission::sweden"
    assert get_client().country_permissions.get("SE")["enabled"] is False
    _provider(p.CountryPermissionProvider, key).create({"iso_code": "SE", "enabled": True})  # then interrupted
    assert get_client().country_permissions.get("SE")["enabled"] is True
    rerun = _provider(p.CountryPermissionProvider, key).create({"iso_code": "SE", "enabled": True})
    assert rerun.outs["previous_enabled"] is False, "the value before this stack first touched it"
    p.CountryPermissionProvider().delete(rerun.id, rerun.outs)
    assert get_client().country_permissions.get("SE")["enabled"] is False


def test_entries_expire(configured: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = _journal()
    journal.write(Entry(KEY, started=0.0, object_id="01OLD"))
    monkeypatch.setattr(journal_module, "MAX_AGE", 10.0)
    clocked = Journal(journal.folder, clock=lambda: 11.0)
    assert clocked.read(KEY) is None
    assert not list(journal.folder.glob("*.json")), "an expired entry is removed"
