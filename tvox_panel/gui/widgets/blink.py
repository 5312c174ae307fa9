"""Stop the text cursor blinking once the agent stops typing: an idle panel costs no CPU."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication, QWidget

IDLE_MS = 10_000
_WAKE = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress)
_USER_FOCUS = (
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)


class BlinkLimiter(QObject):
    """Lets cursors blink for ``idle_ms`` after the last key, click or focus change by the
    user, then holds them steady (as GTK does). A blinking cursor repaints its field twice a
    second, all day. The cursor starts steady: the panel often starts with the session,
    long before anyone types into it.

    Args:
        widgets: The text fields to watch.
        idle_ms: How long the cursor keeps blinking after the last input.
    """

    def __init__(self, widgets: list[QWidget], idle_ms: int = IDLE_MS) -> None:
        super().__init__(widgets[0] if widgets else None)
        self._flash = QApplication.cursorFlashTime() or 1000
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(idle_ms)
        self._timer.timeout.connect(self.hold)
        for widget in widgets:
            widget.installEventFilter(self)
        self.hold()

    @property
    def holding(self) -> bool:
        return QApplication.cursorFlashTime() == 0

    def hold(self) -> None:
        QApplication.setCursorFlashTime(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        by_user = isinstance(event, QFocusEvent) and event.reason() in _USER_FOCUS
        if event.type() in _WAKE or (event.type() == QEvent.Type.FocusIn and by_user):
            if self.holding:
                QApplication.setCursorFlashTime(self._flash)
            self._timer.start()
        return False
