"""Python source of the exported program: literals, references, config secrets and calls, laid out by hand-style
rules (one argument per line, short lists inline) so that the same estate always gives the same text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

__all__ = ["WIDTH", "Call", "Declaration", "Expr", "Ref", "Secret", "declaration", "expression", "string"]

WIDTH = 88
"""Longest line the layout aims for (black's default), so the program reads well in any editor."""
_INDENT = "    "


@dataclass(frozen=True)
class Ref:
    """``variable.attribute``: another resource's output, e.g. ``main_trunk.id``."""

    variable: str
    attribute: str = "id"


@dataclass(frozen=True)
class Secret:
    """``config.require_secret("key")``: a value the user sets with ``pulumi config set --secret``."""

    key: str


@dataclass(frozen=True)
class Call:
    """``function(name=value, …)``, e.g. ``est.IpRangeArgs(cidr="203.0.113.0/24")``."""

    function: str
    arguments: tuple[tuple[str, Expr], ...] = ()


Expr: TypeAlias = "str | int | bool | Ref | Secret | Call | tuple[Expr, ...]"
"""A value in the program; a tuple is written as a list."""


@dataclass(frozen=True)
class Declaration:
    """``variable = est.<cls>("name", argument=value, …, opts=…)``: one resource of the program."""

    variable: str
    cls: str
    name: str
    arguments: tuple[tuple[str, Expr], ...]
    depends_on: tuple[str, ...] = ()


def string(value: str) -> str:
    """A string literal in double quotes where that needs no escaping (as black writes them)."""
    text = repr(value)
    if text.startswith("'") and '"' not in value:
        return '"' + text[1:-1] + '"'
    return text


def _inline(expr: Expr) -> str:
    if isinstance(expr, bool):
        return "True" if expr else "False"
    if isinstance(expr, int):
        return str(expr)
    if isinstance(expr, str):
        return string(expr)
    if isinstance(expr, Ref):
        return f"{expr.variable}.{expr.attribute}"
    if isinstance(expr, Secret):
        return f"config.require_secret({string(expr.key)})"
    if isinstance(expr, Call):
        return f"{expr.function}({', '.join(f'{k}={_inline(v)}' for k, v in expr.arguments)})"
    return f"[{', '.join(_inline(item) for item in expr)}]"


def expression(expr: Expr, *, indent: int, used: int) -> str:
    """``expr`` for a line indented ``indent`` levels with ``used`` characters before it: inline when it fits
    (a list of several calls never does), else one item or argument per line."""
    inline = _inline(expr)
    several_calls = isinstance(expr, tuple) and len(expr) > 1 and any(isinstance(i, Call) for i in expr)
    if used + len(inline) + 1 <= WIDTH and not several_calls:
        return inline
    inner = _INDENT * (indent + 1)
    if isinstance(expr, tuple):
        items = [f"{inner}{expression(i, indent=indent + 1, used=len(inner))}," for i in expr]
        return "[\n" + "\n".join(items) + f"\n{_INDENT * indent}]"
    if isinstance(expr, Call):
        lines = [
            f"{inner}{k}={expression(v, indent=indent + 1, used=len(inner) + len(k) + 1)}," for k, v in expr.arguments
        ]
        return f"{expr.function}(\n" + "\n".join(lines) + f"\n{_INDENT * indent})"
    return inline  # a literal longer than the line: nothing to break


def declaration(decl: Declaration) -> str:
    """The statement that declares ``decl``, one argument per line."""
    lines = [f"{decl.variable} = est.{decl.cls}(", f"{_INDENT}{string(decl.name)},"]
    for key, value in decl.arguments:
        lines.append(f"{_INDENT}{key}={expression(value, indent=1, used=len(_INDENT) + len(key) + 1)},")
    if decl.depends_on:
        lines.append(f"{_INDENT}opts=pulumi.ResourceOptions(depends_on=[{', '.join(decl.depends_on)}]),")
    lines.append(")")
    return "\n".join(lines)
