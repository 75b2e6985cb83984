"""Every operation against the emulator over real loopback HTTP, plus its injected faults."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from sinch_est.client import (
    UNSET,
    BadRequestError,
    EstClient,
    NotFoundError,
    RetryPolicy,
    ServerError,
    TransportError,
)
from sinch_est.client._retry import RetryTransport

PROJECT = "client-tests"
NUMBER = "+14155550100"
PASSWORD = "Secret-Passw0rd-1"


@pytest.fixture
def client(emulator: Any) -> Iterator[EstClient]:
    # 20 attempts: at the 30 % fault rates used below, a call fails only with probability 0.3**20.
    with EstClient(
        PROJECT,
        key_id=emulator.key_id,
        key_secret=emulator.key_secret,
        api_url=emulator.url,
        auth_url=emulator.url,
        numbers_url=emulator.url,
        retry=RetryPolicy(attempts=20, backoff_base=0.001, backoff_cap=0.01),
    ) as est:
        yield est


def log(emulator: Any) -> list[tuple[str, str, int]]:
    return [(e.method, e.path, e.status) for e in emulator.requests]


def new_trunk(client: EstClient, host: str = "main") -> dict[str, Any]:
    return client.sip_trunks.create({"name": f"{host} trunk", "host_name": host})


def test_sip_trunk_basic_update_delete(client: EstClient) -> None:
    trunk = new_trunk(client)
    assert trunk["domain"] == "main.pstn.sinch.com" and trunk["calls_per_second"] == 1
    assert datetime.fromisoformat(trunk["create_time"]).tzinfo is not None
    assert client.sip_trunks.get(trunk["id"])["host_name"] == "main"
    assert [t["id"] for t in client.sip_trunks.list()] == [trunk["id"]]
    assert [t["id"] for t in client.sip_trunks.list(domain="main.pstn.sinch.com")] == [trunk["id"]]
    assert list(client.sip_trunks.list(domain="other.pstn.sinch.com")) == []
    updated = client.sip_trunks.update(
        trunk["id"],
        {"name": "renamed", "host_name": "main", "enable_call_forward": True, "call_forward_number": "+14155550199"},
    )
    assert updated["name"] == "renamed" and updated["enable_call_forward"] is True
    kept = client.sip_trunks.update(
        trunk["id"], {"name": "again", "host_name": "main", "enable_call_forward": UNSET, "call_forward_number": UNSET}
    )
    assert kept["call_forward_number"] == "+14155550199"
    client.sip_trunks.delete(trunk["id"])
    with pytest.raises(NotFoundError):
        client.sip_trunks.get(trunk["id"])


def test_sip_trunk_validation_is_a_bad_request_with_field_violations(client: EstClient) -> None:
    with pytest.raises(BadRequestError) as caught:
        client.sip_trunks.create({"name": "x", "host_name": "Not A Label!"})
    assert [field for field, _ in caught.value.field_violations] == ["hostName"]
    assert (caught.value.status_code, caught.value.status) == (400, "INVALID_ARGUMENT")


def test_pagination_over_many_pages(client: EstClient, emulator: Any) -> None:
    created = {new_trunk(client, f"t{i:03}")["id"] for i in range(7)}
    pages = client.sip_trunks._session.paginate("/trunks", ("trunks", "sipTrunks"), size=3)
    assert {t["id"] for t in pages} == created
    assert sum(1 for m, p, _ in log(emulator) if m == "GET" and p.endswith("/trunks")) == 3


def test_sip_endpoints_static_and_registered(client: EstClient) -> None:
    trunk = new_trunk(client)
    static = client.sip_endpoints.create(trunk["id"], {"name": "sbc", "priority": 1, "address": "203.0.113.5"})
    assert static["port"] == 5060 and static["transport"] == "UDP" and static["trunk_id"] == trunk["id"]
    client.credential_lists.create({"name": "agents", "credentials": [{"username": "alice", "password": PASSWORD}]})
    registered = client.sip_endpoints.create(trunk["id"], {"name": "ua", "priority": 2, "credential_username": "alice"})
    assert registered["is_registered"] is True
    assert client.sip_endpoints.get(trunk["id"], static["id"])["address"] == "203.0.113.5"
    assert {e["id"] for e in client.sip_endpoints.list(trunk["id"])} == {static["id"], registered["id"]}
    moved = client.sip_endpoints.update(
        trunk["id"], static["id"], {"name": "sbc", "priority": 3, "address": "203.0.113.6", "port": 5061}
    )
    assert (moved["priority"], moved["address"], moved["port"]) == (3, "203.0.113.6", 5061)
    client.sip_endpoints.delete(trunk["id"], static["id"])
    with pytest.raises(NotFoundError):
        client.sip_endpoints.get(trunk["id"], static["id"])


def test_access_control_lists_ip_ranges_and_trunk_links(client: EstClient) -> None:
    trunk = new_trunk(client)
    acl = client.access_control_lists.create(
        {"name": "office", "enabled": True, "ip_ranges": [{"ip_address": "203.0.113.0", "range": 24}]}
    )
    assert acl["ip_ranges"][0]["range"] == 24
    assert client.access_control_lists.get(acl["id"])["name"] == "office"
    assert [a["id"] for a in client.access_control_lists.list()] == [acl["id"]]
    renamed = client.access_control_lists.update(acl["id"], {"name": "hq", "enabled": False})
    assert renamed["name"] == "hq" and renamed["enabled"] is False and len(renamed["ip_ranges"]) == 1

    added = client.ip_ranges.create(acl["id"], {"ip_address": "198.51.100.7", "description": "home"})
    assert added["range"] == 32 and added["access_control_list_id"] == acl["id"]
    assert {r["ip_address"] for r in client.ip_ranges.list(acl["id"])} == {"203.0.113.0", "198.51.100.7"}
    changed = client.ip_ranges.update(acl["id"], added["id"], {"ip_address": "198.51.100.8", "description": UNSET})
    assert changed["ip_address"] == "198.51.100.8" and changed["description"] == "home"
    client.ip_ranges.delete(acl["id"], added["id"])

    assert client.trunk_access_control_lists.add(trunk["id"], [acl["id"]]) == [acl["id"]]
    assert list(client.trunk_access_control_lists.list(trunk["id"])) == [acl["id"]]
    assert [t["id"] for t in client.access_control_lists.list_trunks(acl["id"])] == [trunk["id"]]
    client.trunk_access_control_lists.remove(trunk["id"], acl["id"])
    assert list(client.trunk_access_control_lists.list(trunk["id"])) == []
    client.access_control_lists.delete(acl["id"])
    with pytest.raises(NotFoundError):
        client.access_control_lists.get(acl["id"])


def test_credential_lists_credentials_and_trunk_links(client: EstClient) -> None:
    trunk = new_trunk(client)
    made = client.credential_lists.create(
        {"name": "agents", "credentials": [{"username": "alice", "password": PASSWORD}]}
    )
    assert [c["username"] for c in made["credentials"]] == ["alice"]
    assert "password" not in made["credentials"][0]
    other = client.credential_lists.create({"name": "others", "credentials": []})
    assert client.credential_lists.get(made["id"])["name"] == "agents"
    assert {c["id"] for c in client.credential_lists.list()} == {made["id"], other["id"]}
    assert client.credential_lists.update(made["id"], {"name": "team"})["name"] == "team"

    bob = client.credentials.upsert(made["id"], "bob", PASSWORD)
    assert bob["username"] == "bob" and bob["credential_list_id"] == made["id"]
    with pytest.raises(BadRequestError):
        client.credentials.upsert(made["id"], "bob", "short")
    client.credentials.delete(made["id"], "bob")
    assert [c["username"] for c in client.credential_lists.get(made["id"])["credentials"]] == ["alice"]

    links = client.trunk_credential_lists
    links.add(trunk["id"], [made["id"]])
    assert list(links.list(trunk["id"])) == [made["id"]]
    assert [t["id"] for t in client.credential_lists.list_trunks(made["id"])] == [trunk["id"]]
    links.replace(trunk["id"], [other["id"]])
    assert list(links.list(trunk["id"])) == [other["id"]]
    links.remove(trunk["id"], other["id"])
    assert list(links.list(trunk["id"])) == []
    client.credential_lists.delete(made["id"])


def test_phone_numbers_assign_list_get_unassign(client: EstClient, emulator: Any) -> None:
    trunk = new_trunk(client)
    assigned = client.phone_numbers.assign(NUMBER, trunk["id"])
    assert assigned["phone_number"] == NUMBER and assigned["trunk_id"] == trunk["id"]
    assert client.phone_numbers.get(NUMBER)["country_code"] == "US"
    assert [n["phone_number"] for n in client.phone_numbers.list(trunk_id=trunk["id"])] == [NUMBER]
    assert any(
        p.endswith("/phoneNumbers/%2B14155550100") or p.endswith(f"/phoneNumbers/{NUMBER}") for _, p, _ in log(emulator)
    )
    with pytest.raises(BadRequestError):
        client.sip_trunks.delete(trunk["id"])  # numbers still assigned
    client.phone_numbers.unassign(NUMBER)
    assert list(client.phone_numbers.list(trunk_id=trunk["id"])) == []
    client.sip_trunks.delete(trunk["id"])


def test_phone_numbers_via_the_numbers_api(client: EstClient) -> None:
    trunk = new_trunk(client)
    result = client.phone_numbers.assign_via_numbers_api(NUMBER, trunk["id"], timeout=10, poll_interval=0.05)
    assert result["trunk_id"] == trunk["id"] and result["country_code"] == "US"
    assert client.phone_numbers.get(NUMBER)["trunk_id"] == trunk["id"]
    client.phone_numbers.unassign_via_numbers_api(NUMBER, timeout=10, poll_interval=0.05)
    assert list(client.phone_numbers.list(trunk_id=trunk["id"])) == []


def test_country_permissions(client: EstClient) -> None:
    permissions = {p["iso_code"]: p for p in client.country_permissions.list()}
    assert permissions["US"]["enabled"] is True and permissions["SE"]["enabled"] is False
    assert client.country_permissions.get("SE")["country_dialing_codes"] == ["+46"]
    assert client.country_permissions.update("SE", True)["enabled"] is True
    assert client.country_permissions.get("SE")["enabled"] is True


def test_call_blocking_rules(client: EstClient) -> None:
    rule = client.call_blocking_rules.create(
        {"name": "no 900", "direction": "OUTBOUND", "callee_country": "US", "callee_match": "1900"}
    )
    assert client.call_blocking_rules.get(rule["id"])["callee_match"] == "1900"
    assert [r["id"] for r in client.call_blocking_rules.list()] == [rule["id"]]
    updated = client.call_blocking_rules.update(rule["id"], {"direction": "OUTBOUND", "callee_match": "1976"})
    assert updated["callee_match"] == "1976" and updated["callee_country"] is None
    client.call_blocking_rules.delete(rule["id"])
    with pytest.raises(NotFoundError):
        client.call_blocking_rules.get(rule["id"])


def test_calls_find_and_export(client: EstClient) -> None:
    calls = list(client.calls.find(create_time_start="2000-01-01"))
    assert calls and all(c["call_id"] for c in calls)
    csv = client.calls.export(create_time_start="2000-01-01")
    header, *rows = csv.splitlines()
    assert header.split(",")[:3] == ["callId", "createTime", "answerTime"] and len(rows) == len(calls)


def test_projects_add(client: EstClient) -> None:
    assert client.projects.add(["another-project"]) == ["another-project"]


def test_expired_token_is_refreshed_exactly_once(client: EstClient, emulator: Any) -> None:
    emulator.auth.token_ttl = 0  # tokens are born expired: the refresh happens once, then we give up
    from sinch_est.client import AuthenticationError

    with pytest.raises(AuthenticationError):
        client.sip_trunks.list().__next__()
    entries = log(emulator)
    assert [s for m, p, s in entries if p.endswith("/oauth2/token")] == [200, 200]
    assert [s for m, p, s in entries if p.endswith("/trunks")] == [401, 401]


def read_until_a_fault_was_retried(client: EstClient, emulator: Any, status: int) -> None:
    """List until an injected fault struck a GET; every list must still succeed (faults are random)."""
    for _ in range(200):
        assert list(client.sip_trunks.list()) == []
        if any(m == "GET" and s == status for m, _, s in log(emulator)):
            return
    pytest.fail(f"no GET was answered with {status} in 200 tries")


def test_injected_503s_are_retried_for_reads_but_not_for_creates(client: EstClient, emulator: Any) -> None:
    list(client.sip_trunks.list())  # the token first, so every later request is an EST one
    emulator.set_faults(fault_503=0.3)
    read_until_a_fault_was_retried(client, emulator, 503)
    emulator.set_faults(fault_503=1.0)
    with pytest.raises(ServerError) as caught:
        new_trunk(client)
    assert caught.value.ambiguous is True and caught.value.status == "UNAVAILABLE"
    assert [s for m, p, s in log(emulator) if m == "POST" and p.endswith("/trunks")] == [503]


def test_dropped_connections_retry_reads_but_not_creates(client: EstClient, emulator: Any) -> None:
    list(client.sip_trunks.list())
    emulator.set_faults(fault_drop=1.0)
    with pytest.raises(TransportError) as caught:
        new_trunk(client)
    assert caught.value.ambiguous is True
    assert [s for m, p, s in log(emulator) if m == "POST" and p.endswith("/trunks")] == [0]
    emulator.set_faults(fault_drop=0.3)
    read_until_a_fault_was_retried(client, emulator, 0)


class SharedClock:
    """One clock for the client's retry waits and the emulator's rate limiter: waiting moves both."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def retrying(emulator: Any, clock: SharedClock, policy: RetryPolicy) -> httpx.Client:
    """What EstClient sends through (its retry transport over HTTP), with the waits on ``clock``."""
    transport = RetryTransport(
        httpx.HTTPTransport(), policy=policy, sleep=clock.sleep, clock=clock, jitter=lambda low, high: high
    )
    return httpx.Client(
        transport=transport,
        base_url=f"{emulator.url}/v1/projects/{PROJECT}",
        auth=(emulator.key_id, emulator.key_secret),
    )


def test_rate_limit_with_retry_after_costs_one_retry_and_a_second(
    emulator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = SharedClock()
    monkeypatch.setattr(emulator.app.injector, "clock", clock)
    emulator.set_faults(rate_limit=1.0, retry_after=1.0)
    with retrying(emulator, clock, RetryPolicy(backoff_base=0.001, backoff_cap=0.01)) as http:
        assert http.get("/trunks").status_code == 200
        assert http.get("/trunks").status_code == 200
    assert [s for _, _, s in log(emulator)] == [200, 429, 200]
    assert clock.sleeps == [1.0], "the wait is the Retry-After, and one token has come back after it"


def test_deadline_is_honoured_under_503s(emulator: Any) -> None:
    emulator.set_faults(fault_503=1.0)
    clock = SharedClock()
    policy = RetryPolicy(attempts=50, deadline=0.6, backoff_base=0.05, backoff_cap=0.2)
    with retrying(emulator, clock, policy) as http:
        assert http.get("/trunks").status_code == 503
    assert clock.sleeps == [0.05, 0.1, 0.2, 0.2], "a fifth wait would end at 0.75 s, past the deadline"
    assert [s for _, _, s in log(emulator)] == [503] * 5
