"""The local event stream: subscribers get every event, slow ones are dropped, none slows."""

from __future__ import annotations

import io
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import Settings
from tvox_panel.gui.events import EventFeed
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import State
from tvox_panel.handoff import events
from tvox_panel.handoff.lines import ConnectionLimits
from tvox_panel.handoff.server import InstanceServer
from tvox_panel.simulator import Simulator

TIMEOUT = 5000


@pytest.fixture
def sock_path() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tvx", dir="/tmp") as name:
        yield Path(name) / "panel.sock"


@pytest.fixture(params=["unix", "pipe"])
def server(request: pytest.FixtureRequest, sock_path: Path) -> Iterator[InstanceServer]:
    # "pipe" is Windows' transport (QLocalServer), which serves a UNIX socket elsewhere: the
    # same bounds hold on both.
    running = InstanceServer(lambda r: {"ok": True}, name=str(sock_path),
                             limits=ConnectionLimits(idle_ms=50),
                             transport=request.param)  # fmt: skip
    assert running.listen()
    yield running
    running.close()


class Follower:
    """``events.stream`` on a thread, as ``tvox-panel events`` runs it."""

    def __init__(self, path: Path) -> None:
        self.events: list[dict[str, Any]] = []
        self.ended = threading.Event()
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            for event in events.stream(path):
                self.events.append(event)
        except BaseException as error:  # noqa: BLE001 - the test looks at it
            self.error = error
        finally:
            self.ended.set()

    def names(self) -> list[str]:
        return [e["event"] for e in self.events]


def subscribed(qtbot: QtBot, server: InstanceServer, count: int = 1) -> None:
    qtbot.waitUntil(lambda: server.subscriber_count == count, timeout=TIMEOUT)


def test_subscribers_get_every_event_and_are_never_let_go_for_silence(
    qtbot: QtBot, server: InstanceServer, sock_path: Path
) -> None:
    follower = Follower(sock_path)
    subscribed(qtbot, server)
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.connect(str(sock_path))
    silent.settimeout(TIMEOUT / 1000)
    let_go: list[bytes] = []
    reader = threading.Thread(target=lambda: let_go.append(silent.recv(1)), daemon=True)
    reader.start()
    qtbot.waitUntil(lambda: let_go == [b""], timeout=TIMEOUT)  # past the idle limit now
    silent.close()
    for n in range(3):
        server.publish({"event": "state", "n": n})
    qtbot.waitUntil(lambda: len(follower.events) == 3, timeout=TIMEOUT)
    assert [e["n"] for e in follower.events] == [0, 1, 2]
    assert server.subscriber_count == 1


def test_a_subscriber_that_stops_reading_is_dropped_and_the_others_keep_up(
    qtbot: QtBot, server: InstanceServer, sock_path: Path
) -> None:
    stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stuck.connect(str(sock_path))
    stuck.sendall(events.SUBSCRIBE)  # and never reads again
    follower = Follower(sock_path)
    subscribed(qtbot, server, 2)
    big = "x" * 60_000
    for n in range(40):  # 2.4 MB: more than a subscriber may leave unread
        server.publish({"event": "state", "n": n, "pad": big})
        qtbot.waitUntil(lambda n=n: len(follower.events) == n + 1, timeout=TIMEOUT)
    assert server.subscriber_count == 1  # the stuck one is gone
    stuck.close()


def test_the_stream_ends_when_the_panel_quits(
    qtbot: QtBot, server: InstanceServer, sock_path: Path
) -> None:
    follower = Follower(sock_path)
    subscribed(qtbot, server)
    server.close()
    qtbot.waitUntil(follower.ended.is_set, timeout=TIMEOUT)
    assert follower.error is None


def test_too_many_subscribers_are_refused_in_one_line(qtbot: QtBot, sock_path: Path) -> None:
    server = InstanceServer(lambda r: {"ok": True}, name=str(sock_path),
                            limits=ConnectionLimits(max_subscribers=1))  # fmt: skip
    assert server.listen()
    try:
        Follower(sock_path)
        subscribed(qtbot, server)
        refused = Follower(sock_path)
        qtbot.waitUntil(refused.ended.is_set, timeout=TIMEOUT)
        assert "too many event subscribers" in str(refused.error)
    finally:
        server.close()


def test_a_call_as_a_crm_plugin_sees_it(
    qtbot: QtBot, sim: Simulator, server: InstanceServer, sock_path: Path, tmp_path: Path
) -> None:
    settings = Settings(server=sim.base_url, username="supervisor", agent="mrossi",
                        poll_interval=0)  # fmt: skip
    log = CallLog(tmp_path / "calls.sqlite3")
    session = Session(settings, log, password="supervisor")
    EventFeed(session, server.publish, server)
    follower = Follower(sock_path)
    subscribed(qtbot, server)
    try:
        with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                              check_params_cb=lambda s: s.state == State.READY):  # fmt: skip
            session.start()
        with qtbot.waitSignal(session.call_started, timeout=TIMEOUT):
            session.dial("600")
        with qtbot.waitSignal(session.recording_changed, timeout=TIMEOUT):
            session.set_recording(True)
        with qtbot.waitSignal(session.call_ended, timeout=TIMEOUT):
            session.hangup()
        qtbot.waitUntil(lambda: "call_ended" in follower.names(), timeout=TIMEOUT)
    finally:
        session.shutdown()
        log.close()
    states = [e["state"] for e in follower.events if e["event"] == "state"]
    assert states == ["connecting", "ready", "dialing", "in_call", "ready"]
    calls = [e for e in follower.events if e["event"] != "state"]
    assert [e["event"] for e in calls] == ["call_started", "recording", "call_ended"]
    started, recording, ended = calls
    assert started["number"] == "600"
    assert started["direction"] == "outbound"
    assert started["call_id"] == ended["call_id"]
    assert recording["state"] == "on"
    assert ended["outcome"] == "placed"
    assert ended["duration"] >= 0


def test_tvox_panel_events_prints_one_line_per_event(
    qtbot: QtBot, server: InstanceServer, sock_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tvox_panel.handoff.protocol.socket_path", lambda: sock_path)
    out = io.StringIO()
    done: list[int] = []
    thread = threading.Thread(target=lambda: done.append(events.run_events(["--json"], out)))
    thread.start()
    subscribed(qtbot, server)
    server.publish({"event": "call_started", "number": "600"})
    qtbot.waitUntil(lambda: "600" in out.getvalue(), timeout=TIMEOUT)
    server.close()
    qtbot.waitUntil(lambda: done == [0], timeout=TIMEOUT)
    assert out.getvalue() == '{"event": "call_started", "number": "600"}\n'
