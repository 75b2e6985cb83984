"""The typed API: generated from the schema, and seen by a type checker in a user's program."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mypy import api as mypy_api

REPO = Path(__file__).resolve().parents[1]

PROGRAM = """\
import pulumi

import sinch_est as est

trunk = est.SipTrunk("main", name="Main", hostname="acme")
est.SipEndpoint("sbc", trunk_id="t-1", name="sbc", priority="1", address="192.0.2.1")
ok = est.SipTrunk("ok", name="Ok", host_name="ok", opts=pulumi.ResourceOptions(protect=True))
est.SipEndpoint("fine", trunk_id=ok.id, name="sbc", priority=1, address="192.0.2.1")
est.AccessControlList("acl", name="Office", ip_ranges=[est.IpRangeArgs(cidr="203.0.113.0/28"), {"cidr": "x"}])
est.TrunkPhoneNumbers("numbers", args=est.TrunkPhoneNumbersArgs(trunk_id=ok.id, phone_numbers=["+14155550100"]))
domain: pulumi.Output[str] = ok.domain
est.TrunkEndpoints("sbcs", trunk_id=ok.id, endpoints=[est.EndpointArgs(name="a", priority=1, address="192.0.2.1")])
est.TrunkEndpoints("typo", trunk_id=ok.id, endpoints=[est.EndpointArgs(name="a", priority=1, adress="192.0.2.1")])
ids: pulumi.Output[dict[str, str]] = est.TrunkEndpoints("ids", trunk_id=ok.id, endpoints=[{"name": "b"}]).endpoint_ids
"""


def test_generated_typed_api_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_types.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_mypy_reports_a_misspelt_keyword_and_a_wrong_type_in_a_user_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "program.py"
    program.write_text(PROGRAM)
    (tmp_path / "none.ini").write_text("[mypy]\n")  # a user's own settings, not this repository's
    monkeypatch.setenv("MYPYPATH", str(REPO))  # the repository's package, as a wheel would install it
    out, err, status = mypy_api.run(
        ["--strict", "--config-file", str(tmp_path / "none.ini"), "--cache-dir", str(tmp_path / "cache"), str(program)]
    )
    assert status == 1, out + err
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert any(
        line.startswith(f"{program}:5:")
        and 'Unexpected keyword argument "hostname"' in line
        and 'did you mean "host_name"' in line
        for line in errors
    ), out
    assert any(line.startswith(f"{program}:6:") and "SipEndpoint" in line for line in errors), out
    assert any(line.startswith(f"{program}:13:") and '"adress"' in line for line in errors), out
    assert {line.split(":")[1] for line in errors} == {"5", "6", "13"}, "the correct lines type-check:\n" + out


def test_the_misspelt_keyword_fails_at_run_time_too_with_the_hint() -> None:
    code = textwrap.dedent(
        """
        import sinch_est as est
        try:
            est.SipTrunk("main", name="Main", hostname="acme")
        except ValueError as exc:
            print(exc)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert "SipTrunk 'main' has invalid inputs:" in result.stdout, result.stdout + result.stderr
    assert "hostname: is not an input: did you mean host_name?" in result.stdout
    assert "host_name: is required" in result.stdout
