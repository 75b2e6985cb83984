"""An httpx client for the Sinch Elastic SIP Trunking API: auth, retries, pagination, one exception tree.

Payloads in and out are dicts keyed by the schema's Python field names plus ``"id"``.
"""

from __future__ import annotations

from sinch_est.client._client import EstClient
from sinch_est.client._config import UNSET, RetryPolicy, Timeouts, Unset
from sinch_est.client._exceptions import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    EstError,
    NotFoundError,
    PermissionDeniedError,
    ProvisioningError,
    RateLimitedError,
    ServerError,
    TransportError,
)
from sinch_est.client._poll import SYSTEM_CLOCK, Clock, poll
from sinch_est.client._settings import (
    DEFAULT_API_URL,
    DEFAULT_AUTH_URL,
    DEFAULT_NUMBERS_URL,
    SETTINGS,
    Setting,
    Settings,
)
from sinch_est.client._unreachable import unreachable_api_hint

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_AUTH_URL",
    "DEFAULT_NUMBERS_URL",
    "SETTINGS",
    "SYSTEM_CLOCK",
    "UNSET",
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "Clock",
    "ConfigurationError",
    "ConflictError",
    "EstClient",
    "EstError",
    "NotFoundError",
    "PermissionDeniedError",
    "ProvisioningError",
    "RateLimitedError",
    "RetryPolicy",
    "ServerError",
    "Setting",
    "Settings",
    "Timeouts",
    "TransportError",
    "Unset",
    "poll",
    "unreachable_api_hint",
]
