"""UI stall during a slow call: the largest gap of a 5 ms GUI-thread timer.

Ours: the panel's window and session, 100,000 calls in the log, the current-calls poll
running every second, while ``dialNumber`` takes 3 s on the simulator. Baseline: the same
timer in an idle bare QApplication. Each sample is a fresh process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.common import Mode, alternate, child_env, module_main, qapp, spin_until, temp_home
from benchmarks.fixtures import AGENT, BIG_LOG_ROWS, PASSWORD, USER, make_call_log
from benchmarks.procs import json_run
from benchmarks.report import Figure, ratio_figure

MAX_RATIO, MAX_GAP_MS = 2.0, 16.0
TICK_MS = 5


def _start_ticks(ticks: list[float]) -> object:
    from PySide6.QtCore import Qt, QTimer

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    return timer


def _max_gap_ms(ticks: list[float]) -> float:
    return max((b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False))


def child_ours(url: str, log_path: Path) -> dict[str, float]:
    """In a fresh process: log in, click Call, time the timer until the call is placed."""
    from tvox_panel.calllog import CallLog
    from tvox_panel.config.settings import Settings
    from tvox_panel.gui.session import Session
    from tvox_panel.gui.state import State
    from tvox_panel.gui.widgets.main_window import MainWindow

    qapp()
    settings = Settings(server=url, username=USER, agent=AGENT, poll_interval=1)
    call_log = CallLog(log_path)
    session = Session(settings, call_log, password=PASSWORD, persist=False)
    window = MainWindow(session)
    window.show()
    session.start()
    spin_until(lambda: session.status.state == State.READY, 15, "login")
    window.number_field.setText("600")
    ticks: list[float] = []
    timer = _start_ticks(ticks)
    settle = time.perf_counter() + 0.3
    spin_until(lambda: time.perf_counter() > settle, 5)
    ticks.clear()
    ticks.append(time.perf_counter())
    window.call_button.click()
    spin_until(lambda: session.status.state == State.IN_CALL, 30, "placed call")
    ticks.append(time.perf_counter())
    del timer
    result = {"max_gap_ms": _max_gap_ms(ticks), "window_s": ticks[-1] - ticks[0]}
    if session.hangup():
        spin_until(lambda: session.status.state == State.READY, 10, "hang-up")
    session.shutdown()
    call_log.close()
    return result


def child_baseline(seconds: float) -> dict[str, float]:
    """In a fresh process: the same timer in an idle bare QApplication for ``seconds``."""
    qapp()
    ticks: list[float] = []
    timer = _start_ticks(ticks)
    settle = time.perf_counter() + 0.3
    spin_until(lambda: time.perf_counter() > settle, 5)
    ticks.clear()
    ticks.append(time.perf_counter())
    end = ticks[0] + seconds
    spin_until(lambda: time.perf_counter() > end, seconds + 5)
    ticks.append(time.perf_counter())
    del timer
    return {"max_gap_ms": _max_gap_ms(ticks), "window_s": ticks[-1] - ticks[0]}


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """UI stall (ms): max 5 ms timer gap during a 3 s dialNumber vs an idle QApplication."""
    from tvox_panel.simulator import SimConfig, Simulator

    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    latency = mode.pick(3.0, 3.0, 0.3)
    rows = int(mode.pick(BIG_LOG_ROWS, BIG_LOG_ROWS, 1_000))
    me = [sys.executable, "-m", "benchmarks.stall", "--child"]
    with temp_home() as home:
        log_path = make_call_log(home / "calls.sqlite3", rows)
        env = child_env(home)
        config = SimConfig(latency={"dialNumber": latency})
        with Simulator(config, recordings_dir=home / "recordings") as sim:
            ours_cmd = [*me, "ours", "--url", sim.base_url, "--log", str(log_path)]
            base_cmd = [*me, "baseline", "--seconds", f"{latency:g}"]
            a, b = alternate(
                mode.pairs,
                lambda: float(json_run(ours_cmd, env)["max_gap_ms"]),
                lambda: float(json_run(base_cmd, env)["max_gap_ms"]),
            )
    name = f"UI stall, {latency:g} s dial (max gap ms)"
    return [ratio_figure(name, a, b, MAX_RATIO, max_value=MAX_GAP_MS)]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] != ["--child"]:
        return module_main(run, args)
    parser = argparse.ArgumentParser(prog="benchmarks.stall --child")
    parser.add_argument("kind", choices=("ours", "baseline"))
    parser.add_argument("--url", default="")
    parser.add_argument("--log", type=Path)
    parser.add_argument("--seconds", type=float, default=3.0)
    opts = parser.parse_args(args[1:])
    ours = opts.kind == "ours"
    result = child_ours(opts.url, opts.log) if ours else child_baseline(opts.seconds)
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
