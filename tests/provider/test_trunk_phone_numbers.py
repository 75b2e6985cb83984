"""TrunkPhoneNumbers against the emulator: a block of numbers assigned, reconciled, refreshed and taken back."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from sinch_est import provider as p
from sinch_est.provider import ProviderError
from sinch_est.provider import trunk_phone_numbers as tpn
from sinch_est.provider._reads import READS
from sinch_est.provider._settings import get_client

PROJECT = "provider-tests"  # the project tests/provider/conftest.py configures
BLOCK = [f"+1415555020{i}" for i in range(10)]
NOT_OWNED = "+14155559999"  # outside the emulator's pool: the API answers 400


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    READS.invalidate()
    yield
    READS.invalidate()


def trunk(host: str) -> str:
    return p.SipTrunkProvider().create({"name": "T", "host_name": host}).id


def on_trunk(emulator: Any, trunk_id: str) -> set[str]:
    return {n["phoneNumber"] for n in emulator.store.objects(PROJECT, "PhoneNumber") if n["sipTrunkId"] == trunk_id}


def create(inputs: dict[str, Any]) -> tuple[p.TrunkPhoneNumbersProvider, str, dict[str, Any]]:
    provider = p.TrunkPhoneNumbersProvider()
    checked = provider.check({}, inputs)
    assert checked.failures == []
    created = provider.create(checked.inputs)
    return provider, created.id, created.outs


def test_create_assigns_every_number_with_one_write_each(configured: Any) -> None:
    trunk_id = trunk("block-a")
    configured.requests.clear()
    _, id_, outs = create({"trunk_id": trunk_id, "phone_numbers": [*reversed(BLOCK), "+46701740005"]})
    assert id_ == f"{trunk_id}/phoneNumbers"
    assert on_trunk(configured, trunk_id) == {*BLOCK, "+46701740005"}
    assert outs["phone_numbers"] == sorted({*BLOCK, "+46701740005"})
    assert outs["country_codes"]["+46701740005"] == "SE" and outs["country_codes"][BLOCK[0]] == "US"
    writes = [r for r in configured.requests.matching("POST") if r.path.endswith("/phoneNumbers")]
    assert len(writes) == 11 and all(r.status == 201 for r in writes)
    assert configured.requests.matching("GET") == [], "a trunk this run created has no numbers to look for"


def test_numbers_already_on_an_older_trunk_are_not_written_again(configured: Any) -> None:
    trunk_id = str(get_client().sip_trunks.create({"name": "T", "host_name": "block-older"})["id"])
    get_client().phone_numbers.assign(BLOCK[0], trunk_id)  # routed there before, by another resource
    configured.requests.clear()
    _, _, outs = create({"trunk_id": trunk_id, "phone_numbers": BLOCK[:3]})
    assert len(configured.requests.matching("POST")) == 2, "only the two numbers not on the trunk yet"
    assert [r.path.rsplit("/", 1)[-1] for r in configured.requests.matching("GET")] == ["phoneNumbers"]
    assert outs["phone_numbers"] == BLOCK[:3] and on_trunk(configured, trunk_id) == set(BLOCK[:3])


def test_create_runs_the_assignments_concurrently(configured: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    trunk_id = trunk("block-fan")
    in_flight = peak = 0
    lock = threading.Lock()
    both_started = threading.Barrier(2, timeout=10)
    assign = tpn.assign_number

    def counting(*args: Any) -> dict[str, Any]:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_started.wait()  # times out, breaking the barrier, unless two run at once
        try:
            return assign(*args)
        finally:
            with lock:
                in_flight -= 1

    monkeypatch.setattr(tpn, "assign_number", counting)
    create({"trunk_id": trunk_id, "phone_numbers": BLOCK})
    assert 2 <= peak <= tpn.FAN_OUT
    assert on_trunk(configured, trunk_id) == set(BLOCK)


def test_a_failed_create_takes_back_what_it_assigned(configured: Any) -> None:
    trunk_id = trunk("block-fail")
    with pytest.raises(ProviderError) as caught:
        create({"trunk_id": trunk_id, "phone_numbers": [*BLOCK[:4], NOT_OWNED]})
    message = str(caught.value)
    assert f"1 of 5 numbers could not be assigned: {NOT_OWNED}" in message
    assert "The 4 assigned in this run were taken back" in message
    assert on_trunk(configured, trunk_id) == set()


def test_update_writes_only_the_difference(configured: Any) -> None:
    trunk_id = trunk("block-upd")
    provider, id_, outs = create({"trunk_id": trunk_id, "phone_numbers": BLOCK[:6]})
    configured.requests.clear()
    news = provider.check(outs, {"trunk_id": trunk_id, "phone_numbers": BLOCK[3:9]}).inputs
    assert provider.diff(id_, outs, news).changes
    updated = provider.update(id_, outs, news)
    assert on_trunk(configured, trunk_id) == set(BLOCK[3:9])
    assert updated.outs["phone_numbers"] == BLOCK[3:9]
    assert set(updated.outs["country_codes"]) == set(BLOCK[3:9])
    posts = configured.requests.matching("POST")
    assert len(posts) == 6, "three assigned, three taken back, the three kept untouched"


def test_update_to_another_route_reassigns_every_number(configured: Any) -> None:
    trunk_id = trunk("block-via")
    provider, id_, outs = create({"trunk_id": trunk_id, "phone_numbers": BLOCK[:2]})
    news = provider.check(outs, {"trunk_id": trunk_id, "phone_numbers": BLOCK[:2], "via": "numbers_api"}).inputs
    configured.requests.clear()
    updated = provider.update(id_, outs, news)
    assert updated.outs["via"] == "NUMBERS_API" and on_trunk(configured, trunk_id) == set(BLOCK[:2])
    assert len(configured.requests.matching("PATCH")) == 2


def test_read_reports_numbers_moved_away_and_gone(configured: Any) -> None:
    trunk_id, other = trunk("block-read"), trunk("block-other")
    provider, id_, outs = create({"trunk_id": trunk_id, "phone_numbers": BLOCK[:3]})
    get_client().phone_numbers.assign(BLOCK[0], other)
    get_client().phone_numbers.unassign(BLOCK[1])
    READS.invalidate()
    read = provider.read(id_, outs)
    assert read.id == id_ and read.outs["phone_numbers"] == [BLOCK[2]] and read.inputs["phone_numbers"] == [BLOCK[2]]
    assert provider.diff(id_, read.outs, outs).changes, "the next up puts them back"
    get_client().phone_numbers.unassign(BLOCK[2])
    READS.invalidate()
    assert provider.read(id_, outs).id == ""


def test_refresh_of_many_blocks_is_one_list(configured: Any) -> None:
    made = [create({"trunk_id": trunk(f"block-r{i}"), "phone_numbers": BLOCK[3 * i : 3 * i + 3]}) for i in range(3)]
    READS.invalidate()
    configured.requests.clear()
    for provider, id_, outs in made:
        assert provider.read(id_, outs).outs["phone_numbers"] == outs["phone_numbers"]
    assert [r.path.rsplit("/", 1)[-1] for r in configured.requests.matching("GET")] == ["phoneNumbers"]


def test_delete_leaves_numbers_that_moved_on(configured: Any) -> None:
    first, second = trunk("block-del-a"), trunk("block-del-b")
    provider, id_, outs = create({"trunk_id": first, "phone_numbers": BLOCK[:4]})
    # A replacement on another trunk (trunk_id replaces) is created before this one is deleted.
    create({"trunk_id": second, "phone_numbers": BLOCK[:2]})
    provider.delete(id_, outs)
    assert on_trunk(configured, first) == set()
    assert on_trunk(configured, second) == set(BLOCK[:2])
    provider.delete(id_, outs)  # deleting again finds nothing to do


def test_adopt_takes_over_assigned_numbers_and_adds_the_rest_when_asked(configured: Any) -> None:
    trunk_id = trunk("block-adopt")
    for number in BLOCK[:3]:
        get_client().phone_numbers.assign(number, trunk_id)
    configured.requests.clear()
    provider = p.TrunkPhoneNumbersProvider()
    with pytest.raises(ProviderError, match="phone_numbers: live"):
        provider.create({"trunk_id": trunk_id, "phone_numbers": BLOCK[:5], "adopt_id": trunk_id})
    assert configured.requests.matching("POST") == [], "two more numbers are a change: none without asking"
    created = provider.create(
        {"trunk_id": trunk_id, "phone_numbers": BLOCK[:5], "adopt_id": trunk_id, "update_on_adopt": True}
    )
    assert created.id == f"{trunk_id}/phoneNumbers" and created.outs["adopt_id"] == trunk_id
    assert on_trunk(configured, trunk_id) == set(BLOCK[:5])
    assert len(configured.requests.matching("POST")) == 2, "only the two missing numbers are written"
    again = provider.create({"trunk_id": trunk_id, "phone_numbers": BLOCK[:2], "adopt_id": created.id})
    assert again.id == created.id, "the resource's own id is accepted too"
    with pytest.raises(ProviderError, match="no object with id"):
        provider.create({"trunk_id": trunk_id, "phone_numbers": BLOCK[:2], "adopt_id": trunk("block-adopt-other")})
