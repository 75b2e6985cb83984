"""The Numbers API list of a project's numbers: filters, token paging, error bodies, the EST assignment."""

from __future__ import annotations

from typing import Any

import httpx
from emulator_harness import NUMBER, assign, make_trunk

from sinch_est.emulator import EmulatorServer, parse_phone_numbers
from sinch_est.emulator._numbers import ACTIVE_NUMBERS_PAGE_SIZE

SWEDISH = parse_phone_numbers("+46701740000..+46701740199")
US = parse_phone_numbers("+14155550000..+14155551999")


def _page(api: httpx.Client, **params: Any) -> dict[str, Any]:
    response = api.get("/activeNumbers", params=params)
    assert response.status_code == 200, response.text
    body = dict(response.json())
    assert set(body) == {"activeNumbers", "nextPageToken", "totalSize"}, body
    return body


def _walk(api: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """Every page, the way the official SDKs go: follow ``nextPageToken`` while it is not empty."""
    pages = [_page(api, **params)]
    while pages[-1]["nextPageToken"]:
        pages.append(_page(api, **params, pageToken=pages[-1]["nextPageToken"]))
    return pages


def _violations(response: httpx.Response) -> dict[str, str]:
    """The field violations of a Numbers API 400, whose error body is wrapped under ``error``."""
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert (error["code"], error["status"]) == (400, "INVALID_ARGUMENT"), error
    [detail] = error["details"]
    return {v["field"]: v["description"] for v in detail["fieldViolations"]}


def test_active_numbers_pages_follow_tokens_to_the_end(api: httpx.Client) -> None:
    pages = _walk(api, regionCode="SE", pageSize=75)
    assert [len(p["activeNumbers"]) for p in pages] == [75, 75, 50]
    assert {p["totalSize"] for p in pages} == {200}
    assert [p["nextPageToken"] == "" for p in pages] == [False, False, True]
    listed = [n["phoneNumber"] for p in pages for n in p["activeNumbers"]]
    assert listed == sorted(SWEDISH), "every Swedish number once, in phone-number order"
    first = pages[0]["activeNumbers"][0]
    assert (first["regionCode"], first["type"], first["projectId"]) == ("SE", "LOCAL", "emulator-tests")


def test_active_numbers_default_page_size_and_cap(api: httpx.Client) -> None:
    everything = _page(api)
    assert len(everything["activeNumbers"]) == ACTIVE_NUMBERS_PAGE_SIZE["default"]
    assert everything["totalSize"] == len(US) + len(SWEDISH)
    capped = _page(api, pageSize=ACTIVE_NUMBERS_PAGE_SIZE["max"] + 1)
    assert len(capped["activeNumbers"]) == ACTIVE_NUMBERS_PAGE_SIZE["max"] and capped["nextPageToken"]
    assert len(_page(api, pageSize=0)["activeNumbers"]) == ACTIVE_NUMBERS_PAGE_SIZE["default"]


def test_active_numbers_a_token_may_change_the_page_size(api: httpx.Client) -> None:
    first = _page(api, regionCode="SE", pageSize=150)
    rest = _page(api, regionCode="SE", pageSize=20, pageToken=first["nextPageToken"])
    assert [n["phoneNumber"] for n in rest["activeNumbers"]] == sorted(SWEDISH)[150:170]


def test_active_numbers_filters(api: httpx.Client) -> None:
    assert _page(api, regionCode="US", pageSize=1)["totalSize"] == len(US)
    for number_type, expected in (("LOCAL", len(US) + len(SWEDISH)), ("MOBILE", 0), ("TOLL_FREE", 0)):
        assert _page(api, type=number_type)["totalSize"] == expected, number_type
    empty = _page(api, regionCode="GB")
    assert (empty["activeNumbers"], empty["nextPageToken"], empty["totalSize"]) == ([], "", 0)
    both = _page(api, regionCode="SE", capability=["SMS", "VOICE"])
    assert both["totalSize"] == len(SWEDISH)
    assert _page(api, regionCode="SE", capabilities="VOICE")["totalSize"] == len(SWEDISH), "the Python SDK's name"
    start = _page(api, **{"numberPattern.pattern": "+4670174001", "numberPattern.searchPattern": "START"})
    assert [n["phoneNumber"] for n in start["activeNumbers"]] == [f"+4670174001{d}" for d in range(10)]
    end = _page(api, **{"numberPattern.pattern": "0199", "numberPattern.searchPattern": "END"})
    assert [n["phoneNumber"] for n in end["activeNumbers"]] == ["+14155550199", "+46701740199"]
    contains = _page(api, **{"numberPattern.pattern": "5551999"})
    assert [n["phoneNumber"] for n in contains["activeNumbers"]] == ["+14155551999"]


def test_active_numbers_order_by_display_name(api: httpx.Client) -> None:
    for number, name in (("+46701740007", "b sales"), ("+46701740003", "a support")):
        assert api.patch(f"/activeNumbers/{number}", json={"displayName": name}).status_code == 200
    by_name = _page(api, regionCode="SE", orderBy="displayName", pageSize=1000)["activeNumbers"]
    assert [(n["phoneNumber"], n["displayName"]) for n in by_name[-2:]] == [
        ("+46701740003", "a support"),
        ("+46701740007", "b sales"),
    ]
    assert [n["phoneNumber"] for n in by_name[:2]] == ["+46701740000", "+46701740001"], "unnamed first, by number"


def test_active_numbers_bad_filters_are_400_naming_each(api: httpx.Client) -> None:
    response = api.get(
        "/activeNumbers",
        params={
            "regionCode": "usa",
            "type": "FIXED",
            "capability": "MMS",
            "orderBy": "price",
            "pageSize": "-1",
            "numberPattern.pattern": "12ab",
            "numberPattern.searchPattern": "SOMEWHERE",
        },
    )
    found = _violations(response)
    assert set(found) == {
        "regionCode",
        "type",
        "capability[0]",
        "orderBy",
        "pageSize",
        "numberPattern.pattern",
        "numberPattern.searchPattern",
    }
    assert found["type"] == "'FIXED' is not one of MOBILE, LOCAL, TOLL_FREE"
    assert "ISO 3166-1 alpha-2" in found["regionCode"]
    assert _violations(api.get("/activeNumbers", params={"pageSize": "ten"})) == {
        "pageSize": "'ten' is not a whole number"
    }
    assert set(_violations(api.get("/activeNumbers", params=[("type", "LOCAL"), ("type", "MOBILE")]))) == {"type"}


def test_active_numbers_bad_page_token(api: httpx.Client) -> None:
    for garbage in ("not-a-token!", "bm90IGEgbnVtYmVy", "MTA6"):
        found = _violations(api.get("/activeNumbers", params={"pageToken": garbage}))
        assert list(found) == ["pageToken"], garbage
    swedish = _page(api, regionCode="SE", pageSize=10)["nextPageToken"]
    other = _violations(api.get("/activeNumbers", params={"regionCode": "US", "pageToken": swedish}))
    assert "issued for other filters" in other["pageToken"]
    assert _page(api, regionCode="SE", pageToken=swedish)["activeNumbers"][0]["phoneNumber"] == SWEDISH[10]


def test_active_numbers_show_the_est_assignment_in_voice_configuration(
    emulator: EmulatorServer, api: httpx.Client
) -> None:
    trunk, other = make_trunk(api, "one"), make_trunk(api, "two")
    assert assign(api, NUMBER, trunk["id"]).status_code == 201
    emulator.store.provisioning_delay = 3600  # stays scheduled for the whole test
    patched = api.patch(
        "/activeNumbers/+14155550102", json={"voiceConfiguration": {"type": "EST", "trunkId": other["id"]}}
    )
    assert patched.status_code == 200, patched.text
    page = _page(api, **{"numberPattern.pattern": "+1415555010", "numberPattern.searchPattern": "START"})
    voices = {n["phoneNumber"]: n["voiceConfiguration"] for n in page["activeNumbers"]}
    assert (voices[NUMBER]["type"], voices[NUMBER]["trunkId"]) == ("EST", trunk["id"])
    assert voices[NUMBER]["scheduledVoiceProvisioning"] is None
    assert voices["+14155550101"]["type"] == "RTC", "an unassigned number"
    scheduled = voices["+14155550102"]["scheduledVoiceProvisioning"]
    assert (scheduled["type"], scheduled["trunkId"], scheduled["status"]) == ("EST", other["id"], "WAITING")
    assert [n for p in _walk(api) for n in p["activeNumbers"] if n["voiceConfiguration"]["type"] == "EST"] == [
        n for n in page["activeNumbers"] if n["phoneNumber"] == NUMBER
    ]


def test_active_numbers_of_a_project_that_never_wrote(emulator: EmulatorServer) -> None:
    response = httpx.get(
        f"{emulator.url}/v1/projects/fresh-project/activeNumbers",
        params={"regionCode": "SE", "pageSize": 1},
        auth=(emulator.key_id, emulator.key_secret),
    )
    assert response.status_code == 200 and response.json()["totalSize"] == len(SWEDISH)
    assert emulator.store.project_ids() == [], "a read creates no project"
