"""Start to ready: ``tvox-panel --demo --quit-when-ready`` against the bare baseline window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from benchmarks.common import Mode, alternate, child_env, module_main, panel_command, temp_home
from benchmarks.procs import bare_qt_command, timed_run
from benchmarks.report import Figure, ratio_figure

MAX_RATIO = 1.8


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """Start to ready (ms): whole process, panel logged in to its demo server vs bare Qt."""
    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    with temp_home() as home:
        env = child_env(home)
        panel = panel_command("--demo", "--quit-when-ready")
        bare = bare_qt_command()

        def ours() -> float:
            done = timed_run(panel, env)
            if done.code != 0:
                raise RuntimeError(f"tvox-panel --demo --quit-when-ready exited {done.code}")
            return done.wall * 1000

        def baseline() -> float:
            done = timed_run(bare, env)
            if done.code != 0:
                raise RuntimeError(f"the bare PySide6 script exited {done.code}")
            return done.wall * 1000

        timed_run(panel, env)  # the first start creates the home's files; not counted
        a, b = alternate(mode.pairs, ours, baseline)
    return [ratio_figure("start to ready (ms)", a, b, MAX_RATIO)]


def main(argv: Sequence[str] | None = None) -> int:
    return module_main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
