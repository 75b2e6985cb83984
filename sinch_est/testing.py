"""The environment a Pulumi CLI run needs to work offline: local file backend, passphrase, no plugin downloads.

Used by the main job, the end-to-end tests and the benchmarks; useful in your own CI against the emulator.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["SINCH_CREDENTIAL_VARIABLES", "offline_env"]

SINCH_CREDENTIAL_VARIABLES = ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET", "SINCH_ACCESS_TOKEN")


def offline_env(
    *,
    tools_bin: Path,
    home: Path,
    backend: Path,
    passphrase: str | None = None,
    python: str = sys.executable,
    keep_credentials: bool = False,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """``base`` (default ``os.environ``) plus what the CLI in ``tools_bin`` needs to run with state in
    ``backend`` and its home in ``home``. Unless ``keep_credentials``, the ``SINCH_*`` credentials are
    dropped, so a stack meant for the emulator can never reach the real API by accident."""
    env = dict(os.environ if base is None else base)
    env.update(
        {
            "PATH": f"{tools_bin}{os.pathsep}{env.get('PATH', '')}",
            "PULUMI_HOME": str(home),
            "PULUMI_BACKEND_URL": f"file://{backend}",
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_SKIP_CONFIRMATIONS": "true",
            "PULUMI_SUPPRESS_NEO_LINK": "true",
            "PULUMI_PYTHON_CMD": python,
        }
    )
    if passphrase is not None:
        env["PULUMI_CONFIG_PASSPHRASE"] = passphrase
    if not keep_credentials:
        for var in SINCH_CREDENTIAL_VARIABLES:
            env.pop(var, None)
    return env
