"""Program-side validation: every bad input of every resource in one run, before anything is registered.

The engine stops a deployment at the first resource whose ``check`` fails, so mistakes in ten resources
would take ten previews. The values a program already knows while it runs are validated here, against
the same schema and with the same words as ``check`` (which stays the authority for values known only
later). Resources declared together are held back by a gate that opens once the program's synchronous
body has run (the first turn of its event loop): if any of them had bad inputs, every problem is logged,
none of them is registered, and the program fails with nothing sent to the API.
"""

from __future__ import annotations

import asyncio
import difflib
import inspect
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pulumi
from pulumi.runtime.rpc import UNKNOWN

__all__ = ["Gate", "held", "mask_unknowns", "report", "unknown_keywords"]


def mask_unknowns(value: Any) -> Any:
    """``value`` with every Output and awaitable (not known while the program runs) replaced by the engine's
    unknown marker, which ``check`` skips."""
    if isinstance(value, pulumi.Output) or inspect.isawaitable(value):
        return UNKNOWN
    if isinstance(value, Mapping):
        return {k: mask_unknowns(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_unknowns(v) for v in value]
    return value


def unknown_keywords(given: Iterable[str], known: Sequence[str]) -> list[tuple[str, str]]:
    """``(keyword, reason)`` for each keyword that is not an input, with the closest input as a hint."""
    found = []
    for keyword in sorted(given):
        close = difflib.get_close_matches(keyword, known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else f"the inputs are {', '.join(known)}"
        found.append((keyword, f"is not an input: {hint}"))
    return found


class Gate:
    """Holds the registrations of the resources declared in one turn of the program's event loop."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.future: asyncio.Future[None] = loop.create_future()
        self.reports: list[str] = []
        loop.call_soon(self._open)

    def _open(self) -> None:
        if not self.reports:
            self.future.set_result(None)
            return
        for text in self.reports:
            pulumi.log.error(text)
        count = len(self.reports)
        self.future.set_exception(
            pulumi.RunError(
                f"{count} resource{'s' if count > 1 else ''} of sinch-est ha{'ve' if count > 1 else 's'} invalid "
                "inputs (listed above); nothing was registered or sent to the API. Fix them and run again."
            )
        )


_gates: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Gate] = weakref.WeakKeyDictionary()


def _gate() -> Gate | None:
    """The open gate of the running program, or ``None`` outside a running event loop."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None
    gate = _gates.get(loop)
    if gate is None or gate.future.done():
        gate = _gates[loop] = Gate(loop)
    return gate


def report(kind: str, name: str, problems: Sequence[tuple[str, str]]) -> None:
    """Record one resource's bad inputs: logged with the others when its gate opens. Outside a running
    program (a unit test constructing resources directly) they are raised at once."""
    text = f"{kind} {name!r} has invalid inputs:\n" + "\n".join(f"  {field}: {reason}" for field, reason in problems)
    gate = _gate()
    if gate is None:
        raise ValueError(text)
    gate.reports.append(text)


def held(value: Any) -> Any:
    """``value`` as an Output that resolves only once the current gate has opened, so the resource that
    carries it is registered only if no resource declared with it had bad inputs."""
    gate = _gate()
    if gate is None:
        return value
    loop = gate.future.get_loop()

    async def after_gate() -> None:
        await gate.future

    known: asyncio.Future[bool] = loop.create_future()
    known.set_result(True)
    secret: asyncio.Future[bool] = loop.create_future()
    secret.set_result(False)
    opened = pulumi.Output(set(), asyncio.ensure_future(after_gate()), known, secret)
    return opened.apply(lambda _: value)
