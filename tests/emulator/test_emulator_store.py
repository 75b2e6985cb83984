"""The store's Python API that tests and demos use: seeding, inspection, ids, and the app factory."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

from sinch_est.emulator import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, EmulatorServer, EstError, Faults, Store, create_app
from sinch_est.emulator._ids import new_id
from sinch_est.schema import SIP_TRUNK


def test_store_seeds_through_the_api_rules_and_inspects(emulator: EmulatorServer) -> None:
    store = emulator.store
    trunk = store.create("seeded", SIP_TRUNK, {"name": "t", "hostName": "seeded"})
    assert trunk["domain"] == "seeded.pstn.sinch.com"
    endpoint = store.create("seeded", "SipEndpoint", {"name": "e", "priority": 1, "address": "h"}, parent=trunk["id"])
    store.create("seeded", "PhoneNumber", {"sipTrunkId": trunk["id"], "phoneNumber": "+14155550100"})
    assert store.object("seeded", "SipEndpoint", endpoint["id"], parent=trunk["id"]) == endpoint
    assert store.object("seeded", "SipTrunk", "missing") is None
    assert store.object("seeded", "PhoneNumber", "+14155550100")["sipTrunkId"] == trunk["id"]  # type: ignore[index]
    assert store.objects("seeded", "SipEndpoint") == [endpoint]
    assert store.count() == 3 and store.project_ids() == ["seeded"]
    with pytest.raises(EstError) as refused:
        store.create("seeded", "SipTrunk", {"name": "t", "hostName": "Bad Host"})
    assert refused.value.code == 400 and refused.value.violations[0][0] == "hostName"
    with pytest.raises(ValueError, match="unknown object kind"):
        store.objects("seeded", "Trunk")
    # Seeded objects are what the HTTP API serves.
    response = httpx.get(
        f"{emulator.url}/v1/projects/seeded/trunks/{trunk['id']}", auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)
    )
    assert response.json() == trunk


def test_store_returns_copies(emulator: EmulatorServer) -> None:
    trunk = emulator.store.create("p", "SipTrunk", {"name": "t", "hostName": "t"})
    trunk["name"] = "changed by the caller"
    emulator.store.objects("p", "SipTrunk")[0]["name"] = "again"
    assert emulator.store.get("p", "SipTrunk", trunk["id"])["name"] == "t"


def test_store_links_inspection(emulator: EmulatorServer) -> None:
    store = emulator.store
    trunk = store.create("p", "SipTrunk", {"name": "t", "hostName": "t"})
    acl = store.create("p", "AccessControlList", {"name": "a", "ipRanges": [{"ipAddress": "10.0.0.1"}]})
    store.create("p", "TrunkAccessControlList", {"accessControlListIds": [acl["id"]]}, parent=trunk["id"])
    assert store.objects("p", "TrunkAccessControlList") == [{"trunkId": trunk["id"], "accessControlListId": acl["id"]}]
    assert [a["id"] for a in store.objects("p", "TrunkAccessControlList", parent=trunk["id"])] == [acl["id"]]
    assert [t["id"] for t in store.trunks_using("p", "AccessControlList", acl["id"])] == [trunk["id"]]


def test_ids_are_increasing_ulids() -> None:
    ids = [new_id() for _ in range(1000)]
    assert ids == sorted(ids) and len(set(ids)) == 1000 and all(len(i) == 26 for i in ids)


def test_create_app_is_a_plain_asgi_app() -> None:
    app = create_app(store=Store(phone_numbers=["+14155550100"]), faults=Faults())
    auth = (DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)

    async def scenario() -> tuple[int, int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://emulator", auth=auth) as client:
            created = await client.post("/v1/projects/p/trunks", json={"name": "t", "hostName": "t"})
            body = {"sipTrunkId": created.json()["id"], "phoneNumber": "+14155550101"}
            assigned = await client.post("/v1/projects/p/phoneNumbers", json=body)
            return created.status_code, assigned.status_code

    assert asyncio.run(scenario()) == (201, 400), "only the configured pool can be assigned"
    assert app.requests.matching("POST", "/v1/projects/p/trunks")[0].status == 201


def test_server_stops_cleanly_and_another_one_starts() -> None:
    threads = set(threading.enumerate())
    server = EmulatorServer()
    with server:
        first = server.url
        with pytest.raises(RuntimeError, match="already running"):
            server.start()
    with EmulatorServer() as again:
        assert httpx.get(f"{again.url}/v1/projects/p/trunks", auth=(again.key_id, again.key_secret)).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{first}/v1/projects/p/trunks")
    assert set(threading.enumerate()) <= threads, "no thread outlives its server"
