"""Stop the text cursor blinking once the agent stops typing: an idle panel costs no CPU."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

IDLE_MS = 10_000
_WAKE = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.FocusIn)


class BlinkLimiter(QObject):
    """Lets cursors blink for ``idle_ms`` after the last key, click or focus, then holds them
    steady (as GTK does). A blinking cursor repaints its field twice a second, all day.

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
        self._timer.start()

    @property
    def holding(self) -> bool:
        return QApplication.cursorFlashTime() == 0

    def hold(self) -> None:
        QApplication.setCursorFlashTime(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _WAKE:
            if self.holding:
                QApplication.setCursorFlashTime(self._flash)
            self._timer.start()
        return False
