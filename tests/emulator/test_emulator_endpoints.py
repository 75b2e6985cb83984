"""SIP endpoints: static and registered kinds, defaults, PUT semantics, CREDENTIAL_NOT_FOUND."""

from __future__ import annotations

import httpx
from emulator_harness import error, make_credential_list, make_endpoint, make_trunk
from emulator_harness import violations as violations_of

from sinch_est.schema import SIP_ENDPOINT, validators


def test_sip_endpoint_static_defaults(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    endpoint = make_endpoint(api, trunk["id"], address="127.0.0.1", priority=2, sipTrunkId="ignored")
    assert endpoint["sipTrunkId"] == trunk["id"]
    assert (endpoint["port"], endpoint["transport"], endpoint["enabled"]) == (5060, "UDP", True)
    assert endpoint["isRegistered"] is False and "credentialUsername" not in endpoint
    assert endpoint["updateTime"] is None


def test_sip_endpoint_registered_needs_a_known_username(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    body = {"name": "ua", "priority": 1, "isRegistered": True, "credentialUsername": "alice", "transport": "tls"}
    missing = error(api.post(f"/trunks/{trunk['id']}/endpoints", json=body), 404, "CREDENTIAL_NOT_FOUND")
    assert "alice" in missing["message"]
    make_credential_list(api, "alice")  # in no way linked to the trunk: EST does not check that
    response = api.post(f"/trunks/{trunk['id']}/endpoints", json=body)
    assert response.status_code == 201
    registered = response.json()
    assert registered["isRegistered"] is True and registered["credentialUsername"] == "alice"
    assert registered["transport"] == "TLS" and registered["port"] == 5060 and "address" not in registered
    misspelt = {"name": "ua2", "priority": 1, "credentialUserName": "alice"}  # the SDK's deprecated alias
    assert api.post(f"/trunks/{trunk['id']}/endpoints", json=misspelt).json()["credentialUsername"] == "alice"


def test_sip_endpoint_update_replaces_and_can_switch_kind(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    make_credential_list(api, "alice")
    endpoint = make_endpoint(api, trunk["id"], port=5080, transport="TCP", enabled=False)
    path = f"/trunks/{trunk['id']}/endpoints/{endpoint['id']}"
    updated = api.put(path, json={"name": "sbc 2", "priority": 3, "address": "127.0.0.2"}).json()
    assert (updated["port"], updated["transport"], updated["enabled"]) == (5060, "UDP", True)
    assert updated["updateTime"] is not None and updated["createTime"] == endpoint["createTime"]
    switched = api.put(path, json={"name": "ua", "priority": 1, "credentialUsername": "alice"}).json()
    assert switched["isRegistered"] is True and "address" not in switched
    error(api.put(path, json={"name": "ua", "priority": 1, "credentialUsername": "bob"}), 404, "CREDENTIAL_NOT_FOUND")


def test_sip_endpoint_check_failures(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    path = f"/trunks/{trunk['id']}/endpoints"
    found = violations_of(
        api.post(path, json={"name": "x", "priority": 0, "port": 70000, "transport": "SCTP", "address": "h"})
    )
    assert found == {
        "priority": validators.in_range(1)(0),
        "port": validators.in_range(1, 65535)(70000),
        "transport": "'SCTP' is not one of UDP, TCP, TLS",
    }
    neither = violations_of(api.post(path, json={"name": "x", "priority": 1}))
    assert set(neither) == {"address"} and "static endpoint" in neither["address"]
    both = violations_of(api.post(path, json={"name": "x", "priority": 1, "address": "h", "credentialUsername": "u"}))
    assert set(both) == {"credentialUsername"}
    registered = violations_of(api.post(path, json={"name": "x", "priority": 1, "isRegistered": True}))
    description = SIP_ENDPOINT.field("credential_username").description
    assert registered["credentialUsername"] == f"is required for a registered endpoint: {description}"


def test_sip_endpoint_under_the_wrong_trunk_is_404(api: httpx.Client) -> None:
    one, two = make_trunk(api, "one"), make_trunk(api, "two")
    endpoint = make_endpoint(api, one["id"])
    error(api.get(f"/trunks/{two['id']}/endpoints/{endpoint['id']}"), 404, "NOT_FOUND")
    assert api.get(f"/trunks/{two['id']}/endpoints").json()["endpoints"] == []
    listed = api.get(f"/trunks/{one['id']}/endpoints").json()
    assert listed["endpoints"] == [endpoint] and listed["totalItems"] == 1
    assert api.delete(f"/trunks/{one['id']}/endpoints/{endpoint['id']}").status_code == 204
    error(api.delete(f"/trunks/{one['id']}/endpoints/{endpoint['id']}"), 404, "NOT_FOUND")
