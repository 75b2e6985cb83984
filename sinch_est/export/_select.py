"""What an export covers: the kinds of object it leaves out and the trunks it keeps (glob or regex)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sinch_est.export._errors import ExportError

__all__ = ["KINDS", "REGEX_PREFIX", "Selection", "TrunkPattern"]

KINDS = (
    "sip-trunks",
    "sip-endpoints",
    "access-control-lists",
    "credential-lists",
    "phone-numbers",
    "country-permissions",
    "call-blocking-rules",
)
"""The kinds ``exclude`` accepts. Leaving out trunks leaves out what hangs off them (endpoints, numbers,
links); leaving out a kind of list leaves out its links to trunks."""
_NEEDS = {"sip-endpoints": "sip-trunks", "phone-numbers": "sip-trunks"}
REGEX_PREFIX = "re:"
"""A trunk pattern starting with this is a regular expression, searched anywhere in the name or host name."""
SHOWN = 20
"""Trunks an error lists before it says how many more there are."""


@dataclass(frozen=True)
class TrunkPattern:
    """Matches a trunk by its name or host name: a case-insensitive glob, or ``re:<regex>``."""

    text: str
    regex: re.Pattern[str] | None = None

    @classmethod
    def parse(cls, text: str) -> TrunkPattern:
        if not text.strip():
            raise ExportError(
                "trunks: a pattern is empty; give a trunk name or host name, a glob such as 'acme-*', "
                "or a regular expression such as 're:^acme-(eu|us)$'"
            )
        if not text.startswith(REGEX_PREFIX):
            return cls(text)
        try:
            return cls(text, re.compile(text[len(REGEX_PREFIX) :]))
        except re.error as exc:
            raise ExportError(
                f"trunks: {text!r} is not a valid regular expression ({exc}); fix it, or drop the "
                f"{REGEX_PREFIX!r} prefix to match a glob"
            ) from None

    def matches(self, trunk: Mapping[str, Any]) -> bool:
        for value in (trunk.get("name"), trunk.get("host_name")):
            if not isinstance(value, str):
                continue
            if self.regex.search(value) if self.regex else fnmatch.fnmatchcase(value.lower(), self.text.lower()):
                return True
        return False


@dataclass(frozen=True)
class Selection:
    """The trunk patterns (none: every trunk) and the kinds left out; ``parse`` checks them offline."""

    patterns: tuple[TrunkPattern, ...] = ()
    excluded: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, trunks: Iterable[str] = (), exclude: Iterable[str] = ()) -> Selection:
        if isinstance(trunks, str) or isinstance(exclude, str):
            raise ExportError("trunks and exclude take a list of strings, not one string: write ['acme-*']")
        patterns = tuple(TrunkPattern.parse(t) for t in trunks)
        excluded: set[str] = set()
        for value in exclude:
            for part in value.split(","):
                kind = part.strip().lower().replace("_", "-")
                if not kind:
                    continue
                if kind not in KINDS:
                    raise ExportError(
                        f"exclude: {part.strip()!r} is not a kind of object; use any of {', '.join(KINDS)}"
                    )
                excluded.add(kind)
        if patterns and "sip-trunks" in excluded:
            raise ExportError("trunks: the export selects trunks but excludes sip-trunks; drop one of the two")
        return cls(patterns, frozenset(excluded))

    @property
    def filtered(self) -> bool:
        """Only some trunks are wanted (and so only the lists those trunks use)."""
        return bool(self.patterns)

    def includes(self, kind: str) -> bool:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        needed = _NEEDS.get(kind)
        return kind not in self.excluded and (needed is None or self.includes(needed))

    def links(self, list_kind: str) -> bool:
        """Whether links between trunks and lists of ``list_kind`` are exported."""
        return self.includes("sip-trunks") and self.includes(list_kind)

    def choose(self, trunks: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """The trunks the patterns match (all without patterns); a pattern matching none is an error."""
        if not self.patterns:
            return list(trunks)
        for pattern in self.patterns:
            if not any(pattern.matches(t) for t in trunks):
                names = sorted(f"{t.get('name')} ({t.get('host_name')})" for t in trunks)
                more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
                listed = "; ".join(names[:SHOWN]) + more if names else "the project has none"
                raise ExportError(f"trunks: {pattern.text!r} matches no trunk's name or host name; trunks: {listed}")
        return [t for t in trunks if any(p.matches(t) for p in self.patterns)]
