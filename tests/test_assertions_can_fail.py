"""No assertion in tests/ has a form that cannot fail: a literal, a tuple (``assert (x, "why")``), an f-string,
``x or True``, a value compared with itself, ``len(x) >= 0`` or ``isinstance(x, object)``.

Conditions that cannot fail for reasons of meaning (a check the code above already guarantees) need a
reader; this catches the forms a reader misses.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


def _always_truthy(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return bool(node.value)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return bool(node.elts)
    if isinstance(node, ast.Dict):
        return bool(node.keys)
    return isinstance(node, ast.JoinedStr | ast.Lambda)


def _why_it_cannot_fail(test: ast.expr) -> str | None:
    if _always_truthy(test):
        return "the condition is a non-empty literal"
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or) and any(_always_truthy(v) for v in test.values):
        return "one side of the 'or' is always true"
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        left, op, right = test.left, test.ops[0], test.comparators[0]
        if isinstance(op, ast.Eq | ast.Is | ast.GtE | ast.LtE) and ast.dump(left) == ast.dump(right):
            return "a value compared with itself"
        if (
            isinstance(op, ast.GtE)
            and isinstance(left, ast.Call)
            and isinstance(left.func, ast.Name)
            and left.func.id == "len"
            and isinstance(right, ast.Constant)
            and right.value == 0
        ):
            return "a length is never negative"
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id == "isinstance"
        and len(test.args) == 2
        and isinstance(test.args[1], ast.Name)
        and test.args[1].id == "object"
    ):
        return "everything is an object"
    return None


def findings(source: str, name: str = "<sample>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assert) and (why := _why_it_cannot_fail(node.test)) is not None:
            found.append(f"{name}:{node.lineno}: {why}: assert {ast.unparse(node.test)}")
    return found


def test_no_assertion_in_the_tests_is_always_true() -> None:
    files = sorted(TESTS.rglob("*.py"))
    assert len(files) > 40, "the walk found the tests"
    problems = [f for path in files for f in findings(path.read_text(encoding="utf-8"), str(path.relative_to(TESTS)))]
    assert problems == []


@pytest.mark.parametrize(
    "source",
    [
        "assert x or True",
        "assert (x == 1, 'x must be one')",
        "assert 'message'",
        "assert f'{x}'",
        "assert [x]",
        "assert x == x",
        "assert a.b['c'] is a.b['c']",
        "assert len(items) >= 0",
        "assert isinstance(x, object)",
        "def f():\n    for y in z:\n        assert 1",
    ],
)
def test_each_form_is_reported(source: str) -> None:
    assert len(findings(source)) == 1, source


@pytest.mark.parametrize(
    "source",
    ["assert x", "assert x == y", "assert len(items) >= 1", "assert isinstance(x, dict)", "assert x or y"],
)
def test_assertions_that_can_fail_pass(source: str) -> None:
    assert findings(source) == []
