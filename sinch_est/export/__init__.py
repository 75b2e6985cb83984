"""Export a live EST project as a Pulumi program in the public API's names (``sinch-est export``).

Knows the schema and the client, never the provider's internals: what it writes is what a person would write
with ``import sinch_est as est``.
"""

from __future__ import annotations

from sinch_est.export._errors import ExportError
from sinch_est.export._export import DEFAULT_PROJECT_NAME, FILES, ExportReport, export_project
from sinch_est.export._program import PasswordKey
from sinch_est.export._select import KINDS
from sinch_est.export._snapshot import DEFAULT_CONCURRENCY

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_PROJECT_NAME",
    "FILES",
    "KINDS",
    "ExportError",
    "ExportReport",
    "PasswordKey",
    "export_project",
]
