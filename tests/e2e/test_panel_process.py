"""The real ``tvox-panel`` process: start-up smoke test, hand-off from a second process,
and what the panel leaves on disk."""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tvox_panel.simulator import Simulator, parse_user_spec

SECRET = "Kiosk-Pa55-e2e!"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX socket hand-off")


def panel_env(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"TVOX_PANEL_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
                "TVOX_PANEL_LANG": "en"})  # fmt: skip
    env.update(extra)
    return env


def panel_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "tvox_panel", *args]


def handoff(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(panel_cmd(*args), env=panel_env(home), capture_output=True,
                          text=True, timeout=60)  # fmt: skip


def test_demo_starts_logs_in_and_quits_when_ready(isolated_home: Path) -> None:
    done = subprocess.run(panel_cmd("--demo", "--quit-when-ready"), env=panel_env(isolated_home),
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr


def test_wrong_password_quits_when_ready_with_1(isolated_home: Path, sim: Simulator) -> None:
    env = panel_env(isolated_home, TVOX_PASSWORD="wrong")
    args = ("--url", sim.base_url, "--user", "supervisor", "--quit-when-ready")
    done = subprocess.run(panel_cmd(*args), env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr


@pytest.fixture
def kiosk_sim(tmp_path: Path) -> Iterator[Simulator]:
    users = [parse_user_spec(f"kiosk:{SECRET}")]
    with Simulator(users=users, recordings_dir=tmp_path / "rec") as server:
        yield server


def start_panel(
    home: Path, sim: Simulator, preexec: Callable[[], None] | None = None
) -> subprocess.Popen[str]:
    """A panel logged in to ``sim`` through TVOX_PASSWORD, once it reports "ready"."""
    env = panel_env(home, TVOX_PASSWORD=SECRET)
    proc = subprocess.Popen(panel_cmd("--url", sim.base_url, "--user", "kiosk"), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=preexec)  # fmt: skip
    try:
        assert sim.wait_for("login", timeout=60), "the panel never logged in"
        for _ in range(300):
            status = handoff(home, "status", "--json")
            if status.returncode == 0 and json.loads(status.stdout)["state"] == "ready":
                return proc
        pytest.fail("the panel never became ready")
    except BaseException:
        proc.kill()
        proc.wait(timeout=30)
        raise


@pytest.fixture
def panel(isolated_home: Path, kiosk_sim: Simulator) -> Iterator[subprocess.Popen[str]]:
    """A running panel, logged in through TVOX_PASSWORD, with the hand-off socket up."""
    proc = start_panel(isolated_home, kiosk_sim)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def test_a_second_process_drives_the_panel(
    isolated_home: Path, kiosk_sim: Simulator, panel: subprocess.Popen[str]
) -> None:
    home = isolated_home
    dialed = handoff(home, "dial", "+39 02 1234 5678")
    assert dialed.returncode == 0, dialed.stderr
    assert kiosk_sim.wait_for("dialNumber")
    assert kiosk_sim.calls[0].number == "+390212345678"

    status = {}
    for _ in range(300):  # the dial answer reaches the panel asynchronously
        status = json.loads(handoff(home, "status", "--json").stdout)
        if status["state"] == "in_call":
            break
    assert status["call_id"] == kiosk_sim.calls[0].call_id
    assert set(status) == {"state", "logged_in", "user", "agent", "server", "call_id", "number",
                           "recording", "error"}  # fmt: skip

    assert handoff(home, "record", "on").returncode == 0
    assert kiosk_sim.wait_for("recOn")
    assert handoff(home, "hangup").returncode == 0
    assert kiosk_sim.wait_for("hangupCall")
    for _ in range(300):
        if json.loads(handoff(home, "status", "--json").stdout)["state"] == "ready":
            break
    linked = handoff(home, "tel:%2B39-06-555;ext=12")  # as a browser hands a link over
    assert linked.returncode == 0, linked.stderr
    assert kiosk_sim.wait_for("dialNumber", count=2)
    assert kiosk_sim.calls[1].number == "+3906555"
    quit_ = handoff(home, "quit")
    assert quit_.returncode == 0
    assert panel.wait(timeout=60) == 0
    assert "Traceback" not in (panel.stderr.read() if panel.stderr else "")
    assert handoff(home, "status").returncode == 1  # nothing runs any more

    # Nothing the panel wrote holds the password or a session id.
    secrets = [SECRET.encode(), *(s.encode() for s in kiosk_sim.model.issued_session_ids())]
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written
    for path in written:
        data = path.read_bytes()
        for secret in secrets:
            assert secret not in data, f"{path.name} holds a secret"


def few_descriptors() -> None:
    """In the panel's process: at most 96 open files, where the idle clients will run out."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (96, hard))


def connect(path: Path, timeout: float = 10.0) -> socket.socket:
    """A client connected to ``path``; while the panel's queue of new ones is full, the
    kernel holds the connect until there is room (at most ``timeout`` seconds)."""
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # A blocking connect waits in the kernel for room in the queue, up to the send timeout.
    whole = int(timeout)
    client.setsockopt(
        socket.SOL_SOCKET,
        socket.SO_SNDTIMEO,
        struct.pack("ll", whole, int((timeout - whole) * 1_000_000)),
    )
    try:
        client.connect(str(path))
    except OSError:
        client.close()
        raise
    client.settimeout(timeout)
    return client


def test_hundreds_of_idle_clients_cannot_starve_a_dial(
    isolated_home: Path, kiosk_sim: Simulator
) -> None:
    proc = start_panel(isolated_home, kiosk_sim, preexec=few_descriptors)
    idle: list[socket.socket] = []
    try:
        for _ in range(200):  # more than the panel could hold open
            idle.append(connect(isolated_home / "run" / "panel.sock"))
        dialed = handoff(isolated_home, "dial", "600")
        assert dialed.returncode == 0, dialed.stderr
        assert kiosk_sim.wait_for("dialNumber")
        assert [call.number for call in kiosk_sim.calls] == ["600"]
        assert idle[0].recv(1) == b""  # the panel let the idlest clients go
        assert handoff(isolated_home, "status").returncode == 0
    finally:
        for client in idle:
            client.close()
        proc.kill()
        proc.wait(timeout=30)
    assert "Traceback" not in (proc.stderr.read() if proc.stderr else "")


def test_a_dial_cut_short_by_kill_is_outcome_unknown_after_a_restart(
    isolated_home: Path, kiosk_sim: Simulator
) -> None:
    from tvox_panel.calllog import CallLog

    kiosk_sim.config.latency = {"dialNumber": 3.0}  # the panel is killed while it waits
    first = start_panel(isolated_home, kiosk_sim)
    try:
        assert handoff(isolated_home, "dial", "600").returncode == 0
        assert kiosk_sim.wait_for("dialNumber")
    finally:
        first.kill()
        first.wait(timeout=30)
    kiosk_sim.config.latency = {}
    second = start_panel(isolated_home, kiosk_sim)
    try:
        again = handoff(isolated_home, "dial", "600")
        assert again.returncode == 1
        assert "outcome of the last call to 600 is unknown; confirm" in again.stderr
        assert kiosk_sim.wait_for("dialNumber", count=2, timeout=0.5) is False
        with CallLog(isolated_home / "data" / "calllog.sqlite3") as log:
            (row,) = log.page(0, 10)
        assert (row.number, row.outcome) == ("600", "unknown")
    finally:
        second.kill()
        second.wait(timeout=30)


def test_a_garbage_call_log_does_not_stop_the_panel(
    isolated_home: Path, kiosk_sim: Simulator
) -> None:
    log_path = isolated_home / "data" / "calllog.sqlite3"
    log_path.parent.mkdir(parents=True)
    log_path.write_bytes(b"\x00garbage" * 1000)
    env = panel_env(isolated_home, TVOX_PASSWORD=SECRET)
    args = ("--url", kiosk_sim.base_url, "--user", "kiosk", "--quit-when-ready")
    done = subprocess.run(panel_cmd(*args), env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    (aside,) = log_path.parent.glob("calllog.sqlite3.broken-*[0-9]")
    assert aside.read_bytes() == b"\x00garbage" * 1000


def test_a_panel_that_cannot_start_says_why_and_exits_without_a_window_to_close(
    isolated_home: Path,
) -> None:
    import sqlite3

    log_path = isolated_home / "data" / "demo-calllog.sqlite3"
    log_path.parent.mkdir(parents=True)
    with sqlite3.connect(log_path) as newer:  # a log a newer panel wrote: not to be touched
        newer.execute("PRAGMA user_version = 99")
    done = subprocess.run(panel_cmd("--demo"), env=panel_env(isolated_home),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith("tvox-panel: TVox Panel cannot start: ")
    assert done.stderr.count("\n") == 1


def without_display(home: Path) -> dict[str, str]:
    env = panel_env(home)
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"):
        env.pop(name, None)
    return env


def test_without_a_display_the_panel_says_so_in_one_line_and_exits_1(isolated_home: Path) -> None:
    done = subprocess.run(panel_cmd("--demo"), env=without_display(isolated_home),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1  # not Qt's abort (134)
    assert done.stderr == (
        "tvox-panel: no usable display: neither DISPLAY nor WAYLAND_DISPLAY is set\n"
    )


def test_a_dial_that_starts_a_panel_reports_its_death_at_once(isolated_home: Path) -> None:
    # No panel runs, so the command starts one; without a display it dies at once.
    done = subprocess.run(panel_cmd("dial", "600"), env=without_display(isolated_home),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert done.stderr == (
        "tvox-panel: the panel exited with code 1: "
        "no usable display: neither DISPLAY nor WAYLAND_DISPLAY is set\n"
    )


def test_a_number_the_panel_would_refuse_starts_no_panel(isolated_home: Path) -> None:
    # Were a panel started, it would die for want of a display and say so instead.
    done = subprocess.run(panel_cmd("dial", "abc"), env=without_display(isolated_home),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (done.returncode, done.stderr) == (1, "tvox-panel: The number contains letters.\n")
    assert not (isolated_home / "log").exists()  # no panel ever ran in this home
