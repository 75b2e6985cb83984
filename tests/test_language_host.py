"""Our language host (tools/) picks a program's or a policy pack's Python as Pulumi's Go host does."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]


def host() -> ModuleType:
    path = REPO / "tools" / "pulumi_language_python.py"
    spec = importlib.util.spec_from_file_location("pulumi_language_python", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def executable(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    path.chmod(0o755)
    return path


def test_python_is_pulumi_python_cmd_on_path_else_python3_else_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PULUMI_PYTHON_CMD", raising=False)
    module = host()
    custom = executable(tmp_path / "a", "my-python")
    python = executable(tmp_path / "b", "python")
    python3 = executable(tmp_path / "c", "python3")
    path = os.pathsep.join(str(tmp_path / d) for d in "abc")
    assert module.resolve_python(str(tmp_path), {}, {"PATH": path, "PULUMI_PYTHON_CMD": "my-python"})[0] == str(custom)
    assert module.resolve_python(str(tmp_path), {}, {"PATH": path})[0] == str(python3)
    assert module.resolve_python(str(tmp_path), {}, {"PATH": str(tmp_path / "b")})[0] == str(python)
    with pytest.raises(module.HostError, match=r"failed to locate any of \['python3', 'python'\] on your PATH"):
        module.resolve_python(str(tmp_path), {}, {"PATH": str(tmp_path / "a")})


def test_virtualenv_option_wins_and_is_relative_to_the_project(tmp_path: Path) -> None:
    module = host()
    executable(tmp_path / "venv" / "bin", "python")
    python, env = module.resolve_python(str(tmp_path), {"virtualenv": "venv"}, {"PATH": "/usr/bin"})
    assert python == str(tmp_path / "venv" / "bin" / "python")
    assert env["VIRTUAL_ENV"] == str(tmp_path / "venv") and env["PATH"].startswith(str(tmp_path / "venv" / "bin"))
