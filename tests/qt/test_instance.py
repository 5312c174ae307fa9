"""One panel per user: the real local socket server, the command handler, and a second process."""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tvox_panel.config.settings import Settings
from tvox_panel.gui.commands import CommandHandler, clipboard_text
from tvox_panel.gui.state import ActiveCall, DialDecision, State, Status
from tvox_panel.handoff import client as handoff
from tvox_panel.handoff import unix_server
from tvox_panel.handoff.lines import ConnectionLimits
from tvox_panel.handoff.server import InstanceServer
from tvox_panel.phone.intext import Found

TIMEOUT = 5000
MakeSession = Any


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A directory with a short path: UNIX socket paths are limited to about 100 bytes."""
    with tempfile.TemporaryDirectory(prefix="tvx", dir="/tmp") as name:
        yield Path(name)


@pytest.fixture
def sock_path(short_dir: Path) -> Path:
    return short_dir / "run" / "panel.sock"


def echo(request: dict[str, Any]) -> dict[str, Any]:
    return {"ok": True, "message": f"did {request['cmd']}"}


def in_thread(qtbot: QtBot, work: Callable[[], Any], timeout_ms: int = TIMEOUT) -> Any:
    """Run blocking client ``work`` in a thread while the Qt event loop serves it."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except Exception as error:  # handed to the test thread below
            result["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=timeout_ms)
    if "error" in result:
        raise result["error"]
    return result["value"]


def answers_show(qtbot: QtBot, path: Path) -> bool:
    """True when the echo server on ``path`` answers a ``show`` request."""
    answer = in_thread(qtbot, lambda: handoff.send({"cmd": "show"}, path=path))
    return bool(answer == {"ok": True, "message": "did show"})


Serve = Callable[..., InstanceServer]


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Start InstanceServers that stay alive until the test ends."""
    servers: list[InstanceServer] = []

    def start(
        path: Path,
        handler: Callable[[dict[str, Any]], dict[str, Any]],
        limits: ConnectionLimits | None = None,
        transport: str | None = None,
    ) -> InstanceServer:
        server = InstanceServer(handler, name=str(path), limits=limits, transport=transport)
        assert server.listen()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


# -- the server ----------------------------------------------------------------------------


def test_a_client_gets_the_handlers_answer(qtbot: QtBot, serve: Serve, sock_path: Path) -> None:
    server = serve(sock_path, echo)
    with qtbot.waitSignal(server.command_received, timeout=TIMEOUT) as signal:
        answer = in_thread(qtbot, lambda: handoff.send({"cmd": "hangup"}, path=sock_path))
    assert answer == {"ok": True, "message": "did hangup"}
    assert signal.args == [{"cmd": "hangup"}]


def _converse(path: Path, data: bytes, answers: int) -> list[dict[str, Any]]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(str(path))
        sock.sendall(data)
        received = b""
        while received.count(b"\n") < answers:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    return [json.loads(line) for line in received.splitlines()]


def test_one_connection_may_send_several_lines(qtbot: QtBot, serve: Serve, sock_path: Path) -> None:
    serve(sock_path, echo)
    data = b'{"cmd": "show"}\n{not json}\n["cmd"]\n{"cmd": "status"}\n'
    answers = in_thread(qtbot, lambda: _converse(sock_path, data, 4))
    assert answers[0] == {"ok": True, "message": "did show"}
    assert answers[1] == {"ok": False, "error": "the request is not valid JSON"}
    assert answers[2]["ok"] is False
    assert "cmd" in answers[2]["error"]
    assert answers[3] == {"ok": True, "message": "did status"}


# Each hostile line, and whether it is still a request the handler should carry out.
HOSTILE_LINES = [
    (b"[" * 1000 + b"]" * 1000, False),  # the parser gives up with RecursionError
    (b'{"cmd": "status", "deep": ' + b"[" * 30000 + b"]" * 30000 + b"}", False),
    (b'{"cmd": "status", "n": ' + b"9" * 30 + b"}", True),  # beyond 64 bits for a Qt signal
    (b'{"cmd": "hangup", "n": -' + b"9" * 25 + b", 3: 1}", False),
    (b'{"cmd": "hangup", "n": [-' + b"9" * 25 + b"]}", True),
    (b'{"cmd": "status", "n": ' + b"9" * 5000 + b"}", False),  # beyond Python's digit limit
    (b"\xff\xfe{}", False),  # not UTF-8
    (b"", False),
    (b"null", False),
    (b'{"cmd": ["status"]}', False),
]


def test_every_line_gets_exactly_one_answer_whatever_it_holds(
    qtbot: QtBot, serve: Serve, sock_path: Path
) -> None:
    handled: list[str] = []

    def record(request: dict[str, Any]) -> dict[str, Any]:
        handled.append(request["cmd"])
        return echo(request)

    serve(sock_path, record)
    data = b"\n".join([*(line for line, _ in HOSTILE_LINES), b'{"cmd": "show"}']) + b"\n"
    answers = in_thread(qtbot, lambda: _converse(sock_path, data, len(HOSTILE_LINES) + 1))
    assert len(answers) == len(HOSTILE_LINES) + 1
    for (line, carried_out), answer in zip(HOSTILE_LINES, answers, strict=False):
        assert answer["ok"] is carried_out, (line[:40], answer)
        if not carried_out:
            assert isinstance(answer["error"], str)
            assert "\n" not in answer["error"]
    assert answers[-1] == {"ok": True, "message": "did show"}  # the connection carries on
    assert handled == ["status", "hangup", "show"]
    assert answers_show(qtbot, sock_path)  # and so does the panel


def test_a_handler_that_breaks_in_any_way_still_answers(
    qtbot: QtBot, serve: Serve, sock_path: Path
) -> None:
    def broken(request: dict[str, Any]) -> dict[str, Any]:
        if request["cmd"] == "status":
            raise RecursionError("maximum recursion depth exceeded")
        return {"ok": True, "message": {1, 2}}  # not JSON: the answer itself cannot be sent

    serve(sock_path, broken)
    data = b'{"cmd": "status"}\n{"cmd": "show"}\n'
    answers = in_thread(qtbot, lambda: _converse(sock_path, data, 2))
    assert [answer["ok"] for answer in answers] == [False, False]
    assert all("internal error" in answer["error"] for answer in answers)


def test_a_line_over_64_kib_is_refused(qtbot: QtBot, serve: Serve, sock_path: Path) -> None:
    seen: list[dict[str, Any]] = []

    def record(request: dict[str, Any]) -> dict[str, Any]:
        seen.append(request)
        return echo(request)

    serve(sock_path, record)
    data = b'{"cmd": "dial", "number": "' + b"1" * (64 * 1024) + b'"}\n'
    answers = in_thread(qtbot, lambda: _converse(sock_path, data, 1))
    assert answers == [{"ok": False, "error": "request line too long"}]
    assert seen == []


def test_a_failing_handler_answers_with_an_error(
    qtbot: QtBot, serve: Serve, sock_path: Path
) -> None:
    def broken(request: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("boom")

    serve(sock_path, broken)
    answer = in_thread(qtbot, lambda: handoff.send({"cmd": "status"}, path=sock_path))
    assert answer["ok"] is False
    assert "internal error" in answer["error"]


def test_the_socket_is_private_to_its_owner(qtbot: QtBot, serve: Serve, sock_path: Path) -> None:
    serve(sock_path, echo)
    assert stat.S_ISSOCK(sock_path.stat().st_mode)
    assert stat.S_IMODE(sock_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(sock_path.parent.stat().st_mode) == 0o700


def test_a_stale_socket_from_a_crashed_panel_is_replaced(
    qtbot: QtBot, serve: Serve, sock_path: Path
) -> None:
    sock_path.parent.mkdir(mode=0o700)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(sock_path))  # bound, never listening: what a killed panel leaves behind
    stale.close()
    with pytest.raises(handoff.NoPanel):
        handoff.send({"cmd": "status"}, path=sock_path)
    serve(sock_path, echo)
    assert answers_show(qtbot, sock_path)


def test_clients_that_hang_up_early_leave_the_server_serving(
    qtbot: QtBot, serve: Serve, sock_path: Path
) -> None:
    serve(sock_path, echo)

    def rude_clients() -> None:
        for data in (b"", b'{"cmd": "sh'):  # connect and leave; leave in the middle of a line
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.connect(str(sock_path))
                sock.sendall(data)

    in_thread(qtbot, rude_clients)
    assert answers_show(qtbot, sock_path)


PADDED = {"ok": True, "message": "x" * 200}  # an answer line of about 230 bytes


def pipelined(
    qtbot: QtBot, serve: Serve, sock_path: Path, transport: str, count: int, unread: int
) -> tuple[int, list[bytes]]:
    """Send ``count`` requests on one connection and read no answer until ``unread`` were
    handled, then read them all: how many were handled, and the answer lines."""
    handled = {"n": 0}
    enough = threading.Event()

    def padded(request: dict[str, Any]) -> dict[str, Any]:
        handled["n"] += 1
        if handled["n"] == unread:
            enough.set()
        return PADDED

    sock_path.parent.mkdir(exist_ok=True)  # QLocalServer makes no folders
    serve(sock_path, padded, transport=transport)

    def client() -> list[bytes]:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(str(sock_path))
            sender = threading.Thread(
                target=sock.sendall, args=(b'{"cmd": "status"}\n' * count,), daemon=True
            )
            sender.start()  # the panel may stop reading before all of it is sent
            assert enough.wait(5), f"only {handled['n']} requests were handled"
            received = bytearray()
            while received.count(b"\n") < count and (chunk := sock.recv(65536)):
                received += chunk
            sender.join(5)
        return bytes(received).splitlines()

    lines = in_thread(qtbot, client, timeout_ms=30_000)  # a loaded machine is slow
    return handled["n"], lines


@pytest.mark.parametrize("transport", ["unix", "pipe"])
def test_a_client_that_sends_many_requests_before_reading_gets_every_answer(
    qtbot: QtBot, serve: Serve, sock_path: Path, transport: str
) -> None:
    # By the 250th answer more than the socket buffer holds has been answered while the
    # client reads nothing (the panel keeps the rest), yet less than the 64 KiB after which
    # the panel waits for the client before reading on.
    handled, lines = pipelined(qtbot, serve, sock_path, transport, 3_000, 250)
    assert handled == 3_000
    assert [json.loads(line) for line in lines] == [PADDED] * 3_000


@pytest.mark.parametrize("transport", ["unix", "pipe"])
def test_a_client_whose_answers_pile_up_is_paused_then_served_in_full(
    qtbot: QtBot, serve: Serve, sock_path: Path, transport: str
) -> None:
    # No answer read until 3,600 were handled: by then more answers wait than the socket
    # holds plus the 64 KiB after which the panel reads no further requests. The panel must
    # stop reading, then, as the client catches up, read on (never dropping it: under 1 MiB
    # ever waits) until every request has its answer.
    handled, lines = pipelined(qtbot, serve, sock_path, transport, 20_000, 3_600)
    assert handled == 20_000
    assert len(lines) == 20_000


class Client:
    """A hand-off client that stays connected, as a CRM holding its connection open would."""

    def __init__(self, path: Path) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(TIMEOUT / 1000)
        self.sock.connect(str(path))
        self.file = self.sock.makefile("rb")

    def ask(self, cmd: str) -> dict[str, Any]:
        self.sock.sendall(json.dumps({"cmd": cmd}).encode() + b"\n")
        line = self.file.readline()
        assert line, "the panel closed the connection"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def closed_by_panel(self) -> bool:
        """Wait (at most the socket timeout) for the panel to close; True if it did."""
        try:
            return self.file.read(1) == b""
        except TimeoutError:
            return False
        except OSError:  # reset: closed too
            return True

    def close(self) -> None:
        self.file.close()
        self.sock.close()


@pytest.fixture
def clients() -> Iterator[list[Client]]:
    made: list[Client] = []
    yield made
    for client in made:
        client.close()


def test_a_client_that_says_nothing_is_let_go(
    qtbot: QtBot, serve: Serve, sock_path: Path, clients: list[Client]
) -> None:
    serve(sock_path, echo, ConnectionLimits(idle_ms=50))
    silent = Client(sock_path)
    clients.append(silent)
    assert in_thread(qtbot, silent.closed_by_panel)
    assert answers_show(qtbot, sock_path)


def test_past_the_cap_the_client_idle_the_longest_makes_room(
    qtbot: QtBot, serve: Serve, sock_path: Path, clients: list[Client]
) -> None:
    serve(sock_path, echo, ConnectionLimits(max_connections=3))
    first, second, third = (Client(sock_path) for _ in range(3))
    clients += [first, second, third]
    for client in (first, second, third, first):  # the first speaks again: the second is idlest
        assert in_thread(qtbot, lambda c=client: c.ask("status"))["ok"]
    fourth = Client(sock_path)
    clients.append(fourth)
    assert in_thread(qtbot, lambda: fourth.ask("show")) == {"ok": True, "message": "did show"}
    assert in_thread(qtbot, second.closed_by_panel)
    for client in (first, third, fourth):
        assert in_thread(qtbot, lambda c=client: c.ask("status"))["ok"]


def test_a_busy_panel_is_not_mistaken_for_a_crashed_one(qtbot: QtBot, sock_path: Path) -> None:
    sock_path.parent.mkdir(mode=0o700)
    busy = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    busy.bind(str(sock_path))
    busy.listen(0)  # a panel that is not accepting right now
    waiting = []
    try:
        for _ in range(3):  # fill its queue of waiting connections
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                client.connect(str(sock_path))
            waiting.append(client)
        second = InstanceServer(echo, name=str(sock_path))
        assert second.listen() is False
        assert sock_path.exists()
        assert not second.is_listening()
    finally:
        for client in waiting:
            client.close()
        busy.close()


def test_running_out_of_descriptors_pauses_accepting_instead_of_spinning(
    qtbot: QtBot,
    serve: Serve,
    sock_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(unix_server, "ACCEPT_PAUSE_MS", 200)
    serve(sock_path, echo)
    real_accept = socket.socket.accept
    failing_until: list[float] = []

    def accept(self: socket.socket) -> tuple[socket.socket, Any]:
        # Out of descriptors for 100 ms from the first attempt, half the panel's pause.
        now = time.monotonic()
        if not failing_until:
            failing_until.append(now + 0.1)
        if now < failing_until[0]:
            raise OSError(errno.EMFILE, "Too many open files")
        return real_accept(self)

    monkeypatch.setattr(socket.socket, "accept", accept)
    with caplog.at_level(logging.WARNING, logger="tvox_panel.instance"):
        assert answers_show(qtbot, sock_path)  # answered once the pause is over
    warnings = [r for r in caplog.records if "cannot accept" in r.getMessage()]
    assert len(warnings) == 1


def test_closing_removes_the_socket_so_no_command_reaches_a_quitting_panel(
    qtbot: QtBot, serve: Serve, sock_path: Path
) -> None:
    server = serve(sock_path, echo)
    server.close()
    assert not server.is_listening()
    assert not sock_path.exists()
    with pytest.raises(handoff.NoPanel):
        handoff.send({"cmd": "status"}, path=sock_path)
    server.close()  # twice is harmless


def test_a_second_panel_finds_the_first_and_does_not_listen(
    qtbot: QtBot, serve: Serve, sock_path: Path
) -> None:
    serve(sock_path, echo)
    second = InstanceServer(lambda request: {"ok": True, "message": "second"}, name=str(sock_path))
    assert in_thread(qtbot, second.listen) is False
    assert not second.is_listening()
    assert answers_show(qtbot, sock_path)


# -- the command handler ---------------------------------------------------------------------


class FakeSession:
    def __init__(self, status: Status | None = None, decision: DialDecision = DialDecision.STARTED):
        self.status = status or Status(state=State.READY, user="u", server="s")
        self.settings = Settings()
        self.decision = decision
        self.dialled: list[str] = []
        self.recording: list[bool] = []
        self.hung_up = False

    def dial(self, text: str) -> DialDecision:
        self.dialled.append(text)
        return self.decision

    def hangup(self) -> bool:
        self.hung_up = self.status.state is State.IN_CALL
        return self.hung_up

    def set_recording(self, on: bool) -> None:
        self.recording.append(on)


IN_CALL = Status(state=State.IN_CALL, call=ActiveCall(call_id="c1", number="600"))


class Calls:
    def __init__(self) -> None:
        self.shown = 0
        self.quit = 0
        self.selection: list[bool] = []
        self.offered: list[list[str]] = []


def handler_for(
    session: FakeSession, clipboard: str = "", calls: Calls | None = None
) -> CommandHandler:
    calls = calls or Calls()

    def read_clipboard(selection: bool) -> str:
        calls.selection.append(selection)
        return clipboard

    def show() -> None:
        calls.shown += 1

    def quit_() -> None:
        calls.quit += 1

    def choose(found: list[Found]) -> None:
        calls.offered.append([each.number for each in found])

    return CommandHandler(session, clipboard=read_clipboard, show=show, quit=quit_, choose=choose)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tel:+39-02-1234-5678;ext=12", "dialling +390212345678 (then extension 12)"),
        ("tel:%2B39%2002%201234%205678", "dialling +390212345678"),
        ("callto://+39.02.1234.5678", "dialling +390212345678"),
        ("sip:+390212345678@pbx.example.com", "dialling +390212345678"),
        (" +39 (02) 1234 5678 ", "dialling +390212345678"),
    ],
)
def test_dial_normalises_links_and_reports_the_number(text: str, message: str) -> None:
    session = FakeSession()
    answer = handler_for(session)({"cmd": "dial", "number": text})
    assert answer["ok"] is True
    assert answer["message"] == message
    assert session.dialled == ["+390212345678"]


def test_a_bad_number_is_refused_before_the_session() -> None:
    session = FakeSession()
    answer = handler_for(session)({"cmd": "dial", "number": "call me"})
    assert answer == {"ok": False, "error": "The number contains letters."}
    assert session.dialled == []


@pytest.mark.parametrize(
    ("decision", "words"),
    [
        (DialDecision.IGNORED, "busy"),
        (DialDecision.REFUSED, "Not connected"),
        (DialDecision.NEEDS_CONFIRM, "outcome of the last call to 600 is unknown; confirm"),
    ],
)
def test_dial_refusals_explain_themselves(decision: DialDecision, words: str) -> None:
    session = FakeSession(decision=decision)
    session.status = session.status.with_(error="Not connected to the TVox server.")
    calls = Calls()
    answer = handler_for(session, calls=calls)({"cmd": "dial", "number": "600"})
    assert answer["ok"] is False
    assert words in answer["error"]
    assert calls.shown == (1 if decision is DialDecision.NEEDS_CONFIRM else 0)


@pytest.mark.parametrize(
    ("cmd", "selection"), [("dial_clipboard", False), ("dial_selection", True)]
)
def test_dial_from_the_clipboard_finds_the_number(cmd: str, selection: bool) -> None:
    session, calls = FakeSession(), Calls()
    handler = handler_for(session, "Mario Rossi, tel. 02 1234 5678 (ufficio)", calls)
    answer = handler({"cmd": cmd})
    assert answer == {"ok": True, "message": "dialling 0212345678", "number": "0212345678"}
    assert calls.selection == [selection]


def test_dial_text_dials_the_one_phone_number_in_a_ticket() -> None:
    session, calls = FakeSession(), Calls()
    answer = handler_for(session, calls=calls)(
        {"cmd": "dial_text", "text": "Ticket 4411: cliente 02 5555 1234, urgente"}
    )
    assert answer == {"ok": True, "message": "dialling 0255551234", "number": "0255551234"}
    assert session.dialled == ["0255551234"]
    assert calls.offered == []


def test_dial_text_with_several_numbers_dials_none_and_offers_them() -> None:
    session, calls = FakeSession(), Calls()
    text = "Mario Rossi\nTel. 02 1234 5678\nCell. 333 123 4567\nP.IVA 01234567890"
    answer = handler_for(session, calls=calls)({"cmd": "dial_text", "text": text})
    assert answer == {
        "ok": False,
        "error": "2 phone numbers in the text: choose one in the panel",
        "candidates": ["0212345678", "3331234567"],
    }
    assert session.dialled == []
    assert calls.offered == [["0212345678", "3331234567"]]


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        (
            {"cmd": "dial_text", "text": "Fattura 2024/0012 del 03/02/2024"},
            "no phone number in the text",
        ),
        ({"cmd": "dial_text"}, '"dial_text" needs a "text"'),
        ({"cmd": "dial_text", "text": 600}, '"dial_text" needs a "text"'),
    ],
)
def test_dial_text_without_a_phone_number_says_so(request_: dict[str, Any], error: str) -> None:
    session, calls = FakeSession(), Calls()
    assert handler_for(session, calls=calls)(request_) == {"ok": False, "error": error}
    assert (session.dialled, calls.offered) == ([], [])


def test_dial_from_a_clipboard_with_several_numbers_offers_them() -> None:
    session, calls = FakeSession(), Calls()
    handler = handler_for(session, "Order 123456 - call 333 1234567 or 02 1234 5678", calls)
    answer = handler({"cmd": "dial_clipboard"})
    assert answer["ok"] is False
    assert answer["error"] == "2 phone numbers in the clipboard: choose one in the panel"
    assert session.dialled == []
    assert calls.offered == [["3331234567", "0212345678"]]


def test_dial_from_a_clipboard_without_a_number_fails() -> None:
    session = FakeSession()
    answer = handler_for(session, "no digits here")({"cmd": "dial_selection"})
    assert answer == {"ok": False, "error": "no phone number in the selection"}
    assert session.dialled == []


@pytest.mark.parametrize(
    ("status", "mode", "asked", "ok"),
    [
        (IN_CALL, "on", [True], True),
        (IN_CALL, "toggle", [True], True),
        (IN_CALL, "off", [], True),  # already off: nothing to ask
        (IN_CALL.with_(call=ActiveCall("c1", "600", recording=True)), "toggle", [False], True),
        (IN_CALL.with_(call=ActiveCall("c1", "600", rec_pending=True)), "on", [], False),
        (Status(state=State.READY), "on", [], False),
        (IN_CALL, "loud", [], False),
    ],
)
def test_record(status: Status, mode: str, asked: list[bool], ok: bool) -> None:
    session = FakeSession(status)
    answer = handler_for(session)({"cmd": "record", "mode": mode})
    assert answer["ok"] is ok
    assert session.recording == asked


def test_hangup_status_show_and_unknown_commands() -> None:
    session, calls = FakeSession(IN_CALL), Calls()
    handler = handler_for(session, calls=calls)
    assert handler({"cmd": "hangup"}) == {"ok": True, "message": "hanging up"}
    assert handler({"cmd": "status"}) == {"ok": True, **IN_CALL.to_json()}
    assert handler({"cmd": "show"})["ok"] is True
    assert calls.shown == 1
    assert handler({"cmd": "fly"}) == {"ok": False, "error": "unknown command: fly"}
    assert handler({"cmd": "dial", "number": 600})["ok"] is False
    session.status = Status(state=State.READY)
    assert handler({"cmd": "hangup"}) == {"ok": False, "error": "there is no call to hang up"}


def test_quit_answers_first_and_quits_from_the_event_loop(qtbot: QtBot) -> None:
    calls = Calls()
    handler = handler_for(FakeSession(), calls=calls)
    assert handler({"cmd": "quit"}) == {"ok": True, "message": "quitting"}
    assert calls.quit == 0
    qtbot.waitUntil(lambda: calls.quit == 1, timeout=TIMEOUT)


def test_clipboard_text_reads_the_system_clipboard(qtbot: QtBot) -> None:
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("call 0212345678")
    assert clipboard_text() == "call 0212345678"
    if not QGuiApplication.clipboard().supportsSelection():
        assert clipboard_text(selection=True) == "call 0212345678"


# -- a second process drives a real Session through the socket -------------------------------


def test_a_second_process_hands_off_to_the_running_panel(
    qtbot: QtBot, serve: Serve, make_session: MakeSession, short_dir: Path
) -> None:
    session = make_session()
    calls = Calls()

    def quit_() -> None:
        calls.quit += 1

    handler = CommandHandler(session, clipboard=lambda selection: "", quit=quit_)
    serve(short_dir / "run" / "panel.sock", handler)
    env = {**os.environ, "TVOX_PANEL_HOME": str(short_dir)}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "tvox_panel.handoff.client", *argv]
        proc = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=15000)
        out, err = proc.communicate()
        return subprocess.CompletedProcess(command, proc.returncode, out, err)

    done = run("tel:+39-02-1234-5678")
    assert (done.returncode, done.stdout) == (0, "dialling +390212345678\n"), done.stderr
    qtbot.waitUntil(lambda: session.status.state is State.IN_CALL, timeout=TIMEOUT)

    assert run("record", "on").returncode == 0
    qtbot.waitUntil(lambda: session.status.recording, timeout=TIMEOUT)

    status = json.loads(run("status", "--json").stdout)
    assert status["state"] == "in_call"
    assert status["recording"] is True
    assert status["number"] == "+390212345678"
    assert status["call_id"]

    assert run("hangup").returncode == 0
    qtbot.waitUntil(lambda: session.status.state is State.READY, timeout=TIMEOUT)
    refused = run("hangup")
    assert refused.returncode == 1
    assert refused.stderr.startswith("tvox-panel: ")

    done = run("dial-text", "Ticket 4411: cliente 02 5555 1234, urgente")
    assert (done.returncode, done.stdout) == (0, "dialling 0255551234\n"), done.stderr
    qtbot.waitUntil(lambda: session.status.state is State.IN_CALL, timeout=TIMEOUT)
    assert session.status.call is not None
    assert session.status.call.number == "0255551234"
    assert run("hangup").returncode == 0
    qtbot.waitUntil(lambda: session.status.state is State.READY, timeout=TIMEOUT)
    done = run("dial-text", "P.IVA 01234567890 tel 02 1234 5678 cell 333 1234567")
    assert done.returncode == 1
    assert done.stderr == (
        "tvox-panel: 2 phone numbers in the text: choose one in the panel"
        " (0212345678, 3331234567)\n"
    )
    assert session.status.state is State.READY  # nothing was dialled

    assert run("quit").stdout == "quitting\n"
    qtbot.waitUntil(lambda: calls.quit == 1, timeout=TIMEOUT)
