"""``python -m sinch_est.export DIR``: the ``export`` command on its own (see ``--help``)."""

from __future__ import annotations

import argparse

from sinch_est.export._command import DESCRIPTION, add_arguments, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sinch_est.export", description=DESCRIPTION)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
