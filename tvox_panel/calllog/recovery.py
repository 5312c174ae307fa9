"""A call log file SQLite cannot read is set aside, and what it still can is copied to a new one."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from tvox_panel.calllog.records import DIRECTIONS, OUTCOMES, CallRecord
from tvox_panel.calllog.store import _COLUMNS, CallLog, _to_record
from tvox_panel.config.paths import set_aside

log = logging.getLogger(__name__)

_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_SQLITE_FILES = ("-wal", "-shm")
_MAX_SKIPS = 12  # past a damaged stretch of rows, look up to 4**12 row ids further on


class OpenedLog(NamedTuple):
    """The call log the panel writes to, and what happened to a damaged one.

    Attributes:
        log: The open call log.
        set_aside: Where the damaged file was moved, or None when it opened as it was.
        recovered: How many calls were copied from the damaged file into ``log``.
    """

    log: CallLog
    set_aside: Path | None = None
    recovered: int = 0


def is_damaged(error: sqlite3.DatabaseError) -> bool:
    """True when ``error`` says the file is not a database or is corrupt.

    A locked, unreadable or full database is not damaged: it must not be set aside.
    """
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    return type(error) is sqlite3.DatabaseError  # "file is not a database", "malformed"


def open_call_log(path: Path) -> OpenedLog:
    """Open the call log at ``path``; a damaged file is set aside and a new one started.

    The damaged file (with its ``-wal`` and ``-shm``) is renamed, never deleted, to
    ``<name>.broken-YYYYMMDD-HHMMSS``; the calls SQLite can still read from it are copied
    into the new log.

    Raises:
        sqlite3.Error: the log cannot be opened for another reason (locked, no permission).
        SchemaTooNew: the file was written by a newer panel.
        OSError: the damaged file could not be moved aside.
    """
    try:
        return OpenedLog(CallLog(path))
    except sqlite3.DatabaseError as error:
        if not is_damaged(error):
            raise
        reason = error
    aside = set_aside(path, _SQLITE_FILES)
    log.warning("the call log %s is damaged (%s); moved to %s", path, reason, aside)
    fresh = CallLog(path)
    try:
        recovered = fresh.bulk_add(salvage(aside))
    except sqlite3.Error as error:
        log.warning("no calls recovered from %s: %s", aside, error)
        recovered = 0
    log.info("%d call(s) recovered from %s", recovered, aside)
    return OpenedLog(fresh, aside, recovered)


def salvage(path: Path) -> Iterator[CallRecord]:
    """Yield the calls still readable in the damaged log ``path``, oldest row first.

    Read-only: the file is not changed. Where a stretch of rows cannot be read, the scan
    goes on further along the row ids; rows whose values make no sense are skipped.
    """
    uri = f"file:{quote(str(path))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        log.info("cannot open %s to recover calls: %s", path, error)
        return
    with contextlib.closing(conn):
        # Read past schema entries that point into the lost part (full-text index tables):
        # only the calls table is needed. Harmless on a read-only connection.
        conn.execute("PRAGMA writable_schema=ON")
        last, step, skips = 0, 1, 0
        while skips <= _MAX_SKIPS:
            try:
                cursor = conn.execute(
                    f"SELECT {_COLUMNS} FROM calls WHERE id > ? ORDER BY id", (last,)
                )
                for row in cursor:
                    last = row[0]
                    record = _sane(row)
                    if record is not None:
                        yield record
                return
            except sqlite3.DatabaseError as error:
                skips += 1
                last, step = last + step, step * 4
                log.debug("unreadable calls in %s after id %d: %s", path, last, error)


def _sane(row: tuple[Any, ...]) -> CallRecord | None:
    try:
        record = _to_record(row)
    except (TypeError, ValueError):
        return None
    fine = (
        isinstance(record.started_at, (int, float))
        and isinstance(record.number, str)
        and record.direction in DIRECTIONS
        and record.outcome in OUTCOMES
    )
    return record if fine else None
