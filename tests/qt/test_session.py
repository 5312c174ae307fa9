"""The Session and its worker thread against the simulator: the flows an agent lives in."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from hostile_http import SESSION_ID, TOKEN, HostileServer, Script, http_answer
from memory_keyring import MemoryKeyring
from PySide6.QtCore import QElapsedTimer, QTimer
from pytestqt.qtbot import QtBot

from tvox_panel.config.settings import Settings
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import DialDecision, State, Status
from tvox_panel.simulator import Simulator

MakeSession = Any

TIMEOUT = 5000


def in_state(state: State) -> Any:
    return lambda status: status.state == state


def wait_state(qtbot: QtBot, session: Session, state: State, timeout: int = TIMEOUT) -> Status:
    if session.status.state != state:
        with qtbot.waitSignal(
            session.status_changed, timeout=timeout, check_params_cb=in_state(state)
        ):
            pass
    return session.status


def dial(qtbot: QtBot, session: Session, number: str) -> Status:
    with qtbot.waitSignal(session.call_started, timeout=TIMEOUT):
        assert session.dial(number) == DialDecision.STARTED
    return session.status


def test_dial_record_stop_and_hang_up(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    assert session.status.user == "supervisor"
    assert session.status.privileged
    status = dial(qtbot, session, "+39 02 1234 5678")
    assert status.state == State.IN_CALL
    call = status.call
    assert call is not None
    assert call.call_id == sim.calls[0].call_id
    assert sim.calls[0].number == "+390212345678"

    with qtbot.waitSignal(session.recording_changed, timeout=TIMEOUT):
        session.set_recording(True)
    assert session.status.recording
    with qtbot.waitSignal(session.recording_changed, timeout=TIMEOUT):
        session.set_recording(False)
    with qtbot.waitSignal(session.recording_changed, timeout=TIMEOUT):
        session.toggle_recording()  # a second segment in the same call
    with qtbot.waitSignal(session.call_ended, timeout=TIMEOUT):
        assert session.hangup()
    assert session.status.state == State.READY

    files = [r.file_name for r in sim.recordings]
    assert len(files) == 2
    assert len(set(files)) == 2
    row = session.call_log.page(0, 1)[0]
    assert row.call_id == call.call_id
    assert row.outcome == "placed"
    assert row.ended_at is not None
    assert len(row.rec_files) == 2


def test_a_second_call_click_while_dialing_is_ignored(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    sim.config.latency = {"dialNumber": 0.3}
    with qtbot.waitSignal(session.call_started, timeout=TIMEOUT):
        assert session.dial("600") == DialDecision.STARTED
        assert session.status.state == State.DIALING
        assert session.dial("600") == DialDecision.IGNORED
    assert len([r for r in sim.received if r.method == "dialNumber"]) == 1


def test_a_refused_recording_rolls_the_toggle_back(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    dial(qtbot, session, "600")
    sim.fail_once("recOn", "http_error", 500)
    with qtbot.waitSignal(session.error_occurred, timeout=TIMEOUT) as err:
        session.set_recording(True)
    assert "500" in err.args[0]
    assert session.status.state == State.IN_CALL
    assert not session.status.recording
    assert session.status.call is not None
    assert not session.status.call.rec_pending


def test_session_expiry_mid_call_is_invisible(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    dial(qtbot, session, "600")
    sim.expire_sessions()
    with qtbot.waitSignal(session.recording_changed, timeout=TIMEOUT):
        session.set_recording(True)
    assert session.status.recording
    assert session.status.error is None


def test_outcome_unknown_asks_before_dialing_the_same_number_again(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    sim.fail_once("dialNumber", "drop_connection")
    with qtbot.waitSignal(session.error_occurred, timeout=TIMEOUT) as err:
        session.dial("600")
    # One statement, said once: not "may have been placed: ... may have been carried out".
    assert err.args[0] == "No answer from the server: the call to 600 may have been placed."
    assert session.status.state == State.READY
    assert session.call_log.page(0, 1)[0].outcome == "unknown"
    assert session.dial("600") == DialDecision.NEEDS_CONFIRM
    assert len([r for r in sim.received if r.method == "dialNumber"]) == 1
    with qtbot.waitSignal(session.call_started, timeout=TIMEOUT):
        assert session.dial("600", confirmed=True) == DialDecision.STARTED


def test_a_call_hung_up_by_the_other_side_ends_on_the_next_poll(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    status = dial(qtbot, session, "600")
    assert status.call is not None
    assert status.call.call_id
    with qtbot.waitSignal(
        session.status_changed,
        timeout=TIMEOUT,
        check_params_cb=lambda s: s.call and s.call.seen_by_poll,
    ):
        session.refresh_calls()
    sim.end_call(status.call.call_id)
    with qtbot.waitSignal(session.call_ended, timeout=TIMEOUT):
        session.refresh_calls()
    assert session.call_log.page(0, 1)[0].ended_at is not None


def test_an_inbound_service_call_can_be_recorded_and_hung_up(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    call_id = sim.ring_inbound("mrossi", "0612345678", "SUPPORT")
    with qtbot.waitSignal(session.call_started, timeout=TIMEOUT) as started:
        session.refresh_calls()
    assert started.args[0].call_id == call_id
    assert started.args[0].inbound
    with qtbot.waitSignal(session.recording_changed, timeout=TIMEOUT):
        session.set_recording(True)
    with qtbot.waitSignal(session.call_ended, timeout=TIMEOUT):
        session.hangup()
    row = session.call_log.page(0, 1)[0]
    assert (row.direction, row.number, row.service_code) == ("in", "0612345678", "SUPPORT")


def test_server_down_shows_offline_and_logs_in_again_when_it_is_back(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession, tmp_path: Any
) -> None:
    session = make_session()
    port = sim.port
    sim.stop()
    with qtbot.waitSignal(
        session.status_changed, timeout=TIMEOUT, check_params_cb=in_state(State.OFFLINE)
    ):
        session.refresh_calls()
    assert session.status.error
    assert session.dial("600") == DialDecision.REFUSED  # nothing is queued for later
    with Simulator(port=port, recordings_dir=tmp_path / "again") as back:
        wait_state(qtbot, session, State.READY, timeout=10000)
        assert [r.method for r in back.received][:2] == ["getVersion", "login"]
        assert not [r for r in back.received if r.method == "dialNumber"]


def test_wrong_password_stays_offline_with_a_reason(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session(login=False)
    with qtbot.waitSignal(session.error_occurred, timeout=TIMEOUT) as err:
        session.set_password("wrong", remember=False)
    assert session.status.state == State.OFFLINE
    assert "password" in err.args[0]


@pytest.mark.parametrize("text", ["", "abc", "12;34", "+39\n02"])
def test_bad_numbers_are_refused_with_a_line_and_change_nothing(
    sim: Simulator, make_session: MakeSession, text: str
) -> None:
    session = make_session()
    assert session.dial(text) == DialDecision.REFUSED
    assert session.status.state == State.READY
    assert session.status.error
    assert "\n" not in session.status.error
    assert session.call_log.count() == 0
    assert not [r for r in sim.received if r.method == "dialNumber"]


def test_the_gui_thread_keeps_ticking_during_a_slow_dial(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    sim.config.latency = {"dialNumber": 3.0}
    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    with qtbot.waitSignal(session.call_started, timeout=10000):
        session.dial("600")
    timer.stop()
    assert len(gaps) > 100
    assert max(gaps) < 50, f"GUI thread stalled for {max(gaps)} ms"


def test_shutdown_stops_the_worker_thread(make_session: MakeSession) -> None:
    session = make_session()
    thread = session._thread
    assert thread is not None
    assert thread.isRunning()
    session.shutdown()
    assert not thread.isRunning()
    session.shutdown()  # idempotent


def test_the_call_log_survives_a_restart(qtbot: QtBot, sim: Simulator, tmp_path: Any) -> None:
    from tvox_panel.calllog import CallLog
    from tvox_panel.config.settings import Settings

    settings = Settings(server=sim.base_url, username="supervisor", agent="mrossi", poll_interval=0)
    path = tmp_path / "persist.sqlite3"
    log = CallLog(path)
    session = Session(settings, log, password="supervisor")
    with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                          check_params_cb=in_state(State.READY)):  # fmt: skip
        session.start()
    status = dial(qtbot, session, "0612345678")
    with qtbot.waitSignal(session.call_ended, timeout=TIMEOUT):
        session.hangup()
    session.shutdown()
    log.close()

    reopened = CallLog(path)
    try:
        rows = reopened.page(0, 10)
        assert [(r.number, r.call_id, r.outcome) for r in rows] == [
            ("0612345678", status.call.call_id if status.call else None, "placed")
        ]
        assert reopened.recent_numbers() == ["0612345678"]
    finally:
        reopened.close()


def test_a_call_still_up_when_the_panel_quits_ends_in_the_log_at_the_quit(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    dial(qtbot, session, "600")
    before_quit = time.time()
    session.shutdown()
    row = session.call_log.page(0, 1)[0]
    assert row.outcome == "placed"
    assert row.ended_at is not None
    assert row.ended_at >= before_quit  # its duration runs up to the quit


def test_dials_a_killed_panel_left_in_flight_become_outcome_unknown(
    qtbot: QtBot, sim: Simulator, tmp_path: Any
) -> None:
    from tvox_panel.calllog import CallLog
    from tvox_panel.config.settings import Settings

    path = tmp_path / "calls.sqlite3"
    with CallLog(path) as before:  # the rows a panel killed mid-dial leaves behind
        before.add("0611111111", "out", "placed")
        before.add("0622222222", "out", "in_progress", started_at=time.time() - 60)
        before.add("600", "out", "in_progress")
    settings = Settings(server=sim.base_url, username="supervisor", agent="mrossi", poll_interval=0)
    log = CallLog(path)
    session = Session(settings, log, password="supervisor")
    try:
        with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                              check_params_cb=in_state(State.READY)):  # fmt: skip
            session.start()
        rows = log.page(0, 10)
        assert [(r.number, r.outcome) for r in rows] == [
            ("600", "unknown"),
            ("0611111111", "placed"),
            ("0622222222", "unknown"),
        ]
        assert rows[0].reason == "The panel stopped before the server answered."
        assert session.dial("600") == DialDecision.NEEDS_CONFIRM
        assert not [r for r in sim.received if r.method == "dialNumber"]
        with qtbot.waitSignal(session.call_started, timeout=TIMEOUT):
            assert session.dial("600", confirmed=True) == DialDecision.STARTED
    finally:
        session.shutdown()
        log.close()


def test_remembered_password_logs_in_at_the_next_start(
    qtbot: QtBot, sim: Simulator, tmp_path: Any
) -> None:
    from tvox_panel.calllog import CallLog
    from tvox_panel.config.password import PasswordStore
    from tvox_panel.config.settings import Settings

    keyring = MemoryKeyring()
    store = PasswordStore(backend=keyring)
    settings = Settings(server=sim.base_url, username="supervisor", poll_interval=0)
    log = CallLog(tmp_path / "k.sqlite3")
    first = Session(settings, log, passwords=store)
    first.start()
    assert first.needs_password()
    with qtbot.waitSignal(first.status_changed, timeout=TIMEOUT,
                          check_params_cb=in_state(State.READY)):  # fmt: skip
        first.apply_settings(settings.replace(remember_password=True), "supervisor", remember=True)
    first.shutdown()
    assert list(keyring.entries.values()) == ["supervisor"]

    second = Session(Settings.load(), log, passwords=store)
    with qtbot.waitSignal(second.status_changed, timeout=TIMEOUT,
                          check_params_cb=in_state(State.READY)):  # fmt: skip
        second.start()
    second.shutdown()
    log.close()


class NoKeyring:
    """keyring's own "fail" backend reports priority 0: nothing works."""

    priority = 0

    def get_password(self, service: str, key: str) -> str | None:
        raise RuntimeError("no keyring")

    def set_password(self, service: str, key: str, password: str) -> None:
        raise RuntimeError("no keyring")

    def delete_password(self, service: str, key: str) -> None:
        raise RuntimeError("no keyring")


def test_the_first_connection_never_says_connected_again(
    qtbot: QtBot, sim: Simulator, tmp_path: Any
) -> None:
    from tvox_panel.calllog import CallLog
    from tvox_panel.config.password import PasswordStore
    from tvox_panel.config.settings import Settings

    settings = Settings(server=sim.base_url, username="supervisor", poll_interval=0)
    log = CallLog(tmp_path / "first.sqlite3")
    session = Session(settings, log, passwords=PasswordStore(backend=NoKeyring()))
    notices: list[str] = []
    session.notice.connect(lambda notice: notices.append(notice.kind))
    session.start()
    try:
        # First start without a keyring: "remember" fails with a line, then the login works.
        with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                              check_params_cb=in_state(State.READY)):  # fmt: skip
            session.apply_settings(settings, "supervisor", remember=True)
        assert "connection_restored" not in notices
        port = sim.port
        sim.stop()
        with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                              check_params_cb=in_state(State.OFFLINE)):  # fmt: skip
            session.refresh_calls()
        with Simulator(port=port, recordings_dir=tmp_path / "again"):
            wait_state(qtbot, session, State.READY, timeout=10000)
        assert notices == ["connection_lost", "connection_restored"]
    finally:
        session.shutdown()
        log.close()


def test_a_session_refused_right_after_login_goes_offline_without_a_login_storm(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    sim.config.http_error = {"getServiceCurrentCalls": 403}
    sim.clear_received()
    with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                          check_params_cb=in_state(State.OFFLINE)):  # fmt: skip
        session.refresh_calls()
    assert "Supervisor rights" in (session.status.error or "")
    assert [r.method for r in sim.received].count("login") == 1  # one re-login, then stop
    assert not session._retry.isActive()


def test_one_unanswered_poll_does_not_end_the_call(
    qtbot: QtBot, sim: Simulator, make_session: MakeSession
) -> None:
    session = make_session()
    dial(qtbot, session, "600")
    sim.fail_once("getServiceCurrentCalls", "drop_connection")
    sim.fail_once("getServiceCurrentCalls", "drop_connection")  # the one repeat too
    session.refresh_calls()
    assert session.calls.polling
    qtbot.waitUntil(lambda: not session.calls.polling, timeout=TIMEOUT)
    assert session._poll_failures == 1
    assert session.status.state == State.IN_CALL
    with qtbot.waitSignal(session.call_ended, timeout=TIMEOUT):
        session.hangup()


def test_command_line_overrides_are_not_saved_when_a_job_label_is_remembered(
    qtbot: QtBot, sim: Simulator, tmp_path: Any
) -> None:
    from tvox_panel.calllog import CallLog
    from tvox_panel.config.settings import Settings

    saved = Settings(server="tvox.example.com", username="supervisor", poll_interval=0)
    saved.save()
    settings = saved.with_overrides(url=sim.base_url, agent="mrossi")
    log = CallLog(tmp_path / "o.sqlite3")
    session = Session(settings, log, password="supervisor", saved=saved)
    with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                          check_params_cb=in_state(State.READY)):  # fmt: skip
        session.start()
    with qtbot.waitSignal(session.call_started, timeout=TIMEOUT):
        session.dial("600", job_label="ORD-1")
    on_disk = Settings.load()
    assert on_disk.server == "tvox.example.com"
    assert on_disk.agent == ""
    assert on_disk.job_for("600") == ("ORD-1", "")
    session.shutdown()
    log.close()


def test_a_session_is_freed_by_reference_counting_alone(tmp_path: Any) -> None:
    # A reference cycle would leave the Session (and its timers) to the garbage collector,
    # which may run on the worker's or any other thread: Qt then destroys the timers from
    # the wrong thread and the panel crashes later.
    import gc
    import weakref

    from tvox_panel.calllog import CallLog

    log = CallLog(tmp_path / "calls.sqlite3")
    session = Session(Settings(), log)
    calls = weakref.ref(session.calls)
    alive = weakref.ref(session)
    gc.disable()
    try:
        del session
        assert alive() is None
        assert calls() is None
    finally:
        gc.enable()
        log.close()


# -- hostile servers: the agent's view --------------------------------------------------


def dial_fault(fault: Any) -> type[Script]:
    def answer(script: Script, method: str, request: dict[str, Any]) -> bool:
        if method == "dialNumber":
            return bool(fault(script, request))
        return Script.answer(script, method, request)

    return type("DialFault", (Script,), {"answer": answer})


def test_a_dial_answered_with_garbage_is_unknown_and_a_redial_asks_first(
    qtbot: QtBot, make_session: MakeSession
) -> None:
    def nested(script: Script, request: dict[str, Any]) -> bool:
        script.sock.sendall(http_answer(b"[" * 100_000 + b"]" * 100_000))
        return True

    with HostileServer(dial_fault(nested)) as server:
        session = make_session(server=server.url)
        with qtbot.waitSignal(session.error_occurred, timeout=TIMEOUT):
            assert session.dial("600") == DialDecision.STARTED
        (row,) = session.call_log.iter_all()
        assert row.outcome == "unknown"
        assert session.dial("600") == DialDecision.NEEDS_CONFIRM
        assert server.count("dialNumber") == 1


def test_quitting_while_a_dial_hangs_never_waits_on_the_network(
    qtbot: QtBot, make_session: MakeSession
) -> None:
    def never(script: Script, request: dict[str, Any]) -> bool:
        script.server.stopping.wait(60)
        return False

    with HostileServer(dial_fault(never)) as server:
        session = make_session(server=server.url, read_timeout=60.0)
        thread = session._thread
        assert thread is not None
        session.dial("600")
        qtbot.waitUntil(lambda: server.count("dialNumber") == 1, timeout=TIMEOUT)
        clock = QElapsedTimer()
        clock.start()
        session.shutdown()
        # The read timeout is a minute; the quit took what closing a socket takes.
        assert clock.elapsed() < 10_000
        assert thread.isFinished()  # not left running past the quit
        (row,) = session.call_log.iter_all()
        assert row.outcome == "unknown"


def test_secrets_the_server_echoes_are_neither_shown_nor_stored(
    qtbot: QtBot, make_session: MakeSession
) -> None:
    def echo(script: Script, request: dict[str, Any]) -> bool:
        error = {"code": -32001, "message": f"denied: supervisor/{SESSION_ID}/{TOKEN}"}
        body = json.dumps({"jsonrpc": "2.0", "id": request["id"], "error": error}).encode()
        script.sock.sendall(http_answer(body))
        return True

    with HostileServer(dial_fault(echo)) as server:
        session = make_session(server=server.url)
        with qtbot.waitSignal(session.error_occurred, timeout=TIMEOUT):
            session.dial("600")
        (row,) = session.call_log.iter_all()
    shown = f"{session.status.error} {json.dumps(session.status.to_json())} {row.reason}"
    for secret in (SESSION_ID, TOKEN):
        assert secret not in shown
    assert "denied" in shown
