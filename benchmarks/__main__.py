"""``python -m benchmarks``: run the benchmark and write RESULTS.md and results.png (see README)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from benchmarks.measure import CONFIGS, run
from benchmarks.report import plot, write_markdown

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000", help="estate sizes in objects (default 10,100,1000)")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="emulator latency per request (default 50)")
    parser.add_argument(
        "--configs", default=",".join(CONFIGS), help=f"engine configurations (default {','.join(CONFIGS)})"
    )
    parser.add_argument("--no-sequential", action="store_true", help="skip the sequential-script reference")
    parser.add_argument("--out", type=Path, default=HERE, help="where RESULTS.md and results.png go")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw measurements here")
    parser.add_argument("--no-report", action="store_true", help="write no RESULTS.md or results.png")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    configs = [CONFIGS[name] for name in args.configs.split(",")]
    results = run(sizes, configs, latency_ms=args.latency_ms, sequential=not args.no_sequential)
    print(f"benchmark finished in {results.seconds / 60:.1f} min", flush=True)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results.to_dict(), indent=1))
    if not args.no_report:
        args.out.mkdir(parents=True, exist_ok=True)
        shown = "./scripts/bench" + ("" if argv is None and len(sys.argv) == 1 else " " + " ".join(sys.argv[1:]))
        write_markdown(results, args.out / "RESULTS.md", shown)
        plot(results, args.out / "results.png")
        print(f"wrote {args.out / 'RESULTS.md'} and {args.out / 'results.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
