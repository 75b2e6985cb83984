"""Call history: the filters of GET /calls and /calls/export, and the CSV rendering of an export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["CSV_COLUMNS", "filter_calls", "to_csv"]

CSV_COLUMNS = (
    "callId",
    "createTime",
    "answerTime",
    "endTime",
    "direction",
    "from",
    "to",
    "callResult",
    "durationSeconds",
    "billingDurationSeconds",
    "pricePerMinute",
    "price",
    "currencyCode",
    "trunkId",
    "projectId",
    "pcapId",
)


def _digits(value: str) -> str:
    # The SDK sends query values unencoded, so a '+' arrives as a space; compare without it either way.
    return value.strip().removeprefix("+")


def _choices(value: str) -> set[str]:
    return {part.strip().upper() for part in value.split(",") if part.strip()}


def filter_calls(
    calls: list[dict[str, Any]], filters: Mapping[str, str], country_of: Callable[[str], str]
) -> list[dict[str, Any]]:
    """The calls matching every given filter: number prefixes, trunk, results, directions, time, countries."""
    out = []
    for call in calls:
        if (prefix := filters.get("from")) and not _digits(str(call.get("from", ""))).startswith(_digits(prefix)):
            continue
        if (prefix := filters.get("to")) and not _digits(str(call.get("to", ""))).startswith(_digits(prefix)):
            continue
        if (trunk := filters.get("trunkId")) and call.get("trunkId") != trunk:
            continue
        if (results := filters.get("callResult")) and str(call.get("callResult", "")).upper() not in _choices(results):
            continue
        if (directions := filters.get("direction")) and str(call.get("direction", "")).upper() not in _choices(
            directions
        ):
            continue
        if not _in_time(str(call.get("createTime", "")), filters):
            continue
        if (code := filters.get("fromCountryCode")) and country_of(str(call.get("from", ""))) != code.upper():
            continue
        if (code := filters.get("toCountryCode")) and country_of(str(call.get("to", ""))) != code.upper():
            continue
        out.append(call)
    return out


def _in_time(created: str, filters: Mapping[str, str]) -> bool:
    """``createTime=2024-06`` is a prefix; ``createTime>=…`` and ``createTime<=…`` bound at that precision."""
    exact = filters.get("createTime")
    if exact and not created.startswith(exact):
        return False
    for key, value in filters.items():
        if not key.startswith("createTime") or key == "createTime" or not value:
            continue
        head = created[: len(value)]
        if ">" in key and head < value:
            return False
        if "<" in key and head > value:
            return False
    return True


def to_csv(calls: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for call in calls:
        price = call.get("price") or {}
        row = {
            **call,
            "pricePerMinute": (call.get("pricePerMinute") or {}).get("amount"),
            "price": price.get("amount"),
        }
        row["currencyCode"] = price.get("currencyCode")
        writer.writerow(["" if row.get(column) is None else row[column] for column in CSV_COLUMNS])
    return buffer.getvalue()
