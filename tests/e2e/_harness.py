"""Drive the real Pulumi CLI against the emulator: one stack, a local file backend, a passphrase."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sinch_est.testing import offline_env

REPO = Path(__file__).resolve().parents[2]
TOOLS_BIN = Path(os.environ.get("SINCH_EST_TOOLS", REPO / ".tools" / "pulumi")) / "bin"
PASSPHRASE = "e2e-passphrase-not-a-secret"
SIP_PASSWORD = "E2e-Sip-Passw0rd-planted"
ENGINE_RUNS: list[str] = []
"""Every pulumi command the end-to-end tests ran (the session summary reports them)."""
"""The SIP password the example stacks get; tests search state and logs for it."""


def pulumi_binary() -> Path:
    """The engine, or a failure that says how to get it (tests never skip for a missing engine)."""
    binary = TOOLS_BIN / "pulumi"
    if not binary.exists():
        raise AssertionError(
            f"the Pulumi engine is missing at {binary}: run scripts/install-pulumi.sh (README's set-up command)"
        )
    return binary


@dataclass
class Stack:
    """A copy of a Pulumi project in a temporary folder, with its own backend and PULUMI_HOME."""

    project_dir: Path
    work: Path
    stack: str = "e2e"
    env: dict[str, str] = field(default_factory=dict)
    transcript: list[str] = field(default_factory=list)

    @classmethod
    def create(cls, source: Path, work: Path, config: dict[str, str], secrets: dict[str, str] | None = None) -> Stack:
        project = work / "project"
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "__pycache__"))
        (work / "state").mkdir()
        env = offline_env(
            tools_bin=pulumi_binary().parent, home=work / "home", backend=work / "state", passphrase=PASSPHRASE
        )
        stack = cls(project, work, env=env)
        stack.run("stack", "init", stack.stack, "--secrets-provider", "passphrase")
        for key, value in config.items():
            stack.run("config", "set", key, value)
        for key, value in (secrets or {}).items():
            stack.run("config", "set", "--secret", key, value, shown=f"config set --secret {key} ***")
        return stack

    def run(self, *args: str, check: bool = True, shown: str | None = None) -> subprocess.CompletedProcess[str]:
        cmd = [str(pulumi_binary()), *args, "--non-interactive", "--cwd", str(self.project_dir)]
        if args[:2] != ("stack", "init"):
            cmd += ["--stack", self.stack]
        proc = subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=900)
        ENGINE_RUNS.append(args[0])
        self.transcript.append(f"$ pulumi {shown or ' '.join(args)}\n{proc.stdout}\n{proc.stderr}")
        print(self.transcript[-1])  # the test log shows the engine really ran
        if check and proc.returncode != 0:
            raise AssertionError(
                f"pulumi {shown or ' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
            )
        return proc

    def up(self) -> subprocess.CompletedProcess[str]:
        return self.run("up", "--yes", "--skip-preview")

    def preview(self, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.run("preview", *extra, check=check)

    def refresh(self) -> subprocess.CompletedProcess[str]:
        return self.run("refresh", "--yes", "--skip-preview")

    def destroy(self) -> subprocess.CompletedProcess[str]:
        return self.run("destroy", "--yes", "--skip-preview")

    def outputs(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.run("stack", "output", "--json").stdout)
        return result

    def export(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.run("stack", "export").stdout)
        return result

    def resources(self, type_name: str) -> list[dict[str, Any]]:
        token = f"pulumi-python:dynamic/sinch_est:{type_name}"
        deployment = self.export()["deployment"]
        return [r for r in deployment.get("resources", []) if r["type"] == token]

    def state_text(self) -> str:
        """Every byte of the backend folder (state, history, backups), for secret searches."""
        chunks = []
        for path in sorted((self.work / "state").rglob("*")):
            if path.is_file():
                chunks.append(path.read_bytes().decode("utf-8", "replace"))
        return "\n".join(chunks)

    def logs_text(self) -> str:
        return "\n".join(self.transcript)
