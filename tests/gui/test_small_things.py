"""Smaller things an agent notices: Enter during a call, the preview, the window titles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import Settings
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import ActiveCall, DialDecision, State, Status
from tvox_panel.gui.widgets.main_window import MainWindow
from tvox_panel.gui.widgets.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from tests.gui.conftest import FakeSession

READY = Status(state=State.READY, server="tvox.example.com", user="mrossi")
IN_CALL = READY.with_(state=State.IN_CALL, call=ActiveCall("c1", "0212345678"))
APP_NAME = "TVox Panel"


@pytest.fixture
def window(qtbot: QtBot, fake_session: FakeSession) -> MainWindow:
    win = MainWindow(fake_session, debounce_ms=10)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (IN_CALL, "\u26a0 A call is in progress: hang up (Esc) before the next one."),
        (
            READY.with_(state=State.DIALING, dialing_number="600"),
            "\u26a0 A call is being placed: wait for the server's answer.",
        ),
    ],
)
def test_enter_while_a_call_is_on_says_why_nothing_happens(
    qtbot: QtBot, window: MainWindow, fake_session: FakeSession, status: Status, said: str
) -> None:
    fake_session.set_status(status)
    fake_session.dial_results = [DialDecision.IGNORED]
    window.number_field.setText("0612345678")
    QTest.keyClick(window.number_field, Qt.Key.Key_Return)
    assert len(fake_session.named("dial")) == 1
    assert window.message == said


@pytest.fixture
def real_session(tmp_path: Path) -> Iterator[Session]:
    log = CallLog(tmp_path / "calls.sqlite3")
    session = Session(Settings(server="tvox.example.com", username="mrossi"), log)
    yield session
    log.close()


@pytest.mark.parametrize(
    ("international", "typed", "sent"),
    [
        ("keep", "06 1234 5678", "0612345678"),
        ("keep", "+39 06 1234 5678", "+390612345678"),
        ("plus", "0039 06 1234 5678", "+390612345678"),
        ("00", "+39 06 1234 5678", "00390612345678"),
    ],
)
def test_the_preview_shows_exactly_what_will_be_sent(
    qtbot: QtBot, real_session: Session, international: str, typed: str, sent: str
) -> None:
    real_session.apply_settings(real_session.settings.replace(international=international))
    window = MainWindow(real_session)
    qtbot.addWidget(window)
    QTest.keyClicks(window.number_field, typed)
    assert real_session.preview(typed).number == sent
    assert window.preview_label.text() == "\u2192 " + sent


def title_shown(widget: QWidget) -> str:
    """The title the desktop shows: Qt adds the application's name unless the title ends so."""
    title = widget.windowTitle()
    name = QApplication.applicationDisplayName()
    if name and not title.endswith(name):
        return f"{title} \u2014 {name}" if title else name
    return title


@pytest.fixture
def display_name(qapp: QApplication) -> Iterator[None]:
    before = QApplication.applicationDisplayName()
    QApplication.setApplicationDisplayName(APP_NAME)
    yield
    QApplication.setApplicationDisplayName(before)


def test_window_titles_name_the_panel_once(
    qtbot: QtBot, display_name: None, window: MainWindow, fake_session: FakeSession
) -> None:
    assert title_shown(window) == APP_NAME
    fake_session.set_status(READY.with_(demo=True))
    assert title_shown(window) == "Demo \u2014 TVox Panel"
    dialog = SettingsDialog(fake_session, window)
    assert title_shown(dialog) == "Settings \u2014 TVox Panel"
    assert title_shown(dialog).count(APP_NAME) == 1
