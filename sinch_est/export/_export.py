"""``export_project``: read a live project through the client and write a ready Pulumi project for it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sinch_est.client import DEFAULT_API_URL, DEFAULT_AUTH_URL, DEFAULT_NUMBERS_URL, EstClient
from sinch_est.export._errors import ExportError
from sinch_est.export._files import Context, main_py, pulumi_yaml, readme, requirements_txt
from sinch_est.export._program import Options, PasswordKey, build_program
from sinch_est.export._select import Selection
from sinch_est.export._snapshot import DEFAULT_CONCURRENCY, Progress, read_snapshot

__all__ = ["DEFAULT_PROJECT_NAME", "FILES", "ExportReport", "export_project"]

DEFAULT_PROJECT_NAME = "sinch-est-estate"
FILES = ("Pulumi.yaml", "__main__.py", "requirements.txt", "README.md")
"""The files an export writes (and overwrites only when asked to)."""
_PROJECT_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,100}$")


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: the files, the resources per class, the password keys to set, things to check."""

    out_dir: Path
    files: tuple[Path, ...]
    resources: Mapping[str, int]
    passwords: tuple[PasswordKey, ...]
    warnings: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.resources.values())


def _urls(client: EstClient) -> tuple[tuple[str, str], ...]:
    urls = (
        ("sinch:apiUrl", client.api_url, DEFAULT_API_URL),
        ("sinch:authUrl", client.auth_url, DEFAULT_AUTH_URL),
        ("sinch:numbersUrl", client.numbers_url, DEFAULT_NUMBERS_URL),
    )
    return tuple((key, url) for key, url, default in urls if url.rstrip("/") != default)


def _check_out_dir(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise ExportError(f"out_dir: {out} is a file; give a directory (it is created if missing)")
    present = [name for name in FILES if (out / name).exists()]
    if present and not overwrite:
        raise ExportError(
            f"out_dir: {out} already holds {', '.join(present)}; choose an empty directory, or overwrite them "
            "(overwrite=True, --force) to see what changed since the last export"
        )


def export_project(
    client: EstClient,
    out_dir: str | os.PathLike[str],
    *,
    trunks: Iterable[str] = (),
    exclude: Iterable[str] = (),
    adopt: bool = True,
    host_name_prefix: str = "",
    host_name_suffix: str = "",
    project_name: str = DEFAULT_PROJECT_NAME,
    overwrite: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: Progress | None = None,
) -> ExportReport:
    """Write a Pulumi project for the client's EST project into ``out_dir``.

    ``trunks``: patterns (glob, or ``re:<regex>``) on trunk name or host name; only matching trunks and what
    they need are exported. ``exclude``: kinds to leave out (``KINDS``). ``adopt=False`` writes no ``adopt_id``,
    to recreate the estate in another project, with ``host_name_prefix``/``host_name_suffix`` added to host
    names. Options are checked before any API call (``ExportError``); then only list calls are made.
    """
    selection = Selection.parse(trunks, exclude)
    options = Options(adopt=adopt, host_name_prefix=host_name_prefix, host_name_suffix=host_name_suffix)
    options.check()
    if not _PROJECT_NAME.match(project_name):
        raise ExportError(
            f"project_name: {project_name!r} is not a Pulumi project name; use letters, digits, '-', '_' and '.'"
        )
    out = Path(out_dir)
    _check_out_dir(out, overwrite)
    snapshot = read_snapshot(client, selection, concurrency=concurrency, progress=progress)
    program = build_program(snapshot, options)
    context = Context(project_name=project_name, selection=selection, urls=_urls(client))
    texts = {
        "Pulumi.yaml": pulumi_yaml(context),
        "__main__.py": main_py(program),
        "requirements.txt": requirements_txt(),
        "README.md": readme(program, context),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (out / name).write_text(text, encoding="utf-8")
    report = ExportReport(
        out_dir=out,
        files=tuple(out / name for name in texts),
        resources=program.counts(),
        passwords=program.passwords,
        warnings=program.warnings,
    )
    if progress is not None:
        progress(f"wrote {report.total} resources to {out}")
    return report
