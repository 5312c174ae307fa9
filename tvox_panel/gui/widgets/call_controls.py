"""The call controls: call state, Call / Hang up, the Record toggle with its timer, tagging."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tvox_panel.gui.state import State, Status

REC_FONT_SCALE = 1.6  # the recording indicator's text, against the window's font


def format_elapsed(seconds: float) -> str:
    """``mm:ss`` (minutes keep counting past 59)."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f"{minutes:02d}:{secs:02d}"


def describe_widget(widget: QWidget, name: str, description: str) -> None:
    """Set the accessible name and description in one call."""
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)


class CallControls(QWidget):
    """The column beside the dial pad. It renders a Status; the window decides what clicks do.

    The Record button shows the server's answer: ``show_status`` sets its checked state from
    ``Status.recording`` and a click alone never changes it.

    Signals:
        call_clicked(): Call / Hang up was clicked.
        record_clicked(): the Record toggle was clicked.
        tags_edited(): the user typed in the job label or service code field.

    Args:
        parent: the owning widget.
        clock: epoch seconds, for the recording timer.
    """

    call_clicked = Signal()
    record_clicked = Signal()
    tags_edited = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._rec_started: float | None = None
        self._tag_defaults = ("", "")
        self._status: Status | None = None
        self._rec_timer = QTimer(self)
        self._rec_timer.setInterval(1000)
        self._rec_timer.timeout.connect(self._update_rec_time)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)

        self.call_state_label = QLabel(self)
        self.call_state_label.setWordWrap(True)
        column.addWidget(self.call_state_label)

        self.call_button = QPushButton(self)
        self.call_button.setMinimumHeight(40)
        font = QFont(self.call_button.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.call_button.setFont(font)
        self.call_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.call_button.clicked.connect(self.call_clicked)
        column.addWidget(self.call_button)

        self.record_button = QPushButton(self)
        self.record_button.setCheckable(True)
        self.record_button.setMinimumHeight(32)
        self.record_button.clicked.connect(self.record_clicked)
        column.addWidget(self.record_button)

        # Read from across the desk: white on red, large, with the time; its place is kept
        # while hidden, so that it never moves anything when a recording starts.
        self.rec_indicator = QLabel(self)
        self.rec_indicator.setObjectName("rec_indicator")
        self.rec_indicator.setAlignment(Qt.AlignmentFlag.AlignCenter)
        big = QFont(self.rec_indicator.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * REC_FONT_SCALE)
        self.rec_indicator.setFont(big)
        self.rec_indicator.setStyleSheet(
            "QLabel#rec_indicator { background: #c40000; color: white; border-radius: 6px;"
            " padding: 2px 8px; }"
        )
        keep = self.rec_indicator.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.rec_indicator.setSizePolicy(keep)
        self.rec_indicator.hide()
        column.addWidget(self.rec_indicator)

        self.tag_toggle = QToolButton(self)
        self.tag_toggle.setCheckable(True)
        self.tag_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.tag_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tag_toggle.setAutoRaise(True)
        self.tag_toggle.toggled.connect(self._on_tag_toggled)
        column.addWidget(self.tag_toggle)
        self.tag_box = QWidget(self)
        tags = QVBoxLayout(self.tag_box)
        tags.setContentsMargins(12, 0, 0, 0)
        self.job_field = QLineEdit(self.tag_box)
        self.service_field = QLineEdit(self.tag_box)
        for field in (self.job_field, self.service_field):
            field.textEdited.connect(self._on_tags_edited)
            tags.addWidget(field)
        self.tag_box.hide()
        column.addWidget(self.tag_box)
        column.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language (at start and on a language change)."""
        describe_widget(
            self.call_state_label, self.tr("Call state"), self.tr("What the phone is doing")
        )
        describe_widget(
            self.record_button,
            self.tr("Record"),
            self.tr("Start or stop recording the call; it changes when the server confirms"),
        )
        self.record_button.setToolTip(self.tr("Start or stop recording this call (Ctrl+R)"))
        describe_widget(
            self.rec_indicator, self.tr("Recording"), self.tr("The call is being recorded")
        )
        describe_widget(
            self.tag_toggle,
            self.tr("Tagging"),
            self.tr("Show or hide the job label and service code for the next call"),
        )
        describe_widget(
            self.job_field, self.tr("Job label"), self.tr("Job label for the next call")
        )
        describe_widget(
            self.service_field, self.tr("Service code"), self.tr("Service code for the next call")
        )
        self.set_tag_defaults(*self._tag_defaults)
        if self._status is not None:
            self.show_status(self._status, self.call_state_label.text())
        else:
            self.call_button.setText(self.tr("Call"))
            self.record_button.setText(self.tr("Record"))
        self._update_rec_time()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- rendering -----------------------------------------------------------------------------

    def show_status(self, status: Status, call_state_text: str) -> None:
        """Show ``status``: button texts, what is enabled, the recording indicator."""
        self._status = status
        state = status.state
        call = status.call
        in_call = state == State.IN_CALL
        if in_call:
            self.call_button.setText(self.tr("Hang up"))
            describe_widget(self.call_button, self.tr("Hang up"), self.tr("End the current call"))
            self.call_button.setToolTip(self.tr("Hang up (Esc)"))
        else:
            text = self.tr("Calling…") if state == State.DIALING else self.tr("Call")
            self.call_button.setText(text)
            describe_widget(
                self.call_button, self.tr("Call"), self.tr("Call the number typed above")
            )
            self.call_button.setToolTip(self.tr("Call the number (Enter)"))
        self.call_button.setEnabled(state in (State.READY, State.IN_CALL))

        pending = bool(call and call.rec_pending)
        self.record_button.setEnabled(in_call and call is not None and not pending)
        self.record_button.setChecked(status.recording)
        if pending:
            self.record_button.setText(self.tr("Record…"))
        else:
            rec_text = self.tr("Stop recording") if status.recording else self.tr("Record")
            self.record_button.setText(rec_text)
        self.rec_indicator.setVisible(status.recording)
        self._rec_started = call.rec_started_at if call is not None else None
        if status.recording:
            self._update_rec_time()
            if not self._rec_timer.isActive():
                self._rec_timer.start()
        else:
            self._rec_timer.stop()
        self.call_state_label.setText(call_state_text)

    @property
    def rec_timer_active(self) -> bool:
        return self._rec_timer.isActive()

    def stop_timers(self) -> None:
        self._rec_timer.stop()

    def _update_rec_time(self) -> None:
        started = self._rec_started
        elapsed = 0.0 if started is None else self._clock() - started
        self.rec_indicator.setText(
            "\u25cf " + self.tr("REC %1").replace("%1", format_elapsed(elapsed))
        )

    # -- tagging -------------------------------------------------------------------------------

    def tags(self) -> tuple[str, str]:
        """The job label and service code typed for the next call."""
        return self.job_field.text().strip(), self.service_field.text().strip()

    def set_tags(self, job_label: str, service_code: str) -> None:
        self.job_field.setText(job_label)
        self.service_field.setText(service_code)
        self._update_tag_toggle()

    def set_tag_defaults(self, job_label: str, service_code: str) -> None:
        """Show the defaults from the settings as placeholders."""
        self._tag_defaults = (job_label, service_code)
        default = self.tr("default: %1")
        self.job_field.setPlaceholderText(
            self.tr("Job label") + (f" ({default.replace('%1', job_label)})" if job_label else "")
        )
        self.service_field.setPlaceholderText(
            self.tr("Service code")
            + (f" ({default.replace('%1', service_code)})" if service_code else "")
        )
        self._update_tag_toggle()

    def _on_tags_edited(self) -> None:
        self._update_tag_toggle()
        self.tags_edited.emit()

    def _on_tag_toggled(self, shown: bool) -> None:
        self.tag_box.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.tag_toggle.setArrowType(arrow)
        self._update_tag_toggle()

    def _update_tag_toggle(self) -> None:
        text = self.tr("Tagging")
        values = [v for v in self.tags() if v]
        if values and not self.tag_toggle.isChecked():
            text += ": " + " / ".join(values)
        self.tag_toggle.setText(text)

    def focus_chain(self) -> list[QWidget]:
        """The controls in tab order."""
        return [
            self.call_button,
            self.record_button,
            self.tag_toggle,
            self.job_field,
            self.service_field,
        ]
