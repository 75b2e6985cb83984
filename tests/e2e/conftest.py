"""End-to-end fixtures: a stack of a project copy, configured for the emulator of this test."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _harness import ENGINE_RUNS, SIP_PASSWORD, Stack, pulumi_binary

from sinch_est.client import EstClient
from sinch_est.testing import emulator_settings


@pytest.fixture
def project_id(request: pytest.FixtureRequest) -> str:
    return "e2e-" + request.node.name.replace("[", "-").replace("]", "").replace("_", "-")[:40]


@pytest.fixture
def make_stack(emulator: Any, project_id: str, tmp_path: Path) -> Iterator[Callable[..., Stack]]:
    made: list[Stack] = []

    def make(source: Path, config: dict[str, str] | None = None) -> Stack:
        stack = Stack.create(
            source,
            tmp_path / f"stack{len(made)}",
            settings=emulator_settings(emulator, project_id),
            config=config,
            secrets={"sipPassword": SIP_PASSWORD},
        )
        made.append(stack)
        return stack

    yield make


@pytest.fixture
def est_client(emulator: Any, project_id: str) -> Iterator[EstClient]:
    """The client a person would use for out-of-band changes, against the same emulator project."""
    client = EstClient.from_settings(emulator_settings(emulator, project_id))
    yield client
    client.close()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Show that the real engine ran, and how often (the tests fail, not skip, without it)."""
    if not ENGINE_RUNS:
        return
    binary = pulumi_binary()
    version = subprocess.run([str(binary), "version"], capture_output=True, text=True).stdout.strip()
    counts = ", ".join(f"{n} {cmd}" for cmd, n in Counter(ENGINE_RUNS).most_common())
    line = f"e2e: the Pulumi engine {version} ({binary}) ran {len(ENGINE_RUNS)} commands: {counts}"
    terminalreporter.write_line(line)
