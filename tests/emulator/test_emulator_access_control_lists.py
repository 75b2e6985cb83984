"""Access control lists, IP ranges and trunk links: defaults, CIDR strings, PUT, link rules, delete guard."""

from __future__ import annotations

import httpx
from emulator_harness import error, make_acl, make_trunk
from emulator_harness import violations as violations_of

from sinch_est.schema import validators


def test_access_control_list_defaults_and_generated_ranges(api: httpx.Client) -> None:
    response = api.post("/accessControlLists", json={"name": "office", "ipRanges": [{"ipAddress": "15.15.15.15"}]})
    assert response.status_code == 200
    acl = response.json()
    assert acl["enabled"] is True and acl["trunks"] == [] and acl["updateTime"] is None
    [ip_range] = acl["ipRanges"]
    assert ip_range["range"] == 32 and ip_range["accessControlListId"] == acl["id"] and len(ip_range["id"]) == 26
    assert ip_range["description"] is None


def test_access_control_list_cidr_strings_fail_to_read(api: httpx.Client) -> None:
    response = api.post("/accessControlLists", json={"name": "office", "ipRanges": ["203.0.113.10/32"]})
    body = error(response, 400, "VALIDATION_FAILED")
    assert body["message"] == "Failed to read HTTP message"
    assert body["details"][0]["fieldViolations"] == [{"field": "ipRanges[0]", "description": "expected an object"}]


def test_access_control_list_check_failures(api: httpx.Client) -> None:
    assert set(violations_of(api.post("/accessControlLists", json={"name": "x"}))) == {"ipRanges"}
    empty = violations_of(api.post("/accessControlLists", json={"name": "x", "ipRanges": []}))
    assert "at least one IP range" in empty["ipRanges"]
    bad = [{"ipAddress": "203.0.113.0/24"}, {"ipAddress": "1.2.3.4", "range": 33}, {"ipAddress": "300.1.1.1"}]
    found = violations_of(api.post("/accessControlLists", json={"name": "x", "ipRanges": bad}))
    assert found == {
        "ipRanges[0].ipAddress": validators.ipv4_address("203.0.113.0/24"),
        "ipRanges[1].range": validators.in_range(1, 32)(33),
        "ipRanges[2].ipAddress": validators.ipv4_address("300.1.1.1"),
    }


def test_access_control_list_update_keeps_or_replaces_ranges(api: httpx.Client) -> None:
    acl = make_acl(api, "10.0.0.1", "10.0.0.2")
    path = f"/accessControlLists/{acl['id']}"
    kept = api.put(path, json={"name": "renamed"}).json()
    assert kept["enabled"] is True and kept["ipRanges"] == acl["ipRanges"] and kept["updateTime"] is not None
    replaced = api.put(
        path,
        json={
            "name": "r",
            "enabled": False,
            "ipRanges": [{"ipAddress": "10.0.0.2", "range": 32}, {"ipAddress": "10.0.0.3"}],
        },
    ).json()
    assert replaced["enabled"] is False
    assert [r["ipAddress"] for r in replaced["ipRanges"]] == ["10.0.0.2", "10.0.0.3"]
    assert replaced["ipRanges"][0]["id"] == acl["ipRanges"][1]["id"], "an unchanged range keeps its id"


def test_ip_range_routes(api: httpx.Client) -> None:
    acl = make_acl(api)
    base = f"/accessControlLists/{acl['id']}/ipRanges"
    added = api.post(base, json={"ipAddress": "198.51.100.7", "description": "home"}).json()
    assert added["range"] == 32 and added["accessControlListId"] == acl["id"]
    updated = api.put(f"{base}/{added['id']}", json={"ipAddress": "198.51.100.8", "range": 31}).json()
    assert updated["description"] is None and updated["range"] == 31 and updated["updateTime"] is not None
    assert [r["ipAddress"] for r in api.get(base).json()["ipRanges"]] == ["203.0.113.10", "198.51.100.8"]
    assert api.delete(f"{base}/{added['id']}").status_code == 204
    error(api.delete(f"{base}/{added['id']}"), 404, "NOT_FOUND")
    error(api.get(f"{base}/{acl['ipRanges'][0]['id']}"), 405, "METHOD_NOT_ALLOWED")  # no GET of one range
    error(
        api.post("/accessControlLists/01HZZZZZZZZZZZZZZZZZZZZZZZ/ipRanges", json={"ipAddress": "1.1.1.1"}),
        404,
        "NOT_FOUND",
    )


def test_trunk_access_control_list_links_append_echo_and_are_idempotent(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    one, two = make_acl(api, name="one"), make_acl(api, name="two")
    path = f"/trunks/{trunk['id']}/accessControlLists"
    assert api.post(path, json={"accessControlListIds": [one["id"]]}).json() == {"accessControlListIds": [one["id"]]}
    echoed = api.post(path, json={"accessControlListIds": [two["id"], one["id"]]}).json()
    assert echoed == {"accessControlListIds": [two["id"], one["id"]]}, "only the request's ids are echoed"
    listed = api.get(path).json()
    assert listed["accessControlListIds"] == [one["id"], two["id"]] and listed["totalItems"] == 2
    assert api.get(f"/accessControlLists/{one['id']}/trunks").json()["trunks"][0]["id"] == trunk["id"]
    error(api.post(path, json={"accessControlListIds": ["01HZZZZZZZZZZZZZZZZZZZZZZZ"]}), 404, "NOT_FOUND")
    assert api.get(path).json()["totalItems"] == 2, "a refused request links nothing"
    error(api.put(path, json={"accessControlListIds": []}), 405, "METHOD_NOT_ALLOWED")  # no bulk replace
    assert api.delete(f"{path}/{one['id']}").status_code == 204
    error(api.delete(f"{path}/{one['id']}"), 404, "NOT_FOUND")


def test_access_control_list_linked_to_a_trunk_cannot_be_deleted(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    acl = make_acl(api)
    api.post(f"/trunks/{trunk['id']}/accessControlLists", json={"accessControlListIds": [acl["id"]]})
    body = error(api.delete(f"/accessControlLists/{acl['id']}"), 400, "FAILED_PRECONDITION")
    assert body["message"] == "Access Control List cannot be deleted while attached to a SIP Trunk"
    api.delete(f"/trunks/{trunk['id']}/accessControlLists/{acl['id']}")
    assert api.delete(f"/accessControlLists/{acl['id']}").status_code == 204
    error(api.get(f"/accessControlLists/{acl['id']}/ipRanges"), 404, "NOT_FOUND")
