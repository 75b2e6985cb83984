"""A trunk links its lists itself (the components' shape) or through link resources; moving a stack between
the two never unlinks a list, not even for a moment (the emulator's request log shows it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _harness import Stack

from sinch_est.client import EstClient

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).parent / "projects" / "links-shape"


def _links(client: EstClient) -> tuple[set[str], set[str]]:
    [trunk] = list(client.sip_trunks.list())
    acls = set(client.trunk_access_control_lists.list(trunk["id"]))
    return acls, set(client.trunk_credential_lists.list(trunk["id"]))


def _unlinks(emulator: Any) -> list[tuple[str, str]]:
    return [
        (r.method, r.path)
        for r in emulator.requests
        if r.method == "DELETE" and ("/accessControlLists/" in r.path or "/credentialLists/" in r.path)
    ]


def test_moving_between_link_resources_and_trunk_links_never_unlinks(
    make_stack: Any, emulator: Any, est_client: EstClient
) -> None:
    stack: Stack = make_stack(PROJECT, config={"linkResources": "true"})
    stack.up()
    linked = _links(est_client)
    assert all(len(ids) == 1 for ids in linked)

    stack.set_config("linkResources", "false")
    emulator.requests.clear()
    to_trunk = stack.up()
    assert _unlinks(emulator) == [], "the trunk holds the links now; the old link resources leave them"
    assert "left linked, where the SipTrunk resource now holds it" in to_trunk.output
    assert _links(est_client) == linked
    assert stack.resources("TrunkAccessControlList") == [] and stack.resources("TrunkCredentialList") == []
    stack.preview("--expect-no-changes")

    stack.set_config("linkResources", "true")
    emulator.requests.clear()
    stack.up()
    assert _unlinks(emulator) == [], "the link resources hold them again; the trunk leaves them"
    assert _links(est_client) == linked
    stack.preview("--expect-no-changes")

    stack.destroy()
    assert list(est_client.sip_trunks.list()) == [] and list(est_client.access_control_lists.list()) == []
