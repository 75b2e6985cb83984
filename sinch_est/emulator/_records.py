"""Request bodies in, records out, all derived from the schema specs: wire decoding, validation, defaults."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from sinch_est.emulator._errors import invalid_argument, unreadable
from sinch_est.schema import (
    BOOLEAN,
    INTEGER,
    OBJECT_LIST,
    STRING,
    STRING_LIST,
    Field,
    ObjectSpec,
    Violation,
    validate,
)

__all__ = [
    "as_object",
    "check",
    "ordered",
    "parent_field",
    "parse_json",
    "server_default",
    "wire_path",
    "writable",
]

_SEGMENT = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<index>(?:\[\d+\])*)$")


def parse_json(raw: bytes) -> Any:
    """The JSON document in ``raw``; anything unparsable is Spring's "Failed to read HTTP message"."""
    if not raw.strip():
        raise unreadable([("body", "a JSON request body is required")])
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise unreadable([("body", f"not valid JSON: {exc}")]) from None


def as_object(body: Any) -> Mapping[str, Any]:
    """``body`` if it is a JSON object; anything else cannot be read as one of EST's objects."""
    if not isinstance(body, Mapping):
        raise unreadable([("body", f"expected a JSON object, got {type(body).__name__}")])
    return body


def parent_field(spec: ObjectSpec) -> Field | None:
    """The path parameter that names an object's parent (a child object has exactly one)."""
    return next((f for f in spec.fields if f.path_param), None)


def server_default(spec: ObjectSpec, name: str) -> Any:
    """What the API fills in for an omitted field (the spec's default; a tuple becomes a list)."""
    default = spec.field(name).default
    return list(default) if isinstance(default, tuple) else default


def _is_default(f: Field, value: Any) -> bool:
    return f.default is not None and type(value) is type(f.default) and value == f.default


def _to_props(spec: ObjectSpec, body: Mapping[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for f in spec.body_fields:
        value = body.get(f.wire)
        if f.kind == OBJECT_LIST and f.items is not None and isinstance(value, list):
            value = [_to_props(f.items, item) if isinstance(item, Mapping) else item for item in value]
        elif _is_default(f, value):
            value = None  # the API's own default is always acceptable, e.g. callForwardNumber ""
        props[f.name] = value
    return props


def _readable(f: Field, value: Any) -> bool:
    """Whether a JSON deserialiser would accept ``value`` for ``f`` (a type, not a rule, question)."""
    if value is None:
        return True
    if f.kind == STRING:
        return isinstance(value, str)
    if f.kind == BOOLEAN:
        return isinstance(value, bool)
    if f.kind == INTEGER:
        return not isinstance(value, bool) and (
            isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        )
    if f.kind == STRING_LIST:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if f.kind == OBJECT_LIST:
        if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
            return False
        return f.items is None or all(_unreadable(f.items, item) == [] for item in value)
    return True


def _unreadable(spec: ObjectSpec, body: Mapping[str, Any]) -> list[str]:
    return [f.wire for f in spec.body_fields if not _readable(f, body.get(f.wire))]


def wire_path(spec: ObjectSpec, dotted: str) -> str:
    """``ip_ranges[0].ip_address`` -> ``ipRanges[0].ipAddress`` by walking the spec's fields."""
    out: list[str] = []
    current: ObjectSpec | None = spec
    for segment in dotted.split("."):
        match = _SEGMENT.match(segment)
        if current is None or match is None:
            out.append(segment)
            current = None
            continue
        try:
            f = current.field(match["name"])
        except KeyError:
            out.append(segment)
            current = None
            continue
        out.append(f.wire + match["index"])
        current = f.items
    return ".".join(out)


def check(
    spec: ObjectSpec,
    body: Mapping[str, Any],
    *,
    parent: str | None = None,
    extra: Iterable[Violation] = (),
) -> dict[str, Any]:
    """The Python-named properties of a request ``body``; raises a 400 with the schema's reasons.

    A value of the wrong JSON type is answered as Spring does (``VALIDATION_FAILED``, "Failed to read
    HTTP message"); every other problem is ``INVALID_ARGUMENT``. Both carry one field violation per bad
    property, named by its wire path and described in the words of ``sinch_est.schema.validate``.
    """
    props = _to_props(spec, body)
    pf = parent_field(spec)
    if pf is not None and parent is not None:
        props[pf.name] = parent
    violations = validate(spec, props)
    seen = {v.field for v in violations}
    for found in extra:
        if found.field not in seen:
            violations.append(found)
            seen.add(found.field)
    named = [(wire_path(spec, v.field), v.reason) for v in violations]
    bad_types = _unreadable(spec, body)
    if bad_types:
        for wire in bad_types:
            if not any(n == wire or n.startswith((wire + "[", wire + ".")) for n, _ in named):
                named.append((wire, "cannot be read as the declared type"))
        raise unreadable(named)
    if named:
        raise invalid_argument(spec.label, named)
    return props


def writable(spec: ObjectSpec, props: Mapping[str, Any]) -> dict[str, Any]:
    """The stored wire values of every writable scalar field: omitted ones get the API's default or null."""
    values: dict[str, Any] = {}
    for f in spec.body_fields:
        if f.kind == OBJECT_LIST:
            continue
        value = props.get(f.name)
        if value is None:
            value = server_default(spec, f.name)
        if isinstance(value, str) and f.enum:
            value = value.upper()
        if isinstance(value, float) and f.kind == INTEGER:
            value = int(value)
        values[f.wire] = value
    return values


def ordered(spec: ObjectSpec, values: Mapping[str, Any], *, omit: Iterable[str] = ()) -> dict[str, Any]:
    """``values`` in the spec's field order, ``id`` first; secret fields are never included."""
    skip = set(omit) | {f.wire for f in spec.fields if f.secret}
    out: dict[str, Any] = {}
    if "id" in values and "id" not in skip:
        out["id"] = values["id"]
    for f in spec.fields:
        if f.wire in values and f.wire not in skip and f.wire not in out:
            out[f.wire] = values[f.wire]
    for key, value in values.items():
        if key not in out and key not in skip and not key.startswith("_"):
            out[key] = value
    return out
