"""Every operation's request and response shapes, derived from the schema (over MockTransport)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from client_harness import BASE, NUMBERS, Router, json_response

from sinch_est.client import UNSET, EstClient, NotFoundError, ProvisioningError

MakeClient = Callable[..., EstClient]

TRUNK_WIRE = {
    "id": "T1",
    "name": "main",
    "hostName": "main",
    "domain": "main.pstn.sinch.com",
    "topLevelDomain": "pstn.sinch.com",
    "callsPerSecond": 1,
    "enableCallerName": False,
    "projectId": "proj-1",
    "createTime": "2024-06-06T14:42:42.820177628Z",
    "updateTime": None,
}


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content)


def test_sip_trunk_create_sends_only_given_writable_fields_and_maps_back(make_client: MakeClient) -> None:
    router = Router({"POST /trunks": json_response(201, TRUNK_WIRE)})
    trunk = make_client(router).sip_trunks.create({"name": "main", "host_name": "main", "domain": "ignored"})
    assert body_of(router.requests[0]) == {"name": "main", "hostName": "main"}
    assert trunk["id"] == "T1" and trunk["host_name"] == "main" and trunk["domain"] == "main.pstn.sinch.com"
    assert trunk["create_time"] == "2024-06-06T14:42:42.820177628Z"  # the wire string is kept


def test_sip_trunk_update_sends_the_whole_writable_object(make_client: MakeClient) -> None:
    router = Router({"PUT /trunks/T1": TRUNK_WIRE})
    make_client(router).sip_trunks.update("T1", {"name": "main", "host_name": "main"})
    assert body_of(router.requests[0]) == {
        "name": "main",
        "hostName": "main",
        "enableCallerName": False,
        "enableCallForward": False,
        "callForwardNumber": "",
    }


def test_unset_keeps_the_servers_value(make_client: MakeClient) -> None:
    current = {**TRUNK_WIRE, "enableCallerName": True, "callForwardNumber": "+14155550100"}
    router = Router({"GET /trunks/T1": current, "PUT /trunks/T1": current})
    make_client(router).sip_trunks.update(
        "T1", {"name": "new", "host_name": "main", "enable_caller_name": UNSET, "call_forward_number": UNSET}
    )
    assert [r.method for r in router.requests] == ["GET", "PUT"]
    sent = body_of(router.requests[1])
    assert sent["enableCallerName"] is True and sent["callForwardNumber"] == "+14155550100"
    assert sent["name"] == "new"


def test_unset_in_a_create_leaves_the_field_to_the_api(make_client: MakeClient) -> None:
    router = Router({"POST /trunks": json_response(201, TRUNK_WIRE)})
    make_client(router).sip_trunks.create({"name": "main", "host_name": "main", "enable_caller_name": UNSET})
    assert body_of(router.requests[0]) == {"name": "main", "hostName": "main"}


def test_sip_trunk_get_list_delete(make_client: MakeClient) -> None:
    router = Router(
        {
            "GET /trunks/T1": TRUNK_WIRE,
            "GET /trunks": {"trunks": [TRUNK_WIRE], "totalItems": 1, "pageNumber": 1, "size": 500},
            "DELETE /trunks/T1": ...,
        }
    )
    client = make_client(router)
    assert client.sip_trunks.get("T1")["name"] == "main"
    assert [t["id"] for t in client.sip_trunks.list(domain="main.pstn.sinch.com")] == ["T1"]
    client.sip_trunks.delete("T1")
    assert router.requests[1].url.params == httpx.QueryParams(
        {"domain": "main.pstn.sinch.com", "page": "1", "size": "500"}
    )


def test_sip_endpoints_registered_and_static(make_client: MakeClient) -> None:
    endpoint = {"id": "E1", "sipTrunkId": "T1", "name": "sbc", "priority": 1, "isRegistered": True}
    router = Router(
        {
            "POST /trunks/T1/endpoints": json_response(201, endpoint),
            "GET /trunks/T1/endpoints/E1": endpoint,
            "GET /trunks/T1/endpoints": {
                "endpoints": [endpoint],
                "totalItems": 1,
                "pageNumber": 1,
                "size": 500,
            },
            "PUT /trunks/T1/endpoints/E1": endpoint,
            "DELETE /trunks/T1/endpoints/E1": ...,
        }
    )
    endpoints = make_client(router).sip_endpoints
    created = endpoints.create("T1", {"trunk_id": "T1", "name": "sbc", "priority": 1, "credential_username": "u1"})
    assert body_of(router.requests[0]) == {
        "name": "sbc",
        "priority": 1,
        "credentialUsername": "u1",
        "isRegistered": True,
    }
    assert created["trunk_id"] == "T1" and created["is_registered"] is True
    endpoints.create("T1", {"name": "sbc", "priority": 2, "address": "203.0.113.5", "port": 5061})
    assert body_of(router.requests[1]) == {
        "name": "sbc",
        "priority": 2,
        "address": "203.0.113.5",
        "port": 5061,
    }
    assert endpoints.get("T1", "E1")["id"] == "E1"
    assert [e["id"] for e in endpoints.list("T1")] == ["E1"]
    endpoints.update("T1", "E1", {"name": "sbc", "priority": 1, "address": "203.0.113.5"})
    assert body_of(router.requests[-1]) == {
        "name": "sbc",
        "priority": 1,
        "transport": "UDP",
        "enabled": True,
        "address": "203.0.113.5",
        "port": 5060,
    }
    endpoints.delete("T1", "E1")


ACL_WIRE = {
    "id": "A1",
    "name": "office",
    "enabled": True,
    "ipRanges": [{"id": "R1", "ipAddress": "203.0.113.0", "range": 24, "accessControlListId": "A1"}],
}


def test_access_control_lists(make_client: MakeClient) -> None:
    router = Router(
        {
            "POST /accessControlLists": ACL_WIRE,
            "GET /accessControlLists/A1": ACL_WIRE,
            "GET /accessControlLists": {"accessControlLists": [ACL_WIRE], "totalItems": 1},
            "PUT /accessControlLists/A1": ACL_WIRE,
            "DELETE /accessControlLists/A1": ...,
            "GET /accessControlLists/A1/trunks": {"trunks": [TRUNK_WIRE], "totalItems": 1},
        }
    )
    acls = make_client(router).access_control_lists
    created = acls.create({"name": "office", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 24}]})
    assert body_of(router.requests[0]) == {
        "name": "office",
        "ipRanges": [{"ipAddress": "203.0.113.0", "range": 24}],
    }
    assert created["ip_ranges"][0] == {
        "id": "R1",
        "ip_address": "203.0.113.0",
        "range": 24,
        "access_control_list_id": "A1",
        "description": None,
        "project_id": None,
        "create_time": None,
        "update_time": None,
    }
    assert acls.get("A1")["name"] == "office"
    assert [a["id"] for a in acls.list()] == ["A1"]
    acls.update("A1", {"name": "office", "ip_ranges": [{"ip_address": "198.51.100.1"}]})
    assert body_of(router.requests[-1]) == {"name": "office", "enabled": True}
    assert [t["host_name"] for t in acls.list_trunks("A1")] == ["main"]
    acls.delete("A1")


def test_ip_ranges(make_client: MakeClient) -> None:
    wire = ACL_WIRE["ipRanges"][0]  # type: ignore[index]
    router = Router(
        {
            "POST /accessControlLists/A1/ipRanges": wire,
            "GET /accessControlLists/A1/ipRanges": {"ipRanges": [wire], "totalItems": 1},
            "PUT /accessControlLists/A1/ipRanges/R1": wire,
            "DELETE /accessControlLists/A1/ipRanges/R1": ...,
        }
    )
    ranges = make_client(router).ip_ranges
    assert ranges.create("A1", {"ip_address": "203.0.113.0", "range": 24})["id"] == "R1"
    assert body_of(router.requests[0]) == {"ipAddress": "203.0.113.0", "range": 24}
    assert [r["ip_address"] for r in ranges.list("A1")] == ["203.0.113.0"]
    ranges.update("A1", "R1", {"ip_address": "203.0.113.0", "description": UNSET})
    assert body_of(router.requests[-1]) == {"ipAddress": "203.0.113.0", "range": 32}
    ranges.delete("A1", "R1")


def test_trunk_access_control_lists(make_client: MakeClient) -> None:
    router = Router(
        {
            "POST /trunks/T1/accessControlLists": {"accessControlListIds": ["A1"]},
            "GET /trunks/T1/accessControlLists": {"accessControlListIds": ["A1", "A2"], "totalItems": 2},
            "DELETE /trunks/T1/accessControlLists/A1": ...,
        }
    )
    links = make_client(router).trunk_access_control_lists
    assert links.add("T1", ["A1"]) == ["A1"]
    assert body_of(router.requests[0]) == {"accessControlListIds": ["A1"]}
    assert list(links.list("T1")) == ["A1", "A2"]
    links.remove("T1", "A1")


def test_credential_lists_and_credentials(make_client: MakeClient) -> None:
    wire = {"id": "C1", "name": "agents", "credentials": [{"id": "X1", "username": "u1"}]}
    router = Router(
        {
            "POST /credentialLists": wire,
            "GET /credentialLists/C1": wire,
            "GET /credentialLists": {"credentialLists": [wire], "totalItems": 1},
            "PUT /credentialLists/C1": wire,
            "DELETE /credentialLists/C1": ...,
            "GET /credentialLists/C1/trunks": {"trunks": [TRUNK_WIRE]},
            "PUT /credentialLists/C1/credentials/u%201": {"id": "X2", "username": "u 1"},
            "DELETE /credentialLists/C1/credentials/u%201": ...,
        }
    )
    client = make_client(router)
    created = client.credential_lists.create(
        {"name": "agents", "credentials": [{"username": "u1", "password": "Secret-Passw0rd"}]}
    )
    assert body_of(router.requests[0]) == {
        "name": "agents",
        "credentials": [{"username": "u1", "password": "Secret-Passw0rd"}],
    }
    assert created["credentials"] == [{"id": "u1", "username": "u1", "credential_id": "X1", "credential_list_id": None}]
    assert client.credential_lists.get("C1")["name"] == "agents"
    assert [c["id"] for c in client.credential_lists.list()] == ["C1"]
    client.credential_lists.update("C1", {"name": "agents", "credentials": [{"username": "u2", "password": "x"}]})
    assert body_of(router.requests[-1]) == {"name": "agents"}
    assert [t["id"] for t in client.credential_lists.list_trunks("C1")] == ["T1"]
    upserted = client.credentials.upsert("C1", "u 1", "Secret-Passw0rd")
    assert body_of(router.requests[-1]) == {"password": "Secret-Passw0rd"}
    assert upserted == {"id": "u 1", "username": "u 1", "credential_id": "X2", "credential_list_id": "C1"}
    client.credentials.delete("C1", "u 1")
    client.credential_lists.delete("C1")


@pytest.mark.parametrize(
    "listing",
    [
        {"credentialListIds": ["C1", "C2"], "totalItems": 2},
        {"credentialLists": [{"id": "C1", "name": "a"}, {"id": "C2", "name": "b"}], "totalItems": 2},
    ],
    ids=["ids", "objects"],
)
def test_trunk_credential_lists(make_client: MakeClient, listing: dict[str, Any]) -> None:
    router = Router(
        {
            "POST /trunks/T1/credentialLists": {"credentialListIds": ["C1"]},
            "GET /trunks/T1/credentialLists": listing,
            "PUT /trunks/T1/credentialLists": {"credentialListIds": ["C2"]},
            "DELETE /trunks/T1/credentialLists/C1": ...,
        }
    )
    links = make_client(router).trunk_credential_lists
    assert links.add("T1", ["C1"]) == ["C1"]
    assert list(links.list("T1")) == ["C1", "C2"]
    assert links.replace("T1", ["C2"]) == ["C2"]
    assert body_of(router.requests[-1]) == {"credentialListIds": ["C2"]}
    links.remove("T1", "C1")


NUMBER_WIRE = {"id": "N1", "phoneNumber": "+15552229999", "sipTrunkId": "T1", "countryCode": "US"}


def test_phone_numbers_are_percent_encoded_and_mapped(make_client: MakeClient) -> None:
    router = Router(
        {
            "GET /phoneNumbers/%2B15552229999": NUMBER_WIRE,
            "GET /phoneNumbers": {"phoneNumbers": [NUMBER_WIRE], "totalItems": 1},
            "POST /phoneNumbers": json_response(201, NUMBER_WIRE),
        }
    )
    numbers = make_client(router).phone_numbers
    got = numbers.get("+15552229999")
    assert router.requests[0].url.raw_path == f"{BASE}/phoneNumbers/%2B15552229999".encode()
    assert got == {
        "id": "N1",
        "phone_number": "+15552229999",
        "trunk_id": "T1",
        "country_code": "US",
        "create_time": None,
        "update_time": None,
    }
    assert [n["phone_number"] for n in numbers.list(trunk_id="T1")] == ["+15552229999"]
    assert router.requests[1].url.params["sipTrunkId"] == "T1"
    assert numbers.assign("+15552229999", "T1")["trunk_id"] == "T1"
    assert body_of(router.requests[-1]) == {"phoneNumber": "+15552229999", "sipTrunkId": "T1"}
    numbers.unassign("+15552229999")
    assert body_of(router.requests[-1]) == {"phoneNumber": "+15552229999", "sipTrunkId": ""}


def test_phone_number_assignment_is_retried_because_it_is_idempotent(make_client: MakeClient) -> None:
    answers: list[httpx.Response | Exception] = [httpx.ReadTimeout("slow"), json_response(201, NUMBER_WIRE)]

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert make_client(handler).phone_numbers.assign("+15552229999", "T1")["id"] == "N1"


class NumbersApi:
    """The Numbers API's active number, provisioning asynchronously for ``delay_polls`` GETs."""

    def __init__(self, delay_polls: int = 2, outcome: str = "DONE") -> None:
        self.delay_polls = delay_polls
        self.outcome = outcome
        self.voice: dict[str, Any] = {"type": "RTC", "appId": "app"}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        assert request.url.host == "numbers.test"
        assert request.url.raw_path == b"/v1/projects/proj-1/activeNumbers/%2B15552229999"
        if request.method == "PATCH":
            self.wanted = json.loads(request.content)["voiceConfiguration"]
            self.polls = 0
        else:
            self.polls += 1
        if self.polls >= self.delay_polls and self.outcome == "DONE":
            self.voice = dict(self.wanted)
        else:
            status = "FAILED" if self.outcome == "FAILED" and self.polls else "WAITING"
            self.voice = {**self.voice, "scheduledVoiceProvisioning": {**self.wanted, "status": status}}
        return json_response(200, {"phoneNumber": "+15552229999", "regionCode": "US", "voiceConfiguration": self.voice})


def test_assign_via_numbers_api_waits_for_provisioning(make_client: MakeClient) -> None:
    api = NumbersApi(delay_polls=2)
    result = make_client(api).phone_numbers.assign_via_numbers_api("+15552229999", "T1", poll_interval=0.01)
    assert result == {"phone_number": "+15552229999", "trunk_id": "T1", "country_code": "US"}
    assert [r.method for r in api.requests] == ["PATCH", "GET", "GET"]
    assert json.loads(api.requests[0].content) == {"voiceConfiguration": {"type": "EST", "trunkId": "T1"}}
    assert str(api.requests[0].url).startswith(NUMBERS)


def test_unassign_via_numbers_api(make_client: MakeClient) -> None:
    api = NumbersApi(delay_polls=1)
    make_client(api).phone_numbers.unassign_via_numbers_api("+15552229999", poll_interval=0.01)
    assert json.loads(api.requests[0].content) == {"voiceConfiguration": {"type": "RTC", "appId": ""}}


def test_numbers_api_past_the_deadline_raises_clearly(make_client: MakeClient) -> None:
    api = NumbersApi(delay_polls=10_000)
    with pytest.raises(ProvisioningError, match=r"\+15552229999 was not assigned to trunk T1 within 0.1s"):
        make_client(api).phone_numbers.assign_via_numbers_api("+15552229999", "T1", timeout=0.1, poll_interval=0.02)


def test_numbers_api_failure_raises(make_client: MakeClient) -> None:
    with pytest.raises(ProvisioningError, match="FAILED"):
        make_client(NumbersApi(outcome="FAILED")).phone_numbers.assign_via_numbers_api(
            "+15552229999", "T1", poll_interval=0.01
        )


def test_country_permissions(make_client: MakeClient) -> None:
    se = {
        "isoCode": "SE",
        "name": "Sweden",
        "continent": "Europe",
        "countryDialingCodes": ["+46"],
        "enabled": False,
    }
    router = Router(
        {
            "GET /countryPermissions": {"countryPermissions": [se]},
            "GET /countryPermissions/SE": se,
            "PUT /countryPermissions/SE": {**se, "enabled": True},
        }
    )
    permissions = make_client(router).country_permissions
    assert [p["iso_code"] for p in permissions.list()] == ["SE"]
    assert "page" not in router.requests[0].url.params
    assert permissions.get("SE")["country_dialing_codes"] == ["+46"]
    assert permissions.update("SE", True)["enabled"] is True
    assert body_of(router.requests[-1]) == {"enabled": True}


def test_call_blocking_rules(make_client: MakeClient) -> None:
    rule = {"id": "B1", "name": "no US", "direction": "inbound", "callerCountry": "US", "callerMatch": "123"}
    router = Router(
        {
            "POST /callBlockingRules": rule,
            "GET /callBlockingRules": {"callBlockingRules": [rule], "totalItems": 1},
            "PUT /callBlockingRules/B1": rule,
            "DELETE /callBlockingRules/B1": ...,
        }
    )
    rules = make_client(router).call_blocking_rules
    rules.create({"name": "no US", "direction": "INBOUND", "caller_country": "US", "caller_match": "123"})
    assert body_of(router.requests[0]) == {
        "name": "no US",
        "direction": "INBOUND",
        "callerCountry": "US",
        "callerMatch": "123",
    }
    assert rules.get("B1")["caller_country"] == "US"
    with pytest.raises(NotFoundError, match="no call blocking rule with id 'B9'"):
        rules.get("B9")
    assert [r["id"] for r in rules.list()] == ["B1"]
    rules.update("B1", {"direction": "INBOUND", "caller_country": UNSET})
    assert body_of(router.requests[-1]) == {"direction": "INBOUND", "callerCountry": "US"}
    rules.delete("B1")


def test_calls_find_and_export(make_client: MakeClient) -> None:
    call = {
        "callId": "N00DL3C4T5",
        "from": "sip:12015555555@76.184.202.212",
        "to": "12017777777",
        "trunkId": "T1",
    }
    router = Router(
        {
            "GET /calls": {"calls": [call], "totalItems": 1, "pageNumber": "1", "size": 100},
            "GET /calls/export": httpx.Response(200, text="callId,from\nN00DL3C4T5,x\n"),
        }
    )
    calls = make_client(router).calls
    found = list(
        calls.find(
            trunk_id="T1",
            from_="+1201",
            call_result=["COMPLETED", "FAILED"],
            create_time_start="2024-06-01",
            create_time_end="2024-06-30",
            page_size=100,
        )
    )
    assert found[0]["call_id"] == "N00DL3C4T5" and found[0]["from_"].startswith("sip:")
    assert dict(router.requests[0].url.params) == {
        "trunkId": "T1",
        "from": "+1201",
        "callResult": "COMPLETED,FAILED",
        "createTime>": "2024-06-01",
        "createTime<": "2024-06-30",
        "page": "1",
        "size": "100",
    }
    assert b"from=%2B1201" in router.requests[0].url.raw_path
    csv = calls.export(trunk_id="T1", emergency_only=False, from_country_code="US")
    assert csv.startswith("callId,from")
    assert dict(router.requests[1].url.params) == {
        "trunkId": "T1",
        "emergencyOnly": "false",
        "fromCountryCode": "US",
    }
    assert "text/csv" in router.requests[1].headers["accept"]


def test_projects_add(make_client: MakeClient) -> None:
    router = Router({"POST /addProjects": {"addedProjects": ["p2"]}})
    assert make_client(router).projects.add(["p2", "p3"]) == ["p2"]
    assert body_of(router.requests[0]) == {"projectIds": ["p2", "p3"]}
