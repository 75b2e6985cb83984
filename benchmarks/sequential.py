"""The reference a user writes by hand today: the same API calls with ``EstClient``, one after another."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

from benchmarks.estate import Estate, Trunk
from sinch_est.client import EstClient

__all__ = ["SequentialScript"]


def _range(item: dict[str, Any]) -> dict[str, Any]:
    network = ipaddress.IPv4Interface(item["cidr"])
    return {"ip_address": str(network.ip), "range": network.network.prefixlen, "description": item["description"]}


@dataclass
class _Made:
    trunk: str
    acl: str
    acl_ranges: list[str]
    credential_list: str
    endpoints: list[str] = field(default_factory=list)


class SequentialScript:
    """Create, read, change and delete an estate with plain client calls in dependency order."""

    def __init__(self, client: EstClient) -> None:
        self.client = client
        self.made: dict[str, _Made] = {}

    def up(self, estate: Estate) -> None:
        c = self.client
        for t in estate.trunks:
            trunk = c.sip_trunks.create({"name": t.trunk_name, "host_name": t.host_name})["id"]
            acl = c.access_control_lists.create(
                {"name": f"{t.key} ACL", "ip_ranges": [_range(r) for r in t.ip_ranges]}
            )
            c.trunk_access_control_lists.add(trunk, [acl["id"]])
            creds = [{"username": u, "password": p} for u, p in t.credentials.items()]
            cl = c.credential_lists.create({"name": f"{t.key} credentials", "credentials": creds})["id"]
            c.trunk_credential_lists.add(trunk, [cl])
            made = _Made(trunk, acl["id"], [r["id"] for r in acl["ip_ranges"]], cl)
            for e in t.endpoints:
                body = {"name": e.name, "priority": e.priority, "address": e.address}
                if e.credential_username:
                    body = {"name": e.name, "priority": e.priority, "credential_username": e.credential_username}
                made.endpoints.append(c.sip_endpoints.create(trunk, body)["id"])
            for number in t.phone_numbers:
                c.phone_numbers.assign(number, trunk)
            self.made[t.key] = made

    def read(self, estate: Estate) -> None:
        """What a script does to find drift: fetch every object (and each trunk's links) one by one."""
        c = self.client
        for t in estate.trunks:
            made = self.made[t.key]
            c.sip_trunks.get(made.trunk)
            c.access_control_lists.get(made.acl)
            list(c.trunk_access_control_lists.list(made.trunk))
            c.credential_lists.get(made.credential_list)
            list(c.trunk_credential_lists.list(made.trunk))
            for endpoint in made.endpoints:
                c.sip_endpoints.get(made.trunk, endpoint)
            for number in t.phone_numbers:
                c.phone_numbers.get(number)

    def update(self, before: Estate, after: Estate) -> None:
        """Send one write for each object that differs, as the engine's update does."""
        c = self.client
        for old, new in zip(before.trunks, after.trunks, strict=True):
            made = self.made[new.key]
            if old.trunk_name != new.trunk_name:
                c.sip_trunks.update(made.trunk, {"name": new.trunk_name, "host_name": new.host_name})
            for range_id, (o, n) in zip(made.acl_ranges, zip(old.ip_ranges, new.ip_ranges, strict=True), strict=True):
                if o != n:
                    c.ip_ranges.update(made.acl, range_id, _range(n))
            for username, password in new.credentials.items():
                if old.credentials.get(username) != password:
                    c.credentials.upsert(made.credential_list, username, password)
            for endpoint_id, o_e, n_e in zip(made.endpoints, old.endpoints, new.endpoints, strict=True):
                if o_e != n_e:
                    body: dict[str, Any] = {"name": n_e.name, "priority": n_e.priority}
                    if n_e.credential_username:
                        body["credential_username"] = n_e.credential_username
                    else:
                        body["address"] = n_e.address
                    c.sip_endpoints.update(made.trunk, endpoint_id, body)

    def destroy(self, estate: Estate) -> None:
        for t in reversed(estate.trunks):
            made = self.made.pop(t.key)
            self._destroy(t, made)

    def _destroy(self, t: Trunk, made: _Made) -> None:
        c = self.client
        for number in t.phone_numbers:
            c.phone_numbers.unassign(number)
        for endpoint in made.endpoints:
            c.sip_endpoints.delete(made.trunk, endpoint)
        c.trunk_credential_lists.remove(made.trunk, made.credential_list)
        c.trunk_access_control_lists.remove(made.trunk, made.acl)
        c.credential_lists.delete(made.credential_list)
        c.access_control_lists.delete(made.acl)
        c.sip_trunks.delete(made.trunk)
