"""README's resource reference is generated from the schema and must be current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_readme_resource_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_docs.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_readme_names_the_two_commands() -> None:
    text = (REPO / "README.md").read_text()
    assert "./scripts/up" in text and "./scripts/test" in text
    assert "./scripts/test" in (REPO / ".ci" / "run").read_text()
