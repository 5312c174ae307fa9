"""Hand-off soak: 10,000 connections of good and hostile lines against a running panel.

A real panel runs as its own process, logged in to the simulator in this one. Clients
connect to its command socket from a few threads at once and each does one thing: a good
request or several, broken JSON, JSON nested 30,000 deep, integers beyond 64 bits, bytes
that are not UTF-8, a line over the 64 KiB limit, half a line, nothing at all, or stays
connected without a word (more than the panel holds at once). Every line that should get an
answer must get exactly one. Then one dial must reach the simulator exactly once, and the
panel's open files, threads and RSS must be back where they were after a warm-up round.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.common import Mode, module_main, temp_home
from benchmarks.fixtures import write_settings
from benchmarks.procs import PanelProcess, proc_open_files, proc_rss_mb, proc_threads
from benchmarks.report import Figure, limit_figure, steady_figures

MAX_GROWTH_MB = 5.0
CLIENT_THREADS = 4
HELD_MAX = 100  # silent clients kept open at once: more than the panel's cap of 32
WARM_UP = 200
SETTLE_S = 15.0  # the panel lets silent clients go after 5 s
SILENT_AT_END = 10
ANSWER_TIMEOUT_S = 2.0
GIVE_UP_AFTER = 20  # answers amiss: a panel this broken need not be waited on 10,000 times

Client = Callable[[Path], int]
"""One client's whole conversation; returns how many answers it missed or got too many."""


class Held:
    """Silent clients this process keeps connected (the panel decides when they go)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sockets: list[socket.socket] = []

    def add(self, sock: socket.socket) -> bool:
        with self._lock:
            if len(self.sockets) >= HELD_MAX:
                return False
            self.sockets.append(sock)
            return True

    def close(self, keep: int = 0) -> list[socket.socket]:
        """Close all but the ``keep`` newest; return those kept."""
        with self._lock:
            split = len(self.sockets) - keep
            drop, kept = self.sockets[:split], self.sockets[split:]
            self.sockets = list(kept)
        for sock in drop:
            sock.close()
        return list(kept)


def _connect(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(ANSWER_TIMEOUT_S)
    deadline = time.monotonic() + 10
    while True:
        try:
            sock.connect(str(path))
            return sock
        except BlockingIOError:  # its queue of new clients is full for a moment
            if time.monotonic() > deadline:
                sock.close()
                raise
            time.sleep(0.001)


def _answers(sock: socket.socket, expected: int) -> int:
    """Read until ``expected`` answer lines or the end; how many were missing or extra."""
    received = b""
    with contextlib.suppress(OSError):
        while received.count(b"\n") < expected:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        sock.shutdown(socket.SHUT_WR)
        while chunk := sock.recv(65536):  # anything more is an extra answer
            received += chunk
    lines = received.splitlines()
    for line in lines:
        answer = json.loads(line)
        assert isinstance(answer, dict), line
        assert isinstance(answer.get("ok"), bool), line
    return abs(len(lines) - expected)


def _exchange(lines: Sequence[bytes]) -> Client:
    def client(path: Path) -> int:
        with _connect(path) as sock:
            sock.sendall(b"".join(line + b"\n" for line in lines))
            return _answers(sock, len(lines))

    return client


def _oversized(path: Path) -> int:
    with _connect(path) as sock:
        with contextlib.suppress(OSError):  # the panel may close before all of it is sent
            sock.sendall(b'{"cmd": "status", "pad": "' + b"x" * 70_000 + b'"}\n')
        return _answers(sock, 1)


def _half_line(path: Path) -> int:
    with _connect(path) as sock:
        sock.sendall(b'{"cmd": "sta')
    return 0


def _hang_up_at_once(path: Path) -> int:
    _connect(path).close()
    return 0


def _silent(held: Held) -> Client:
    def client(path: Path) -> int:
        sock = _connect(path)
        if not held.add(sock):
            sock.close()
        return 0

    return client


def clients(held: Held) -> list[Client]:
    """One of each kind, in the order they take turns."""
    return [
        _exchange([b'{"cmd": "status"}']),
        _exchange([b'{"cmd": "status"}', b'{"cmd": "hangup"}', b'{"cmd": "record", "mode": "on"}']),
        _exchange([b"{not json", b"[1, 2]", b"null", b'{"cmd": 5}', b""]),
        _exchange([b"[" * 30_000 + b"]" * 30_000, b'{"cmd": "status"}']),
        _exchange([b'{"cmd": "status", "n": ' + b"9" * 30 + b"}"]),
        _exchange([b"\xff\xfe\x00{}", b'{"cmd": "fly"}']),
        _exchange([b'{"cmd": "dial", "number": "abc"}', b'{"cmd": "dial"}']),
        _oversized,
        _half_line,
        _hang_up_at_once,
        _silent(held),
    ]


def storm(path: Path, count: int, held: Held) -> int:
    """``count`` client connections of every kind, from a few threads; answers amiss.

    Past ``GIVE_UP_AFTER`` answers amiss the remaining clients are skipped.
    """
    kinds = clients(held)
    amiss = [0]
    lock = threading.Lock()

    def one(index: int) -> None:
        if amiss[0] >= GIVE_UP_AFTER:
            return
        missed = kinds[index % len(kinds)](path)
        with lock:
            amiss[0] += missed

    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        list(pool.map(one, range(count)))
    return amiss[0]


def _reading(pid: int) -> dict[str, float]:
    return {"rss_mb": proc_rss_mb(pid), "threads": proc_threads(pid), "files": proc_open_files(pid)}


def _greeted(path: Path) -> socket.socket:
    """A client that has had one answer (so the panel holds it) and then says nothing."""
    sock = _connect(path)
    sock.sendall(b'{"cmd": "status"}\n')
    received = b""
    while not received.endswith(b"\n"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        received += chunk
    return sock


def _closed_by_panel(sock: socket.socket) -> bool:
    sock.settimeout(0.5)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def _steady(pid: int, timeout: float = 3.0) -> None:
    """Wait until the panel's count of open files has not changed for 200 ms."""
    deadline = time.monotonic() + timeout
    last, since = proc_open_files(pid), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < 0.2:
        time.sleep(0.02)
        now = proc_open_files(pid)
        if now != last:
            last, since = now, time.monotonic()


def _settle(pid: int, files: float, timeout: float) -> float:
    """Wait until the panel holds no more open files than ``files``; the seconds it took."""
    started = time.monotonic()
    while proc_open_files(pid) > files and time.monotonic() - started < timeout:
        time.sleep(0.05)
    return time.monotonic() - started


def _dial_once(panel: PanelProcess, dials: Callable[[], int]) -> int:
    """Dial 600 through the socket, hang up; how many dialNumber requests the server got."""
    answer = panel.send({"cmd": "dial", "number": "600"})
    if not answer.get("ok"):
        raise RuntimeError(f"the dial was refused: {answer.get('error')}")
    panel.wait_state("in_call")
    panel.send({"cmd": "hangup"})
    panel.wait_state("ready")
    return dials()


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """Hand-off soak: answers, one dial, and the panel's files, threads and RSS afterwards."""
    from tvox_panel.simulator import SimConfig, Simulator

    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    count = int(mode.pick(10_000, 2_000, 100))
    with temp_home() as home:
        sim = Simulator(SimConfig(), recordings_dir=home / "rec").start()
        write_settings(home, sim.base_url, poll_interval=0)
        panel = PanelProcess(home)
        held = Held()

        def dials() -> int:
            return sum(1 for r in sim.received if r.method == "dialNumber")

        try:
            panel.wait_state("ready")
            path, pid = panel.socket, panel.pid
            storm(path, min(WARM_UP, count), held)  # every kind once: lazy loads happen here
            held.close()
            _dial_once(panel, dials)
            _steady(pid)
            first = _reading(pid)
            sim.clear_received()
            started = time.perf_counter()
            amiss = storm(path, count, held)
            seconds = time.perf_counter() - started
            held.close()
            # Ten silent clients the cap will not push out: the panel must let them go itself.
            kept = [] if smoke else [_greeted(path) for _ in range(SILENT_AT_END)]
            settled = _settle(pid, first["files"], SETTLE_S)
            dropped = sum(1 for sock in kept if _closed_by_panel(sock))
            for sock in kept:
                sock.close()
            stray = dials()  # the storm asked for no call
            reached = _dial_once(panel, dials)
            _steady(pid)
            last = _reading(pid)
            panel.quit()
        finally:
            held.close()
            panel.kill()
            sim.stop()
    note = (
        f"{count:,} connections in {seconds:.1f} s ({count / seconds:,.0f}/s) from "
        f"{CLIENT_THREADS} threads; {dropped} of the last {len(kept)} silent clients let go by "
        f"the panel, its open files back to the start's after {settled:.1f} s; RSS "
        f"{last['rss_mb'] - first['rss_mb']:+.2f} MB, threads {first['threads']}->"
        f"{last['threads']}, open files {first['files']}->{last['files']}"
        + (f"; {stray} dial(s) during the storm" if stray else "")
    )
    return [
        *steady_figures(
            "hand-off soak",
            f"{count:,} connections",
            (first["rss_mb"], last["rss_mb"]),
            (first["threads"], last["threads"]),
            (first["files"], last["files"]),
            max_growth_mb=MAX_GROWTH_MB,
            steady="back to start",
            note=note,
        ),
        limit_figure(
            "hand-off soak answers missing or extra",
            [float(amiss)],
            0,
            baseline_text="0",
            target="0",
        ),
        limit_figure(
            "hand-off soak silent clients let go",
            [float(dropped)],
            len(kept),
            baseline_text=str(len(kept)),
            check=lambda value: value == len(kept),
            target=f"all {len(kept)}",
        ),
        limit_figure(
            "hand-off soak dials reaching the server",
            [float(stray + reached)],
            1,
            baseline_text="1",
            check=lambda value: value == 1,
            target="exactly 1",
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    return module_main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
