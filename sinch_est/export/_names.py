"""Python variable names, Pulumi resource names and config keys for exported objects: valid, unique, stable.

A name comes from the object's own name (``"Main trunk"`` → ``main_trunk``) plus a word for its kind, so an
ACL and a trunk both called "Acme" stay apart. Objects that still share a name are told apart by ``_2``,
``_3`` … in the order the caller claims them (the export claims in order of id, so the object created first
keeps the plain name and an object added later never renames an older one).
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["MAX_LENGTH", "RESERVED", "Names", "config_key", "resource_name", "slug"]

MAX_LENGTH = 48
"""Longest base name kept; longer ones are cut at a word boundary."""
RESERVED = frozenset({"pulumi", "est", "config"})
"""Names the generated program itself uses."""

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str | None) -> str:
    """``text`` as lower-case ASCII words joined by ``_`` (accents dropped, other characters split words)."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode("ascii")
    words = _NOT_WORD.sub("_", ascii_text.lower()).strip("_")
    if len(words) > MAX_LENGTH:
        cut = words[:MAX_LENGTH]
        words = cut.rsplit("_", 1)[0] if "_" in cut else cut
    return words


def _with_kind(base: str, kind: str) -> str:
    if not base:
        return kind
    if base[0].isdigit():
        return f"{kind}_{base}"
    if base == kind or base.endswith("_" + kind):
        return base
    return f"{base}_{kind}"


class Names:
    """The names already given in one program; ``claim`` hands out the next free one."""

    def __init__(self, reserved: Iterable[str] = RESERVED) -> None:
        self._taken: set[str] = set(reserved)
        self._claims: dict[str, list[str]] = {}

    def claim(self, base: str) -> str:
        """``base`` if free, else ``base_2``, ``base_3`` …; the result is a valid, non-keyword identifier."""
        if not base.isidentifier():
            base = "_" + base
        if keyword.iskeyword(base) or keyword.issoftkeyword(base):
            base += "_"
        name, n = base, 1
        while name in self._taken:
            n += 1
            name = f"{base}_{n}"
        self._taken.add(name)
        self._claims.setdefault(base, []).append(name)
        return name

    @property
    def shared(self) -> dict[str, list[str]]:
        """Base name → the names given for it, for every base claimed more than once."""
        return {base: names for base, names in self._claims.items() if len(names) > 1}

    def object(self, text: str | None, kind: str) -> str:
        """A name for an object called ``text`` of ``kind`` (``"trunk"``, ``"acl"`` …)."""
        return self.claim(_with_kind(slug(text), kind))

    def scoped(self, scope: str, text: str | None, fallback: str) -> str:
        """A name for an object inside another (an endpoint of a trunk): ``<scope>_<text>``."""
        return self.claim(f"{scope}_{slug(text) or fallback}")


def resource_name(variable: str) -> str:
    """The Pulumi resource name of a variable: the same words joined by ``-`` (one-to-one, so unique too)."""
    return variable.replace("_", "-")


def config_key(list_variable: str, username: str, taken: set[str]) -> str:
    """The stack config key holding one credential's password, unique among ``taken`` (which it joins)."""
    base = f"{resource_name(list_variable)}-{slug(username).replace('_', '-') or 'user'}-password"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key
