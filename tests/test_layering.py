"""The import graph points one way: schema <- client <- provider <- components; schema <- emulator, policy; cli atop."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sinch_est"

ALLOWED = {
    "schema": set(),
    "client": {"schema"},
    "emulator": {"schema"},
    "policy": {"schema"},
    "provider": {"schema", "client"},
    "components": {"schema", "client", "provider"},
    "testing": set(),
    "cli": {"schema", "client", "provider", "components", "emulator", "policy", "testing"},
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sinch_est."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("sinch_est."))
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    target = PACKAGE / layer
    files = sorted(target.rglob("*.py")) if target.is_dir() else [PACKAGE / f"{layer}.py"]
    assert files, f"layer {layer} has no modules"
    for path in files:
        bad = _imports(path) - ALLOWED[layer] - {layer}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"
