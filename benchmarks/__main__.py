"""``python -m benchmarks``: run the benchmark and write RESULTS.md, results.png and results.json (see README)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.estate import EstateSpec
from benchmarks.measure import CONFIGS, DEFAULT_ESTATES, HEAVY_CONFIGS, Results, run
from benchmarks.report import plot, write_markdown

HERE = Path(__file__).resolve().parent


def _estates(text: str) -> list[EstateSpec]:
    try:
        return [EstateSpec.parse(item) for item in text.split(",")]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _names(text: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown configuration {', '.join(unknown)}: choose from {', '.join(CONFIGS)}"
        )
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        epilog="Configurations: " + "; ".join(f"{c.name}: {c.description}" for c in CONFIGS.values()),
    )
    parser.add_argument(
        "--sizes",
        type=_estates,
        default=_estates(",".join(DEFAULT_ESTATES)),
        help="estates, each OBJECTS (twelve numbers per trunk) or OBJECTS:NUMBERS_PER_TRUNK "
        f"(default {','.join(DEFAULT_ESTATES)})",
    )
    parser.add_argument("--latency-ms", type=float, default=50.0, help="emulator latency per request (default 50)")
    parser.add_argument(
        "--configs", type=_names, default=list(CONFIGS), help=f"configurations to run (default {','.join(CONFIGS)})"
    )
    parser.add_argument(
        "--heavy-configs",
        type=_names,
        default=list(HEAVY_CONFIGS),
        help="of those, the ones also run on estates of other than twelve numbers per trunk "
        f"(default {','.join(HEAVY_CONFIGS)})",
    )
    parser.add_argument(
        "--startup-runs",
        type=int,
        default=5,
        help="times to run `up` of an empty program, for the engine's fixed start-up (default 5; 0 skips it)",
    )
    parser.add_argument("--no-sequential", action="store_true", help="skip the sequential-script reference")
    parser.add_argument("--out", type=Path, default=HERE, help="where RESULTS.md and results.png go")
    parser.add_argument(
        "--json", type=Path, default=None, help="where the raw measurements go (default: results.json in --out)"
    )
    parser.add_argument("--no-report", action="store_true", help="write no RESULTS.md or results.png")
    parser.add_argument(
        "--report-only", type=Path, metavar="JSON", help="measure nothing: rewrite the report from raw measurements"
    )
    args = parser.parse_args(argv)
    if args.report_only is not None:
        results = Results.from_dict(json.loads(args.report_only.read_text()))
    else:
        configs = [CONFIGS[name] for name in args.configs]
        results = run(
            args.sizes,
            configs,
            latency_ms=args.latency_ms,
            sequential=not args.no_sequential,
            startup_runs=args.startup_runs,
            heavy_configs=args.heavy_configs,
        )
        given = sys.argv[1:] if argv is None else argv
        results.command = " ".join(["./scripts/bench", *given])
        print(f"benchmark finished in {results.seconds / 60:.1f} min", flush=True)
        raw = args.json if args.json is not None else None if args.no_report else args.out / "results.json"
        if raw is not None:
            raw.parent.mkdir(parents=True, exist_ok=True)
            raw.write_text(json.dumps(results.to_dict(), indent=1))
    if not args.no_report:
        args.out.mkdir(parents=True, exist_ok=True)
        write_markdown(results, args.out / "RESULTS.md", results.command or "./scripts/bench")
        plot(results, args.out / "results.png")
        print(f"wrote {args.out / 'RESULTS.md'} and {args.out / 'results.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
