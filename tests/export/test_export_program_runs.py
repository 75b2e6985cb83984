"""The exported program runs: executed under Pulumi's mocks (in a child process, to keep the mocks out of this
one), every resource it declares is a real ``sinch_est`` resource whose inputs pass the provider's own check."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from export_estate import snapshot

from sinch_est.export._files import main_py
from sinch_est.export._program import Options, Program, build_program

_RUN = """
import json, runpy, sys
import pulumi
from pulumi.runtime import Mocks, set_mocks

declared = []

class M(Mocks):
    def new_resource(self, args):
        declared.append((args.typ, args.name, args.inputs))
        return (args.name + "-id", dict(args.inputs))

    def call(self, args):
        return {}

set_mocks(M(), project="sinch-est-estate", stack="test", preview=False)
pulumi.runtime.set_all_config({f"sinch-est-estate:{k}": v for k, v in json.loads(sys.argv[2]).items()})

@pulumi.runtime.test
def run():
    runpy.run_path(sys.argv[1], run_name="__main__")

run()

import sinch_est

SECRET_SIG = "4dabf18193072939515e22adb298388d"

def plain(value):
    # The value as the dynamic provider receives it: secrets unwrapped.
    if isinstance(value, dict):
        if SECRET_SIG in value:
            return plain(value["value"])
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value

report = []
for typ, name, inputs in declared:
    if not typ.startswith("pulumi-python:dynamic/sinch_est:"):
        continue
    provider = getattr(sinch_est, typ.rsplit(":", 1)[1]).provider_class()
    failures = provider.check({}, plain(dict(inputs))).failures or []
    report.append({"type": typ.rsplit(":", 1)[1], "name": name, "adopt_id": inputs.get("adopt_id"),
                   "failures": [f"{f.property}: {f.reason}" for f in failures]})
print(json.dumps(report))
"""


def run_program(program: Program, tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "__main__.py"
    path.write_text(main_py(program))
    passwords = {p.key: f"Mock-Passw0rd-{i:03d}" for i, p in enumerate(program.passwords)}
    result = subprocess.run(
        [sys.executable, "-c", _RUN, str(path), json.dumps(passwords)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report: list[dict[str, Any]] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize("adopt", [True, False], ids=["adopt", "no-adopt"])
def test_every_declared_resource_passes_the_provider_check(adopt: bool, tmp_path: Path) -> None:
    options = Options() if adopt else Options(adopt=False, host_name_prefix="prod-")
    program = build_program(snapshot(), options)
    report = run_program(program, tmp_path)
    assert sorted((r["type"], r["name"]) for r in report) == sorted((d.cls, d.name) for d in program.declarations)
    assert [r for r in report if r["failures"]] == []
    assert all(bool(r["adopt_id"]) == adopt for r in report)


def test_split_numbers_and_odd_names_run_too(tmp_path: Path) -> None:
    base = snapshot()
    [trunk] = base.trunks
    odd = dataclasses.replace(
        trunk,
        trunk={**trunk.trunk, "name": "Ünïcode trunk \"quoted\" 'both'\n"},
        phone_numbers=tuple(f"+1415555{i:04d}" for i in range(1001)),
    )
    report = run_program(build_program(dataclasses.replace(base, trunks=(odd,)), Options()), tmp_path)
    assert [r for r in report if r["failures"]] == []
    assert sorted(r["name"] for r in report if r["type"] == "TrunkPhoneNumbers") == [
        "unicode-trunk-quoted-both-trunk-numbers",
        "unicode-trunk-quoted-both-trunk-numbers-2",
    ]


def test_endpoints_as_one_block_and_as_the_same_name_fallback_run_too(tmp_path: Path) -> None:
    base = snapshot()
    [trunk] = base.trunks
    twin = {**trunk.endpoints[0], "id": "01J" + "9" * 23, "priority": 2}
    lab = dataclasses.replace(
        trunk, trunk={**trunk.trunk, "id": "01J" + "8" * 23, "name": "Lab", "host_name": "lab"}, phone_numbers=()
    )
    snap = dataclasses.replace(base, trunks=(dataclasses.replace(trunk, endpoints=(*trunk.endpoints, twin)), lab))
    report = run_program(build_program(snap, Options()), tmp_path)
    assert [r for r in report if r["failures"]] == []
    kinds = sorted((r["type"], r["name"], r["adopt_id"]) for r in report if "Endpoint" in r["type"])
    assert kinds == [
        ("SipEndpoint", "main-trunk-desk-1", trunk.endpoints[1]["id"]),
        ("SipEndpoint", "main-trunk-sbc-1", trunk.endpoints[0]["id"]),
        ("SipEndpoint", "main-trunk-sbc-1-2", twin["id"]),
        ("TrunkEndpoints", "lab-trunk-endpoints", f"{lab.id}/endpoints"),
    ]
