"""Windows that fit the screen: sized within its available area, dialogs centred on their window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What the window manager adds around a window, when it has not told us yet (before the
# first show, the frame is unknown): a title bar and thin borders.
TITLE_ALLOWANCE = 32
BORDER_ALLOWANCE = 8


def available_area(widget: QWidget) -> QRect:
    """The part of the widget's screen that windows may use (without panels and docks)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def _frame_extra(window: QWidget) -> QSize:
    """What the frame adds: as the window manager says once it has said, else an allowance."""
    frame = window.frameGeometry().size() - window.geometry().size()
    if window.isVisible() and frame.width() > 0 and frame.height() > 0:
        return frame
    return QSize(max(frame.width(), BORDER_ALLOWANCE), max(frame.height(), TITLE_ALLOWANCE))


def _inside(top_left: QPoint, size: QSize, area: QRect) -> QPoint:
    x = min(max(top_left.x(), area.left()), area.left() + max(0, area.width() - size.width()))
    y = min(max(top_left.y(), area.top()), area.top() + max(0, area.height() - size.height()))
    return QPoint(x, y)


def fit_to_screen(window: QWidget, default: QSize, minimum: QSize) -> None:
    """Give ``window`` its default size, or less when the screen's available area is smaller,
    and move it so that its frame lies inside that area."""
    area = available_area(window)
    extra = _frame_extra(window)
    room = QSize(area.width() - extra.width(), area.height() - extra.height())
    window.setMinimumSize(minimum.boundedTo(room))
    window.resize(window.size().expandedTo(default).boundedTo(room))
    outer = window.size() + extra
    window.move(_inside(window.frameGeometry().topLeft(), outer, area))


def center_on(dialog: QWidget, window: QWidget | None) -> None:
    """Place ``dialog`` centred on ``window`` (or on the screen), inside the available area,
    now and again when it is shown (its final size is known only then)."""
    _place(dialog, window)
    dialog.installEventFilter(_CentreOnShow(dialog, window))


def _place(dialog: QWidget, window: QWidget | None) -> None:
    area = available_area(window or dialog)
    extra = _frame_extra(dialog)
    room = QSize(area.width() - extra.width(), area.height() - extra.height())
    if dialog.width() > room.width() or dialog.height() > room.height():
        dialog.resize(dialog.size().boundedTo(room))
    outer = dialog.size() + extra
    if window is not None and window.isVisible():
        centre = window.frameGeometry().center()
    else:
        centre = area.center()
    top_left = QPoint(centre.x() - outer.width() // 2, centre.y() - outer.height() // 2)
    dialog.move(_inside(top_left, outer, area))


class _CentreOnShow(QObject):
    """Centres its dialog once more when it is shown, then stays out of the way."""

    def __init__(self, dialog: QWidget, window: QWidget | None) -> None:
        super().__init__(dialog)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            _place(watched, self._window)
            self.deleteLater()
        return False
