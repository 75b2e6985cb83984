"""How a provider travels in state: by reference, small, and the same after any number of resources."""

from __future__ import annotations

import base64

import dill
from pulumi.dynamic.dynamic import serialize_provider

from sinch_est import provider as p


def test_a_provider_pickles_by_reference_with_its_key_whatever_the_count() -> None:
    """Pulumi's serializer wraps the pickler once more on every call; a provider holding a dict would
    recurse deeper each time (a RecursionError past about a thousand resources)."""
    provider = p.SipTrunkProvider()
    provider.resource_key = "0123456789abcdef0123"
    for _ in range(3000):
        stored = serialize_provider(provider)
    raw = base64.b64decode(stored)
    assert b"sinch_est.provider.sip_trunk" in raw and b"co_code" not in raw
    assert len(stored) < 200
    back = dill.loads(raw)
    assert type(back) is p.SipTrunkProvider and back.resource_key == provider.resource_key
