"""The one pagination generator: walks EST's page/size lists whatever envelope the server uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from sinch_est.client._exceptions import TransportError

__all__ = ["DEFAULT_PAGE_SIZE", "paginate"]

DEFAULT_PAGE_SIZE = 500

Fetch = Callable[[Mapping[str, int] | None], Any]
"""GETs one page; called with ``{"page": n, "size": s}``, or ``None`` for an unpaginated list."""


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _envelope(body: Any, list_keys: Sequence[str], path: str) -> tuple[list[Any], int | None, int | None, int | None]:
    """(items, totalItems, pageNumber, page size) of one page; absent numbers are ``None``."""
    if isinstance(body, list):
        return body, None, None, None
    if isinstance(body, dict):
        total = _as_int(body.get("totalItems"))
        number = _as_int(body.get("pageNumber"))
        size = _as_int(body.get("pageSize"))
        size = size if size is not None else _as_int(body.get("size"))
        for key in list_keys:
            if isinstance(body.get(key), list):
                return body[key], total, number, size
        # No list at all (``{}``, ``{"trunks": null, "totalItems": 0}``) is an empty page; a list under
        # another key is a shape we do not know, and skipping its items silently would be worse.
        if not any(isinstance(value, list) for value in body.values()):
            return [], total, number, size
    raise TransportError(
        f"GET {path} returned a list in an unknown shape (expected one of {', '.join(list_keys)})",
        method="GET",
        path=path,
    )


def paginate(
    fetch: Fetch,
    *,
    list_keys: Sequence[str],
    path: str,
    size: int = DEFAULT_PAGE_SIZE,
    paginated: bool = True,
) -> Iterator[Any]:
    """Yield every item of a list, page by page.

    Accepts ``pageNumber`` as an int or numeric string, the page size as ``pageSize`` or ``size``, the
    items under any of ``list_keys`` or as a bare array. Stops when ``pageNumber * size >= totalItems``,
    or, without a total, on an empty or short page; also when the server ignores the page asked for.
    """
    if not paginated:
        yield from _envelope(fetch(None), list_keys, path)[0]
        return
    page, previous = 1, None
    while True:
        items, total, number, per_page = _envelope(fetch({"page": page, "size": size}), list_keys, path)
        if not items or items == previous:
            return
        yield from items
        number = page if number is None else number
        per_page = per_page or size
        if number != page:
            return
        if total is not None and number * per_page >= total:
            return
        if total is None and len(items) < per_page:
            return
        page, previous = number + 1, items
