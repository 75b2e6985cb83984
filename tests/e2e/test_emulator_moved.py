"""An emulator restarted on another port, with the real engine: what strands a stack, and what frees it.

Pulumi keeps the provider's settings (the ``sinch:*`` config) in the state, as inputs of the default
``pulumi:providers:pulumi-python`` resource, and destroy and refresh configure the provider from there.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from _harness import Stack

pytestmark = pytest.mark.e2e

PROJECT = Path(__file__).parent / "projects" / "trunk"
FIRST_LINE = re.compile(r"^listening on (http://127\.0\.0\.1:\d+)\n$")
URL_KEYS = ("sinch:apiUrl", "sinch:authUrl", "sinch:numbersUrl")


@contextmanager
def emulator(state_file: Path) -> Iterator[str]:
    """``python -m sinch_est.emulator --port 0 --state-file ...``: its data survives a restart, its port not."""
    command = [sys.executable, "-m", "sinch_est.emulator", "--port", "0", "--state-file", str(state_file)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            match = FIRST_LINE.match(proc.stdout.readline())
            assert match, proc.stderr.read() if proc.stderr and proc.poll() is not None else "no first line"
            yield match[1]
        finally:
            proc.terminate()  # a graceful stop writes the state file
            proc.communicate(timeout=30)


def requests(url: str) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in httpx.get(f"{url}/_emulator/requests").json()["requests"]]


def provider_urls(stack: Stack) -> set[str]:
    resources = stack.export()["deployment"]["resources"]
    [provider] = [r for r in resources if r["type"] == "pulumi:providers:pulumi-python"]
    return {provider["inputs"][key] for key in URL_KEYS}


def test_moved_emulator_strands_destroy_until_one_up_with_the_new_url(tmp_path: Path) -> None:
    state_file = tmp_path / "emulator.json"
    with emulator(state_file) as first:
        stack = Stack.create(
            PROJECT,
            tmp_path / "stack",
            config={"sinch:projectId": "moved", "sinch:keyId": "emulator-key-id"} | dict.fromkeys(URL_KEYS, first),
            secrets={"sinch:keySecret": "emulator-key-secret"},
        )
        stack.up()
        trunk_id = stack.outputs()["trunk_id"]
    assert provider_urls(stack) == {first}, "the provider's settings are kept in the state"

    with emulator(state_file) as second:
        assert second != first
        for key in URL_KEYS:
            stack.run("config", "set", key, second)

        # destroy (like refresh) configures the provider from the state: it still tries the old URL.
        stranded = stack.run("destroy", "--yes", "--skip-preview", check=False)
        output: Any = stranded.stdout + stranded.stderr
        assert stranded.returncode != 0
        assert f"could not connect to the API at {first} (ConnectError; 6 attempts over " in output
        assert requests(second) == [], "nothing reached the emulator where it is now"

        # One `pulumi up` with the new URL saves the new settings, without a single API call.
        stack.up()
        assert requests(second) == []
        assert provider_urls(stack) == {second}

        stack.destroy()
        assert requests(second) == [("POST", "/oauth2/token"), ("DELETE", f"/v1/projects/moved/trunks/{trunk_id}")]


def test_run_program_makes_destroy_use_the_new_url_directly(tmp_path: Path) -> None:
    state_file = tmp_path / "emulator.json"
    with emulator(state_file) as first:
        stack = Stack.create(
            PROJECT,
            tmp_path / "stack",
            config={"sinch:projectId": "moved", "sinch:keyId": "emulator-key-id"} | dict.fromkeys(URL_KEYS, first),
            secrets={"sinch:keySecret": "emulator-key-secret"},
        )
        stack.up()
    with emulator(state_file) as second:
        for key in URL_KEYS:
            stack.run("config", "set", key, second)
        stack.run("destroy", "--yes", "--skip-preview", "--run-program")
        assert ("POST", "/oauth2/token") in requests(second)
        assert [m for m, _ in requests(second)].count("DELETE") == 1
