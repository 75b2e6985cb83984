"""Phone numbers: POST /phoneNumbers upsert, the legacy trunk routes, the pool, and the Numbers API subset."""

from __future__ import annotations

import httpx
from emulator_harness import NUMBER, PROJECT, Clock, assign, error, make_trunk
from emulator_harness import violations as violations_of

from sinch_est.emulator import EmulatorServer
from sinch_est.schema import validators

SWEDISH = "+46701740005"


def test_phone_number_assign_is_an_upsert_by_number(api: httpx.Client) -> None:
    one, two = make_trunk(api, "one"), make_trunk(api, "two")
    response = assign(api, NUMBER, one["id"])
    assert response.status_code == 201
    first = response.json()
    assert (first["sipTrunkId"], first["countryCode"], first["updateTime"]) == (one["id"], "US", None)
    moved = assign(api, NUMBER, two["id"]).json()
    assert moved["id"] == first["id"] and moved["sipTrunkId"] == two["id"] and moved["updateTime"] is not None
    listed = api.get("/phoneNumbers").json()
    assert [n["phoneNumber"] for n in listed["phoneNumbers"]] == [NUMBER] and listed["totalItems"] == 1
    assert api.get("/phoneNumbers", params={"sipTrunkId": one["id"]}).json()["phoneNumbers"] == []
    assert assign(api, SWEDISH, one["id"]).json()["countryCode"] == "SE"


def test_phone_number_unassign_with_an_empty_trunk_id(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    assign(api, NUMBER, trunk["id"])
    removed = assign(api, NUMBER, "")
    assert removed.status_code == 201 and removed.json()["sipTrunkId"] == ""
    assert api.get("/phoneNumbers").json()["phoneNumbers"] == []
    assert assign(api, NUMBER, "").status_code == 201, "unassigning twice is fine"


def test_phone_number_get_accepts_raw_plus_and_percent_2b(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    record = assign(api, NUMBER, trunk["id"]).json()
    assert api.get(f"/phoneNumbers/{NUMBER}").json() == record
    assert api.get("/phoneNumbers/%2B14155550100").json() == record
    assert api.get(f"/phoneNumbers/{record['id']}").json() == record
    error(api.get("/phoneNumbers/+14155550101"), 404, "NOT_FOUND")  # owned but unassigned (§12.14)


def test_phone_number_outside_the_pool_or_invalid_is_400(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    foreign = violations_of(assign(api, "+12025550100", trunk["id"]))
    assert "not a phone number of this project" in foreign["phoneNumber"]
    assert violations_of(assign(api, "555-0100", trunk["id"])) == {"phoneNumber": validators.e164("555-0100")}
    found = violations_of(api.post("/phoneNumbers", json={"phoneNumber": NUMBER}))
    assert set(found) == {"sipTrunkId"}
    error(assign(api, NUMBER, "01HZZZZZZZZZZZZZZZZZZZZZZZ"), 404, "NOT_FOUND")


def test_phone_number_legacy_trunk_routes(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    path = f"/trunks/{trunk['id']}/phoneNumbers"
    single = api.post(path, json={"phoneNumber": NUMBER})
    assert single.status_code == 201 and single.json()["sipTrunkId"] == trunk["id"]
    many = api.post(path, json={"phoneNumbers": ["+14155550101", "+14155550102"]}).json()
    assert [n["phoneNumber"] for n in many["phoneNumbers"]] == ["+14155550101", "+14155550102"]
    assert api.get("/phoneNumbers").json()["totalItems"] == 3
    body = error(api.get(path), 404, "NO_RESOURCE_FOUND")
    assert body["message"] == f"No static resource v1/projects/{PROJECT}/trunks/{trunk['id']}/phoneNumbers."
    bad = violations_of(api.post(path, json={"phoneNumbers": ["+14155550103", "nope"]}))
    assert bad == {"phoneNumbers[1]": validators.e164("nope")}
    error(api.request("DELETE", path, json={"phoneNumber": "+14155550109"}), 404, "NOT_FOUND")
    assert api.request("DELETE", path, json={"phoneNumbers": ["+14155550101", NUMBER]}).status_code == 204
    assert [n["phoneNumber"] for n in api.get("/phoneNumbers").json()["phoneNumbers"]] == ["+14155550102"]


def _active(api: httpx.Client, number: str) -> dict[str, object]:
    response = api.get(f"/activeNumbers/{number}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_numbers_api_assignment_is_scheduled_then_applied(
    emulator: EmulatorServer, api: httpx.Client, clock: Clock
) -> None:
    trunk = make_trunk(api)
    body = {"displayName": "Support", "voiceConfiguration": {"type": "EST", "trunkId": trunk["id"]}}
    patched = api.patch(f"/activeNumbers/{NUMBER}", json=body).json()
    scheduled = patched["voiceConfiguration"]["scheduledVoiceProvisioning"]
    assert (scheduled["type"], scheduled["trunkId"], scheduled["status"]) == ("EST", trunk["id"], "WAITING")
    assert scheduled["lastUpdatedTime"].endswith("Z") and patched["displayName"] == "Support"
    clock.advance(emulator.store.provisioning_delay * 0.9)
    assert api.get("/phoneNumbers").json()["phoneNumbers"] == [], "not before the provisioning delay"
    waiting = _active(api, NUMBER)["voiceConfiguration"]
    assert isinstance(waiting, dict) and waiting["scheduledVoiceProvisioning"]["status"] == "WAITING"
    clock.advance(emulator.store.provisioning_delay)
    voice = _active(api, "%2B14155550100")["voiceConfiguration"]
    assert isinstance(voice, dict)
    assert (voice["type"], voice["trunkId"], voice["scheduledVoiceProvisioning"]) == ("EST", trunk["id"], None)
    [number] = api.get("/phoneNumbers").json()["phoneNumbers"]
    assert number["phoneNumber"] == NUMBER and number["sipTrunkId"] == trunk["id"]
    error(api.delete(f"/trunks/{trunk['id']}"), 400, "FAILED_PRECONDITION")


def test_numbers_api_mirrors_est_assignments_and_unassigns(emulator: EmulatorServer, api: httpx.Client) -> None:
    emulator.store.provisioning_delay = 0
    trunk = make_trunk(api)
    assert _active(api, NUMBER)["voiceConfiguration"] == {
        "type": "RTC",
        "appId": "",
        "lastUpdatedTime": None,
        "scheduledVoiceProvisioning": None,
    }
    assign(api, NUMBER, trunk["id"])
    voice = _active(api, NUMBER)["voiceConfiguration"]
    assert isinstance(voice, dict) and voice["trunkId"] == trunk["id"]
    patched = api.patch(f"/activeNumbers/{NUMBER}", json={"voiceConfiguration": {"type": "RTC", "appId": "app-1"}})
    assert patched.json()["voiceConfiguration"]["type"] == "RTC"
    assert api.get("/phoneNumbers").json()["phoneNumbers"] == []


def test_numbers_api_errors_are_wrapped_and_404_outside_the_pool(api: httpx.Client) -> None:
    response = api.get("/activeNumbers/+12025550100")
    assert response.status_code == 404 and response.json()["error"]["status"] == "NOT_FOUND"
    bad = api.patch(f"/activeNumbers/{NUMBER}", json={"voiceConfiguration": {"type": "SIP"}})
    assert bad.status_code == 400
    [detail] = bad.json()["error"]["details"]
    assert detail["fieldViolations"][0]["field"] == "voiceConfiguration.type"
    unknown = api.patch(f"/activeNumbers/{NUMBER}", json={"voiceConfiguration": {"type": "EST", "trunkId": "nope"}})
    assert unknown.json()["error"]["details"][0]["fieldViolations"][0]["field"] == "voiceConfiguration.trunkId"
