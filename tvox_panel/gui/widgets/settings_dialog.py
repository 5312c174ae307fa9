"""The settings dialog: every Settings field, a connection test, validation on OK."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tvox_panel.config.settings import FIELDS, InvalidSetting, JobMemory, Settings
from tvox_panel.gui.widgets.settings_fields import APP, CALLS, SERVER, choices, field_texts


class SettingsSession(Protocol):
    """What the dialog needs of ``tvox_panel.gui.session.Session``."""

    connection_tested: Any

    @property
    def settings(self) -> Settings: ...
    def test_connection(self, settings: Settings, password: str) -> None: ...
    def apply_settings(
        self, settings: Settings, password: str | None = None, remember: bool = False
    ) -> None: ...


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
        self.widgets: dict[str, QWidget] = {}
        self._texts = field_texts()
        self.setWindowTitle(self.tr("TVox Panel settings"))

        server = self._group(self.tr("Server && login"), SERVER[:3])
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMinimumWidth(self.password.fontMetrics().averageCharWidth() * 24)
        self.password.setPlaceholderText(self.tr("Unchanged when empty"))
        self._describe(self.password, self.tr("Password"), self.tr("The TVox login password"))
        form = _form(server)
        form.addRow(self.tr("Password:"), self.password)
        self.remember = self._check("remember_password")
        form.addRow("", self.remember)
        self._add_rows(server, SERVER[3:])
        self.test_button = QPushButton(self.tr("Test connection"), self)
        self._describe(
            self.test_button,
            self.tr("Test connection"),
            self.tr("Log in once with these settings and show the answer"),
        )
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel(self)
        self.test_result.setWordWrap(True)
        self._describe(self.test_result, self.tr("Test result"), self.tr("The connection test"))
        form.addRow(self.test_button, self.test_result)
        calls = self._group(self.tr("Calls"), CALLS)
        self.forget_tags = QPushButton(self)
        self._describe(
            self.forget_tags,
            self.tr("Forget remembered tags"),
            self.tr("Forget the job label and service code remembered for each number"),
        )
        self.forget_tags.clicked.connect(self._forget_tags)
        _form(calls).addRow("", self.forget_tags)
        self._update_forget_text()
        app = self._group(self.tr("Application"), APP)

        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self._describe(
            self.error_label, self.tr("Problem"), self.tr("Why the settings were refused")
        )
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        grid = QGridLayout()
        grid.addWidget(server, 0, 0)
        grid.addWidget(app, 1, 0)
        grid.addWidget(calls, 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.load(self._base)
        session.connection_tested.connect(self._on_tested)

    # -- building ------------------------------------------------------------------------------

    def _describe(self, widget: QWidget, name: str, description: str) -> None:
        widget.setAccessibleName(name)
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)

    def _group(self, title: str, names: tuple[str, ...]) -> QGroupBox:
        box = QGroupBox(title, self)
        QFormLayout(box).setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._add_rows(box, names)
        return box

    def _check(self, name: str) -> QCheckBox:
        label, description = self._texts[name]
        box = QCheckBox(label, self)
        self._describe(box, label, description)
        self.widgets[name] = box
        return box

    def _add_rows(self, box: QGroupBox, names: tuple[str, ...]) -> None:
        form = _form(box)
        for name in names:
            spec = FIELDS[name]
            label, description = self._texts[name]
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
                spin.setSuffix(self.tr(" s"))
                widget = spin
            elif spec.type is int:
                ispin = QSpinBox(self)
                ispin.setRange(int(spec.minimum or 0), int(spec.maximum or 3600))
                if name == "poll_interval":
                    ispin.setSuffix(self.tr(" s"))
                    ispin.setSpecialValueText(self.tr("Off"))
                widget = ispin
            else:
                widget = QLineEdit(self)
                widget.setMinimumWidth(widget.fontMetrics().averageCharWidth() * 24)
            self._describe(widget, label.rstrip(":"), description)
            self.widgets[name] = widget
            if name == "ca_bundle":
                browse = QPushButton(self.tr("Browse…"), self)
                self._describe(browse, self.tr("Browse"), self.tr("Choose the CA bundle file"))
                browse.clicked.connect(self._browse_ca)
                row = QHBoxLayout()
                row.addWidget(widget, 1)
                row.addWidget(browse)
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
            message = self._texts[name][0].rstrip(":") + " — " + message
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
        self.session.apply_settings(settings, password, self.remember.isChecked())
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
