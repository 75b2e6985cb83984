"""The ``emulator`` extra: what to tell a user whose Python lacks starlette or uvicorn.

The emulator is an optional part of the package (``pip install "sinch-est[emulator]"``). Without the extra,
importing it raises a ``ModuleNotFoundError`` that names the extra, and running it (``python -m
sinch_est.emulator``, ``sinch-est emulator``, ``sinch-est-emulator``) prints what to install instead of a
traceback.
"""

from __future__ import annotations

import sys
from typing import NoReturn

__all__ = ["EXTRA_MODULES", "is_missing_extra", "missing_extra_message", "raise_missing_extra"]

EXTRA_MODULES = ("starlette", "uvicorn")
"""The top-level modules the ``emulator`` extra installs and the emulator imports."""


def is_missing_extra(exc: ImportError) -> bool:
    """Whether ``exc`` is the emulator failing to import one of the extra's modules."""
    return isinstance(exc, ModuleNotFoundError) and (exc.name or "").split(".")[0] in EXTRA_MODULES


def missing_extra_message(module: str) -> str:
    python = sys.executable or "python"
    return (
        f"the sinch-est emulator needs the 'emulator' extra, which this Python ({python}) does not have "
        f"(no module named {module!r}). Install it:\n"
        f"    {python} -m pip install \"sinch-est[emulator]\""
    )


def raise_missing_extra(exc: ModuleNotFoundError) -> NoReturn:
    """Stop with the install hint: a plain message under ``python -m sinch_est.emulator``, else an ImportError."""
    module = (exc.name or "starlette").split(".")[0]
    message = missing_extra_message(module)
    if _running_as_main():
        sys.exit(f"sinch-est-emulator: {message}")  # what the user ran was the command, not an import
    raise ModuleNotFoundError(message, name=exc.name) from None


def _running_as_main() -> bool:
    # While ``python -m PACKAGE`` imports the package to find its __main__, sys.argv[0] is "-m" (documented
    # for -m); sys.orig_argv says which package is being run.
    if sys.argv[:1] != ["-m"]:
        return False
    return any(arg in ("sinch_est.emulator", "-msinch_est.emulator") for arg in getattr(sys, "orig_argv", ()))
