"""Phone numbers: EST assignment (POST /phoneNumbers, the legacy trunk routes) and the Numbers API subset."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sinch_est.emulator import _errors as errors
from sinch_est.emulator._ids import new_id
from sinch_est.emulator._kinds import Ctx, Kind
from sinch_est.emulator._records import as_object, check, ordered
from sinch_est.emulator._tables import Record, Records
from sinch_est.schema import PHONE_NUMBER, SIP_TRUNK

__all__ = [
    "VOICE_TYPES",
    "NumberKind",
    "active_number",
    "assign",
    "normalise",
    "settle",
    "update_active_number",
]

VOICE_TYPES = ("RTC", "EST", "FAX")
_VOICE_TARGET = {"RTC": "appId", "EST": "trunkId", "FAX": "serviceId"}


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
