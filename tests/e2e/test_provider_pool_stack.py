"""provider_pool(n) with the real engine: n provider processes share the work, with the stack's settings,
no secret in plaintext, and moving resources between pool and default provider changes nothing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from _harness import Stack

PROJECT = Path(__file__).parent / "projects" / "pool"
KINDS = {"SipTrunk": 1, "AccessControlList": 1, "CredentialList": 1, "SipEndpoint": 2}

pytestmark = pytest.mark.e2e


def test_provider_pool_spreads_an_estate_over_processes(make_stack: Any, emulator: Any, project_id: str) -> None:
    stack: Stack = make_stack(PROJECT, {"poolSize": "3"})
    stack.run("up", "--yes", "--skip-preview", "--parallel", "12")
    resources = stack.export()["deployment"]["resources"]
    pool = [r for r in resources if r["type"] == "pulumi:providers:pulumi-python"]
    assert sorted(r["urn"].rsplit("::", 1)[1] for r in pool) == ["sinch-est-0", "sinch-est-1", "sinch-est-2"]
    members = Counter(
        r["provider"].split("::")[-1].split("::")[0]
        for r in resources
        if r["type"].startswith("pulumi-python:dynamic/sinch_est:")
    )
    assert len(members) == 3 and max(members.values()) - min(members.values()) <= 1, f"round-robin: {members}"
    for kind, count in KINDS.items():
        assert len(emulator.store.objects(project_id, kind)) == count, kind
    assert sum(1 for r in emulator.store.objects(project_id, "PhoneNumber") if r.get("sipTrunkId")) == 3
    tokens = emulator.requests.matching("POST", "/oauth2/token")
    assert len(tokens) == 3, "one provider process (and one OAuth token) per pool member"

    for text in (stack.state_text(), stack.logs_text(), json.dumps(stack.export())):
        assert emulator.key_secret not in text, "the pool's provider settings keep the key secret encrypted"

    stack.preview("--expect-no-changes")
    emulator.requests.clear()
    stack.refresh()
    stack.preview("--expect-no-changes")

    # Back to the default provider, or another pool size: only the pool's provider resources change.
    for size in ("0", "2"):
        stack.run("config", "set", "poolSize", size)
        emulator.requests.clear()
        stack.up()
        writes = [r for r in emulator.requests if r.method != "GET" and r.path != "/oauth2/token"]
        assert writes == [], f"poolSize {size}: the EST project must not change"
        stack.preview("--expect-no-changes")

    stack.destroy()
    for kind in KINDS:
        assert emulator.store.objects(project_id, kind) == [], kind
