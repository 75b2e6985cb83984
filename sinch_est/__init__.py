"""sinch_est: Sinch Elastic SIP Trunking as Pulumi resources, with a policy pack and an offline emulator."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
