"""``ExportError``: an export that cannot go on, with what failed and what to do next."""

from __future__ import annotations

__all__ = ["ExportError"]


class ExportError(Exception):
    """Bad export options (raised before any API call), a failed list call, or output files in the way."""
