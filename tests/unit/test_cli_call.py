"""``tvox-call`` against the simulator: output, exit codes, and what never gets printed."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys

import pytest

from tvox_panel.cli.call import main
from tvox_panel.config.settings import Settings
from tvox_panel.simulator import Simulator


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


@pytest.fixture
def base(sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("TVOX_PASSWORD", "supervisor")
    return ["--url", sim.base_url, "--user", "supervisor", "--agent", "mrossi"]


def test_version_needs_no_password(sim: Simulator) -> None:
    code, out = run(["--url", sim.base_url, "--json", "version"])
    assert code == 0
    assert json.loads(out) == {"server": "10.26.32", "webapi": "10.26.0"}


def test_login_prints_user_and_roles(base: list[str]) -> None:
    code, out = run([*base, "login"])
    assert code == 0
    assert "supervisor" in out
    assert "TVOX_SUPERVISOR" in out


def test_dial_record_hangup_session(base: list[str], sim: Simulator) -> None:
    code, out = run([*base, "--json", "dial", "+39 02-1234.5678", "--job-label", "crm"])
    assert code == 0
    call_id = json.loads(out)["callId"]
    assert sim.calls[0].call_id == call_id
    assert sim.calls[0].number == "+390212345678"
    assert run([*base, "rec-on", call_id, "--rec-name", "ticket_7"])[0] == 0
    code, out = run([*base, "calls"])
    assert call_id in out
    assert "REC" in out
    assert run([*base, "rec-off", call_id])[0] == 0
    assert run([*base, "hangup", call_id])[0] == 0
    code, out = run([*base, "--json", "recordings", "--name", "ticket_7"])
    assert code == 0
    assert [r["callId"] for r in json.loads(out)] == [call_id]


def test_dial_accepts_a_tel_link(base: list[str], sim: Simulator) -> None:
    assert run([*base, "dial", "tel:+39-02-1234;ext=5"])[0] == 0
    assert sim.calls[0].number == "+39021234"


def test_exit_codes(
    base: list[str],
    sim: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run([*base, "dial", "12;34"])[0] == 2  # refused before anything was sent
    assert not [r for r in sim.received if r.method == "dialNumber"]
    assert run([*base, "frobnicate"])[0] == 2
    assert run([*base, "rec-off", "1@nope"])[0] == 4  # the server refused
    sim.fail_once("dialNumber", "drop_connection")
    assert run([*base, "dial", "600"])[0] == 5  # outcome unknown
    monkeypatch.setenv("TVOX_PASSWORD", "wrong")
    assert run([*base, "login"])[0] == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert all(line.startswith("tvox-call: ") for line in err.splitlines())


def test_unreachable_is_5() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert run(["--url", f"http://127.0.0.1:{port}", "--timeout", "1", "version"])[0] == 5


def test_password_from_stdin_and_defaults_from_the_panel_settings(sim: Simulator) -> None:
    Settings(server=sim.base_url, username="supervisor", agent="mrossi").save()
    code, out = run(["--password-stdin", "--json", "dial", "600"], stdin="supervisor\n")
    assert code == 0
    assert sim.calls[0].username == "mrossi"


def test_no_password_without_a_terminal_is_a_usage_error(sim: Simulator) -> None:
    code, _ = run(["--url", sim.base_url, "--user", "supervisor", "login"])
    assert code == 2


def test_console_script_never_prints_a_traceback_or_the_password(sim: Simulator) -> None:
    env = {"TVOX_PASSWORD": "not-the-password-42", "PATH": "/usr/bin:/bin"}
    import os

    env["TVOX_PANEL_HOME"] = os.environ["TVOX_PANEL_HOME"]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tvox_panel.cli.call",
            "--url",
            sim.base_url,
            "--user",
            "x",
            "login",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert "not-the-password-42" not in done.stderr + done.stdout
