"""Sinch's official Python SDK (``sinch``) against the emulator's Numbers API: list, page, route to a trunk."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from emulator_harness import NUMBER, PROJECT, make_trunk
from sinch import SinchClient
from sinch.domains.numbers.api.v1.exceptions import NumbersException

from sinch_est.emulator import EmulatorServer


@pytest.fixture
def sdk(emulator: EmulatorServer) -> Iterator[SinchClient]:
    client = SinchClient(project_id=PROJECT, key_id=emulator.key_id, key_secret=emulator.key_secret)
    # The SDK's documented way to reach another host: its configuration's origins.
    client.configuration.auth_origin = emulator.url
    client.configuration.numbers_origin = emulator.url
    yield client


def _list_calls(emulator: EmulatorServer) -> list[str]:
    path = f"/v1/projects/{PROJECT}/activeNumbers"
    return [r.query for r in emulator.requests if r.path == path and r.method == "GET"]


def test_sdk_lists_every_page(emulator: EmulatorServer, sdk: SinchClient) -> None:
    first = sdk.numbers.list(region_code="SE", number_type="LOCAL", page_size=75)
    assert first.has_next_page and len(first.content()) == 75
    numbers = [n.phone_number for n in first.iterator()]
    assert len(numbers) == 200 and len(set(numbers)) == 200 and numbers == sorted(numbers)
    queries = _list_calls(emulator)
    assert len(queries) == 3 and all("pageToken=" in q for q in queries[1:]), queries


def test_sdk_filters_and_errors(emulator: EmulatorServer, sdk: SinchClient) -> None:
    found = sdk.numbers.list(number_pattern="4670174001", number_search_pattern="START", capabilities=["VOICE"])
    assert [n.phone_number for n in found.content()] == [f"+4670174001{d}" for d in range(10)]
    assert "capabilities=VOICE" in _list_calls(emulator)[-1], "the SDK's name for the capability filter"
    with pytest.raises(NumbersException, match="pageToken: is not a token this list returned"):
        sdk.numbers.list(page_token="garbage")


def test_sdk_routes_a_number_to_a_trunk_and_the_list_shows_it(
    emulator: EmulatorServer, api: httpx.Client, sdk: SinchClient
) -> None:
    emulator.store.provisioning_delay = 0
    trunk = make_trunk(api)
    updated = sdk.numbers.update(phone_number=NUMBER, voice_configuration={"type": "EST", "trunk_id": trunk["id"]})
    assert (updated.voice_configuration.type, updated.voice_configuration.trunk_id) == ("EST", trunk["id"])
    routed = [n for n in sdk.numbers.list(region_code="US").iterator() if n.voice_configuration.type == "EST"]
    assert [(n.phone_number, n.voice_configuration.trunk_id) for n in routed] == [(NUMBER, trunk["id"])]
    [assigned] = api.get("/phoneNumbers", params={"sipTrunkId": trunk["id"]}).json()["phoneNumbers"]
    assert assigned["phoneNumber"] == NUMBER, "the EST side sees the assignment"
