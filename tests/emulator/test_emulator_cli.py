"""The command line and the state file: first stdout line, flags, and data that survives a restart."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from emulator_harness import PASSWORD

from sinch_est.emulator import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, EmulatorServer, Store
from sinch_est.emulator.__main__ import DEFAULT_PORT, main, parser

FIRST_LINE = re.compile(r"^listening on http://127\.0\.0\.1:(\d+)\n$")


@contextmanager
def running(*args: str) -> Iterator[str]:
    """``python -m sinch_est.emulator --port 0 ARGS`` until the block ends (SIGTERM: a graceful stop)."""
    command = [sys.executable, "-m", "sinch_est.emulator", "--port", "0", *args]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            match = FIRST_LINE.match(line)
            assert match, f"first line was {line!r}; stderr: {proc.stderr.read() if proc.poll() is not None else ''}"
            yield f"http://127.0.0.1:{match[1]}"
        finally:
            proc.terminate()
            _, stderr = proc.communicate(timeout=15)
        # uvicorn shuts down gracefully, then re-raises the signal it caught.
        assert proc.returncode in (0, -signal.SIGTERM), stderr
        assert "Traceback" not in stderr, stderr


def test_cli_prints_the_url_first_and_serves(tmp_path: Path) -> None:
    with running("--key-id", "cli-id", "--key-secret", "cli-secret", "--fault-503", "0") as url:
        token = httpx.post(
            f"{url}/oauth2/token", data={"grant_type": "client_credentials"}, auth=("cli-id", "cli-secret")
        )
        bearer = {"Authorization": f"Bearer {token.json()['access_token']}"}
        created = httpx.post(f"{url}/v1/projects/p/trunks", json={"name": "m", "hostName": "m"}, headers=bearer)
        assert created.status_code == 201
        log = httpx.get(f"{url}/_emulator/requests").json()
        assert [r["status"] for r in log["requests"]] == [200, 201]


def test_cli_state_file_keeps_data_across_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state" / "est.json"
    with running("--state-file", str(state)) as url:
        client = httpx.Client(base_url=f"{url}/v1/projects/p", auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET))
        with client:
            trunk = client.post("/trunks", json={"name": "kept", "hostName": "kept"}).json()
            client.post(
                "/credentialLists", json={"name": "c", "credentials": [{"username": "u", "password": PASSWORD}]}
            )
    text = state.read_text()
    assert trunk["id"] in text and PASSWORD not in text, "passwords are stored only as hashes"
    with running("--state-file", str(state)) as url:
        again = httpx.get(f"{url}/v1/projects/p/trunks/{trunk['id']}", auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET))
        assert again.json() == trunk
        duplicate = httpx.post(
            f"{url}/v1/projects/q/trunks",
            json={"name": "x", "hostName": "kept"},
            auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET),
        )
        assert duplicate.status_code == 409, "host names are known again after a restart"


def test_cli_help_documents_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    text = capsys.readouterr().out
    for expected in (
        "emulator-key-id",
        "emulator-key-secret",
        "--fault-drop",
        "--rate-limit",
        "--state-file",
        "--phone-numbers",
    ):
        assert expected in text


def test_cli_has_a_stable_default_port_and_port_0_for_a_free_one() -> None:
    assert DEFAULT_PORT == 8378
    assert parser().parse_args([]).port == DEFAULT_PORT
    assert parser().parse_args(["--port", "0"]).port == 0
    assert "default 8378" in parser().format_help()


def test_cli_port_in_use_says_so_and_how_to_choose_another() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sinch_est.emulator", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use)" in result.stderr
    assert "--port 0 picks a free port" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_rejects_a_bad_pool(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--phone-numbers", "+1415..+1"]) == 2
    assert "phone number" in capsys.readouterr().err


def test_server_state_file_save_and_reload(tmp_path: Path) -> None:
    state = tmp_path / "est.json"
    with EmulatorServer(state_file=state, save_interval=0.05) as server:
        server.store.create("p", "SipTrunk", {"name": "a", "hostName": "a"})
        server.store.create(
            "p", "CredentialList", {"name": "c", "credentials": [{"username": "u", "password": PASSWORD}]}
        )
    saved = json.loads(state.read_text())
    assert saved["version"] == 1 and set(saved["projects"]) == {"p"}
    store = Store(state_file=state)
    [trunk] = store.objects("p", "SipTrunk")
    assert trunk["hostName"] == "a" and not store.dirty
    [cl] = store.objects("p", "CredentialList")
    assert store.check_password("p", cl["id"], "u", PASSWORD)


def test_phone_number_pool_flag(tmp_path: Path) -> None:
    listed = tmp_path / "numbers.txt"
    listed.write_text("+442071838750\n+442071838751\n")
    with running("--phone-numbers", f"+14155550000..+14155550002,@{listed}") as url:
        auth = (DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)
        trunk = httpx.post(f"{url}/v1/projects/p/trunks", json={"name": "m", "hostName": "m"}, auth=auth).json()
        ok = httpx.post(
            f"{url}/v1/projects/p/phoneNumbers",
            json={"sipTrunkId": trunk["id"], "phoneNumber": "+442071838751"},
            auth=auth,
        )
        assert ok.status_code == 201 and ok.json()["countryCode"] == "GB"
        outside = httpx.post(
            f"{url}/v1/projects/p/phoneNumbers",
            json={"sipTrunkId": trunk["id"], "phoneNumber": "+14155550003"},
            auth=auth,
        )
        assert outside.status_code == 400
