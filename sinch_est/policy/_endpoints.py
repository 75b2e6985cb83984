"""Endpoint views: each ``SipEndpoint`` and each entry of a ``TrunkEndpoints`` block, judged alike.

A ``TrunkEndpoints`` resource declares a trunk's endpoints as one list; every entry has the inputs of a
``SipEndpoint`` except ``trunk_id``, which the block holds for all of them. The endpoint rules read
endpoints only through these views, so both spellings meet the same checks and the same unknown
handling: an entry, or the whole list, that is unknown during a preview is a view whose every value is
unknown, and the block's ``trunk_id`` is resolved through the dependency graph like an endpoint's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pulumi_policy import PolicyResource

from sinch_est import schema
from sinch_est.policy._graph import Ref, Stack
from sinch_est.policy._values import SIP_ENDPOINT, SIP_TRUNK, TRUNK_ENDPOINTS, UNKNOWN, elements, get

__all__ = ["ENDPOINT_TYPES", "Endpoint", "endpoints_of", "stack_endpoints"]

ENDPOINT_TYPES = (SIP_ENDPOINT, TRUNK_ENDPOINTS)
"""The resource types that declare endpoints."""

_ENDPOINTS = schema.SIP_ENDPOINT_SET.field("endpoints").name
_TRUNK_ID = schema.SIP_ENDPOINT_SET.field("trunk_id").name
_NAME = schema.ENDPOINT_ITEM.field("name").name


@dataclass(frozen=True)
class Endpoint:
    """One endpoint and the resource that declares it (its props are an entry's for a block)."""

    owner: str
    """The logical name of the ``SipEndpoint`` or ``TrunkEndpoints`` resource."""
    urn: str
    props: Any
    """The endpoint's inputs (SipEndpoint field names), ``UNKNOWN`` where the engine cannot know them yet."""
    in_block: bool = False
    index: int | None = None
    """The entry's position in the block's list; ``None`` for a block whose whole list is unknown."""

    def path(self, prop: str) -> str:
        """Where ``prop`` of this endpoint is set, as the user wrote it: ``transport``, ``endpoints[1].transport``."""
        if not self.in_block:
            return prop
        return _ENDPOINTS if self.index is None else f"{_ENDPOINTS}[{self.index}].{prop}"

    @property
    def label(self) -> str:
        """The endpoint in a message: ``SIP endpoint 'pbx'`` or ``SIP endpoint 'sbc-2' (endpoints[1] of
        TrunkEndpoints 'edge')``."""
        if not self.in_block:
            return f"SIP endpoint '{self.owner}'"
        if self.index is None:
            return f"the endpoints of TrunkEndpoints '{self.owner}'"
        name = get(self.props, _NAME)
        where = f"{_ENDPOINTS}[{self.index}] of TrunkEndpoints '{self.owner}'"
        return f"SIP endpoint '{name}' ({where})" if isinstance(name, str) and name else f"SIP endpoint {where}"


def endpoints_of(resource_type: str, name: str, urn: str, props: object) -> list[Endpoint]:
    """The endpoints a resource declares: itself for a ``SipEndpoint``, one per entry for a block, none
    for any other type."""
    if resource_type == SIP_ENDPOINT:
        return [Endpoint(name, urn, props)]
    if resource_type != TRUNK_ENDPOINTS:
        return []
    entries = elements(get(props, _ENDPOINTS))
    if entries is UNKNOWN:
        return [Endpoint(name, urn, UNKNOWN, in_block=True)]
    return [Endpoint(name, urn, entry, in_block=True, index=i) for i, entry in enumerate(entries or ())]


def stack_endpoints(stack: Stack) -> Iterator[tuple[Endpoint, PolicyResource | Ref]]:
    """Every endpoint of the stack with the trunk it belongs to (a block's ``trunk_id`` counts for each entry)."""
    for token in ENDPOINT_TYPES:
        for resource in stack.of_type(token):
            trunk = stack.resolve(resource, _TRUNK_ID, SIP_TRUNK)
            for endpoint in endpoints_of(token, resource.name, resource.urn, resource.props):
                yield endpoint, trunk
