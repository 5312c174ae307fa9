"""A window where nothing is cut and nothing jumps: the log's columns, the connection test's
answer, the keypad that stays put, a stale warning that goes, a recording seen across the desk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tvox_panel.calllog import CallLog
from tvox_panel.gui import translator
from tvox_panel.gui.state import ActiveCall, State, Status
from tvox_panel.gui.state import TestResult as ConnectionAnswer
from tvox_panel.gui.widgets.main_window import MainWindow
from tvox_panel.gui.widgets.message_area import Purpose
from tvox_panel.gui.widgets.settings_dialog import SettingsDialog
from tvox_panel.phone.intext import find_phone_numbers

if TYPE_CHECKING:
    from tests.gui.conftest import FakeSession

READY = Status(state=State.READY, server="tvox.example.com", user="mrossi")


@pytest.fixture(params=["en", "it"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    translator.install(request.param)
    yield request.param
    translator.install("en")


def shown_window(qtbot: QtBot, session: FakeSession) -> MainWindow:
    window = MainWindow(session, debounce_ms=10)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def fill(log: CallLog) -> None:
    log.add("+393351234567", "out", "unknown")
    log.add("0612345678", "in", "answered", job_label="ORD-2291")
    log.add("0212345678", "out", "placed")


def test_the_call_log_fits_the_default_window_without_a_scroll_bar(
    qtbot: QtBot, language: str, fake_session: FakeSession
) -> None:
    fill(fake_session.call_log)
    window = shown_window(qtbot, fake_session)
    assert (window.width(), window.height()) == (640, 720)
    table = window.log_view.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 3)
    assert not table.horizontalScrollBar().isVisible()
    assert table.horizontalHeader().length() <= table.viewport().width()
    metrics = table.fontMetrics()
    for column in range(table.model().columnCount()):
        if table.isColumnHidden(column):
            continue
        width = table.columnWidth(column)
        header = str(table.model().headerData(column, 1))
        assert metrics.horizontalAdvance(header) <= width, header
        for row in range(3):
            text = str(table.model().index(row, column).data() or "")
            room = width - (24 if column == 1 else 6)  # the number has its arrow
            assert metrics.horizontalAdvance(text) <= room, (text, width)
    unknown = "Outcome unknown" if language == "en" else "Esito sconosciuto"
    assert unknown in [table.model().index(row, 6).data() for row in range(3)]


def test_the_connection_tests_answer_is_shown_whole(
    qtbot: QtBot, language: str, fake_session: FakeSession
) -> None:
    dialog = SettingsDialog(fake_session)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    answer = (
        "Connected: TVox 10.26.32, WebAPI 10.26.0, Maria Giulia Bianchi Santamaria della Valle "
        "(Supervisor); round trip 3 ms"
    )
    fake_session.connection_tested.emit(ConnectionAnswer(True, answer))
    label = dialog.test_result
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    viewport = dialog.scroll_area.viewport()
    assert label.text().endswith("round trip 3 ms")
    needed = label.heightForWidth(label.width())
    assert needed > label.fontMetrics().height()  # two lines at this width
    assert label.height() >= needed  # the second line keeps its descenders
    shown = QRect(label.mapTo(viewport, QPoint(0, 0)), label.size())
    qtbot.waitUntil(lambda: viewport.rect().contains(shown))  # in view, no scrolling needed


def test_warnings_a_notice_the_chooser_and_recording_never_move_the_keypad(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    window = shown_window(qtbot, fake_session)
    fake_session.set_status(READY)

    def pad() -> QPoint:
        return window.pad.mapTo(window, QPoint(0, 0))

    where = pad()
    fake_session.error_occurred.emit("Cannot reach the TVox server.")
    assert window.message == "\u26a0 Cannot reach the TVox server."
    assert pad() == where
    fake_session.error_occurred.emit(
        "The server refuses this user's requests right after login: check that the user has "
        "Supervisor rights."
    )
    assert pad() == where
    fake_session.set_status(READY.with_(privileged=True))
    assert window.notice_bar.isVisible()
    assert pad() == where
    window.offer_numbers(find_phone_numbers("tel 02 1234 5678 / 333 1234567"), Purpose.DIAL)
    assert pad() == where
    call = ActiveCall("c1", "0212345678", recording=True, rec_started_at=0.0)
    fake_session.set_status(READY.with_(state=State.IN_CALL, call=call))
    assert window.controls.rec_indicator.isVisible()
    assert pad() == where
    controls = window.controls.mapTo(window, QPoint(0, 0))
    fake_session.set_status(READY)
    assert window.controls.mapTo(window, QPoint(0, 0)) == controls


def test_the_call_is_over_goes_away_when_a_new_number_is_typed(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    window = shown_window(qtbot, fake_session)
    fake_session.set_status(READY)
    fake_session.error_occurred.emit("The call is over.")
    assert window.message == "\u26a0 The call is over."
    window.number_field.setFocus()
    QTest.keyClicks(window.number_field, "06")
    assert window.message == ""


def test_while_offline_the_reason_stays_as_the_agent_types(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    window = shown_window(qtbot, fake_session)
    fake_session.set_status(Status(state=State.OFFLINE, error="Cannot reach the TVox server."))
    assert window.message == "\u26a0 Cannot reach the TVox server."
    QTest.keyClicks(window.number_field, "06")
    assert window.message == "\u26a0 Cannot reach the TVox server."


def test_recording_shows_a_large_red_rec_with_the_time(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    now = 1_700_000_000.0
    window = MainWindow(fake_session, clock=lambda: now)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    call = ActiveCall("c1", "0212345678", recording=True, rec_started_at=now - 83)
    fake_session.set_status(READY.with_(state=State.IN_CALL, call=call))
    indicator = window.controls.rec_indicator
    assert indicator.isVisible()
    assert indicator.text() == "\u25cf REC 01:23"
    normal = QFont(window.font()).pointSizeF()
    assert indicator.font().pointSizeF() >= 1.5 * normal
    assert indicator.font().bold()
    assert indicator.height() >= 1.5 * window.call_button.fontMetrics().height()
    image = indicator.grab().toImage()
    background = QColor(image.pixel(3, image.height() // 2))
    assert (background.red(), background.green() < 60, background.blue() < 60) == (
        background.red(),
        True,
        True,
    )
    assert background.red() > 150
