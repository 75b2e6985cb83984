"""The components route a trunk's numbers as one TrunkPhoneNumbers, or one resource per number on request;
moving a stack between the two shapes never unassigns a number (the emulator's request log shows it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _harness import Stack

from sinch_est.client import EstClient

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).parent / "projects" / "numbers-shape"
NUMBERS = ["+14155550130", "+14155550131", "+14155550132", "+14155550133"]


def _on_trunk(client: EstClient) -> list[str]:
    [trunk] = list(client.sip_trunks.list())
    return sorted(n["phone_number"] for n in client.phone_numbers.list(trunk["id"]))


def _number_writes(emulator: Any) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in emulator.requests if r.method != "GET" and "/phoneNumbers" in r.path]


def test_moving_between_block_and_per_number_never_unassigns(
    make_stack: Any, emulator: Any, est_client: EstClient
) -> None:
    stack: Stack = make_stack(PROJECT, config={"perNumber": "true"})
    stack.up()
    assert len(stack.resources("PhoneNumberAssignment")) == 4 and stack.resources("TrunkPhoneNumbers") == []
    assert _on_trunk(est_client) == NUMBERS

    stack.set_config("perNumber", "false")
    emulator.requests.clear()
    to_block = stack.up()
    assert _number_writes(emulator) == [], "the block finds its numbers on the trunk; the old deletes leave them"
    assert "left on its trunk, where a TrunkPhoneNumbers resource now routes it" in to_block.output
    assert _on_trunk(est_client) == NUMBERS
    assert stack.resources("PhoneNumberAssignment") == [] and len(stack.resources("TrunkPhoneNumbers")) == 1
    stack.preview("--expect-no-changes")

    stack.set_config("perNumber", "true")
    emulator.requests.clear()
    stack.up()
    writes = _number_writes(emulator)
    assert len(writes) == len(NUMBERS), f"one (idempotent) assign per new resource and no unassign: {writes}"
    assert _on_trunk(est_client) == NUMBERS
    stack.preview("--expect-no-changes")

    stack.destroy()
    assert list(est_client.phone_numbers.list()) == []
