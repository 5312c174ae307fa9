"""The real ``tvox-panel`` process: start-up smoke test, hand-off from a second process,
and what the panel leaves on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
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


@pytest.fixture
def panel(isolated_home: Path, kiosk_sim: Simulator) -> Iterator[subprocess.Popen[str]]:
    """A running panel, logged in through TVOX_PASSWORD, with the hand-off socket up."""
    env = panel_env(isolated_home, TVOX_PASSWORD=SECRET)
    proc = subprocess.Popen(panel_cmd("--url", kiosk_sim.base_url, "--user", "kiosk"), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert kiosk_sim.wait_for("login", timeout=60), "the panel never logged in"
        for _ in range(300):
            status = handoff(isolated_home, "status", "--json")
            if status.returncode == 0 and json.loads(status.stdout)["state"] == "ready":
                break
        else:
            pytest.fail("the panel never became ready")
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
