"""The main window: number field with preview, dial pad, call and record controls, call log."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QMetaObject, QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import Settings
from tvox_panel.gui.state import DialDecision, State, Status
from tvox_panel.gui.widgets.blink import BlinkLimiter
from tvox_panel.gui.widgets.call_controls import CallControls, describe_widget
from tvox_panel.gui.widgets.call_log_view import CallLogView
from tvox_panel.gui.widgets.dial_pad import DialPad, NumberField
from tvox_panel.gui.widgets.geometry import fit_to_screen
from tvox_panel.gui.widgets.message_area import ElidedLabel, MessageArea, Purpose
from tvox_panel.gui.widgets.status_text import call_state_text, status_line
from tvox_panel.phone.intext import Found, find_phone_numbers

DIAL_KEYS = frozenset("0123456789*#+")
DEFAULT_SIZE = QSize(640, 720)
MINIMUM_SIZE = QSize(400, 440)


class PanelSession(Protocol):
    """What the window needs of ``tvox_panel.gui.session.Session``."""

    status_changed: Any
    log_changed: Any
    error_occurred: Any

    @property
    def status(self) -> Status: ...
    @property
    def needs_login(self) -> bool: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def call_log(self) -> CallLog: ...
    def preview(self, text: str) -> Any: ...
    def dial(
        self,
        text: str,
        *,
        confirmed: bool = False,
        job_label: str | None = None,
        service_code: str | None = None,
    ) -> DialDecision: ...
    def hangup(self) -> bool: ...
    def set_recording(self, on: bool) -> None: ...
    def recent_numbers(self, limit: int = 5) -> list[str]: ...


class MainWindow(QMainWindow):
    """The panel window. It renders Session's Status and turns user input into Session calls.

    Signals:
        settings_requested(): the user asked for the settings dialog (Ctrl+,).
        login_requested(): the user asked to log in or reconnect (Ctrl+L).
        quit_requested(): the user asked to quit (Ctrl+Q).
        close_requested(): the window is being closed (hidden when close-to-tray is on).

    Args:
        session: a Session (or anything shaped like :class:`PanelSession`).
        parent: the owning widget.
        confirm: asks a yes/no question; default a QMessageBox. Also replaceable as ``_confirm``.
        clock: epoch seconds, for the recording timer.
        long_press_ms: how long 0 is held on the pad to type '+'.
        debounce_ms: the call log search delay.
    """

    settings_requested = Signal()
    login_requested = Signal()
    quit_requested = Signal()
    close_requested = Signal()

    def __init__(
        self,
        session: PanelSession,
        parent: QWidget | None = None,
        *,
        confirm: Callable[[str], bool] | None = None,
        clock: Callable[[], float] = time.time,
        long_press_ms: int = 600,
        debounce_ms: int = 150,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._confirm_fn = confirm
        self._close_to_tray = False
        self._status = Status()
        self._preview_number: str | None = None
        self._tags_touched = False
        self._privileged_shown = False
        self._fitted = False
        self._build(long_press_ms, debounce_ms, clock)
        self._build_actions()
        self._redraw_due = False
        session.status_changed.connect(self._render)
        session.error_occurred.connect(self.message_area.show_error)
        session.log_changed.connect(self.log_view.schedule_refresh)
        self.retranslate()
        self.number_field.setFocus()

    # -- construction --------------------------------------------------------------------------

    def _build(self, long_press_ms: int, debounce_ms: int, clock: Callable[[], float]) -> None:
        # A scroll area keeps every part reachable on a small screen at a large scale.
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCentralWidget(self.scroll_area)
        central = QWidget(self.scroll_area)
        self.scroll_area.setWidget(central)
        outer = QVBoxLayout(central)

        self.number_field = NumberField(central, finder=self._find_numbers)
        big = QFont(self.number_field.font())
        big.setPointSizeF(big.pointSizeF() * 1.6)
        self.number_field.setFont(big)
        self.number_field.setClearButtonEnabled(True)
        self.number_field.textChanged.connect(self._on_text_changed)
        self.number_field.numbers_found.connect(self._offer_pasted)
        self.number_field.nothing_found.connect(self._nothing_pasted)
        outer.addWidget(self.number_field)
        self.preview_label = ElidedLabel(central)
        self.preview_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.preview_label)
        self.message_area = MessageArea(central)
        self.message_area.chosen.connect(self._number_chosen)
        self.error_label = self.message_area.label
        self.chooser = self.message_area.chooser
        outer.addWidget(self.message_area)

        middle = QHBoxLayout()
        self.pad = DialPad(central, long_press_ms=long_press_ms)
        self.pad.key_pressed.connect(self.type_key)
        self.pad.backspace_pressed.connect(self.number_field.backspace)
        middle.addWidget(self.pad, 3)
        self.controls = CallControls(central, clock=clock)
        self.controls.call_clicked.connect(self._on_call_clicked)
        self.controls.record_clicked.connect(self.toggle_recording)
        self.controls.tags_edited.connect(self._on_tags_edited)
        self.call_button = self.controls.call_button
        self.record_button = self.controls.record_button
        middle.addWidget(self.controls, 2)
        outer.addLayout(middle)

        self.log_view = CallLogView(self.session.call_log, central, debounce_ms=debounce_ms)
        self.log_view.redial_requested.connect(self.redial)
        self.log_view.log_edited.connect(self.session.log_changed)
        self.log_view.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.log_view.table.installEventFilter(self)
        self._blink = BlinkLimiter(self.findChildren(QLineEdit))
        outer.addWidget(self.log_view, 1)

        # Below the log: showing it moves neither the number nor the pad.
        self.notice_bar = QFrame(central)
        self.notice_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice_label = QLabel(self.notice_bar)
        self.notice_label.setWordWrap(True)
        self.notice_dismiss = QPushButton(self.notice_bar)
        self.notice_dismiss.clicked.connect(self.notice_bar.hide)
        bar = QHBoxLayout(self.notice_bar)
        bar.addWidget(self.notice_label, 1)
        bar.addWidget(self.notice_dismiss)
        self.notice_bar.hide()
        outer.addWidget(self.notice_bar)

        self.status_label = QLabel(self)
        self.statusBar().addWidget(self.status_label, 1)
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DEFAULT_SIZE)

        chain: list[QWidget] = [self.number_field, *self.pad.buttons()]
        chain += self.controls.focus_chain()
        chain += [self.log_view.search, self.log_view.export_button, self.log_view.clear_button]
        chain += [self.log_view.table]
        for first, second in zip(chain, chain[1:], strict=False):
            self.setTabOrder(first, second)

    def _build_actions(self) -> None:
        def action(shortcut: str, slot: Callable[[], Any]) -> QAction:
            act = QAction(self)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            return act

        self.login_action = action("Ctrl+L", self.login_requested.emit)
        self.settings_action = action("Ctrl+,", self.settings_requested.emit)
        self.quit_action = action("Ctrl+Q", self.quit_requested.emit)
        self.record_action = action("Ctrl+R", self.toggle_recording)
        self.search_action = action("Ctrl+F", self.log_view.focus_search)
        self.paste_action = action("Ctrl+V", self.number_field.paste_clipboard)
        self.panel_menu = self.menuBar().addMenu("")
        self.panel_menu.addAction(self.login_action)
        self.panel_menu.addAction(self.settings_action)
        self.panel_menu.addSeparator()
        self.panel_menu.addAction(self.quit_action)
        self.call_menu = self.menuBar().addMenu("")
        self.call_menu.addAction(self.paste_action)
        self.call_menu.addAction(self.record_action)
        self.call_menu.addAction(self.search_action)

    def retranslate(self) -> None:
        """Set every text in the current language (at start and on a language change)."""
        describe_widget(
            self.number_field,
            self.tr("Number to call"),
            self.tr(
                "Type or paste a number; Enter calls it. Pasted text is reduced to its number."
            ),
        )
        self.number_field.setPlaceholderText(self.tr("Number to call"))
        self.number_field.setToolTip(self.tr("Type or paste a number, then press Enter to call"))
        describe_widget(
            self.preview_label, self.tr("Number preview"), self.tr("What will be dialled")
        )
        describe_widget(
            self.error_label, self.tr("Last error"), self.tr("The last problem reported")
        )
        self.notice_label.setAccessibleName(self.tr("Notice"))
        self.notice_dismiss.setText(self.tr("Dismiss"))
        describe_widget(self.notice_dismiss, self.tr("Dismiss notice"), self.tr("Hide this notice"))
        if self._privileged_shown:
            self.notice_label.setText(self._privileged_text())
        describe_widget(
            self.status_label, self.tr("Connection"), self.tr("Connection and login state")
        )
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.record_action.setText(self.tr("&Record"))
        self.search_action.setText(self.tr("&Search log"))
        self.paste_action.setText(self.tr("&Paste number"))
        self.panel_menu.setTitle(self.tr("&Panel"))
        self.call_menu.setTitle(self.tr("&Call"))
        self._render(self.session.status)
        self._update_tag_placeholders()
        self._on_text_changed(self.number_field.text(), typed=False)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self, DEFAULT_SIZE, MINIMUM_SIZE)

    # -- rendering -----------------------------------------------------------------------------

    def _privileged_text(self) -> str:
        return self.tr(
            "Supervisor login on an agent desktop: this panel holds a Supervisor "
            "credential. Lock the screen when you leave the desk."
        )

    def _render(self, status: Status) -> None:
        handed_over = status.state == State.DIALING and self._status.state != State.DIALING
        self._status = status  # what the next click or key acts on: current at once
        if not handed_over:
            self._render_now()
        elif not self._redraw_due:
            # A dial was just handed over (from this window, the tray, a link or the command
            # socket): the window draws it on the next turn of the event loop, so the request
            # leaves first (the worker writes it while nothing on this thread holds the
            # interpreter), and the pixels appear at the same paint. Should the worker's
            # answer come first, it draws at once and this redraw repeats the newest state.
            self._redraw_due = True
            QMetaObject.invokeMethod(self, "_render_now", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _render_now(self) -> None:
        self._redraw_due = False
        status = self._status
        # Empty: the desktop shows the application's name ("TVox Panel") on its own.
        title = self.tr("Demo") if status.demo else ""
        if title != self.windowTitle():  # unchanged on most redraws; each set reaches the WM
            self.setWindowTitle(title)
        self.controls.show_status(status, call_state_text(status, self._display))
        self.record_action.setEnabled(status.state == State.IN_CALL)
        needs_login = self.session.needs_login
        self.login_action.setText(self.tr("&Log in…") if needs_login else self.tr("&Reconnect"))
        configured = self.session.settings.is_configured
        self.login_action.setEnabled(configured and status.state == State.OFFLINE)
        self.status_label.setText(status_line(status, configured, needs_login))
        self.message_area.follow(status.error)
        if status.privileged and not self._privileged_shown:
            self._privileged_shown = True
            self.notice_label.setText(self._privileged_text())
            self.notice_bar.show()

    def _display(self, number: str) -> str:
        return str(self.session.preview(number).display or number)

    # -- the message line ----------------------------------------------------------------------

    def say(self, text: Callable[[], str]) -> None:
        """Show the window's own one-line warning; ``text`` gives it in the current language."""
        self.message_area.warn(text)

    @property
    def message(self) -> str:
        """The message line as the agent reads it ("" when empty or showing the chooser)."""
        return self.message_area.text()

    # -- number and tags -----------------------------------------------------------------------

    def _find_numbers(self, text: str) -> list[Found]:
        s = self.session.settings
        return find_phone_numbers(text, s.region, s.find_min_digits, s.find_max_digits)

    def offer_numbers(self, found: list[Found], purpose: Purpose = Purpose.DIAL) -> None:
        """Let the agent pick one of several numbers found in a text; nothing happens until then."""
        self.message_area.offer(found, purpose)

    def _offer_pasted(self, found: list[Found]) -> None:
        self.offer_numbers(found, Purpose.PASTE)

    def _nothing_pasted(self) -> None:
        self.say(lambda: self.tr("No phone number in the pasted text."))

    def _number_chosen(self, number: str, purpose: Purpose) -> None:
        if purpose is Purpose.PASTE:
            self.number_field.insert(number)
            self.number_field.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.redial(number)

    def type_key(self, key: str) -> None:
        """Type one dial key into the number field (replacing a selection)."""
        self.number_field.insert(key)

    def _on_text_changed(self, text: str, typed: bool = True) -> None:
        if typed:
            self.message_area.typed(self._status.logged_in)
        preview = self.session.preview(text)
        if preview.error:
            self.preview_label.setText("\u26a0 " + str(preview.error))
        elif preview.number:
            # Exactly what will be sent: "Send as typed" sends the digits as typed.
            self.preview_label.setText("\u2192 " + str(preview.number))
        else:
            self.preview_label.setText(self.tr("Type a number, paste one, or use the pad"))
        self.number_field.setAccessibleDescription(self.preview_label.text())
        number = preview.number
        if number != self._preview_number:
            self._preview_number = number
            if number and not self._tags_touched:
                job, code = self.session.settings.job_for(number) or ("", "")
                self.controls.set_tags(job, code)

    def _on_tags_edited(self) -> None:
        self._tags_touched = True

    def _update_tag_placeholders(self) -> None:
        s = self.session.settings
        self.controls.set_tag_defaults(s.job_label, s.service_code)

    def settings_applied(self) -> None:
        """Re-read settings-dependent hints (call after Session.apply_settings)."""
        self._update_tag_placeholders()
        self._on_text_changed(self.number_field.text(), typed=False)
        self._render(self.session.status)

    # -- actions -------------------------------------------------------------------------------

    def dial_current(self) -> DialDecision | None:
        """Call the number in the field; an empty field is filled with the last number instead."""
        text = self.number_field.text().strip()
        if not text:
            recent = self.session.recent_numbers(1)
            if recent:
                self.number_field.setText(recent[0])
                self.number_field.selectAll()
            return None
        job: str | None = None
        code: str | None = None
        if self._tags_touched:
            job, code = self.controls.tags()
        decision = self.session.dial(text, job_label=job, service_code=code)
        if decision == DialDecision.NEEDS_CONFIRM:
            number = self.session.preview(text).display or text
            question = self.tr(
                "The last call to %1 may have been placed (no answer from the server). Call again?"
            ).replace("%1", str(number))
            if not self._confirm(question):
                return decision
            decision = self.session.dial(text, confirmed=True, job_label=job, service_code=code)
        if decision == DialDecision.STARTED:
            self._tags_touched = False
            self.number_field.selectAll()
        elif decision == DialDecision.IGNORED:
            self._say_busy()
        return decision

    def _say_busy(self) -> None:
        if self._status.state == State.IN_CALL:
            self.say(lambda: self.tr("A call is in progress: hang up (Esc) before the next one."))
        else:
            self.say(lambda: self.tr("A call is being placed: wait for the server's answer."))

    def _confirm(self, question: str) -> bool:
        if self._confirm_fn is not None:
            return self._confirm_fn(question)
        answer = QMessageBox.question(
            self,
            self.tr("Call again?"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def redial(self, number: str) -> None:
        """Put ``number`` in the field and call it (from the call log or the chooser)."""
        self.number_field.setText(number)
        self.dial_current()

    def hang_up(self) -> bool:
        return bool(self.session.hangup())

    def toggle_recording(self) -> None:
        """Ask for the opposite of what the server says; the button follows Status, not clicks."""
        if self._status.state == State.IN_CALL:
            self.session.set_recording(not self._status.recording)
        self.record_button.setChecked(self._status.recording)

    def _on_call_clicked(self) -> None:
        if self._status.state == State.IN_CALL:
            self.hang_up()
        else:
            self.dial_current()

    # -- keyboard and window -------------------------------------------------------------------

    def _key_action(self, event: QKeyEvent) -> bool:
        """Handle dial keys, Enter, Escape and Backspace; True when handled."""
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        text = event.text()
        if mods == Qt.KeyboardModifier.NoModifier and len(text) == 1 and text in DIAL_KEYS:
            self.number_field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.type_key(text)
            return True
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.dial_current()
            return True
        if event.key() == Qt.Key.Key_Escape:
            if self.message_area.choosing:
                self.message_area.clear()
                self.number_field.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.hang_up()
            return True
        if event.key() == Qt.Key.Key_Backspace:
            self.number_field.backspace()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._key_action(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The log table would swallow digits for its type-ahead search: send them to the field.
        if (
            watched is self.log_view.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and len(event.text()) == 1
            and event.text() in DIAL_KEYS
        ):
            return self._key_action(event)
        return super().eventFilter(watched, event)

    def set_close_to_tray(self, on: bool) -> None:
        """When on, closing the window hides it instead of closing it."""
        self._close_to_tray = on

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_requested.emit()
        if self._close_to_tray:
            event.ignore()
            self.hide()
            return
        self.controls.stop_timers()
        event.accept()
