"""The one pagination generator against every envelope EST is known to use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from sinch_est.client import TransportError
from sinch_est.client._pagination import paginate


class Pages:
    """A fetch function serving ``items`` in pages shaped by ``shape``; records the params asked for."""

    def __init__(self, items: list[Any], shape: Any) -> None:
        self.items = items
        self.shape = shape
        self.asked: list[Mapping[str, int] | None] = []

    def __call__(self, params: Mapping[str, int] | None) -> Any:
        self.asked.append(params)
        page, size = (params or {}).get("page", 1), (params or {}).get("size", len(self.items))
        chunk = self.items[(page - 1) * size : page * size]
        return self.shape(chunk, page, size, len(self.items))


def walk(pages: Pages, size: int = 2, keys: tuple[str, ...] = ("trunks", "sipTrunks")) -> list[Any]:
    return list(paginate(pages, list_keys=keys, path="/v1/projects/p/trunks", size=size))


ITEMS = [{"id": str(i)} for i in range(5)]

SHAPES = {
    "emulator": lambda c, p, s, t: {"trunks": c, "totalItems": t, "pageNumber": p, "pageSize": s, "size": s},
    "spec-string-page": lambda c, p, s, t: {"sipTrunks": c, "totalItems": t, "pageNumber": str(p), "size": s},
    "sdk-pageSize": lambda c, p, s, t: {"trunks": c, "totalItems": t, "pageNumber": p, "pageSize": s},
    "no-totals": lambda c, p, s, t: {"trunks": c},
    "bare-array": lambda c, p, s, t: c,
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_every_envelope_yields_every_item_once(shape: Any) -> None:
    pages = Pages(ITEMS, shape)
    assert walk(pages) == ITEMS
    assert [p["page"] for p in pages.asked if p] == [1, 2, 3]
    assert all(p == {"page": p["page"], "size": 2} for p in pages.asked if p)


ASKED_FOR_FOUR = {"emulator": 2, "spec-string-page": 2, "sdk-pageSize": 2, "no-totals": 3, "bare-array": 3}
"""Pages fetched for 4 items 2 at a time: with totals we stop at 4 of 4; without, an empty page tells."""


@pytest.mark.parametrize("name", SHAPES)
def test_exact_multiple_of_the_page_size(name: str) -> None:
    pages = Pages(ITEMS[:4], SHAPES[name])
    assert walk(pages) == ITEMS[:4]
    assert len(pages.asked) == ASKED_FOR_FOUR[name]


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_empty_list(shape: Any) -> None:
    assert walk(Pages([], shape)) == []


def test_default_page_size_is_500() -> None:
    pages = Pages(ITEMS, SHAPES["emulator"])
    assert list(paginate(pages, list_keys=("trunks",), path="/x")) == ITEMS
    assert pages.asked == [{"page": 1, "size": 500}]


def test_server_page_size_smaller_than_asked_is_followed() -> None:
    def capped(params: Mapping[str, int] | None) -> Any:
        page = (params or {})["page"]
        chunk = ITEMS[(page - 1) * 2 : page * 2]
        return {"trunks": chunk, "totalItems": 5, "pageNumber": page, "size": 2}

    assert list(paginate(capped, list_keys=("trunks",), path="/x", size=500)) == ITEMS


def test_a_server_ignoring_the_page_parameter_does_not_loop_forever() -> None:
    def stuck(params: Mapping[str, int] | None) -> Any:
        return ITEMS[:2]

    assert list(paginate(stuck, list_keys=("trunks",), path="/x", size=2)) == ITEMS[:2]

    def stuck_numbered(params: Mapping[str, int] | None) -> Any:
        return {"trunks": ITEMS[:2], "pageNumber": 1, "totalItems": 5, "size": 2}

    assert list(paginate(stuck_numbered, list_keys=("trunks",), path="/x", size=2)) == ITEMS[:2]


def test_second_list_key_and_null_lists_are_accepted() -> None:
    assert walk(Pages(ITEMS, lambda c, p, s, t: {"sipTrunks": c})) == ITEMS
    assert list(paginate(lambda _: {"trunks": None, "totalItems": 0}, list_keys=("trunks",), path="/x")) == []
    assert list(paginate(lambda _: {}, list_keys=("trunks",), path="/x")) == []


def test_an_unknown_list_key_is_an_error_not_silence() -> None:
    with pytest.raises(TransportError, match="unknown shape"):
        list(paginate(lambda _: {"items": ITEMS}, list_keys=("trunks",), path="/x"))


def test_unpaginated_lists_are_fetched_once_without_page_params() -> None:
    pages = Pages(ITEMS, lambda c, p, s, t: {"countryPermissions": c})
    assert list(paginate(pages, list_keys=("countryPermissions",), path="/x", paginated=False)) == ITEMS
    assert pages.asked == [None]


def test_pages_are_fetched_lazily() -> None:
    pages = Pages(ITEMS, SHAPES["emulator"])
    iterator = paginate(pages, list_keys=("trunks",), path="/x", size=2)
    assert next(iterator) == ITEMS[0]
    assert len(pages.asked) == 1
