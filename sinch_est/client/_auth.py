"""Authentication as ``httpx.Auth``: OAuth2 client credentials (one token per process) or a given token.

Basic authentication (test use only, per Sinch) is ``httpx.BasicAuth`` and needs nothing here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
import time
from collections.abc import Generator
from dataclasses import dataclass

import httpx

from sinch_est.client._exceptions import TransportError, error_from_response, map_httpx_exceptions
from sinch_est.client._retry import RETRY_SAFE

__all__ = ["BearerToken", "OAuth2ClientCredentials", "clear_token_cache", "token_lifetime"]

TOKEN_PATH = "/oauth2/token"
REFRESH_MARGIN = 60.0
DEFAULT_LIFETIME = 3600.0


def _jwt_exp(token: str) -> float | None:
    """The ``exp`` claim of a JWT, read without verifying it (only to schedule the refresh)."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


def token_lifetime(access_token: str, expires_in: object, *, now: float) -> float:
    """Seconds the token stays valid: the earlier of the JWT ``exp`` and ``expires_in`` (default 1 h)."""
    candidates = []
    exp = _jwt_exp(access_token)
    if exp is not None:
        candidates.append(exp - now)
    if isinstance(expires_in, int | float) and not isinstance(expires_in, bool):
        candidates.append(float(expires_in))
    return min(candidates) if candidates else DEFAULT_LIFETIME


@dataclass(frozen=True)
class _Token:
    value: str
    refresh_at: float
    owner: bytes
    """Digest of the key secret that obtained the token, so a different secret never reuses it."""


_cache: dict[tuple[str, str], _Token] = {}
_locks: dict[tuple[str, str], threading.Lock] = {}
_registry_lock = threading.Lock()


def _lock_for(key: tuple[str, str]) -> threading.Lock:
    with _registry_lock:
        return _locks.setdefault(key, threading.Lock())


def clear_token_cache() -> None:
    """Forget every cached token (they are shared by all clients of the process)."""
    with _registry_lock:
        _cache.clear()


class OAuth2ClientCredentials(httpx.Auth):
    """Bearer tokens from ``{auth_url}/oauth2/token``, cached per (auth_url, key_id) for the whole process.

    Refreshed ``REFRESH_MARGIN`` seconds before expiry, and once more when the API answers 401 with a
    ``WWW-Authenticate`` header saying the token expired. The token request goes through ``client``, so
    it shares the retry transport (a 429 from the token endpoint is retried with backoff).
    """

    def __init__(self, *, client: httpx.Client, auth_url: str, key_id: str, key_secret: str) -> None:
        self._client = client
        self._url = auth_url.rstrip("/") + TOKEN_PATH
        self._key = (auth_url.rstrip("/"), key_id)
        self._basic = httpx.BasicAuth(key_id, key_secret)
        self._secret = key_secret
        self._basic_value = base64.b64encode(f"{key_id}:{key_secret}".encode()).decode()
        self._owner = hashlib.sha256(key_secret.encode()).digest()

    def __repr__(self) -> str:
        return f"OAuth2ClientCredentials(auth_url={self._key[0]!r}, key_secret='***')"

    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in a message: the key secret (also base64'd) and the cached token."""
        cached = _cache.get(self._key)
        return (self._secret, self._basic_value, *((cached.value,) if cached is not None else ()))

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and "expired" in response.headers.get("www-authenticate", "").lower():
            request.headers["Authorization"] = f"Bearer {self.token(stale=token)}"
            yield request

    def token(self, *, stale: str | None = None) -> str:
        """A valid token; ``stale`` is one the API just called expired, so it is never returned again."""
        with _lock_for(self._key):
            cached = _cache.get(self._key)
            if (
                cached is not None
                and cached.owner == self._owner
                and cached.value != stale
                and time.time() < cached.refresh_at
            ):
                return cached.value
            fresh = self._fetch()
            _cache[self._key] = fresh
            return fresh.value

    def _fetch(self) -> _Token:
        path = httpx.URL(self._url).path
        with map_httpx_exceptions("POST", path, replay_safe=True):
            response = self._client.post(
                self._url,
                data={"grant_type": "client_credentials"},
                auth=self._basic,
                headers={"Accept": "application/json"},
                extensions={RETRY_SAFE: True},
            )
        if not response.is_success:
            raise error_from_response(response, method="POST", path=path, secrets=self.secrets())
        try:
            body = response.json()
            value = body["access_token"]
        except (ValueError, KeyError, TypeError):
            value = None
        if not isinstance(value, str) or not value:
            raise TransportError(
                f"POST {path} returned no access_token; check auth_url points at the Sinch auth server",
                method="POST",
                path=path,
            )
        now = time.time()
        lifetime = token_lifetime(value, body.get("expires_in"), now=now)
        # Short-lived tokens (emulators, tests) refresh at half-life instead of never being reused.
        margin = min(REFRESH_MARGIN, lifetime / 2)
        return _Token(value=value, refresh_at=now + lifetime - margin, owner=self._owner)


class BearerToken(httpx.Auth):
    """A caller-supplied access token, sent as is (it cannot be refreshed)."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __repr__(self) -> str:
        return "BearerToken('***')"

    def secrets(self) -> tuple[str, ...]:
        return (self._token,)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token}"
        yield request
