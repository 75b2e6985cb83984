"""The policy pack with the real engine: `pulumi preview --policy-pack` on the examples."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from _harness import Stack

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "sinch_est" / "policy"
EXAMPLES = REPO / "examples"
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
