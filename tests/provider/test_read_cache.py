"""Reads served from a short-lived, single-flight list cache: one list per kind and parent, never a
dropped resource on a failed list, fresh after every write."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from sinch_est import provider as p
from sinch_est.client import RateLimitedError
from sinch_est.provider import ProviderError
from sinch_est.provider._reads import READS, ListCache
from sinch_est.provider._settings import get_client

PASSWORD = "Cache-Passw0rd-1"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    READS.invalidate()
    yield
    READS.invalidate()


def _item(i: int) -> dict[str, Any]:
    return {"id": f"id-{i}", "name": f"n{i}"}


def _innermost(thread: threading.Thread) -> str:
    frame = sys._current_frames().get(thread.ident or -1)
    return frame.f_code.co_name if frame is not None else ""


def test_list_cache_concurrent_reads_share_one_fetch() -> None:
    """Seven readers arrive while the first one's fetch is in flight: they wait for it instead of fetching."""
    cache = ListCache(ttl=60, clock=lambda: 0.0)
    fetches = 0
    fetching, release = threading.Event(), threading.Event()

    def fetch() -> Iterator[dict[str, Any]]:
        nonlocal fetches
        fetches += 1
        fetching.set()
        release.wait()
        return iter([_item(1), _item(2)])

    found: list[Any] = []

    def reader() -> None:
        found.append(cache.items(("k",), fetch, lambda i: i["id"]).get("id-2"))

    first = threading.Thread(target=reader)
    first.start()
    fetching.wait()
    others = [threading.Thread(target=reader) for _ in range(7)]
    for t in others:
        t.start()
    # Each waits inside ``items`` (on the key's lock), or, were the cache not single-flight, inside ``fetch``.
    while not all(_innermost(t) in ("items", "fetch") for t in others):
        threading.Event().wait(0.001)
    release.set()
    for t in (first, *others):
        t.join()
    assert fetches == 1
    assert found == [_item(2)] * 8


def test_list_cache_expires_and_keys_apart() -> None:
    now = [0.0]
    cache = ListCache(ttl=5, clock=lambda: now[0])
    calls: list[str] = []

    def fetch(key: str) -> Any:
        return lambda: calls.append(key) or [_item(1)]

    cache.items(("a",), fetch("a"), lambda i: i["id"])
    cache.items(("b",), fetch("b"), lambda i: i["id"])
    now[0] = 4.9
    cache.items(("a",), fetch("a"), lambda i: i["id"])
    assert calls == ["a", "b"]
    now[0] = 5.0
    cache.items(("a",), fetch("a"), lambda i: i["id"])
    assert calls == ["a", "b", "a"]


def test_list_cache_never_keeps_a_failure_or_an_overtaken_fetch() -> None:
    cache = ListCache(ttl=60)

    def throttled() -> Any:
        raise RateLimitedError(
            status_code=429, status="RESOURCE_EXHAUSTED", message="slow down", method="GET", path="/trunks"
        )

    with pytest.raises(RateLimitedError):
        cache.items(("k",), throttled, lambda i: i["id"])
    assert cache.items(("k",), lambda: [_item(1)], lambda i: i["id"]) == {"id-1": _item(1)}

    def overtaken() -> Any:
        cache.invalidate()  # a write lands while the list is on its way
        return [_item(2)]

    cache.invalidate()
    assert "id-2" in cache.items(("k",), overtaken, lambda i: i["id"])
    assert cache.items(("k",), lambda: [_item(3)], lambda i: i["id"]) == {"id-3": _item(3)}


def _estate() -> dict[str, Any]:
    """Two trunks, each with a static endpoint, two numbers and an ACL link, made through the providers."""
    made: dict[str, Any] = {"trunks": [], "endpoints": [], "numbers": [], "links": []}
    for n, host in enumerate(("cache-a", "cache-b")):
        trunk = p.SipTrunkProvider().create({"name": host, "host_name": host})
        made["trunks"].append(trunk)
        endpoint = p.SipEndpointProvider().create(
            {"trunk_id": trunk.id, "name": "sbc", "priority": 1, "address": "192.0.2.1"}
        )
        made["endpoints"].append(endpoint)
        for number in (f"+1415555018{n}", f"+1415555019{n}"):
            made["numbers"].append(
                p.PhoneNumberAssignmentProvider().create({"trunk_id": trunk.id, "phone_number": number})
            )
        acl = p.AccessControlListProvider().create(
            {"name": host, "ip_ranges": [{"ip_address": "203.0.113.0", "range": 24}]}
        )
        link = p.TrunkAccessControlListProvider().create({"trunk_id": trunk.id, "access_control_list_id": acl.id})
        made["links"].append(link)
    return made


READERS = {
    "trunks": p.SipTrunkProvider,
    "endpoints": p.SipEndpointProvider,
    "numbers": p.PhoneNumberAssignmentProvider,
    "links": p.TrunkAccessControlListProvider,
}


def test_refresh_reads_one_list_per_kind_and_parent(configured: Any) -> None:
    made = _estate()
    configured.requests.clear()
    for kind, cls in READERS.items():
        for created in made[kind]:
            read = cls().read(created.id, created.outs)
            assert read.id == created.id
            assert {k: v for k, v in read.outs.items() if k != "update_time"} == {
                k: v for k, v in created.outs.items() if k != "update_time"
            }
    gets = sorted(r.path.split("/", 4)[4] for r in configured.requests.matching("GET"))
    trunk_a, trunk_b = (t.id for t in made["trunks"])
    assert gets == sorted(
        [
            "accessControlLists",  # each ACL names its trunks: it answers the links of every trunk
            "phoneNumbers",
            "trunks",
            f"trunks/{trunk_a}/endpoints",
            f"trunks/{trunk_b}/endpoints",
        ]
    ), "one list per kind and parent, no GET per object"


def test_read_of_an_object_gone_out_of_band_is_confirmed_by_its_own_404(configured: Any) -> None:
    made = _estate()
    number = made["numbers"][0]
    endpoint = made["endpoints"][0]
    get_client().phone_numbers.unassign(number.id)
    get_client().sip_endpoints.delete(endpoint.outs["trunk_id"], endpoint.id)
    configured.requests.clear()
    assert p.PhoneNumberAssignmentProvider().read(number.id, number.outs).id == ""
    assert p.SipEndpointProvider().read(endpoint.id, endpoint.outs).id == ""
    statuses = {(r.path.rsplit("/", 1)[-1], r.status) for r in configured.requests.matching("GET")}
    assert (number.id, 404) in statuses and (endpoint.id, 404) in statuses


def test_a_throttled_list_fails_the_read_and_never_drops_the_resource(configured: Any) -> None:
    made = _estate()
    trunk = made["trunks"][0]
    configured.set_faults(fault_429=1.0, retry_after=0)
    with pytest.raises(ProviderError, match=r"429|RESOURCE_EXHAUSTED|rate"):
        p.SipTrunkProvider().read(trunk.id, trunk.outs)
    configured.set_faults()
    assert p.SipTrunkProvider().read(trunk.id, trunk.outs).id == trunk.id


def test_writes_through_the_provider_refresh_the_cache_at_once(configured: Any) -> None:
    provider = p.SipTrunkProvider()
    trunk = provider.create({"name": "before", "host_name": "cache-write"})
    assert provider.read(trunk.id, trunk.outs).outs["name"] == "before"
    news = {"name": "after", "host_name": "cache-write"}
    updated = provider.update(trunk.id, trunk.outs, news)
    assert provider.read(trunk.id, updated.outs).outs["name"] == "after"
    provider.delete(trunk.id, updated.outs)
    assert provider.read(trunk.id, updated.outs).id == ""
