"""Widget tests: the window, dial pad, call log view and settings dialog, driven like a user."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tvox_panel.calllog import CallLog, CallRecord
from tvox_panel.config.settings import Settings
from tvox_panel.gui.state import ActiveCall, DialDecision, State, Status
from tvox_panel.gui.widgets.call_log_model import Column
from tvox_panel.gui.widgets.call_log_view import CallLogView
from tvox_panel.gui.widgets.main_window import MainWindow
from tvox_panel.gui.widgets.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from tests.gui.conftest import FakeSession

READY = Status(state=State.READY, server="tvox.example.com", user="mrossi", display_name="Mario")


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def window(qtbot: QtBot, fake_session: FakeSession, clock: Clock) -> MainWindow:
    win = MainWindow(fake_session, clock=clock, long_press_ms=50, debounce_ms=10)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def in_call(recording: bool = False, started: float | None = None, pending: bool = False) -> Status:
    call = ActiveCall(
        "1.1@x", "0212345678", recording=recording, rec_started_at=started, rec_pending=pending
    )
    return READY.with_(state=State.IN_CALL, call=call)


def fill_log(log: CallLog, count: int) -> None:
    base = 1_700_000_000.0
    log.bulk_add(
        CallRecord(0, base + i * 60, f"02{i:08d}", "out", "placed", ended_at=base + i * 60 + 75)
        for i in range(count)
    )


# -- number entry ----------------------------------------------------------------------------


def test_pad_clicks_and_keys_type_into_the_number_field(qtbot: QtBot, window: MainWindow) -> None:
    for key in ("0", "2", "*", "#", "+"):
        QTest.mouseClick(window.pad.button(key), Qt.MouseButton.LeftButton)
    assert window.number_field.text() == "02*#+"
    QTest.mouseClick(window.pad.button("backspace"), Qt.MouseButton.LeftButton)
    assert window.number_field.text() == "02*#"
    window.pad.button("5").setFocus()
    QTest.keyClicks(window.pad.button("5"), "77")
    assert window.number_field.text() == "02*#77"


def test_long_press_on_zero_types_plus_only(qtbot: QtBot, window: MainWindow) -> None:
    zero = window.pad.button("0")
    with qtbot.waitSignal(window.pad.key_pressed) as blocker:
        QTest.mousePress(zero, Qt.MouseButton.LeftButton)
    QTest.mouseRelease(zero, Qt.MouseButton.LeftButton)
    assert blocker.args == ["+"]
    assert window.number_field.text() == "+"


def test_preview_shows_what_will_be_sent_or_the_refusal(qtbot: QtBot, window: MainWindow) -> None:
    QTest.keyClicks(window.number_field, "02 1234 5678")
    assert window.preview_label.text() == "\u2192 0212345678"
    window.number_field.setText("call me")
    assert "Letters are not allowed" in window.preview_label.text()


def test_paste_picks_the_number_out_of_text(qtbot: QtBot, window: MainWindow) -> None:
    QGuiApplication.clipboard().setText("Call Mario at +39 02 1234 5678 please")
    window.number_field.setFocus()
    QTest.keyClick(window.number_field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.number_field.text() == "+390212345678"


def test_digits_typed_in_the_log_table_go_to_the_number_field(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    fill_log(fake_session.call_log, 3)
    fake_session.log_changed.emit()
    qtbot.waitUntil(lambda: window.log_view.model.rowCount() == 3)
    table = window.log_view.table
    table.setFocus()
    QTest.keyClicks(table, "12#")
    assert window.number_field.text() == "12#"
    assert window.number_field.hasFocus()
    QTest.keyClicks(window.log_view.search, "55")  # the search box keeps its digits
    assert window.log_view.search.text() == "55"
    assert window.number_field.text() == "12#"
    qtbot.waitUntil(lambda: window.log_view.model.filter_text == "55")


# -- calling ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "text", "enabled"),
    [
        (Status(state=State.OFFLINE), "Call", False),
        (Status(state=State.CONNECTING), "Call", False),
        (READY, "Call", True),
        (READY.with_(state=State.DIALING, dialing_number="0212345678"), "Calling…", False),
        (in_call(), "Hang up", True),
    ],
)
def test_call_button_follows_the_state(
    window: MainWindow, fake_session: FakeSession, status: Status, text: str, enabled: bool
) -> None:
    fake_session.set_status(status)
    QCoreApplication.sendPostedEvents(window)  # a dial is drawn on the next turn
    assert window.call_button.text() == text
    assert window.call_button.isEnabled() is enabled


def test_the_window_draws_a_dial_after_handing_it_over(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    # The session enters DIALING inside dial (as the real one does); the window draws it
    # once the click is answered, and the server's answer at once.
    fake_session.set_status(READY)

    def dial(text: str, **options: Any) -> DialDecision:
        fake_session.calls.append(("dial", (text,), options))
        fake_session.set_status(READY.with_(state=State.DIALING, dialing_number="600"))
        return DialDecision.STARTED

    fake_session.dial = dial  # type: ignore[method-assign]
    window.number_field.setText("600")
    window.call_button.click()
    assert window.call_button.text() == "Call"  # not drawn yet: the request went first
    qtbot.waitUntil(lambda: window.call_button.text() == "Calling…")
    fake_session.set_status(in_call())
    assert window.call_button.text() == "Hang up"


def test_a_dial_from_elsewhere_is_drawn_after_it_too_and_the_newest_state_wins(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    # The tray, a tel: link or the command socket dial through the session, not the window;
    # should the server answer before the next turn, the window shows and acts on the answer.
    fake_session.set_status(READY)
    fake_session.set_status(READY.with_(state=State.DIALING, dialing_number="600"))
    assert window.call_button.text() == "Call"
    fake_session.set_status(in_call())
    assert window.call_button.text() == "Hang up"
    QTest.keyClick(window.number_field, Qt.Key.Key_Escape)
    assert len(fake_session.named("hangup")) == 1
    QCoreApplication.sendPostedEvents(window)  # the deferred redraw of the dial
    assert window.call_button.text() == "Hang up"
    assert window.controls.call_state_label.text().startswith("In call with ")


def test_enter_dials_and_escape_hangs_up(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    fake_session.set_status(READY)
    QTest.keyClicks(window.number_field, "0212345678")
    QTest.keyClick(window.number_field, Qt.Key.Key_Return)
    assert fake_session.named("dial") == [
        (("0212345678",), {"confirmed": False, "job_label": None, "service_code": None})
    ]
    fake_session.set_status(in_call())
    QTest.keyClick(window.number_field, Qt.Key.Key_Escape)
    assert len(fake_session.named("hangup")) == 1


def test_call_button_hangs_up_during_a_call(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    fake_session.set_status(in_call())
    QTest.mouseClick(window.call_button, Qt.MouseButton.LeftButton)
    assert len(fake_session.named("hangup")) == 1
    assert fake_session.named("dial") == []


def test_unknown_outcome_asks_and_dials_again_when_confirmed(
    window: MainWindow, fake_session: FakeSession
) -> None:
    questions: list[str] = []

    def yes(question: str) -> bool:
        questions.append(question)
        return True

    window._confirm = yes  # type: ignore[method-assign]
    fake_session.set_status(READY)
    fake_session.dial_results = [DialDecision.NEEDS_CONFIRM, DialDecision.STARTED]
    window.number_field.setText("0212345678")
    assert window.dial_current() == DialDecision.STARTED
    dials = fake_session.named("dial")
    assert [kwargs["confirmed"] for _, kwargs in dials] == [False, True]
    assert "+39 02 1234 5678" in questions[0]


def test_unknown_outcome_declined_does_not_dial_again(
    window: MainWindow, fake_session: FakeSession
) -> None:
    window._confirm = lambda question: False  # type: ignore[method-assign]
    fake_session.set_status(READY)
    fake_session.dial_results = [DialDecision.NEEDS_CONFIRM]
    window.number_field.setText("0212345678")
    assert window.dial_current() == DialDecision.NEEDS_CONFIRM
    assert len(fake_session.named("dial")) == 1


def test_remembered_tags_prefill_and_typed_tags_are_sent(
    qtbot: QtBot, make_session: Callable[[Settings], FakeSession], clock: Clock
) -> None:
    memory = {"0212345678": {"job_label": "Sales", "service_code": "42"}}
    session = make_session(Settings(job_labels_by_number=memory))
    win = MainWindow(session, clock=clock)
    qtbot.addWidget(win)
    session.set_status(READY)
    win.number_field.setText("02 1234 5678")
    assert win.controls.tags() == ("Sales", "42")
    assert "Sales" in win.controls.tag_toggle.text()
    win.controls.tag_toggle.click()
    QTest.keyClicks(win.controls.job_field, "-VIP")
    win.dial_current()
    assert session.named("dial")[0][1]["job_label"] == "Sales-VIP"
    assert session.named("dial")[0][1]["service_code"] == "42"


# -- recording -------------------------------------------------------------------------------


def test_record_toggle_follows_the_server_not_the_click(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    fake_session.set_status(READY)
    assert not window.record_button.isEnabled()
    fake_session.set_status(in_call())
    assert window.record_button.isEnabled()
    QTest.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    assert fake_session.named("set_recording") == [((True,), {})]
    assert not window.record_button.isChecked()
    fake_session.set_status(in_call(pending=True))
    assert not window.record_button.isEnabled()
    fake_session.set_status(in_call(recording=True, started=time.time()))
    assert window.record_button.isChecked()
    assert window.record_button.text() == "Stop recording"
    QTest.mouseClick(window.record_button, Qt.MouseButton.LeftButton)
    assert fake_session.named("set_recording")[-1] == ((False,), {})
    assert window.record_button.isChecked()


def test_rec_indicator_shows_elapsed_time_only_while_recording(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession, clock: Clock
) -> None:
    controls = window.controls
    fake_session.set_status(in_call())
    assert not controls.rec_indicator.isVisible()
    fake_session.set_status(in_call(recording=True, started=clock.now - 65))
    assert controls.rec_indicator.isVisible()
    assert controls.rec_indicator.text() == "\u25cf REC 01:05"
    clock.now += 60
    qtbot.waitUntil(lambda: controls.rec_indicator.text() == "\u25cf REC 02:05", timeout=3000)
    fake_session.set_status(in_call())
    assert not controls.rec_indicator.isVisible()
    assert not controls.rec_timer_active


def test_ctrl_r_asks_to_toggle_recording(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    fake_session.set_status(in_call())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window.number_field, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert fake_session.named("set_recording") == [((True,), {})]


# -- status line and window ------------------------------------------------------------------


def test_status_line_title_and_privileged_notice(
    window: MainWindow, fake_session: FakeSession
) -> None:
    assert window.windowTitle() == ""  # the desktop shows the application's name
    fake_session.set_status(READY.with_(role="Supervisor", privileged=True, demo=True))
    assert window.status_label.text() == "Logged in as Mario on tvox.example.com (Supervisor)"
    assert window.windowTitle() == "Demo"
    assert window.notice_bar.isVisible()
    window.notice_dismiss.click()
    fake_session.set_status(READY.with_(privileged=True, error="Server said no"))
    assert not window.notice_bar.isVisible()  # shown once
    assert "Server said no" in window.error_label.text()


def test_close_hides_to_tray_only_when_asked(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    window.set_close_to_tray(True)
    with qtbot.waitSignal(window.close_requested):
        window.close()
    assert not window.isVisible()
    window.show()
    window.set_close_to_tray(False)
    assert window.close()


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    inner = ("QAbstractSpinBox", "QAbstractScrollArea", "QScrollBar", "QHeaderView")
    for widget in window.findChildren(QWidget):
        parent = widget.parentWidget()
        if widget.inherits("QScrollBar") or (parent and any(parent.inherits(n) for n in inner)):
            continue  # parts of a composite control, named by the control itself
        focusable = widget.focusPolicy() != Qt.FocusPolicy.NoFocus
        if focusable or isinstance(widget, QLabel):
            assert widget.accessibleName(), widget
            assert widget.accessibleDescription() or isinstance(widget, QLabel), widget


# -- call log --------------------------------------------------------------------------------


def test_a_refresh_queued_while_quitting_leaves_the_closed_log_alone(
    qtbot: QtBot, call_log: CallLog
) -> None:
    # Quitting closes the log right after the session's last write queued a refresh.
    fill_log(call_log, 300)
    view = CallLogView(call_log, debounce_ms=0)
    qtbot.addWidget(view)
    shown = view.model.rowCount()
    view.schedule_refresh()
    call_log.close()
    QTest.keyClicks(view.search, "0200")  # the filter's debounce fires after the close
    QCoreApplication.processEvents()  # both queued 0 ms timers fire here; none may raise
    assert view.model.rowCount() == shown
    assert not view.model.canFetchMore()


def test_log_model_is_lazy_and_filters(qtbot: QtBot, call_log: CallLog) -> None:
    fill_log(call_log, 1000)
    view = CallLogView(call_log, debounce_ms=10)
    qtbot.addWidget(view)
    model = view.model
    assert 0 < model.rowCount() < 1000
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    newest = model.index(0, Column.NUMBER).data()
    assert newest == "0200000999"
    assert model.index(0, Column.DURATION).data() == "1:15"
    assert model.index(0, Column.OUTCOME).data() == "Placed"
    QTest.keyClicks(view.search, "2 000-0099")  # separators in the search are ignored
    qtbot.waitUntil(lambda: model.rowCount() == 10)
    assert model.filter_text == "2 000-0099"
    assert {model.index(r, Column.NUMBER).data() for r in range(10)} == {
        f"020000099{d}" for d in range(10)
    }
    assert not model.canFetchMore()
    assert view.count_label.text() == "10 matching"


def test_log_redials_on_double_click_and_enter(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    fill_log(fake_session.call_log, 3)
    fake_session.log_changed.emit()
    qtbot.waitUntil(lambda: window.log_view.model.rowCount() == 3)
    fake_session.set_status(READY)
    table = window.log_view.table
    rect = table.visualRect(table.model().index(1, Column.NUMBER))
    QTest.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    QTest.mouseDClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center()
    )
    assert fake_session.named("dial")[-1][0] == ("0200000001",)
    table.setFocus()
    table.selectRow(0)
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert fake_session.named("dial")[-1][0] == ("0200000002",)
    assert window.number_field.text() == "0200000002"


def test_log_export_csv_and_clear(qtbot: QtBot, tmp_path: Path, call_log: CallLog) -> None:
    fill_log(call_log, 1000)
    view = CallLogView(call_log)
    qtbot.addWidget(view)
    target = tmp_path / "out.csv"
    assert view.export_to(target) == 1000
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1001
    assert rows[1][3] == "0200000999"
    with qtbot.waitSignal(view.log_edited):
        assert view.clear_log(confirm=False)
    assert view.model.rowCount() == 0
    assert call_log.count() == 0
    assert view.count_label.text() == "No calls yet"


def test_log_delete_selected(qtbot: QtBot, call_log: CallLog) -> None:
    fill_log(call_log, 5)
    view = CallLogView(call_log)
    qtbot.addWidget(view)
    view.table.selectRow(0)
    assert view.delete_selected() == 1
    assert view.model.rowCount() == 4
    assert view.model.index(0, Column.NUMBER).data() == "0200000003"


def test_context_menu_point_outside_rows_is_ignored(qtbot: QtBot, call_log: CallLog) -> None:
    view = CallLogView(call_log)
    qtbot.addWidget(view)
    view._show_menu(QPoint(5, 5))  # empty log: no menu, no error


# -- settings dialog -------------------------------------------------------------------------


def test_settings_dialog_round_trip(qtbot: QtBot, fake_session: FakeSession) -> None:
    original = Settings(
        server="https://pbx.example.com",
        username="sup",
        agent="mrossi",
        region="DE",
        international="plus",
        auto_record=True,
        rec_dialect="callid",
        poll_interval=30,
        connect_timeout=3.5,
        language="it",
        close_to_tray=False,
        notify_connection=False,
        job_labels_by_number={"600": {"job_label": "Help", "service_code": ""}},
    )
    dialog = SettingsDialog(fake_session, settings=original)
    qtbot.addWidget(dialog)
    assert dialog.settings_from_form() == original
    region = dialog.widgets["region"]
    assert isinstance(region, QLineEdit)
    region.setText("fr")
    dialog.password.setText("s3cret")
    dialog.remember.setChecked(True)
    dialog.accept()
    (applied, password, remember), _ = fake_session.named("apply_settings")[0]
    assert applied == original.replace(region="FR", remember_password=True)
    assert (password, remember) == ("s3cret", True)


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen platform only
def test_settings_dialog_invalid_value_keeps_it_open(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    dialog = SettingsDialog(fake_session)
    qtbot.addWidget(dialog)
    dialog.show()
    region = dialog.widgets["region"]
    assert isinstance(region, QLineEdit)
    region.setText("X")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "Region" in dialog.error_label.text()
    assert fake_session.named("apply_settings") == []


def test_settings_dialog_test_connection_shows_the_answer(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    dialog = SettingsDialog(fake_session)
    qtbot.addWidget(dialog)
    dialog.password.setText("pw")
    dialog.test_button.click()
    assert dialog.test_result.text().endswith("Connected to tvox.example.com")
    assert fake_session.named("test_connection")[0][0][1] == "pw"
    assert dialog.test_button.isEnabled()


def test_the_cursor_stops_blinking_when_idle_and_blinks_again_on_a_key(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication, QLineEdit

    from tvox_panel.gui.widgets.blink import BlinkLimiter

    field = QLineEdit()
    qtbot.addWidget(field)
    before = QApplication.cursorFlashTime()
    limiter = BlinkLimiter([field], idle_ms=20)
    try:
        assert limiter.holding  # steady from the start: nobody is typing yet
        qtbot.keyClick(field, "6")
        assert QApplication.cursorFlashTime() > 0
        assert not limiter.holding
        qtbot.waitUntil(lambda: limiter.holding, timeout=2000)
    finally:
        QApplication.setCursorFlashTime(before or 1000)


def test_a_new_call_is_inserted_on_top_without_resetting_the_log_view(
    qtbot: QtBot, call_log: CallLog
) -> None:
    from tvox_panel.gui.widgets.call_log_model import CallLogModel

    for i in range(5):
        call_log.add(f"60{i}", "out", "placed", started_at=1_000 + i)
    model = CallLogModel(call_log, page_size=3)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    assert [model.record(r).number for r in range(model.rowCount())] == ["604", "603", "602"]
    call_log.add("0612345678", "in", "answered", started_at=2_000)
    with qtbot.waitSignal(model.rowsInserted, timeout=1000):
        model.refresh()
    assert [model.record(r).number for r in range(model.rowCount())] == ["0612345678", "604", "603"]
    assert resets == []


def test_a_call_that_keeps_changing_shows_its_latest_state_and_nothing_piles_up(
    call_log: CallLog,
) -> None:
    # The top row of a busy shift changes with every state of every call (placed, recorded,
    # ended): the view shows the latest, and what the model keeps is what it shows.
    from tvox_panel.gui.widgets.call_log_model import CallLogModel, Column

    for i in range(5):
        call_log.add(f"60{i}", "out", "placed", started_at=1_000 + i)
    model = CallLogModel(call_log, page_size=3)
    shown = model.rowCount() * len(Column)
    for n in range(200):
        row = call_log.add(f"07{n:08d}", "out", "in_progress", started_at=2_000 + n)
        model.refresh()
        for outcome in ("placed", "answered"):
            call_log.update(row, outcome=outcome)
            model.refresh()
            cells = [model.index(0, c).data() for c in range(len(Column))]
        assert cells[Column.NUMBER] == f"07{n:08d}"
        assert cells[Column.OUTCOME] == model.outcome_text(call_log.get(row))
    assert len(model._cells) <= shown


def test_the_log_shows_the_calls_whose_recording_is_missing_and_says_so(
    qtbot: QtBot, call_log: CallLog
) -> None:
    fill_log(call_log, 30)
    lost = call_log.add("0299999999", "out", "placed")
    call_log.add_recording(lost, "crm_9")
    call_log.update(lost, rec_check="missing", rec_check_note="crm_9")
    view = CallLogView(call_log, debounce_ms=0)
    qtbot.addWidget(view)
    view.show_missing_recordings(True)
    assert view.model.rowCount() == 1
    assert view.model.index(0, 1).data() == "0299999999"
    assert "MISSING" in view.model.index(0, 4).data()
    assert view.count_label.text() == "1 with a missing recording"
    view.show_missing_recordings(False)
    assert view.model.rowCount() == 31
