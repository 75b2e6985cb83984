"""The same scenarios for every resource, from one table, against the emulator (AWS provider style):
create, update, replace, adopt (matching and differing), disappears, refused delete, upgrade from older state.

A resource for which a scenario cannot happen says why in its table row; a new resource cannot miss one,
because ``test_every_resource_has_a_row`` compares the table with the package's providers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from sinch_est import provider as p
from sinch_est.client import EstClient
from sinch_est.provider import ProviderError
from sinch_est.provider._settings import get_client

PROJECT = "provider-tests"
PASSWORD = "Scenari0-Passw0rd"
ROTATED = "Scenari0-Rotated-1"
NUMBERS = ("+14155550150", "+14155550151", "+14155550152")
ENDPOINTS = (
    {"name": "sbc-1", "priority": 1, "address": "192.0.2.11"},
    {"name": "sbc-2", "priority": 2, "address": "192.0.2.12"},
)
ENDPOINT_3 = {"name": "sbc-3", "priority": 3, "address": "192.0.2.13"}

Inputs = dict[str, Any]


class World:
    """Objects made by hand through the client, as prerequisites or as objects to adopt."""

    def __init__(self, client: EstClient) -> None:
        self.client = client
        self._trunks: dict[str, str] = {}

    def trunk(self, host: str = "scn-main") -> str:
        if host not in self._trunks:
            self._trunks[host] = self.client.sip_trunks.create({"name": host, "host_name": host})["id"]
        return self._trunks[host]

    def acl(self, name: str = "scn-acl") -> str:
        return str(
            self.client.access_control_lists.create({"name": name, "ip_ranges": [{"ip_address": "192.0.2.9"}]})["id"]
        )

    def credential_list(self, name: str = "scn-creds", username: str = "scn-user") -> str:
        body = {"name": name, "credentials": [{"username": username, "password": PASSWORD}]}
        return str(self.client.credential_lists.create(body)["id"])


@dataclass(frozen=True)
class Row:
    provider: type[p.EstProvider]
    inputs: Callable[[World], Inputs]
    changed: Callable[[World, Inputs], Inputs] | str
    """Inputs changed in place, or why nothing can change in place."""
    replaced: tuple[str, Callable[[World, Inputs], Inputs]] | str
    """An input whose change replaces the object and the changed inputs, or why none does."""
    by_hand: Callable[[World, Inputs], str]
    """Make the object through the client, as a person would, and return the id that adopts it."""
    vanish: Callable[[World, str, Inputs], None] | str
    """Delete it out of band, or why it cannot disappear."""
    blocker: tuple[Callable[[World, str, Inputs], None], str] | str
    """Make the API refuse the delete, and a phrase of the fix the error gives; or why the API never refuses."""
    older: Callable[[dict[str, Any]], dict[str, Any]]
    """The outputs as an earlier release wrote them."""


def _without(*names: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda outs: {k: v for k, v in outs.items() if k not in names}


def _assign(world: World, trunk_id: str, *numbers: str) -> None:
    for number in numbers:
        world.client.phone_numbers.assign(number, trunk_id)


ROWS: dict[str, Row] = {
    "SipTrunk": Row(
        p.SipTrunkProvider,
        inputs=lambda w: {"name": "Trunk", "host_name": "scn-trunk"},
        changed=lambda w, i: {**i, "name": "Renamed", "enable_call_forward": True, "call_forward_number": NUMBERS[2]},
        replaced="every input of a trunk changes in place (a new host_name renames its domain)",
        by_hand=lambda w, i: str(w.client.sip_trunks.create(i)["id"]),
        vanish=lambda w, id_, i: w.client.sip_trunks.delete(id_),
        blocker=(lambda w, id_, i: _assign(w, id_, NUMBERS[0]), "Unassign the trunk's phone numbers first"),
        older=_without("enable_caller_name", "enable_call_forward", "call_forward_number"),
    ),
    "SipEndpoint": Row(
        p.SipEndpointProvider,
        inputs=lambda w: {"trunk_id": w.trunk(), "name": "sbc", "priority": 1, "address": "192.0.2.10"},
        changed=lambda w, i: {**i, "priority": 2, "transport": "TLS", "port": 5061},
        replaced=("trunk_id", lambda w, i: {**i, "trunk_id": w.trunk("scn-other")}),
        by_hand=lambda w, i: str(w.client.sip_endpoints.create(i["trunk_id"], i)["id"]),
        vanish=lambda w, id_, i: w.client.sip_endpoints.delete(i["trunk_id"], id_),
        blocker="the API never refuses to delete an endpoint",
        older=_without("transport", "enabled", "port"),
    ),
    "TrunkEndpoints": Row(
        p.TrunkEndpointsProvider,
        inputs=lambda w: {"trunk_id": w.trunk(), "endpoints": [dict(e) for e in ENDPOINTS]},
        # One more endpoint and one changed: a difference in the list's length is shown as the whole list.
        changed=lambda w, i: {
            **i,
            "endpoints": [{**ENDPOINTS[0], "priority": 3, "transport": "TLS"}, *ENDPOINTS[1:], ENDPOINT_3],
        },
        replaced=("trunk_id", lambda w, i: {**i, "trunk_id": w.trunk("scn-other")}),
        by_hand=lambda w, i: (
            [w.client.sip_endpoints.create(i["trunk_id"], e) for e in i["endpoints"]],
            f"{i['trunk_id']}/endpoints",
        )[1],
        vanish=lambda w, id_, i: (
            [
                w.client.sip_endpoints.delete(i["trunk_id"], e["id"])
                for e in list(w.client.sip_endpoints.list(i["trunk_id"]))
            ]
            and None
        ),
        blocker="the API never refuses to delete an endpoint",
        older=lambda outs: dict(outs),  # new in this release: no earlier state to upgrade from
    ),
    "AccessControlList": Row(
        p.AccessControlListProvider,
        inputs=lambda w: {"name": "Office", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 28}]},
        changed=lambda w, i: {
            **i,
            "name": "Offices",
            "ip_ranges": [*i["ip_ranges"], {"ip_address": "198.51.100.7", "range": 32, "description": "DR"}],
        },
        replaced="every input of an access control list changes in place (ranges one at a time)",
        by_hand=lambda w, i: str(w.client.access_control_lists.create(i)["id"]),
        vanish=lambda w, id_, i: w.client.access_control_lists.delete(id_),
        blocker=(
            lambda w, id_, i: w.client.trunk_access_control_lists.add(w.trunk(), [id_]),
            "delete the TrunkAccessControlList link first",
        ),
        older=_without("enabled", "ip_range_ids"),
    ),
    "TrunkAccessControlList": Row(
        p.TrunkAccessControlListProvider,
        inputs=lambda w: {"trunk_id": w.trunk(), "access_control_list_id": w.acl()},
        changed="both ends of a link replace it",
        replaced=("access_control_list_id", lambda w, i: {**i, "access_control_list_id": w.acl("scn-acl-2")}),
        by_hand=lambda w, i: (
            (w.client.trunk_access_control_lists.add(i["trunk_id"], [i["access_control_list_id"]]) and None)
            or f"{i['trunk_id']}/{i['access_control_list_id']}"
        ),
        vanish=lambda w, id_, i: w.client.trunk_access_control_lists.remove(i["trunk_id"], i["access_control_list_id"]),
        blocker="the API never refuses to unlink",
        older=lambda outs: dict(outs),
    ),
    "CredentialList": Row(
        p.CredentialListProvider,
        inputs=lambda w: {"name": "Phones", "credentials": [{"username": "desk-1", "password": PASSWORD}]},
        changed=lambda w, i: {"name": "Desk phones", "credentials": [{"username": "desk-1", "password": ROTATED}]},
        replaced="every input of a credential list changes in place (credentials one at a time)",
        by_hand=lambda w, i: str(w.client.credential_lists.create(i)["id"]),
        vanish=lambda w, id_, i: w.client.credential_lists.delete(id_),
        blocker=(
            lambda w, id_, i: w.client.trunk_credential_lists.add(w.trunk(), [id_]),
            "delete the TrunkCredentialList link first",
        ),
        older=_without("usernames", "credential_ids"),
    ),
    "TrunkCredentialList": Row(
        p.TrunkCredentialListProvider,
        inputs=lambda w: {"trunk_id": w.trunk(), "credential_list_id": w.credential_list()},
        changed="both ends of a link replace it",
        replaced=(
            "credential_list_id",
            lambda w, i: {**i, "credential_list_id": w.credential_list("scn-creds-2", "scn-user-2")},
        ),
        by_hand=lambda w, i: (
            (w.client.trunk_credential_lists.add(i["trunk_id"], [i["credential_list_id"]]) and None)
            or f"{i['trunk_id']}/{i['credential_list_id']}"
        ),
        vanish=lambda w, id_, i: w.client.trunk_credential_lists.remove(i["trunk_id"], i["credential_list_id"]),
        blocker="the API never refuses to unlink",
        older=lambda outs: dict(outs),
    ),
    "PhoneNumberAssignment": Row(
        p.PhoneNumberAssignmentProvider,
        inputs=lambda w: {"trunk_id": w.trunk(), "phone_number": NUMBERS[0]},
        changed=lambda w, i: {**i, "trunk_id": w.trunk("scn-other")},
        replaced=("phone_number", lambda w, i: {**i, "phone_number": NUMBERS[1]}),
        by_hand=lambda w, i: (_assign(w, i["trunk_id"], i["phone_number"]), i["phone_number"])[1],
        vanish=lambda w, id_, i: w.client.phone_numbers.unassign(id_),
        blocker="the API never refuses to unassign a number",
        older=_without("via"),
    ),
    "TrunkPhoneNumbers": Row(
        p.TrunkPhoneNumbersProvider,
        inputs=lambda w: {"trunk_id": w.trunk(), "phone_numbers": list(NUMBERS[:2])},
        changed=lambda w, i: {**i, "phone_numbers": list(NUMBERS)},
        replaced=("trunk_id", lambda w, i: {**i, "trunk_id": w.trunk("scn-other")}),
        by_hand=lambda w, i: (_assign(w, i["trunk_id"], *i["phone_numbers"]), i["trunk_id"])[1],
        vanish=lambda w, id_, i: [w.client.phone_numbers.unassign(n) for n in i["phone_numbers"]] and None,
        blocker="the API never refuses to unassign a number",
        older=_without("via"),
    ),
    "CountryPermission": Row(
        p.CountryPermissionProvider,
        inputs=lambda w: {"iso_code": "SE", "enabled": True},
        changed=lambda w, i: {**i, "enabled": False},
        replaced=("iso_code", lambda w, i: {**i, "iso_code": "NO"}),
        by_hand=lambda w, i: (w.client.country_permissions.update(i["iso_code"], i["enabled"]), i["iso_code"])[1],
        vanish="a country permission is an account setting: it cannot be deleted, only changed",
        blocker="a country permission is never deleted: its delete restores the earlier value",
        older=_without("continent", "country_dialing_codes"),
    ),
    "CallBlockingRule": Row(
        p.CallBlockingRuleProvider,
        inputs=lambda w: {"name": "No premium", "direction": "OUTBOUND", "callee_match": "1900"},
        changed=lambda w, i: {**i, "callee_match": "1976"},
        replaced="every input of a call blocking rule changes in place",
        by_hand=lambda w, i: str(w.client.call_blocking_rules.create(i)["id"]),
        vanish=lambda w, id_, i: w.client.call_blocking_rules.delete(id_),
        blocker="the API never refuses to delete a call blocking rule",
        older=_without("project_id", "create_time", "update_time"),
    ),
}


@pytest.fixture
def world(configured: Any) -> World:
    return World(get_client())


def _checked(provider: p.EstProvider, inputs: Inputs) -> Inputs:
    result = provider.check({}, inputs)
    assert result.failures == []
    return dict(result.inputs)


def _writes(emulator: Any) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in emulator.requests if r.method != "GET" and not r.path.endswith("/token")]


def test_every_resource_has_a_row() -> None:
    providers = {getattr(p, name) for name in p.__all__ if name.endswith("Provider") and name != "EstProvider"}
    assert {row.provider for row in ROWS.values()} == providers
    assert set(ROWS) == {name.removesuffix("Provider") for name in p.__all__ if getattr(p, name) in providers}


@pytest.mark.parametrize("kind", ROWS)
def test_create(kind: str, world: World, configured: Any) -> None:
    row = ROWS[kind]
    provider = row.provider()
    inputs = _checked(provider, row.inputs(world))
    created = provider.create(inputs)
    assert created.id
    assert provider.diff(created.id, created.outs, inputs).changes is False
    read = provider.read(created.id, created.outs)
    assert read.id == created.id
    assert provider.diff(created.id, read.outs, inputs).changes is False


@pytest.mark.parametrize("kind", ROWS)
def test_update(kind: str, world: World) -> None:
    row = ROWS[kind]
    provider = row.provider()
    if isinstance(row.changed, str):
        assert set(provider.spec.replace_fields) == {f.name for f in provider.spec.inputs}, row.changed
        return
    inputs = _checked(provider, row.inputs(world))
    created = provider.create(inputs)
    news = _checked(provider, row.changed(world, inputs))
    diff = provider.diff(created.id, created.outs, news)
    assert diff.changes is True and diff.replaces == []
    updated = provider.update(created.id, created.outs, news)
    assert provider.diff(created.id, updated.outs, news).changes is False
    read = provider.read(created.id, updated.outs)
    assert read.id == created.id and provider.diff(created.id, read.outs, news).changes is False


@pytest.mark.parametrize("kind", ROWS)
def test_replace(kind: str, world: World) -> None:
    row = ROWS[kind]
    provider = row.provider()
    if isinstance(row.replaced, str):
        assert provider.spec.replace_fields == (), row.replaced
        return
    field, change = row.replaced
    inputs = _checked(provider, row.inputs(world))
    created = provider.create(inputs)
    diff = provider.diff(created.id, created.outs, _checked(provider, change(world, inputs)))
    assert diff.changes is True and diff.replaces == [field]


@pytest.mark.parametrize("kind", ROWS)
def test_adopt_matching_object_writes_nothing_but_passwords(kind: str, world: World, configured: Any) -> None:
    row = ROWS[kind]
    provider = row.provider()
    inputs = _checked(provider, row.inputs(world))
    adopt_id = row.by_hand(world, inputs)
    before, stored = len(_writes(configured)), configured.store.count()
    adopted = provider.create({**inputs, "adopt_id": adopt_id})
    writes = _writes(configured)[before:]
    if provider.spec.name == "CredentialList":
        assert writes == [("PUT", f"/v1/projects/{PROJECT}/credentialLists/{adopt_id}/credentials/desk-1")]
    else:
        assert writes == []
    assert configured.store.count() == stored, "adopting made nothing new"
    assert provider.diff(adopted.id, adopted.outs, inputs).changes is False, "adopt_id is inert afterwards"
    assert provider.read(adopted.id, adopted.outs).id == adopted.id


@pytest.mark.parametrize("kind", ROWS)
def test_adopt_differing_object_changes_nothing_unless_asked(kind: str, world: World, configured: Any) -> None:
    row = ROWS[kind]
    provider = row.provider()
    change = row.changed if not isinstance(row.changed, str) else row.replaced[1]  # a link differs by its ends
    assert not isinstance(change, str)
    inputs = _checked(provider, row.inputs(world))
    adopt_id = row.by_hand(world, inputs)
    news = _checked(provider, change(world, inputs))
    before = len(_writes(configured))
    with pytest.raises(ProviderError) as caught:
        provider.create({**news, "adopt_id": adopt_id})
    assert _writes(configured)[before:] == [], "a differing object is left as it is"
    message = str(caught.value)
    differing = [f.name for f in provider.spec.inputs if not f.secret and f"{f.name}: live" in message]
    assert differing, message
    if set(differing) & set(provider.spec.replace_fields):
        assert "cannot change in place" in message and "update_on_adopt" not in message
        return
    assert "differs from the program" in message and "update_on_adopt=True" in message
    adopted = provider.create({**news, "adopt_id": adopt_id, "update_on_adopt": True})
    assert adopt_id in adopted.id  # a block of numbers is "<trunk id>/phoneNumbers"
    assert provider.diff(adopted.id, adopted.outs, news).changes is False
    assert provider.read(adopted.id, adopted.outs).id == adopted.id


@pytest.mark.parametrize("kind", ROWS)
def test_disappears(kind: str, world: World) -> None:
    row = ROWS[kind]
    provider = row.provider()
    inputs = _checked(provider, row.inputs(world))
    created = provider.create(inputs)
    if isinstance(row.vanish, str):
        assert provider.read(created.id, created.outs).id == created.id, row.vanish
        return
    row.vanish(world, created.id, inputs)
    assert provider.read(created.id, created.outs).id == "", "gone out of band: refresh drops it"
    provider.delete(created.id, created.outs)  # already gone is success


@pytest.mark.parametrize("kind", ROWS)
def test_refused_delete_names_the_blocker(kind: str, world: World) -> None:
    row = ROWS[kind]
    provider = row.provider()
    inputs = _checked(provider, row.inputs(world))
    created = provider.create(inputs)
    if isinstance(row.blocker, str):
        provider.delete(created.id, created.outs)
        assert _gone_after_delete(provider, created.id, created.outs, row), row.blocker
        return
    block, fix = row.blocker
    block(world, created.id, inputs)
    with pytest.raises(ProviderError) as caught:
        provider.delete(created.id, created.outs)
    assert fix in str(caught.value)
    assert provider.read(created.id, created.outs).id == created.id, "a refused delete leaves the object"


@pytest.mark.parametrize("kind", ROWS)
def test_upgrade_from_older_state(kind: str, world: World) -> None:
    row = ROWS[kind]
    provider = row.provider()
    inputs = _checked(provider, row.inputs(world))
    created = provider.create(inputs)
    older = row.older(created.outs)
    assert provider.diff(created.id, older, inputs).changes is False
    read = provider.read(created.id, older)
    assert read.id == created.id and provider.diff(created.id, read.outs, inputs).changes is False
    provider.delete(created.id, older)
    assert _gone_after_delete(provider, created.id, created.outs, row)


def _gone_after_delete(provider: p.EstProvider, id_: str, outs: dict[str, Any], row: Row) -> bool:
    """Deleted: gone from a refresh, except for what cannot disappear (an account setting stays, restored)."""
    read = provider.read(id_, outs)
    return read.id == "" if not isinstance(row.vanish, str) else read.id == id_ and read.outs["enabled"] is False


def test_adopting_with_a_differing_name_and_range_description_lists_both_and_writes_nothing(
    world: World, configured: Any, capfd: pytest.CaptureFixture[str]
) -> None:
    """The case that changed live objects unseen before: a renamed ACL and a hand-set range description."""
    made = world.client.access_control_lists.create(
        {"name": "Office (by hand)", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 28, "description": "DR"}]}
    )
    program = {"name": "Office", "ip_ranges": [{"ip_address": "203.0.113.0", "range": 28}]}
    provider = p.AccessControlListProvider()
    before = len(_writes(configured))
    with pytest.raises(ProviderError) as caught:
        provider.create({**_checked(provider, program), "adopt_id": made["id"]})
    assert _writes(configured)[before:] == []
    message = str(caught.value)
    assert "name: live 'Office (by hand)', program 'Office'" in message
    assert "ip_ranges[0].description: live 'DR', program None" in message
    adopted = provider.create({**_checked(provider, program), "adopt_id": made["id"], "update_on_adopt": True})
    assert "changed name from 'Office (by hand)' to 'Office'; ip_ranges[0].description from 'DR' to None" in (
        capfd.readouterr().err
    )
    live = world.client.access_control_lists.get(made["id"])
    assert live["name"] == "Office" and live["ip_ranges"][0]["description"] in (None, "")
    assert provider.diff(adopted.id, adopted.outs, _checked(provider, program)).changes is False
