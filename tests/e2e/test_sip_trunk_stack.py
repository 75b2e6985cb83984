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
    emulator.requests.clear()
    refused = stack.up(check=False)
    assert refused.returncode != 0
    assert "name: live 'Made by hand', program 'Now managed'" in refused.output
    assert "update_on_adopt=True" in refused.output
    assert [r for r in emulator.requests if r.method != "GET" and not r.path.endswith("/token")] == []
    assert est_client.sip_trunks.get(existing["id"])["name"] == "Made by hand", "nothing changed unseen"
    assert stack.resources("SipTrunk") == [], "nothing adopted"

    stack.set_config("updateOnAdopt", "true")
    adopted = stack.up()
    assert "changed name from 'Made by hand' to 'Now managed'" in adopted.output
    [trunk] = emulator.store.objects(project_id, "SipTrunk")
    assert trunk["id"] == existing["id"] and trunk["name"] == "Now managed"
    stack.preview("--expect-no-changes")
    stack.run("config", "rm", "adoptId")
    stack.run("config", "rm", "updateOnAdopt")
    stack.preview("--expect-no-changes")  # adopt_id is inert once adopted


def test_sip_trunk_adopted_then_deleted_out_of_band(make_stack: Any, emulator: Any, est_client: EstClient) -> None:
    existing = est_client.sip_trunks.create({"name": "Main trunk", "host_name": "e2e-main"})
    stack: Stack = make_stack(PROJECT, config={"adoptId": existing["id"]})
    stack.up()
    est_client.sip_trunks.delete(existing["id"])
    stack.refresh()  # drops it, with adopt_id still in the program
    assert stack.resources("SipTrunk") == []
    again = stack.up(check=False)
    assert again.returncode != 0 and "remove adopt_id and `pulumi up` creates a new one" in again.output
    stack.run("config", "rm", "adoptId")
    stack.up()
    assert len(stack.resources("SipTrunk")) == 1


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


TEN_MISTAKES = Path(__file__).parent / "projects" / "ten-mistakes"

EXPECTED_MISTAKES = {
    "bad-host": ["host_name: 'Bad_Host' is not a DNS label", "e.g. 'bad-host'"],
    "bad-forward": ["call_forward_number: is required when enable_call_forward is true"],
    "bad-port": ["port: 70000 is out of range"],
    "bad-priority": ["priority: 0 is out of range", "transport: 'SCTP' is not one of UDP, TCP, TLS"],
    "bad-cidr": ["ip_ranges[0].ip_address: '203.0.113.0/28' is a CIDR string", "range=28", "cidr='203.0.113.0/28'"],
    "bad-password": ["credentials[0].password: the password must have at least 12 characters"],
    "bad-number": ["phone_number: '4155550100' is not an E.164 number"],
    "bad-block": ["phone_numbers: entry 1: +14155550100 is listed twice"],
    "bad-country": ["iso_code: 'SWEDEN' is not an ISO 3166-1 alpha-2 country code"],
    "bad-rule": ["direction: 'SIDEWAYS' is not one of INBOUND, OUTBOUND", "callee_match: '19x' is not a number prefix"],
    "misspelt": ["hostname: is not an input: did you mean host_name?", "host_name: is required"],
}


def test_one_preview_reports_every_bad_input_of_every_resource(make_stack: Any, emulator: Any) -> None:
    stack: Stack = make_stack(TEN_MISTAKES)
    emulator.requests.clear()
    result = stack.preview(check=False)
    assert result.returncode != 0
    output = result.output
    for resource, fragments in EXPECTED_MISTAKES.items():
        assert f"'{resource}' has invalid inputs:" in output, resource
        for fragment in fragments:
            assert fragment in output, (resource, fragment)
    assert "11 resources of sinch-est have invalid inputs" in output
    assert "range=24" not in output, "the hint uses the user's own prefix"
    assert "Planted1pw" not in output, "a password is never echoed"
    assert list(emulator.requests) == [], "nothing reached the API, not even a check"
    assert "Traceback" not in output
