"""The settings dialog: every Settings field, a connection test, validation on OK."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from tvox_panel.config.settings import FIELDS, InvalidSetting, JobMemory, Settings
from tvox_panel.gui.widgets.geometry import BORDER_ALLOWANCE, TITLE_ALLOWANCE, available_area
from tvox_panel.gui.widgets.settings_fields import APP, CALLS, SERVER, choices, field_texts


class SettingsSession(Protocol):
    """What the dialog needs of ``tvox_panel.gui.session.Session``."""

    connection_tested: Any

    @property
    def settings(self) -> Settings: ...
    @property
    def has_password(self) -> bool: ...
    def can_remember_password(self) -> bool: ...
    def test_connection(self, settings: Settings, password: str) -> None: ...
    def apply_settings(
        self, settings: Settings, password: str | None = None, remember: bool = False
    ) -> None: ...


EXAMPLE_SERVER = "https://tvox.example.com"


class SettingsDialog(QDialog):
    """Edit the panel's settings and the password; OK validates, saves and reconnects.

    Args:
        session: a Session (or anything shaped like :class:`SettingsSession`).
        parent: the owning widget.
        settings: the values to start from (default ``session.settings``).
    """

    def __init__(
        self,
        session: SettingsSession,
        parent: QWidget | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._base = settings if settings is not None else session.settings
        self._job_memory: JobMemory = dict(self._base.job_labels_by_number)
        self._keyring = session.can_remember_password()
        self.widgets: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._groups: dict[str, QGroupBox] = {}
        self._suffixed: list[QSpinBox | QDoubleSpinBox] = []
        self._browse: QPushButton | None = None

        server = self._group("server", SERVER[:3])
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(self.password.fontMetrics().averageCharWidth() * 24)
        form = _form(server)
        self._labels["password"] = QLabel(self)
        form.addRow(self._labels["password"], self.password)
        self.remember = self._check("remember_password")
        form.addRow("", self.remember)
        self.keyring_note = QLabel(self)
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(not self._keyring)
        form.addRow("", self.keyring_note)
        self._add_rows(server, SERVER[3:])
        self.test_button = QPushButton(self)
        self.test_button.clicked.connect(self.test_connection)
        # Its own row, as wide as the group: two lines of answer are never cut.
        self.test_result = QLabel(self)
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_result.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        form.addRow(self.test_button)
        form.addRow(self.test_result)
        calls = self._group("calls", CALLS)
        self.forget_tags = QPushButton(self)
        self.forget_tags.clicked.connect(self._forget_tags)
        _form(calls).addRow("", self.forget_tags)
        self._group("app", APP)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # The groups scroll when the screen is too small for them (150 % on 1366x768);
        # the buttons stay in view.
        self.content = QWidget(self)
        self._grid = QGridLayout(self.content)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._columns = 0
        self._arrange(2)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.load(self._base)
        if not self._keyring:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
        self.retranslate()
        self.fit()
        session.connection_tested.connect(self._on_tested)

    def retranslate(self) -> None:
        """Set every text in the current language (at start and on a language change)."""
        texts = field_texts()
        self.setWindowTitle(self.tr("Settings"))
        titles = {
            "server": self.tr("Server && login"),
            "calls": self.tr("Calls"),
            "app": self.tr("Application"),
        }
        for key, box in self._groups.items():
            box.setTitle(titles[key])
        for name, widget in self.widgets.items():
            label, description = texts[name]
            if isinstance(widget, QCheckBox):
                widget.setText(label)
                self._describe(widget, label, description)
            else:
                self._labels[name].setText(label)
                self._describe(widget, label.rstrip(":"), description)
            if isinstance(widget, QComboBox):
                for index, (_value, text) in enumerate(choices(name)):
                    widget.setItemText(index, text)
        for spin in self._suffixed:
            spin.setSuffix(self.tr(" s"))
        poll = self.widgets["poll_interval"]
        if isinstance(poll, QSpinBox):
            poll.setSpecialValueText(self.tr("Off"))
        server = self.widgets["server"]
        if isinstance(server, QLineEdit):
            server.setPlaceholderText(self.tr("e.g. %1").replace("%1", EXAMPLE_SERVER))
        self._labels["password"].setText(self.tr("Password:"))
        self._describe(self.password, self.tr("Password"), self.tr("The TVox login password"))
        # "Unchanged" only means something when there is a password to keep.
        if self.session.has_password:
            self.password.setPlaceholderText(self.tr("Unchanged when empty"))
        else:
            self.password.setPlaceholderText("")
        self.keyring_note.setText(
            self.tr("No working keyring on this system: the password is asked at each start.")
        )
        if not self._keyring:
            self.remember.setToolTip(self.keyring_note.text())
        if self._browse is not None:
            self._browse.setText(self.tr("Browse…"))
            self._describe(self._browse, self.tr("Browse"), self.tr("Choose the CA bundle file"))
        self.test_button.setText(self.tr("Test connection"))
        self._describe(
            self.test_button,
            self.tr("Test connection"),
            self.tr("Log in once with these settings and show the answer"),
        )
        self._describe(self.test_result, self.tr("Test result"), self.tr("The connection test"))
        self._describe(
            self.forget_tags,
            self.tr("Forget remembered tags"),
            self.tr("Forget the job label and service code remembered for each number"),
        )
        self._update_forget_text()
        self._describe(
            self.error_label, self.tr("Problem"), self.tr("Why the settings were refused")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.fit()
        super().changeEvent(event)

    def sizeHint(self) -> QSize:
        """Room for every group without scrolling, the buttons and a message."""
        layout = self.layout()
        assert layout is not None
        margins = layout.contentsMargins()
        # Wrapped lines (the connection test's answer) may need more than the hint says.
        natural = self.content.sizeHint().expandedTo(self.content.minimumSizeHint())
        width = natural.width()
        height = max(self.content.heightForWidth(width), natural.height())
        height += self.buttons.sizeHint().height() + 2 * layout.spacing()
        if self.error_label.isVisibleTo(self):
            height += self.error_label.heightForWidth(width)
        width += margins.left() + margins.right()
        return QSize(width, height + margins.top() + margins.bottom())

    def _arrange(self, columns: int) -> None:
        """The groups side by side (two columns) or one above the other (a narrow screen)."""
        if columns == self._columns:
            return
        self._columns = columns
        grid = self._grid
        server, calls, app = self._groups["server"], self._groups["calls"], self._groups["app"]
        for box in (server, calls, app):
            grid.removeWidget(box)
        if columns == 2:
            grid.addWidget(server, 0, 0)
            grid.addWidget(app, 1, 0)
            grid.addWidget(calls, 0, 1, 2, 1)
            grid.setColumnStretch(1, 1)
        else:
            grid.addWidget(server, 0, 0)
            grid.addWidget(calls, 1, 0)
            grid.addWidget(app, 2, 0)
            grid.setColumnStretch(1, 0)
        grid.setColumnStretch(0, 1)
        grid.invalidate()

    def fit(self) -> None:
        """Take the size the content asks for, within the screen; scroll past that.

        Where two columns of groups are wider than the screen, they go one above the other.
        """
        room = available_area(self).size() - QSize(BORDER_ALLOWANCE, TITLE_ALLOWANCE)
        self._arrange(2)
        if self.sizeHint().width() > room.width():
            self._arrange(1)
        wanted = self.sizeHint()
        if wanted.height() > room.height():  # it scrolls: make room for the scroll bar
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            wanted.setWidth(wanted.width() + bar + 2)
        self.resize(wanted.boundedTo(room))

    # -- building ------------------------------------------------------------------------------

    def _describe(self, widget: QWidget, name: str, description: str) -> None:
        widget.setAccessibleName(name)
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)

    def _group(self, key: str, names: tuple[str, ...]) -> QGroupBox:
        box = QGroupBox(self)
        self._groups[key] = box
        QFormLayout(box).setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._add_rows(box, names)
        return box

    def _check(self, name: str) -> QCheckBox:
        box = QCheckBox(self)
        self.widgets[name] = box
        return box

    def _add_rows(self, box: QGroupBox, names: tuple[str, ...]) -> None:
        form = _form(box)
        for name in names:
            spec = FIELDS[name]
            if spec.type is bool:
                form.addRow("", self._check(name))
                continue
            widget: QWidget
            if spec.choices is not None:
                combo = QComboBox(self)
                for value, text in choices(name):
                    combo.addItem(text, value)
                widget = combo
            elif spec.type is float:
                spin = QDoubleSpinBox(self)
                spin.setRange(0.5, spec.maximum or 120.0)
                spin.setDecimals(1)
                self._suffixed.append(spin)
                widget = spin
            elif spec.type is int:
                ispin = QSpinBox(self)
                ispin.setRange(int(spec.minimum or 0), int(spec.maximum or 3600))
                if name == "poll_interval":
                    self._suffixed.append(ispin)
                widget = ispin
            else:
                widget = QLineEdit(self)
                widget.setMinimumWidth(widget.fontMetrics().averageCharWidth() * 24)
            self.widgets[name] = widget
            label = self._labels[name] = QLabel(self)
            label.setBuddy(widget)
            if name == "ca_bundle":
                self._browse = QPushButton(self)
                self._browse.clicked.connect(self._browse_ca)
                row = QHBoxLayout()
                row.addWidget(widget, 1)
                row.addWidget(self._browse)
                form.addRow(label, row)
            else:
                form.addRow(label, widget)

    # -- values --------------------------------------------------------------------------------

    def load(self, settings: Settings) -> None:
        """Show ``settings`` in the form."""
        for name, widget in self.widgets.items():
            value = getattr(settings, name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                widget.setValue(value)
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value))

    def settings_from_form(self) -> Settings:
        """The settings as the form shows them.

        Raises:
            InvalidSetting: a value is not allowed (the message names the setting).
        """
        values: dict[str, Any] = {"job_labels_by_number": self._job_memory}
        for name, widget in self.widgets.items():
            if isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
                values[name] = widget.value()
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                values[name] = text.upper() if name == "region" else text
        return self._base.replace(**values)

    # -- actions -------------------------------------------------------------------------------

    def _show_error(self, exc: InvalidSetting) -> None:
        message = str(exc)
        name = message.split(" ", 1)[0]
        widget = self.widgets.get(name)
        if widget is not None:
            message = field_texts()[name][0].rstrip(":") + " — " + message
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.error_label.setText("\u26a0 " + message)
        self.error_label.show()

    def _validated(self) -> Settings | None:
        """The form as settings, or None after showing why it is not valid."""
        try:
            settings = self.settings_from_form()
        except InvalidSetting as exc:
            self._show_error(exc)
            return None
        self.error_label.hide()
        return settings

    def accept(self) -> None:
        """Validate, apply through the session and close; stay open on a bad value."""
        settings = self._validated()
        if settings is None:
            return
        password = self.password.text() or None
        remember = self.remember.isChecked() and self._keyring
        self.session.apply_settings(settings, password, remember)
        super().accept()

    def test_connection(self) -> None:
        """Ask the session to log in once with the form's settings; the answer comes later."""
        settings = self._validated()
        if settings is None:
            return
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Testing…"))
        self.session.test_connection(settings, self.password.text())

    def _on_tested(self, result: Any) -> None:
        self.test_button.setEnabled(True)
        mark = "\u2714 " if getattr(result, "ok", False) else "\u26a0 "
        self.test_result.setText(mark + str(getattr(result, "text", result)))
        # A longer answer: grow, as far as the screen allows, once the layout has seen it.
        QTimer.singleShot(0, self.fit)

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("CA bundle"),
            "",
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        widget = self.widgets["ca_bundle"]
        if path and isinstance(widget, QLineEdit):
            widget.setText(path)

    def _forget_tags(self) -> None:
        self._job_memory = {}
        self._update_forget_text()

    def _update_forget_text(self) -> None:
        count = len(self._job_memory)
        self.forget_tags.setText(self.tr("Forget remembered tags (%1)").replace("%1", str(count)))
        self.forget_tags.setEnabled(count > 0)


def _form(box: QGroupBox) -> QFormLayout:
    layout = box.layout()
    assert isinstance(layout, QFormLayout)
    return layout
