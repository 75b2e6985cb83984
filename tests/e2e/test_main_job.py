"""README's main job (scripts/main_job.py, run by ./scripts/up) against the embedded emulator."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _harness import REPO, pulumi_binary

pytestmark = pytest.mark.e2e


STACK = f"e2e-main-job-{os.getpid()}"
"""Its own stack name: the stack file Pulumi.<stack>.yaml lands in the checkout, shared with ./scripts/up."""


def run_main_job(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    pulumi_binary()  # fail, not skip, without the engine
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SINCH_", "PULUMI_"))}
    env["SINCH_EST_WORKDIR"] = str(work)
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "main_job.py"), "--stack", STACK, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(result.stdout, result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(autouse=True)
def _remove_stack_file() -> Iterator[None]:
    yield
    (REPO / f"Pulumi.{STACK}.yaml").unlink(missing_ok=True)


def test_main_job_applies_the_reference_estate_then_is_a_no_op(tmp_path: Path) -> None:
    first = run_main_job(tmp_path)
    outputs = json.loads(first.stdout[first.stdout.rindex("{\n") :])
    assert outputs["sip_domain"] == "acme-voice-reference.pstn.sinch.com"
    assert outputs["phone_numbers"] == ["+14155550100", "+14155550101"]
    assert "Emulator listening on http://127.0.0.1:" in first.stdout

    second = run_main_job(tmp_path)
    created = re.search(r"\+ (\d+) created", first.stdout)
    # The stack, the BothDirections component, its trunk, ACL, credential list, endpoints and numbers.
    assert created is not None and int(created[1]) == 7, first.stdout
    assert f"{created[1]} unchanged" in second.stdout and "created" not in second.stdout

    secret = (tmp_path / ".state" / "sip-password").read_text().strip()
    assert secret not in first.stdout + first.stderr + second.stdout + second.stderr
    state = "".join(p.read_text() for p in (tmp_path / ".pulumi-state").rglob("*.json"))
    assert secret not in state and "emulator-key-secret" not in state

    run_main_job(tmp_path, "--destroy")
    emulator_data = (tmp_path / ".state" / "emulator.json").read_text()
    assert "acme-voice-reference" not in emulator_data
