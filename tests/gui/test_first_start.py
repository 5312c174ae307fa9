"""First start and machines without a keyring: what the agent is told, and the way back online."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring.backends.fail
import pytest
from memory_keyring import MemoryKeyring
from PySide6.QtCore import QPoint
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from tvox_panel.calllog import CallLog
from tvox_panel.cli.panel import Options
from tvox_panel.config.password import PasswordStore
from tvox_panel.config.settings import Settings
from tvox_panel.gui.app import Panel
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import State
from tvox_panel.gui.tray import Tray
from tvox_panel.gui.widgets.geometry import center_on
from tvox_panel.gui.widgets.main_window import MainWindow
from tvox_panel.gui.widgets.settings_dialog import SettingsDialog
from tvox_panel.simulator import Simulator

TIMEOUT = 5000


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[Any]:
    made: list[tuple[Session, CallLog]] = []

    def make(settings: Settings, **options: Any) -> Session:
        log = CallLog(tmp_path / f"calls{len(made)}.sqlite3")
        session = Session(settings, log, **options)
        made.append((session, log))
        return session

    yield make
    for session, log in made:
        session.shutdown()
        log.close()


def settings_for(sim: Simulator) -> Settings:
    return Settings(server=sim.base_url, username="supervisor", agent="mrossi", poll_interval=0)


# -- no keyring -----------------------------------------------------------------------------


def test_without_a_keyring_remember_password_is_off_and_says_why(
    qtbot: QtBot, sim: Simulator, sessions: Any
) -> None:
    store = PasswordStore(backend=keyring.backends.fail.Keyring())
    session = sessions(settings_for(sim).replace(remember_password=True), passwords=store)
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remember.isEnabled()
    assert not dialog.remember.isChecked()
    assert dialog.keyring_note.isVisible()
    why = "No working keyring on this system: the password is asked at each start."
    assert dialog.keyring_note.text() == why
    assert dialog.remember.toolTip() == why


def test_with_a_keyring_remember_password_is_offered(
    qtbot: QtBot, sim: Simulator, sessions: Any
) -> None:
    store = PasswordStore(backend=MemoryKeyring())
    session = sessions(settings_for(sim).replace(remember_password=True), passwords=store)
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.remember.isEnabled()
    assert dialog.remember.isChecked()
    assert not dialog.keyring_note.isVisible()


# -- the first settings dialog --------------------------------------------------------------


def test_the_first_settings_show_an_example_and_no_unchanged_password(
    qtbot: QtBot, sessions: Any
) -> None:
    session = sessions(Settings())
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    server = dialog.widgets["server"]
    assert server.placeholderText() == "e.g. https://tvox.example.com"  # type: ignore[attr-defined]
    assert dialog.password.placeholderText() == ""  # no password was ever set


def test_unchanged_when_empty_once_there_is_a_password(
    qtbot: QtBot, sim: Simulator, sessions: Any
) -> None:
    session = sessions(settings_for(sim), password="supervisor")
    dialog = SettingsDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.password.placeholderText() == "Unchanged when empty"


@pytest.fixture
def first_start(
    qtbot: QtBot, qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Panel]:
    """The whole panel on a machine that never ran it: no settings, no password."""
    with tempfile.TemporaryDirectory(prefix="tvx", dir="/tmp") as home:
        monkeypatch.setenv("TVOX_PANEL_HOME", home)
        monkeypatch.delenv("TVOX_PASSWORD", raising=False)
        panel = Panel(qapp, Options(language="en"))
        try:
            assert panel.start()
            yield panel
        finally:
            panel.shutdown()  # hides the window: closing it would quit the application
            panel.window.deleteLater()


def centre(widget: QWidget) -> QPoint:
    return widget.frameGeometry().center()


def assert_centred_on(dialog: QWidget, window: QWidget) -> None:
    """Centred on the window, as far as the screen allows (it is never pushed off it)."""
    area = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry()
    assert area.contains(frame), (frame, area)
    wanted = centre(window) - QPoint(frame.width() // 2, frame.height() // 2)
    x = min(max(wanted.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(wanted.y(), area.top()), area.bottom() + 1 - frame.height())
    assert abs(frame.x() - x) <= 2, (frame, QPoint(x, y))
    assert abs(frame.y() - y) <= 2, (frame, QPoint(x, y))


def test_the_first_settings_dialog_opens_centred_on_the_window(
    qtbot: QtBot, first_start: Panel
) -> None:
    qtbot.waitUntil(lambda: first_start.settings_dialog is not None, timeout=TIMEOUT)
    dialog = first_start.settings_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert_centred_on(dialog, first_start.window)  # not in the screen's top-left corner
    dialog.reject()


def test_the_password_prompt_is_centred_on_the_window(qtbot: QtBot, fake_session: Any) -> None:
    window = MainWindow(fake_session)
    qtbot.addWidget(window)
    window.move(40, 30)
    window.show()
    qtbot.waitExposed(window)
    prompt = QInputDialog(window)
    prompt.setLabelText("Password of supervisor on tvox.example.com:")
    center_on(prompt, window)
    prompt.show()
    qtbot.waitExposed(prompt)
    assert_centred_on(prompt, window)
    offset = centre(prompt) - centre(window)
    assert abs(offset.x()) <= 2, offset  # it fits: exactly centred
    assert abs(offset.y()) <= 2, offset
    prompt.close()


# -- the way back online --------------------------------------------------------------------


def action(menu_owner: QWidget, name: str) -> QAction:
    found = menu_owner.findChild(QAction, name)
    assert found is not None, name
    return found


def test_after_a_wrong_password_log_in_is_offered_in_the_menu_tray_and_status(
    qtbot: QtBot, sim: Simulator, sessions: Any
) -> None:
    session = sessions(settings_for(sim), password="wrong")
    with qtbot.waitSignal(session.error_occurred, timeout=TIMEOUT):
        session.start()
    assert session.status.state is State.OFFLINE
    window = MainWindow(session)
    qtbot.addWidget(window)
    assert window.login_action.text() == "&Log in…"
    assert window.login_action.isEnabled()
    assert window.login_action.shortcut().toString() == "Ctrl+L"
    assert window.login_action in window.panel_menu.actions()
    assert window.status_label.text() == "Offline: log in with Panel › Log in… (Ctrl+L)"
    tray = Tray(session, clipboard=lambda selection: "", parent=window)
    menu = tray.build_menu(session.status)
    login = action(menu, "login")
    assert (login.text(), login.isEnabled()) == ("Log in…", True)
    with qtbot.waitSignal(tray.login_requested):
        menu.triggered.emit(login)
    with qtbot.waitSignal(window.login_requested):
        window.login_action.trigger()
    with qtbot.waitSignal(
        session.status_changed, timeout=TIMEOUT, check_params_cb=lambda s: s.state is State.READY
    ):
        session.set_password("supervisor", remember=False)
    assert not window.login_action.isEnabled()
    assert window.status_label.text().startswith("Logged in as ")


def test_when_the_server_went_away_reconnect_tries_again_at_once(
    qtbot: QtBot, sim: Simulator, sessions: Any, tmp_path: Path
) -> None:
    session = sessions(settings_for(sim), password="supervisor")
    with qtbot.waitSignal(
        session.status_changed, timeout=TIMEOUT, check_params_cb=lambda s: s.state is State.READY
    ):
        session.start()
    window = MainWindow(session)
    qtbot.addWidget(window)
    port = sim.port
    sim.stop()
    with qtbot.waitSignal(
        session.status_changed, timeout=TIMEOUT, check_params_cb=lambda s: s.state is State.OFFLINE
    ):
        session.refresh_calls()
    assert window.login_action.text() == "&Reconnect"
    assert window.status_label.text() == "Offline: reconnect with Panel › Reconnect (Ctrl+L)"
    with Simulator(port=port, recordings_dir=tmp_path / "again"):
        session._retry.stop()  # no waiting for the back-off: the agent asked
        with qtbot.waitSignal(
            session.status_changed,
            timeout=TIMEOUT,
            check_params_cb=lambda s: s.state is State.READY,
        ):
            session.reconnect()
