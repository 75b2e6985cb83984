"""Bytes of a stack's state by resource type and by part of each entry (inputs, outputs, stack trace, …).

    python -m benchmarks.state_bytes STATE.json        # a stack file, or `pulumi stack export` output

Sizes are of the compact JSON the file backend writes (no spaces, HTML not escaped), per resource entry.
The benchmark records ``by_type`` and ``by_part`` of every uncompressed state after ``up``.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["by_part", "by_type", "entry_bytes", "parts", "read_resources", "report"]

PROVIDER_KEY = "__provider"
"""The dynamic provider, serialised, in the inputs and the outputs of every dynamic resource."""
PARTS = (
    "inputs",
    "inputs.__provider",
    "outputs",
    "outputs.__provider",
    "stackTrace",
    "sourcePosition",
    "propertyDependencies",
    "dependencies",
    "urn",
    "parent",
    "provider",
    "created",
    "modified",
)


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode())


def entry_bytes(resource: dict[str, Any]) -> int:
    return _size(resource)


def read_resources(path: Path) -> list[dict[str, Any]]:
    """The resource entries of a stack file (``checkpoint``) or of ``pulumi stack export`` (``deployment``)."""
    data = json.loads(path.read_text())
    latest = data["checkpoint"]["latest"] if "checkpoint" in data else data["deployment"]
    return list((latest or {}).get("resources") or [])


def parts(res: dict[str, Any]) -> dict[str, int]:
    """Bytes of each part of one resource (each key plus its value, as in the file)."""
    out: collections.Counter[str] = collections.Counter()
    for key, value in res.items():
        if key in ("inputs", "outputs") and isinstance(value, dict):
            for k, v in value.items():
                part = f"{key}.{PROVIDER_KEY}" if k == PROVIDER_KEY else key
                out[part] += _size(k) + 1 + _size(v) + 1
            out[key] += 2 + len(key) + 3
        else:
            out[key] += _size(key) + 1 + _size(value) + 1
    return dict(out)


def by_type(resources: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Resource type -> [resources, bytes of their entries]."""
    found: dict[str, list[int]] = {}
    for resource in resources:
        entry = found.setdefault(resource["type"], [0, 0])
        entry[0] += 1
        entry[1] += entry_bytes(resource)
    return dict(sorted(found.items()))


def by_part(resources: list[dict[str, Any]]) -> dict[str, int]:
    """Part -> bytes over every resource, largest first."""
    total: collections.Counter[str] = collections.Counter()
    for resource in resources:
        total.update(parts(resource))
    return dict(total.most_common())


def outputs_repeating_inputs(res: dict[str, Any]) -> int:
    """Bytes of outputs whose value equals the input of the same name (``__provider`` excluded)."""
    ins, outs = res.get("inputs") or {}, res.get("outputs") or {}
    return sum(_size(k) + _size(v) + 2 for k, v in outs.items() if k != PROVIDER_KEY and k in ins and ins[k] == v)


def report(path: Path) -> str:
    resources = read_resources(path)
    grouped: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for r in resources:
        grouped[r["type"]].append(r)
    total = _size(resources)
    lines = [f"{path}: {len(resources)} resources, {total:,} bytes of resources ({path.stat().st_size:,} file)", ""]
    lines.append("| type | n | bytes/res | " + " | ".join(PARTS) + " | other | outputs = inputs |")
    lines.append("|" + "---|" * (len(PARTS) + 5))
    for typ, items in sorted(grouped.items(), key=lambda kv: -sum(map(_size, kv[1]))):
        acc: collections.Counter[str] = collections.Counter()
        for r in items:
            acc.update(parts(r))
        n = len(items)
        other = sum(v for k, v in acc.items() if k not in PARTS)
        cells = [f"{acc.get(k, 0) / n:,.0f}" for k in PARTS]
        dup = sum(outputs_repeating_inputs(r) for r in items)
        lines.append(
            f"| {typ.split(':')[-1]} | {n} | {sum(map(_size, items)) / n:,.0f} | "
            + " | ".join(cells)
            + f" | {other / n:,.0f} | {dup / n:,.0f} |"
        )
    lines += ["", "Share of all resource bytes by part:"]
    lines += [f"  {k:24} {v:>10,} {100 * v / total:5.1f}%" for k, v in by_part(resources).items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    for arg in sys.argv[1:] if argv is None else argv:
        print(report(Path(arg)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
