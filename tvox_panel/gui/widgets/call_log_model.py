"""A lazy table model over the call log: pages fetched as the view scrolls, filterable."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from tvox_panel.calllog import CallLog, CallRecord
from tvox_panel.gui.icons import direction_icon

_Index = QModelIndex | QPersistentModelIndex
CELL_CACHE_SIZE = 4000  # formatted cells kept; a screen shows a few hundred

RecordRole = Qt.ItemDataRole.UserRole + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_ROLES = frozenset({int(_DISPLAY), int(_TOOLTIP), int(_ALIGN), int(_DECORATION), int(RecordRole)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
"""``data(index, RecordRole)`` gives the row's CallRecord."""


class Column(IntEnum):
    """The model's columns, in display order."""

    TIME = 0
    NUMBER = 1
    DIRECTION = 2
    DURATION = 3
    RECORDED = 4
    JOB = 5
    OUTCOME = 6


def format_duration(seconds: float) -> str:
    """``m:ss`` below an hour, ``h:mm:ss`` above; the same in every language."""
    total = int(round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class CallLogModel(QAbstractTableModel):
    """Calls from a CallLog, newest first, fetched ``page_size`` rows at a time.

    Only fetched rows count in ``rowCount``; views call ``fetchMore`` as they scroll. Fetched
    rows are kept as CallRecord objects, and only the cells a view asks for are formatted.
    Once the log is closed (the panel is quitting) the model reads nothing more and keeps
    showing the rows it has: a refresh queued just before cannot touch a closed database.

    Args:
        call_log: the log to show (used from the GUI thread only).
        parent: the owning QObject.
        page_size: rows per fetch.
    """

    def __init__(
        self, call_log: CallLog, parent: QObject | None = None, *, page_size: int = 200
    ) -> None:
        super().__init__(parent)
        self._log = call_log
        self._page_size = max(1, page_size)
        self._rows: list[CallRecord] = []
        self._cells: dict[tuple[CallRecord, int], str] = {}
        self._filter = ""
        self._rec_check: str | None = None
        self._exhausted = False
        self._locale = QLocale()
        self._icons = {inbound: direction_icon(inbound) for inbound in (False, True)}
        self._load(self._page_size)

    # -- public API ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Headers, cells and dates in the current language and locale."""
        self._locale = QLocale()
        self._cells.clear()
        last = self.columnCount() - 1
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    @property
    def call_log(self) -> CallLog:
        return self._log

    @property
    def filter_text(self) -> str:
        return self._filter

    @property
    def rec_check(self) -> str | None:
        return self._rec_check

    def set_rec_check(self, state: str | None) -> None:
        """Show only calls whose recording check is ``state`` (``missing``...), or all."""
        self._rec_check = state
        self.set_filter(self._filter)

    def set_filter(self, text: str) -> None:
        """Show only calls matching ``text`` (see CallLog.page); fetches the first page only."""
        self._filter = text
        if self._log.closed:
            return
        self.beginResetModel()
        self._cells.clear()
        self._load(self._page_size)
        self.endResetModel()

    def refresh(self) -> None:
        """Reload after the log changed, keeping as many rows fetched as before.

        When the same calls come back (a call's end time or recording changed), only the
        changed rows are announced, so the selection and scroll position stay where they were.
        """
        if self._log.closed:
            return
        wanted = max(self._page_size, len(self._rows))
        fresh = self._log.page(0, wanted, self._filter, self._rec_check)
        old_ids = [r.id for r in self._rows]
        new_ids = [r.id for r in fresh]
        added = next((k for k in range(1, 4) if new_ids[k:] == old_ids[: len(new_ids) - k]), 0)
        if added:
            # New calls on top (the usual change): insert them instead of resetting the view.
            # A full page keeps its size, so its oldest rows fall off the end.
            keep = len(new_ids) - added
            if keep < len(old_ids):
                self.beginRemoveRows(QModelIndex(), keep, len(old_ids) - 1)
                self._forget(self._rows[keep:])
                del self._rows[keep:]
                self.endRemoveRows()
            self.beginInsertRows(QModelIndex(), 0, added - 1)
            self._rows[0:0] = fresh[:added]
            self.endInsertRows()
            old_ids = [r.id for r in self._rows]
        if new_ids == old_ids:
            last = self.columnCount() - 1
            for row, (old, new) in enumerate(zip(self._rows, fresh, strict=True)):
                if old != new:
                    self._forget((old,))
                    self._rows[row] = new
                    self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            self._exhausted = len(fresh) < wanted
            return
        self.beginResetModel()
        self._cells.clear()
        self._rows = fresh
        self._exhausted = len(fresh) < wanted
        self.endResetModel()

    def _forget(self, records: list[CallRecord] | tuple[CallRecord, ...]) -> None:
        """Drop the formatted cells of calls no longer shown, so the cache holds only the
        rows the view has (and no stale versions of a call whose row keeps changing)."""
        for record in records:
            for column in Column:
                self._cells.pop((record, column), None)

    def record(self, row: int) -> CallRecord | None:
        """The call shown in ``row``, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def matching_count(self) -> int:
        """How many calls match the filter in the whole log (fetched or not)."""
        if self._log.closed:
            return len(self._rows)
        return self._log.count(self._filter, rec_check=self._rec_check)

    # -- lazy loading --------------------------------------------------------------------------

    def _load(self, limit: int) -> None:
        self._rows = self._log.page(0, limit, self._filter, self._rec_check)
        self._exhausted = len(self._rows) < limit

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._log.closed

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._log.closed:
            return
        more = self._log.page(len(self._rows), self._page_size, self._filter, self._rec_check)
        self._exhausted = len(more) < self._page_size
        if more:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    # -- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            Column.TIME: self.tr("Time"),
            Column.NUMBER: self.tr("Number"),
            Column.DIRECTION: self.tr("Direction"),
            Column.DURATION: self.tr("Duration"),
            Column.RECORDED: self.tr("Recorded"),
            Column.JOB: self.tr("Job label"),
            Column.OUTCOME: self.tr("Outcome"),
        }
        return titles.get(Column(section)) if 0 <= section < len(Column) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks for a dozen roles of every visible cell on every repaint: answer the
        # roles nobody set at once, and format each displayed cell only once.
        if role not in _ROLES:
            return None
        row = index.row()
        if not (index.isValid() and 0 <= row < len(self._rows)):
            return None
        record = self._rows[row]
        column = index.column()
        if role == _DISPLAY:
            key = (record, column)
            text = self._cells.get(key)
            if text is None:
                if len(self._cells) > CELL_CACHE_SIZE:
                    self._cells.clear()
                text = self._cells[key] = self._display(record, Column(column))
            return text
        if role == _TOOLTIP:
            return self._tooltip(record, Column(column))
        if role == _ALIGN:
            return _RIGHT if column == Column.DURATION else None
        if role == _DECORATION:
            if column != Column.NUMBER:
                return None
            return self._icons[record.direction == "in"]
        return record  # RecordRole

    # -- formatting ----------------------------------------------------------------------------

    def format_time(self, epoch: float) -> str:
        """A date and time in the user's locale, short form."""
        when = QDateTime.fromMSecsSinceEpoch(int(epoch * 1000))
        return self._locale.toString(when, QLocale.FormatType.ShortFormat)

    def direction_text(self, record: CallRecord) -> str:
        return self.tr("Incoming") if record.direction == "in" else self.tr("Outgoing")

    def outcome_text(self, record: CallRecord) -> str:
        """What happened to the call, in one line."""
        if record.outcome == "failed":
            if record.reason:
                return self.tr("Failed: %1").replace("%1", record.reason)
            return self.tr("Failed")
        texts = {
            "placed": self.tr("Placed"),
            "unknown": self.tr("Outcome unknown"),
            "in_progress": self.tr("In progress"),
            "answered": self.tr("Answered"),
        }
        return texts.get(record.outcome, record.outcome)

    def rec_check_text(self, state: str) -> str:
        """What the server said of the call's recordings, in a word or two."""
        texts = {
            "pending": self.tr("checking"),
            "verified": self.tr("verified"),
            "missing": self.tr("MISSING on the server"),
            "unverified": self.tr("cannot verify"),
        }
        return texts.get(state, "")

    def _display(self, record: CallRecord, column: Column) -> str:
        if column == Column.TIME:
            return self.format_time(record.started_at)
        if column == Column.NUMBER:
            return record.number
        if column == Column.DIRECTION:
            return self.direction_text(record)
        if column == Column.DURATION:
            duration = record.duration
            return "" if duration is None else format_duration(duration)
        if column == Column.RECORDED:
            if not record.recorded:
                return self.tr("No")
            count = len(record.rec_files)
            text = self.tr("Yes (%1)").replace("%1", str(count)) if count > 1 else self.tr("Yes")
            check = self.rec_check_text(record.rec_check)
            return f"{text}, {check}" if check else text
        if column == Column.JOB:
            return record.job_label
        return self.outcome_text(record)

    def _tooltip(self, record: CallRecord, column: Column) -> str | None:
        if column == Column.RECORDED and record.rec_files:
            text = self.tr("Recordings:") + "\n" + "\n".join(record.rec_files)
            if record.rec_check_note:
                text += "\n" + self.tr("On the server: %1").replace("%1", record.rec_check_note)
            return text
        if column == Column.JOB and record.service_code:
            return self.tr("Service code: %1").replace("%1", record.service_code)
        if column == Column.OUTCOME:
            text = self.outcome_text(record)
            if not record.call_id:
                return text
            return text + "\n" + self.tr("Call id: %1").replace("%1", record.call_id)
        if column == Column.TIME and record.ended_at is not None:
            return self.tr("Ended %1").replace("%1", self.format_time(record.ended_at))
        if column == Column.NUMBER:
            return (
                self.direction_text(record)
                + "\n"
                + self.tr("Double-click or press Enter to call this number")
            )
        return None
