"""SIP trunks: defaults, PUT replaces, validation in the schema's words, host-name uniqueness, delete rules."""

from __future__ import annotations

import httpx
from emulator_harness import NUMBER, PROJECT, assign, error, make_acl, make_credential_list, make_endpoint, make_trunk
from emulator_harness import violations as violations_of

from sinch_est.emulator import EmulatorServer
from sinch_est.schema import SIP_TRUNK, validate, validators


def test_sip_trunk_basic_defaults_and_computed_fields(api: httpx.Client) -> None:
    trunk = make_trunk(api, "acme", id="ignored", domain="ignored", callsPerSecond=99, projectId="other")
    assert trunk["id"] != "ignored" and len(trunk["id"]) == 26
    assert trunk["domain"] == "acme.pstn.sinch.com" and trunk["topLevelDomain"] == "pstn.sinch.com"
    assert trunk["callsPerSecond"] == 1 and trunk["projectId"] == PROJECT
    assert (trunk["enableCallerName"], trunk["enableCallForward"], trunk["callForwardNumber"]) == (False, False, "")
    assert trunk["updateTime"] is None and trunk["createTime"].endswith("Z")
    assert api.get(f"/trunks/{trunk['id']}").json() == trunk


def test_sip_trunk_update_replaces_the_whole_object_and_recomputes_the_domain(api: httpx.Client) -> None:
    trunk = make_trunk(api, "acme", enableCallerName=True, enableCallForward=True, callForwardNumber="+14155550199")
    response = api.put(f"/trunks/{trunk['id']}", json={"name": "renamed", "hostName": "acme-2"})
    assert response.status_code == 200
    updated = response.json()
    assert updated["domain"] == "acme-2.pstn.sinch.com"
    assert (updated["enableCallerName"], updated["enableCallForward"], updated["callForwardNumber"]) == (
        False,
        False,
        "",
    )
    assert updated["createTime"] == trunk["createTime"] and updated["updateTime"] is not None
    assert updated["callsPerSecond"] == 1
    # The old host name is free again; the new one is taken.
    make_trunk(api, "acme")
    error(api.post("/trunks", json={"name": "x", "hostName": "acme-2"}), 409, "ALREADY_EXISTS")


def test_sip_trunk_duplicate_host_name_is_409_even_across_projects(emulator: EmulatorServer, api: httpx.Client) -> None:
    make_trunk(api, "taken")
    body = error(api.post("/trunks", json={"name": "x", "hostName": "taken"}), 409, "ALREADY_EXISTS")
    assert "taken.pstn.sinch.com" in body["message"]
    other = api.post(f"{emulator.url}/v1/projects/another/trunks", json={"name": "x", "hostName": "taken"})
    error(other, 409, "ALREADY_EXISTS")
    assert emulator.store.objects("another", "SipTrunk") == []
    assert "another" not in emulator.store.project_ids(), "a refused write does not create the project"


def test_sip_trunk_check_failures_use_the_schema_reasons_and_wire_names(api: httpx.Client) -> None:
    bad = {"name": "", "hostName": "Not_A_Label", "enableCallForward": True}
    found = violations_of(api.post("/trunks", json=bad))
    expected = validate(SIP_TRUNK, {"name": "", "host_name": "Not_A_Label", "enable_call_forward": True})
    assert found == {SIP_TRUNK.field(v.field).wire: v.reason for v in expected}
    assert set(found) == {"name", "hostName", "callForwardNumber"}
    assert found["hostName"] == validators.dns_label("Not_A_Label")


def test_sip_trunk_required_fields_on_create_and_update(api: httpx.Client) -> None:
    found = violations_of(api.post("/trunks", json={}))
    assert set(found) == {"name", "hostName"} and all(r.startswith("is required") for r in found.values())
    trunk = make_trunk(api)
    assert set(violations_of(api.put(f"/trunks/{trunk['id']}", json={"name": "only"}))) == {"hostName"}


def test_sip_trunk_wrong_json_type_is_failed_to_read_http_message(api: httpx.Client) -> None:
    body = error(
        api.post("/trunks", json={"name": "x", "hostName": "ok", "enableCallerName": "yes"}), 400, "VALIDATION_FAILED"
    )
    assert body["message"] == "Failed to read HTTP message"
    assert body["details"][0]["fieldViolations"] == [
        {"field": "enableCallerName", "description": "expected true or false, got str"}
    ]
    for raw in (b"{not json", b"", b"[1, 2]"):
        response = api.post("/trunks", content=raw, headers={"content-type": "application/json"})
        assert error(response, 400, "VALIDATION_FAILED")["message"] == "Failed to read HTTP message"


def test_sip_trunk_unknown_id_is_404_not_found(api: httpx.Client) -> None:
    missing = "01HZZZZZZZZZZZZZZZZZZZZZZZ"
    for response in (
        api.get(f"/trunks/{missing}"),
        api.put(f"/trunks/{missing}", json={"name": "x", "hostName": "x"}),
        api.delete(f"/trunks/{missing}"),
        api.get(f"/trunks/{missing}/endpoints"),
    ):
        assert error(response, 404, "NOT_FOUND")["message"] == f"SIP trunk '{missing}' was not found"


def test_sip_trunk_with_numbers_cannot_be_deleted(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    assert assign(api, NUMBER, trunk["id"]).status_code == 201
    body = error(api.delete(f"/trunks/{trunk['id']}"), 400, "FAILED_PRECONDITION")
    assert body["message"] == f"Cannot delete SIP Trunk {trunk['id']} when there are phone numbers assigned"
    assert assign(api, NUMBER, "").status_code == 201
    assert api.delete(f"/trunks/{trunk['id']}").status_code == 204


def test_sip_trunk_delete_cascades_endpoints_and_links(emulator: EmulatorServer, api: httpx.Client) -> None:
    trunk = make_trunk(api)
    make_endpoint(api, trunk["id"])
    acl = make_acl(api)
    cl = make_credential_list(api, "alice")
    api.post(f"/trunks/{trunk['id']}/accessControlLists", json={"accessControlListIds": [acl["id"]]})
    api.post(f"/trunks/{trunk['id']}/credentialLists", json={"credentialListIds": [cl["id"]]})
    response = api.delete(f"/trunks/{trunk['id']}")
    assert response.status_code == 204 and response.content == b""
    assert emulator.store.objects(PROJECT, "SipEndpoint") == []
    assert api.get(f"/accessControlLists/{acl['id']}").json()["trunks"] == []
    assert api.get(f"/credentialLists/{cl['id']}/trunks").json()["trunks"] == []
    assert api.delete(f"/accessControlLists/{acl['id']}").status_code == 204
    make_trunk(api)  # the host name is free again


def test_sip_trunk_list_filters_by_domain_and_paginates(api: httpx.Client) -> None:
    ids = [make_trunk(api, f"t{i}")["id"] for i in range(5)]
    page = api.get("/trunks", params={"page": 2, "size": 2}).json()
    assert [t["id"] for t in page["trunks"]] == ids[2:4]
    assert (page["totalItems"], page["pageNumber"], page["pageSize"], page["size"]) == (5, 2, 2, 2)
    legacy = api.get("/trunks", params={"page": 3, "pageSize": 2}).json()
    assert [t["id"] for t in legacy["trunks"]] == ids[4:] and legacy["pageSize"] == 2
    assert api.get("/trunks", params={"page": 9}).json()["trunks"] == []
    found = api.get("/trunks", params={"domain": "t3.pstn.sinch.com"}).json()
    assert [t["id"] for t in found["sipTrunks"]] == [ids[3]] and found["totalItems"] == 1
    ordered = api.get("/trunks", params={"sort": "hostName,(descending)"}).json()["trunks"]
    assert [t["hostName"] for t in ordered] == ["t4", "t3", "t2", "t1", "t0"]


def test_sip_trunk_page_size_limits(api: httpx.Client) -> None:
    assert api.get("/trunks", params={"size": 500}).status_code == 200
    found = violations_of(api.get("/trunks", params={"size": 501, "page": 0}))
    assert found == {"size": validators.in_range(1, 500)(501), "page": validators.in_range(1)(0)}
    assert violations_of(api.get("/trunks", params={"size": "many"})) == {"size": "'many' is not a whole number"}
