"""Rotating a SIP password: one call to the credential route, the new password secret in state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _harness import SIP_PASSWORD, Stack

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "outbound-digest"
ROTATED = "Rotated-Passw0rd-planted-2"
SECRET_SIG = "4dabf18193072939515e22adb298388d"

pytestmark = pytest.mark.e2e


def test_credential_list_password_rotation(make_stack: Any, emulator: Any, project_id: str) -> None:
    stack: Stack = make_stack(EXAMPLE)
    stack.up()
    [creds] = emulator.store.objects(project_id, "CredentialList")
    assert emulator.store.check_password(project_id, creds["id"], "road-warrior", SIP_PASSWORD)

    stack.set_config("sipPassword", ROTATED, secret=True)
    preview = stack.preview()
    assert "update" in preview.stdout and "replace" not in preview.stdout
    before = len(emulator.requests)
    stack.up()
    calls = [(r.method, r.path) for r in list(emulator.requests)[before:] if not r.path.startswith("/oauth2/")]
    assert calls == [("PUT", f"/v1/projects/{project_id}/credentialLists/{creds['id']}/credentials/road-warrior")]
    assert emulator.store.check_password(project_id, creds["id"], "road-warrior", ROTATED)
    stack.preview("--expect-no-changes")

    [resource] = stack.resources("CredentialList")
    assert SECRET_SIG in str(resource["outputs"]["credentials"]), "credentials must be a secret output"
    assert SECRET_SIG in str(resource["inputs"]["credentials"]), "credentials must be a secret input"
    assert resource["outputs"]["usernames"] == ["road-warrior"]
    for text in (stack.state_text(), stack.logs_text()):
        for secret in (SIP_PASSWORD, ROTATED, emulator.key_secret):
            assert secret not in text
    stack.destroy()
