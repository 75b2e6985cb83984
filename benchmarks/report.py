"""RESULTS.md and results.png from one benchmark run (never edited by hand)."""

from __future__ import annotations

import os
import platform
import subprocess
import time
from pathlib import Path

from benchmarks.engine import pulumi_binary
from benchmarks.estate import generate
from benchmarks.measure import OPERATIONS, Measurement, Results
from sinch_est.provider.trunk_phone_numbers import FAN_OUT

__all__ = ["plot", "write_markdown"]

MB = 1024 * 1024


def _ratio(value: float, reference: float) -> str:
    return f"{value / reference:.2f}x" if reference > 0 else "—"


def _requests(m: Measurement) -> str:
    return " ".join(f"{k} {v}" for k, v in m.requests.items()) or "none"


def _memory(m: Measurement) -> str:
    if not m.processes:
        return "—"
    each = f"{m.peak_rss_each / MB:.0f}"
    return each if m.processes == 1 else f"{each} (x{m.processes}: {m.peak_rss / MB:.0f})"


def _check(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _targets(results: Results) -> list[str]:
    out: list[str] = []
    biggest = max(results.sizes)
    for config in results.configs:
        name = config.name
        lines: list[str] = []
        previews = [m for m in results.measurements if m.config == name and m.op == "preview"]
        if previews:
            total = sum(m.total_requests for m in previews)
            lines.append(f"no-op `preview` makes zero API requests: {_check(total == 0)} ({total} in all sizes)")
        ups = [m for m in results.measurements if m.config == name and m.op == "up" and m.size != biggest + 1]
        if ups:
            exact = all(m.writes == m.expected_writes for m in ups)
            others = max(m.total_requests - m.writes for m in ups)
            lines.append(
                f"`up` makes one write per object and link: {_check(exact)} "
                f"({', '.join(f'{m.writes}/{m.expected_writes}' for m in ups)}); other requests at most "
                f"{others} per run: {_check(others <= 5)}"
            )
        refreshes = [m for m in results.measurements if m.config == name and m.op == "refresh"]
        for m in refreshes:
            estate = generate(m.size)
            lines.append(
                f"`refresh` of {m.size} objects: {m.requests.get('GET', 0)} GETs for {m.size} objects "
                f"({len(estate.trunks)} trunks; per-process cache x {config.pool} process(es))"
            )
        up = results.get(name, biggest, "up")
        seq = results.get("sequential", biggest, "up")
        if up is not None:
            lines.append(
                f"`up` of {biggest} within 1.5x of the floor: {_check(up.seconds <= 1.5 * up.floor)} "
                f"({up.seconds:.1f} s vs floor {up.floor:.1f} s = {_ratio(up.seconds, up.floor)})"
            )
            if seq is not None:
                lines.append(
                    f"`up` of {biggest} at least 3x faster than the sequential script: "
                    f"{_check(seq.seconds >= 3 * up.seconds)} ({seq.seconds:.1f} s / {up.seconds:.1f} s = "
                    f"{seq.seconds / up.seconds:.1f}x)"
                )
        sizes = sorted(results.sizes)
        ups = [m for s in sizes if (m := results.get(name, s, "up")) is not None]
        if len(ups) >= 2:
            # Linear or better: the cost per object at the largest size is no more than at the one below it
            # (with 1.5x of slack for noise); fixed costs make small estates dearer per object, not cheaper.
            below, top = ups[-2], ups[-1]
            per = [f"{m.seconds / m.size * 1000:.0f} ms at {m.size}" for m in ups]
            linear = top.seconds / top.size <= 1.5 * below.seconds / below.size
            lines.append(
                f"`up` cost grows at most linearly with the estate: {_check(linear)} (per object: {', '.join(per)})"
            )
            rss = [m.peak_rss_each / MB for m in ups]
            flat = max(rss) <= 1.2 * min(rss)
            lines.append(
                f"provider memory stays flat: {_check(flat)} (peak RSS per process "
                f"{', '.join(f'{r:.0f} MB at {m.size}' for r, m in zip(rss, ups, strict=True))})"
            )
        resources = generate(biggest, bulk_numbers=config.bulk_numbers).resources
        out.append(
            f"**{name}** ({config.description}, floor concurrency {config.concurrency}; "
            f"{resources} Pulumi resources for {biggest} objects):"
        )
        out += [f"- {line}" for line in lines]
        out.append("")
    return out


def write_markdown(results: Results, path: Path, command: str) -> None:
    version = subprocess.run([str(pulumi_binary()), "version"], capture_output=True, text=True).stdout.strip()
    latency = results.latency_ms
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `{command}` on {time.strftime('%Y-%m-%d %H:%M', time.localtime(results.started))}: "
        f"{os.cpu_count()} cores ({_cpu()}), Pulumi {version}, emulator latency {latency:g} ms per request, "
        f"local file backend. The whole run took {results.seconds / 60:.1f} min. Do not edit: rerun instead.",
        "",
        "Columns: wall time of the `pulumi` command (or of the script); the floor (below) and the ratio to it; "
        "the sequential script's time for the same work and how many times faster the engine was; API "
        "requests by method from the emulator's log (`token` is the OAuth2 token); writes made / writes "
        "needed; peak resident memory of the provider process in MB (with a pool: the largest process, "
        "the number of processes and their sum).",
        "",
        "Floor = latency x (critical path + calls / concurrency): the critical path is 3 writes for `up` "
        "and `destroy` (trunk → credential link → registered endpoint), 1 for `update` and `refresh`; "
        "the calls are one write per object and link (`up`, `destroy`), one per changed object (`update`) "
        "or one list page per kind and parent (`refresh`); the concurrency is what the provider can really "
        "use: `min(--parallel, 4 x provider processes)`, and for the number writes of a `bulk` configuration "
        f"{FAN_OUT} times that (each `TrunkPhoneNumbers` call keeps {FAN_OUT} requests in flight). A no-op "
        "`preview` needs no call, so its floor is 0.",
        "",
    ]
    configs = {c.name: c for c in results.configs}
    lines += ["| objects | operation | configuration | wall s | floor s | x floor | sequential s | speed-up "
              "| requests | writes | provider MB |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for size in results.sizes:
        for op in OPERATIONS:
            seq = results.get("sequential", size, op)
            for name in configs:
                m = results.get(name, size, op)
                if m is None:
                    continue
                speed = f"{seq.seconds / m.seconds:.1f}x" if seq is not None else "—"
                lines.append(
                    f"| {size} | {op} | {name} | {m.seconds:.2f} | {m.floor:.2f} | {_ratio(m.seconds, m.floor)} | "
                    f"{seq.seconds:.2f} | {speed} | {_requests(m)} | {m.writes}/{m.expected_writes} | "
                    f"{_memory(m)} |"
                    if seq is not None
                    else f"| {size} | {op} | {name} | {m.seconds:.2f} | {m.floor:.2f} | "
                    f"{_ratio(m.seconds, m.floor)} | — | — | {_requests(m)} | {m.writes}/{m.expected_writes} | "
                    f"{_memory(m)} |"
                )
            if seq is not None:
                lines.append(
                    f"| {size} | {op} | sequential script | {seq.seconds:.2f} | {seq.floor:.2f} | "
                    f"{_ratio(seq.seconds, seq.floor)} | | | {_requests(seq)} | "
                    f"{seq.writes}/{seq.expected_writes} | — |"
                )
    lines += ["", "Configurations:", ""]
    lines += [f"- `{c.name}`: {c.description}" for c in results.configs]
    lines += ["- `sequential script`: the same API calls with `EstClient`, one after another "
              "(its `preview` and `refresh` are one GET per object and link list)", ""]
    lines += ["## Targets", "", *_targets(results)]
    lines += ["![wall time against estate size](results.png)", ""]
    path.write_text("\n".join(lines))


def plot(results: Results, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(OPERATIONS), figsize=(4 * len(OPERATIONS), 5.2), sharey=False)
    colors = ["tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:cyan", "tab:olive"]
    for ax, op in zip(axes, OPERATIONS, strict=True):
        for color, config in zip(colors, results.configs, strict=False):
            points = [results.get(config.name, s, op) for s in results.sizes]
            xs = [s for s, m in zip(results.sizes, points, strict=True) if m is not None]
            ys = [m.seconds for m in points if m is not None]
            ax.plot(xs, ys, "o-", color=color, label=config.name)
            floors = [m.floor for m in points if m is not None]
            if any(floors):
                ax.plot(xs, floors, ":", color=color, label=f"floor ({config.name})")
        seq = [results.get("sequential", s, op) for s in results.sizes]
        if any(seq):
            ax.plot(
                [s for s, m in zip(results.sizes, seq, strict=True) if m],
                [m.seconds for m in seq if m],
                "s--",
                color="tab:red",
                label="sequential script",
            )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(op)
        ax.set_xlabel("objects in the estate")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("wall time (s)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, fontsize=8, loc="lower center", ncol=min(len(labels), 7), frameon=False)
    fig.suptitle(f"sinch-est: wall time against estate size ({results.latency_ms:g} ms API latency)")
    fig.tight_layout(rect=(0, 0.14, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
