"""The panel in Italian, and driven from the keyboard: texts, tray, errors, locale, focus order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QDateTime, QLocale, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QTableView, QWidget
from pytestqt.qtbot import QtBot

from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import Settings
from tvox_panel.gui import translator
from tvox_panel.gui.messages import user_text
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import ActiveCall, State, Status
from tvox_panel.gui.tray import Tray
from tvox_panel.gui.widgets.call_log_model import CallLogModel, Column
from tvox_panel.gui.widgets.main_window import MainWindow
from tvox_panel.simulator import Simulator
from tvox_panel.webapi import Unreachable

if TYPE_CHECKING:
    from tests.gui.conftest import FakeSession

TIMEOUT = 5000
MakeRealSession = Callable[[str], Session]


@pytest.fixture
def italian(qapp: QApplication) -> Iterator[None]:
    """Italian for everything built inside the test; English again afterwards."""
    assert translator.install("it") == "it"
    yield
    translator.install("en")


@pytest.fixture
def real_session(qtbot: QtBot, sim: Simulator, tmp_path: Path) -> Iterator[MakeRealSession]:
    """A started Session against the simulator, logging in with the given password."""
    made: list[tuple[Session, CallLog]] = []

    def make(password: str) -> Session:
        settings = Settings(
            server=sim.base_url, username="supervisor", agent="mrossi", poll_interval=0
        )
        log = CallLog(tmp_path / f"calls{len(made)}.sqlite3")
        session = Session(settings, log, password=password)
        made.append((session, log))
        if password == "supervisor":
            with qtbot.waitSignal(
                session.status_changed,
                timeout=TIMEOUT,
                check_params_cb=lambda s: s.state == State.READY,
            ):
                session.start()
        else:
            with qtbot.waitSignal(session.error_occurred, timeout=TIMEOUT):
                session.start()
        return session

    yield make
    for session, log in made:
        session.shutdown()
        log.close()


def make_window(qtbot: QtBot, session: Session | FakeSession) -> MainWindow:
    window = MainWindow(session, debounce_ms=10)
    qtbot.addWidget(window)
    return window


# -- Italian -----------------------------------------------------------------------------------


def test_the_running_panel_window_and_tray_speak_italian(
    qtbot: QtBot, italian: None, real_session: MakeRealSession
) -> None:
    session = real_session("supervisor")
    window = make_window(qtbot, session)
    assert window.call_button.text() == "Chiama"
    assert window.call_button.toolTip() == "Chiama il numero (Invio)"
    assert window.record_button.text() == "Registra"
    assert window.status_label.text().startswith("Connesso come ")
    assert window.status_label.text().endswith("le chiamate squillano su mrossi")
    assert [a.text() for a in window.menuBar().actions()] == ["&Pannello", "&Chiamata"]
    assert window.log_view.table.accessibleName() == "Registro chiamate"

    window.number_field.setText("600")
    with qtbot.waitSignal(session.call_started, timeout=TIMEOUT):
        window.dial_current()
    assert window.call_button.text() == "Riaggancia"
    assert window.controls.call_state_label.text() == "In chiamata con 600"
    with qtbot.waitSignal(session.recording_changed, timeout=TIMEOUT):
        window.toggle_recording()
    assert window.record_button.text() == "Interrompi registrazione"

    tray = Tray(session, clipboard=lambda _selection: "", parent=window)
    menu = tray.build_menu(session.status)
    texts = {a.objectName(): a.text() for a in menu.actions() if a.objectName()}
    assert texts == {
        "dial_clipboard": "Nessun numero di telefono negli appunti",
        "redial": "Richiama 600",
        "record": "Interrompi registrazione",
        "hangup": "Riaggancia",
        "show_hide": "Mostra pannello",
        "login": "Riconnetti",
        "settings": "Impostazioni…",
        "start_at_login": "Avvia all'accesso",
        "quit": "Esci",
    }
    submenus = [m for a in menu.actions() if isinstance(m := a.menu(), QMenu)]
    assert [m.title() for m in submenus] == ["Numeri recenti"]
    assert tray.tooltip(session.status).startswith(
        "TVox Panel — in chiamata con 600, in registrazione (supervisor su "
    )
    with qtbot.waitSignal(session.call_ended, timeout=TIMEOUT):
        session.hangup()
    assert window.call_button.text() == "Chiama"


def test_errors_reach_the_agent_in_italian(
    qtbot: QtBot, italian: None, real_session: MakeRealSession
) -> None:
    session = real_session("wrong")
    window = make_window(qtbot, session)
    assert session.status.state == State.OFFLINE
    assert window.status_label.text() == ("Non connesso: accedi con Pannello › Accedi… (Ctrl+L)")
    assert (
        window.error_label.text() == "\u26a0 Accesso rifiutato: controlla nome utente e password."
    )

    window.number_field.setText("02 ABC")
    assert window.preview_label.text() == "\u26a0 Il numero contiene lettere."
    assert user_text(Unreachable("connection refused")) == "Impossibile raggiungere il server TVox."


def test_call_log_dates_follow_the_italian_locale(
    qtbot: QtBot, italian: None, call_log: CallLog
) -> None:
    started = 1_700_000_000.0
    call_log.add("0212345678", "out", "unknown", started_at=started)
    model = CallLogModel(call_log)
    shown = model.data(model.index(0, Column.TIME))
    when = QDateTime.fromMSecsSinceEpoch(int(started * 1000))
    assert shown == QLocale("it").toString(when, QLocale.FormatType.ShortFormat)
    assert shown != QLocale("en_US").toString(when, QLocale.FormatType.ShortFormat)
    assert model.headerData(Column.TIME, Qt.Orientation.Horizontal) == "Data e ora"
    assert model.data(model.index(0, Column.OUTCOME)) == "Esito sconosciuto"


# -- keyboard and screen readers -----------------------------------------------------------------

IN_CALL = Status(
    state=State.IN_CALL,
    server="tvox.example.com",
    user="mrossi",
    call=ActiveCall("1.1@x", "0212345678"),
)


@pytest.fixture
def shown_window(qtbot: QtBot, fake_session: FakeSession) -> MainWindow:
    fake_session.set_status(IN_CALL)  # everything enabled, the record toggle included
    window = make_window(qtbot, fake_session)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def tab_chain(qtbot: QtBot, window: MainWindow) -> list[QWidget]:
    """The widgets Tab visits, starting at the number field, until it comes round again."""
    window.number_field.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.number_field.hasFocus)
    chain: list[QWidget] = []
    current = QApplication.focusWidget()
    while current is not None and current not in chain and len(chain) < 100:
        chain.append(current)
        QTest.keyClick(current, Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
    assert current is window.number_field, "Tab does not come back to the number field"
    return chain


def global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def test_tab_visits_every_control_in_reading_order_and_each_has_a_name(
    qtbot: QtBot, shown_window: MainWindow
) -> None:
    window = shown_window
    chain = tab_chain(qtbot, window)

    for widget in chain:
        assert widget.accessibleName().strip(), widget
        assert widget.accessibleDescription().strip() or isinstance(widget, QLineEdit), widget

    reachable = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    assert set(reachable) <= set(chain)

    landmarks = [
        window.number_field,
        window.pad.button("1"),
        window.call_button,
        window.record_button,
        window.log_view.search,
        window.log_view.table,
    ]
    positions = [chain.index(w) for w in landmarks]
    assert positions == sorted(positions)

    # Reading order: each step goes down, or right into the next column; never back up-left.
    slack = 4
    for before, after in zip(chain, chain[1:], strict=False):
        a, b = global_rect(before), global_rect(after)
        below = b.top() >= a.top() - slack
        next_column = b.left() >= a.right() - slack
        same_row_leftwards = abs(b.top() - a.top()) <= slack and b.left() < a.left()
        assert below or next_column, (before, after)
        assert not same_row_leftwards, (before, after)
    assert isinstance(chain[-1], QTableView)


def test_every_action_has_its_shortcut_in_menus_and_tooltips(
    qtbot: QtBot, shown_window: MainWindow, fake_session: FakeSession
) -> None:
    window = shown_window
    in_menus = {a for m in window.menuBar().findChildren(QMenu) for a in m.actions()}
    by_key = {
        a.shortcut().toString(QKeySequence.SequenceFormat.PortableText): a
        for a in window.findChildren(QAction)
        if not a.shortcut().isEmpty()
    }
    for key in ("Ctrl+R", "Ctrl+F", "Ctrl+,", "Ctrl+Q"):
        assert by_key[key] in in_menus, key  # a menu shows the shortcut beside the entry
    assert "Ctrl+R" in window.record_button.toolTip()
    assert "Ctrl+F" in window.log_view.search.toolTip()
    assert "Esc" in window.call_button.toolTip()
    fake_session.set_status(IN_CALL.with_(state=State.READY, call=None))
    assert "Enter" in window.call_button.toolTip()

    with qtbot.waitSignal(window.settings_requested, timeout=TIMEOUT):
        QTest.keyClick(window.number_field, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.quit_requested, timeout=TIMEOUT):
        QTest.keyClick(window.number_field, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window.number_field, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.log_view.search.hasFocus()
    with qtbot.waitSignal(window.log_view.model.modelReset, timeout=TIMEOUT):
        QTest.keyClicks(window.log_view.search, "12")  # digits in the search box stay there
    assert window.log_view.search.text() == "12"
    assert window.number_field.text() == ""
