"""The one access key the emulator accepts, the OAuth2 tokens (HS256 JWTs) it issues, and their checks."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping
from typing import Any

from sinch_est.emulator import _errors as errors

__all__ = ["DEFAULT_KEY_ID", "DEFAULT_KEY_SECRET", "Auth"]

DEFAULT_KEY_ID = "emulator-key-id"
DEFAULT_KEY_SECRET = "emulator-key-secret"
_BASIC_CHALLENGE = 'Basic realm="sinch"'
_BEARER_CHALLENGE = 'Bearer realm="sinch"'


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _basic(credentials: str) -> tuple[str, str] | None:
    try:
        decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    key_id, sep, secret = decoded.partition(":")
    return (key_id, secret) if sep else None


class Auth:
    """Accepts HTTP Basic ``key_id:key_secret`` or a Bearer token from ``issue_token`` that has not expired.

    Tokens are signed with a key derived from the key id and secret, so they survive a restart with the
    same credentials and nothing about them is stored.
    """

    def __init__(
        self, key_id: str = DEFAULT_KEY_ID, key_secret: str = DEFAULT_KEY_SECRET, *, token_ttl: float = 3600.0
    ) -> None:
        self.key_id = key_id
        self.key_secret = key_secret
        self.token_ttl = token_ttl
        """Lifetime of newly issued tokens in seconds (0 issues tokens that are already expired)."""

    def __repr__(self) -> str:
        return f"Auth(key_id={self.key_id!r}, key_secret='***', token_ttl={self.token_ttl})"

    def _signature(self, signing_input: bytes) -> bytes:
        key = hashlib.sha256(f"sinch-est-emulator\x00{self.key_id}\x00{self.key_secret}".encode()).digest()
        return hmac.new(key, signing_input, hashlib.sha256).digest()

    def is_key(self, key_id: str, key_secret: str) -> bool:
        return hmac.compare_digest(key_id.encode(), self.key_id.encode()) & hmac.compare_digest(
            key_secret.encode(), self.key_secret.encode()
        )

    def issue_token(self) -> dict[str, Any]:
        """The token endpoint's response body: ``access_token``, ``expires_in``, ``token_type``, ``scope``."""
        issued = time.time()
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        claims = {
            "iss": "sinch-est-emulator",
            "sub": self.key_id,
            "iat": int(issued),
            "exp": int(issued + self.token_ttl),
            "jti": uuid.uuid4().hex,
            "scope": "",
        }
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{header}.{payload}".encode()
        token = f"{header}.{payload}.{_b64(self._signature(signing_input))}"
        return {"access_token": token, "expires_in": int(self.token_ttl), "token_type": "bearer", "scope": ""}

    def token_endpoint(self, authorization: str | None, form: Mapping[str, str]) -> tuple[int, dict[str, Any]]:
        """``POST /oauth2/token``: client credentials in Basic auth (or the form), ``grant_type`` in it."""
        scheme, _, credentials = (authorization or "").partition(" ")
        pair = _basic(credentials.strip()) if scheme.lower() == "basic" else None
        if pair is None and "client_id" in form:
            pair = (form["client_id"], form.get("client_secret", ""))
        if pair is None or not self.is_key(*pair):
            return 401, {"error": "invalid_client", "error_description": "Bad client credentials"}
        if form.get("grant_type") != "client_credentials":
            return 400, {"error": "unsupported_grant_type", "error_description": "Use client_credentials"}
        return 200, self.issue_token()

    def authenticate(self, authorization: str | None) -> None:
        """Raise a 401 ``EstError`` unless ``authorization`` carries our key or one of our live tokens."""
        scheme, _, credentials = (authorization or "").partition(" ")
        credentials = credentials.strip()
        if scheme.lower() == "basic":
            pair = _basic(credentials)
            if pair is None or not self.is_key(*pair):
                raise errors.unauthenticated("Invalid access key id or secret", www_authenticate=_BASIC_CHALLENGE)
            return
        if scheme.lower() == "bearer" and credentials:
            self._verify(credentials)
            return
        raise errors.unauthenticated(
            "Full authentication is required: send 'Authorization: Bearer <token>' or the key id and "
            "secret as Basic credentials",
            www_authenticate=_BEARER_CHALLENGE,
        )

    def _verify(self, token: str) -> None:
        invalid = errors.unauthenticated(
            "The access token is invalid",
            www_authenticate='Bearer error="invalid_token", error_description="The access token is invalid"',
        )
        parts = token.split(".")
        if len(parts) != 3:
            raise invalid
        try:
            signature = _unb64(parts[2])
            claims = json.loads(_unb64(parts[1]))
        except (binascii.Error, ValueError):
            raise invalid from None
        if not hmac.compare_digest(signature, self._signature(f"{parts[0]}.{parts[1]}".encode())):
            raise invalid
        if not isinstance(claims, dict) or not isinstance(claims.get("exp"), int | float):
            raise invalid
        if time.time() >= claims["exp"]:
            raise errors.unauthenticated(
                "The access token expired",
                www_authenticate='Bearer error="invalid_token", error_description="The access token expired"',
            )
