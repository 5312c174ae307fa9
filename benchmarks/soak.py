"""Soak: dial / recOn / recOff / hangUp cycles through the real session and worker thread.

The panel side (window, session, worker, call log) runs in a child process against the
simulator in this one. Its RSS, threads and open files after the first 100 cycles are the
baseline for the same readings at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.common import Mode, child_env, module_main, qapp, spin_until, temp_home
from benchmarks.fixtures import AGENT, PASSWORD, USER
from benchmarks.procs import json_run, proc_open_files, proc_rss_mb, proc_threads
from benchmarks.report import Figure, limit_figure, steady_figures

MAX_GROWTH_MB = 5.0
BASELINE_CYCLES = 100


def _reading() -> dict[str, float]:
    pid = os.getpid()
    return {
        "rss_mb": proc_rss_mb(pid),
        "threads": proc_threads(pid),
        "open_files": proc_open_files(pid),
    }


def child(url: str, log_path: Path, cycles: int, checkpoint: int) -> dict[str, Any]:
    """In a fresh process: run ``cycles`` cycles; readings after ``checkpoint`` and at the end."""
    from tvox_panel.calllog import CallLog
    from tvox_panel.config.settings import Settings
    from tvox_panel.gui.session import Session
    from tvox_panel.gui.state import State
    from tvox_panel.gui.widgets.main_window import MainWindow

    qapp()
    settings = Settings(server=url, username=USER, agent=AGENT, poll_interval=0)
    call_log = CallLog(log_path)
    session = Session(settings, call_log, password=PASSWORD, persist=False)
    window = MainWindow(session)
    errors: list[str] = []
    session.error_occurred.connect(errors.append)
    window.show()
    session.start()
    changed = session.status_changed

    def until(what: str, done: Any) -> None:
        spin_until(done, 10, what, wake=changed)

    def state() -> State:
        return session.status.state

    def recording(on: bool) -> bool:
        call = session.status.call
        return call is not None and call.recording == on and not call.rec_pending

    until("login", lambda: session.status.state == State.READY)
    first: dict[str, float] = {}
    middle: dict[str, float] = {}
    started = time.perf_counter()
    for cycle in range(1, cycles + 1):
        session.dial("600")
        until("call", lambda: session.status.state in (State.IN_CALL, State.READY))
        if state() != State.IN_CALL:
            errors.append(f"cycle {cycle}: the call was not placed")
            continue
        session.set_recording(True)
        until("recOn", lambda: recording(True) or session.status.call is None)
        session.set_recording(False)
        until("recOff", lambda: recording(False) or session.status.call is None)
        session.hangup()
        until("hang-up", lambda: state() == State.READY)
        if cycle == checkpoint:
            first = _reading()
        if cycle == max(checkpoint, cycles // 2):
            middle = _reading()
    elapsed = time.perf_counter() - started
    last = _reading()
    session.shutdown()
    window.close()
    call_log.close()
    return {
        "first": first,
        "middle": middle,
        "last": last,
        "errors": errors[:5],
        "error_count": len(errors),
        "seconds": elapsed,
    }


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """Soak: RSS growth, threads, open files and errors over many call cycles."""
    from tvox_panel.simulator import SimConfig, Simulator

    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    cycles = int(mode.pick(5_000, 500, 10))
    checkpoint = min(BASELINE_CYCLES, max(1, cycles // 5))
    with temp_home() as home, Simulator(SimConfig(), recordings_dir=home / "rec") as sim:
        cmd = [
            sys.executable,
            "-m",
            "benchmarks.soak",
            "--child",
            "--url",
            sim.base_url,
            "--log",
            str(home / "calls.sqlite3"),
            "--cycles",
            str(cycles),
            "--checkpoint",
            str(checkpoint),
        ]
        result = json_run(cmd, child_env(home), timeout=cycles * 2 + 60)
    first, last = result["first"], result["last"]
    growth = last["rss_mb"] - first["rss_mb"]
    errors = int(result["error_count"])
    per_cycle = result["seconds"] / cycles * 1000
    note = (
        f"{cycles:,} cycles vs the first {checkpoint} ({per_cycle:.1f} ms per cycle); "
        f"RSS growth {growth:+.2f} MB; threads {first['threads']}->{last['threads']}, "
        f"open files {first['open_files']}->{last['open_files']}"
        + (f"; first errors: {result['errors']}" if errors else "")
    )
    return [
        *steady_figures(
            "soak",
            f"{cycles:,} cycles",
            (first["rss_mb"], last["rss_mb"]),
            (first["threads"], last["threads"]),
            (first["open_files"], last["open_files"]),
            max_growth_mb=MAX_GROWTH_MB,
            steady="no growth",
            note=note,
        ),
        # Reported, not judged: a leak grows as much in the second half as in the first;
        # caches and the allocator filling up to their working set do not.
        Figure(
            "soak RSS growth, second half (MB)",
            (last["rss_mb"] - result["middle"]["rss_mb"],),
            (),
            "reported",
            None,
            baseline_text="-",
        ),
        limit_figure("soak errors", [float(errors)], 0, baseline_text="0", target="0"),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] != ["--child"]:
        return module_main(run, args)
    parser = argparse.ArgumentParser(prog="benchmarks.soak --child")
    parser.add_argument("--url", required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--cycles", type=int, required=True)
    parser.add_argument("--checkpoint", type=int, required=True)
    opts = parser.parse_args(args[1:])
    print(json.dumps(child(opts.url, opts.log, opts.cycles, opts.checkpoint)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
