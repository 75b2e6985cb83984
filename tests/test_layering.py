"""The import graph points one way (DESIGN "Layers"): schema <- client <- provider <- components;
schema <- emulator (never the client); schema <- policy; schema <- client <- export; the command line on top.

Imports are read with ``ast``: ``import sinch_est.x``, ``from sinch_est.x import y``, ``from sinch_est import
x``, relative imports (``from .. import x``), and ``importlib.import_module("sinch_est.x")`` with a literal
name, at any depth (functions, ``if TYPE_CHECKING:`` blocks). A module outside every known layer is
reported too, so a new top-level module has to be placed in the table before it can import anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sinch_est"
ROOT = "sinch_est"
FACADE = ""
"""The layer of ``sinch_est`` itself (``__init__.py``): the public names, loaded lazily from the layers below."""

_BELOW_CLI = ("schema", "client", "provider", "components", "emulator", "policy", "export", "testing", FACADE)
ALLOWED: dict[str, frozenset[str]] = {
    "schema": frozenset(),
    "client": frozenset({"schema"}),
    "provider": frozenset({"schema", "client"}),
    "components": frozenset({"schema", "client", "provider"}),
    "emulator": frozenset({"schema"}),
    "policy": frozenset({"schema"}),
    "export": frozenset({"schema", "client"}),
    "testing": frozenset({"schema", "client", "emulator"}),
    FACADE: frozenset({"provider", "components"}),
    "cli": frozenset(_BELOW_CLI),
}
"""Layer -> the other layers it may import (its own modules it always may)."""


def _is_module(package: Path, name: str) -> bool:
    return (package / name).is_dir() or (package / f"{name}.py").is_file()


def imported_modules(source: str, module: str, *, is_package: bool = False, package: Path = PACKAGE) -> set[str]:
    """The absolute ``sinch_est`` modules that ``source`` (the module named ``module``) imports."""
    # The package a relative import starts from: the module itself for an __init__, else its parent.
    here = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)] if node.level - 1 <= len(here) else []
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            # ``from sinch_est import client`` names a module (here a layer); ``from sinch_est import
            # SipTrunk`` a name of the package itself (here the facade).
            folder = package.joinpath(*target.split(".")[1:])
            found.update(f"{target}.{a.name}" if _is_module(folder, a.name) else target for a in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id)
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.add(node.args[0].value)
    return {name for name in found if name == ROOT or name.startswith(ROOT + ".")}


def layer_of(module: str) -> str:
    """``sinch_est.client._auth`` -> ``client``; ``sinch_est`` -> the facade."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else FACADE


def violations(source: str, module: str, *, is_package: bool = False, package: Path = PACKAGE) -> list[str]:
    """What ``module`` imports against the rules, one readable line each."""
    layer = layer_of(module)
    if layer not in ALLOWED:
        return [f"{module} is in no layer: add {layer!r} to ALLOWED in tests/test_layering.py"]
    problems = []
    for target in sorted(imported_modules(source, module, is_package=is_package, package=package)):
        other = layer_of(target)
        if other != layer and other not in ALLOWED[layer]:
            problems.append(f"{module} ({layer or 'sinch_est'}) imports {target} ({other or 'sinch_est'})")
    return problems


def _modules(package: Path = PACKAGE) -> list[tuple[str, Path, bool]]:
    found = []
    for path in sorted(package.rglob("*.py")):
        parts = [package.name, *path.relative_to(package).with_suffix("").parts]
        is_package = parts[-1] == "__init__"
        found.append((".".join(parts[:-1] if is_package else parts), path, is_package))
    return found


def test_the_package_keeps_its_layers() -> None:
    modules = _modules()
    assert len(modules) > 50, "the walk found the package"
    problems = [
        problem
        for module, path, is_package in modules
        for problem in violations(path.read_text(encoding="utf-8"), module, is_package=is_package)
    ]
    assert not problems, "\n".join(problems)


def test_every_top_level_module_has_a_layer() -> None:
    tops = {layer_of(module) for module, _, _ in _modules()}
    assert tops - set(ALLOWED) == set()
    assert {"schema", "client", "provider", "components", "emulator", "policy", "testing", FACADE} <= tops


@pytest.mark.parametrize(
    ("module", "source", "imported"),
    [
        ("sinch_est.emulator._x", "from sinch_est import client", "sinch_est.client"),
        ("sinch_est.emulator._x", "import sinch_est.client._auth as auth", "sinch_est.client._auth"),
        ("sinch_est.emulator._x", "from sinch_est.client import EstClient", "sinch_est.client"),
        ("sinch_est.emulator._x", "from .. import client", "sinch_est.client"),
        ("sinch_est.emulator._x", "from ..client._auth import OAuth", "sinch_est.client._auth"),
        ("sinch_est.emulator", "from .. import provider", "sinch_est.provider"),
        ("sinch_est.schema._x", "def f():\n    from sinch_est import emulator", "sinch_est.emulator"),
        ("sinch_est.client._x", "importlib.import_module('sinch_est.provider')", "sinch_est.provider"),
        ("sinch_est.policy._x", "if TYPE_CHECKING:\n    import sinch_est.client", "sinch_est.client"),
        ("sinch_est.export._x", "from sinch_est.provider._base import X", "sinch_est.provider._base"),
        ("sinch_est.provider._x", "from sinch_est import components", "sinch_est.components"),
        ("sinch_est.provider._x", "from sinch_est import SipTrunk", "sinch_est"),
        ("sinch_est.testing", "from . import provider", "sinch_est.provider"),
    ],
)
def test_a_violating_sample_is_reported(module: str, source: str, imported: str) -> None:
    is_package = module == "sinch_est.emulator"
    [problem] = violations(source, module, is_package=is_package)
    assert problem.startswith(f"{module} (") and f" imports {imported} (" in problem, problem


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("sinch_est.emulator._x", "from sinch_est import schema\nfrom . import _errors\nfrom ._store import Store"),
        ("sinch_est.policy._x", "from sinch_est import schema"),
        ("sinch_est.provider._x", "from ..client import EstClient\nimport sinch_est.schema"),
        ("sinch_est.export._x", "from sinch_est import client, schema"),
        ("sinch_est.cli", "from sinch_est import export, emulator, policy, provider, components, SipTrunk"),
        ("sinch_est", "import importlib\nimportlib.import_module('sinch_est.components')"),
        ("sinch_est.client._x", "import httpx\nfrom typing import Any"),
    ],
)
def test_allowed_imports_are_not_reported(module: str, source: str) -> None:
    assert violations(source, module) == []


def test_relative_imports_resolve_against_the_package() -> None:
    assert imported_modules("from . import _auth", "sinch_est.client._client") == {"sinch_est.client._auth"}
    assert imported_modules("from . import _auth", "sinch_est.client", is_package=True) == {"sinch_est.client._auth"}
    assert imported_modules("from .x import y", "sinch_est.a.b") == {"sinch_est.a.x"}


def test_a_module_outside_every_layer_is_reported() -> None:
    [problem] = violations("import os", "sinch_est.newthing")
    assert "'newthing'" in problem and "ALLOWED" in problem
