"""Credential lists, credentials and trunk links: write-only passwords, password policy, delete guards."""

from __future__ import annotations

import json

import httpx
from emulator_harness import PASSWORD, PROJECT, error, make_credential_list, make_endpoint, make_trunk
from emulator_harness import violations as violations_of

from sinch_est.emulator import EmulatorServer
from sinch_est.schema import validators


def test_credential_list_never_returns_passwords(emulator: EmulatorServer, api: httpx.Client) -> None:
    made = make_credential_list(api, "User01", "User02")
    assert [sorted(c) for c in made["credentials"]] == [["id", "username"], ["id", "username"]]
    for response in (api.get(f"/credentialLists/{made['id']}"), api.get("/credentialLists")):
        assert PASSWORD not in response.text
    assert emulator.store.check_password(PROJECT, made["id"], "User01", PASSWORD)
    assert not emulator.store.check_password(PROJECT, made["id"], "User01", PASSWORD + "!")
    assert PASSWORD not in json.dumps(emulator.store.objects(PROJECT, "CredentialList"))


def test_credential_list_password_policy_and_unique_usernames(api: httpx.Client) -> None:
    weak = {
        "name": "x",
        "credentials": [{"username": "a", "password": "alllowercase1"}, {"username": "a", "password": PASSWORD}],
    }
    found = violations_of(api.post("/credentialLists", json=weak))
    assert found == {
        "credentials[0].password": validators.password_policy("alllowercase1"),
        "credentials[1].username": "'a' appears twice in the list",
    }
    assert "alllowercase1" not in api.post("/credentialLists", json=weak).text, "a password is never echoed"


def test_credential_list_update_renames_only(api: httpx.Client) -> None:
    made = make_credential_list(api, "alice")
    renamed = api.put(f"/credentialLists/{made['id']}", json={"name": "team", "credentials": []}).json()
    assert renamed["name"] == "team" and renamed["credentials"] == made["credentials"]
    assert set(violations_of(api.put(f"/credentialLists/{made['id']}", json={}))) == {"name"}


def test_credential_put_sets_or_adds_a_password(emulator: EmulatorServer, api: httpx.Client) -> None:
    made = make_credential_list(api, "alice")
    base = f"/credentialLists/{made['id']}/credentials"
    changed = api.put(f"{base}/alice", json={"password": "newPa$$word123"}).json()
    assert changed == {"id": made["credentials"][0]["id"], "username": "alice"}
    assert emulator.store.check_password(PROJECT, made["id"], "alice", "newPa$$word123")
    added = api.put(f"{base}/bob", json={"password": PASSWORD}).json()
    assert added["username"] == "bob"
    weak = violations_of(api.put(f"{base}/bob", json={"password": "short"}))
    assert weak == {"password": validators.password_policy("short")}
    assert api.delete(f"{base}/bob").status_code == 204
    error(api.delete(f"{base}/bob"), 404, "NOT_FOUND")
    assert [c["username"] for c in api.get(f"/credentialLists/{made['id']}").json()["credentials"]] == ["alice"]


def test_credential_list_linked_to_a_trunk_cannot_be_deleted(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    made = make_credential_list(api, "alice")
    api.post(f"/trunks/{trunk['id']}/credentialLists", json={"credentialListIds": [made["id"]]})
    body = error(api.delete(f"/credentialLists/{made['id']}"), 400, "FAILED_PRECONDITION")
    assert body["message"] == "Credential List cannot be deleted while attached to a SIP Trunk"


def test_credential_list_used_by_a_registered_endpoint_cannot_be_deleted(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    made = make_credential_list(api, "alice")
    endpoint = make_endpoint(api, trunk["id"], credentialUsername="alice")
    body = error(api.delete(f"/credentialLists/{made['id']}"), 400, "FAILED_PRECONDITION")
    assert body["message"] == "Credential List cannot be deleted while attached to a SIP Endpoint"
    refused = error(api.delete(f"/credentialLists/{made['id']}/credentials/alice"), 400, "FAILED_PRECONDITION")
    assert "SIP Endpoint" in refused["message"]
    api.delete(f"/trunks/{trunk['id']}/endpoints/{endpoint['id']}")
    assert api.delete(f"/credentialLists/{made['id']}").status_code == 204


def test_trunk_credential_list_links_post_appends_and_put_replaces(api: httpx.Client) -> None:
    trunk = make_trunk(api)
    one, two = make_credential_list(api, name="one"), make_credential_list(api, name="two")
    path = f"/trunks/{trunk['id']}/credentialLists"
    assert api.post(path, json={"credentialListIds": [one["id"]]}).json() == {"credentialListIds": [one["id"]]}
    assert api.post(path, json={"credentialListIds": [one["id"]]}).status_code == 200, "linking twice is fine"
    listed = api.get(path).json()
    assert listed["credentialListIds"] == [one["id"]] and listed["credentialLists"][0]["name"] == "one"
    assert api.put(path, json=[two["id"]]).json() == {"credentialListIds": [two["id"]]}
    assert api.put(path, json={"credentialListIds": [one["id"], two["id"]]}).json()["credentialListIds"] == [
        one["id"],
        two["id"],
    ]
    assert api.put(path, json=[]).json() == {"credentialListIds": []}
    assert set(violations_of(api.post(path, json={}))) == {"credentialListIds"}
    error(api.post(path, json={"credentialListIds": "one"}), 400, "VALIDATION_FAILED")
    error(api.put(path, json=["01HZZZZZZZZZZZZZZZZZZZZZZZ"]), 404, "NOT_FOUND")
