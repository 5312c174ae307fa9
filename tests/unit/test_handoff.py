"""The hand-off command line and its client side of the socket protocol (no Qt)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tvox_panel.gui.state import ActiveCall, State, Status
from tvox_panel.handoff import client as handoff
from tvox_panel.handoff import protocol
from tvox_panel.handoff.client import HandoffError, NoPanel, UsageError, parse_command, run_handoff

Answer = Callable[[dict[str, Any]], dict[str, Any] | bytes | None]


@pytest.mark.parametrize(
    ("argv", "request_"),
    [
        (["dial", "0212345678"], {"cmd": "dial", "number": "0212345678"}),
        (["dial", "02", "1234", "5678"], {"cmd": "dial", "number": "02 1234 5678"}),
        (["dial", "+39 02 1234-5678"], {"cmd": "dial", "number": "+39 02 1234-5678"}),
        (["tel:+39-02-1234-5678"], {"cmd": "dial", "number": "tel:+39-02-1234-5678"}),
        (["TEL:0212345678;ext=12"], {"cmd": "dial", "number": "TEL:0212345678;ext=12"}),
        (["callto://0212345678"], {"cmd": "dial", "number": "callto://0212345678"}),
        (["sip:600@pbx.example.com"], {"cmd": "dial", "number": "sip:600@pbx.example.com"}),
        (["sips:600@pbx.example.com"], {"cmd": "dial", "number": "sips:600@pbx.example.com"}),
        (
            ["dial-text", "Ticket 4411: cliente 02 5555 1234"],
            {"cmd": "dial_text", "text": "Ticket 4411: cliente 02 5555 1234"},
        ),
        (["dial-text", "tel", "02 1234 5678"], {"cmd": "dial_text", "text": "tel 02 1234 5678"}),
        (["dial-clipboard"], {"cmd": "dial_clipboard"}),
        (["dial-selection"], {"cmd": "dial_selection"}),
        (["record", "on"], {"cmd": "record", "mode": "on"}),
        (["record", "off"], {"cmd": "record", "mode": "off"}),
        (["record", "toggle"], {"cmd": "record", "mode": "toggle"}),
        (["record", "ON"], {"cmd": "record", "mode": "on"}),
        (["hangup"], {"cmd": "hangup"}),
        (["show"], {"cmd": "show"}),
        (["quit"], {"cmd": "quit"}),
        (["status"], {"cmd": "status"}),
        (["status", "--json"], {"cmd": "status"}),
    ],
)
def test_every_form_of_the_contract_maps_to_a_request(
    argv: list[str], request_: dict[str, Any]
) -> None:
    assert parse_command(argv) == request_
    assert request_["cmd"] in handoff.COMMANDS


@pytest.mark.parametrize("argv", [[], ["--demo"], ["--minimized"], ["--register-handlers"]])
def test_other_command_lines_start_the_panel(argv: list[str]) -> None:
    assert parse_command(argv) is None


@pytest.mark.parametrize(
    "argv",
    [
        ["dial"],
        ["dial", "  "],
        ["dial-text"],
        ["dial-text", " "],
        ["dial-text", "x" * 40_000],
        ["record"],
        ["record", "maybe"],
        ["record", "on", "off"],
        ["hangup", "now"],
        ["status", "--xml"],
        ["tel:123", "456"],
    ],
)
def test_malformed_hand_off_commands_are_usage_errors(argv: list[str]) -> None:
    with pytest.raises(UsageError):
        parse_command(argv)


def test_socket_path_lives_under_the_home_override(isolated_home: Path) -> None:
    assert handoff.socket_path() == isolated_home / "run" / "panel.sock"
    assert handoff.server_name() == str(isolated_home / "run" / "panel.sock")


# -- send() against a real UNIX socket server --------------------------------------------


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A directory with a short path: UNIX socket paths are limited to about 100 bytes."""
    with tempfile.TemporaryDirectory(prefix="tvx", dir="/tmp") as name:
        yield Path(name)


class _Server:
    """A line server in a thread that answers each request with ``answer(request)``."""

    def __init__(self, path: Path, answer: Answer) -> None:
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                for line in self.rfile:
                    request = json.loads(line)
                    outer.requests.append(request)
                    reply = answer(request)
                    if reply is None:
                        return
                    if isinstance(reply, dict):
                        reply = json.dumps(reply).encode() + b"\n"
                    self.wfile.write(reply)

        self.server = socketserver.ThreadingUnixStreamServer(str(path), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_send_returns_the_panels_answer(short_dir: Path) -> None:
    path = short_dir / "panel.sock"
    with _Server(path, lambda request: {"ok": True, "message": f"got {request['number']}"}) as s:
        answer = handoff.send({"cmd": "dial", "number": "+39 02 12 34 56 78 è"}, path=path)
    assert answer == {"ok": True, "message": "got +39 02 12 34 56 78 è"}
    assert s.requests == [{"cmd": "dial", "number": "+39 02 12 34 56 78 è"}]


def test_send_without_a_socket_raises_no_panel(short_dir: Path) -> None:
    with pytest.raises(NoPanel):
        handoff.send({"cmd": "status"}, path=short_dir / "panel.sock")


def test_send_to_a_stale_socket_raises_no_panel(short_dir: Path) -> None:
    path = short_dir / "panel.sock"
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))  # bound but never listening: what a crashed panel leaves behind
    stale.close()
    assert path.exists()
    with pytest.raises(NoPanel):
        handoff.send({"cmd": "status"}, path=path)


@pytest.mark.parametrize(
    ("reply", "words"),
    [(None, "without answering"), (b"<html>\n", "not JSON"), (b"[1, 2]\n", "not a JSON object")],
)
def test_send_reports_an_unusable_answer(short_dir: Path, reply: bytes | None, words: str) -> None:
    path = short_dir / "panel.sock"
    with _Server(path, lambda request: reply), pytest.raises(HandoffError, match=words):
        handoff.send({"cmd": "status"}, path=path)


def test_send_gives_up_when_the_panel_does_not_answer(short_dir: Path) -> None:
    path = short_dir / "panel.sock"
    release = threading.Event()

    def hang(request: dict[str, Any]) -> None:
        release.wait(5)

    with _Server(path, hang):
        with pytest.raises(HandoffError, match="did not answer"):
            handoff.send({"cmd": "status"}, timeout=0.2, path=path)
        release.set()


def test_an_event_line_that_never_ends_is_refused_without_reading_it_all(
    short_dir: Path,
) -> None:
    # Whatever holds the socket may send one endless line: `tvox-panel events` refuses it
    # once it is longer than any line may be, and neither waits for its end nor keeps it.
    from tvox_panel.handoff import events
    from tvox_panel.handoff.protocol import MAX_LINE_BYTES

    path = short_dir / "panel.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    release = threading.Event()

    def panel() -> None:
        conn, _ = listener.accept()
        with conn, contextlib.suppress(OSError):  # the follower may hang up mid-line
            conn.recv(1024)
            conn.sendall(b'{"ok": true}\n' + b"x" * (4 * MAX_LINE_BYTES))
            release.wait(10)  # and the line never ends

    outcome: list[str] = []

    def follow() -> None:
        try:
            outcome.extend(str(event) for event in events.stream(path))
        except HandoffError as error:
            outcome.append(f"refused: {error}")

    threading.Thread(target=panel, daemon=True).start()
    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    follower.join(5)
    waited_for_the_end = follower.is_alive()
    release.set()
    listener.close()
    assert not waited_for_the_end
    assert outcome == ["refused: the panel sent an unreadable event"]


# -- run_handoff ---------------------------------------------------------------------------

STATUS = Status(
    state=State.IN_CALL,
    server="tvox.example.com",
    user="supervisor",
    agent="mrossi",
    call=ActiveCall(call_id="c-1", number="0212345678", recording=True),
)


def test_dial_prints_the_panels_message(capsys: pytest.CaptureFixture[str]) -> None:
    sent: list[dict[str, Any]] = []

    def send(request: dict[str, Any]) -> dict[str, Any]:
        sent.append(request)
        return {"ok": True, "message": "dialling 0212345678"}

    assert run_handoff(["dial", "02 1234 5678"], send_request=send) == 0
    assert capsys.readouterr().out == "dialling 0212345678\n"
    assert sent == [{"cmd": "dial", "number": "02 1234 5678"}]


def test_a_refusal_is_printed_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    def send(request: dict[str, Any]) -> dict[str, Any]:
        return {"ok": False, "error": "there is no call to hang up"}

    assert run_handoff(["hangup"], send_request=send) == 1
    assert capsys.readouterr().err == "tvox-panel: there is no call to hang up\n"


def test_status_json_prints_the_status_object(capsys: pytest.CaptureFixture[str]) -> None:
    def send(request: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, **STATUS.to_json()}

    assert run_handoff(["status", "--json"], send_request=send) == 0
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1
    assert json.loads(printed) == STATUS.to_json()


def test_status_prints_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    def send(request: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, **STATUS.to_json()}

    assert run_handoff(["status"], send_request=send) == 0
    assert capsys.readouterr().out == (
        "in call with 0212345678, recording (supervisor on tvox.example.com)\n"
    )


def test_several_numbers_in_a_text_are_named_with_the_refusal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def send(request: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": False,
            "error": "2 phone numbers in the text: choose one in the panel",
            "candidates": ["0212345678", "3331234567"],
        }

    assert run_handoff(["dial-text", "tel 02 1234 5678, cell 333 1234567"], send_request=send) == 1
    assert capsys.readouterr().err == (
        "tvox-panel: 2 phone numbers in the text: choose one in the panel"
        " (0212345678, 3331234567)\n"
    )


def test_dial_text_starts_a_panel_like_dial(capsys: pytest.CaptureFixture[str]) -> None:
    spawned: list[bool] = []
    answers = iter([NoPanel("none"), {"ok": True, "state": "ready"}, {"ok": True, "message": "ok"}])

    def send(request: dict[str, Any]) -> dict[str, Any]:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    code = run_handoff(
        ["dial-text", "tel 600"], send_request=send, spawn=lambda: spawned.append(True)
    )
    assert (code, spawned) == (0, [True])


def _no_panel(request: dict[str, Any]) -> dict[str, Any]:
    raise NoPanel("no panel is running")


@pytest.mark.parametrize("argv", [["status"], ["hangup"], ["record", "on"], ["quit"]])
def test_commands_for_a_running_panel_fail_without_one(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    spawned: list[bool] = []
    assert run_handoff(argv, send_request=_no_panel, spawn=lambda: spawned.append(True)) == 1
    assert "no panel is running" in capsys.readouterr().err
    assert spawned == []


def test_dial_starts_a_panel_and_waits_until_it_is_connected(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spawned: list[bool] = []
    statuses = iter(["offline", "connecting", "connecting", "ready"])
    sent: list[dict[str, Any]] = []
    now = [0.0]

    def send(request: dict[str, Any]) -> dict[str, Any]:
        if not spawned:
            raise NoPanel("no panel is running")
        sent.append(request)
        if request["cmd"] == "status":
            return {"ok": True, "state": next(statuses), "error": None}
        return {"ok": True, "message": "dialling 600"}

    def pause(seconds: float) -> None:
        now[0] += seconds

    code = run_handoff(
        ["tel:600"],
        send_request=send,
        spawn=lambda: spawned.append(True),
        clock=lambda: now[0],
        pause=pause,
    )
    assert code == 0
    assert capsys.readouterr().out == "dialling 600\n"
    assert spawned == [True]
    assert [request["cmd"] for request in sent] == ["status"] * 4 + ["dial"]


def test_dial_gives_up_when_the_started_panel_never_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    now = [0.0]

    def pause(seconds: float) -> None:
        now[0] += seconds

    code = run_handoff(
        ["dial", "600"],
        send_request=_no_panel,
        spawn=lambda: None,
        clock=lambda: now[0],
        pause=pause,
    )
    assert code == 1
    assert "did not start within 15 s" in capsys.readouterr().err
    assert 15.0 <= now[0] < 16.0


class Child:
    """A started panel that exits ``after`` checks with ``code`` and a last line of stderr."""

    def __init__(self, code: int, reason: str, after: int = 2) -> None:
        self.outcome = (code, reason)
        self.after = after

    def exited(self) -> tuple[int, str] | None:
        self.after -= 1
        return self.outcome if self.after < 0 else None


@pytest.mark.parametrize(
    ("child", "words"),
    [
        (Child(1, "no usable display: DISPLAY is not set"),
         "the panel exited with code 1: no usable display: DISPLAY is not set"),
        (Child(-9, ""), "the panel was stopped by signal 9"),
    ],
)  # fmt: skip
def test_a_started_panel_that_dies_is_reported_at_once(
    capsys: pytest.CaptureFixture[str], child: Child, words: str
) -> None:
    now = [0.0]

    def pause(seconds: float) -> None:
        now[0] += seconds

    code = run_handoff(
        ["dial", "600"],
        send_request=_no_panel,
        spawn=lambda: child,
        clock=lambda: now[0],
        pause=pause,
    )
    assert code == 1
    assert capsys.readouterr().err == f"tvox-panel: {words}\n"
    assert now[0] < 1.0  # not the 15 s of a panel that never answers


def test_a_started_panel_that_finds_another_one_running_is_not_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    now = [0.0]
    child = Child(0, "tvox-panel: a panel is already running; it was brought to the front")

    def send(request: dict[str, Any]) -> dict[str, Any]:
        if now[0] < 0.5:  # the other panel answers a moment later
            raise NoPanel("no panel is running")
        if request["cmd"] == "status":
            return {"ok": True, "state": "ready", "error": None}
        return {"ok": True, "message": "dialling 600"}

    def pause(seconds: float) -> None:
        now[0] += seconds

    code = run_handoff(
        ["dial", "600"], send_request=send, spawn=lambda: child, clock=lambda: now[0], pause=pause
    )
    assert code == 0
    assert capsys.readouterr().out == "dialling 600\n"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["dial", "abc"], "The number contains letters."),
        (["sip:mario@pbx.example.com"], "The link does not hold a phone number."),
        (["dial", "02 12;34"], "Pauses and tones (';' or ',') cannot be dialled."),
    ],
)
def test_a_number_the_panel_would_refuse_starts_nothing(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    spawned: list[bool] = []

    def spawn() -> None:
        spawned.append(True)

    assert run_handoff(argv, send_request=_no_panel, spawn=spawn) == 1
    assert capsys.readouterr().err == f"tvox-panel: {words}\n"
    assert spawned == []


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_handoff(["record", "maybe"], send_request=_no_panel) == 2
    assert "record needs on, off or toggle" in capsys.readouterr().err


# -- the real command line -----------------------------------------------------------------


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "TVOX_PANEL_HOME": str(home)}


def test_command_line_talks_to_the_socket_in_the_panel_home(short_dir: Path) -> None:
    (short_dir / "run").mkdir()
    answer = {"ok": True, **STATUS.to_json()}
    with _Server(short_dir / "run" / "panel.sock", lambda request: answer):
        done = subprocess.run(
            [sys.executable, "-m", "tvox_panel.handoff.client", "status", "--json"],
            env=_env(short_dir),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == STATUS.to_json()


def test_command_line_status_exits_1_when_no_panel_runs(short_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tvox_panel.handoff.client", "status"],
        env=_env(short_dir),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == "tvox-panel: no panel is running\n"


def test_no_runtime_dir_variable_is_handled_quietly_in_a_private_place(tmp_path: Path) -> None:
    # A login by su or ssh has no XDG_RUNTIME_DIR: no platformdirs warning, one line only.
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_RUNTIME_DIR", "TVOX_PANEL_HOME")}
    env["TMPDIR"] = str(tmp_path)
    env["PYTHONWARNINGS"] = "default"
    done = subprocess.run(
        [sys.executable, "-m", "tvox_panel.handoff.client", "status"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert (done.returncode, done.stderr) == (1, "tvox-panel: no panel is running\n")


def test_without_xdg_runtime_dir_the_socket_lives_in_a_private_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tvox_panel.config import paths

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("TVOX_PANEL_HOME", raising=False)
    monkeypatch.setattr(paths.tempfile, "gettempdir", lambda: str(tmp_path))
    if paths._private(Path("/run/user") / str(os.getuid())):
        pytest.skip("this login has its own runtime directory")
    folder = tmp_path / f"tvox-panel-{os.getuid()}"
    assert handoff.socket_path() == folder / "panel.sock"
    folder.mkdir(mode=0o755)  # made by someone else, or open to others: refused
    folder.chmod(0o755)
    with pytest.raises(PermissionError):
        handoff.socket_path()
    folder.chmod(0o700)
    assert handoff.socket_path() == folder / "panel.sock"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from tvox_panel.cli.panel import main

    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    for word in (
        "dial NUMBER",
        "dial-text TEXT",
        "dial-clipboard",
        "dial-selection",
        "tel:URI",
        "record on|off|toggle",
        "hangup",
        "show",
        "quit",
        "status [--json]",
        "--register-handlers",
        "--unregister-handlers",
        "--demo",
        "--lang",
    ):
        assert word in shown, word


def test_help_never_loads_qt() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from tvox_panel.cli.panel import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert done.stdout.strip() == "[]"


def test_hand_off_never_loads_qt_or_the_network_stack() -> None:
    code = (
        "import sys, tvox_panel.handoff.client as h; "
        "h.parse_command(['dial', '1']); h.socket_path(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'requests', 'keyring', 'phonenumbers', 'shiboken6')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    assert done.stdout.strip() == "[]"


# -- Windows named pipe (the exchange itself needs Windows; the rules around it do not) -------


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(protocol, "is_windows", lambda: True)


def test_a_hung_panel_on_the_pipe_gives_an_error_in_time(
    on_windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def hang(path: Path, data: bytes) -> bytes:
        release.wait(10)  # a panel that accepted the pipe and never answers
        return b""

    monkeypatch.setattr(handoff, "_pipe_exchange", hang)
    try:
        with pytest.raises(HandoffError, match="did not answer within 0.2 s"):
            handoff.send({"cmd": "status"}, timeout=0.2, path=Path("tvox-test-pipe"))
    finally:
        release.set()


def test_the_pipe_answer_and_its_errors_reach_the_caller(
    on_windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[bytes] = []

    def answer(path: Path, data: bytes) -> bytes:
        sent.append(data)
        return b'{"ok": true, "message": "shown"}\n'

    monkeypatch.setattr(handoff, "_pipe_exchange", answer)
    assert handoff.send({"cmd": "show"}, path=Path("tvox-test-pipe"))["message"] == "shown"
    assert json.loads(sent[0]) == {"cmd": "show"}

    def absent(path: Path, data: bytes) -> bytes:
        raise NoPanel("no panel is running")

    monkeypatch.setattr(handoff, "_pipe_exchange", absent)
    with pytest.raises(NoPanel):
        handoff.send({"cmd": "show"}, path=Path("tvox-test-pipe"))
