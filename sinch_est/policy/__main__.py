"""Serves the sinch-est policy pack to the Pulumi engine (``python -m pulumi.policy <engine> <pack dir>``).

A Python that cannot import the pack's requirements stops with one message naming itself, what it lacks and
the fix (the engine shows a pack's stderr), instead of a traceback.
"""

import sys

try:
    from pulumi_policy import PolicyPack

    from sinch_est.policy import rules
except ImportError as exc:
    sys.exit(
        f"sinch-est policy pack: this Python ({sys.executable}) cannot import {exc.name or 'a requirement'} "
        f"({exc}). Pulumi runs a Python policy pack on PULUMI_PYTHON_CMD, else python3 on PATH, not on the "
        "program's virtualenv.\n"
        "Fix: export PULUMI_PYTHON_CMD=<the python of the virtualenv that has sinch-est>, or activate that "
        f'virtualenv, or install it here: {sys.executable} -m pip install --upgrade "sinch-est". '
        'In CI, get the pack with pack="$(sinch-est policy-pack)" || exit 1: it checks this before a preview.'
    )

PolicyPack(rules.PACK_NAME, policies=rules.POLICIES)
