"""``python -m benchmarks``: run every figure (each against its baseline) and print one table."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence

from benchmarks.common import Runner, quiet_qt
from benchmarks.report import Figure, error_figure, print_table

FIGURES: tuple[str, ...] = (
    "startup",
    "stall",
    "click",
    "handoff",
    "client",
    "calllog_scale",
    "memory",
    "idle",
    "soak",
    "handoff_soak",
)
"""The figure modules, in table order; each offers ``run(pairs, quick=, smoke=)``."""


def run_all(
    names: Sequence[str] = FIGURES,
    pairs: int | None = None,
    *,
    quick: bool = False,
    smoke: bool = False,
    progress: bool = True,
) -> list[Figure]:
    """Run the named figure modules in turn; a module that fails gives an error line."""
    figures: list[Figure] = []
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        run: Runner = module.run
        started = time.monotonic()
        if progress:
            print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            figures += run(pairs, quick=quick, smoke=smoke)
        except Exception as error:  # noqa: BLE001 - one broken figure must not hide the rest
            figures.append(error_figure(name, error))
        if progress:
            print(f"  {name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 when every figure ran (1 if one could not); ``--strict`` also fails on FAIL."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 pairs, 10 s idle, 500 cycles")
    parser.add_argument("--smoke", action="store_true", help="the tiniest run of every script")
    parser.add_argument("--pairs", type=int, help="A/B pairs per figure (default 7)")
    parser.add_argument(
        "--only", nargs="+", choices=FIGURES, metavar="NAME", help="run only these figures"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    quiet_qt()
    figures = run_all(args.only or FIGURES, args.pairs, quick=args.quick, smoke=args.smoke)
    print_table(figures)
    crashed = any(f.crashed for f in figures)
    missed = any(f.passed is False for f in figures)
    return 1 if crashed or (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
