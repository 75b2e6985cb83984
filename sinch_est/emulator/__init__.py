"""An offline Sinch Elastic SIP Trunking API: EST routes, OAuth2 tokens and the Numbers API subset.

For tests and demos: ``with EmulatorServer() as srv:`` then point a client at ``srv.url`` with
``srv.key_id`` / ``srv.key_secret`` (defaults ``emulator-key-id`` / ``emulator-key-secret``). From a
shell: ``python -m sinch_est.emulator`` (see ``--help``). Imports the schema, never the client. Needs the
``emulator`` extra (``pip install "sinch-est[emulator]"``); without it, importing this package says so.
"""

from __future__ import annotations

from sinch_est.emulator._extra import is_missing_extra, raise_missing_extra

try:
    from sinch_est.emulator._app import EmulatorApp, create_app
    from sinch_est.emulator._auth import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, Auth
    from sinch_est.emulator._errors import EstError
    from sinch_est.emulator._faults import Faults
    from sinch_est.emulator._log import RequestLog, RequestRecord
    from sinch_est.emulator._seed import DEFAULT_PHONE_NUMBERS, parse_phone_numbers
    from sinch_est.emulator._server import EmulatorServer
    from sinch_est.emulator._store import Store
except ModuleNotFoundError as exc:  # the optional `emulator` extra (starlette, uvicorn) is not installed
    if not is_missing_extra(exc):
        raise
    raise_missing_extra(exc)

__all__ = [
    "DEFAULT_KEY_ID",
    "DEFAULT_KEY_SECRET",
    "DEFAULT_PHONE_NUMBERS",
    "Auth",
    "EmulatorApp",
    "EmulatorServer",
    "EstError",
    "Faults",
    "RequestLog",
    "RequestRecord",
    "Store",
    "create_app",
    "parse_phone_numbers",
]
