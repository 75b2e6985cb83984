"""Project-wide objects: country permissions, call blocking rules, call history and its export, projects."""

from __future__ import annotations

import csv
import io

import httpx
from emulator_harness import PROJECT, error
from emulator_harness import violations as violations_of

from sinch_est.emulator import EmulatorServer
from sinch_est.schema import CALL_BLOCKING_RULE, validators


def test_country_permissions_seeded_with_us_and_ca_enabled(api: httpx.Client) -> None:
    body = api.get("/countryPermissions").json()
    assert set(body) == {"countryPermissions"}, "not paginated"
    permissions = {p["isoCode"]: p for p in body["countryPermissions"]}
    assert len(permissions) >= 50
    assert {iso for iso, p in permissions.items() if p["enabled"]} == {"US", "CA"}
    assert permissions["SE"] == {
        "isoCode": "SE",
        "name": "Sweden",
        "continent": "Europe",
        "countryDialingCodes": ["+46"],
        "enabled": False,
    }


def test_country_permission_update_and_errors(emulator: EmulatorServer, api: httpx.Client) -> None:
    assert api.put("/countryPermissions/se", json={"enabled": True}).json()["enabled"] is True
    assert api.get("/countryPermissions/SE").json()["enabled"] is True
    other = httpx.get(
        f"{emulator.url}/v1/projects/other/countryPermissions/SE", auth=(emulator.key_id, emulator.key_secret)
    )
    assert other.json()["enabled"] is False, "each project has its own permissions"
    assert set(violations_of(api.put("/countryPermissions/SE", json={}))) == {"enabled"}
    error(api.get("/countryPermissions/XX"), 404, "NOT_FOUND")
    error(api.post("/countryPermissions", json={"isoCode": "XX"}), 405, "METHOD_NOT_ALLOWED")


def test_call_blocking_rule_basic_update_delete(api: httpx.Client) -> None:
    response = api.post(
        "/callBlockingRules",
        json={"name": "Block calls from US", "direction": "inbound", "callerCountry": "US", "callerMatch": "123"},
    )
    assert response.status_code == 200
    rule = response.json()
    assert rule["direction"] == "INBOUND", "any case accepted, echoed in the spec's upper case"
    assert (rule["calleeCountry"], rule["calleeMatch"], rule["updateTime"]) == (None, None, None)
    listed = api.get("/callBlockingRules").json()
    assert listed["callBlockingRules"] == [rule] and listed["totalItems"] == 1
    updated = api.put(f"/callBlockingRules/{rule['id']}", json={"direction": "OUTBOUND", "calleeMatch": "1900"}).json()
    assert (updated["callerCountry"], updated["name"], updated["calleeMatch"]) == (None, None, "1900")
    error(api.get(f"/callBlockingRules/{rule['id']}"), 405, "METHOD_NOT_ALLOWED")  # the API has no GET by id
    assert api.delete(f"/callBlockingRules/{rule['id']}").status_code == 204
    error(api.delete(f"/callBlockingRules/{rule['id']}"), 404, "NOT_FOUND")


def test_call_blocking_rule_check_failures(api: httpx.Client) -> None:
    found = violations_of(api.post("/callBlockingRules", json={"callerCountry": "usa", "calleeMatch": "12a"}))
    assert found == {
        "direction": f"is required: {CALL_BLOCKING_RULE.field('direction').description}",
        "callerCountry": validators.country_code("usa"),
        "calleeMatch": validators.prefix_digits("12a"),
    }
    assert violations_of(api.post("/callBlockingRules", json={"direction": "SIDEWAYS"})) == {
        "direction": "'SIDEWAYS' is not one of INBOUND, OUTBOUND"
    }


def _calls(api: httpx.Client, **params: str) -> list[dict[str, object]]:
    response = api.get("/calls", params=params)
    assert response.status_code == 200, response.text
    return list(response.json()["calls"])


def test_calls_fixture_history_and_filters(emulator: EmulatorServer, api: httpx.Client) -> None:
    every = _calls(api)
    assert len(every) == 6 and all(c["projectId"] == PROJECT for c in every)
    assert every == _calls(api), "stable for a project"
    assert [c["to"] for c in _calls(api, to="+1201")] == ["+12017777777", "+12017777778"]
    assert len(_calls(api, **{"from": "+1415"})) == 3
    raw_plus = api.get("/calls?from=+1415").json()["calls"]  # the SDK's unencoded '+' decodes to a space
    assert len(raw_plus) == 3 and emulator.requests[-1].query == "from=+1415"
    assert {c["callResult"] for c in _calls(api, callResult="busy,FAILED")} == {"BUSY", "FAILED"}
    assert {c["direction"] for c in _calls(api, direction="inbound")} == {"INBOUND"}
    assert len(_calls(api, trunkId=str(every[0]["trunkId"]))) == 6 and _calls(api, trunkId="nope") == []
    assert len(_calls(api, createTime="2024-06-06T17")) == 1
    assert len(_calls(api, **{"createTime>": "2024-06-06T19"})) == 3
    assert len(_calls(api, **{"createTime>": "2024-06-06T18", "createTime<": "2024-06-06T19"})) == 2
    emulator.store.add_call(
        PROJECT, {"from": "+46701740001", "to": "+14155550100", "direction": "INBOUND", "callResult": "COMPLETED"}
    )
    assert len(_calls(api)) == 7
    page = api.get("/calls", params={"size": 4, "page": 2}).json()
    assert (len(page["calls"]), page["totalItems"], page["pageSize"]) == (3, 7, 4)
    assert api.get("/calls", params={"size": 1000}).status_code == 200
    assert set(violations_of(api.get("/calls", params={"size": 1001}))) == {"size"}


def test_calls_export_is_csv_with_a_file_name(api: httpx.Client) -> None:
    response = api.get("/calls/export", params={"callResult": "COMPLETED"}, headers={"Accept": "text/plain"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="EST_call_records.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2 and {r["callResult"] for r in rows} == {"COMPLETED"}
    named = api.get("/calls/export", params={"fileName": "june.csv", "toCountryCode": "SE"})
    assert 'filename="june.csv"' in named.headers["content-disposition"] and len(named.text.splitlines()) == 2


def test_call_pcap_is_a_capture_file(api: httpx.Client) -> None:
    pcap_id = _calls(api)[0]["pcapId"]
    response = api.get(f"/calls/records/{pcap_id}/pcap")
    assert response.status_code == 200 and response.headers["content-type"] == "application/octet-stream"
    assert response.content[:4] == bytes.fromhex("d4c3b2a1") and len(response.content) == 24
    error(api.get("/calls/records/0a81e938-07bd-1240-8487-0ecf41868d11/pcap"), 404, "NOT_FOUND")


def test_add_projects_ignores_known_ones(api: httpx.Client) -> None:
    assert api.post("/addProjects", json={"projectIds": ["a", "b"]}).json() == {"addedProjects": ["a", "b"]}
    assert api.post("/addProjects", json={"projectIds": ["b", "c", PROJECT]}).json() == {"addedProjects": ["c"]}
    assert set(violations_of(api.post("/addProjects", json={}))) == {"projectIds"}
