"""``tvox-call`` against the simulator: output, exit codes, and what never gets printed."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
import threading
from typing import Any

import pytest
from hostile_http import SESSION_ID, HostileServer, Script, http_answer, trickle

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


# -- hostile servers and mistaken input: one line, the right exit code ------------------


def hostile(script: Any) -> HostileServer:
    return HostileServer(script)


def test_rec_on_a_call_that_is_not_the_agents_records_nothing_and_exits_4(
    base: list[str], sim: Simulator
) -> None:
    # The simulator speaks both recOn forms: a bare [user, X] would record the agent's
    # other call into a file named after X.
    code, out = run([*base, "--json", "dial", "600"])
    assert code == 0
    own_call = json.loads(out)["callId"]
    assert run([*base, "rec-on", "1.1@nosuchcall"])[0] == 4
    assert sim.recordings == []
    assert not [c for c in sim.calls if c.call_id == own_call and c.recording]


def test_rec_on_without_a_name_uses_the_panels_template(base: list[str], sim: Simulator) -> None:
    Settings(rec_name_template="crm_{agent}_{callid}").save()
    call_id = json.loads(run([*base, "--json", "dial", "600"])[1])["callId"]
    assert run([*base, "rec-on", call_id])[0] == 0
    params = [r.params for r in sim.received if r.method == "recOn"][-1]
    assert params[:2] == ["mrossi", call_id]
    assert params[2].startswith("crm_mrossi_")


def test_timeout_is_the_total_however_the_server_trickles(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TVOX_PASSWORD", "supervisor")

    class Trickles(Script):
        def answer(self, method: str, request: dict[str, Any]) -> bool:
            if method != "dialNumber":
                return super().answer(method, request)
            for _ in trickle(self.sock, b"HTTP/1.1 200 OK\r\n" + b"X: y" * 200, stop, 0.1):
                pass
            return False

    stop = threading.Event()
    with hostile(Trickles) as server:
        try:
            code, _ = run(["--url", server.url, "--user", "s", "--timeout", "1", "dial", "600"])
            still_trickling = not stop.is_set()
        finally:
            stop.set()
    assert (code, still_trickling) == (5, True)
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # the message alone: no log line before it
    assert "may have been carried out" in err


def echo_secrets(script: Script, method: str, request: dict[str, Any]) -> bool:
    if method != "dialNumber":
        return Script.answer(script, method, request)
    error = {"code": -32001, "message": f"bad params [supervisor, Pa55-w0rd!xyz] {SESSION_ID}"}
    body = json.dumps({"jsonrpc": "2.0", "id": request["id"], "error": error}).encode()
    script.sock.sendall(http_answer(body))
    return True


def test_secrets_the_server_echoes_are_never_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TVOX_PASSWORD", "Pa55-w0rd!xyz")
    script = type("Echo", (Script,), {"answer": echo_secrets})
    with hostile(script) as server:
        code, out = run(["--url", server.url, "--user", "supervisor", "dial", "600"])
    err = capsys.readouterr().err
    assert code == 4
    assert "Pa55-w0rd!xyz" not in err + out
    assert SESSION_ID not in err + out


def test_an_answer_nested_100000_deep_is_one_line_and_exit_5(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TVOX_PASSWORD", "supervisor")

    def nested(script: Script, method: str, request: dict[str, Any]) -> bool:
        if method != "dialNumber":
            return Script.answer(script, method, request)
        script.sock.sendall(http_answer(b"[" * 100_000 + b"]" * 100_000))
        return True

    with hostile(type("Nested", (Script,), {"answer": nested})) as server:
        code, _ = run(["--url", server.url, "--user", "supervisor", "dial", "600"])
        assert server.count("dialNumber") == 1
    err = capsys.readouterr().err
    assert code == 5
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_more_than_15_digits_is_refused_before_anything_is_sent(
    base: list[str], sim: Simulator
) -> None:
    assert run([*base, "dial", "12345678901234567890123"])[0] == 2
    assert not [r for r in sim.received if r.method == "dialNumber"]


def test_ctrl_d_at_the_password_prompt_is_one_line(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A terminal cannot run here: the prompt's end of input is simulated.
    def eof(prompt: str = "") -> str:
        raise EOFError

    monkeypatch.setattr("getpass.getpass", eof)
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    code = main(["--url", sim.base_url, "--user", "supervisor", "login"], stdin=terminal)
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1


def test_a_ca_bundle_that_does_not_exist_is_named(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TVOX_PASSWORD", "supervisor")
    missing = str(tmp_path / "company-ca.pem")
    Settings(server="https://127.0.0.1:9", username="supervisor", ca_bundle=missing).save()
    assert run(["login"])[0] == 2
    assert missing in capsys.readouterr().err


def test_proxy_none_and_a_bad_proxy(base: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run([*base, "--proxy", "none", "version"])[0] == 0
    assert run([*base, "--proxy", "ftp://x", "version"])[0] == 2
