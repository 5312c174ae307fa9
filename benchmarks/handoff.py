"""Hand-off: ``tvox-panel dial 600`` from process start to the simulator receiving ``dialNumber``.

A real panel runs as its own process, logged in to the simulator in this process. The
baseline is the cheapest Python process that touches the network: ``python -c "import socket"``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence

from benchmarks.click import Stamps
from benchmarks.common import Mode, alternate, child_env, module_main, panel_command, temp_home
from benchmarks.fixtures import write_settings
from benchmarks.procs import PanelProcess, reap, timed_run
from benchmarks.report import Figure, ratio_figure

MAX_RATIO = 5.0
NUMBER = "600"


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """Hand-off (ms): tvox-panel dial to dialNumber on the wire vs python -c 'import socket'."""
    from tvox_panel.simulator import SimConfig, Simulator

    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    stamps = Stamps()
    with temp_home() as home:
        sim = Simulator(SimConfig(), recordings_dir=home / "rec", on_request=stamps).start()
        write_settings(home, sim.base_url, poll_interval=0)
        env = child_env(home)
        dial = panel_command("dial", NUMBER)
        bare = [sys.executable, "-c", "import socket"]
        panel = PanelProcess(home)
        try:
            panel.wait_state("ready")

            def ours() -> float:
                stamps.clear()
                started = time.perf_counter()
                proc = subprocess.Popen(
                    dial, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL
                )
                wired = stamps.wait(30)
                done = reap(proc, started)
                if done.code != 0:
                    raise RuntimeError(f"tvox-panel dial exited {done.code}")
                panel.wait_state("in_call")
                panel.send({"cmd": "hangup"})
                panel.wait_state("ready")
                return (wired - started) * 1000

            def baseline() -> float:
                return timed_run(bare, env).wall * 1000

            ours()
            baseline()
            a, b = alternate(mode.pairs, ours, baseline)
            panel.quit()
        finally:
            panel.kill()
            sim.stop()
    return [ratio_figure("hand-off dial to wire (ms)", a, b, MAX_RATIO)]


def main(argv: Sequence[str] | None = None) -> int:
    return module_main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
