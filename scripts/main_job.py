"""The main job: `pulumi up` of the reference stack, against the embedded emulator or the real Sinch API.

Run by scripts/up after bootstrap. Local file backend in .pulumi-state/, PULUMI_HOME in .pulumi-home/,
passphrase secrets provider; the emulator keeps its data in .state/emulator.json between runs so a
second run is a no-op.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from sinch_est.testing import offline_env

REPO = Path(__file__).resolve().parents[1]
TOOLS_BIN = Path(os.environ.get("SINCH_EST_TOOLS", REPO / ".tools" / "pulumi")) / "bin"
WORK = Path(os.environ.get("SINCH_EST_WORKDIR", REPO))
"""Where the git-ignored state folders go (tests point it at a temporary folder)."""
STATE = WORK / ".pulumi-state"
LOCAL = WORK / ".state"
REAL_API_VARS = ("SINCH_PROJECT_ID", "SINCH_KEY_ID", "SINCH_KEY_SECRET")
EMULATOR_PASSPHRASE = "sinch-est-emulator-demo"


def pulumi(env: dict[str, str], *args: str, capture: bool = False, shown: str | None = None) -> str:
    cmd = [str(TOOLS_BIN / "pulumi"), *args, "--non-interactive", "--cwd", str(REPO)]
    print(f"$ pulumi {shown or ' '.join(args)}", flush=True)
    proc = subprocess.run(cmd, env=env, text=True, capture_output=capture)
    if proc.returncode != 0:
        if capture:
            sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"pulumi {args[0]} failed with exit code {proc.returncode}")
    return proc.stdout if capture else ""


def set_secret(env: dict[str, str], stack: str, key: str, value: str) -> None:
    shown = f"config set --secret {key} *** --stack {stack}"  # never echo a secret
    pulumi(env, "config", "set", "--secret", key, value, "--stack", stack, shown=shown)


def local_secret(name: str) -> str:
    """A per-checkout random value kept in the git-ignored .state/ folder (never printed)."""
    path = LOCAL / name
    if not path.exists():
        LOCAL.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(18) + "Aa1")
        path.chmod(0o600)
    return path.read_text().strip()


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
        stacks = json.loads(pulumi(env, "stack", "ls", "--json", capture=True) or "[]")
        if not any(s.get("name") == stack for s in stacks):
            pulumi(env, "stack", "init", stack, "--secrets-provider", "passphrase")
        if server is not None:
            for key, value in (
                ("sinch:projectId", "reference-project"),
                ("sinch:keyId", server.key_id),
                ("sinch:apiUrl", server.url),
                ("sinch:authUrl", server.url),
                ("sinch:numbersUrl", server.url),
            ):
                pulumi(env, "config", "set", key, value, "--stack", stack)
            set_secret(env, stack, "sinch:keySecret", server.key_secret)
        set_secret(env, stack, "sipPassword", local_secret("sip-password"))
        if args.destroy:
            pulumi(env, "destroy", "--yes", "--skip-preview", "--stack", stack)
            return 0
        pulumi(env, "up", "--yes", "--stack", stack)
        print(pulumi(env, "stack", "output", "--json", "--stack", stack, capture=True))
    finally:
        if server is not None:
            server.__exit__(None, None, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
