"""How a provider step fails: ``ProviderError`` (what, why, what next, in a few lines) and ``Gone``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

__all__ = ["Gone", "ProviderError", "brief"]


class ProviderError(Exception):
    """A provider step failed; the message says what, why, and what to do next.

    The engine shows the traceback of a failed step above its message, so these are raised from the public
    method, without a chain (``brief``): a few lines instead of forty. The API error behind it, if any, is
    kept in ``cause``.
    """

    __module__ = "sinch_est"  # as the engine prints it: sinch_est.ProviderError: <message>

    def __init__(self, message: str, *, cause: BaseException | None = None) -> None:
        super().__init__(message)
        self.cause = cause


Method = TypeVar("Method", bound=Callable[..., Any])


def brief(method: Method) -> Method:
    """Re-raise a ``ProviderError`` from this frame with no chain, so its traceback is three frames long."""

    @functools.wraps(method)
    def wrapper(*args: Any) -> Any:
        try:
            return method(*args)
        except ProviderError as exc:
            raise exc.with_traceback(None) from None

    return cast(Method, wrapper)


class Gone(Exception):
    """The object no longer exists, found without a 404 (a link missing from its trunk's list)."""
