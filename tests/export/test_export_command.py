"""The export command: ``python -m sinch_est.export`` in a child process, and ``add_arguments``/``run`` on a
parser of the caller's own (as ``sinch-est export`` uses them)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from export_estate import build_estate

from sinch_est.client import EstClient
from sinch_est.export._command import add_arguments, run

PROJECT = "export-command"


def command(emulator: Any, *args: str, secret: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SINCH_")}
    env.update({"SINCH_KEY_ID": emulator.key_id, "SINCH_KEY_SECRET": secret or emulator.key_secret})
    connection = ["--project-id", PROJECT, "--api-url", emulator.url, "--auth-url", emulator.url]
    return subprocess.run(
        [sys.executable, "-m", "sinch_est.export", *args, *connection],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_module_exports_with_progress_on_stderr(
    emulator: Any, make_client: Callable[[str], EstClient], tmp_path: Path
) -> None:
    build_estate(make_client(PROJECT))
    result = command(emulator, str(tmp_path / "out"), "--exclude", "call-blocking-rules")
    assert result.returncode == 0, result.stderr
    assert "listed 5 SIP trunks" in result.stderr
    assert result.stdout.startswith(f"exported 25 resources from project {PROJECT} to {tmp_path / 'out'} in ")
    assert "5 passwords to set" in result.stdout
    assert "CallBlockingRule" not in (tmp_path / "out" / "__main__.py").read_text()

    again = command(emulator, str(tmp_path / "out"), "--quiet")
    assert again.returncode == 1 and again.stderr.startswith("sinch-est export: out_dir:")
    forced = command(emulator, str(tmp_path / "out"), "--quiet", "--force", "--no-adopt", "--host-name-prefix", "x-")
    assert forced.returncode == 0 and forced.stderr == ""
    assert 'host_name="x-rt-digest"' in (tmp_path / "out" / "__main__.py").read_text()


def test_bad_arguments_fail_with_a_message_and_no_request(emulator: Any, tmp_path: Path) -> None:
    start = len(emulator.requests)
    result = command(emulator, str(tmp_path / "out"), "--host-name-suffix=-staging")
    assert result.returncode == 1
    assert "sinch-est export: host_name_prefix/host_name_suffix: only an export without adoption" in result.stderr
    assert emulator.requests[start:] == []


def test_missing_credentials_are_named(emulator: Any, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SINCH_")}
    result = subprocess.run(
        [sys.executable, "-m", "sinch_est.export", str(tmp_path / "out"), "--project-id", PROJECT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "SINCH_KEY_ID and SINCH_KEY_SECRET missing" in result.stderr


def test_a_failed_list_call_exits_1_without_the_secret(emulator: Any, tmp_path: Path) -> None:
    result = command(emulator, str(tmp_path / "out"), secret="wrong-secret-planted")
    assert result.returncode == 1 and result.stderr.startswith("sinch-est export: listing ")
    assert "wrong-secret-planted" not in result.stderr + result.stdout


def test_add_arguments_and_run_work_on_the_callers_parser(
    emulator: Any, make_client: Callable[[str], EstClient], tmp_path: Path, monkeypatch: Any, capsys: Any
) -> None:
    build_estate(make_client(PROJECT))
    parser = argparse.ArgumentParser(prog="sinch-est")
    add_arguments(parser.add_subparsers(dest="command").add_parser("export"))
    monkeypatch.setenv("SINCH_KEY_ID", emulator.key_id)
    monkeypatch.setenv("SINCH_KEY_SECRET", emulator.key_secret)
    connection = ["--project-id", PROJECT, "--api-url", emulator.url, "--auth-url", emulator.url]
    args = parser.parse_args(["export", str(tmp_path / "out"), "--trunk", "rt-digest", "-q", *connection])
    assert run(args) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "exported 7 resources" in captured.out  # with the project-wide settings
    text = (tmp_path / "out" / "__main__.py").read_text()
    assert 'name="Digest"' in text and 'name="Road warriors"' in text and 'name="Phones"' not in text
