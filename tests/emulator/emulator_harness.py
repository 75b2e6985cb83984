"""Helpers of the emulator tests: a project, strong passwords, object makers and error-body readers."""

from __future__ import annotations

from typing import Any

import httpx

PROJECT = "emulator-tests"
PASSWORD = "Str0ng-Passw0rd"
NUMBER = "+14155550100"


def error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The EST error body of ``response`` after checking its HTTP status and status name."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"code", "status", "message", "details"}, body
    assert (body["code"], body["status"]) == (status, code), body
    return body


def violations(response: httpx.Response, code: str = "INVALID_ARGUMENT") -> dict[str, str]:
    """The 400's field violations as ``{wire field: description}``."""
    body = error(response, 400, code)
    [detail] = body["details"]
    assert detail["type"] == "BadRequest"
    return {v["field"]: v["description"] for v in detail["fieldViolations"]}


def make_trunk(api: httpx.Client, host: str = "main", **fields: Any) -> dict[str, Any]:
    response = api.post("/trunks", json={"name": f"{host} trunk", "hostName": host, **fields})
    assert response.status_code == 201, response.text
    return dict(response.json())


def make_acl(api: httpx.Client, *addresses: str, name: str = "office") -> dict[str, Any]:
    ranges = [{"ipAddress": a, "range": 32} for a in addresses or ("203.0.113.10",)]
    response = api.post("/accessControlLists", json={"name": name, "enabled": True, "ipRanges": ranges})
    assert response.status_code == 200, response.text
    return dict(response.json())


def make_credential_list(api: httpx.Client, *usernames: str, name: str = "agents") -> dict[str, Any]:
    credentials = [{"username": u, "password": PASSWORD} for u in usernames]
    response = api.post("/credentialLists", json={"name": name, "credentials": credentials})
    assert response.status_code == 200, response.text
    return dict(response.json())


def make_endpoint(api: httpx.Client, trunk_id: str, **fields: Any) -> dict[str, Any]:
    body = {"name": "sbc", "priority": 1, **fields}
    if "credentialUsername" not in body:
        body.setdefault("address", "203.0.113.5")
    response = api.post(f"/trunks/{trunk_id}/endpoints", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def assign(api: httpx.Client, number: str, trunk_id: str) -> httpx.Response:
    return api.post("/phoneNumbers", json={"sipTrunkId": trunk_id, "phoneNumber": number})


class Clock:
    """A clock the test moves by hand: ``clock()`` reads it, ``advance(seconds)`` moves it."""

    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
