"""The ``export`` command: its arguments and what it runs (``sinch-est export`` and ``python -m sinch_est.export``)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sinch_est.client import ConfigurationError, EstClient, EstError
from sinch_est.export._errors import ExportError
from sinch_est.export._export import DEFAULT_PROJECT_NAME, export_project
from sinch_est.export._select import KINDS, REGEX_PREFIX
from sinch_est.export._snapshot import DEFAULT_CONCURRENCY

__all__ = ["DESCRIPTION", "add_arguments", "run"]

DESCRIPTION = (
    "Read a live EST project (list calls only) and write a Pulumi project for it: Pulumi.yaml, __main__.py, "
    "requirements.txt and a README of what was exported and what to set before `pulumi up`. Credentials come "
    "from SINCH_PROJECT_ID, SINCH_KEY_ID and SINCH_KEY_SECRET (or SINCH_ACCESS_TOKEN)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out_dir", type=Path, metavar="DIR", help="where to write the project (created if missing)")
    parser.add_argument(
        "--trunk",
        action="append",
        default=[],
        metavar="PATTERN",
        help="export only trunks whose name or host name matches: a glob ('acme-*') or "
        f"'{REGEX_PREFIX}<regex>'; with their endpoints, numbers, links and lists (repeatable)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="KINDS",
        help=f"leave out kinds of object, comma-separated: {', '.join(KINDS)} (repeatable)",
    )
    parser.add_argument(
        "--no-adopt",
        action="store_true",
        help="write no adopt_id: the program creates the estate anew, e.g. in another project",
    )
    parser.add_argument("--host-name-prefix", default="", metavar="TEXT", help="with --no-adopt: put before host names")
    parser.add_argument(
        "--host-name-suffix",
        default="",
        metavar="TEXT",
        help="with --no-adopt: put after host names (write --host-name-suffix=-staging: it starts with '-')",
    )
    parser.add_argument(
        "--project-name", default=DEFAULT_PROJECT_NAME, help=f"the Pulumi project name (default {DEFAULT_PROJECT_NAME})"
    )
    parser.add_argument("--force", action="store_true", help="overwrite the files of an earlier export in DIR")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"list calls in flight at once (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    api = parser.add_argument_group("connection (each overrides its SINCH_* environment variable)")
    api.add_argument("--project-id", help="the project to export (SINCH_PROJECT_ID)")
    api.add_argument("--key-id", help="access key id (SINCH_KEY_ID; the secret only from SINCH_KEY_SECRET)")
    api.add_argument("--api-url", help="EST API base URL (SINCH_EST_API_URL), e.g. the emulator's")
    api.add_argument("--auth-url", help="OAuth2 server (SINCH_AUTH_URL)")
    api.add_argument("--numbers-url", help="Numbers API (SINCH_NUMBERS_API_URL)")


def _error(message: str) -> int:
    print(f"sinch-est export: {message}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    """Export as ``args`` say; 0 on success, 1 with a message on stderr otherwise."""
    overrides = {
        name: getattr(args, name)
        for name in ("project_id", "key_id", "api_url", "auth_url", "numbers_url")
        if getattr(args, name)
    }
    try:
        client = EstClient.from_env(**overrides)
    except ConfigurationError as exc:
        return _error(str(exc))

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    started = time.monotonic()
    with client:
        try:
            report = export_project(
                client,
                args.out_dir,
                trunks=args.trunk,
                exclude=args.exclude,
                adopt=not args.no_adopt,
                host_name_prefix=args.host_name_prefix,
                host_name_suffix=args.host_name_suffix,
                project_name=args.project_name,
                overwrite=args.force,
                concurrency=args.concurrency,
                progress=None if args.quiet else progress,
            )
        except (ExportError, EstError) as exc:
            return _error(str(exc))
    seconds = time.monotonic() - started
    print(
        f"exported {report.total} resources from project {client.project_id} to {report.out_dir} in {seconds:.1f} s; "
        f"{len(report.passwords)} passwords to set and {len(report.warnings)} things to check: see "
        f"{report.out_dir / 'README.md'}"
    )
    return 0
