"""Drive the real Pulumi CLI against the emulator: one stack, a local file backend, a passphrase."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sinch_est.client import Settings
from sinch_est.testing import CommandResult, PulumiStack, copy_project, offline_env

REPO = Path(__file__).resolve().parents[2]
TOOLS_BIN = Path(os.environ.get("SINCH_EST_TOOLS", REPO / ".tools" / "pulumi")) / "bin"
PASSPHRASE = "e2e-passphrase-not-a-secret"
SIP_PASSWORD = "E2e-Sip-Passw0rd-planted"
"""The SIP password the example stacks get; tests search state and logs for it."""
ENGINE_RUNS: list[str] = []
"""Every pulumi command the end-to-end tests ran (the session summary reports them)."""


def pulumi_binary() -> Path:
    """The engine, or a failure that says how to get it (tests never skip for a missing engine)."""
    binary = TOOLS_BIN / "pulumi"
    if not binary.exists():
        raise AssertionError(
            f"the Pulumi engine is missing at {binary}: run scripts/install-pulumi.sh (README's set-up command)"
        )
    return binary


def _count(result: CommandResult) -> None:
    ENGINE_RUNS.append(result.args[0])


@dataclass
class Stack(PulumiStack):
    """A copy of a Pulumi project in a temporary folder ``work``, with its own backend and PULUMI_HOME."""

    work: Path = field(default_factory=Path)

    @classmethod
    def create(
        cls,
        source: Path,
        work: Path,
        *,
        settings: Settings | None = None,
        config: dict[str, str] | None = None,
        secrets: dict[str, str] | None = None,
    ) -> Stack:
        project = copy_project(source, work / "project")
        (work / "state").mkdir()
        env = offline_env(
            tools_bin=pulumi_binary().parent, home=work / "home", backend=work / "state", passphrase=PASSPHRASE
        )
        stack = cls.init(
            pulumi_binary(),
            project,
            "e2e",
            env,
            settings=settings,
            config=config,
            secrets=secrets,
            echo=True,
            on_command=_count,
            work=work,
        )
        assert isinstance(stack, Stack)
        return stack

    def state_text(self) -> str:
        """Every byte of the backend folder (state, history, backups), for secret searches."""
        chunks = []
        for path in sorted((self.work / "state").rglob("*")):
            if path.is_file():
                chunks.append(path.read_bytes().decode("utf-8", "replace"))
        return "\n".join(chunks)

    def logs_text(self) -> str:
        """What the commands printed, unredacted: secret searches must see what a terminal would."""
        return "\n".join(r.output for r in self.results)
