"""Child processes: timing them, their peak RSS and CPU, and a real panel run as a process."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from benchmarks.common import child_env, panel_command
from benchmarks.fixtures import PASSWORD

BARE_QT_SCRIPT = Path(__file__).with_name("bare_qt.py")
CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Exit:
    """How a child ended: exit code, wall seconds from spawn, CPU seconds.

    Peak RSS is deliberately not taken from ``wait4``: on Linux a child's ``ru_maxrss``
    includes the parent's RSS at the moment it was forked, which hides the child's own.
    Use :func:`peak_rss_mb` (``VmHWM``, reset by ``exec``) while the child runs.
    """

    code: int
    wall: float
    cpu: float


def _give_up(proc: subprocess.Popen[Any], timeout: float) -> NoReturn:
    """Kill ``proc`` that outlived ``timeout`` seconds, and say so."""
    proc.kill()
    proc.wait()
    raise TimeoutError(f"{proc.args!r} did not exit within {timeout:g} s")


def reap(proc: subprocess.Popen[Any], started: float, timeout: float = 60.0) -> Exit:
    """Wait for ``proc`` with ``wait4`` to learn its own peak RSS and CPU time.

    Raises:
        TimeoutError: it did not exit in time (it is killed).
    """
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid == proc.pid:
            break
        if time.monotonic() > deadline:
            _give_up(proc, timeout)
        time.sleep(0.002)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Exit(proc.returncode, wall, usage.ru_utime + usage.ru_stime)


def timed_run(cmd: Sequence[str], env: dict[str, str], timeout: float = 60.0) -> Exit:
    """Run ``cmd`` to its end, output discarded; wall time from spawn to exit."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return reap(proc, started, timeout)


def json_run(cmd: Sequence[str], env: dict[str, str], timeout: float = 120.0) -> dict[str, Any]:
    """Run a child that prints one JSON object on its last stdout line; return the object.

    Raises:
        RuntimeError: it failed or printed no JSON.
    """
    done = subprocess.run(
        list(cmd),
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = done.stderr.strip().splitlines()[-5:]
        raise RuntimeError(f"{cmd[-1]!r} exited {done.returncode}: {' / '.join(tail)}")
    result = json.loads(lines[-1])
    assert isinstance(result, dict)
    return result


def bare_qt_command(idle: float = 0.0) -> list[str]:
    """The bare baseline: a PySide6 window (20 buttons, a table), requests, platformdirs."""
    return [sys.executable, str(BARE_QT_SCRIPT), "--idle", f"{idle:g}"]


def proc_cpu_seconds(pid: int) -> float:
    """CPU seconds of a live process's threads so far (Linux ``/proc``; ns resolution).

    Sums each thread's ``schedstat`` run time; falls back to ``stat``'s clock ticks.
    """
    total_ns = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(FileNotFoundError):  # a thread that just ended
                total_ns += int(Path(f"/proc/{pid}/task/{task}/schedstat").read_text().split()[0])
    except OSError:
        total_ns = 0
    if total_ns:
        return total_ns / 1e9
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def _status_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for process {pid}")


def proc_rss_mb(pid: int) -> float:
    """Current resident set size in MB (Linux ``/proc``)."""
    return _status_mb(pid, "VmRSS")


def peak_rss_mb(pid: int) -> float:
    """Peak resident set size in MB since the process's ``exec`` (``VmHWM``)."""
    return _status_mb(pid, "VmHWM")


def watch_peak_rss(proc: subprocess.Popen[Any], timeout: float = 120.0) -> tuple[float, Exit]:
    """Read ``proc``'s peak RSS every 20 ms until it exits; the last reading and its exit.

    Raises:
        TimeoutError: it did not exit in time (it is killed).
    """
    started = time.perf_counter()
    deadline = time.monotonic() + timeout
    peak = 0.0
    while proc.poll() is None:
        with contextlib.suppress(OSError, RuntimeError):  # gone between poll and read
            peak = max(peak, peak_rss_mb(proc.pid))
        if time.monotonic() > deadline:
            _give_up(proc, timeout)
        time.sleep(0.02)
    wall = time.perf_counter() - started
    return peak, Exit(proc.returncode, wall, 0.0)


def proc_threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def proc_open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


class PanelProcess:
    """A real ``tvox-panel`` process with its own home, logging in to a given server.

    The settings file in ``home`` must already point at the server. The process is
    driven over the hand-off socket (status, dial, hangup, quit) like any user script.

    Args:
        home: Its ``TVOX_PANEL_HOME``.
        args: Extra command-line arguments.
    """

    def __init__(self, home: Path, args: Sequence[str] = ()) -> None:
        self.home = home
        self.socket = home / "run" / "panel.sock"
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            panel_command(*args),
            env=child_env(home, PASSWORD),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def send(self, request: dict[str, Any], timeout: float = 5.0) -> dict[str, Any]:
        from tvox_panel.handoff.client import send

        return send(request, timeout=timeout, path=self.socket)

    def wait_state(self, state: str, timeout: float = 30.0) -> dict[str, Any]:
        """Ask ``status`` every 20 ms until the panel reports ``state``; return the status.

        Raises:
            TimeoutError: it did not get there in time.
            RuntimeError: the process exited.
        """
        from tvox_panel.handoff.client import NoPanel

        deadline = time.monotonic() + timeout
        status: dict[str, Any] = {}
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the panel exited with {self.proc.returncode}")
            try:
                status = self.send({"cmd": "status"})
            except NoPanel:
                status = {}
            if status.get("state") == state:
                return status
            time.sleep(0.02)
        raise TimeoutError(
            f"the panel is {status.get('state')!r}, not {state!r}, after {timeout} s"
        )

    def quit(self, timeout: float = 30.0) -> Exit:
        """Ask the panel to quit and reap it (killed if it does not go)."""
        from tvox_panel.handoff.client import HandoffError

        try:
            self.send({"cmd": "quit"})
        except HandoffError:
            self.proc.terminate()
        return reap(self.proc, self.started, timeout)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
