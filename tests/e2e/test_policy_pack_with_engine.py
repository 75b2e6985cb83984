"""The policy pack with the real engine: `pulumi preview --policy-pack` on the examples."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _harness import Stack, pulumi_binary

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "sinch_est" / "policy"
EXAMPLES = REPO / "examples"
COUNTRIES = Path(__file__).parent / "projects" / "countries"
VENV_BIN = Path(sys.executable).parent  # where `sinch-est` is installed
COMPLIANT = ["outbound-acl", "inbound-static", "both-directions", "inbound-registered", "outbound-digest"]
VIOLATION = re.compile(r"- \[(mandatory|advisory)\] (?:\[severity: \w+\])?\s+(\S+)\s+\(.*: ([^)]+)\)")

EXPECTED_MANDATORY = {
    ("acl-no-open-ranges", "world"),
    ("trunk-authenticated", "bare-trunk"),
    ("registered-endpoint-credentials-linked", "orphan-phone"),
    ("country-permissions-allow-list", "cuba"),
    ("phone-number-assigned-once", "n1"),
    ("phone-number-assigned-once", "n1-again"),
}

pytestmark = pytest.mark.e2e


def violations(output: str, level: str) -> set[tuple[str, str]]:
    return {(policy, name) for lvl, policy, name in VIOLATION.findall(output) if lvl == level}


def preview(stack: Stack, config: dict[str, Any] | None = None) -> tuple[int, str]:
    args = ["--policy-pack", str(PACK)]
    if config is not None:
        path = stack.work / "policy-config.json"
        path.write_text(json.dumps(config))
        args += ["--policy-pack-config", str(path)]
    result = stack.preview(*args, check=False)
    return result.returncode, result.stdout + result.stderr


def engine_stopped_on_the_pack(output: str) -> bool:
    """The engine's own words race (sdk/v3 policy_proxy.go): "policy pack not started" when a resource
    reaches the pack after it failed, "Cancelling all calls" when the engine stops first."""
    return "policy pack not started" in output or "error: Cancelling all calls" in output


def test_noncompliant_example_fails_with_exactly_the_mandatory_violations(make_stack: Any, emulator: Any) -> None:
    stack = make_stack(EXAMPLES / "noncompliant")
    before = len(emulator.requests)
    code, output = preview(stack)
    assert code != 0
    assert violations(output, "mandatory") == EXPECTED_MANDATORY
    assert ("endpoint-uses-tls", "orphan-phone") in violations(output, "advisory")
    assert len(emulator.requests) == before, "a preview makes no API call"


@pytest.mark.parametrize("example", COMPLIANT)
def test_compliant_examples_pass(example: str, make_stack: Any) -> None:
    code, output = preview(make_stack(EXAMPLES / example))
    assert code == 0, output
    assert violations(output, "mandatory") == set()


def test_config_changes_an_enforcement_level(make_stack: Any) -> None:
    stack = make_stack(EXAMPLES / "noncompliant")
    config = {"endpoint-uses-tls": {"enforcementLevel": "mandatory"}, "country-permissions-allow-list": "advisory"}
    code, output = preview(stack, config)
    assert code != 0
    expected = (EXPECTED_MANDATORY - {("country-permissions-allow-list", "cuba")}) | {
        ("endpoint-uses-tls", "orphan-phone")
    }
    assert violations(output, "mandatory") == expected
    assert ("country-permissions-allow-list", "cuba") in violations(output, "advisory")


def test_config_changes_a_threshold(make_stack: Any) -> None:
    stack = make_stack(EXAMPLES / "outbound-acl")  # a /29 range: fine at /24, too wide at /30
    assert preview(stack)[0] == 0
    code, output = preview(stack, {"acl-no-open-ranges": {"minPrefixLength": 30}})
    assert code != 0
    assert violations(output, "mandatory") == {("acl-no-open-ranges", "outbound-acl")}


# --- estates anywhere in the world pass; an allow-list, once configured, is enforced ---------------------


def test_an_estate_enabling_sweden_passes_without_config(make_stack: Any) -> None:
    code, output = preview(make_stack(COUNTRIES))
    assert code == 0, output
    assert "sinch-est@v" in output, "the pack ran"
    assert violations(output, "mandatory") == set()


def test_a_configured_allow_list_is_enforced(make_stack: Any) -> None:
    stack = make_stack(COUNTRIES)
    code, output = preview(stack, {"country-permissions-allow-list": {"allowedCountries": ["US", "CA"]}})
    assert code != 0
    assert violations(output, "mandatory") == {("country-permissions-allow-list", "sweden")}
    assert "enables calls to SE, which is not on the allow-list (US, CA)" in output
    assert preview(stack, {"country-permissions-allow-list": {"allowedCountries": ["SE"]}})[0] == 0


# --- the pack's Python, and a recipe that cannot fail open ---------------------------------------------


def recipe() -> str:
    """README's policy-pack recipe, exactly as users copy it."""
    blocks = re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(), flags=re.DOTALL)
    [block] = [b for b in blocks if "sinch-est policy-pack" in b]
    return block


def pulumi_recorder(folder: Path, real: Path) -> Path:
    """A ``pulumi`` first on PATH that notes each command line, then runs the real CLI."""
    folder.mkdir()
    script = folder / "pulumi"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{folder}/calls"\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    return folder / "calls"


def run_recipe(stack: Stack, text: str, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    calls = pulumi_recorder(stack.work / "recorder", Path(stack.env["PATH"].split(os.pathsep)[0]) / "pulumi")
    (stack.project_dir / "policy-config.json").write_text("{}")
    (calls.parent / "sinch-est").symlink_to(VENV_BIN / "sinch-est")  # the command, not its venv's python3
    env = {**env, "PATH": f"{calls.parent}{os.pathsep}{env['PATH']}"}
    result = subprocess.run(
        ["bash", "-c", text], cwd=stack.project_dir, env=env, capture_output=True, text=True, timeout=600
    )
    print(f"$ {text}\n{result.stdout}\n{result.stderr}")
    return result, calls.read_text().splitlines() if calls.exists() else []


def test_readme_recipe_stops_before_any_preview_when_the_pack_cannot_start(
    make_stack: Any, python_without: Any
) -> None:
    stack = make_stack(EXAMPLES / "noncompliant")
    broken = dict(stack.env, PULUMI_PYTHON_CMD=str(python_without("pulumi_policy")))
    result, calls = run_recipe(stack, recipe(), broken)
    assert result.returncode != 0
    assert [c for c in calls if c.startswith("preview")] == [], "no preview may run without the policies"
    assert "sinch-est policy-pack: Pulumi would run the policy pack on" in result.stderr
    assert "cannot import pulumi_policy" in result.stderr


def test_readme_recipe_previews_with_the_pack_when_it_can_start(make_stack: Any) -> None:
    stack = make_stack(EXAMPLES / "noncompliant")
    result, calls = run_recipe(stack, recipe(), stack.env)
    [call] = [c for c in calls if c.startswith("preview")]
    assert f"--policy-pack {PACK}" in call
    assert result.returncode != 0, "the non-compliant example fails on its violations"
    assert violations(result.stdout + result.stderr, "mandatory") == EXPECTED_MANDATORY


def test_an_inline_path_recipe_fails_open_which_is_why_readme_does_not_use_it(
    make_stack: Any, python_without: Any
) -> None:
    """The old recipe, for the record: with a Python that lacks sinch-est, the preview runs without policies."""
    stack = make_stack(EXAMPLES / "noncompliant")
    python = python_without("sinch_est")
    env = dict(stack.env, PATH=f"{python.parent}{os.pathsep}{stack.env['PATH']}")
    inline = "import os, sinch_est.policy as p; print(os.path.dirname(p.__file__))"
    old = f"pulumi preview --policy-pack \"$(python3 -c '{inline}')\""
    result, calls = run_recipe(stack, old, env)
    assert [c for c in calls if c.startswith("preview")] == ["preview --policy-pack "]
    assert result.returncode == 0, "a non-compliant estate passes: no policy ran"
    assert violations(result.stdout + result.stderr, "mandatory") == set()


def test_pack_that_cannot_start_fails_the_preview_naming_its_python(make_stack: Any, python_without: Any) -> None:
    stack = make_stack(EXAMPLES / "outbound-acl")
    python = python_without("pulumi_policy")
    stack.env["PULUMI_PYTHON_CMD"] = str(python)
    code, output = preview(stack)
    assert code != 0
    assert f"sinch-est policy pack: this Python ({sys.executable}) cannot import pulumi_policy" in output
    assert "export PULUMI_PYTHON_CMD=" in output
    assert engine_stopped_on_the_pack(output)


def test_pack_runs_on_python3_from_path_not_on_the_program_virtualenv(
    make_stack: Any, python_without: Any, tmp_path: Path
) -> None:
    """The program's ``virtualenv`` has everything; the pack still runs on python3 from PATH."""
    source = tmp_path / "venv-project"
    shutil.copytree(EXAMPLES / "outbound-acl", source)
    venv_dir = Path(sys.prefix)
    (source / "Pulumi.yaml").write_text(
        f"name: venv-project\nruntime:\n  name: python\n  options:\n    virtualenv: {venv_dir}\n"
    )
    stack = make_stack(source)
    stack.env.pop("PULUMI_PYTHON_CMD")
    python3 = python_without("pulumi")  # first on PATH after the engine
    stack.env["PATH"] = f"{pulumi_binary().parent}{os.pathsep}{python3.parent}{os.pathsep}{os.environ['PATH']}"
    assert stack.run("preview").returncode == 0, "the program runs on its virtualenv"
    code, output = preview(stack)
    assert code != 0
    assert "Error while finding module specification for 'pulumi.policy' (ModuleNotFoundError: No module" in output
    assert engine_stopped_on_the_pack(output)
