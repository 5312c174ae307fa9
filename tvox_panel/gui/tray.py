"""The system tray icon: state at a glance, quick actions, and notifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Signal, SignalInstance, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from tvox_panel.config.settings import Settings
from tvox_panel.gui.commands import clipboard_text, numbers_in
from tvox_panel.gui.icons import state_icon
from tvox_panel.gui.state import DialDecision, State, Status
from tvox_panel.phone.intext import Found

if TYPE_CHECKING:
    from tvox_panel.gui.state import Notice

RECENT_LIMIT = 5
# Which setting turns each kind of notice off.
NOTICE_SETTINGS = {
    "dial_failed": "notify_dial_failed",
    "rec_refused": "notify_rec_refused",
    "outcome_unknown": "notify_outcome_unknown",
    "connection_lost": "notify_connection",
    "connection_restored": "notify_connection",
    "rec_missing": "notify_rec_missing",
}
_CALM_NOTICES = frozenset({"connection_restored"})


class TraySession(Protocol):
    """What the tray needs of the Session."""

    @property
    def status_changed(self) -> SignalInstance: ...

    @property
    def notice(self) -> SignalInstance: ...

    @property
    def status(self) -> Status: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def needs_login(self) -> bool: ...

    def dial(self, text: str) -> DialDecision: ...

    def redial_last(self) -> DialDecision: ...

    def recent_numbers(self, limit: int = 5) -> list[str]: ...

    def hangup(self) -> bool: ...

    def toggle_recording(self) -> None: ...


class Tray(QObject):
    """The tray icon and its menu; the menu is rebuilt from the current state each time it opens.

    The menu exists (and can be tested) even where no tray is available; the icon itself is
    only created when :meth:`QSystemTrayIcon.isSystemTrayAvailable` says a tray host runs.

    Args:
        session: The panel's Session; its ``status_changed`` and ``notice`` are followed.
        clipboard: Returns the clipboard text (``True``: the primary selection).
        window_visible: Tells whether the main window is shown (for "Show/Hide panel").

    Signals:
        show_hide_requested(): Left click on the icon, or "Show/Hide panel".
        login_requested(): "Log in…" or "Reconnect" was chosen.
        settings_requested(): "Settings…" was chosen.
        quit_requested(): "Quit" was chosen.
        confirm_requested(str): A dial from the menu needs the agent's confirmation because
            the outcome of the last call to that number is unknown.
    """

    show_hide_requested = Signal()
    login_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()
    confirm_requested = Signal(str)
    autostart_toggled = Signal(bool)

    def __init__(
        self,
        session: TraySession,
        *,
        clipboard: Callable[[bool], str] = clipboard_text,
        window_visible: Callable[[], bool] = lambda: False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._clipboard = clipboard
        self._window_visible = window_visible
        self._menu = QMenu()
        self._menu.aboutToShow.connect(self._rebuild)
        self._menu.triggered.connect(self._triggered)
        self._menu.installEventFilter(self)  # a language change reaches the menu, not us
        self.destroyed.connect(self._menu.deleteLater)
        self._submenus: list[QMenu] = []
        self._icon: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._icon = QSystemTrayIcon(self)
            self._icon.setContextMenu(self._menu)
            self._icon.activated.connect(self._activated)
        session.status_changed.connect(self.set_status)
        session.notice.connect(self.show_notice)
        # The clipboard is read when the menu opens (aboutToShow), not at start-up: finding
        # numbers in it loads the phone-number tables.
        self.build_menu(session.status, look_in_clipboard=False)
        self.set_status(session.status)

    @property
    def available(self) -> bool:
        """True when a tray host shows the icon (only then may closing the window hide it)."""
        return self._icon is not None

    @property
    def menu(self) -> QMenu:
        return self._menu

    def show(self) -> None:
        if self._icon is not None:
            self._icon.show()

    def hide(self) -> None:
        if self._icon is not None:
            self._icon.hide()

    def tooltip(self, status: Status) -> str:
        """The state in words, e.g. "TVox Panel — ready (mrossi on tvox.example.com)"."""
        if status.state is State.IN_CALL:
            number = status.call.number if status.call else ""
            if status.recording:
                text = self.tr("in call with %1, recording").replace("%1", number)
            else:
                text = self.tr("in call with %1").replace("%1", number)
        elif status.state is State.DIALING:
            text = self.tr("dialling %1").replace("%1", status.dialing_number)
        elif status.state is State.READY:
            text = self.tr("ready")
        elif status.state is State.CONNECTING:
            text = self.tr("connecting")
        else:
            text = self.tr("offline")
        if status.user and status.server:
            where = self.tr("%1 on %2").replace("%1", status.user).replace("%2", status.server)
            text += f" ({where})"
        if status.demo:
            text += " " + self.tr("[demo]")
        if status.state is State.OFFLINE and status.error:
            text += f"\n{status.error}"
        return self.tr("TVox Panel — %1").replace("%1", text)

    @Slot(object)
    def set_status(self, status: Status) -> None:
        """Show ``status`` in the icon and tooltip."""
        if self._icon is not None:
            self._icon.setIcon(state_icon(status))
            self._icon.setToolTip(self.tooltip(status))

    def clipboard_numbers(self) -> list[Found]:
        """The phone numbers in the clipboard."""
        return numbers_in(self._clipboard(False), self._session.settings)

    @Slot()
    def _rebuild(self) -> None:
        self.build_menu(self._session.status)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The menu is rebuilt, in the language of the day, each time it opens; the tooltip
        # and an open menu follow a language change at once.
        # getattr: while the tray is being taken apart its menu may already be gone.
        menu = getattr(self, "_menu", None)
        if watched is menu and event.type() == QEvent.Type.LanguageChange:
            self.set_status(self._session.status)
            if self._menu.isVisible():
                self._rebuild()
        return False

    def build_menu(self, status: Status, *, look_in_clipboard: bool = True) -> QMenu:
        """Fill the menu for ``status`` and return it."""
        menu = self._menu
        menu.clear()
        for submenu in self._submenus:
            submenu.deleteLater()
        self._submenus = []
        ready = status.state is State.READY
        in_call = status.state is State.IN_CALL and status.call is not None

        found = self.clipboard_numbers() if look_in_clipboard else []
        if len(found) > 1:
            # Several numbers: the agent picks one here; nothing is dialled before that.
            title = self.tr("Dial from clipboard (%1 numbers)").replace("%1", str(len(found)))
            choices = self._submenu(menu, "dial_clipboard", title, ready)
            for index, each in enumerate(found):
                self._add(choices, f"clip_{index}", each.number, ready, each.number)
        elif found:
            label = self.tr("Dial %1 from clipboard").replace("%1", found[0].number)
            self._add(menu, "dial_clipboard", label, ready, found[0].number)
        else:
            label = self.tr("No phone number in the clipboard")
            self._add(menu, "dial_clipboard", label, False)

        recent = self._session.recent_numbers(RECENT_LIMIT)
        submenu = self._submenu(menu, "recent", self.tr("Recent numbers"), ready and bool(recent))
        for index, recent_number in enumerate(recent):
            self._add(submenu, f"recent_{index}", recent_number, ready, recent_number)
        redial = self.tr("Redial %1").replace("%1", recent[0]) if recent else self.tr("Redial last")
        self._add(menu, "redial", redial, ready and bool(recent))
        menu.addSeparator()

        recording = status.recording
        label = self.tr("Stop recording") if recording else self.tr("Start recording")
        pending = bool(status.call and status.call.rec_pending)
        self._add(menu, "record", label, in_call and not pending)
        self._add(menu, "hangup", self.tr("Hang up"), in_call)
        menu.addSeparator()

        label = self.tr("Hide panel") if self._window_visible() else self.tr("Show panel")
        self._add(menu, "show_hide", label, True)
        configured = self._session.settings.is_configured
        label = self.tr("Log in…") if self._session.needs_login else self.tr("Reconnect")
        self._add(menu, "login", label, configured and status.state is State.OFFLINE)
        self._add(menu, "settings", self.tr("Settings…"), True)
        login = self._add(menu, "start_at_login", self.tr("Start when I log in"), True)
        login.setCheckable(True)
        login.setChecked(self._session.settings.start_at_login)
        menu.addSeparator()
        self._add(menu, "quit", self.tr("Quit"), True)
        return menu

    def _submenu(self, menu: QMenu, name: str, title: str, enabled: bool) -> QMenu:
        submenu = menu.addMenu(title)
        submenu.setObjectName(name)
        submenu.setEnabled(enabled)
        self._submenus.append(submenu)
        return submenu

    def _add(
        self, menu: QMenu, name: str, text: str, enabled: bool, number: str | None = None
    ) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.setEnabled(enabled)
        action.setData(number)
        return action

    @Slot(QAction)
    def _triggered(self, action: QAction) -> None:
        """One slot for every menu entry (submenu entries reach it too)."""
        name = action.objectName()
        if name == "dial_clipboard" or name.startswith(("recent_", "clip_")):
            number = str(action.data())
            self._after_dial(number, self._session.dial(number))
        elif name == "redial":
            recent = self._session.recent_numbers(1)
            self._after_dial(recent[0] if recent else "", self._session.redial_last())
        elif name == "record":
            self._session.toggle_recording()
        elif name == "hangup":
            self._session.hangup()
        elif name == "show_hide":
            self.show_hide_requested.emit()
        elif name == "login":
            self.login_requested.emit()
        elif name == "settings":
            self.settings_requested.emit()
        elif name == "start_at_login":
            self.autostart_toggled.emit(action.isChecked())
        elif name == "quit":
            self.quit_requested.emit()

    def _after_dial(self, number: str, decision: DialDecision) -> None:
        if decision is DialDecision.NEEDS_CONFIRM:
            self.confirm_requested.emit(number)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:
            self.show_hide_requested.emit()

    @property
    def shows_messages(self) -> bool:
        """True when a tray host runs and shows this icon's messages."""
        return self._icon is not None and QSystemTrayIcon.supportsMessages()

    def wants_notice(self, notice: Notice) -> bool:
        """True when the settings let ``notice`` (a Session Notice) be shown."""
        name = NOTICE_SETTINGS.get(notice.kind)
        return True if name is None else bool(getattr(self._session.settings, name))

    @Slot(object)
    def show_notice(self, notice: Notice) -> bool:
        """Show a Session Notice as a tray message; False when hidden by settings or no tray."""
        if self._icon is None or not self.wants_notice(notice):
            return False
        if not QSystemTrayIcon.supportsMessages():
            return False
        kind = (
            QSystemTrayIcon.MessageIcon.Information
            if notice.kind in _CALM_NOTICES
            else QSystemTrayIcon.MessageIcon.Warning
        )
        self._icon.showMessage(notice.title, notice.text, kind)
        return True
