"""The main job: `pulumi up` of the reference stack, against the embedded emulator or the real Sinch API.

Run by scripts/up after bootstrap. Local file backend in .pulumi-state/, PULUMI_HOME in .pulumi-home/,
passphrase secrets provider; the emulator keeps its data in .state/emulator.json between runs so a
second run is a no-op.
"""

from __future__ import annotations

import argparse
import os
import secrets
from pathlib import Path

from sinch_est.testing import PulumiCommandError, PulumiStack, emulator_settings, offline_env

REPO = Path(__file__).resolve().parents[1]
TOOLS_BIN = Path(os.environ.get("SINCH_EST_TOOLS", REPO / ".tools" / "pulumi")) / "bin"
WORK = Path(os.environ.get("SINCH_EST_WORKDIR", REPO))
"""Where the git-ignored state folders go (tests point it at a temporary folder)."""
STATE = WORK / ".pulumi-state"
LOCAL = WORK / ".state"
REAL_API_VARS = ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET")
EMULATOR_PASSPHRASE = "sinch-est-emulator-demo"


def local_secret(name: str) -> str:
    """A per-checkout random value kept in the git-ignored .state/ folder (never printed)."""
    path = LOCAL / name
    if not path.exists():
        LOCAL.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(18) + "Aa1")
        path.chmod(0o600)
    return path.read_text().strip()


def _run(driver: PulumiStack, *args: str) -> None:
    """A long command, its output shown live; a failure ends the job with the CLI's exit code."""
    print(f"$ pulumi {' '.join(args)} --stack {driver.stack}", flush=True)
    result = driver.run(*args, check=False, capture=False)
    if result.returncode != 0:
        raise SystemExit(f"pulumi {args[0]} failed with exit code {result.returncode}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stack", default=None, help="stack name (default: emulator, or sinch with real credentials)")
    parser.add_argument("--destroy", action="store_true", help="destroy the stack instead of updating it")
    args = parser.parse_args()

    real = all(os.environ.get(v) for v in REAL_API_VARS)
    stack = args.stack or ("sinch" if real else "emulator")
    STATE.mkdir(parents=True, exist_ok=True)
    env = offline_env(tools_bin=TOOLS_BIN, home=WORK / ".pulumi-home", backend=STATE, keep_credentials=real)
    # The emulator stack's secrets are demo values, so its passphrase is a fixed, documented one: the
    # stack file Pulumi.emulator.yaml then works with any state folder. A real stack gets a random one.
    env.setdefault("PULUMI_CONFIG_PASSPHRASE", local_secret("passphrase") if real else EMULATOR_PASSPHRASE)

    server = None
    if real:
        print("Real Sinch credentials found in the environment: targeting the Sinch EST API (no emulator).")
    else:
        from sinch_est.emulator import EmulatorServer

        # Pulumi keeps the provider's config (the emulator URL) in state and deletes with it, so the
        # emulator comes back on the port it had before whenever that port is free.
        port_file = LOCAL / "emulator.port"
        port = int(port_file.read_text()) if port_file.exists() else 0
        try:
            server = EmulatorServer(state_file=LOCAL / "emulator.json", port=port).__enter__()
        except OSError:
            server = EmulatorServer(state_file=LOCAL / "emulator.json").__enter__()
        LOCAL.mkdir(parents=True, exist_ok=True)
        port_file.write_text(str(server.port))
        print(f"Emulator listening on {server.url} (data in {LOCAL / 'emulator.json'})")
    try:
        driver = PulumiStack.init(
            TOOLS_BIN / "pulumi",
            REPO,
            stack,
            env,
            settings=emulator_settings(server, "reference-project") if server is not None else None,
            secrets={"sipPassword": local_secret("sip-password")},
            exists_ok=True,
        )
        if args.destroy:
            _run(driver, "destroy", "--yes", "--skip-preview")
            return 0
        _run(driver, "up", "--yes")
        print(driver.run("stack", "output", "--json").stdout)
    except PulumiCommandError as exc:
        raise SystemExit(str(exc)) from None
    finally:
        if server is not None:
            server.__exit__(None, None, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
