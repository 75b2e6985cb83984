"""Estates for the export tests: the five EST workflows (est-api.md §14) built through the raw client, and a
small hand-made snapshot for tests that need no server."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sinch_est.client import EstClient
from sinch_est.export._snapshot import Snapshot, TrunkSnapshot

PASSWORDS = {
    ("Both ways users", "pbx-trunk"): "Both-Ways-Passw0rd-1",
    ("Phones", "desk-1"): "Desk-One-Passw0rd-1",
    ("Phones", "desk-2"): "Desk-Two-Passw0rd-2",
    ("Road warriors", "road.warrior"): "Road-Warrior-Passw0rd-3",
    ("Spare", "spare-1"): "Spare-Passw0rd-Four-4",
}
"""(credential list, username) → password: what the devices use today."""

NUMBERS = {
    "Inbound static": ["+14155550100", "+14155550101", "+14155550102"],
    "Both ways": ["+14155550200", "+46701740001"],
    "Registered": ["+14155550300"],
}


@dataclass
class Estate:
    """Ids of what was built, by a label a test can name."""

    ids: dict[str, str] = field(default_factory=dict)

    @property
    def trunks(self) -> dict[str, str]:
        return {k: v for k, v in self.ids.items() if k.startswith("trunk:")}


def _creds(list_name: str) -> list[dict[str, str]]:
    return [{"username": u, "password": p} for (name, u), p in PASSWORDS.items() if name == list_name]


def build_estate(client: EstClient, *, host_prefix: str = "rt-") -> Estate:
    """Workflows A-E on five trunks, shared and unlinked lists, odd names, changed country permissions, rules."""
    c, made = client, Estate()

    def trunk(name: str, host: str, **extra: object) -> str:
        made.ids[f"trunk:{name}"] = c.sip_trunks.create({"name": name, "host_name": host_prefix + host, **extra})["id"]
        return made.ids[f"trunk:{name}"]

    def credential_list(name: str) -> str:
        made.ids[f"credentials:{name}"] = c.credential_lists.create({"name": name, "credentials": _creds(name)})["id"]
        return made.ids[f"credentials:{name}"]

    office = c.access_control_lists.create(
        {
            "name": "Office",
            "ip_ranges": [
                {"ip_address": "203.0.113.0", "range": 28, "description": "HQ"},
                {"ip_address": "198.51.100.7"},
            ],
        }
    )["id"]
    cologne = c.access_control_lists.create(
        {
            "name": "Büro Köln",
            "enabled": False,
            "ip_ranges": [{"ip_address": "192.0.2.1", "range": 24, "description": ""}],
        }
    )["id"]
    made.ids.update({"acl:Office": office, "acl:Büro Köln": cologne})

    # A: outbound, authorised by an ACL.
    a = trunk("Outbound ACL", "outbound-acl")
    c.trunk_access_control_lists.add(a, [office])
    # B: inbound to static endpoints, with call forwarding.
    b = trunk("Inbound static", "inbound-static", enable_call_forward=True, call_forward_number="+14155559999")
    c.sip_endpoints.create(
        b, {"name": "sbc-1", "priority": 1, "address": "192.0.2.10", "transport": "TLS", "port": 5061}
    )
    c.sip_endpoints.create(b, {"name": "sbc-2", "priority": 2, "address": "sbc2.example.net", "enabled": False})
    # C: both directions: two ACLs (one shared with A) and a credential list, an endpoint, numbers, caller name.
    both = trunk("Both ways", "both-ways", enable_caller_name=True)
    c.trunk_access_control_lists.add(both, [office, cologne])
    c.trunk_credential_lists.add(both, [credential_list("Both ways users")])
    c.sip_endpoints.create(both, {"name": "sbc-1", "priority": 1, "address": "198.51.100.20", "transport": "TCP"})
    # D: inbound to a registered endpoint, its credential list linked first.
    d = trunk("Registered", "registered")
    c.trunk_credential_lists.add(d, [credential_list("Phones")])
    c.sip_endpoints.create(d, {"name": "Desk phone 1", "priority": 1, "credential_username": "desk-1"})
    # E: outbound with digest authentication.
    e = trunk("Digest", "digest")
    c.trunk_credential_lists.add(e, [credential_list("Road warriors")])
    credential_list("Spare")  # linked to no trunk

    for name, numbers in NUMBERS.items():
        for number in numbers:
            c.phone_numbers.assign(number, made.ids[f"trunk:{name}"])
    c.country_permissions.update("SE", True)
    c.country_permissions.update("CA", False)
    made.ids["rule:No premium"] = c.call_blocking_rules.create(
        {"name": "No premium", "direction": "OUTBOUND", "callee_match": "1900"}
    )["id"]
    made.ids["rule:unnamed"] = c.call_blocking_rules.create({"direction": "INBOUND", "caller_country": "NG"})["id"]
    return made


def uid(n: int) -> str:
    """A 26-character id in the API's alphabet; larger ``n`` sorts later, as a later-created object would."""
    return f"01J{n:023d}"


TRUNK, ACL, PHONES, ENDPOINT, REG, RULE = uid(1), uid(2), uid(3), uid(4), uid(5), uid(6)


def snapshot(**overrides: Any) -> Snapshot:
    trunk = TrunkSnapshot(
        trunk={
            "id": TRUNK,
            "name": "Main trunk",
            "host_name": "acme",
            "enable_caller_name": True,
            "enable_call_forward": False,
            "call_forward_number": "",
            "calls_per_second": 5,
        },
        endpoints=(
            {
                "id": ENDPOINT,
                "trunk_id": TRUNK,
                "name": "sbc-1",
                "priority": 1,
                "transport": "tls",
                "enabled": True,
                "address": "192.0.2.10",
                "port": 5061,
                "credential_username": None,
            },
            {
                "id": REG,
                "trunk_id": TRUNK,
                "name": "Desk 1",
                "priority": 2,
                "transport": "UDP",
                "enabled": False,
                "address": None,
                "port": 5060,
                "credential_username": "desk-1",
            },
        ),
        access_control_list_ids=(ACL,),
        credential_list_ids=(PHONES,),
        phone_numbers=("+14155550101", "+14155550100"),
    )
    values: dict[str, Any] = {
        "project_id": "proj-1",
        "trunks": (trunk,),
        "access_control_lists": (
            {
                "id": ACL,
                "name": "Office",
                "enabled": True,
                "ip_ranges": [
                    {"id": uid(20), "ip_address": "203.0.113.0", "range": 28, "description": "HQ"},
                    {"id": uid(21), "ip_address": "198.51.100.7", "range": 32, "description": None},
                ],
            },
        ),
        "credential_lists": (
            {"id": PHONES, "name": "Phones", "credentials": [{"username": "desk-1"}, {"username": "desk-2"}]},
        ),
        "country_permissions": ({"iso_code": "SE", "name": "Sweden", "enabled": True},),
        "call_blocking_rules": (
            {
                "id": RULE,
                "name": None,
                "direction": "outbound",
                "caller_country": None,
                "callee_country": "se",
                "caller_match": None,
                "callee_match": "1900",
            },
        ),
    }
    values.update(overrides)
    return Snapshot(**values)
