"""Memory: peak RSS of the panel (logged in, 100,000-call log, idle) vs the bare window."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence

from benchmarks.common import Mode, alternate, child_env, module_main, temp_home
from benchmarks.fixtures import BIG_LOG_ROWS, make_call_log, panel_log_path, write_settings
from benchmarks.procs import PanelProcess, bare_qt_command, peak_rss_mb, watch_peak_rss
from benchmarks.report import Figure, ratio_figure

MAX_RATIO = 1.4


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """Peak RSS (MB): the panel logged in and idle vs the bare window (brief's packages)."""
    from tvox_panel.simulator import SimConfig, Simulator

    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    idle = mode.pick(10.0, 10.0, 0.5)
    rows = int(mode.pick(BIG_LOG_ROWS, BIG_LOG_ROWS, 1_000))
    with temp_home() as home, Simulator(SimConfig(), recordings_dir=home / "rec") as sim:
        write_settings(home, sim.base_url)
        make_call_log(panel_log_path(home), rows)
        bare = bare_qt_command(idle)
        env = child_env(home)

        # Peak RSS is VmHWM read from /proc: at the end of the idle time for the panel (which
        # then quits on request), every 20 ms until exit for the bare script (which quits alone).
        def ours() -> float:
            panel = PanelProcess(home)
            try:
                panel.wait_state("ready")
                time.sleep(idle)
                peak = peak_rss_mb(panel.pid)
                panel.quit()
            finally:
                panel.kill()
            return peak

        def baseline() -> float:
            proc = subprocess.Popen(
                bare,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            peak, done = watch_peak_rss(proc, timeout=idle + 60)
            if done.code != 0:
                raise RuntimeError(f"the bare PySide6 script exited {done.code}")
            return peak

        a, b = alternate(mode.pairs, ours, baseline)
    name = f"peak RSS, {idle:g} s idle (MB)"
    note = f"panel logged in with {rows:,} calls in its log"
    return [ratio_figure(name, a, b, MAX_RATIO, note=note)]


def main(argv: Sequence[str] | None = None) -> int:
    return module_main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
