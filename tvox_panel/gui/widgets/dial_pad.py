"""The dial pad (long-press 0 gives +) and the number field that finds pasted numbers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from tvox_panel.phone.intext import Found, find_phone_numbers

NumberFinder = Callable[[str], list[Found]]
"""Finds the phone numbers in free text."""

# (key, letters) in phone order; letters are the ITU E.161 groups printed on phone keys.
_KEYS: tuple[tuple[str, str], ...] = (
    ("1", ""),
    ("2", "ABC"),
    ("3", "DEF"),
    ("4", "GHI"),
    ("5", "JKL"),
    ("6", "MNO"),
    ("7", "PQRS"),
    ("8", "TUV"),
    ("9", "WXYZ"),
    ("*", ""),
    ("0", "+"),
    ("#", ""),
)


class DialPad(QWidget):
    """A phone keypad that types into whatever the owner connects it to.

    Keys do not take focus on click (they are reachable with Tab), so typing continues in the
    number field while the mouse is used. Holding 0 for ``long_press_ms`` types '+' instead.

    Signals:
        key_pressed(str): one of ``0-9 * # +``.
        backspace_pressed(): the backspace key was clicked.

    Args:
        parent: the owning widget.
        long_press_ms: how long 0 must be held to give '+'.
    """

    key_pressed = Signal(str)
    backspace_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, *, long_press_ms: int = 600) -> None:
        super().__init__(parent)
        self._buttons: dict[str, QPushButton] = {}
        self._long_fired = False
        self._long_timer = QTimer(self)
        self._long_timer.setSingleShot(True)
        self._long_timer.setInterval(long_press_ms)
        self._long_timer.timeout.connect(self._on_long_press)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        for index, (key, letters) in enumerate(_KEYS):
            button = self._make_button(key, letters)
            grid.addWidget(button, index // 3, index % 3)
        plus = self._make_button("+", "")
        grid.addWidget(plus, 4, 0)
        back = self._make_button("backspace", "")
        back.setText("\u232b")
        back.setAutoRepeat(True)
        back.clicked.connect(self.backspace_pressed)
        self._buttons["backspace"] = back
        grid.addWidget(back, 4, 1, 1, 2)

        zero = self._buttons["0"]
        zero.pressed.connect(self._on_zero_pressed)
        zero.released.connect(self._long_timer.stop)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language (at start and on a language change)."""
        self.setAccessibleName(self.tr("Dial pad"))
        self.setAccessibleDescription(
            self.tr("Phone keys that type into the number field. Hold 0 to type +.")
        )
        for key, button in self._buttons.items():
            if key == "backspace":
                button.setAccessibleName(self.tr("Backspace"))
                button.setAccessibleDescription(self.tr("Delete the last character of the number"))
                button.setToolTip(self.tr("Delete the last character (Backspace)"))
                continue
            spoken = {"*": self.tr("Star"), "#": self.tr("Hash"), "+": self.tr("Plus")}
            button.setAccessibleName(spoken.get(key, key))
            button.setAccessibleDescription(
                self.tr("Type %1 into the number field").replace("%1", key)
            )
            if key == "0":
                button.setToolTip(self.tr("Type 0; hold to type +"))
            elif key == "+":
                button.setToolTip(self.tr("Type + (international prefix); or hold 0"))
            else:
                button.setToolTip(self.tr("Type %1").replace("%1", key))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def button(self, key: str) -> QPushButton:
        """The button for ``key``: ``"0"``-``"9"``, ``"*"``, ``"#"``, ``"+"`` or ``"backspace"``."""
        return self._buttons[key]

    def buttons(self) -> list[QPushButton]:
        """Every key in layout order (for tab order)."""
        return list(self._buttons.values())

    def _make_button(self, key: str, letters: str) -> QPushButton:
        text = f"{key}\n{letters}" if letters else key
        button = QPushButton(text, self)
        button.setObjectName(f"dial_key_{key}")
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAutoDefault(False)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setMinimumSize(QSize(48, 32))
        font = QFont(button.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        button.setFont(font)
        if key == "0":
            button.clicked.connect(self._on_zero_clicked)
        elif key in "123456789*#+":
            button.clicked.connect(lambda _checked=False, k=key: self.key_pressed.emit(k))
        self._buttons[key] = button
        return button

    def _on_zero_pressed(self) -> None:
        self._long_fired = False
        self._long_timer.start()

    def _on_long_press(self) -> None:
        if self._buttons["0"].isDown():
            self._long_fired = True
            self.key_pressed.emit("+")

    def _on_zero_clicked(self) -> None:
        self._long_timer.stop()
        if self._long_fired:
            self._long_fired = False
            return
        self.key_pressed.emit("0")

    def sizeHint(self) -> QSize:
        return QSize(220, 230)


class NumberField(QLineEdit):
    """A line edit for phone numbers: pasted or dropped text is reduced to the number in it.

    Pasting "Call Mario at +39 02 1234 5678 please" inserts ``+390212345678``. When the text
    holds several phone numbers nothing is inserted and ``numbers_found`` offers them; when it
    holds none, nothing is inserted and ``nothing_found`` says so.

    Signals:
        numbers_found(list): the pasted text holds these phone numbers (``Found``, two or more).
        nothing_found(): the pasted text holds no phone number.

    Args:
        parent: the owning widget.
        finder: finds the phone numbers in text (default: ``find_phone_numbers`` for Italy).
    """

    numbers_found = Signal(list)
    nothing_found = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, finder: NumberFinder | None = None
    ) -> None:
        super().__init__(parent)
        self._finder: NumberFinder = finder or find_phone_numbers

    def set_finder(self, finder: NumberFinder) -> None:
        self._finder = finder

    def paste_text(self, text: str) -> None:
        """Insert the one number found in ``text`` (replacing the selection)."""
        if not text.strip():
            return
        found = self._finder(text)
        if len(found) == 1:
            self.insert(found[0].number)
        elif found:
            self.numbers_found.emit(found)
        else:
            self.nothing_found.emit()

    def paste_clipboard(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and not self.isReadOnly():
            self.paste_clipboard()
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(self.paste_clipboard)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasText() and not self.isReadOnly():
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.paste_text(mime.text())
            event.acceptProposedAction()
            return
        super().dropEvent(event)
