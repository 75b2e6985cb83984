"""Running the real Pulumi CLI against the emulator: the offline environment and one stack driver.

The main job, the end-to-end tests and the benchmarks all drive Pulumi through ``PulumiStack``; it is also
meant for your own CI. It runs the CLI as a subprocess, as a user's shell or CI job does, rather than
through ``pulumi.automation``: the automation API runs that same CLI underneath, but hides its exit codes,
its output and its process, which the tests assert on (and the crash tests kill).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sinch_est.client import Settings

if TYPE_CHECKING:
    from sinch_est.emulator import EmulatorServer

__all__ = [
    "SINCH_CREDENTIAL_VARIABLES",
    "CommandResult",
    "PulumiCommandError",
    "PulumiStack",
    "copy_project",
    "emulator_settings",
    "offline_env",
]

SINCH_CREDENTIAL_VARIABLES = ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET", "SINCH_ACCESS_TOKEN")


def offline_env(
    *,
    tools_bin: Path,
    home: Path,
    backend: Path,
    passphrase: str | None = None,
    python: str = sys.executable,
    keep_credentials: bool = False,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """``base`` (default ``os.environ``) plus what the CLI in ``tools_bin`` needs to run with state in
    ``backend`` and its home in ``home``. Unless ``keep_credentials``, the ``SINCH_*`` credentials are
    dropped, so a stack meant for the emulator can never reach the real API by accident."""
    env = dict(os.environ if base is None else base)
    env.update(
        {
            "PATH": f"{tools_bin}{os.pathsep}{env.get('PATH', '')}",
            "PULUMI_HOME": str(home),
            "PULUMI_BACKEND_URL": f"file://{backend}",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_SKIP_CONFIRMATIONS": "true",
            "PULUMI_SUPPRESS_NEO_LINK": "true",
            "PULUMI_PYTHON_CMD": python,
        }
    )
    if passphrase is not None:
        env["PULUMI_CONFIG_PASSPHRASE"] = passphrase
    if not keep_credentials:
        for var in SINCH_CREDENTIAL_VARIABLES:
            env.pop(var, None)
    return env


def emulator_settings(server: EmulatorServer, project_id: str) -> Settings:
    """The settings that point a client or a stack at ``server``, in project ``project_id``."""
    return Settings(
        project_id=project_id,
        key_id=server.key_id,
        key_secret=server.key_secret,
        api_url=server.url,
        auth_url=server.url,
        numbers_url=server.url,
    )


@dataclass(frozen=True)
class CommandResult:
    """One finished CLI command."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class PulumiCommandError(AssertionError):
    """A CLI command that had to succeed did not; the message holds its output (secrets redacted)."""


@dataclass
class PulumiStack:
    """One stack of the project in ``project_dir``, driven through the CLI ``binary`` with ``env``.

    Every command and its output are kept in ``transcript``, with the values in ``redact`` (secrets) replaced
    by ``***``; ``on_command`` hears of each command run.
    """

    binary: Path
    project_dir: Path
    stack: str
    env: dict[str, str]
    redact: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)
    results: list[CommandResult] = field(default_factory=list)
    """Every command with its raw output, unredacted (what a terminal would have shown)."""
    on_command: Callable[[CommandResult], None] | None = None
    echo: bool = False
    """Print each command and its output as it finishes (the test log then shows the engine ran)."""

    @classmethod
    def init(
        cls,
        binary: Path,
        project_dir: Path,
        stack: str,
        env: dict[str, str],
        *,
        settings: Settings | None = None,
        config: Mapping[str, str] | None = None,
        secrets: Mapping[str, str] | None = None,
        exists_ok: bool = False,
        **options: Any,
    ) -> PulumiStack:
        """Create the stack (passphrase secrets provider), or with ``exists_ok`` use it if it exists, and set
        its configuration: ``settings`` as ``sinch:*`` keys (secret ones as secrets), then ``config`` and
        ``secrets``."""
        driver = cls(binary, project_dir, stack, env, **options)
        listed = json.loads(driver.run("stack", "ls", "--json", stack=False).stdout or "[]") if exists_ok else []
        if not any(s.get("name") == stack for s in listed):
            driver.run("stack", "init", stack, "--secrets-provider", "passphrase", stack=False)
        if settings is not None:
            for key, (value, secret) in settings.stack_config().items():
                driver.set_config(key, value, secret=secret)
        for key, value in (config or {}).items():
            driver.set_config(key, value)
        for key, value in (secrets or {}).items():
            driver.set_config(key, value, secret=True)
        return driver

    def command(self, *args: str, stack: bool = True) -> list[str]:
        cmd = [str(self.binary), *args, "--non-interactive", "--cwd", str(self.project_dir)]
        return [*cmd, "--stack", self.stack] if stack else cmd

    def popen(self, *args: str, **kwargs: Any) -> subprocess.Popen[str]:
        """Start a command and return at once (to sample or kill it); output is the caller's business."""
        return subprocess.Popen(self.command(*args), env=self.env, text=True, **kwargs)

    def run(
        self, *args: str, check: bool = True, stack: bool = True, capture: bool = True, timeout: float = 1800
    ) -> CommandResult:
        """Run one command to its end; ``check`` raises ``PulumiCommandError`` unless it exits 0."""
        started = time.perf_counter()
        proc = subprocess.run(
            self.command(*args, stack=stack), env=self.env, capture_output=capture, text=True, timeout=timeout
        )
        result = CommandResult(
            tuple(args), proc.returncode, proc.stdout or "", proc.stderr or "", time.perf_counter() - started
        )
        self.results.append(result)
        shown = self._redacted(" ".join(args))
        self.transcript.append(self._redacted(f"$ pulumi {shown}\n{result.stdout}\n{result.stderr}"))
        if self.echo:
            print(self.transcript[-1], flush=True)
        if self.on_command is not None:
            self.on_command(result)
        if check and result.returncode != 0:
            raise PulumiCommandError(
                f"pulumi {shown} failed ({result.returncode}):\n{self._redacted(result.output)[-8000:]}"
            )
        return result

    def set_config(self, key: str, value: str, *, secret: bool = False) -> None:
        if secret:
            self.redact.append(value)
            self.run("config", "set", "--secret", key, value)
        else:
            self.run("config", "set", key, value)

    def up(self, *extra: str, check: bool = True) -> CommandResult:
        return self.run("up", "--yes", "--skip-preview", *extra, check=check)

    def preview(self, *extra: str, check: bool = True) -> CommandResult:
        return self.run("preview", *extra, check=check)

    def refresh(self, *extra: str, check: bool = True) -> CommandResult:
        return self.run("refresh", "--yes", "--skip-preview", *extra, check=check)

    def destroy(self, *extra: str, check: bool = True) -> CommandResult:
        return self.run("destroy", "--yes", "--skip-preview", *extra, check=check)

    def outputs(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.run("stack", "output", "--json").stdout)
        return result

    def export(self) -> dict[str, Any]:
        result: dict[str, Any] = json.loads(self.run("stack", "export").stdout)
        return result

    def resources(self, type_name: str) -> list[dict[str, Any]]:
        """The state's resources of the sinch_est class ``type_name`` (for example ``"SipTrunk"``)."""
        token = f"pulumi-python:dynamic/sinch_est:{type_name}"
        return [r for r in self.export()["deployment"].get("resources", []) if r["type"] == token]

    def _redacted(self, text: str) -> str:
        for secret in self.redact:
            if secret:
                text = text.replace(secret, "***")
        return text


def copy_project(source: Path, target: Path, ignore: Sequence[str] = ("Pulumi.*.yaml", "__pycache__")) -> Path:
    """A copy of the Pulumi project ``source`` at ``target`` (stack files and caches left out)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(*ignore))
    return target
