"""Delete every EST object whose name starts with a prefix, in the order the API allows.

Live tests name everything ``est-live-<random>-…`` and sweep that prefix when they end (and a crashed
run's leftovers can be swept by hand): ``python tests/live/sweeper.py est-live-`` with ``SINCH_*`` set.
Order: numbers, endpoints and links of each prefixed trunk, the trunk, then prefixed lists and rules.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable

from sinch_est.client import EstClient, NotFoundError


def sweep(client: EstClient, prefix: str) -> list[str]:
    """What was deleted, as ``kind:id`` strings; objects without the prefix are never touched."""
    deleted: list[str] = []
    for trunk in list(client.sip_trunks.list()):
        if not (trunk.get("host_name") or "").startswith(prefix) and not (trunk.get("name") or "").startswith(prefix):
            continue
        trunk_id = trunk["id"]
        for number in list(client.phone_numbers.list(trunk_id=trunk_id)):
            client.phone_numbers.unassign(number["phone_number"])
            deleted.append(f"PhoneNumberAssignment:{number['phone_number']}")
        for endpoint in list(client.sip_endpoints.list(trunk_id)):
            client.sip_endpoints.delete(trunk_id, endpoint["id"])
            deleted.append(f"SipEndpoint:{endpoint['id']}")
        for acl_id in list(client.trunk_access_control_lists.list(trunk_id)):
            client.trunk_access_control_lists.remove(trunk_id, acl_id)
        for list_id in list(client.trunk_credential_lists.list(trunk_id)):
            client.trunk_credential_lists.remove(trunk_id, list_id)
        _delete(client.sip_trunks.delete, trunk_id)
        deleted.append(f"SipTrunk:{trunk_id}")
    for acl in list(client.access_control_lists.list()):
        if (acl.get("name") or "").startswith(prefix):
            _delete(client.access_control_lists.delete, acl["id"])
            deleted.append(f"AccessControlList:{acl['id']}")
    for creds in list(client.credential_lists.list()):
        if (creds.get("name") or "").startswith(prefix):
            _delete(client.credential_lists.delete, creds["id"])
            deleted.append(f"CredentialList:{creds['id']}")
    for rule in list(client.call_blocking_rules.list()):
        if (rule.get("name") or "").startswith(prefix):
            _delete(client.call_blocking_rules.delete, rule["id"])
            deleted.append(f"CallBlockingRule:{rule['id']}")
    return deleted


def _delete(delete: Callable[[str], None], object_id: str) -> None:
    with contextlib.suppress(NotFoundError):  # gone already is what a sweeper wants
        delete(object_id)


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1]:
        raise SystemExit("usage: sweeper.py PREFIX   (with SINCH_PROJECT_ID, SINCH_KEY_ID, SINCH_KEY_SECRET set)")
    with EstClient.from_env() as est:
        for line in sweep(est, sys.argv[1]):
            print(line)
