"""The walking skeleton: one SIP trunk through up, no-op preview, refresh, rename, destroy — real engine."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from _harness import Stack

from sinch_est.client import EstClient

PROJECT = Path(__file__).parent / "projects" / "trunk"

pytestmark = pytest.mark.e2e


def test_sip_trunk_lifecycle(make_stack: Any, emulator: Any, project_id: str, est_client: EstClient) -> None:
    stack: Stack = make_stack(PROJECT)
    stack.up()
    [trunk] = emulator.store.objects(project_id, "SipTrunk")
    assert stack.outputs()["sip_domain"] == "e2e-main.pstn.sinch.com"

    stack.preview("--expect-no-changes")
    stack.refresh()
    stack.preview("--expect-no-changes")

    stack.run("config", "set", "trunkName", "Renamed trunk")
    stack.up()
    [renamed] = emulator.store.objects(project_id, "SipTrunk")
    assert renamed["id"] == trunk["id"], "a rename must update in place, not replace"
    assert est_client.sip_trunks.get(trunk["id"])["name"] == "Renamed trunk"
    stack.preview("--expect-no-changes")

    stack.destroy()
    assert emulator.store.objects(project_id, "SipTrunk") == []


def test_sip_trunk_state_holds_a_small_by_reference_provider_and_no_secret(make_stack: Any, emulator: Any) -> None:
    stack: Stack = make_stack(PROJECT)
    stack.up()
    [resource] = stack.resources("SipTrunk")
    pickled = resource["outputs"]["__provider"]
    assert isinstance(pickled, str), "the provider is not captured as a secret: nothing secret is on it"
    raw = base64.b64decode(pickled)
    assert len(raw) < 1024
    assert b"sinch_est.provider.sip_trunk" in raw and b"SipTrunkProvider" in raw
    assert b"co_code" not in raw and b"code\n" not in raw, "pickled by reference, without bytecode"

    stack.run("config", "set", "hostName", "Not_A_Label")  # a failing step: its message is searched too
    failed = stack.preview(check=False)
    assert failed.returncode != 0 and "host_name" in failed.stdout + failed.stderr
    for text in (stack.state_text(), stack.logs_text(), json.dumps(stack.export())):
        assert emulator.key_secret not in text
    stack.run("config", "set", "hostName", "e2e-main")
    stack.destroy()


def test_sip_trunk_bad_input_fails_preview_before_any_api_call(make_stack: Any, emulator: Any) -> None:
    stack: Stack = make_stack(PROJECT, config={"hostName": "Bad_Host", "trunkName": "x"})
    before = len(emulator.requests)
    result = stack.preview(check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "host_name" in output and "DNS label" in output
    assert len(emulator.requests) == before, "check must fail before any API call"


def test_sip_trunk_adopt(make_stack: Any, emulator: Any, project_id: str, est_client: EstClient) -> None:
    existing = est_client.sip_trunks.create({"name": "Made by hand", "host_name": "e2e-main"})
    stack: Stack = make_stack(PROJECT, config={"adoptId": existing["id"], "trunkName": "Now managed"})
    stack.up()
    [trunk] = emulator.store.objects(project_id, "SipTrunk")
    assert trunk["id"] == existing["id"] and trunk["name"] == "Now managed"
    stack.preview("--expect-no-changes")


def test_sip_trunk_disappears_and_is_recreated(
    make_stack: Any, emulator: Any, project_id: str, est_client: EstClient
) -> None:
    stack: Stack = make_stack(PROJECT)
    stack.up()
    [trunk] = emulator.store.objects(project_id, "SipTrunk")
    est_client.sip_trunks.delete(trunk["id"])
    refreshed = stack.refresh()
    assert "deleted" in refreshed.stdout
    stack.up()
    [again] = emulator.store.objects(project_id, "SipTrunk")
    assert again["id"] != trunk["id"]
    stack.destroy()


def test_a_missing_engine_fails_instead_of_skipping(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import _harness

    monkeypatch.setattr(_harness, "TOOLS_BIN", tmp_path / "nowhere" / "bin")
    with pytest.raises(AssertionError, match=r"scripts/install-pulumi\.sh"):
        _harness.pulumi_binary()


def test_sip_trunk_refused_delete_names_the_blocker(
    make_stack: Any, emulator: Any, project_id: str, est_client: EstClient
) -> None:
    stack: Stack = make_stack(PROJECT)
    stack.up()
    [trunk] = emulator.store.objects(project_id, "SipTrunk")
    est_client.phone_numbers.assign("+14155550150", trunk["id"])  # out of band: Pulumi does not know it
    result = stack.run("destroy", "--yes", "--skip-preview", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "deleting SIP trunk 'Main trunk'" in output
    assert "phone numbers assigned" in output and "Unassign the trunk's phone numbers first" in output
    est_client.phone_numbers.unassign("+14155550150")
    stack.destroy()
    assert emulator.store.objects(project_id, "SipTrunk") == []
