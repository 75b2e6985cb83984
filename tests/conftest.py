"""Fixtures for every test folder: ``emulator``, a running EST emulator with no data and no faults.

One server serves the whole session (starting uvicorn per test would dominate the run time); it is
reset before each test: objects, request log, faults, token lifetime and provisioning delay.
Use ``emulator.url`` (EST API, ``/oauth2/token`` and the Numbers API), ``emulator.key_id``,
``emulator.key_secret``, ``emulator.requests`` (the request log), ``emulator.store`` (inspect or seed),
``emulator.faults`` / ``emulator.set_faults(...)`` and ``emulator.auth.token_ttl``.

``dists`` builds the sdist and the wheel once per session (from the files git tracks).
``without_modules(*names)`` gives the environment in which this Python (and any child started with it)
behaves as if those packages were not installed: what a user sees without an extra or a dependency;
``python_without(*names)`` makes a ``python3`` executable that behaves so, leaving the rest alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sinch_est.emulator import EmulatorServer

REPO = Path(__file__).resolve().parents[1]
PROVISIONING_DELAY = 0.1
"""Numbers API voice configurations apply after this many seconds (0.5 s outside tests)."""


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(provisioning_delay=PROVISIONING_DELAY) as server:
        yield server


@pytest.fixture
def emulator(emulator_server: EmulatorServer) -> EmulatorServer:
    emulator_server.reset()
    return emulator_server


@pytest.fixture(autouse=True)
def _journal_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Providers called in this process keep their create journal and number claims in a folder of the
    test's own, never in the user's ~/.pulumi (end-to-end stacks have their own PULUMI_HOME)."""
    monkeypatch.setenv("SINCH_EST_JOURNAL", str(tmp_path_factory.mktemp("journal")))


# Installed as sitecustomize (imported at start-up by every Python with it on PYTHONPATH): a meta-path finder
# that answers "no such module" for the blocked top-level packages, as a Python without them would.
_BLOCKER = """
import sys

BLOCKED = {blocked!r}


class _NotInstalled:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, _NotInstalled)
"""


@pytest.fixture
def without_modules(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., dict[str, str]]:
    def environment(*names: str) -> dict[str, str]:
        env = dict(os.environ)
        folder = _blocker(tmp_path_factory, names)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(folder), env.get("PYTHONPATH", "")) if p)
        return env

    return environment


@pytest.fixture
def python_without(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``python_without(*names)``: an executable ``python3`` (alone in its folder, to put first on PATH or
    name in PULUMI_PYTHON_CMD) that is this Python without those packages; nothing else is affected."""

    def make(*names: str) -> Path:
        folder = _blocker(tmp_path_factory, names)
        script = tmp_path_factory.mktemp("bin") / "python3"
        script.write_text(f'#!/bin/sh\nPYTHONPATH="{folder}" exec "{sys.executable}" "$@"\n')
        script.chmod(0o755)
        return script

    return make


def _blocker(factory: pytest.TempPathFactory, names: tuple[str, ...]) -> Path:
    folder = factory.mktemp("without-" + "-".join(names))
    (folder / "sitecustomize.py").write_text(_BLOCKER.format(blocked=sorted(names)))
    return folder


@dataclass(frozen=True)
class Dists:
    sdist: Path
    wheel: Path


@pytest.fixture(scope="session")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """The sdist and wheel, built as a release would be: from a copy of the tracked files, the wheel from
    the sdist (``python -m build``), in a temporary folder outside the repository."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode().split("\0")
    source = tmp_path_factory.mktemp("source")
    for name in filter(None, files):
        if (REPO / name).is_file():  # a file deleted but not yet committed is not in a release either
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)], capture_output=True, text=True
    )
    assert built.returncode == 0, f"python -m build failed:\n{built.stdout}\n{built.stderr}"
    [sdist] = out.glob("*.tar.gz")
    [wheel] = out.glob("*.whl")
    return Dists(sdist, wheel)
