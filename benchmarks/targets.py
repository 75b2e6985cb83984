"""Issue 15's "done when" as checks on one run's measurements: each target met, missed or not measured,
with the figures that decide it (RESULTS.md states them; the tests check the arithmetic)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.estate import EstateSpec
from benchmarks.measure import OPERATIONS, Measurement, Results

__all__ = [
    "DESTROY_SPEED_UP",
    "GETS_PER_OBJECT",
    "HEAVY_SPEED_UP",
    "LINEAR_SLACK",
    "MEMORY_SLACK",
    "UPDATE_SLACK",
    "UP_SPEED_UP",
    "Target",
    "heavy_estate",
    "largest_standard",
    "targets",
]

UP_SPEED_UP = 3.0
"""`up` of the ~1,000-object estate against the sequential script's creates."""
HEAVY_SPEED_UP = 10.0
"""The same with 80 numbers per trunk."""
UPDATE_SLACK = 3.0
"""A 10% update against the script's PUTs plus the engine's fixed start-up."""
GETS_PER_OBJECT = 0.1
DESTROY_SPEED_UP = 3.0
LINEAR_SLACK = 1.5
"""Time per object at the largest estate against the one below it."""
MEMORY_SLACK = 1.2
"""A provider process's peak memory at any estate against the smallest."""
MB = 1024 * 1024


@dataclass(frozen=True)
class Target:
    name: str
    ok: bool | None
    """``None``: the run did not measure what the target needs."""
    figures: str

    @property
    def verdict(self) -> str:
        return "not measured" if self.ok is None else "met" if self.ok else "**missed**"


def largest_standard(results: Results) -> EstateSpec | None:
    """The largest estate of twelve numbers per trunk (issue 15's ~1,000 objects in a full run)."""
    standard = [e for e in results.estates if e.standard]
    return max(standard, key=lambda e: e.objects) if standard else None


def heavy_estate(results: Results) -> EstateSpec | None:
    """The first number-heavy estate of the run (80 numbers per trunk in a full run)."""
    return next((e for e in results.estates if not e.standard), None)


def _unmeasured(results: Results, config: str, estate: EstateSpec, op: str, name: str, why: str) -> Target:
    """A target whose measurement is missing: missed if its own command failed, else not measured."""
    failure = next((f for f in results.failures if (f.config, f.estate) == (config, estate)), None)
    if failure is None:
        return Target(name, None, why)
    failed = f"`{failure.op}` of {_estate(estate)} failed after {failure.seconds:.0f} s: {failure.error}"
    return Target(name, False if failure.op == op else None, failed)


def _speed_up(results: Results, config: str, estate: EstateSpec | None, op: str, factor: float) -> Target:
    name = f"`{op}` at least {factor:g}x faster than the sequential script"
    if estate is None:
        return Target(name, None, "no such estate in this run")
    m, seq = results.get(config, estate, op), results.get("sequential", estate, op)
    name = f"`{op}` of {_estate(estate)} at least {factor:g}x faster than the sequential script"
    if m is None or seq is None:
        return _unmeasured(results, config, estate, op, name, "not run (or the script was skipped)")
    ratio = seq.seconds / m.seconds
    return Target(name, ratio >= factor, f"{seq.seconds:.1f} s / {m.seconds:.1f} s = {ratio:.1f}x")


def _estate(estate: EstateSpec) -> str:
    if estate.standard:
        return f"{estate.objects} objects"
    return f"{estate.objects} objects ({estate.numbers_per_trunk} numbers per trunk)"


def _update(results: Results, config: str, estate: EstateSpec | None) -> Target:
    name = f"10% update within {UPDATE_SLACK:g}x of the script's PUTs + the empty program's `up`"
    if estate is None:
        return Target(name, None, "no such estate in this run")
    name = f"10% update of {_estate(estate)} within {UPDATE_SLACK:g}x of the script's PUTs + the empty program's `up`"
    m, seq = results.get(config, estate, "update"), results.get("sequential", estate, "update")
    startup = results.startup_median
    if m is None or seq is None or startup is None:
        why = "not run (needs the update, the script's update and the start-up)"
        return _unmeasured(results, config, estate, "update", name, why)
    budget = UPDATE_SLACK * (seq.seconds + startup)
    return Target(
        name,
        m.seconds <= budget,
        f"{m.seconds:.1f} s ({m.writes} writes); limit {UPDATE_SLACK:g} x ({seq.seconds:.1f} s + {startup:.1f} s) "
        f"= {budget:.1f} s ({m.seconds / (seq.seconds + startup):.1f}x)",
    )


def _refresh(results: Results, config: str, estates: Sequence[EstateSpec]) -> Target:
    name = "`refresh` makes at most one GET per ten objects"
    parts, oks = [], []
    for estate in estates:
        m = results.get(config, estate, "refresh")
        if m is None:
            missing = _unmeasured(results, config, estate, "refresh", name, "")
            if missing.figures:
                parts.append(missing.figures)
            continue
        gets, limit = m.requests.get("GET", 0), GETS_PER_OBJECT * m.size
        oks.append(gets <= limit)
        parts.append(f"{gets} GETs for {_estate(estate)} (limit {limit:g})")
    if not oks:
        return Target(name, None, "; ".join(parts) or "no refresh of the estates it applies to")
    return Target(name, all(oks), "; ".join(parts))


def _preview(results: Results, config: str) -> Target:
    name = "no-op `preview` makes zero API requests"
    previews = [m for m in results.measurements if m.config == config and m.op == "preview"]
    if not previews:
        return Target(name, None, "no preview in this run")
    total = sum(m.total_requests for m in previews)
    return Target(name, total == 0, f"{total} requests in {len(previews)} previews ({_labels(previews)})")


def _labels(ms: Sequence[Measurement]) -> str:
    return ", ".join(m.estate.label for m in ms)


def _linear(results: Results, config: str) -> Target:
    name = f"linear growth: time per object at the largest estate within {LINEAR_SLACK:g}x of the one below"
    sizes = sorted((e for e in results.estates if e.standard), key=lambda e: e.objects)
    if len(sizes) < 2:
        return Target(name, None, "needs two estates of twelve numbers per trunk")
    below, top = sizes[-2], sizes[-1]
    name = (
        f"linear growth from {below.objects} to {top.objects} objects "
        f"(time per object within {LINEAR_SLACK:g}x, every operation)"
    )
    parts, oks = [], []
    for op in OPERATIONS:
        low, high = results.get(config, below, op), results.get(config, top, op)
        if low is None or high is None:
            parts.append(f"{op} not measured")
            continue
        ratio = (high.seconds / high.size) / (low.seconds / low.size)
        oks.append(ratio <= LINEAR_SLACK)
        parts.append(
            f"{op} {1000 * low.seconds / low.size:.1f} → {1000 * high.seconds / high.size:.1f} ms ({ratio:.2f}x)"
        )
    if not oks:
        failed = [f for f in results.failures if f.config == config and f.estate in (below, top)]
        why = f"`{failed[0].op}` of {_estate(failed[0].estate)} failed" if failed else "not run"
        return Target(name, None, why)
    missing = len(oks) < len(parts)
    return Target(name, False if not all(oks) else None if missing else True, "; ".join(parts))


def _memory(results: Results, config: str) -> Target:
    name = f"provider memory flat (each operation's peak per process within {MEMORY_SLACK:g}x across estates)"
    parts, oks = [], []
    for op in OPERATIONS:
        ms = [m for e in results.estates if (m := results.get(config, e, op)) is not None and m.processes]
        if len(ms) < 2:
            continue
        low, high = min(m.peak_rss_each for m in ms), max(m.peak_rss_each for m in ms)
        oks.append(high <= MEMORY_SLACK * low)
        parts.append(f"{op} {low / MB:.0f} to {high / MB:.0f} MB")
    if not parts:
        return Target(name, None, "needs two estates with provider processes")
    return Target(name, all(oks), "; ".join(parts))


def targets(results: Results, config: str) -> list[Target]:
    """Issue 15's targets for one configuration, in the issue's order."""
    top, heavy = largest_standard(results), heavy_estate(results)
    return [
        _speed_up(results, config, top, "up", UP_SPEED_UP),
        _speed_up(results, config, heavy, "up", HEAVY_SPEED_UP),
        _update(results, config, top),
        _refresh(results, config, [e for e in (top, heavy) if e is not None]),
        _preview(results, config),
        _speed_up(results, config, top, "destroy", DESTROY_SPEED_UP),
        _linear(results, config),
        _memory(results, config),
    ]
