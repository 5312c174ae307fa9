"""Every benchmark script runs end to end in its smoke mode and yields a complete figure."""

from __future__ import annotations

import importlib
import math

import pytest

from benchmarks.__main__ import FIGURES, main
from benchmarks.report import Figure, format_table, ratio_figure


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only
@pytest.mark.parametrize("name", FIGURES)
def test_each_figure_runs_in_smoke_mode(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    figures = module.run(pairs=1, smoke=True)
    assert figures, f"{name} produced no figure"
    for figure in figures:
        assert isinstance(figure, Figure)
        assert not figure.crashed
        assert figure.ours
        assert all(math.isfinite(v) and v >= 0 for v in figure.ours)
        assert all(math.isfinite(v) and v >= 0 for v in figure.baseline)
        assert figure.name in format_table(figures)


def test_ratio_figure_passes_and_fails_on_the_ratio_of_medians() -> None:
    ok = ratio_figure("x (ms)", [10, 12, 30], [10, 10, 10], 1.8)
    bad = ratio_figure("x (ms)", [19, 20, 21], [10, 10, 10], 1.8)
    capped = ratio_figure("x (ms)", [20], [15], 2, max_value=16)
    assert ok.ratio == pytest.approx(1.2)
    assert ok.passed
    assert not bad.passed
    assert not capped.passed  # within the ratio, above the absolute ceiling


def test_table_has_one_row_per_figure_with_its_verdict() -> None:
    table = format_table(
        [ratio_figure("fast (ms)", [1], [1], 2), ratio_figure("slow (ms)", [5], [1], 2)]
    )
    lines = table.splitlines()
    assert lines[0].startswith("| figure")
    assert "PASS" in next(line for line in lines if "fast (ms)" in line)
    assert "FAIL" in next(line for line in lines if "slow (ms)" in line)


def test_cli_prints_the_table_for_the_chosen_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--smoke", "--only", "client"]) == 0
    out = capsys.readouterr().out
    assert "client call median (ms)" in out
    assert out.splitlines()[0].startswith("| figure")
