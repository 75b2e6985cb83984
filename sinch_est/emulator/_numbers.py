"""Phone numbers: EST assignment (POST /phoneNumbers, the legacy trunk routes) and the Numbers API subset."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from sinch_est.emulator import _errors as errors
from sinch_est.emulator._ids import new_id
from sinch_est.emulator._kinds import Ctx, Kind
from sinch_est.emulator._records import as_object, check, ordered
from sinch_est.emulator._tables import Record, Records
from sinch_est.schema import PHONE_NUMBER, SIP_TRUNK, validators

__all__ = [
    "ACTIVE_NUMBERS_PAGE_SIZE",
    "VOICE_TYPES",
    "NumberKind",
    "active_number",
    "assign",
    "list_active_numbers",
    "normalise",
    "settle",
    "update_active_number",
]

VOICE_TYPES = ("RTC", "EST", "FAX")
_VOICE_TARGET = {"RTC": "appId", "EST": "trunkId", "FAX": "serviceId"}
_NUMBER_TYPE = "LOCAL"
_CAPABILITIES = ("SMS", "VOICE")
"""What every number of the pool is and can do (the emulator's pool has no mobile or toll-free numbers)."""
ACTIVE_NUMBERS_PAGE_SIZE = {"default": 100, "max": 1000}
"""The published Numbers API file gives no default or maximum ``pageSize``: these are the emulator's.
Above the maximum a page is cut to it, as Google-style list APIs do (AIP-158)."""
_NUMBER_TYPES = ("MOBILE", "LOCAL", "TOLL_FREE")
_SEARCH_PATTERNS = ("START", "CONTAINS", "END")
_ORDER_BY = ("phoneNumber", "displayName")
_FILTERS = ("regionCode", "type", "capability", "numberPattern.pattern", "numberPattern.searchPattern", "orderBy")


def normalise(number: str) -> str:
    """A number from a path or query: raw ``+``, ``%2B`` (decoded already) or ``+`` turned into a space."""
    number = number.strip()
    return number if number.startswith("+") or not number.isdigit() else "+" + number


def assign(ctx: Ctx, number: str, trunk_id: str) -> Record:
    """Assign ``number`` to ``trunk_id`` (an empty id unassigns it); an upsert keyed by the number."""
    if number not in ctx.pool:
        raise errors.invalid_argument(
            PHONE_NUMBER.label,
            [("phoneNumber", f"{number} is not a phone number of this project: assign one the project owns")],
        )
    table = ctx.data.table(PHONE_NUMBER.name)
    old = table.get(number)
    if not trunk_id:
        if old is not None:
            table.remove(number)
        return ordered(
            PHONE_NUMBER,
            {
                "id": old["id"] if old else new_id(),
                "sipTrunkId": "",
                "phoneNumber": number,
                "countryCode": ctx.pool.country_of(number),
                "createTime": old["createTime"] if old else ctx.now,
                "updateTime": ctx.now,
            },
        )
    if ctx.data.table(SIP_TRUNK.name).get(trunk_id) is None:
        raise errors.not_found(SIP_TRUNK.label, trunk_id)
    if old is not None and old["sipTrunkId"] == trunk_id:
        return dict(old)
    record = ordered(
        PHONE_NUMBER,
        {
            "id": old["id"] if old else new_id(),
            "sipTrunkId": trunk_id,
            "phoneNumber": number,
            "countryCode": ctx.pool.country_of(number),
            "createTime": old["createTime"] if old else ctx.now,
            "updateTime": ctx.now if old else None,
        },
    )
    table.put(number, record, trunk_id)
    return dict(record)


class NumberKind(Kind):
    """Only assigned numbers are listed and found (est-api.md §12.14); the rest of the pool is 404."""

    def __init__(self) -> None:
        super().__init__(PHONE_NUMBER)

    def list(self, ctx: Ctx, parent: str | None, filters: Mapping[str, str]) -> Records:
        trunk_id = filters.get("sipTrunkId") or parent
        return [dict(r) for r in self.table(ctx).records(trunk_id)]

    def find(self, ctx: Ctx, parent: str | None, key: str) -> Record:
        number = normalise(key)
        record = self.table(ctx).get(number)
        if record is None:
            record = next((r for r in self.table(ctx).records() if r["id"] == key), None)
        if record is None or (parent is not None and record["sipTrunkId"] != parent):
            raise errors.not_found(self.spec.label, number)
        return record

    def create(self, ctx: Ctx, parent: str | None, body: Any) -> Record:
        props = check(self.spec, as_object(body))
        return assign(ctx, props["phone_number"], props["trunk_id"])

    def replace(self, ctx: Ctx, parent: str | None, key: str, body: Any) -> Record:
        raise errors.method_not_allowed("PUT")

    def delete(self, ctx: Ctx, parent: str | None, key: str) -> None:
        record = self.find(ctx, parent, key)
        self.table(ctx).remove(record["phoneNumber"])


def _owned(ctx: Ctx, number: str) -> str:
    number = normalise(number)
    if number not in ctx.pool:
        raise errors.not_found("phone number", number)
    return number


def active_number(ctx: Ctx, number: str) -> Record:
    """The Numbers API view of an owned number; its voice configuration mirrors the EST assignment."""
    number = _owned(ctx, number)
    state = ctx.data.active_numbers.get(number, {})
    assigned = ctx.data.table(PHONE_NUMBER.name).get(number)
    voice: Record
    if assigned is not None:
        updated = state.get("lastUpdatedTime") or assigned["updateTime"] or assigned["createTime"]
        voice = {"type": "EST", "trunkId": assigned["sipTrunkId"], "lastUpdatedTime": updated}
    elif "voice" in state:
        voice = dict(state["voice"])
    else:
        voice = {"type": "RTC", "appId": "", "lastUpdatedTime": None}
    pending = state.get("pending")
    voice["scheduledVoiceProvisioning"] = dict(pending) if pending else None
    return {
        "phoneNumber": number,
        "projectId": ctx.project_id,
        "displayName": state.get("displayName", ""),
        "regionCode": ctx.pool.country_of(number),
        "type": "LOCAL",
        "capability": ["SMS", "VOICE"],
        "voiceConfiguration": voice,
    }


def update_active_number(ctx: Ctx, number: str, body: Any) -> Record:
    """PATCH: ``displayName`` at once; ``voiceConfiguration`` after ``ctx.provisioning_delay`` (WAITING)."""
    number = _owned(ctx, number)
    body = as_object(body)
    violations: list[tuple[str, str]] = []
    name = body.get("displayName")
    if name is not None and not isinstance(name, str):
        violations.append(("displayName", "expected a string"))
    voice = body.get("voiceConfiguration")
    pending: Record | None = None
    if voice is not None:
        kind = voice.get("type") if isinstance(voice, Mapping) else None
        if not isinstance(voice, Mapping):
            violations.append(("voiceConfiguration", "expected an object"))
        elif not isinstance(kind, str) or kind.upper() not in VOICE_TYPES:
            violations.append(("voiceConfiguration.type", f"{kind!r} is not one of {', '.join(VOICE_TYPES)}"))
        else:
            target = _VOICE_TARGET[kind.upper()]
            value = voice.get(target) or ""
            if kind.upper() == "EST" and value and ctx.data.table(SIP_TRUNK.name).get(value) is None:
                violations.append((f"voiceConfiguration.{target}", f"no SIP trunk {value!r} in this project"))
            pending = {"type": kind.upper(), target: value, "status": "WAITING", "lastUpdatedTime": ctx.now}
    if violations:
        raise errors.invalid_argument("active number", violations)
    state = ctx.data.active_numbers.setdefault(number, {})
    if name is not None:
        state["displayName"] = name
    if pending is not None:
        state["pending"] = pending
        state["dueAt"] = ctx.moment + ctx.provisioning_delay
        ctx.data.reschedule()
    settle(ctx)
    return active_number(ctx, number)


def settle(ctx: Ctx) -> bool:
    """Apply every scheduled voice provisioning that is due; whether anything changed."""
    if ctx.data.next_due is None or ctx.data.next_due > ctx.moment:
        return False
    changed = False
    for number, state in ctx.data.active_numbers.items():
        if "pending" not in state or state["dueAt"] > ctx.moment:
            continue
        pending = state.pop("pending")
        del state["dueAt"]
        changed = True
        target = _VOICE_TARGET[pending["type"]]
        if pending["type"] == "EST" and pending[target]:
            if ctx.data.table(SIP_TRUNK.name).get(pending[target]) is None:
                continue  # the trunk went away while provisioning was scheduled: nothing happens
            assign(ctx, number, pending[target])
        else:
            ctx.data.table(PHONE_NUMBER.name).remove(number)
            state["voice"] = {"type": pending["type"], target: pending[target], "lastUpdatedTime": ctx.now}
        state["lastUpdatedTime"] = ctx.now
    if changed:
        ctx.data.reschedule()
    return changed


def list_active_numbers(ctx: Ctx, query: Iterable[tuple[str, str]]) -> Record:
    """``GET activeNumbers``: the project's numbers, filtered, ordered and cut into token-linked pages.

    ``query`` is the request's query parameters (repeatable). Filters follow the published Numbers API
    (all optional): ``regionCode``, ``type``, ``capability`` (repeatable; the Python SDK names it
    ``capabilities``), ``numberPattern.pattern`` with ``numberPattern.searchPattern`` (``CONTAINS`` when
    only a pattern is given: the file names no default) and ``orderBy``. ``pageToken`` continues a list
    only with the filters it was issued for; the last page's ``nextPageToken`` is empty.
    """
    params: dict[str, list[str]] = {}
    for name, value in query:
        params.setdefault("capability" if name == "capabilities" else name, []).append(value)
    filters = {name: _split(params.get(name, [])) for name in _FILTERS}
    violations: list[tuple[str, str]] = []

    def one(name: str, choices: tuple[str, ...] | None = None) -> str | None:
        values = filters[name]
        if len(values) > 1:
            violations.append((name, f"give it once, not {len(values)} times"))
            return None
        if values and choices is not None and values[0] not in choices:
            violations.append((name, f"{values[0]!r} is not one of {', '.join(choices)}"))
            return None
        return values[0] if values else None

    region = one("regionCode")
    if region is not None and (reason := validators.country_code(region)) is not None:
        violations.append(("regionCode", reason))
    number_type = one("type", _NUMBER_TYPES)
    capabilities = filters["capability"]
    for index, capability in enumerate(capabilities):
        if capability not in _CAPABILITIES:
            violations.append((f"capability[{index}]", f"{capability!r} is not one of {', '.join(_CAPABILITIES)}"))
    pattern = one("numberPattern.pattern")
    if pattern is not None and not pattern.lstrip("+").isdigit():
        violations.append(("numberPattern.pattern", f"{pattern!r} is not a sequence of digits such as '2020'"))
    search = one("numberPattern.searchPattern", _SEARCH_PATTERNS) or "CONTAINS"
    order_by = one("orderBy", _ORDER_BY) or "phoneNumber"
    size = _page_size(params.get("pageSize", []), violations)
    digest = _digest(filters)
    offset = _offset(params.get("pageToken", []), digest, violations)
    if violations:
        raise errors.invalid_argument("list active numbers request", violations)

    def display_name(number: str) -> str:
        return str(ctx.data.active_numbers.get(number, {}).get("displayName", ""))

    digits = (pattern or "").lstrip("+")

    def matches(number: str) -> bool:
        own = number.lstrip("+")
        if search == "START":
            return own.startswith(digits)
        return own.endswith(digits) if search == "END" else digits in own

    found = [
        number
        for number in ctx.pool.numbers
        if (region is None or ctx.pool.country_of(number) == region)
        and (number_type is None or number_type == _NUMBER_TYPE)
        and (pattern is None or matches(number))
    ]  # every pool number has every capability, so a valid capability filter keeps them all
    found.sort(key=(lambda n: (display_name(n), n)) if order_by == "displayName" else None)
    page = found[offset : offset + size]
    more = offset + size < len(found)
    return {
        "activeNumbers": [active_number(ctx, number) for number in page],
        "nextPageToken": _token(offset + size, digest) if more else "",
        "totalSize": len(found),
    }


def _split(values: list[str]) -> list[str]:
    """Repeated parameters and comma-joined ones (``capability=SMS,VOICE``) alike; blanks mean absent."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _page_size(values: list[str], violations: list[tuple[str, str]]) -> int:
    limits = ACTIVE_NUMBERS_PAGE_SIZE
    if not values or values[-1].strip() in ("", "0"):
        return limits["default"]  # 0 or absent: the server's default (AIP-158)
    text = values[-1].strip()
    value: object = int(text) if text.lstrip("-").isdigit() else text
    if (reason := validators.in_range(1)(value)) is not None:
        violations.append(("pageSize", reason))
        return limits["default"]
    return min(int(text), limits["max"])


def _digest(filters: Mapping[str, list[str]]) -> str:
    """What a page token is bound to: the filters and the order, never the page size."""
    text = "\x00".join(f"{name}={','.join(values)}" for name, values in sorted(filters.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _token(offset: int, digest: str) -> str:
    return base64.urlsafe_b64encode(f"{offset}:{digest}".encode()).decode().rstrip("=")


def _offset(values: list[str], digest: str, violations: list[tuple[str, str]]) -> int:
    token = values[-1].strip() if values else ""
    if not token:
        return 0
    try:
        offset_text, _, issued_for = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().partition(":")
        offset = int(offset_text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        violations.append(("pageToken", "is not a token this list returned: start again without pageToken"))
        return 0
    if issued_for != digest or offset < 0:
        violations.append(
            (
                "pageToken",
                "was issued for other filters: send the first request's regionCode, type, capability, "
                "numberPattern and orderBy with it, or start again without pageToken",
            )
        )
        return 0
    return offset
