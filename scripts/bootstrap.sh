#!/usr/bin/env bash
# Idempotent set-up: a project virtualenv with the package and its dev tools, and the pinned Pulumi engine.
#   scripts/bootstrap.sh        # seconds when everything is in place; the first engine build takes minutes
set -euo pipefail
REPO="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$REPO/.venv"

say() { printf '[bootstrap] %s\n' "$*" >&2; }

if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
stamp="$VENV/.sinch-est-installed"
# The package declares ranges; CI's own run is reproducible through the lock, used as constraints only.
LOCK="$REPO/requirements/ci.lock"
if [ ! -f "$stamp" ] || [ "$REPO/pyproject.toml" -nt "$stamp" ] || [ "$LOCK" -nt "$stamp" ]; then
  say "installing sinch-est and its dev tools into $VENV (versions from ${LOCK#"$REPO"/})"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -c "$LOCK" -e "$REPO[dev]"
  touch "$stamp"
fi
"$REPO/scripts/install-pulumi.sh"
