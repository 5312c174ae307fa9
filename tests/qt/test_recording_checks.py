"""Recordings verified on the server, end to end: panel, worker, simulator, call log file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import Settings
from tvox_panel.gui.recordings import RecordingChecker
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import DialDecision, State
from tvox_panel.simulator import Simulator

TIMEOUT = 5000
FAST = {"backoff": (0.05, 0.1, 0.2), "min_interval": 0.05}


@pytest.fixture
def sessions(qtbot: QtBot, sim: Simulator) -> Iterator[Any]:
    made: list[Session] = []

    def make(log: CallLog, **timing: Any) -> Session:
        settings = Settings(server=sim.base_url, username="supervisor", agent="mrossi",
                            poll_interval=0)  # fmt: skip
        checker = RecordingChecker(log, **timing)
        session = Session(settings, log, password="supervisor", recordings=checker)
        made.append(session)
        with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                              check_params_cb=lambda s: s.state == State.READY):  # fmt: skip
            session.start()
        return session

    yield make
    for session in made:
        session.shutdown()


def record_a_call(qtbot: QtBot, session: Session) -> int:
    with qtbot.waitSignal(session.call_started, timeout=TIMEOUT):
        assert session.dial("600") == DialDecision.STARTED
    with qtbot.waitSignal(session.recording_changed, timeout=TIMEOUT):
        session.set_recording(True)
    with qtbot.waitSignal(session.call_ended, timeout=TIMEOUT):
        session.hangup()
    call = session.status
    assert call.state == State.READY
    (row,) = session.call_log.iter_all()
    return row.id


def state_of(log: CallLog, row: int) -> str:
    record = log.get(row)
    assert record is not None
    return record.rec_check


def test_a_stored_recording_is_verified_once_the_server_lists_it(
    qtbot: QtBot, sim: Simulator, sessions: Any, tmp_path: Path
) -> None:
    sim.config.recording_delay = 0.15  # the first search finds nothing yet
    log = CallLog(tmp_path / "calls.sqlite3")
    session = sessions(log, **FAST)
    row = record_a_call(qtbot, session)
    qtbot.waitUntil(lambda: state_of(log, row) == "verified", timeout=TIMEOUT)
    record = log.get(row)
    assert record is not None
    assert record.rec_files[0] in record.rec_check_note  # the server's file, and its length
    assert record.rec_check_note.endswith("s)")
    assert [r.method for r in sim.received].count("searchRecordedCall") >= 2


def test_a_lost_recording_is_missing_after_the_last_try_and_the_agent_is_told(
    qtbot: QtBot, sim: Simulator, sessions: Any, tmp_path: Path
) -> None:
    sim.lose_next_recording()
    log = CallLog(tmp_path / "calls.sqlite3")
    session = sessions(log, **FAST)
    with qtbot.waitSignal(session.notice, timeout=TIMEOUT,
                          check_params_cb=lambda n: n.kind == "rec_missing") as told:  # fmt: skip
        row = record_a_call(qtbot, session)
    assert "600" in told.args[0].text
    assert state_of(log, row) == "missing"
    assert [r.id for r in log.iter_all(rec_check="missing")] == [row]
    searches = [r.method for r in sim.received].count("searchRecordedCall")
    assert searches == len(FAST["backoff"])  # one per try, no more


def test_pending_checks_survive_a_restart(
    qtbot: QtBot, sim: Simulator, sessions: Any, tmp_path: Path
) -> None:
    path = tmp_path / "calls.sqlite3"
    first_log = CallLog(path)
    first = sessions(first_log)  # the real schedule: nothing is searched within 10 s
    row = record_a_call(qtbot, first)
    first.shutdown()
    first_log.close()
    assert not [r for r in sim.received if r.method == "searchRecordedCall"]
    log = CallLog(path)
    assert state_of(log, row) == "pending"
    later = time.time() + 20  # the first try (10 s after the end) is due at this start
    sessions(log, clock=lambda: later, min_interval=0.05)
    qtbot.waitUntil(lambda: state_of(log, row) == "verified", timeout=TIMEOUT)


def test_a_background_check_never_logs_in_by_itself(qtbot: QtBot, sim: Simulator) -> None:
    # After a refused password the worker's client is not logged in: a check must not try
    # the password again (over and over it would lock the account).
    from tvox_panel.gui.worker import ClientConfig, NotLoggedIn, TVoxWorker, VerifyRequest

    worker = TVoxWorker()
    worker.configure(ClientConfig(sim.base_url, "supervisor", "wrong", "mrossi"))
    with qtbot.waitSignal(worker.failed, timeout=TIMEOUT) as failed:
        worker.verify(VerifyRequest("mrossi", 0.0, time.time(), (1,), ("crm_1",)))
    assert isinstance(failed.args[0].error, NotLoggedIn)
    assert sim.received == []


def test_a_backlog_is_searched_in_bounded_steps_soonest_first(qtbot: QtBot, tmp_path: Path) -> None:
    # A day of recorded calls waiting (the server was away): one answer never settles
    # thousands of rows at once on the GUI thread, and no call waits behind newer ones.
    from tvox_panel.calllog.verification import MAX_CALLS_PER_SEARCH, MIN_INTERVAL
    from tvox_panel.gui.worker import Found

    log = CallLog(tmp_path / "calls.sqlite3")
    backlog = []
    for i in range(MAX_CALLS_PER_SEARCH + 30):
        row = log.add("600", "out", "placed", agent="mrossi", started_at=1000.0 + i)
        log.add_recording(row, f"crm_{i}")
        log.update(row, ended_at=1060.0 + i, rec_check="pending", rec_check_next=1070.0 + i)
        backlog.append(row)
    now = [5000.0]
    checker = RecordingChecker(log, clock=lambda: now[0])
    with qtbot.waitSignal(checker.verify_requested, timeout=TIMEOUT) as asked:
        checker.start()
    first = asked.args[0]
    assert first.rows == tuple(backlog[:MAX_CALLS_PER_SEARCH])
    checker.found(first, Found([], complete=True))  # not there yet: tried again later
    now[0] += MIN_INTERVAL
    with qtbot.waitSignal(checker.verify_requested, timeout=TIMEOUT) as asked:
        checker.run_due()
    second = asked.args[0]
    assert len(second.rows) == MAX_CALLS_PER_SEARCH
    assert second.rows[:30] == tuple(backlog[MAX_CALLS_PER_SEARCH:])
    checker.stop()
    log.close()


def test_a_dial_asked_during_a_long_search_goes_out_before_the_next_page(
    qtbot: QtBot, sim: Simulator
) -> None:
    # A search of a busy window reads several pages; the agent's dial must not wait for all.
    from PySide6.QtCore import QObject, QThread, Signal

    from tvox_panel.gui.worker import (
        SEARCH_PAGE_SIZE,
        ClientConfig,
        DialRequest,
        Found,
        TVoxWorker,
        VerifyRequest,
    )
    from tvox_panel.webapi import TVoxClient

    start = time.time() - 60
    maker = TVoxClient(sim.base_url, "supervisor", "supervisor", agent="mrossi")
    maker.login()
    for i in range(2 * SEARCH_PAGE_SIZE + 1):  # three pages of the agent's recordings
        call_id = maker.dial_number("600")
        maker.rec_on(call_id, f"crm_{i}")
        maker.hangup_call(call_id)
    maker.close()

    class Asker(QObject):
        login = Signal()
        verify = Signal(object)
        dial = Signal(object)

    worker, thread, asker = TVoxWorker(), QThread(), Asker()
    worker.configure(ClientConfig(sim.base_url, "supervisor", "supervisor", "mrossi"))
    worker.moveToThread(thread)
    thread.finished.connect(worker.deleteLater)
    asker.login.connect(worker.login)
    asker.verify.connect(worker.verify)
    asker.dial.connect(worker.dial)
    answers: list[Any] = []  # the worker's signals come from its thread: collect, then wait
    worker.logged_in.connect(answers.append)
    worker.done.connect(answers.append)
    thread.start()
    try:
        asker.login.emit()
        qtbot.waitUntil(lambda: len(answers) == 1, timeout=TIMEOUT)
        answers.clear()
        sim.clear_received()
        asker.verify.emit(
            VerifyRequest("mrossi", start, time.time() + 60, (1,), ("crm_0", "crm_200"))
        )
        asker.dial.emit(DialRequest("601"))
        qtbot.waitUntil(lambda: len(answers) == 2, timeout=TIMEOUT)
    finally:
        thread.quit()
        thread.wait()
    methods = [r.method for r in sim.received]
    assert methods == ["searchRecordedCall", "dialNumber", *["searchRecordedCall"] * 2]
    (verified,) = [a.result for a in answers if a.op == "verify"]
    assert isinstance(verified, Found)
    assert verified.complete
    assert sorted(r.custom_file_name for r in verified.items) == ["crm_0", "crm_200"]


def test_a_search_that_could_not_read_every_page_never_says_missing(tmp_path: Path) -> None:
    from tvox_panel.gui.worker import Found, VerifyRequest

    log = CallLog(tmp_path / "calls.sqlite3")
    row = log.add("600", "out", "placed", agent="mrossi", started_at=100.0)
    log.add_recording(row, "crm_1")
    log.update(row, ended_at=160.0, rec_check="pending", rec_check_tries=3, rec_check_next=0.0)
    checker = RecordingChecker(log, clock=lambda: 10_000.0)
    checker.found(VerifyRequest("mrossi", 0.0, 1.0, (row,), ("crm_1",)), Found([], complete=False))
    record = log.get(row)
    assert record is not None
    assert record.rec_check == "unverified"
    assert "too many recordings" in record.rec_check_note
    log.close()
