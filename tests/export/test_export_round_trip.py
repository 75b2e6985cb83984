"""Export → `pulumi up` with the real engine: adoption takes every object over without writes, and the same
export without adoption recreates the estate in another project, which exports back to the same program."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _harness import Stack
from export_estate import PASSWORDS, build_estate

from sinch_est.client import EstClient
from sinch_est.export import FILES, ExportReport, export_project
from sinch_est.testing import emulator_settings

pytestmark = pytest.mark.e2e

SECRET_COMMAND = re.compile(r"^pulumi config set --secret (\S+) '<password of (.+) in (.+)>'$", re.MULTILINE)
ULID = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{26}\b")


def _stack(emulator: Any, project_dir: Path, work: Path, project_id: str) -> Stack:
    """A stack of the exported project, set up as its README says: sinch config, then each listed password."""
    stack = Stack.create(project_dir, work, settings=emulator_settings(emulator, project_id))
    listed = SECRET_COMMAND.findall((project_dir / "README.md").read_text())
    assert listed, "the README lists no password commands"
    for key, username, list_name in listed:
        stack.set_config(key, PASSWORDS[(list_name, username)], secret=True)
    return stack


def _secret_keys(project_dir: Path) -> set[str]:
    return set(re.findall(r'config\.require_secret\("([^"]+)"\)', (project_dir / "__main__.py").read_text()))


def _resources(stack: Stack, report: ExportReport) -> dict[str, list[dict[str, Any]]]:
    return {cls: stack.resources(cls) for cls in report.resources}


def test_export_then_up_adopts_every_object_with_no_writes(
    emulator: Any, make_client: Callable[[str], EstClient], tmp_path: Path
) -> None:
    project = "export-round-trip"
    client = make_client(project)
    estate = build_estate(client)
    # Two endpoints of one name: that trunk's endpoints are exported one SipEndpoint each, the others as blocks.
    twins = client.sip_trunks.create({"name": "Twins", "host_name": "rt-twins"})["id"]
    for address in ("192.0.2.31", "192.0.2.32"):
        client.sip_endpoints.create(twins, {"name": "sbc-1", "priority": 1, "address": address})
    out = tmp_path / "export"
    report = export_project(client, out)
    assert report.resources["TrunkEndpoints"] == 3 and report.resources["SipEndpoint"] == 2
    assert any(w.startswith("twins_trunk: more than one endpoint is named 'sbc-1'") for w in report.warnings)
    assert _secret_keys(out) == {p.key for p in report.passwords}
    assert {m[0] for m in SECRET_COMMAND.findall((out / "README.md").read_text())} == _secret_keys(out)
    assert len(report.passwords) == len(PASSWORDS)
    stack = _stack(emulator, out, tmp_path / "stack", project)
    live_before = {
        kind: emulator.store.objects(project, kind) for kind in ("SipTrunk", "AccessControlList", "SipEndpoint")
    }

    start = len(emulator.requests)
    stack.up()
    served = [r for r in emulator.requests[start:] if not r.path.startswith("/oauth2/")]
    lists = {r["name"]: r["id"] for r in emulator.store.objects(project, "CredentialList")}
    password_routes = {
        f"/v1/projects/{project}/credentialLists/{lists[name]}/credentials/{username}" for name, username in PASSWORDS
    }
    writes = [(r.method, r.path) for r in served if r.method != "GET"]
    # Only write-only passwords may be written; anything else (a country permission PUT to the value it
    # already has, a rename) would be a change the preview never showed.
    unexpected = [(m, p) for m, p in writes if not (m == "PUT" and p in password_routes)]
    assert unexpected == [], f"adoption wrote more than passwords: {unexpected}"

    resources = _resources(stack, report)
    assert {cls: len(found) for cls, found in resources.items()} == dict(report.resources)
    assert all(r["outputs"].get("adopt_id") for found in resources.values() for r in found)
    assert {r["id"] for r in resources["SipTrunk"]} == {*estate.trunks.values(), twins}
    with_endpoints = [estate.trunks[f"trunk:{name}"] for name in ("Inbound static", "Both ways", "Registered")]
    assert sorted(r["id"] for r in resources["TrunkEndpoints"]) == sorted(f"{t}/endpoints" for t in with_endpoints)
    live_endpoints = {e["id"] for t in (*with_endpoints, twins) for e in client.sip_endpoints.list(t)}
    held = {i for r in resources["TrunkEndpoints"] for i in r["outputs"]["endpoint_ids"].values()}
    assert held | {r["id"] for r in resources["SipEndpoint"]} == live_endpoints
    assert {kind: emulator.store.objects(project, kind) for kind in live_before} == live_before
    for (name, username), password in PASSWORDS.items():
        assert emulator.store.check_password(project, lists[name], username, password)
    stack.preview("--expect-no-changes")
    for secret in PASSWORDS.values():
        assert secret not in stack.state_text() and secret not in stack.logs_text()


def _masked(text: str, project_id: str, prefix: str) -> str:
    text = ULID.sub("<id>", text).replace(project_id, "<project>")
    return (
        text.replace(f'"{prefix}', '"')
        .replace(f"`{prefix}", "`")
        .replace(f"'{prefix}", "'")
        .replace(f": {prefix}", ": ")
    )


def test_export_without_adoption_recreates_the_estate_in_another_project(
    emulator: Any, make_client: Callable[[str], EstClient], tmp_path: Path
) -> None:
    source, target, prefix = "export-staging", "export-production", "prod-"
    staging = make_client(source)
    build_estate(staging)
    first = export_project(staging, tmp_path / "first")
    copy = export_project(staging, tmp_path / "copy", adopt=False, host_name_prefix=prefix)
    copied = (tmp_path / "copy" / "__main__.py").read_text()
    assert "adopt_id" not in copied and not ULID.search(copied)
    assert copy.resources == first.resources

    stack = _stack(emulator, tmp_path / "copy", tmp_path / "stack", target)
    stack.up()
    stack.preview("--expect-no-changes")
    trunks = emulator.store.objects(target, "SipTrunk")
    assert len(trunks) == first.resources["SipTrunk"]
    assert all(t["hostName"].startswith(prefix) for t in trunks)

    second = export_project(make_client(target), tmp_path / "second")
    assert second.resources == first.resources
    for name in FILES:
        expected = _masked((tmp_path / "first" / name).read_text(), source, prefix)
        found = _masked((tmp_path / "second" / name).read_text(), target, prefix)
        assert found == expected, name
