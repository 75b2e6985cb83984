"""Where a client's connection settings come from: stack config, then the environment, then the defaults.

The one table of settings (``SETTINGS``) names each one's stack config key, environment variable and
default. ``EstClient.from_env``, the providers' ``configure``, the provider pool, the tests and the main
job all resolve through ``Settings.resolve``, so they cannot disagree about a URL or a credential.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

__all__ = ["DEFAULT_API_URL", "DEFAULT_AUTH_URL", "DEFAULT_NUMBERS_URL", "SETTINGS", "Setting", "Settings"]

DEFAULT_API_URL = "https://elastic-trunking.api.sinch.com"
DEFAULT_AUTH_URL = "https://auth.sinch.com"
DEFAULT_NUMBERS_URL = "https://numbers.api.sinch.com"


@dataclass(frozen=True)
class Setting:
    """One setting: its ``Settings`` attribute, stack config key, environment variable and secrecy."""

    attr: str
    config_key: str
    variable: str
    secret: bool = False

    @property
    def short_key(self) -> str:
        """The key without its ``sinch:`` namespace, as ``pulumi.Config("sinch")`` takes it."""
        return self.config_key.partition(":")[2]


SETTINGS: tuple[Setting, ...] = (
    Setting("project_id", "sinch:projectId", "SINCH_PROJECT_ID"),
    Setting("key_id", "sinch:keyId", "SINCH_KEY_ID"),
    Setting("key_secret", "sinch:keySecret", "SINCH_KEY_SECRET", secret=True),
    Setting("access_token", "sinch:accessToken", "SINCH_ACCESS_TOKEN", secret=True),
    Setting("api_url", "sinch:apiUrl", "SINCH_EST_API_URL"),
    Setting("auth_url", "sinch:authUrl", "SINCH_AUTH_URL"),
    Setting("numbers_url", "sinch:numbersUrl", "SINCH_NUMBERS_API_URL"),
)


CREDENTIALS = frozenset({"key_id", "key_secret", "access_token"})


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Connection settings of one client; the secrets are masked in the repr.

    Each URL has its own default: pointing ``api_url`` somewhere else moves neither the OAuth2 server nor
    the Numbers API (set all three to run against the emulator).
    """

    project_id: str | None = None
    key_id: str | None = None
    key_secret: str | None = field(default=None, repr=False)
    access_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    auth_url: str = DEFAULT_AUTH_URL
    numbers_url: str = DEFAULT_NUMBERS_URL

    @classmethod
    def resolve(
        cls,
        config: Callable[[str], Any] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """Each setting from ``config`` (a getter of ``sinch:*`` keys, e.g. stack config), else from its
        environment variable in ``environ`` (default ``os.environ``), else its default. Empty values count as
        unset. Key id, key secret and access token go together: if the config has any, the environment's are
        not used."""
        env = os.environ if environ is None else environ
        from_config = {
            setting.attr: str(value)
            for setting in SETTINGS
            if config is not None and (value := config(setting.config_key)) not in (None, "")
        }
        # The credentials are one unit: stack config that names any of them takes none from the environment,
        # so a token in the environment cannot override the key a stack was given.
        config_credentials = bool(CREDENTIALS & from_config.keys())
        values: dict[str, str] = {}
        for setting in SETTINGS:
            if setting.attr in from_config:
                values[setting.attr] = from_config[setting.attr]
            elif not (config_credentials and setting.attr in CREDENTIALS) and env.get(setting.variable):
                values[setting.attr] = env[setting.variable]
        return cls(**values)

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given attributes replaced (``None`` for a URL keeps the current one)."""
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise TypeError(f"unknown setting(s): {', '.join(sorted(unknown))}; expected some of {sorted(known)}")
        urls = {"api_url", "auth_url", "numbers_url"}
        return replace(self, **{k: v for k, v in overrides.items() if not (k in urls and v is None)})

    def stack_config(self) -> dict[str, tuple[str, bool]]:
        """``{config key: (value, secret)}`` for every setting that differs from its default: what
        ``pulumi config set [--secret]`` needs to give a stack these settings."""
        defaults = Settings()
        result: dict[str, tuple[str, bool]] = {}
        for setting in SETTINGS:
            value = getattr(self, setting.attr)
            if value is not None and value != getattr(defaults, setting.attr):
                result[setting.config_key] = (str(value), setting.secret)
        return result
