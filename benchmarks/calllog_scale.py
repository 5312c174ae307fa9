"""Call log scale: open the log view and show its first screen, then filter by a number.

Ours: a log of 100,000 calls. Baseline: the same with 100 calls. Both hold the filtered
number the same number of times, so both views paint the same rows once filtered. Alternated
in this process; each sample opens the file afresh and builds a new view.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import Mode, alternate, home_env, module_main, qapp, temp_home
from benchmarks.fixtures import (
    BIG_LOG_ROWS,
    FILTER_MATCHES,
    FILTER_NUMBER,
    SMALL_LOG_ROWS,
    make_call_log,
)
from benchmarks.report import Figure, ratio_figure

MAX_RATIO = 2.0


def _settle() -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents()
    QApplication.processEvents()


def measure(path: Path, number: str = FILTER_NUMBER) -> tuple[float, float]:
    """Milliseconds to open ``path`` in a shown CallLogView and paint it, then to filter."""
    from tvox_panel.calllog import CallLog
    from tvox_panel.gui.widgets.call_log_view import CallLogView

    _settle()
    started = time.perf_counter()
    call_log = CallLog(path)
    view = CallLogView(call_log, debounce_ms=0)
    view.resize(640, 480)
    view.show()
    _settle()
    view.repaint()
    opened = time.perf_counter()
    view.search.setText(number)
    while view.model.filter_text != number:
        _settle()
    view.repaint()
    filtered = time.perf_counter()
    if view.model.rowCount() == 0:
        raise RuntimeError(f"the filter {number!r} found no call")
    view.close()
    view.deleteLater()
    _settle()
    call_log.close()
    return (opened - started) * 1000, (filtered - opened) * 1000


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """Call log view at 100,000 vs 100 rows (ms): open + first screen, and filter."""
    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    big_rows = int(mode.pick(BIG_LOG_ROWS, BIG_LOG_ROWS, 10_000))
    qapp()
    with temp_home() as home, home_env(home):
        big = make_call_log(home / "big.sqlite3", big_rows)
        small = make_call_log(home / "small.sqlite3", SMALL_LOG_ROWS)
        measure(big)
        measure(small)
        samples = max(mode.pairs, int(mode.pick(11, 5, 1)))
        big_open: list[float] = []
        big_filter: list[float] = []
        small_open: list[float] = []
        small_filter: list[float] = []

        def ours() -> float:
            opened, filtered = measure(big)
            big_open.append(opened)
            big_filter.append(filtered)
            return opened

        def baseline() -> float:
            opened, filtered = measure(small)
            small_open.append(opened)
            small_filter.append(filtered)
            return opened

        alternate(samples, ours, baseline)
    note = (
        f"{big_rows:,} vs {SMALL_LOG_ROWS} rows; filter {FILTER_NUMBER!r}, "
        f"{FILTER_MATCHES} matches in each"
    )
    return [
        ratio_figure(
            "log view open + first screen (ms)", big_open, small_open, MAX_RATIO, note=note
        ),
        ratio_figure("log view filter by number (ms)", big_filter, small_filter, MAX_RATIO),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    return module_main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
