"""Recordings verified on the server, end to end: panel, worker, simulator, call log file."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, QThread, Signal
from pytestqt.qtbot import QtBot

from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import Settings
from tvox_panel.gui.recordings import RecordingChecker
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import DialDecision, State
from tvox_panel.gui.worker import Found
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


class Asker(QObject):
    """Asks a worker on its thread, as the session does: through queued signals."""

    login = Signal()
    verify = Signal(object)
    dial = Signal(object)
    stop = Signal()


def recordings_on_server(sim: Simulator, count: int) -> None:
    """``count`` recorded calls of mrossi's on the server, named ``crm_0``..."""
    from tvox_panel.webapi import TVoxClient

    maker = TVoxClient(sim.base_url, "supervisor", "supervisor", agent="mrossi")
    maker.login()
    for i in range(count):
        call_id = maker.dial_number("600")
        maker.rec_on(call_id, f"crm_{i}")
        maker.hangup_call(call_id)
    maker.close()


def worker_answers(
    qtbot: QtBot, sim: Simulator, ask: Callable[[Asker], None], count: int
) -> list[Any]:
    """Queue what ``ask`` asks before the worker's thread starts, so the worker meets it in
    that order whatever the machine's load; the first ``count`` answers."""
    from tvox_panel.gui.worker import ClientConfig, TVoxWorker

    worker, thread, asker = TVoxWorker(), QThread(), Asker()
    worker.configure(ClientConfig(sim.base_url, "supervisor", "supervisor", "mrossi"))
    worker.moveToThread(thread)
    thread.finished.connect(worker.deleteLater)
    for name in ("login", "verify", "dial", "stop"):
        getattr(asker, name).connect(getattr(worker, name))
    answers: list[Any] = []  # the worker's signals come from its thread: collect, then wait
    for signal in (worker.logged_in, worker.done, worker.failed):
        signal.connect(answers.append)
    ask(asker)
    thread.start()
    try:
        qtbot.waitUntil(lambda: len(answers) >= count, timeout=TIMEOUT)
    finally:  # close the connections on the worker's thread, as the session does
        QMetaObject.invokeMethod(worker, "stop", Qt.ConnectionType.BlockingQueuedConnection)
        thread.quit()
        thread.wait()
    return answers[:count]


def test_a_dial_asked_during_a_long_search_goes_out_before_the_next_page(
    qtbot: QtBot, sim: Simulator
) -> None:
    # A search of a busy window reads several pages; the agent's dial must not wait for all.
    from tvox_panel.gui.worker import SEARCH_PAGE_SIZE, DialRequest, Done, Found, VerifyRequest

    start = time.time() - 60
    recordings_on_server(sim, 2 * SEARCH_PAGE_SIZE + 1)  # three pages
    sim.clear_received()

    def ask(asker: Asker) -> None:
        asker.login.emit()
        names = ("crm_0", f"crm_{2 * SEARCH_PAGE_SIZE}")
        asker.verify.emit(VerifyRequest("mrossi", start, time.time() + 60, (1,), names))
        asker.dial.emit(DialRequest("601"))

    _, *answers = worker_answers(qtbot, sim, ask, 3)
    methods = [r.method for r in sim.received]
    searched = methods[methods.index("searchRecordedCall") :]
    assert searched == ["searchRecordedCall", "dialNumber", *["searchRecordedCall"] * 2]
    assert [a.op for a in answers] == ["dial", "verify"]
    verified = answers[1]
    assert isinstance(verified, Done)
    assert isinstance(verified.result, Found)
    assert verified.result.complete
    found = sorted(r.custom_file_name for r in verified.result.items)
    assert found == ["crm_0", f"crm_{2 * SEARCH_PAGE_SIZE}"]


def test_a_search_whose_connection_closed_between_pages_is_not_logged_in(
    qtbot: QtBot, sim: Simulator
) -> None:
    # The panel logged out (or changed server) while a search was between two pages: the
    # rest is not read on another connection, and the search ends once, as not logged in.
    from tvox_panel.gui.worker import SEARCH_PAGE_SIZE, Failure, NotLoggedIn, VerifyRequest

    recordings_on_server(sim, SEARCH_PAGE_SIZE + 1)  # two pages
    sim.clear_received()

    def ask(asker: Asker) -> None:
        asker.login.emit()
        asker.verify.emit(VerifyRequest("mrossi", 0.0, time.time() + 60, (1,), ("crm_0",)))
        asker.stop.emit()
        asker.login.emit()  # a new connection before the second page's turn

    answers = worker_answers(qtbot, sim, ask, 3)
    failures = [a for a in answers if isinstance(a, Failure)]
    assert [(f.op, type(f.error)) for f in failures] == [("verify", NotLoggedIn)]
    assert [r.method for r in sim.received].count("searchRecordedCall") == 1


def test_due_agents_are_searched_most_overdue_first_and_each_once_a_minute(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from tvox_panel.calllog.verification import MIN_INTERVAL

    log = CallLog(tmp_path / "calls.sqlite3")

    def pending(agent: str, next_at: float) -> int:
        row = log.add("600", "out", "placed", agent=agent, started_at=next_at - 100)
        log.add_recording(row, f"crm_{agent}")
        log.update(row, ended_at=next_at - 10, rec_check="pending", rec_check_next=next_at)
        return row

    pending("gverdi", 4900.0)
    pending("mrossi", 4800.0)  # the most overdue, though not the first by name
    later = pending("lbianchi", 5030.0)
    now = [5000.0]
    checker = RecordingChecker(log, clock=lambda: now[0])
    asked: list[Any] = []
    checker.verify_requested.connect(asked.append)
    checker.start()
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=TIMEOUT)
    assert [r.agent for r in asked] == ["mrossi", "gverdi"]
    now[0] = 5040.0  # lbianchi is due; the others are being searched
    checker.run_due()
    assert [r.agent for r in asked[2:]] == ["lbianchi"]
    assert asked[2].rows == (later,)
    for request in asked:  # nothing found yet: tried again, a minute later at the soonest
        checker.found(request, Found([], complete=True))
    checker.run_due()
    assert len(asked) == 3
    now[0] = 5040.0 + MIN_INTERVAL
    checker.run_due()
    assert sorted(r.agent for r in asked[3:]) == ["gverdi", "lbianchi", "mrossi"]
    checker.stop()
    log.close()


def test_a_log_that_cannot_be_read_does_not_make_the_checker_spin(
    qtbot: QtBot, tmp_path: Path
) -> None:
    # The agents' wake-up times read, their due calls not (a damaged page): the checker
    # leaves the agent for a minute instead of asking again on every turn of the event loop.
    import sqlite3

    class DamagedLog(CallLog):
        reads = 0

        def pending_rec_checks(self, *args: Any, **kwargs: Any) -> list[Any]:
            DamagedLog.reads += 1
            raise sqlite3.DatabaseError("database disk image is malformed")

    log = DamagedLog(tmp_path / "calls.sqlite3")
    row = log.add("600", "out", "placed", agent="mrossi", started_at=100.0)
    log.update(row, ended_at=160.0, rec_check="pending", rec_check_next=170.0)
    checker = RecordingChecker(log, clock=lambda: 1000.0)
    asked: list[Any] = []
    checker.verify_requested.connect(asked.append)
    checker.start()
    for _ in range(5):  # a checker woken at once again would read on each of these turns
        QCoreApplication.processEvents()
    assert DamagedLog.reads == 1
    assert asked == []
    checker.stop()
    log.close()


def test_a_search_counts_the_recordings_the_server_listed_but_the_panel_cannot_read(
    qtbot: QtBot,
) -> None:
    from hostile_http import HostileServer, Script, http_answer, rpc_result

    from tvox_panel.gui.worker import ClientConfig, TVoxWorker, VerifyRequest

    listed = [{"fileName": "9" * 1000 + ".wav", "callId": "1.1@x"},
              {"fileName": "crm_1.wav", "customFileName": "crm_1", "callId": "2.2@x"}]  # fmt: skip

    class Lists(Script):
        def answer(self, method: str, request: dict[str, Any]) -> bool:
            if method != "searchRecordedCall":
                return super().answer(method, request)
            page = {"content": listed, "totalElements": len(listed)}
            self.sock.sendall(http_answer(rpc_result(request, page)))
            return True

    with HostileServer(Lists) as server:
        worker = TVoxWorker()
        worker.configure(ClientConfig(server.url, "supervisor", "pw", "mrossi"))
        worker.login()
        with qtbot.waitSignal(worker.done, timeout=TIMEOUT) as done:
            worker.verify(VerifyRequest("mrossi", 0.0, 1.0, (1,), ("crm_1",)))
        worker.stop()
    found = done.args[0].result
    assert [r.custom_file_name for r in found.items] == ["crm_1"]
    assert (found.complete, found.left_out) == (True, 1)


@pytest.mark.parametrize(
    ("found", "why"),
    [
        # The pages ran out before the window did.
        (Found([], complete=False), "too many recordings in the window to check them all"),
        # The server listed a recording the panel could not read (a name far too long):
        # it may be the one looked for.
        (
            Found([], complete=True, left_out=1),
            "the server listed recordings the panel cannot read",
        ),
    ],
)
def test_a_search_that_did_not_read_every_recording_never_says_missing(
    tmp_path: Path, found: Found, why: str
) -> None:
    from tvox_panel.gui.worker import VerifyRequest

    log = CallLog(tmp_path / "calls.sqlite3")
    row = log.add("600", "out", "placed", agent="mrossi", started_at=100.0)
    log.add_recording(row, "crm_1")
    log.update(row, ended_at=160.0, rec_check="pending", rec_check_tries=3, rec_check_next=0.0)
    checker = RecordingChecker(log, clock=lambda: 10_000.0)  # the last try
    checker.found(VerifyRequest("mrossi", 0.0, 1.0, (row,), ("crm_1",)), found)
    record = log.get(row)
    assert record is not None
    assert (record.rec_check, record.rec_check_note) == ("unverified", why)
    log.close()
