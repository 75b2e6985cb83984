"""The ``sinch-est`` command line: one console script, one small function per subcommand.

Thin by design: each subcommand parses its own arguments and calls a layer. To add one, write a function
``name(argv) -> exit code`` whose docstring's first line is its help, and add it to ``COMMANDS``.
Layers that need optional packages are imported inside their subcommand, so ``sinch-est --help`` and the
other subcommands work without them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["COMMANDS", "emulator", "emulator_main", "export", "main", "pack_python", "policy_pack"]

PACK_PACKAGE = "sinch_est.policy"
PACK_MODULES = ("pulumi.policy", "pulumi_policy", "sinch_est.policy.rules")
"""What the pack's Python must import: Pulumi's pack runner, CrossGuard, and the rules."""

# Run on the pack's Python: prints where its rules come from, or which module it lacks.
_PROBE = """
import importlib, json, os, sys
try:
    for name in {modules!r}:
        importlib.import_module(name)
except ImportError as exc:
    print(json.dumps({{"python": sys.executable, "missing": exc.name or name, "error": str(exc)}}))
else:
    pack = os.path.dirname(sys.modules[{package!r}].__file__)
    print(json.dumps({{"python": sys.executable, "pack": pack}}))
"""


def emulator(argv: Sequence[str]) -> int:
    """Serve the offline EST emulator (the same as sinch-est-emulator; `sinch-est emulator --help`)."""
    try:
        from sinch_est.emulator import __main__ as command
    except ModuleNotFoundError as exc:
        from sinch_est.emulator._extra import is_missing_extra, missing_extra_message

        if not is_missing_extra(exc):
            raise
        print(f"sinch-est emulator: {missing_extra_message((exc.name or '').split('.')[0])}", file=sys.stderr)
        return 1
    return command.main(argv)


def export(argv: Sequence[str]) -> int:
    """Write a Pulumi program for a live EST project (`sinch-est export --help`)."""
    from sinch_est.export._command import DESCRIPTION, add_arguments, run

    parser = argparse.ArgumentParser(prog="sinch-est export", description=DESCRIPTION)
    add_arguments(parser)
    return run(parser.parse_args(list(argv)))


def pack_python(environ: dict[str, str] | None = None) -> tuple[str | None, str]:
    """The Python that Pulumi's language host runs a policy pack on, and how it was chosen.

    Like the official host (``sdk/python/toolchain/pip.go`` ``CommandPath``; our pack has no runtime
    options): ``$PULUMI_PYTHON_CMD`` looked up on PATH, else ``python3``, else ``python``. Never the
    program's ``virtualenv`` option. ``None`` when nothing is found.
    """
    env = os.environ if environ is None else environ
    path = env.get("PATH", os.defpath)
    command = env.get("PULUMI_PYTHON_CMD", "")
    if command:
        return shutil.which(command, path=path), f"PULUMI_PYTHON_CMD={command}"
    for name in ("python3", "python"):
        found = shutil.which(name, path=path)
        if found:
            return found, f"{name} on PATH; PULUMI_PYTHON_CMD is not set"
    return None, "python3 or python on PATH; PULUMI_PYTHON_CMD is not set"


def policy_pack(argv: Sequence[str]) -> int:
    """Print the policy pack's directory, or fail when Pulumi could not start the pack from it."""
    parser = argparse.ArgumentParser(
        prog="sinch-est policy-pack",
        description="Print the directory of the installed sinch-est policy pack, for `pulumi preview "
        "--policy-pack DIR`. Exits non-zero, printing nothing on stdout, unless the Python that Pulumi runs "
        "the pack on (PULUMI_PYTHON_CMD, else python3 on PATH) can start this very pack.",
        epilog='Use it so that a failure stops the script: pack="$(sinch-est policy-pack)" || exit 1',
    )
    parser.parse_args(argv)
    spec = importlib.util.find_spec(PACK_PACKAGE)  # finds the directory without importing pulumi_policy
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations or not (Path(locations[0]) / "PulumiPolicy.yaml").is_file():
        return _fail(f"the policy pack is not installed with this sinch-est ({Path(__file__).parent})")
    pack = Path(locations[0]).resolve()
    python, chosen = pack_python()
    use_me = f"export PULUMI_PYTHON_CMD={sys.executable}"
    if python is None:
        return _fail(f"Pulumi would run the policy pack on {chosen}, and there is none.\nFix: {use_me}")
    # In the pack's directory, as Pulumi runs the pack: what the current directory shadows there, it shadows here.
    probe = subprocess.run(
        [python, "-c", _PROBE.format(modules=PACK_MODULES, package=PACK_PACKAGE)],
        cwd=pack,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        found = json.loads(probe.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return _fail(f"could not run {python} ({chosen}): {probe.stderr.strip() or probe.returncode}")
    runner = f"{found['python']} ({chosen})"
    if "missing" in found:
        return _fail(
            f"Pulumi would run the policy pack on {runner}, which cannot import {found['missing']} "
            f"({found['error']}). Pulumi runs a pack on PULUMI_PYTHON_CMD or python3 on PATH, not on your "
            f"program's virtualenv.\nFix: {use_me} (it has sinch-est), or activate that virtualenv, or "
            f'install or upgrade sinch-est there: {found["python"]} -m pip install --upgrade "sinch-est"'
        )
    if Path(found["pack"]).resolve() != pack:
        return _fail(
            f"Pulumi would run the policy pack on {runner}, which has another sinch-est: its rules in "
            f"{found['pack']} would run instead of these in {pack}.\nFix: {use_me}, or activate its virtualenv"
        )
    print(pack)
    return 0


def _fail(message: str) -> int:
    print(f"sinch-est policy-pack: {message}", file=sys.stderr)
    return 1


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "emulator": emulator,
    "export": export,
    "policy-pack": policy_pack,
}
"""Subcommand name → function taking the arguments after the name and returning the exit code."""


def main(argv: Sequence[str] | None = None) -> int:
    summaries = "\n".join(f"  {name:<14}{(fn.__doc__ or '').splitlines()[0]}" for name, fn in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="sinch-est",
        description="Sinch Elastic SIP Trunking for Pulumi: command-line helpers.",
        epilog=f"commands:\n{summaries}\n\n`sinch-est COMMAND --help` shows a command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=sorted(COMMANDS), metavar="COMMAND")
    parser.add_argument("args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    return COMMANDS[args.command](args.args)


def emulator_main() -> int:
    """``sinch-est-emulator``: the ``emulator`` subcommand under its own name."""
    return emulator(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
