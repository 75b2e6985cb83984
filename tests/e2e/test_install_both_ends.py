"""The wheel in a fresh virtualenv outside the repository, next to the newest and the oldest supported SDKs.

For each end: a new venv in a temporary folder gets the wheel (and the ``emulator`` extra) from the package
index, at the newest versions the ranges allow, or exactly at their lower bounds. A project of its own
(``runtime.options.virtualenv`` pointing at that venv) then goes through the real CLI against the emulator
served by that venv: ``sinch-est policy-pack`` and a preview with the pack, up, a no-op preview, refresh,
destroy. The venv is "activated" (first on PATH), as Pulumi runs a policy pack on ``python3`` from PATH.
"""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
import sys
import time
import venv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from _harness import REPO, Stack
from packaging.requirements import Requirement

pytestmark = pytest.mark.e2e

PROGRAM = '''\
"""A user's first program: a trunk with an ACL, an endpoint, a number and a country."""
import pulumi
import sinch_est as est

trunk = est.SipTrunk("main", name="Main trunk", host_name="install-check")
acl = est.AccessControlList("office", name="Office", ip_ranges=[est.IpRangeArgs(cidr="203.0.113.0/28")])
est.TrunkAccessControlList("office-link", trunk_id=trunk.id, access_control_list_id=acl.id)
est.SipEndpoint("sbc", trunk_id=trunk.id, name="sbc-1", priority=1, address="192.0.2.10", transport="TLS", port=5061)
est.PhoneNumberAssignment("main-line", trunk_id=trunk.id, phone_number="+14155550100")
est.CountryPermission("sweden", iso_code="SE", enabled=True)
pulumi.export("sip_domain", trunk.domain)
'''
FIRST_LINE = re.compile(r"^listening on (http://127\.0\.0\.1:\d+)\n$")
PIP = ["-m", "pip", "install", "--quiet", "--disable-pip-version-check"]


def lower_bounds(wheel: Path, extras: tuple[str, ...] = ("emulator",)) -> dict[str, str]:
    """Each runtime (and ``extras``) requirement of the wheel at its lower bound, e.g. pulumi -> 3.216.0."""
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(info))
    bounds: dict[str, str] = {}
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        if requirement.marker and not any(requirement.marker.evaluate({"extra": e}) for e in extras):
            continue
        [lower] = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        bounds[requirement.name] = lower
    return bounds


def newest_3x(python: Path, name: str) -> str:
    """The newest 3.x release of ``name`` on the package index (pip's own look-up)."""
    out = subprocess.run(
        [str(python), "-m", "pip", "index", "versions", name, "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    versions = re.search(r"Available versions: (.+)", out)
    assert versions, out
    return next(v for v in (v.strip() for v in versions[1].split(",")) if v.startswith("3."))


def installed(python: Path) -> dict[str, str]:
    out = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {p["name"].lower().replace("_", "-"): p["version"] for p in json.loads(out)}


def pip(python: Path, *args: str) -> None:
    result = subprocess.run([str(python), *PIP, *args], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"pip install {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"


@contextmanager
def emulator_of(venv_dir: Path) -> Iterator[str]:
    """``sinch-est emulator --port 0`` from the venv itself, so the extra is tested at its bounds too."""
    command = [str(venv_dir / "bin" / "sinch-est"), "emulator", "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None and proc.stderr is not None
            line = proc.stdout.readline()
            match = FIRST_LINE.match(line)
            assert match, f"the emulator printed {line!r}: {proc.stderr.read() if proc.poll() is not None else ''}"
            yield match[1]
        finally:
            proc.terminate()
            proc.communicate(timeout=30)


@pytest.mark.parametrize("end", ["newest", "oldest"])
def test_wheel_installs_and_runs_next_to_the_sdk(end: str, dists: Any, tmp_path: Path) -> None:
    started = time.monotonic()
    venv_dir = tmp_path / "venv"
    assert not venv_dir.is_relative_to(REPO), "a user's venv, outside the repository"
    venv.create(venv_dir, with_pip=True)
    python = venv_dir / "bin" / "python"
    pip(python, "--upgrade", "pip")
    wheel = str(dists.wheel)
    if end == "oldest":
        bounds = lower_bounds(dists.wheel)
        pip(python, f"{wheel}[emulator]", *(f"{name}=={version}" for name, version in bounds.items()))
        versions = installed(python)
        assert {name: versions[name] for name in bounds} == bounds, "exactly the lower bounds"
    else:
        pip(python, "--upgrade", wheel)
        # Without the extra, the emulator command says what to install.
        bare = subprocess.run([str(venv_dir / "bin" / "sinch-est-emulator")], capture_output=True, text=True)
        assert bare.returncode == 1 and "Traceback" not in bare.stderr
        assert f'{python} -m pip install "sinch-est[emulator]"' in bare.stderr
        pip(python, "--upgrade", f"{wheel}[emulator]")
        versions = installed(python)
        assert versions["pulumi"] == newest_3x(python, "pulumi"), "the newest pulumi on the index"
    print(f"{end}: pulumi {versions['pulumi']}, pulumi-policy {versions['pulumi-policy']}, httpx {versions['httpx']}")

    source = tmp_path / "source"
    source.mkdir()
    (source / "Pulumi.yaml").write_text(
        f"name: install-check\nruntime:\n  name: python\n  options:\n    virtualenv: {venv_dir}\n"
    )
    (source / "__main__.py").write_text(PROGRAM)
    with emulator_of(venv_dir) as url:
        stack = Stack.create(
            source,
            tmp_path / "stack",
            config={
                "sinch:projectId": f"install-{end}",
                "sinch:keyId": "emulator-key-id",
                "sinch:apiUrl": url,
                "sinch:authUrl": url,
                "sinch:numbersUrl": url,
            },
            secrets={"sinch:keySecret": "emulator-key-secret"},
        )
        # The user's shell: their venv activated, Pulumi's defaults (no PULUMI_PYTHON_CMD).
        stack.env.pop("PULUMI_PYTHON_CMD", None)
        stack.env["PATH"] = f"{venv_dir / 'bin'}{os.pathsep}{stack.env['PATH']}"
        stack.env["VIRTUAL_ENV"] = str(venv_dir)

        pack = subprocess.run(
            [str(venv_dir / "bin" / "sinch-est"), "policy-pack"], env=stack.env, capture_output=True, text=True
        )
        assert pack.returncode == 0, pack.stderr
        pack_dir = Path(pack.stdout.strip())
        assert pack_dir.is_relative_to(venv_dir) and (pack_dir / "PulumiPolicy.yaml").is_file()
        checked = stack.preview("--policy-pack", str(pack_dir))
        assert "sinch-est@v0.1.0" in checked.stdout, "the pack ran"

        stack.up()
        assert stack.outputs()["sip_domain"] == "install-check.pstn.sinch.com"
        assert len(stack.resources("SipEndpoint")) == 1
        stack.preview("--expect-no-changes")
        stack.refresh()
        stack.preview("--expect-no-changes")
        stack.destroy()
        assert [r["type"] for r in stack.export()["deployment"].get("resources", [])] == []
    took = time.monotonic() - started
    print(f"{end}: venv, install and the stack's life took {took:.1f} s (Python {sys.version.split()[0]})")
