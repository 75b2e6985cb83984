"""Each resource's provider against the emulator: basic, update, disappears, adopt, delete of the gone."""

from __future__ import annotations

from typing import Any

import pytest

from sinch_est import provider as p
from sinch_est.client import TransportError
from sinch_est.provider import ProviderError
from sinch_est.provider._reads import READS
from sinch_est.provider._settings import get_client

PASSWORD = "Pr0vider-Passw0rd"
PROJECT = "provider-tests"  # the project tests/provider/conftest.py configures


def make(cls: type[p.EstProvider], inputs: dict[str, Any]) -> tuple[p.EstProvider, str, dict[str, Any]]:
    provider = cls()
    checked = provider.check({}, inputs)
    assert checked.failures == []
    created = provider.create(checked.inputs)
    return provider, created.id, created.outs


def trunk(host: str = "prov-trunk") -> str:
    return make(p.SipTrunkProvider, {"name": "T", "host_name": host})[1]


def test_sip_trunk_duplicate_host_name_names_the_existing_trunk(configured: Any) -> None:
    existing = trunk("prov-dup")
    with pytest.raises(ProviderError) as caught:
        make(p.SipTrunkProvider, {"name": "again", "host_name": "prov-dup"})
    message = str(caught.value)
    assert f"host_name='prov-dup' already exists (id {existing}): take it over with adopt_id='{existing}'" in message
    assert len(message.splitlines()) == 1


def test_sip_endpoint_static_and_registered(configured: Any) -> None:
    trunk_id = trunk()
    provider, id_, outs = make(
        p.SipEndpointProvider, {"trunk_id": trunk_id, "name": "sbc", "priority": 1, "address": "192.0.2.1"}
    )
    assert outs["port"] == 5060 and outs["transport"] == "UDP" and outs["is_registered"] is False
    updated = provider.update(id_, outs, {"trunk_id": trunk_id, "name": "sbc", "priority": 2, "address": "192.0.2.2"})
    assert updated.outs["priority"] == 2 and updated.outs["address"] == "192.0.2.2"
    with pytest.raises(ProviderError, match=r"CREDENTIAL_NOT_FOUND|credential"):
        make(
            p.SipEndpointProvider, {"trunk_id": trunk_id, "name": "ua", "priority": 1, "credential_username": "nobody"}
        )
    make(p.CredentialListProvider, {"name": "c", "credentials": [{"username": "ua-1", "password": PASSWORD}]})
    _, _, registered = make(
        p.SipEndpointProvider, {"trunk_id": trunk_id, "name": "ua", "priority": 1, "credential_username": "ua-1"}
    )
    assert registered["is_registered"] is True
    provider.delete(id_, updated.outs)
    assert provider.read(id_, updated.outs).id == ""


def test_access_control_list_reconciles_one_range_at_a_time(configured: Any) -> None:
    emulator = configured
    provider, id_, outs = make(
        p.AccessControlListProvider,
        {"name": "acl", "ip_ranges": [{"cidr": "203.0.113.0/28"}, {"ip_address": "198.51.100.7"}]},
    )
    assert [(r["ip_address"], r["range"]) for r in outs["ip_ranges"]] == [("203.0.113.0", 28), ("198.51.100.7", 32)]
    first, second = outs["ip_range_ids"]
    before = len(emulator.requests)
    news = provider.check(
        {}, {"name": "acl", "ip_ranges": [{"cidr": "203.0.113.0/28"}, {"ip_address": "198.51.100.8", "range": 32}]}
    ).inputs
    updated = provider.update(id_, outs, news)
    writes = [(r.method, r.path) for r in list(emulator.requests)[before:] if r.method != "GET"]
    assert writes == [("PUT", f"/v1/projects/{PROJECT}/accessControlLists/{id_}/ipRanges/{second}")]
    assert updated.outs["ip_range_ids"] == [first, second]
    assert provider.diff(id_, updated.outs, news).changes is False


def test_credential_list_rotation_add_and_remove(configured: Any) -> None:
    emulator = configured
    inputs = {"name": "c", "credentials": [{"username": "a", "password": PASSWORD}]}
    provider, id_, outs = make(p.CredentialListProvider, inputs)
    assert outs["usernames"] == ["a"] and outs["credentials"][0]["password"] == PASSWORD
    news = {"name": "c", "credentials": [{"username": "b", "password": PASSWORD + "x"}]}
    updated = provider.update(id_, outs, news)
    assert updated.outs["usernames"] == ["b"]
    assert emulator.store.check_password(PROJECT, id_, "b", PASSWORD + "x")
    read = provider.read(id_, updated.outs)
    assert read.outs["credentials"] == updated.outs["credentials"], "the applied password is kept on refresh"
    assert provider.diff(id_, read.outs, news).changes is False


def test_trunk_links_are_idempotent_and_disappear(configured: Any) -> None:
    trunk_id = trunk()
    acl = make(p.AccessControlListProvider, {"name": "acl", "ip_ranges": [{"cidr": "203.0.113.0/28"}]})[1]
    provider, id_, outs = make(p.TrunkAccessControlListProvider, {"trunk_id": trunk_id, "access_control_list_id": acl})
    assert id_ == f"{trunk_id}/{acl}"
    assert provider.create(outs).id == id_  # linking twice is success
    get_client().trunk_access_control_lists.remove(trunk_id, acl)
    assert provider.read(id_, outs).id == ""
    provider.delete(id_, outs)


def test_phone_number_assignment_routes_and_moves(configured: Any) -> None:
    first, second = trunk("prov-a"), trunk("prov-b")
    provider, id_, outs = make(p.PhoneNumberAssignmentProvider, {"trunk_id": first, "phone_number": "+14155550170"})
    assert id_ == "+14155550170" and outs["country_code"] == "US" and outs["trunk_id"] == first
    moved = provider.update(id_, outs, {"trunk_id": second, "phone_number": id_})
    assert moved.outs["trunk_id"] == second
    provider.delete(id_, moved.outs)
    assert provider.read(id_, moved.outs).id == ""
    _, _, outs = make(
        p.PhoneNumberAssignmentProvider, {"trunk_id": first, "phone_number": "+14155550171", "via": "numbers_api"}
    )
    assert outs["trunk_id"] == first and outs["via"] == "NUMBERS_API"


def test_country_permission_restores_the_previous_value(configured: Any) -> None:
    provider, id_, outs = make(p.CountryPermissionProvider, {"iso_code": "se", "enabled": True})
    assert id_ == "SE" and outs["previous_enabled"] is False and outs["name"] == "Sweden"
    assert get_client().country_permissions.get("SE")["enabled"] is True
    provider.delete(id_, outs)
    assert get_client().country_permissions.get("SE")["enabled"] is False


class _LostResponseTrunks(p.SipTrunkProvider):
    """The POST reaches the API but its response is lost: the fault a create must survive."""

    calls = 0

    def create_remote(self, client: Any, inputs: dict[str, Any]) -> dict[str, Any]:
        type(self).calls += 1
        super().create_remote(client, inputs)
        error = TransportError("connection reset by peer", method="POST", path="/trunks")
        error.ambiguous = True
        raise error


def test_ambiguous_create_finds_what_it_made_instead_of_duplicating(configured: Any) -> None:
    emulator = configured
    created = _LostResponseTrunks().create({"name": "T", "host_name": "prov-lost"})
    assert _LostResponseTrunks.calls == 1, "the object was found; no second POST"
    [only] = emulator.store.objects(PROJECT, "SipTrunk")
    assert created.id == only["id"]


ENDPOINT = {"name": "e", "priority": 1, "address": "192.0.2.10", "transport": "TLS", "port": 5061}
LATE_TRUNK = "01LATETRVNK000000000000000"


def test_a_parent_not_visible_yet_is_waited_for_briefly(
    configured: Any, fake_clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trunk appears only after the first wait (as if created a moment ago elsewhere): the create waits for
    it, asks for the parent itself to tell "parent missing" from any other 404, and then succeeds."""
    monkeypatch.setattr("sinch_est.emulator._kinds.new_id", lambda: LATE_TRUNK)
    fake_clock.on_sleep.append(
        lambda: (
            configured.store.object(PROJECT, "SipTrunk", LATE_TRUNK)
            or configured.store.create(PROJECT, "SipTrunk", {"name": "late", "hostName": "prov-late"})
        )
    )
    created = p.SipEndpointProvider().create({"trunk_id": LATE_TRUNK, **ENDPOINT})
    assert fake_clock.sleeps == [0.25]
    assert [e["id"] for e in configured.store.objects(PROJECT, "SipEndpoint")] == [created.id]
    posts = [r.status for r in configured.requests.matching("POST") if r.path.endswith("/endpoints")]
    parent_gets = [r.status for r in configured.requests.matching("GET") if r.path.endswith(f"/trunks/{LATE_TRUNK}")]
    assert (posts, parent_gets) == ([404, 201], [404])


def test_a_parent_that_stays_missing_fails_the_create_naming_it(configured: Any, fake_clock: Any) -> None:
    with pytest.raises(ProviderError) as caught:
        p.SipEndpointProvider().create({"trunk_id": "01NOSUCHTRVNK0000000000000", **ENDPOINT})
    message = str(caught.value)
    assert "trunk_id '01NOSUCHTRVNK0000000000000' names no SIP trunk" in message and "4 s" in message
    assert sum(fake_clock.sleeps) <= p._create.PARENT_GRACE and len(fake_clock.sleeps) >= 3
    assert configured.store.objects(PROJECT, "SipEndpoint") == []


def test_a_404_about_another_input_is_not_retried_and_names_that_input(configured: Any, fake_clock: Any) -> None:
    trunk_id = trunk("prov-misspelt")
    with pytest.raises(ProviderError) as caught:
        p.SipEndpointProvider().create(
            {"trunk_id": trunk_id, "name": "ua", "priority": 1, "credential_username": "mispelt-user"}
        )
    message = str(caught.value)
    assert "Check credential_username: 'mispelt-user' does not exist" in message
    assert "trunk_id" not in message.partition("Check")[2]
    assert fake_clock.sleeps == [], "no wait: the trunk is there, the username is not"
    posts = [r for r in configured.requests.matching("POST") if r.path.endswith("/endpoints")]
    assert len(posts) == 1


def test_a_trunk_links_the_lists_it_names_and_leaves_other_links_alone(configured: Any) -> None:
    client = get_client()
    acl = client.access_control_lists.create({"name": "a", "ip_ranges": [{"ip_address": "192.0.2.1"}]})["id"]
    other = client.access_control_lists.create({"name": "b", "ip_ranges": [{"ip_address": "192.0.2.2"}]})["id"]
    creds = client.credential_lists.create({"name": "c", "credentials": [{"username": "u", "password": PASSWORD}]})
    inputs = {
        "name": "T",
        "host_name": "prov-links",
        "access_control_list_ids": [acl],
        "credential_list_ids": [creds["id"]],
    }
    provider, id_, outs = make(p.SipTrunkProvider, inputs)
    assert set(client.trunk_access_control_lists.list(id_)) == {acl}
    assert list(client.trunk_credential_lists.list(id_)) == [creds["id"]]
    client.trunk_access_control_lists.add(id_, [other])  # linked by hand: not the trunk's to manage
    READS.invalidate()  # a refresh is a new provider process; this one still holds the lists it read
    read = provider.read(id_, outs)
    assert read.outs["access_control_list_ids"] == [acl]
    assert provider.diff(id_, read.outs, provider.check({}, inputs).inputs).changes is False

    client.trunk_access_control_lists.remove(id_, acl)  # drift: the trunk's own link went
    READS.invalidate()
    drifted = provider.read(id_, outs)
    assert drifted.outs["access_control_list_ids"] == []
    news = provider.check({}, inputs).inputs
    assert provider.diff(id_, drifted.outs, news).changes is True
    configured.requests.clear()
    repaired = provider.update(id_, drifted.outs, news)
    writes = [(r.method, r.path.rsplit("/", 2)[-2:]) for r in configured.requests if r.method != "GET"]
    assert writes == [("POST", [id_, "accessControlLists"])], "only the link is written, not the trunk"
    assert repaired.outs["access_control_list_ids"] == [acl]

    unlinked = provider.update(id_, repaired.outs, {**news, "credential_list_ids": []})
    assert unlinked.outs["credential_list_ids"] == [] and list(client.trunk_credential_lists.list(id_)) == []
    provider.delete(id_, unlinked.outs)
    assert provider.read(id_, unlinked.outs).id == ""
    client.credential_lists.delete(creds["id"])  # unlinked: the API lets it go
    client.access_control_lists.delete(acl)


def test_a_trunk_whose_link_fails_is_not_left_behind(configured: Any) -> None:
    with pytest.raises(ProviderError, match="01NOSUCHACL"):
        make(
            p.SipTrunkProvider,
            {"name": "T", "host_name": "prov-bad-link", "access_control_list_ids": ["01NOSUCHACL0000000000000000"]},
        )
    assert configured.store.objects(PROJECT, "SipTrunk") == [], "the trunk went with its failed link"
