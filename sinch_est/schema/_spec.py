"""The shapes every EST object description is made of, and the pure transforms derived from them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sinch_est.schema._validators import Validator

__all__ = [
    "UNKNOWN_VALUE",
    "Field",
    "ObjectSpec",
    "Rule",
    "Violation",
    "from_wire",
    "to_wire",
    "validate",
]

STRING = "string"
INTEGER = "integer"
BOOLEAN = "boolean"
STRING_LIST = "string_list"
OBJECT_LIST = "object_list"


@dataclass(frozen=True)
class Violation:
    """One bad property: ``field`` is its Python name (dotted and indexed for nested items)."""

    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


Rule = Callable[[Mapping[str, Any]], Iterable[Violation]]
"""A cross-field rule over a whole (snake_case) object.

It sees the valid values, and ``UNKNOWN_VALUE`` for values not known yet (during a preview); absent
properties and invalid ones are missing.
"""


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN_VALUE"


UNKNOWN_VALUE: Any = _Unknown()


@dataclass(frozen=True)
class Field:
    """One property of an EST object, named once in Python (``name``) and once on the wire (``wire``)."""

    name: str
    wire: str
    kind: str = STRING
    description: str = ""
    required: bool = False
    default: Any = None
    output: bool = False
    replace: bool = False
    secret: bool = False
    validator: Validator | None = None
    enum: tuple[str, ...] = ()
    items: ObjectSpec | None = None
    path_param: bool = False
    """Sent in the URL path, never in the body (for example a child's parent id)."""
    local: bool = False
    """A provider setting with no wire form (for example which API route assigns a number)."""
    refers_to: str = ""
    """The ``ObjectSpec.name`` of the object this field holds the key of (for example ``"SipTrunk"``)."""


@dataclass(frozen=True)
class ObjectSpec:
    """How one EST object looks on the wire and in Python, and where it lives."""

    name: str
    label: str
    path: str
    """Collection path below ``/v1/projects/{projectId}``; ``{name}`` placeholders are path-param fields."""
    list_keys: tuple[str, ...] = ()
    """Keys that hold the items in a list response; the first is canonical, the others are also accepted."""
    fields: tuple[Field, ...] = ()
    id_field: str = "id"
    item_key: str = "{id}"
    """Path segment that addresses one item below ``path``."""
    listed_in: tuple[str, str] | None = None
    """For a link: the object (spec name) whose field (Python name) lists the trunks it is linked to, so a
    link can be read from that object's list instead of from one list per trunk."""
    key_field: str = ""
    """The Python field whose value goes into ``item_key`` when it is not the object's id (a number's E.164)."""
    natural_key: tuple[str, ...] = ()
    """Python fields that identify an object the API may have created before a failure was reported."""
    create_status: int = 200
    rules: tuple[Rule, ...] = ()
    paginated: bool = True
    description: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The Python name of the field that addresses one item (``item_path``) and keys it in its list:
        ``key_field``, else the field ``id_field`` names, else ``"id"``."""
        return self.key_field or next((f.name for f in self.fields if f.wire == self.id_field), "id")

    @property
    def parent_field(self) -> Field | None:
        """The path parameter naming the object this one lives under (an endpoint's trunk), if any."""
        return next((f for f in self.fields if f.path_param and f.refers_to), None)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    @property
    def inputs(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.output)

    @property
    def outputs(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.output)

    @property
    def body_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.output and not f.path_param and not f.local)

    @property
    def replace_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.replace)

    @property
    def secret_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.secret)

    def collection_path(self, **params: str) -> str:
        return self.path.format(**params)

    def item_path(self, item_id: str, **params: str) -> str:
        return f"{self.path.format(**params)}/{self.item_key.format(id=item_id)}"


def to_wire(spec: ObjectSpec, props: Mapping[str, Any], *, fill_defaults: bool = False) -> dict[str, Any]:
    """The request body for ``props``: writable, non-path fields in wire names.

    With ``fill_defaults`` every writable field is present (EST's PUT replaces the whole object, so an
    omitted field would become null rather than keep its value).
    """
    body: dict[str, Any] = {}
    for f in spec.body_fields:
        value = props.get(f.name)
        if value is None:
            if not fill_defaults or f.default is None:
                continue
            value = f.default
        if f.kind == OBJECT_LIST and f.items is not None:
            value = [to_wire(f.items, item, fill_defaults=fill_defaults) for item in value]
        body[f.wire] = value
    return body


def from_wire(spec: ObjectSpec, body: Mapping[str, Any]) -> dict[str, Any]:
    """Python-named properties from an API object; unknown wire keys are dropped, absent ones are ``None``."""
    props: dict[str, Any] = {}
    for f in spec.fields:
        if f.secret or f.local:
            continue
        value = body.get(f.wire)
        if f.kind == OBJECT_LIST and f.items is not None and isinstance(value, list):
            value = [from_wire(f.items, item) for item in value if isinstance(item, Mapping)]
        props[f.name] = value
    if spec.id_field in body:
        props["id"] = body[spec.id_field]
    return props


def _kind_reason(f: Field, value: Any) -> str | None:
    if f.kind == STRING and not isinstance(value, str):
        return f"expected a string, got {type(value).__name__}"
    if f.kind == BOOLEAN and not isinstance(value, bool):
        return f"expected true or false, got {type(value).__name__}"
    if f.kind == INTEGER and (isinstance(value, bool) or not isinstance(value, int | float)):
        return f"expected a whole number, got {type(value).__name__}"
    if f.kind in (STRING_LIST, OBJECT_LIST) and not isinstance(value, list | tuple):
        return f"expected a list, got {type(value).__name__}"
    return None


def validate(
    spec: ObjectSpec,
    props: Mapping[str, Any],
    *,
    is_unknown: Callable[[Any], bool] = lambda _: False,
    prefix: str = "",
) -> list[Violation]:
    """Every problem with ``props`` (Python names), at most one per property, skipping unknown values."""
    violations: list[Violation] = []
    known: dict[str, Any] = {}
    for f in spec.inputs:
        if f.path_param and f.name not in props and not f.required:
            continue
        value = props.get(f.name)
        where = prefix + f.name
        if is_unknown(value):
            known[f.name] = UNKNOWN_VALUE
            continue
        if value is None:
            if f.required:
                violations.append(Violation(where, f"is required: {f.description or 'set it'}"))
            continue
        reason = _kind_reason(f, value)
        if reason is None and f.enum and (not isinstance(value, str) or value.upper() not in f.enum):
            reason = f"{value!r} is not one of {', '.join(f.enum)}"
        if reason is None and f.validator is not None and f.kind != OBJECT_LIST:
            reason = f.validator(value)  # a list's validator judges the whole list
        if reason is not None:
            violations.append(Violation(where, reason))
            continue
        if f.kind == OBJECT_LIST and f.items is not None:
            if f.validator is not None and (reason := f.validator(value)) is not None:
                violations.append(Violation(where, reason))
                continue
            for index, item in enumerate(value):
                if is_unknown(item):
                    continue
                if not isinstance(item, Mapping):
                    violations.append(Violation(f"{where}[{index}]", "expected an object"))
                    continue
                violations.extend(validate(f.items, item, is_unknown=is_unknown, prefix=f"{where}[{index}]."))
        known[f.name] = value
    bad = {v.field for v in violations}
    for rule in spec.rules:
        for violation in rule(known):
            full = Violation(prefix + violation.field, violation.reason)
            if full.field not in bad:
                violations.append(full)
                bad.add(full.field)
    return violations
