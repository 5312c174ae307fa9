"""The call log panel: search box, lazy table, redial, copy, delete, CSV export and clear."""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tvox_panel.calllog import CallLog, CallRecord
from tvox_panel.gui.widgets.call_log_model import CallLogModel, Column


class CallLogView(QWidget):
    """Recent calls with a search box; double-click or Enter calls the number again.

    Signals:
        redial_requested(str): the user asked to call this number.
        log_edited(): this view deleted or cleared calls (the model is already refreshed).
        message(str): a one-line result to show in the status bar (export done, failed).

    Args:
        call_log: the log to show and edit.
        parent: the owning widget.
        debounce_ms: how long typing in the search box must pause before the filter applies.
        page_size: rows the model fetches at a time.
    """

    redial_requested = Signal(str)
    log_edited = Signal()
    message = Signal(str)

    def __init__(
        self,
        call_log: CallLog,
        parent: QWidget | None = None,
        *,
        debounce_ms: int = 150,
        page_size: int = 200,
    ) -> None:
        super().__init__(parent)
        self._log = call_log
        self.model = CallLogModel(call_log, self, page_size=page_size)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.installEventFilter(self)

        self.count_label = QLabel(self)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.export_csv)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(lambda: self.clear_log(True))

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        row_height = self.table.fontMetrics().height() + 8
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.installEventFilter(self)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_menu)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.export_button)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search, self.export_button)
        self.setTabOrder(self.export_button, self.clear_button)
        self.setTabOrder(self.clear_button, self.table)
        self.retranslate()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)

    def retranslate(self) -> None:
        """Set every text in the current language (at start and on a language change)."""
        self.search.setPlaceholderText(self.tr("Search number, job label or call id (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search the call log"))
        self.search.setAccessibleDescription(
            self.tr("Shows only calls whose number, job label or call id contains this text")
        )
        self.search.setToolTip(self.tr("Filter the call log as you type (Ctrl+F)"))
        self.count_label.setAccessibleName(self.tr("Number of calls shown"))
        self.count_label.setAccessibleDescription(self.tr("How many calls match the search"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.export_button.setAccessibleName(self.tr("Export CSV"))
        self.export_button.setAccessibleDescription(
            self.tr("Save the calls matching the search to a CSV file")
        )
        self.export_button.setToolTip(self.tr("Save the calls shown to a CSV file"))
        self.clear_button.setText(self.tr("Clear…"))
        self.clear_button.setAccessibleName(self.tr("Clear call log"))
        self.clear_button.setAccessibleDescription(self.tr("Delete every call from the log"))
        self.clear_button.setToolTip(self.tr("Delete every call from the log (asks first)"))
        self.table.setAccessibleName(self.tr("Call log"))
        self.table.setAccessibleDescription(
            self.tr("Recent calls, newest first. Enter or double-click calls the number again.")
        )
        self.model.retranslate()
        self._size_columns()
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- public API ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the rows now."""
        self._refresh_timer.stop()
        self.model.refresh()
        self._update_count()

    def schedule_refresh(self) -> None:
        """Reload once the current event is handled (connect to Session.log_changed).

        A dial writes the log two or three times in one go; this reloads once, after the
        click has been answered, instead of inside it.
        """
        self._refresh_timer.start()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def selected_records(self) -> list[CallRecord]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [r for r in (self.model.record(row) for row in rows) if r is not None]

    def export_to(self, path: str | Path) -> int:
        """Write the calls matching the search to ``path`` as CSV; return the row count.

        Raises:
            OSError: the file cannot be written.
        """
        return self._log.export_csv(Path(path), self.model.filter_text)

    def export_csv(self) -> None:
        """Ask for a file name and export to it, reporting the result via ``message``."""
        default = f"calls-{datetime.date.today().isoformat()}.csv"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export call log"), default, self.tr("CSV files (*.csv)")
        )
        if not path:
            return
        try:
            count = self.export_to(path)
        except OSError as exc:
            text = self.tr("Could not write %1: %2").replace("%1", path).replace("%2", str(exc))
            QMessageBox.warning(self, self.tr("Export call log"), text)
            self.message.emit(text)
            return
        self.message.emit(
            self.tr("Exported %1 calls to %2").replace("%1", str(count)).replace("%2", path)
        )

    def clear_log(self, confirm: bool = True) -> bool:
        """Delete every call, after asking when ``confirm``; return True when cleared."""
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Clear call log"),
                self.tr("Delete every call from the log? This cannot be undone."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self._log.clear()
        self._edited()
        return True

    def delete_selected(self) -> int:
        """Delete the selected calls; return how many were deleted."""
        deleted = sum(self._log.delete(record.id) for record in self.selected_records())
        if deleted:
            self._edited()
        return deleted

    # -- internals -----------------------------------------------------------------------------

    def _edited(self) -> None:
        self.refresh()
        self.log_edited.emit()

    def _apply_filter(self) -> None:
        self.model.set_filter(self.search.text())

    def show_missing_recordings(self, on: bool) -> None:
        """Show only the calls whose recordings the server does not have (or all calls)."""
        self.model.set_rec_check("missing" if on else None)

    def _update_count(self) -> None:
        total = self.model.matching_count()
        if self.model.rec_check == "missing":
            text = self.tr("%1 with a missing recording").replace("%1", QLocale().toString(total))
        elif self.model.filter_text.strip():
            text = self.tr("%1 matching").replace("%1", QLocale().toString(total))
            if total == 0:
                text = self.tr("No calls match")
            elif total == 1:
                text = self.tr("One call matches")
        else:
            text = self.tr("%1 calls").replace("%1", QLocale().toString(total))
            if total == 0:
                text = self.tr("No calls yet")
            elif total == 1:
                text = self.tr("One call")
        self.count_label.setText(text)

    def _size_columns(self) -> None:
        """Fit columns to typical content without measuring every row.

        The direction is the arrow beside the number (its column stays hidden), so that the
        columns fit the default window without a horizontal scroll bar, and the outcome,
        last, takes what is left.
        """
        metrics = self.table.fontMetrics()
        icon = self.table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 6
        samples = {
            Column.TIME: (self.model.format_time(1_703_807_940.0), 0),  # 28 Dec, 23:59
            Column.NUMBER: ("+441632960123", icon),
            Column.DURATION: ("00:00", 0),
            Column.RECORDED: (self.tr("Yes (2)"), 0),
            Column.JOB: ("ORD-0000", 0),
        }
        self.table.setColumnHidden(Column.DIRECTION, True)
        for column, (sample, extra) in samples.items():
            header = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(
                metrics.horizontalAdvance(sample) + extra, metrics.horizontalAdvance(header)
            )
            self.table.setColumnWidth(column, width + 14)

    def _current_number(self) -> str | None:
        record = self.model.record(self.table.currentIndex().row())
        return record.number if record is not None and record.number else None

    def _on_double_clicked(self, index: QModelIndex) -> None:
        record = self.model.record(index.row())
        if record is not None and record.number:
            self.redial_requested.emit(record.number)

    def _show_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        record = self.model.record(index.row()) if index.isValid() else None
        if record is None and self.model.rec_check is None:
            return
        menu = QMenu(self)
        if record is not None:
            number = record.number
            call = menu.addAction(self.tr("Call %1").replace("%1", number))
            call.triggered.connect(lambda: self.redial_requested.emit(number))
            copy = menu.addAction(self.tr("Copy number"))
            copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
            copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(number))
            menu.addSeparator()
        # Outside the rows too while it is on: a filter showing nothing can be turned off.
        missing = menu.addAction(self.tr("Only calls with a missing recording"))
        missing.setCheckable(True)
        missing.setChecked(self.model.rec_check == "missing")
        missing.toggled.connect(self.show_missing_recordings)
        if record is not None:
            menu.addSeparator()
            delete = menu.addAction(self.tr("Delete"))
            delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
            delete.triggered.connect(self.delete_selected)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.table:
            if enter:
                number = self._current_number()
                if number:
                    self.redial_requested.emit(number)
                return True
            if event.matches(QKeySequence.StandardKey.Copy):
                number = self._current_number()
                if number:
                    QGuiApplication.clipboard().setText(number)
                return True
            if event.matches(QKeySequence.StandardKey.Delete):
                self.delete_selected()
                return True
        elif watched is self.search:
            if enter:
                self._debounce.stop()
                self._apply_filter()
                if self.model.rowCount() > 0:
                    self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                    self.table.selectRow(0)
                return True
            if key == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                self.table.selectRow(0)
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)
