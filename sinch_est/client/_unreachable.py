"""What to tell a user whose provider cannot reach the API its settings name: usually an API that moved.

Pulumi keeps a dynamic provider's settings (the whole ``sinch:*`` stack config, URLs included) as the inputs
of the stack's default ``pulumi:providers:pulumi-python`` resource, and ``pulumi refresh`` and ``pulumi
destroy`` configure the provider from that saved copy, not from the current stack config. So after the API
moves (a local emulator restarted on another port, say), ``pulumi config set sinch:apiUrl NEW`` alone does
not help them; one ``pulumi up`` with the new URL in the config saves the new settings (it calls the API
only for resources whose inputs changed), and ``--run-program`` makes refresh and destroy use the current
config directly. Checked with the Pulumi CLI 3.274.1 (tests/e2e/test_emulator_moved.py).
"""

from __future__ import annotations

from sinch_est.client._exceptions import EstError, TransportError
from sinch_est.client._settings import SETTINGS

__all__ = ["unreachable_api_hint"]


def unreachable_api_hint(error: EstError, *, settings_from_state: bool) -> str | None:
    """A hint for ``error`` when no connection to the API could be opened, else ``None``.

    ``settings_from_state``: the provider was configured from the stack's state (``read`` during a refresh,
    ``delete`` during a destroy) rather than from the current stack config (``create`` and ``update``).
    """
    if not isinstance(error, TransportError) or not error.unreachable:
        return None
    where = error.url or "an API URL that does not answer"
    urls = [s for s in SETTINGS if s.attr.endswith("_url")]
    keys = f"{', '.join(s.config_key for s in urls[:-1])} and {urls[-1].config_key}"
    if not settings_from_state:
        return (
            f"the provider points at {where}: check {keys} (or {', '.join(s.variable for s in urls)}) and that "
            "the API is up there"
        )
    return (
        f"the provider in state points at {where}; if the API has moved (an emulator restarted on another "
        f"port, say), set {keys} to the new URL and run `pulumi up` "
        "once: it saves the new settings in the state without calling the API for unchanged resources (or "
        "run this refresh or destroy again with --run-program)"
    )
