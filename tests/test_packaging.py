"""The released files: what the sdist and the wheel hold, and the metadata a package index shows."""

from __future__ import annotations

import ast
import configparser
import email
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
NEVER = {
    ".venv",
    ".tools",
    ".state",
    ".pulumi-state",
    ".pulumi-home",
    "__pycache__",
    ".ci",
    ".git",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "benchmarks",
    "build",
    "dist",
    "requirements",
    "scripts",
    "tests",
    "tools",
}
"""Folders that never belong in a release: environments, caches, state, CI, the suite and its tooling."""
PACK_FILES = {"PulumiPolicy.yaml", "__main__.py", "requirements.txt", "example-config.json", "README.md", "rules.py"}


def tracked(*prefixes: str) -> set[str]:
    out = subprocess.run(["git", "ls-files", *prefixes], cwd=REPO, capture_output=True, text=True, check=True)
    return {name for name in out.stdout.splitlines() if (REPO / name).is_file()}


def sdist_files(dists: Any) -> set[str]:
    with tarfile.open(dists.sdist) as archive:
        names = [m.name for m in archive.getmembers() if m.isfile()]
    root = f"{dists.sdist.name.removesuffix('.tar.gz')}/"
    assert all(name.startswith(root) for name in names)
    return {name.removeprefix(root) for name in names}


def wheel_files(dists: Any) -> set[str]:
    with zipfile.ZipFile(dists.wheel) as archive:
        return set(archive.namelist())


def assert_nothing_stray(names: set[str]) -> None:
    for name in names:
        parts = PurePosixPath(name).parts
        assert not NEVER & set(parts), f"{name} does not belong in a release"
        assert not name.endswith((".pyc", ".pyo", ".log")), name
        assert not re.fullmatch(r"Pulumi\..+\.yaml", parts[-1]), f"{name}: stack settings"
        assert not parts[-1].startswith("results."), f"{name}: benchmark output"


def test_sdist_holds_the_package_its_docs_and_the_examples_and_nothing_else(dists: Any) -> None:
    names = sdist_files(dists)
    assert_nothing_stray(names)
    sources = tracked("sinch_est", "examples") | {"LICENSE", "README.md", "README.pypi.md", "pyproject.toml"}
    sources |= {"docs/est-api.md"}
    generated = {"PKG-INFO", "setup.cfg", "MANIFEST.in"} | {n for n in names if n.startswith("sinch_est.egg-info/")}
    assert names - generated == sources


def test_wheel_holds_the_package_with_its_pack_files_and_typing_marker(dists: Any) -> None:
    names = wheel_files(dists)
    assert_nothing_stray(names)
    info = f"{dists.wheel.name.split('-')[0]}-{dists.wheel.name.split('-')[1]}.dist-info/"
    package = {n for n in names if not n.startswith(info)}
    assert package == tracked("sinch_est"), "the wheel is exactly the package's tracked files"
    assert "sinch_est/py.typed" in package
    assert {f"sinch_est/policy/{f}" for f in PACK_FILES} <= package
    assert f"{info}licenses/LICENSE" in names


def test_wheel_metadata_declares_ranges_licence_and_the_pypi_description(dists: Any) -> None:
    with zipfile.ZipFile(dists.wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(info))
        license_text = archive.read(info.replace("METADATA", "licenses/LICENSE")).decode()
        entry_points = configparser.ConfigParser()
        entry_points.read_string(archive.read(info.replace("METADATA", "entry_points.txt")).decode())
    assert metadata["License-Expression"] == "Apache-2.0"
    assert license_text == (REPO / "LICENSE").read_text()
    assert "Apache License\n                           Version 2.0, January 2004" in license_text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in license_text
    assert metadata["Description-Content-Type"] == "text/markdown"
    description = metadata.get_payload(decode=True).decode("utf-8")
    assert description.strip() == (REPO / "README.pypi.md").read_text(encoding="utf-8").strip()
    assert "pip install sinch-est" in description and "./scripts/" not in description
    assert metadata.get_all("Project-URL") and metadata.get_all("Classifier")
    for line in metadata.get_all("Requires-Dist"):
        requirement = Requirement(line)
        operators = {spec.operator for spec in requirement.specifier}
        assert "==" not in operators and "===" not in operators, f"{line}: a pin"
        if requirement.marker is None:  # a runtime dependency: a lower bound we test and the next major
            assert {">=", "<"} <= operators, f"{line}: not a range"
    assert dict(entry_points["console_scripts"]) == {
        "sinch-est": "sinch_est.cli:main",
        "sinch-est-emulator": "sinch_est.cli:emulator_main",
    }


def test_every_third_party_import_is_declared() -> None:
    """Package, tools and tests import only the standard library, the package and declared distributions."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = [Requirement(r).name for r in project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        declared += [Requirement(r).name for r in extra]
    provided = {
        # import name -> distribution, where they differ
        "yaml": "pyyaml",
        "google": "protobuf",
        "grpc": "grpcio",
        "pulumi_policy": "pulumi-policy",
    }
    # The package, the benchmarks, and the tests' own helper modules (imported by name from their folder).
    local = {"sinch_est", "benchmarks"} | {path.stem for path in (REPO / "tests").rglob("*.py")}
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    folders = ("sinch_est", "tools", "tests", "benchmarks", "scripts", "examples")
    sources = [*REPO.glob("*.py"), *(path for folder in folders for path in (REPO / folder).rglob("*.py"))]
    for path in sources:
        for module in _top_level_imports(path):
            if module in stdlib or module in local:
                continue
            distribution = provided.get(module, module).replace("_", "-")
            assert distribution in declared, f"{path.relative_to(REPO)} imports {module}, not declared"


def _top_level_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.partition(".")[0])
    return found
