"""The ``sinch-est`` command line: its subcommands, the pack's Python, and the emulator without its extra."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sinch_est import cli

REPO = Path(__file__).resolve().parents[1]
PACK = REPO / "sinch_est" / "policy"
BIN = Path(sys.executable).parent
INSTALL_HINT = 'pip install "sinch-est[emulator]"'


def run(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)


def executable(folder: Path, name: str, target: str = sys.executable, prefix: str = "") -> Path:
    """A ``name`` in ``folder`` that runs ``target`` (a stand-in for a Python found on PATH)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f'#!/bin/sh\n{prefix}exec "{target}" "$@"\n')
    path.chmod(0o755)
    return path


def test_help_lists_every_subcommand() -> None:
    result = run([str(BIN / "sinch-est"), "--help"])
    assert result.returncode == 0, result.stderr
    for name, function in cli.COMMANDS.items():
        assert function.__doc__, f"{name} needs a docstring: its first line is the help"
        assert f"{name:<14}{function.__doc__.splitlines()[0]}" in result.stdout


def test_unknown_subcommand_is_refused() -> None:
    result = run([str(BIN / "sinch-est"), "exprot"])
    assert result.returncode == 2
    assert "invalid choice: 'exprot'" in result.stderr


# --- which Python runs the pack ------------------------------------------------------------------------


def test_pack_python_is_pulumi_python_cmd_looked_up_on_path(tmp_path: Path) -> None:
    custom = executable(tmp_path / "a", "my-python")
    executable(tmp_path / "b", "python3")
    path = f"{tmp_path / 'b'}{os.pathsep}{tmp_path / 'a'}"
    assert cli.pack_python({"PATH": path, "PULUMI_PYTHON_CMD": "my-python"}) == (
        str(custom),
        "PULUMI_PYTHON_CMD=my-python",
    )
    assert cli.pack_python({"PATH": path, "PULUMI_PYTHON_CMD": "missing-python"})[0] is None


def test_pack_python_is_python3_then_python_on_path_never_a_virtualenv(tmp_path: Path) -> None:
    python = executable(tmp_path / "first", "python")
    python3 = executable(tmp_path / "second", "python3")
    path = f"{tmp_path / 'first'}{os.pathsep}{tmp_path / 'second'}"
    assert cli.pack_python({"PATH": path, "VIRTUAL_ENV": str(tmp_path)})[0] == str(python3)
    assert cli.pack_python({"PATH": str(tmp_path / "first")})[0] == str(python)
    assert cli.pack_python({"PATH": str(tmp_path / "empty")}) == (
        None,
        "python3 or python on PATH; PULUMI_PYTHON_CMD is not set",
    )


# --- sinch-est policy-pack ------------------------------------------------------------------------------


def test_policy_pack_prints_the_pack_directory(tmp_path: Path) -> None:
    env = dict(os.environ, PULUMI_PYTHON_CMD=sys.executable)
    result = run([str(BIN / "sinch-est"), "policy-pack"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{PACK}\n"
    assert (Path(result.stdout.strip()) / "PulumiPolicy.yaml").is_file()


def test_policy_pack_finds_python3_on_path_like_pulumi(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    executable(bin_dir, "python3")
    env = {k: v for k, v in os.environ.items() if k != "PULUMI_PYTHON_CMD"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    result = run([str(BIN / "sinch-est"), "policy-pack"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{PACK}\n"


def test_policy_pack_fails_when_the_pack_python_lacks_pulumi_policy(
    without_modules: Callable[..., dict[str, str]],
) -> None:
    env = dict(without_modules("pulumi_policy"), PULUMI_PYTHON_CMD=sys.executable)
    result = run([str(BIN / "sinch-est"), "policy-pack"], env)
    assert result.returncode == 1
    assert result.stdout == "", "nothing a script could mistake for a pack path"
    message = result.stderr
    assert f"Pulumi would run the policy pack on {sys.executable} (PULUMI_PYTHON_CMD={sys.executable})" in message
    assert "cannot import pulumi_policy" in message
    assert f"export PULUMI_PYTHON_CMD={sys.executable}" in message
    assert f'{sys.executable} -m pip install --upgrade "sinch-est"' in message
    assert "Traceback" not in message


def test_policy_pack_fails_when_python3_on_path_lacks_pulumi(
    tmp_path: Path, without_modules: Callable[..., dict[str, str]]
) -> None:
    bin_dir = tmp_path / "bin"
    executable(bin_dir, "python3")  # this Python, but with pulumi blocked below
    env = {k: v for k, v in without_modules("pulumi").items() if k != "PULUMI_PYTHON_CMD"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    result = run([str(BIN / "sinch-est"), "policy-pack"], env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "(python3 on PATH; PULUMI_PYTHON_CMD is not set), which cannot import pulumi " in result.stderr
    assert "not on your program's virtualenv" in result.stderr


def test_policy_pack_fails_when_no_python_can_be_found(tmp_path: Path) -> None:
    env = dict(os.environ, PATH=str(tmp_path), PULUMI_PYTHON_CMD="no-such-python")
    result = run([sys.executable, "-m", "sinch_est.cli", "policy-pack"], env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "on PULUMI_PYTHON_CMD=no-such-python, and there is none" in result.stderr


def test_policy_pack_fails_when_the_pack_python_has_another_sinch_est(tmp_path: Path) -> None:
    other = tmp_path / "other"
    (other / "sinch_est" / "policy").mkdir(parents=True)
    for module in ("__init__.py", "policy/__init__.py", "policy/rules.py"):
        (other / "sinch_est" / module).write_text("")
    # That Python finds this other sinch_est first (ahead of the editable install's own finder).
    (other / "sitecustomize.py").write_text(
        "import importlib.machinery, sys\n"
        "class Other:\n"
        "    @staticmethod\n"
        "    def find_spec(name, path=None, target=None):\n"
        "        if name.partition('.')[0] == 'sinch_est':\n"
        f"            return importlib.machinery.PathFinder.find_spec(name, path or [{str(other)!r}])\n"
        "sys.meta_path.insert(0, Other)\n"
    )
    python = executable(tmp_path / "bin", "python", prefix=f"PYTHONPATH={other} ")
    env = dict(os.environ, PULUMI_PYTHON_CMD=str(python))
    result = run([str(BIN / "sinch-est"), "policy-pack"], env)
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"which has another sinch-est: its rules in {other / 'sinch_est' / 'policy'} would run" in result.stderr


# --- the emulator without its extra ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["-m", "sinch_est.emulator", "--port", "0"],
        [str(BIN / "sinch-est-emulator"), "--port", "0"],
        [str(BIN / "sinch-est"), "emulator", "--port", "0"],
    ],
    ids=["python -m sinch_est.emulator", "sinch-est-emulator", "sinch-est emulator"],
)
@pytest.mark.parametrize("missing", ["starlette", "uvicorn"])
def test_emulator_without_the_extra_says_what_to_install(
    command: list[str], missing: str, without_modules: Callable[..., dict[str, str]]
) -> None:
    result = run([sys.executable, *command], without_modules(missing))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"this Python ({sys.executable}) does not have (no module named '{missing}')" in result.stderr
    assert f"{sys.executable} -m {INSTALL_HINT}" in result.stderr
    assert result.stdout == ""


def test_emulator_import_without_the_extra_raises_an_error_naming_the_extra(
    without_modules: Callable[..., dict[str, str]],
) -> None:
    result = run([sys.executable, "-c", "import sinch_est.emulator"], without_modules("starlette"))
    assert result.returncode == 1
    assert "ModuleNotFoundError: the sinch-est emulator needs the 'emulator' extra" in result.stderr
    assert result.stderr.rstrip().endswith(f"{sys.executable} -m {INSTALL_HINT}")


def test_emulator_subcommand_runs_the_emulator_command() -> None:
    result = run([str(BIN / "sinch-est"), "emulator", "--help"])
    assert result.returncode == 0, result.stderr
    assert "--state-file" in result.stdout and "--fault-429" in result.stdout


def test_export_runs_as_a_subcommand(emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sinch_est.client import EstClient
    from sinch_est.testing import emulator_settings

    settings = emulator_settings(emulator, "cli-export")
    with EstClient.from_settings(settings) as client:
        client.sip_trunks.create({"name": "Main trunk", "host_name": "cli-export"})
    monkeypatch.setenv("SINCH_KEY_SECRET", emulator.key_secret)
    out = tmp_path / "estate"
    urls = ["--api-url", emulator.url, "--auth-url", emulator.url, "--numbers-url", emulator.url]
    code = cli.main(["export", str(out), "-q", "--project-id", "cli-export", "--key-id", emulator.key_id, *urls])
    assert code == 0
    program = (out / "__main__.py").read_text()
    assert "est.SipTrunk(" in program and 'host_name="cli-export"' in program and "adopt_id=" in program
