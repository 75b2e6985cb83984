"""Adoption that never changes anything unseen: how a live object differs from the program that adopts it.

An adopting create compares the live object with the inputs field by field, the way ``diff`` compares
state with inputs. Write-only values (SIP passwords) cannot be compared, because the API never returns
them: they are the documented exception, and adoption always sets them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sinch_est.schema import OBJECT_LIST, Field, ObjectSpec

__all__ = [
    "ADOPT_ID",
    "UPDATE_ON_ADOPT",
    "Difference",
    "announce",
    "canonical",
    "differences",
    "effective",
    "render",
    "without_secrets",
]

ADOPT_ID = "adopt_id"
UPDATE_ON_ADOPT = "update_on_adopt"
SHOWN = 12
"""Differences an error lists before it says how many more there are."""


@dataclass(frozen=True)
class Difference:
    """One input whose live value is not the program's (``where`` is dotted and indexed for nested items)."""

    where: str
    live: Any
    program: Any

    def __str__(self) -> str:
        return f"{self.where}: live {self.live!r}, program {self.program!r}"


def effective(f: Field, value: Any) -> Any:
    """The value as the API would hold it, for comparison: defaults filled, enums upper-cased."""
    value = f.default if value is None else value
    if isinstance(value, tuple):
        value = list(value)
    if f.kind == OBJECT_LIST and f.items is not None and isinstance(value, list):
        item_fields = [i for i in f.items.inputs if not i.path_param]
        return [
            {i.name: effective(i, item.get(i.name)) for i in item_fields} if isinstance(item, Mapping) else item
            for item in value
        ]
    if f.enum and isinstance(value, str):
        value = value.upper()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def canonical(spec: ObjectSpec, props: Mapping[str, Any], is_unknown: Callable[[Any], bool]) -> dict[str, Any]:
    """Inputs in the one shape both ``check`` and ``read`` store: values equal to their default left out, list
    items cut to their input fields. The engine compares stored inputs byte for byte and rewrites the whole
    state for every resource whose inputs changed shape, so a refresh must not reshape them."""
    inputs = {f.name: f for f in spec.inputs if not f.path_param}
    result: dict[str, Any] = {}
    for name, value in props.items():
        f = inputs.get(name)
        if f is None:
            result[name] = value  # adopt_id and the like
            continue
        if value is None:
            continue
        if is_unknown(value):
            result[name] = value
            continue
        if f.kind == OBJECT_LIST and f.items is not None and isinstance(value, list | tuple):
            item_spec = f.items
            result[name] = [
                canonical(
                    item_spec, {k: v for k, v in item.items() if k in {i.name for i in item_spec.inputs}}, is_unknown
                )
                if isinstance(item, Mapping)
                else item
                for item in value
            ]
            continue
        if not f.required and f.default is not None and effective(f, value) == effective(f, None):
            continue
        result[name] = value
    return result


def differences(
    spec: ObjectSpec, live: Mapping[str, Any], program: Mapping[str, Any], *, nested: bool = False
) -> list[Difference]:
    """Every input of ``spec`` whose live value differs from the program's, secrets left out, compared as
    ``diff`` compares them: an optional top-level input the program leaves out (with no default) keeps the
    live value, so it is no difference; inside a list's items (``nested``) leaving a value out clears it."""
    found: list[Difference] = []
    for f in spec.inputs:
        if f.secret or (nested and f.path_param) or (f.local and live.get(f.name) is None):
            continue  # write-only, the parent's id, or a provider-side setting the API cannot tell
        wanted = program.get(f.name)
        if not nested and wanted is None and f.default is None and not f.required:
            continue
        have = live.get(f.name)
        if f.kind == OBJECT_LIST and f.items is not None:
            found.extend(_item_differences(f, have, wanted))
        elif effective(f, have) != effective(f, wanted):
            found.append(Difference(f.name, have, wanted))
    return found


def _item_differences(f: Field, live: Any, program: Any) -> list[Difference]:
    assert f.items is not None
    have, wanted = list(live or ()), list(program or ())
    if len(have) != len(wanted):
        return [Difference(f.name, _plain(f.items, have), _plain(f.items, wanted))]
    found: list[Difference] = []
    for index, (a, b) in enumerate(zip(have, wanted, strict=True)):
        a, b = (a if isinstance(a, Mapping) else {}), (b if isinstance(b, Mapping) else {})
        for item in differences(f.items, a, b, nested=True):
            found.append(Difference(f"{f.name}[{index}].{item.where}", item.live, item.program))
    return found


def _plain(spec: ObjectSpec, items: list[Any]) -> list[Any]:
    """Items as a person would write them: inputs only, secrets left out."""
    shown = [f.name for f in spec.inputs if not f.secret and not f.path_param]
    return [
        {k: item.get(k) for k in shown if item.get(k) is not None} if isinstance(item, Mapping) else item
        for item in items
    ]


def without_secrets(spec: ObjectSpec, props: Mapping[str, Any]) -> dict[str, Any]:
    """``props`` with every write-only value removed (nested items included): what adoption knows was applied."""
    result = dict(props)
    for f in spec.inputs:
        if f.secret:
            result.pop(f.name, None)
        elif f.kind == OBJECT_LIST and f.items is not None and isinstance(props.get(f.name), list | tuple):
            result[f.name] = [
                without_secrets(f.items, item) if isinstance(item, Mapping) else item for item in props[f.name]
            ]
    return result


def render(found: list[Difference]) -> str:
    lines = [f"  {d}" for d in found[:SHOWN]]
    if len(found) > SHOWN:
        lines.append(f"  … and {len(found) - SHOWN} more")
    return "\n".join(lines)


def announce(message: str) -> None:
    """A line the engine shows under the stack's diagnostics in ``pulumi up`` (the provider's stderr)."""
    print(f"sinch-est: {message}", file=sys.stderr, flush=True)
