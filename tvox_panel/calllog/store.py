"""The call log: one SQLite file, schema versioned, in WAL mode; queries for the log view."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from tvox_panel.calllog.export import write_csv
from tvox_panel.calllog.records import DIRECTIONS, OUTCOMES, REC_CHECKS, CallRecord
from tvox_panel.calllog.schema import MIGRATIONS, SCHEMA_VERSION
from tvox_panel.calllog.search import NEWEST_FIRST, CallSearch, Query, number_key

_COLUMNS = (
    "id, started_at, ended_at, number, direction, call_id, outcome, reason, "
    "recorded, rec_files, job_label, service_code, agent, "
    "rec_check, rec_check_tries, rec_check_next, rec_check_note"
)
_UPDATABLE = frozenset(_COLUMNS.split(", ")[1:])


class SchemaTooNew(RuntimeError):
    """The call log file was written by a newer version of the panel."""


class CallLog:
    """The call log in one SQLite file.

    Threads: the connection belongs to the thread that created the CallLog (the GUI thread);
    sqlite3's ``check_same_thread`` stays on, so use from any other thread raises. The
    network worker never touches the log; it reports results and the GUI thread writes them.

    Durability: every method that changes rows has committed when it returns. The database
    runs in WAL mode with ``synchronous=NORMAL``: a commit is a write() into the WAL file, which
    the kernel holds once the call returns, so a killed or crashed process (even SIGKILL) never
    loses a committed row. Only the fsync per commit is skipped: an OS crash or power cut may
    roll back the last few commits, yet never corrupts the file. FULL would buy that last bit
    at the cost of a disk flush for every call placed.

    Filtering uses a trigram full-text index where SQLite has FTS5 (see CallSearch).

    Args:
        path: the database file (its directory must exist) or ``":memory:"``.
        use_search_index: False filters by scanning even where the index is possible.

    Raises:
        SchemaTooNew: the file has a schema version this code does not know.
        sqlite3.DatabaseError: the file is not a usable SQLite database.
    """

    def __init__(self, path: Path | str, *, use_search_index: bool = True) -> None:
        self.path = path
        self._closed = False
        if str(path) != ":memory:" and not Path(path).exists():
            # Phone numbers are personal data: create the file (and so its WAL) owner-only.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        # isolation_level=None: no implicit transactions; each statement commits on its own
        # unless wrapped in _transaction().
        self._conn = sqlite3.connect(str(path), isolation_level=None, timeout=5.0)
        self._search = CallSearch(self._conn, use_search_index)
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            # 512 KiB of page cache instead of 2 MiB: counting a 100,000-call log walks its
            # whole index once, and the OS file cache already holds those pages; the panel's
            # resident memory drops by 1.5 MB with no measurable cost to paging or filtering.
            self._conn.execute("PRAGMA cache_size=-512")
            # Sorts and statement journals in memory: writing a call never opens a file, so
            # it works even while every descriptor is taken.
            self._conn.execute("PRAGMA temp_store=MEMORY")
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    # -- lifecycle -----------------------------------------------------------------------------

    def _migrate(self) -> None:
        with self._transaction():
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"call log schema version {version} is newer than {SCHEMA_VERSION}"
                )
            for target, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {target}")
            self._search.install()

    @property
    def search_indexed(self) -> bool:
        """True when filters of three or more characters use the trigram index."""
        return self._search.indexed

    @property
    def schema_version(self) -> int:
        """The file's ``PRAGMA user_version``."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    def close(self) -> None:
        """Close the database; the object is unusable afterwards. Idempotent."""
        self._closed = True
        self._conn.close()

    @property
    def closed(self) -> bool:
        """True once ``close`` ran: views stop reading and keep what they show."""
        return self._closed

    def __enter__(self) -> CallLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def integrity_ok(self) -> bool:
        """True when SQLite's integrity check finds nothing wrong."""
        rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        return [tuple(r) for r in rows] == [("ok",)]

    # -- writing -------------------------------------------------------------------------------

    def add(
        self,
        number: str,
        direction: str,
        outcome: str,
        *,
        call_id: str | None = None,
        reason: str | None = None,
        job_label: str = "",
        service_code: str = "",
        agent: str = "",
        started_at: float | None = None,
    ) -> int:
        """Insert a call and return its row id; the row is committed when this returns.

        Raises:
            ValueError: ``direction`` or ``outcome`` is not one of DIRECTIONS / OUTCOMES.
        """
        _check_choice("direction", direction, DIRECTIONS)
        _check_choice("outcome", outcome, OUTCOMES)
        cur = self._conn.execute(
            "INSERT INTO calls (started_at, number, number_key, direction, call_id, outcome, "
            "reason, job_label, service_code, agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                time.time() if started_at is None else started_at,
                number,
                number_key(number),
                direction,
                call_id,
                outcome,
                reason,
                job_label,
                service_code,
                agent,
            ),
        )
        row_id = cur.lastrowid
        assert row_id is not None
        return row_id

    def bulk_add(self, records: Iterable[CallRecord]) -> int:
        """Insert many calls in one transaction (their ``id`` is ignored); return the count."""
        rows = (
            (
                r.started_at,
                r.ended_at,
                r.number,
                number_key(r.number),
                r.direction,
                r.call_id,
                r.outcome,
                r.reason,
                int(r.recorded),
                json.dumps(list(r.rec_files)),
                r.job_label,
                r.service_code,
                r.agent,
            )
            for r in records
        )
        with self._transaction(), self._search.bulk_insert():
            cur = self._conn.executemany(
                "INSERT INTO calls (started_at, ended_at, number, number_key, direction, "
                "call_id, outcome, reason, recorded, rec_files, job_label, service_code, agent) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return cur.rowcount

    def update(self, row_id: int, **fields: Any) -> bool:
        """Change columns of one call; return False when the row does not exist.

        ``rec_files`` takes a sequence of names, ``recorded`` a bool.

        Raises:
            ValueError: an unknown column, or a bad direction / outcome.
        """
        unknown = sorted(set(fields) - _UPDATABLE)
        if unknown:
            raise ValueError(f"cannot update column(s): {', '.join(unknown)}")
        if not fields:
            return self.get(row_id) is not None
        if "direction" in fields:
            _check_choice("direction", fields["direction"], DIRECTIONS)
        if "outcome" in fields:
            _check_choice("outcome", fields["outcome"], OUTCOMES)
        if "rec_check" in fields:
            _check_choice("rec_check", fields["rec_check"], REC_CHECKS)
        values = dict(fields)
        if "recorded" in values:
            values["recorded"] = int(bool(values["recorded"]))
        if "rec_files" in values:
            values["rec_files"] = json.dumps(list(values["rec_files"]))
        if "number" in values:
            values["number_key"] = number_key(values["number"])
        names = sorted(values)  # only names from _UPDATABLE reach the SQL text
        assignments = ", ".join(f"{name} = ?" for name in names)
        cur = self._conn.execute(
            f"UPDATE calls SET {assignments} WHERE id = ?",
            [*(values[n] for n in names), row_id],
        )
        return cur.rowcount > 0

    def end(self, row_id: int, ended_at: float | None = None) -> bool:
        """Set the call's end time (default now); False when the row does not exist."""
        return self.update(row_id, ended_at=time.time() if ended_at is None else ended_at)

    def settle_in_progress(self, reason: str) -> list[CallRecord]:
        """Mark every call still ``in_progress`` as ``unknown`` with ``reason``; return them.

        For the panel that has just taken the log over: a call it finds in flight was left by
        a panel that stopped before the server answered (killed, crashed), and may have been
        placed. Newest first; committed when this returns.
        """
        with self._transaction():
            # No ORDER BY: SQLite would walk the time index over every call to honour it.
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM calls WHERE outcome = 'in_progress'"
            ).fetchall()
            if rows:
                self._conn.execute(
                    "UPDATE calls SET outcome = 'unknown', reason = ? "
                    "WHERE outcome = 'in_progress'",
                    (reason,),
                )
        records = [_to_record(row)._replace(outcome="unknown", reason=reason) for row in rows]
        return sorted(records, key=lambda r: (r.started_at, r.id), reverse=True)

    def pending_rec_checks(
        self, due_by: float | None = None, *, agent: str | None = None, limit: int | None = None
    ) -> list[CallRecord]:
        """Calls whose recordings still wait to be found on the server, soonest due first.

        Args:
            due_by: Only those whose next try is due by then (epoch seconds).
            agent: Only this agent's.
            limit: At most this many.
        """
        query = f"SELECT {_COLUMNS} FROM calls WHERE rec_check = 'pending'"
        params: list[Any] = []
        if due_by is not None:
            query += " AND IFNULL(rec_check_next, 0) <= ?"
            params.append(due_by)
        if agent is not None:
            query += " AND agent = ?"
            params.append(agent)
        query += " ORDER BY IFNULL(rec_check_next, 0), id"
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        return [_to_record(r) for r in self._conn.execute(query, params)]

    def set_rec_checks(self, checks: Iterable[tuple[int, str, int, float | None, str]]) -> None:
        """Store the recording checks of several calls in one transaction.

        Each item is (row, state, tries, next try, note), as a verification verdict reads.

        Raises:
            ValueError: a state that is not a recording-check state (nothing is written).
        """
        values = [(state, tries, next_at, note, row) for row, state, tries, next_at, note in checks]
        for state, *_ in values:
            _check_choice("rec_check", state, REC_CHECKS)
        with self._transaction():
            self._conn.executemany(
                "UPDATE calls SET rec_check = ?, rec_check_tries = ?, rec_check_next = ?, "
                "rec_check_note = ? WHERE id = ?",
                values,
            )

    def rec_check_wakes(self) -> dict[str, float]:
        """For each agent with pending recording checks, the soonest next try (0: at once),
        the most overdue agent first.

        One small row per agent, however many calls wait: the checker asks this after every
        recorded call, where loading every pending call would make a burst of objects as
        large as the backlog.
        """
        rows = self._conn.execute(
            "SELECT agent, MIN(IFNULL(rec_check_next, 0)) AS soonest FROM calls "
            "WHERE rec_check = 'pending' GROUP BY agent ORDER BY soonest, agent"
        ).fetchall()
        return {str(agent): float(soonest) for agent, soonest in rows}

    def add_recording(self, row_id: int, file_name: str) -> bool:
        """Append a recording file name and mark the call recorded; False if no such row."""
        with self._transaction():
            row = self._conn.execute(
                "SELECT rec_files FROM calls WHERE id = ?", (row_id,)
            ).fetchone()
            if row is None:
                return False
            files = [*_load_files(row[0]), file_name]
            self._conn.execute(
                "UPDATE calls SET rec_files = ?, recorded = 1 WHERE id = ?",
                (json.dumps(files), row_id),
            )
        return True

    def delete(self, row_id: int) -> bool:
        """Remove one call; False when it did not exist."""
        return self._conn.execute("DELETE FROM calls WHERE id = ?", (row_id,)).rowcount > 0

    def clear(self) -> int:
        """Remove every call; return how many were removed."""
        with self._transaction(), self._search.delete_all():
            return self._conn.execute("DELETE FROM calls").rowcount

    # -- reading -------------------------------------------------------------------------------

    def get(self, row_id: int) -> CallRecord | None:
        """Return one call, or None."""
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM calls WHERE id = ?", (row_id,)).fetchone()
        return None if row is None else _to_record(row)

    def count(
        self, filter_text: str = "", *, limit: int | None = None, rec_check: str | None = None
    ) -> int:
        """Number of calls matching ``filter_text`` (see ``page``); at most ``limit`` if given."""
        if rec_check is None:
            return self._search.count(filter_text, limit)
        q = self._query(filter_text, rec_check)
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM calls{q.where} LIMIT ?)"
        return int(
            self._conn.execute(sql, [*q.params, -1 if limit is None else limit]).fetchone()[0]
        )

    def _query(self, filter_text: str, rec_check: str | None) -> Query:
        """The search's query, narrowed to calls whose recording check is ``rec_check``."""
        q = self._search.query(filter_text)
        if rec_check is None:
            return q
        _check_choice("rec_check", rec_check, REC_CHECKS)
        joint = " AND " if q.where else " WHERE "
        return q._replace(where=f"{q.where}{joint}rec_check = ?", params=(*q.params, rec_check))

    def page(
        self, offset: int, limit: int, filter_text: str = "", rec_check: str | None = None
    ) -> list[CallRecord]:
        """Return up to ``limit`` calls from ``offset``, newest first.

        ``filter_text`` keeps calls whose number or job label or call id contains it,
        ignoring ASCII case; in numbers, spaces, dots, dashes, slashes and brackets are
        ignored on both sides, so ``02 1234`` and ``021234`` both find ``+39 02 1234``.
        ``rec_check`` keeps only calls whose recording check is in that state.
        """
        q = self._query(filter_text, rec_check)
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM calls{q.where} {q.order} LIMIT ? OFFSET ?",
            [*q.params, max(0, limit), max(0, offset)],
        ).fetchall()
        return [_to_record(r) for r in rows]

    def iter_all(self, filter_text: str = "", rec_check: str | None = None) -> Iterator[CallRecord]:
        """Yield every matching call, newest first, without loading them all at once."""
        q = self._query(filter_text, rec_check)
        cur = self._conn.execute(f"SELECT {_COLUMNS} FROM calls{q.where} {q.order}", q.params)
        for row in cur:
            yield _to_record(row)

    def recent_numbers(self, limit: int = 5, direction: str | None = "out") -> list[str]:
        """Distinct numbers of the latest calls, newest first (outgoing only by default)."""
        where = "number != ''" if direction is None else "number != '' AND direction = ?"
        params = [] if direction is None else [direction]
        sql = f"SELECT number FROM calls WHERE {where} {NEWEST_FIRST}"
        seen: list[str] = []
        for (number,) in self._conn.execute(sql, params):  # walks the index, stops early
            if number not in seen:
                seen.append(number)
                if len(seen) >= limit:
                    break
        return seen

    def last_dialed(self) -> str | None:
        """The number of the newest outgoing call, or None."""
        numbers = self.recent_numbers(limit=1, direction="out")
        return numbers[0] if numbers else None

    def export_csv(self, path_or_file: Path | str | TextIO, filter_text: str = "") -> int:
        """Write matching calls, newest first, as CSV with a header row; return the row count.

        A path is written as UTF-8 with a byte-order mark, which Excel needs to read accents;
        a file object (open it with ``newline=""``) is written as is. Times are ISO 8601 in
        local time with offset. Numbers are written as plain text: a spreadsheet may read
        ``0039...`` as a number and drop the zeros; the export does not mangle them to prevent it.
        """
        if isinstance(path_or_file, (str, Path)):
            with open(path_or_file, "w", encoding="utf-8-sig", newline="") as fh:
                return write_csv(fh, self.iter_all(filter_text))
        return write_csv(path_or_file, self.iter_all(filter_text))


def _check_choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")


def _load_files(raw: object) -> list[str]:
    """Parse the rec_files column, tolerating a hand-damaged value."""
    try:
        value = json.loads(raw) if isinstance(raw, str) else []
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def _to_record(row: tuple[Any, ...]) -> CallRecord:
    return CallRecord(
        id=row[0],
        started_at=row[1],
        ended_at=row[2],
        number=row[3],
        direction=row[4],
        call_id=row[5],
        outcome=row[6],
        reason=row[7],
        recorded=bool(row[8]),
        rec_files=tuple(_load_files(row[9])),
        job_label=row[10],
        service_code=row[11],
        agent=row[12],
        rec_check=row[13],
        rec_check_tries=row[14],
        rec_check_next=row[15],
        rec_check_note=row[16],
    )
