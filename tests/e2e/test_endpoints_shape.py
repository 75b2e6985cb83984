"""The components hold a trunk's endpoints as one TrunkEndpoints, or one SipEndpoint each on request; moving
a stack between the two shapes never leaves the trunk without an endpoint (the emulator's request log shows
it): to the block, nothing is written at all; back, every endpoint is made anew before the old one goes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _harness import Stack

from sinch_est.client import EstClient

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).parent / "projects" / "endpoints-shape"
NAMES = ["desk", "sbc-a", "sbc-b"]


def _endpoints(client: EstClient) -> dict[str, str]:
    [trunk] = list(client.sip_trunks.list())
    return {e["name"]: e["id"] for e in client.sip_endpoints.list(trunk["id"])}


def _endpoint_writes(emulator: Any) -> list[str]:
    return [r.method for r in emulator.requests if r.method != "GET" and "/endpoints" in r.path]


def test_moving_between_block_and_per_endpoint_never_leaves_the_trunk_without_an_endpoint(
    make_stack: Any, emulator: Any, est_client: EstClient
) -> None:
    stack: Stack = make_stack(PROJECT, config={"perEndpoint": "true"})
    stack.up()
    assert len(stack.resources("SipEndpoint")) == 3 and stack.resources("TrunkEndpoints") == []
    first = _endpoints(est_client)
    assert sorted(first) == NAMES

    stack.set_config("perEndpoint", "false")
    emulator.requests.clear()
    to_block = stack.up()
    assert _endpoint_writes(emulator) == [], "the block takes the endpoints over; the old deletes leave them"
    assert "left on its trunk, where a TrunkEndpoints resource now holds it" in to_block.output
    assert _endpoints(est_client) == first, "the same endpoints, same ids"
    [block] = stack.resources("TrunkEndpoints")
    assert stack.resources("SipEndpoint") == [] and block["outputs"]["endpoint_ids"] == first
    stack.preview("--expect-no-changes")

    stack.set_config("perEndpoint", "true")
    emulator.requests.clear()
    stack.up()
    writes = _endpoint_writes(emulator)
    assert writes == ["POST"] * 3 + ["DELETE"] * 3, f"every new endpoint before any old one goes: {writes}"
    again = _endpoints(est_client)
    assert sorted(again) == NAMES and not set(again.values()) & set(first.values())
    stack.preview("--expect-no-changes")

    stack.destroy()
    assert list(est_client.sip_trunks.list()) == []
