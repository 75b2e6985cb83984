"""The sinch-est CrossGuard policy pack: rules as pure functions; ``__main__.py`` serves them to the engine.

Importing this package never starts the pack (``PolicyPack(...)`` blocks forever, so only the pack's
``__main__.py`` constructs it). Run it with ``pulumi preview --policy-pack <this directory>``.
"""

from __future__ import annotations

from sinch_est.policy.rules import PACK_NAME, POLICIES

__all__ = ["PACK_NAME", "POLICIES"]
