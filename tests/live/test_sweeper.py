"""The live tests' sweeper, proven on the emulator: prefixed objects go in dependency order, others stay."""

from __future__ import annotations

from typing import Any

from sweeper import sweep

from sinch_est.client import EstClient
from sinch_est.testing import emulator_settings

PASSWORD = "Sweeper-Passw0rd1"


def test_sweeper_deletes_only_prefixed_objects_in_order(emulator: Any) -> None:
    project = "sweeper"
    with EstClient.from_settings(emulator_settings(emulator, project)) as client:
        keep = client.sip_trunks.create({"name": "keep", "host_name": "keep-me"})
        trunk = client.sip_trunks.create({"name": "est-live-x-trunk", "host_name": "est-live-x-trunk"})
        acl = client.access_control_lists.create({"name": "est-live-x-acl", "ip_ranges": [{"ip_address": "192.0.2.1"}]})
        creds = client.credential_lists.create(
            {"name": "est-live-x-creds", "credentials": [{"username": "est-live-x-u", "password": PASSWORD}]}
        )
        client.trunk_access_control_lists.add(trunk["id"], [acl["id"]])
        client.trunk_credential_lists.add(trunk["id"], [creds["id"]])
        client.sip_endpoints.create(trunk["id"], {"name": "ua", "priority": 1, "credential_username": "est-live-x-u"})
        client.phone_numbers.assign("+14155550180", trunk["id"])
        client.call_blocking_rules.create({"name": "est-live-x-rule", "direction": "INBOUND", "caller_match": "1900"})

        deleted = sweep(client, "est-live-x-")

        assert {d.split(":")[0] for d in deleted} == {
            "PhoneNumberAssignment",
            "SipEndpoint",
            "SipTrunk",
            "AccessControlList",
            "CredentialList",
            "CallBlockingRule",
        }
        assert [t["id"] for t in client.sip_trunks.list()] == [keep["id"]]
        assert list(client.access_control_lists.list()) == []
        assert list(client.credential_lists.list()) == []
        assert list(client.call_blocking_rules.list()) == []
        assert list(client.phone_numbers.list()) == []
