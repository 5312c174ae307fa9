"""Notifier: a notice reaches the agent by the tray, the desktop's notifications, or a banner."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal, Slot

from tvox_panel.desktop import notify as desktop

if TYPE_CHECKING:
    from tvox_panel.gui.state import Notice

log = logging.getLogger("tvox_panel.notify")


class Notifier(QObject):
    """Shows each Session notice the way this desktop can.

    The tray shows its own messages when a tray host runs; else the desktop's notification
    service over D-Bus (asked from a thread: a bus that hangs never freezes the panel); else,
    or when that fails, the window's own message line.

    Args:
        wanted: Whether the settings let a notice be shown.
        tray: True when the tray shows notices itself.
        banner: Shows a notice in the window.
        desktop_notify: Sends (title, body, urgent) to the desktop; False when nobody shows it.

    Signals:
        shown(str, Notice): how a notice was shown: ``tray``, ``desktop`` or ``banner``.
    """

    shown = Signal(str, object)
    _desktop_failed = Signal(object)

    def __init__(
        self,
        *,
        wanted: Callable[[Notice], bool],
        tray: Callable[[], bool],
        banner: Callable[[Notice], None],
        desktop_notify: Callable[[str, str, bool], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._wanted = wanted
        self._tray = tray
        self._banner = banner
        self._desktop = desktop_notify or _desktop_notify
        self._desktop_failed.connect(self._show_banner)  # queued back from the thread

    @Slot(object)
    def notify(self, notice: Notice) -> None:
        if not self._wanted(notice):
            return
        if self._tray():
            self.shown.emit("tray", notice)
            return
        urgent = notice.kind not in ("connection_restored",)

        def send() -> None:
            if self._desktop(notice.title, notice.text, urgent):
                self.shown.emit("desktop", notice)
            else:
                self._desktop_failed.emit(notice)

        threading.Thread(target=send, name="notify", daemon=True).start()

    @Slot(object)
    def _show_banner(self, notice: Notice) -> None:
        self._banner(notice)
        self.shown.emit("banner", notice)


def _desktop_notify(title: str, body: str, urgent: bool) -> bool:
    return desktop.notify(title, body, urgent=urgent)
