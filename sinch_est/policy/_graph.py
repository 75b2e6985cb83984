"""Joining stack resources (endpoint → trunk, link → list) through the engine's dependency graph.

During a preview of a new stack every id is unknown, so ``SipEndpoint.trunk_id`` cannot be compared with
anything. The engine does know where each input came from: ``property_dependencies["trunk_id"]`` holds
the ``SipTrunk`` whose ``id`` fed it. Joins use that first, then (for literal ids, e.g. adopted objects)
the known ``id`` or ``adopt_id`` of the candidates. A join that cannot be decided is ``UNRESOLVED`` and
the rules stay quiet about everything it might affect, so unknowns never produce a false violation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum

from pulumi_policy import PolicyResource

from sinch_est.policy._values import elements, get

__all__ = ["Ref", "Stack"]


class Ref(Enum):
    """A reference that does not lead to exactly one resource of this stack."""

    UNRESOLVED = "unresolved"
    """It might be any resource of the target type (unknown value, ambiguous graph)."""
    EXTERNAL = "external"
    """Certainly none of this stack's resources: a known id that no resource here has."""


def _identity(resource: PolicyResource) -> str | None:
    """The EST id of ``resource`` when known: its ``id`` output, else the id it adopts."""
    for key in ("id", "adopt_id"):
        value = get(resource.props, key)
        if isinstance(value, str) and value:
            return value
    return None


def _unique(resources: Iterable[PolicyResource], token: str) -> list[PolicyResource]:
    found: dict[str, PolicyResource] = {}
    for resource in resources:
        if resource.resource_type == token:
            found.setdefault(resource.urn, resource)
    return list(found.values())


class Stack:
    """The stack's resources indexed by type token, with reference resolution."""

    def __init__(self, resources: Sequence[PolicyResource]) -> None:
        self._by_type: dict[str, list[PolicyResource]] = {}
        for resource in resources:
            self._by_type.setdefault(resource.resource_type, []).append(resource)

    def of_type(self, token: str) -> list[PolicyResource]:
        return list(self._by_type.get(token, ()))

    def resolve(self, resource: PolicyResource, prop: str, token: str) -> PolicyResource | Ref:
        """The resource of type ``token`` that ``resource.props[prop]`` refers to."""
        by_prop = resource.property_dependencies or {}
        # Without any per-property information (older SDKs), the resource-level list is the next best
        # source; with it, a property missing from the map had no dependencies (a literal value).
        sources = by_prop.get(prop, ()) if by_prop else (resource.dependencies or ())
        found = _unique(sources, token)
        if len(found) == 1:
            return found[0]
        if found:
            return Ref.UNRESOLVED
        return self._by_id(get(resource.props, prop), token)

    def resolve_all(self, resource: PolicyResource, prop: str, token: str) -> list[PolicyResource | Ref]:
        """The resources of type ``token`` that the ids in the list ``resource.props[prop]`` refer to, one
        entry per id (``Ref`` where an id does not lead to exactly one of this stack's resources)."""
        raw = get(resource.props, prop)
        ids = elements(raw)
        if not isinstance(ids, list):
            return [] if raw is None else [Ref.UNRESOLVED]
        by_prop = resource.property_dependencies or {}
        sources = _unique(by_prop.get(prop, ()) if by_prop else (resource.dependencies or ()), token)
        literal = [self._by_id(value, token) for value in ids if isinstance(value, str) and value]
        found: list[PolicyResource | Ref] = [*sources, *(r for r in literal if r not in sources)]
        return found if len(found) >= len(ids) else [*found, Ref.UNRESOLVED]

    def _by_id(self, value: object, token: str) -> PolicyResource | Ref:
        if not isinstance(value, str) or not value:
            return Ref.UNRESOLVED
        candidates = self.of_type(token)
        identities = [_identity(candidate) for candidate in candidates]
        matches = [c for c, identity in zip(candidates, identities, strict=True) if identity == value]
        if len(matches) == 1:
            return matches[0]
        if matches or None in identities:
            return Ref.UNRESOLVED
        return Ref.EXTERNAL
