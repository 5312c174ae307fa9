"""Several phone numbers in a text: the window and the tray ask which; nothing is dialled first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tvox_panel.gui.state import State, Status
from tvox_panel.gui.tray import Tray
from tvox_panel.gui.widgets.main_window import MainWindow
from tvox_panel.gui.widgets.message_area import Purpose
from tvox_panel.phone.intext import find_phone_numbers

if TYPE_CHECKING:
    from tests.gui.conftest import FakeSession

READY = Status(state=State.READY, server="tvox.example.com", user="mrossi")
SIGNATURE = "Mario Rossi\nTel. +39 02 1234 5678\nCell. 333 123 4567\nP.IVA 01234567890"


@pytest.fixture
def window(qtbot: QtBot, fake_session: FakeSession) -> MainWindow:
    fake_session.set_status(READY)
    win = MainWindow(fake_session, debounce_ms=10)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def pad_position(window: MainWindow) -> QPoint:
    return window.pad.mapTo(window, QPoint(0, 0))


def test_the_window_offers_the_numbers_and_dials_only_the_one_picked(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    before = pad_position(window)
    window.offer_numbers(find_phone_numbers(SIGNATURE), Purpose.DIAL)
    chooser = window.chooser
    assert chooser.isVisible()
    assert chooser.question.text() == "2 numbers found. Call:"
    assert [button.text() for button in chooser.buttons] == ["+390212345678", "3331234567"]
    assert fake_session.named("dial") == []  # nothing until the agent picks
    assert pad_position(window) == before  # the chooser takes the message line's place
    QTest.mouseClick(chooser.buttons[1], Qt.MouseButton.LeftButton)
    assert [args for args, _ in fake_session.named("dial")] == [("3331234567",)]
    assert not chooser.isVisible()


def test_escape_closes_the_chooser_and_dials_nothing(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    window.offer_numbers(find_phone_numbers(SIGNATURE), Purpose.DIAL)
    assert window.chooser.buttons[0].hasFocus()
    QTest.keyClick(window.chooser.buttons[0], Qt.Key.Key_Escape)
    assert not window.chooser.isVisible()
    assert fake_session.named("dial") == []
    assert fake_session.named("hangup") == []


def test_enter_picks_the_focused_number(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    window.offer_numbers(find_phone_numbers(SIGNATURE), Purpose.DIAL)
    QTest.keyClick(window.chooser.buttons[0], Qt.Key.Key_Return)
    assert [args for args, _ in fake_session.named("dial")] == [("+390212345678",)]


def test_more_than_three_numbers_keep_the_rest_under_more(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    text = "interni 600, 601, 602, 603 e 604"
    window.offer_numbers(find_phone_numbers(text), Purpose.DIAL)
    chooser = window.chooser
    assert [button.text() for button in chooser.buttons] == ["600", "601", "602"]
    assert chooser.more.isVisible()
    rest = chooser.more_menu.actions()
    assert [action.text() for action in rest] == ["603", "604"]
    rest[1].trigger()
    assert [args for args, _ in fake_session.named("dial")] == [("604",)]


def test_pasting_several_numbers_asks_which_and_dials_nothing(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession
) -> None:
    QGuiApplication.clipboard().setText(SIGNATURE)
    window.number_field.setFocus()
    QTest.keyClick(window.number_field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.number_field.text() == ""
    assert window.chooser.question.text() == "2 numbers found. Paste:"
    QTest.mouseClick(window.chooser.buttons[1], Qt.MouseButton.LeftButton)
    assert window.number_field.text() == "3331234567"
    assert fake_session.named("dial") == []


def test_pasting_text_without_a_phone_number_says_so_in_one_line(
    qtbot: QtBot, window: MainWindow
) -> None:
    QGuiApplication.clipboard().setText("Fattura n. 2024/00123 del 03/02/2024, P.IVA 01234567890")
    window.number_field.setFocus()
    QTest.keyClick(window.number_field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.number_field.text() == ""
    assert window.message == "\u26a0 No phone number in the pasted text."
    QTest.keyClicks(window.number_field, "6")
    assert window.message == ""


def test_pasting_a_ticket_takes_the_phone_number_not_the_ticket(
    qtbot: QtBot, window: MainWindow
) -> None:
    QGuiApplication.clipboard().setText("Ticket 4411: cliente 02 5555 1234, urgente")
    window.number_field.setFocus()
    QTest.keyClick(window.number_field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.number_field.text() == "0255551234"


# -- the tray ----------------------------------------------------------------------------------


def tray_for(fake_session: FakeSession, clipboard: str) -> tuple[Tray, QMenu]:
    tray = Tray(fake_session, clipboard=lambda selection: clipboard)  # type: ignore[arg-type]
    return tray, tray.build_menu(fake_session.status)


def test_the_tray_lists_several_clipboard_numbers_and_dials_the_one_chosen(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    fake_session.set_status(READY)
    tray, menu = tray_for(fake_session, "Order 123456 - call 333 1234567 or 02 1234 5678")
    choices = menu.findChild(QMenu, "dial_clipboard")
    assert choices is not None
    assert choices.title() == "Dial from clipboard (2 numbers)"
    assert choices.isEnabled()
    assert [a.text() for a in choices.actions()] == ["3331234567", "0212345678"]
    assert fake_session.named("dial") == []
    picked = choices.findChild(QAction, "clip_1")
    assert picked is not None
    menu.triggered.emit(picked)
    assert [args for args, _ in fake_session.named("dial")] == [("0212345678",)]


def test_the_tray_dials_the_only_phone_number_of_a_ticket(
    qtbot: QtBot, fake_session: FakeSession
) -> None:
    fake_session.set_status(READY)
    tray, menu = tray_for(fake_session, "Ticket 4411: cliente 02 5555 1234, urgente")
    dial = menu.findChild(QAction, "dial_clipboard")
    assert dial is not None
    assert dial.text() == "Dial 0255551234 from clipboard"
    menu.triggered.emit(dial)
    assert [args for args, _ in fake_session.named("dial")] == [("0255551234",)]
