"""OAuth2 tokens and the EST routes' authentication: Bearer tokens, Basic keys, expiry and refusals."""

from __future__ import annotations

import base64
import json
import time

import httpx
import pytest
from emulator_harness import PROJECT, error

from sinch_est.emulator import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, Auth, EmulatorServer


def _token(emulator: EmulatorServer, **kwargs: object) -> httpx.Response:
    return httpx.post(emulator.token_url, data={"grant_type": "client_credentials"}, **kwargs)  # type: ignore[arg-type]


def _claims(token: str) -> dict[str, object]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def test_token_issue_with_basic_client_auth(emulator: EmulatorServer) -> None:
    before = time.time()
    response = _token(emulator, auth=(emulator.key_id, emulator.key_secret))
    after = time.time()
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "expires_in", "token_type", "scope"}
    assert (body["expires_in"], body["token_type"]) == (3600, "bearer")
    header = json.loads(base64.urlsafe_b64decode(body["access_token"].split(".")[0] + "=="))
    assert header == {"alg": "HS256", "typ": "JWT"}
    claims = _claims(body["access_token"])
    assert isinstance(claims["exp"], int) and int(before) + 3600 <= claims["exp"] <= after + 3600
    trunks = httpx.get(
        f"{emulator.url}/v1/projects/{PROJECT}/trunks", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert trunks.status_code == 200


def test_token_refusals(emulator: EmulatorServer) -> None:
    bad = _token(emulator, auth=(emulator.key_id, "wrong"))
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_client"
    assert _token(emulator).status_code == 401
    grant = httpx.post(emulator.token_url, data={"grant_type": "password"}, auth=(emulator.key_id, emulator.key_secret))
    assert grant.status_code == 400 and grant.json()["error"] == "unsupported_grant_type"
    form = httpx.post(
        emulator.token_url,
        data={"grant_type": "client_credentials", "client_id": emulator.key_id, "client_secret": emulator.key_secret},
    )
    assert form.status_code == 200


def test_est_routes_need_credentials(emulator: EmulatorServer) -> None:
    url = f"{emulator.url}/v1/projects/{PROJECT}/trunks"
    missing = error(httpx.get(url), 401, "UNAUTHENTICATED")
    assert "Bearer" in missing["message"]
    error(httpx.get(url, auth=(emulator.key_id, "wrong")), 401, "UNAUTHENTICATED")
    assert httpx.get(url, auth=(emulator.key_id, emulator.key_secret)).status_code == 200
    forged = Auth("someone", "else").issue_token()["access_token"]
    response = httpx.get(url, headers={"Authorization": f"Bearer {forged}"})
    error(response, 401, "UNAUTHENTICATED")
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    error(httpx.get(url, headers={"Authorization": "Bearer not.a.jwt"}), 401, "UNAUTHENTICATED")
    error(httpx.get(url, headers={"Authorization": "Digest abc"}), 401, "UNAUTHENTICATED")


def test_expired_token_is_401_with_www_authenticate_expired(emulator: EmulatorServer) -> None:
    emulator.auth.token_ttl = 0
    token = _token(emulator, auth=(emulator.key_id, emulator.key_secret)).json()["access_token"]
    response = httpx.get(f"{emulator.url}/v1/projects/{PROJECT}/trunks", headers={"Authorization": f"Bearer {token}"})
    body = error(response, 401, "UNAUTHENTICATED")
    assert body["message"] == "The access token expired"
    assert response.headers["www-authenticate"] == (
        'Bearer error="invalid_token", error_description="The access token expired"'
    )


def test_numbers_api_needs_credentials_too(emulator: EmulatorServer) -> None:
    response = httpx.get(f"{emulator.url}/v1/projects/{PROJECT}/activeNumbers/+14155550100")
    assert response.status_code == 401 and response.json()["error"]["status"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("key_id, key_secret", [("custom-id", "custom-secret")])
def test_custom_credentials_and_masked_repr(key_id: str, key_secret: str) -> None:
    auth = Auth(key_id, key_secret)
    assert key_secret not in repr(auth) and (DEFAULT_KEY_ID, DEFAULT_KEY_SECRET) == (
        "emulator-key-id",
        "emulator-key-secret",
    )
    with EmulatorServer(key_id=key_id, key_secret=key_secret) as server:
        assert key_secret not in repr(server)
        url = f"{server.url}/v1/projects/{PROJECT}/trunks"
        assert httpx.get(url, auth=(key_id, key_secret)).status_code == 200
        assert httpx.get(url, auth=(DEFAULT_KEY_ID, DEFAULT_KEY_SECRET)).status_code == 401
