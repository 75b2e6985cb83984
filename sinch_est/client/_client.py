"""``EstClient``: configuration, credentials, the process-wide shared HTTP client, and the API groups."""

from __future__ import annotations

import base64
import dataclasses
import os
import threading
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from typing import Any

import httpx

from sinch_est.client._access import AccessControlLists, IpRanges, TrunkAccessControlLists
from sinch_est.client._account import CallBlockingRules, Calls, CountryPermissions, Projects
from sinch_est.client._auth import BearerToken, OAuth2ClientCredentials
from sinch_est.client._config import RetryPolicy, Timeouts
from sinch_est.client._credentials import CredentialLists, Credentials, TrunkCredentialLists
from sinch_est.client._exceptions import ConfigurationError
from sinch_est.client._numbers import PhoneNumbers
from sinch_est.client._poll import SYSTEM_CLOCK, Clock
from sinch_est.client._resources import Resource
from sinch_est.client._retry import RetryTransport
from sinch_est.client._session import Session
from sinch_est.client._settings import DEFAULT_API_URL, DEFAULT_AUTH_URL, DEFAULT_NUMBERS_URL, Settings
from sinch_est.client._trunks import SipEndpoints, SipTrunks
from sinch_est.schema import ObjectSpec

__all__ = ["EstClient"]

try:
    _USER_AGENT = f"sinch-est-python/{version('sinch-est')}"
except PackageNotFoundError:  # running from a source tree that was never installed
    _USER_AGENT = "sinch-est-python"

_SharedKey = tuple[str, object, RetryPolicy, Timeouts]
_shared: dict[_SharedKey, tuple[httpx.Client, int]] = {}
_shared_lock = threading.Lock()


def _acquire(key: _SharedKey, transport: httpx.BaseTransport | None) -> httpx.Client:
    """The keep-alive client shared by every ``EstClient`` with the same API URL and settings."""
    with _shared_lock:
        if key in _shared:
            http, users = _shared[key]
        else:
            inner = transport if transport is not None else httpx.HTTPTransport()
            http = httpx.Client(
                transport=RetryTransport(inner, policy=key[2]),
                timeout=key[3].to_httpx(),
                follow_redirects=False,
                trust_env=False,
                headers={"User-Agent": _USER_AGENT},
            )
            users = 0
        _shared[key] = (http, users + 1)
        return http


def _release(key: _SharedKey) -> None:
    with _shared_lock:
        http, users = _shared[key]
        if users > 1:
            _shared[key] = (http, users - 1)
            return
        del _shared[key]
    http.close()


def _basic_credentials(key_id: str | None, key_secret: str | None) -> str | None:
    """The base64 form of the key pair, which is as secret as the key secret itself."""
    if not key_id or not key_secret:
        return None
    return base64.b64encode(f"{key_id}:{key_secret}".encode()).decode()


def _check_url(name: str, url: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise ConfigurationError(f"{name} must be an http(s) URL, got {url!r}")
    return url.rstrip("/")


class EstClient:
    """A client for one EST project. Thread-safe; share one per process where you can.

    Credentials, in order: ``use_basic_auth=True`` sends key id and secret as HTTP Basic (Sinch meant it
    for tests only); else ``access_token`` is sent as given; else key id and secret obtain OAuth2 tokens,
    cached once per process. Missing project id or credentials raise ``ConfigurationError`` here.
    """

    def __init__(
        self,
        project_id: str | None,
        *,
        key_id: str | None = None,
        key_secret: str | None = None,
        access_token: str | None = None,
        use_basic_auth: bool = False,
        api_url: str = DEFAULT_API_URL,
        auth_url: str = DEFAULT_AUTH_URL,
        numbers_url: str = DEFAULT_NUMBERS_URL,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen value object
        timeouts: Timeouts = Timeouts(),  # noqa: B008 - frozen value object
        transport: httpx.BaseTransport | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        if not project_id:
            raise ConfigurationError(
                "no project id: pass project_id or set SINCH_PROJECT_ID (the dashboard's project ID, "
                "not a Voice app key)"
            )
        self.project_id = project_id
        self.api_url = _check_url("api_url", api_url)
        self.auth_url = _check_url("auth_url", auth_url)
        self.numbers_url = _check_url("numbers_url", numbers_url)
        self._closed = False
        self._key: _SharedKey = (self.api_url, transport, retry, timeouts)
        http = _acquire(self._key, transport)
        try:
            auth, self.auth_mode = self._auth(http, key_id, key_secret, access_token, use_basic_auth)
        except ConfigurationError:
            _release(self._key)
            raise
        fixed = (key_secret, access_token, _basic_credentials(key_id, key_secret))

        def secrets() -> tuple[str, ...]:
            live = auth.secrets() if isinstance(auth, OAuth2ClientCredentials | BearerToken) else ()
            return tuple(s for s in (*fixed, *live) if s)

        session = Session(
            http=http,
            auth=auth,
            project_id=project_id,
            api_url=self.api_url,
            numbers_url=self.numbers_url,
            secrets=secrets,
            clock=clock,
        )
        self.sip_trunks = SipTrunks(session)
        self.sip_endpoints = SipEndpoints(session)
        self.access_control_lists = AccessControlLists(session)
        self.ip_ranges = IpRanges(session)
        self.trunk_access_control_lists = TrunkAccessControlLists(session)
        self.credential_lists = CredentialLists(session)
        self.credentials = Credentials(session)
        self.trunk_credential_lists = TrunkCredentialLists(session)
        self.phone_numbers = PhoneNumbers(session)
        self.country_permissions = CountryPermissions(session)
        self.call_blocking_rules = CallBlockingRules(session)
        self.calls = Calls(session)
        self.projects = Projects(session)
        groups: tuple[Resource, ...] = (
            self.sip_trunks,
            self.sip_endpoints,
            self.access_control_lists,
            self.ip_ranges,
            self.trunk_access_control_lists,
            self.credential_lists,
            self.credentials,
            self.trunk_credential_lists,
            self.phone_numbers,
            self.country_permissions,
            self.call_blocking_rules,
            self.calls,
        )
        self._groups = {group.spec.name: group for group in groups}

    def group(self, spec: ObjectSpec) -> Resource:
        """The API group of the object ``spec`` describes (``client.group(SIP_TRUNK) is client.sip_trunks``)."""
        try:
            return self._groups[spec.name]
        except KeyError:
            raise KeyError(f"the client has no API group for {spec.name}; it is not an API object") from None

    def _auth(
        self,
        http: httpx.Client,
        key_id: str | None,
        key_secret: str | None,
        access_token: str | None,
        use_basic_auth: bool,
    ) -> tuple[httpx.Auth, str]:
        if use_basic_auth or not access_token:
            missing = [
                env
                for name, env in (("key_id", "SINCH_KEY_ID"), ("key_secret", "SINCH_KEY_SECRET"))
                if not {"key_id": key_id, "key_secret": key_secret}[name]
            ]
            if missing:
                also = "" if use_basic_auth else ", or an access_token (SINCH_ACCESS_TOKEN)"
                raise ConfigurationError(
                    f"no credentials: set key_id and key_secret ({' and '.join(missing)} missing){also}; "
                    "create an access key for the project in the Sinch dashboard"
                )
            assert key_id and key_secret
            if use_basic_auth:
                return httpx.BasicAuth(key_id, key_secret), "basic"
            return OAuth2ClientCredentials(
                client=http, auth_url=self.auth_url, key_id=key_id, key_secret=key_secret
            ), "oauth2"
        return BearerToken(access_token), "access_token"

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> EstClient:
        """A client for ``settings``; ``options`` are the other keyword arguments (``retry``, ``timeouts``,
        ``transport``, ``use_basic_auth``)."""
        return cls(
            settings.project_id,
            key_id=settings.key_id,
            key_secret=settings.key_secret,
            access_token=settings.access_token,
            api_url=settings.api_url,
            auth_url=settings.auth_url,
            numbers_url=settings.numbers_url,
            **options,
        )

    @classmethod
    def from_env(cls, **overrides: Any) -> EstClient:
        """A client configured from the ``SINCH_*`` variables (``Settings.resolve``); ``overrides`` win, and
        may also be the other keyword arguments."""
        setting_names = {f.name for f in dataclasses.fields(Settings)}
        settings = Settings.resolve(environ=os.environ).with_overrides(
            **{k: v for k, v in overrides.items() if k in setting_names}
        )
        return cls.from_settings(settings, **{k: v for k, v in overrides.items() if k not in setting_names})

    def close(self) -> None:
        """Release this client's share of the pooled connections (idempotent)."""
        if not self._closed:
            self._closed = True
            _release(self._key)

    def __enter__(self) -> EstClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EstClient(project_id={self.project_id!r}, api_url={self.api_url!r}, auth={self.auth_mode!r})"
