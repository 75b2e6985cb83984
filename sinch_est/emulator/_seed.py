"""Fixed data every project starts with: country permissions, the phone-number pool and fixture calls."""

from __future__ import annotations

import hashlib
import struct
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sinch_est.emulator._ids import derived_id, timestamp
from sinch_est.schema import DEFAULT_ENABLED_COUNTRIES, validators

__all__ = [
    "COUNTRIES",
    "DEFAULT_PHONE_NUMBERS",
    "ENABLED_COUNTRIES",
    "PCAP",
    "NumberPool",
    "fixture_calls",
    "parse_phone_numbers",
]

_NA, _SA, _EU, _AS, _AF, _OC = "North America", "South America", "Europe", "Asia", "Africa", "Oceania"

COUNTRIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("US", "United States", _NA, ("+1",)),
    ("CA", "Canada", _NA, ("+1",)),
    ("MX", "Mexico", _NA, ("+52",)),
    ("PR", "Puerto Rico", _NA, ("+1787", "+1939")),
    ("BR", "Brazil", _SA, ("+55",)),
    ("AR", "Argentina", _SA, ("+54",)),
    ("CL", "Chile", _SA, ("+56",)),
    ("CO", "Colombia", _SA, ("+57",)),
    ("PE", "Peru", _SA, ("+51",)),
    ("GB", "United Kingdom", _EU, ("+44",)),
    ("IE", "Ireland", _EU, ("+353",)),
    ("FR", "France", _EU, ("+33",)),
    ("DE", "Germany", _EU, ("+49",)),
    ("NL", "Netherlands", _EU, ("+31",)),
    ("BE", "Belgium", _EU, ("+32",)),
    ("LU", "Luxembourg", _EU, ("+352",)),
    ("CH", "Switzerland", _EU, ("+41",)),
    ("AT", "Austria", _EU, ("+43",)),
    ("IT", "Italy", _EU, ("+39",)),
    ("SM", "San Marino", _EU, ("+378", "+39549")),
    ("ES", "Spain", _EU, ("+34",)),
    ("PT", "Portugal", _EU, ("+351",)),
    ("SE", "Sweden", _EU, ("+46",)),
    ("NO", "Norway", _EU, ("+47",)),
    ("DK", "Denmark", _EU, ("+45",)),
    ("FI", "Finland", _EU, ("+358",)),
    ("IS", "Iceland", _EU, ("+354",)),
    ("PL", "Poland", _EU, ("+48",)),
    ("CZ", "Czechia", _EU, ("+420",)),
    ("SK", "Slovakia", _EU, ("+421",)),
    ("HU", "Hungary", _EU, ("+36",)),
    ("RO", "Romania", _EU, ("+40",)),
    ("BG", "Bulgaria", _EU, ("+359",)),
    ("GR", "Greece", _EU, ("+30",)),
    ("EE", "Estonia", _EU, ("+372",)),
    ("LV", "Latvia", _EU, ("+371",)),
    ("LT", "Lithuania", _EU, ("+370",)),
    ("UA", "Ukraine", _EU, ("+380",)),
    ("TR", "Turkey", _AS, ("+90",)),
    ("IL", "Israel", _AS, ("+972",)),
    ("AE", "United Arab Emirates", _AS, ("+971",)),
    ("SA", "Saudi Arabia", _AS, ("+966",)),
    ("IN", "India", _AS, ("+91",)),
    ("CN", "China", _AS, ("+86",)),
    ("JP", "Japan", _AS, ("+81",)),
    ("KR", "South Korea", _AS, ("+82",)),
    ("SG", "Singapore", _AS, ("+65",)),
    ("MY", "Malaysia", _AS, ("+60",)),
    ("TH", "Thailand", _AS, ("+66",)),
    ("PH", "Philippines", _AS, ("+63",)),
    ("ID", "Indonesia", _AS, ("+62",)),
    ("VN", "Vietnam", _AS, ("+84",)),
    ("AU", "Australia", _OC, ("+61",)),
    ("NZ", "New Zealand", _OC, ("+64",)),
    ("ZA", "South Africa", _AF, ("+27",)),
    ("NG", "Nigeria", _AF, ("+234",)),
    ("EG", "Egypt", _AF, ("+20",)),
    ("KE", "Kenya", _AF, ("+254",)),
    ("MA", "Morocco", _AF, ("+212",)),
)
"""(isoCode, name, continent, countryDialingCodes) of every seeded country permission."""

ENABLED_COUNTRIES = DEFAULT_ENABLED_COUNTRIES
"""Enabled by default; every other country starts blocked (the schema holds the fact)."""

DEFAULT_PHONE_NUMBERS = "+14155550000..+14155551999,+46701740000..+46701740199"
"""2000 US numbers and 200 Swedish ones, owned by every project unless ``--phone-numbers`` says otherwise."""


def _expand(entry: str) -> Iterable[str]:
    first, sep, last = entry.partition("..")
    first, last = first.strip(), last.strip()
    for number in (first, last) if sep else (first,):
        if (reason := validators.e164(number)) is not None:
            raise ValueError(f"phone number pool entry {entry!r}: {reason}")
    if not sep:
        yield first
        return
    if len(first) != len(last) or int(last[1:]) < int(first[1:]):
        raise ValueError(f"phone number range {entry!r} must run upwards between numbers of the same length")
    width = len(first) - 1
    for value in range(int(first[1:]), int(last[1:]) + 1):
        yield "+" + str(value).zfill(width)


def parse_phone_numbers(text: str) -> list[str]:
    """Numbers from ``'+1415..,FIRST..LAST,@file'``: E.164 numbers, inclusive ranges, or a file of them."""
    numbers: dict[str, None] = {}
    for raw in text.replace("\n", ",").split(","):
        entry = raw.strip()
        if not entry:
            continue
        if entry.startswith("@"):
            numbers.update(dict.fromkeys(parse_phone_numbers(Path(entry[1:]).read_text(encoding="utf-8"))))
            continue
        numbers.update(dict.fromkeys(_expand(entry)))
    return list(numbers)


class NumberPool:
    """The phone numbers every project owns, with the country each one belongs to."""

    def __init__(self, numbers: Iterable[str] | None = None) -> None:
        listed = parse_phone_numbers(DEFAULT_PHONE_NUMBERS) if numbers is None else list(dict.fromkeys(numbers))
        for number in listed:
            if (reason := validators.e164(number)) is not None:
                raise ValueError(f"phone number pool: {reason}")
        self.numbers: tuple[str, ...] = tuple(listed)
        self._members = frozenset(listed)
        prefixes = [(code, iso) for iso, _, _, codes in COUNTRIES for code in codes]
        self._prefixes = sorted(prefixes, key=lambda pair: -len(pair[0]))

    def __contains__(self, number: object) -> bool:
        return number in self._members

    def __len__(self) -> int:
        return len(self.numbers)

    def country_of(self, number: str) -> str:
        return next((iso for code, iso in self._prefixes if number.startswith(code)), "ZZ")


_CALL_SHAPES = (
    ("OUTBOUND", "+14155550100", "+12017777777", "COMPLETED", 4, 60),
    ("INBOUND", "+12015555555", "+14155550101", "COMPLETED", 125, 180),
    ("OUTBOUND", "+14155550100", "+46701740001", "NO_ANSWER", 0, 0),
    ("OUTBOUND", "+17813334444", "+12017777778", "FAILED", 0, 0),
    ("INBOUND", "+46701740002", "+14155550102", "BUSY", 0, 0),
    ("OUTBOUND", "+14155550103", "+17813334445", "CANCEL", 0, 0),
)
_BASE_MINUTE = 28_628_217  # 2024-06-06T16:57:00Z in minutes since the epoch


def _stamp(minute: int, second: int) -> str:
    return timestamp(minute * 60 + second).replace(".000000Z", "Z")


def fixture_calls(project_id: str) -> list[dict[str, Any]]:
    """Six call records every project has, stable for a given project id (times are in June 2024)."""
    trunk_id = derived_id(project_id, "fixture-trunk")
    calls: list[dict[str, Any]] = []
    for index, (direction, src, dst, result, duration, billed) in enumerate(_CALL_SHAPES):
        minute = _BASE_MINUTE + index * 60
        answered = result == "COMPLETED"
        price = round(0.004 * billed / 60, 4)
        digest = hashlib.sha256(f"{project_id}\x00pcap\x00{index}".encode()).digest()[:16]
        call: dict[str, Any] = {
            "callId": derived_id(project_id, "call", str(index)),
            "to": dst,
            "from": src,
            "direction": direction,
            "endTime": _stamp(minute, 7 + duration if answered else 20),
            "durationSeconds": duration,
            "billingDurationSeconds": billed,
            "callResult": result,
            "pricePerMinute": {"amount": 0.004, "currencyCode": "USD"},
            "price": {"amount": price, "currencyCode": "USD"},
            "createTime": _stamp(minute, 0),
            "projectId": project_id,
            "trunkId": trunk_id,
            "pcapId": str(uuid.UUID(bytes=digest)),
        }
        if answered:
            call["answerTime"] = _stamp(minute, 7)
        calls.append(call)
    return calls


PCAP = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
"""A valid, empty capture file: the pcap global header and no packets."""
