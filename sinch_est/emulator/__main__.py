"""Command line: ``python -m sinch_est.emulator`` (or ``sinch-est emulator``, ``sinch-est-emulator``) serves it.

It listens on 127.0.0.1:8378 unless told otherwise: a stable address for interactive use, so a stack's
``sinch:apiUrl`` stays right across restarts (``--port 0`` picks a free port, for tests). The first line
on stdout is exactly ``listening on http://HOST:PORT``. The EST API, the OAuth2 token
endpoint (``/oauth2/token``) and the Numbers API subset share that address. Accepted credentials default
to key id ``emulator-key-id`` and secret ``emulator-key-secret``; any project id is accepted and each
project has its own data. With ``--state-file`` the data survives restarts, even a SIGKILL: every
change is appended to ``STATE_FILE.journal`` and synced before it is acknowledged, and the journal is
folded into the file (rewritten atomically) when it outgrows it and at shutdown (SIGINT/SIGTERM);
passwords are stored only as salted hashes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import uvicorn

from sinch_est.emulator._app import create_app
from sinch_est.emulator._auth import DEFAULT_KEY_ID, DEFAULT_KEY_SECRET, Auth
from sinch_est.emulator._faults import Faults
from sinch_est.emulator._log import RequestLog
from sinch_est.emulator._seed import DEFAULT_PHONE_NUMBERS, parse_phone_numbers
from sinch_est.emulator._server import bind, uvicorn_config
from sinch_est.emulator._store import Store

__all__ = ["DEFAULT_PORT", "main", "parser"]

DEFAULT_PORT = 8378
"""E-S-T on a phone keypad (3-7-8), after an 8: a port few other tools use."""


def _fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not a fraction between 0 and 1")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sinch-est-emulator",
        description="An offline Sinch Elastic SIP Trunking API: EST, the OAuth2 token endpoint and a "
        "Numbers API subset.",
        epilog="Admin routes: GET /_emulator/requests, POST /_emulator/reset, GET|PUT /_emulator/faults.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port to bind (default {DEFAULT_PORT}, stable across restarts); 0 picks a free one (for tests)",
    )
    p.add_argument("--key-id", default=DEFAULT_KEY_ID, help=f"accepted access key id (default {DEFAULT_KEY_ID})")
    p.add_argument(
        "--key-secret", default=DEFAULT_KEY_SECRET, help=f"accepted key secret (default {DEFAULT_KEY_SECRET})"
    )
    p.add_argument("--token-ttl", type=float, default=3600.0, help="OAuth2 token lifetime in seconds (default 3600)")
    p.add_argument("--latency-ms", type=float, default=0.0, help="delay added to every API request")
    p.add_argument("--fault-429", type=_fraction, default=0.0, metavar="FRACTION", help="answer 429 + Retry-After")
    p.add_argument("--fault-503", type=_fraction, default=0.0, metavar="FRACTION", help="answer 503")
    p.add_argument(
        "--fault-drop",
        type=_fraction,
        default=0.0,
        metavar="FRACTION",
        help="close the connection, no response",
    )
    p.add_argument("--retry-after", type=float, default=1.0, help="Retry-After seconds of injected 429s (default 1)")
    p.add_argument(
        "--rate-limit",
        type=float,
        default=None,
        metavar="N",
        help="requests per second per project; 429 beyond",
    )
    p.add_argument("--seed", type=int, default=None, help="random seed for fault injection")
    p.add_argument("--state-file", default=None, metavar="PATH", help="keep the data in PATH across restarts")
    p.add_argument(
        "--save-interval",
        type=float,
        default=1.0,
        help="seconds between checks whether the state file's journal should be folded into it (default 1)",
    )
    p.add_argument(
        "--phone-numbers",
        default=DEFAULT_PHONE_NUMBERS,
        metavar="LIST",
        help="the numbers every project owns: comma-separated E.164 numbers, FIRST..LAST ranges, or @FILE "
        f"(one per line); default {DEFAULT_PHONE_NUMBERS}",
    )
    p.add_argument(
        "--provisioning-delay",
        type=float,
        default=0.5,
        help="seconds before a Numbers API voice config applies",
    )
    p.add_argument("--request-log-size", type=int, default=100_000, help="requests kept in the request log")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    p.add_argument("--access-log", action="store_true", help="print one line per request (after the first line)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        numbers = parse_phone_numbers(args.phone_numbers)
        faults = Faults(
            latency_ms=args.latency_ms,
            fault_429=args.fault_429,
            fault_503=args.fault_503,
            fault_drop=args.fault_drop,
            rate_limit=args.rate_limit,
            retry_after=args.retry_after,
        )
        store = Store(phone_numbers=numbers, provisioning_delay=args.provisioning_delay, state_file=args.state_file)
    except (OSError, ValueError) as exc:
        print(f"sinch-est-emulator: {exc}", file=sys.stderr)
        return 2
    app = create_app(
        store=store,
        faults=faults,
        auth=Auth(args.key_id, args.key_secret, token_ttl=args.token_ttl),
        requests=RequestLog(args.request_log_size),
        save_interval=args.save_interval,
        seed=args.seed,
    )
    try:
        sock = bind(args.host, args.port)
    except OSError as exc:
        print(
            f"sinch-est-emulator: cannot listen on {args.host}:{args.port} "
            f"({os.strerror(exc.errno) if exc.errno else exc}): another "
            f"emulator may be running there. Stop it, or pass --port N (--port 0 picks a free port).",
            file=sys.stderr,
        )
        return 2
    host, port = sock.getsockname()[:2]
    print(f"listening on http://{host}:{port}", flush=True)
    try:
        uvicorn.Server(uvicorn_config(app, log_level=args.log_level, access_log=args.access_log)).run(sockets=[sock])
    except KeyboardInterrupt:
        # uvicorn shut down cleanly (state file written), then re-raised the Ctrl-C it had caught.
        return 130
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
