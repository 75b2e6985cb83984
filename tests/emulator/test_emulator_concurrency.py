"""Concurrent clients: 200 requests from many threads, and the store's consistency under them."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from emulator_harness import PROJECT, make_trunk

from sinch_est.emulator import EmulatorServer, EstError


def test_200_concurrent_requests_without_error(emulator: EmulatorServer, api: httpx.Client) -> None:
    trunk = make_trunk(api)
    local = threading.local()

    def client() -> httpx.Client:
        if not hasattr(local, "client"):
            local.client = httpx.Client(
                base_url=f"{emulator.url}/v1/projects/{PROJECT}",
                auth=(emulator.key_id, emulator.key_secret),
                timeout=30,
            )
            clients.append(local.client)
        return local.client  # type: ignore[no-any-return]

    def one(index: int) -> int:
        kind = index % 4
        if kind == 0:
            return client().post("/trunks", json={"name": f"t{index}", "hostName": f"t{index}"}).status_code
        if kind == 1:
            return client().get(f"/trunks/{trunk['id']}").status_code
        if kind == 2:
            number = f"+1415555{1000 + index:04}"
            return client().post("/phoneNumbers", json={"sipTrunkId": trunk["id"], "phoneNumber": number}).status_code
        return client().get("/trunks", params={"size": 10}).status_code

    clients: list[httpx.Client] = []
    try:
        with ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(one, range(200)))
    finally:
        for c in clients:
            c.close()
    assert [s for s in statuses if s >= 300] == []
    assert len(emulator.store.objects(PROJECT, "SipTrunk")) == 1 + 50
    assert len(emulator.store.objects(PROJECT, "PhoneNumber")) == 50
    assert len(emulator.requests.matching(project_id=PROJECT)) == 1 + 200


def test_store_is_consistent_under_racing_writers(emulator: EmulatorServer) -> None:
    store = emulator.store
    trunks = [store.create("race", "SipTrunk", {"name": "t", "hostName": f"race-{i}"})["id"] for i in range(8)]
    barrier = threading.Barrier(8)

    def assign_all(trunk_id: str) -> None:
        barrier.wait()
        for offset in range(50):
            store.create("race", "PhoneNumber", {"sipTrunkId": trunk_id, "phoneNumber": f"+1415555{offset:04}"})

    def take_host(index: int) -> bool:
        try:
            store.create("race", "SipTrunk", {"name": "dup", "hostName": "contested"})
        except EstError as exc:
            assert exc.code == 409
            return False
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(assign_all, trunks))
        winners = list(pool.map(take_host, range(8)))
    numbers = store.objects("race", "PhoneNumber")
    assert len(numbers) == 50 and len({n["phoneNumber"] for n in numbers}) == 50
    assert sum(len(store.list("race", "PhoneNumber", filters={"sipTrunkId": t})) for t in trunks) == 50
    assert winners.count(True) == 1, "exactly one racer gets a contested host name"
