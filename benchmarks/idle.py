"""Idle cost: CPU seconds and requests of a logged-in panel left alone, polling off."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

from benchmarks.common import Mode, module_main, temp_home
from benchmarks.fixtures import write_settings
from benchmarks.procs import PanelProcess, proc_cpu_seconds
from benchmarks.report import Figure, limit_figure

MAX_CPU_SECONDS = 0.05
SETTLE_SECONDS = 2.0


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """Idle cost: CPU seconds and requests sent in 60 s idle, logged in, polling off."""
    from tvox_panel.simulator import SimConfig, Simulator

    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    idle = mode.pick(60.0, 10.0, 0.5)
    settle = mode.pick(SETTLE_SECONDS, SETTLE_SECONDS, 0.2)
    with temp_home() as home, Simulator(SimConfig(), recordings_dir=home / "rec") as sim:
        write_settings(home, sim.base_url, poll_interval=0)
        panel = PanelProcess(home)
        try:
            panel.wait_state("ready")
            time.sleep(settle)  # let the start-up work finish
            cpu_before, sent_before = proc_cpu_seconds(panel.pid), len(sim.received)
            time.sleep(idle)
            cpu = proc_cpu_seconds(panel.pid) - cpu_before
            sent = len(sim.received) - sent_before
            panel.quit()
        finally:
            panel.kill()
    # The limits scale with the window so that a shorter run checks the same rate.
    cpu_limit = MAX_CPU_SECONDS * idle / 60.0
    return [
        limit_figure(
            f"idle CPU over {idle:g} s (s)",
            [cpu],
            cpu_limit,
            baseline_text="0",
            target=f"<= {cpu_limit:.3g} s",
        ),
        limit_figure(
            f"idle requests over {idle:g} s",
            [float(sent)],
            0,
            baseline_text="0",
            target="0",
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    return module_main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
