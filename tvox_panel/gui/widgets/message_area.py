"""The line under the number: one message, or a short chooser when a text held several numbers.

It keeps one height whatever it shows, so that a warning or the chooser never moves the dial
pad below it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from tvox_panel.phone.intext import Found

BUTTONS_SHOWN = 3  # numbers offered as buttons; the others are under "More"


class Purpose(str, Enum):
    """What choosing a number does."""

    DIAL = "dial"
    PASTE = "paste"


class NumberChooser(QWidget):
    """One row: the question, a button per number (the rest under "More"), and Cancel.

    Signals:
        chosen(str): The agent picked this number (normalised).
        cancelled(): The agent dismissed the chooser.
    """

    chosen = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._found: list[Found] = []
        self._purpose = Purpose.DIAL
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self.question = QLabel(self)
        self._row.addWidget(self.question)
        self.buttons: list[QPushButton] = []
        self.more = QToolButton(self)
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self.more)
        self.more_menu.triggered.connect(self._picked_from_menu)
        self.more.setMenu(self.more_menu)
        self.cancel = QPushButton(self)
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(self.cancelled)
        self._row.addStretch(1)
        self._row.addWidget(self.more)
        self._row.addWidget(self.cancel)
        self.retranslate()

    @property
    def purpose(self) -> Purpose:
        return self._purpose

    @property
    def numbers(self) -> list[str]:
        """The numbers on offer, in the order of the text."""
        return [found.number for found in self._found]

    def offer(self, found: list[Found], purpose: Purpose) -> None:
        """Show ``found`` as choices; choosing one will ``purpose`` it."""
        self._found = list(found)
        self._purpose = purpose
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        for index, each in enumerate(found[:BUTTONS_SHOWN]):
            button = QPushButton(each.number, self)
            button.setObjectName(f"choice_{index}")
            button.setAutoDefault(True)  # Enter picks the focused choice
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, n=each.number: self.chosen.emit(n))
            self._row.insertWidget(1 + index, button)
            self.buttons.append(button)
        self.more_menu.clear()
        for each in found[BUTTONS_SHOWN:]:
            action = self.more_menu.addAction(each.number)
            action.setData(each.number)
        self.more.setVisible(len(found) > BUTTONS_SHOWN)
        self.retranslate()

    def _picked_from_menu(self, action: QAction) -> None:
        self.chosen.emit(str(action.data()))

    def retranslate(self) -> None:
        count = str(len(self._found))
        if self._purpose is Purpose.DIAL:
            text = self.tr("%1 numbers found. Call:").replace("%1", count)
        else:
            text = self.tr("%1 numbers found. Paste:").replace("%1", count)
        self.question.setText(text)
        self.question.setAccessibleName(self.tr("Numbers found"))
        self.question.setAccessibleDescription(text)
        for button, each in zip(self.buttons, self._found, strict=False):
            verb = self.tr("Call %1") if self._purpose is Purpose.DIAL else self.tr("Paste %1")
            button.setToolTip(verb.replace("%1", each.number))
            button.setAccessibleName(verb.replace("%1", each.number))
            button.setAccessibleDescription(verb.replace("%1", each.raw))
        self.more.setText(self.tr("More"))
        self.more.setAccessibleName(self.tr("More"))
        self.more.setAccessibleDescription(self.tr("The other numbers found"))
        self.more.setToolTip(self.tr("The other numbers found"))
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setAccessibleName(self.tr("Cancel"))
        self.cancel.setAccessibleDescription(self.tr("Dial none of them (Esc)"))
        self.cancel.setToolTip(self.tr("Dial none of them (Esc)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when its text does not fit (``text()`` keeps it all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        rect = self.contentsRect()
        elide = Qt.TextElideMode.ElideRight
        shown = self.fontMetrics().elidedText(self.text(), elide, rect.width())
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            rect,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


class MessageArea(QStackedWidget):
    """A fixed-height place for one warning (two lines at most) or the number chooser.

    It shows the session's errors and the window's own warnings, one at a time: a new one
    replaces the last; a session error stays while the panel is offline (it says why) and
    goes once the agent types on; the window's own warnings go as soon as the agent types.

    Signals:
        chosen(str, Purpose): A number was picked in the chooser.
    """

    chosen = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chooser = NumberChooser(self)
        self.chooser.chosen.connect(self._chosen)
        self.chooser.cancelled.connect(self.clear)
        self.addWidget(self.label)
        self.addWidget(self.chooser)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._own: Callable[[], str] | None = None  # the window's warning, in any language
        self._from_session = False
        self._last_session_error: str | None = None
        self._fix_height()

    def _fix_height(self) -> None:
        lines = self.label.fontMetrics().lineSpacing() * 2 + 2
        self.setFixedHeight(max(lines, self.chooser.sizeHint().height()))

    @property
    def choosing(self) -> bool:
        return self.currentWidget() is self.chooser

    def text(self) -> str:
        """The message shown ("" while choosing or empty)."""
        return "" if self.choosing else self.label.text()

    def _show(self, text: str) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)
        self.setCurrentWidget(self.label)

    def show_error(self, text: str) -> None:
        """A new error from the session (each one, even the same text again)."""
        self._own, self._from_session = None, True
        self._show("\u26a0 " + text)

    def warn(self, text: Callable[[], str]) -> None:
        """The window's own one-line warning; ``text`` gives it in the current language."""
        self._own, self._from_session = text, False
        self._show("\u26a0 " + text())

    def clear(self) -> None:
        self._own, self._from_session = None, False
        self._show("")

    def follow(self, error: str | None) -> None:
        """The session's status changed: show a new error; clear one the session cleared."""
        if error is None and self._from_session:
            self.clear()
        elif error is not None and error != self._last_session_error:
            self.show_error(error)
        self._last_session_error = error

    def typed(self, logged_in: bool) -> None:
        """The agent changed the number: warnings about what came before go."""
        if self._own is not None or self.choosing or (self._from_session and logged_in):
            self.clear()

    def offer(self, found: list[Found], purpose: Purpose) -> None:
        """Show the chooser for ``found``; the first choice takes the keyboard focus."""
        self._own, self._from_session = None, False
        self.chooser.offer(found, purpose)
        self.setCurrentWidget(self.chooser)
        if self.chooser.buttons:
            self.chooser.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def _chosen(self, number: str) -> None:
        purpose = self.chooser.purpose
        self.clear()
        self.chosen.emit(number, purpose)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and self._own is not None:
            self._show("\u26a0 " + self._own())
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fix_height()
        super().changeEvent(event)
