"""Figures and the one table that prints them: ours, baseline, ratio, target, PASS/FAIL."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One line of the results table.

    Attributes:
        name: What was measured, with its unit, e.g. ``start to ready (ms)``.
        ours: Samples of the panel.
        baseline: Samples of the baseline run alternately with ``ours``; empty when the
            baseline is a constant (see ``baseline_text``).
        target: The target in words, e.g. ``ratio <= 1.8``.
        passed: Whether the target was met; None for a figure that is only reported.
        baseline_text: Shown instead of a median when ``baseline`` is empty (``0``).
        note: A short remark printed below the table.
        crashed: The benchmark raised instead of measuring.
    """

    name: str
    ours: tuple[float, ...]
    baseline: tuple[float, ...]
    target: str
    passed: bool | None
    baseline_text: str = "-"
    note: str = ""
    crashed: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.ours)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        """Median of ours over median of the baseline (None without a positive baseline)."""
        base = self.baseline_median
        return None if base is None or base <= 0 else self.median / base


def ratio_figure(
    name: str,
    ours: Sequence[float],
    baseline: Sequence[float],
    max_ratio: float,
    *,
    max_value: float | None = None,
    note: str = "",
) -> Figure:
    """A figure whose target is a ratio of medians (and optionally an absolute ceiling)."""
    target = f"ratio <= {max_ratio:g}"
    figure = Figure(name, tuple(ours), tuple(baseline), target, False, note=note)
    ratio = figure.ratio
    passed = ratio is not None and ratio <= max_ratio
    if max_value is not None:
        target += f", < {max_value:g}"
        passed = passed and figure.median < max_value
    return Figure(name, figure.ours, figure.baseline, target, passed, note=note)


def limit_figure(
    name: str,
    ours: Sequence[float],
    limit: float,
    *,
    baseline: Sequence[float] = (),
    baseline_text: str = "-",
    check: Callable[[float], bool] | None = None,
    target: str | None = None,
    note: str = "",
) -> Figure:
    """A figure whose target is an absolute ceiling on the worst sample (``max <= limit``)."""
    values = tuple(ours)
    passed = check(max(values)) if check is not None else max(values) <= limit
    text = target if target is not None else f"<= {limit:g}"
    return Figure(name, values, tuple(baseline), text, passed, baseline_text, note)


def steady_figures(
    prefix: str,
    after: str,
    rss_mb: tuple[float, float],
    threads: tuple[float, float],
    files: tuple[float, float],
    *,
    max_growth_mb: float,
    steady: str,
    note: str = "",
) -> list[Figure]:
    """A soak's three rows: RSS ``after`` the load within ``max_growth_mb`` of the start, and
    threads and open files (``steady``: how the target reads) no more than at the start.
    Pairs are (first, last).
    """
    return [
        Figure(
            f"{prefix} RSS after {after} (MB)",
            (rss_mb[1],),
            (rss_mb[0],),
            f"growth <= {max_growth_mb:g} MB",
            rss_mb[1] - rss_mb[0] <= max_growth_mb,
            note=note,
        ),
        Figure(
            f"{prefix} threads", (threads[1],), (threads[0],), steady,
            threads[1] <= threads[0],
        ),
        Figure(
            f"{prefix} open files", (files[1],), (files[0],), steady,
            files[1] <= files[0],
        ),
    ]  # fmt: skip


def error_figure(name: str, error: BaseException) -> Figure:
    """A line for a benchmark that could not run."""
    note = f"could not run: {type(error).__name__}: {error}"
    return Figure(name, (float("nan"),), (), "runs", False, note=note, crashed=True)


def _num(value: float) -> str:
    if value != value:  # NaN
        return "n/a"
    if float(value).is_integer() and abs(value) < 1e6:
        return str(int(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _cells(figure: Figure) -> list[str]:
    ours = f"{_num(figure.median)} ({_num(min(figure.ours))}–{_num(max(figure.ours))})"
    base = figure.baseline_median
    base_text = figure.baseline_text if base is None else _num(base)
    ratio = figure.ratio
    return [
        figure.name,
        ours,
        base_text,
        "-" if ratio is None else f"{ratio:.2f}",
        figure.target,
        "-" if figure.passed is None else "PASS" if figure.passed else "FAIL",
    ]


HEADER = ("figure", "ours median (min–max)", "baseline median", "ratio", "target", "result")


def format_table(figures: Sequence[Figure]) -> str:
    """The results as a Markdown table, followed by the figures' notes."""
    rows = [list(HEADER), *(_cells(f) for f in figures)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [line(rows[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows[1:]]
    notes = [f"- {f.name}: {f.note}" for f in figures if f.note]
    if notes:
        out += ["", *notes]
    return "\n".join(out)


def print_table(figures: Sequence[Figure]) -> None:
    """Print the results table (the one place the table is printed)."""
    print(format_table(figures), flush=True)
