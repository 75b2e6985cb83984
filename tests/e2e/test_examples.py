"""Every example project with the real engine: up, no-op preview, drift repaired, disappearance recreated,
destroy leaves the emulator's project empty."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from _harness import SIP_PASSWORD, Stack

from sinch_est.client import EstClient

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OWNED_KINDS = ("SipTrunk", "AccessControlList", "CredentialList", "CallBlockingRule", "PhoneNumber")

pytestmark = pytest.mark.e2e

Action = Callable[[EstClient, Any, str], None]
Check = Callable[[EstClient, Any, str], None]


def only(store: Any, project_id: str, kind: str) -> dict[str, Any]:
    [record] = store.objects(project_id, kind)
    return dict(record)


def endpoints(store: Any, project_id: str) -> list[dict[str, Any]]:
    return sorted((dict(e) for e in store.objects(project_id, "SipEndpoint")), key=lambda e: e["name"])


@dataclass(frozen=True)
class Scenario:
    example: str
    counts: dict[str, int]
    drift: Action
    repaired: Check
    disappear: Action
    recreated: Check


def rename_acl(c: EstClient, store: Any, p: str) -> None:
    acl = only(store, p, "AccessControlList")
    c.access_control_lists.update(acl["id"], {"name": "changed by hand", "enabled": True})


def delete_acl(c: EstClient, store: Any, p: str) -> None:
    """The trunk links its list itself: unlinking alone is drift on the trunk, so the list goes too."""
    trunk, acl = only(store, p, "SipTrunk"), only(store, p, "AccessControlList")
    c.trunk_access_control_lists.remove(trunk["id"], acl["id"])
    c.access_control_lists.delete(acl["id"])


def acl_linked(c: EstClient, store: Any, p: str) -> None:
    trunk, acl = only(store, p, "SipTrunk"), only(store, p, "AccessControlList")
    assert acl["name"] == "outbound ACL"
    assert list(c.trunk_access_control_lists.list(trunk["id"])) == [acl["id"]]


def bump_priority(c: EstClient, store: Any, p: str) -> None:
    e = endpoints(store, p)[0]
    c.sip_endpoints.update(e["sipTrunkId"], e["id"], {"name": e["name"], "priority": 7, "address": e["address"]})


def priorities_restored(c: EstClient, store: Any, p: str) -> None:
    assert sorted(e["priority"] for e in endpoints(store, p)) == [1, 2]
    assert {e["transport"] for e in endpoints(store, p)} == {"TLS"}


def unassign_numbers(c: EstClient, store: Any, p: str) -> None:
    """Every number of the block goes: the TrunkPhoneNumbers resource is gone (one missing number is drift)."""
    for number in ("+14155550110", "+14155550111"):
        c.phone_numbers.unassign(number)


def numbers_assigned(c: EstClient, store: Any, p: str) -> None:
    trunk = only(store, p, "SipTrunk")
    numbers = {n["phoneNumber"]: n["sipTrunkId"] for n in store.objects(p, "PhoneNumber")}
    assert numbers == {"+14155550110": trunk["id"], "+14155550111": trunk["id"]}


def rename_trunk(c: EstClient, store: Any, p: str) -> None:
    trunk = only(store, p, "SipTrunk")
    c.sip_trunks.update(trunk["id"], {"name": "changed by hand", "host_name": trunk["hostName"]})


def trunk_named(name: str) -> Check:
    def check(c: EstClient, store: Any, p: str) -> None:
        assert only(store, p, "SipTrunk")["name"] == name

    return check


def delete_endpoints(c: EstClient, store: Any, p: str) -> None:
    """Every endpoint goes: the TrunkEndpoints resource is gone (one missing endpoint is drift)."""
    for e in endpoints(store, p):
        c.sip_endpoints.delete(e["sipTrunkId"], e["id"])


def two_endpoints(c: EstClient, store: Any, p: str) -> None:
    assert len(endpoints(store, p)) == 2


def disable_endpoint(c: EstClient, store: Any, p: str) -> None:
    e = endpoints(store, p)[0]
    c.sip_endpoints.update(
        e["sipTrunkId"],
        e["id"],
        {
            "name": e["name"],
            "priority": e["priority"],
            "credential_username": e["credentialUsername"],
            "enabled": False,
        },
    )


def endpoints_enabled(c: EstClient, store: Any, p: str) -> None:
    assert [e["enabled"] for e in endpoints(store, p)] == [True, True]


def rename_credential_list(c: EstClient, store: Any, p: str) -> None:
    c.credential_lists.update(only(store, p, "CredentialList")["id"], {"name": "changed by hand"})


def delete_credentials(c: EstClient, store: Any, p: str) -> None:
    trunk, creds = only(store, p, "SipTrunk"), only(store, p, "CredentialList")
    c.trunk_credential_lists.remove(trunk["id"], creds["id"])
    c.credential_lists.delete(creds["id"])


def credentials_linked(c: EstClient, store: Any, p: str) -> None:
    trunk, creds = only(store, p, "SipTrunk"), only(store, p, "CredentialList")
    assert creds["name"] == "digest credentials"
    assert list(c.trunk_credential_lists.list(trunk["id"])) == [creds["id"]]


SCENARIOS = [
    Scenario(
        "outbound-acl",
        {"SipTrunk": 1, "AccessControlList": 1},
        rename_acl,
        acl_linked,
        delete_acl,
        acl_linked,
    ),
    Scenario(
        "inbound-static",
        {"SipTrunk": 1, "SipEndpoint": 2, "PhoneNumber": 2},
        bump_priority,
        priorities_restored,
        unassign_numbers,
        numbers_assigned,
    ),
    Scenario(
        "both-directions",
        {"SipTrunk": 1, "AccessControlList": 1, "CredentialList": 1, "SipEndpoint": 2, "PhoneNumber": 2},
        rename_trunk,
        trunk_named("both"),
        delete_endpoints,
        two_endpoints,
    ),
    Scenario(
        "inbound-registered",
        {"SipTrunk": 1, "CredentialList": 1, "SipEndpoint": 2, "PhoneNumber": 1},
        disable_endpoint,
        endpoints_enabled,
        delete_endpoints,
        two_endpoints,
    ),
    Scenario(
        "outbound-digest",
        {"SipTrunk": 1, "CredentialList": 1},
        rename_credential_list,
        credentials_linked,
        delete_credentials,
        credentials_linked,
    ),
]


def _stored_inputs(stack: Stack) -> dict[str, Any]:
    """Every resource's inputs as the state holds them: the engine rewrites the whole state for each that
    changes, so a refresh must give them back in the shape ``check`` stored."""
    state = stack.export()
    return {r["urn"]: _masked(r.get("inputs")) for r in state["deployment"]["resources"] if "sinch_est" in r["type"]}


def _masked(value: Any) -> Any:
    """Secrets compared by their presence only: each save encrypts them anew."""
    if isinstance(value, dict):
        if "ciphertext" in value:
            return "<secret>"
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def _summary(output: str, verb: str) -> int:
    match = re.search(rf"(\d+) {verb}", output)
    return int(match.group(1)) if match else 0


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.example)
def test_example(scenario: Scenario, make_stack: Any, emulator: Any, project_id: str, est_client: EstClient) -> None:
    store = emulator.store
    stack: Stack = make_stack(EXAMPLES / scenario.example)
    stack.up()
    for kind, count in scenario.counts.items():
        assert len(store.objects(project_id, kind)) == count, kind
    stack.preview("--expect-no-changes")
    stored = _stored_inputs(stack)
    stack.refresh()
    assert _stored_inputs(stack) == stored, "a refresh without drift leaves the stored inputs as they were"

    scenario.drift(est_client, store, project_id)
    refreshed = stack.refresh()
    assert _summary(refreshed.stdout, "updated") >= 1, "refresh must show the drift"
    stack.up()
    scenario.repaired(est_client, store, project_id)
    stack.preview("--expect-no-changes")

    scenario.disappear(est_client, store, project_id)
    refreshed = stack.refresh()
    assert _summary(refreshed.stdout, "deleted") >= 1, "refresh must drop the object that disappeared"
    created = stack.up()
    assert _summary(created.stdout, "created") >= 1
    scenario.recreated(est_client, store, project_id)
    stack.preview("--expect-no-changes")

    stack.destroy()
    for kind in OWNED_KINDS:
        assert store.objects(project_id, kind) == [], f"{kind} left behind after destroy"
    for text in (stack.state_text(), stack.logs_text()):
        assert SIP_PASSWORD not in text
        assert emulator.key_secret not in text
