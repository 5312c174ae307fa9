"""Filtering the call log: a trigram full-text index where SQLite has one, LIKE scans otherwise."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from typing import Any, NamedTuple

SEPARATORS = " .-()/"
"""What a number filter ignores, in the filter and (through ``number_key``) in stored numbers."""

NEWEST_FIRST = "ORDER BY started_at DESC, id DESC"
# The unary plus keeps SQLite from walking the started_at index: a short list of candidate
# rows is fetched by id and sorted, instead of the whole index being read to find them.
_NEWEST_FIRST_SORTED = "ORDER BY +started_at DESC, +id DESC"

TRIGRAM = 3
"""The shortest filter the index can answer; shorter ones match many rows and scan."""

CANDIDATE_CAP = 2000
"""Up to this many index hits are fetched by id; beyond it the newest-first scan is cheaper."""

WINDOW = 6
"""The index is asked first for the filter's last WINDOW characters, then the hits are checked.

A long filter's leading characters are often common to many calls (a country or area code),
and the index spends its time on them; the tail of a number tells calls apart."""

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_KEY = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", SEPARATORS)

# The view (schema version 2) gives the text with ASCII letters lowered, as SQLite's lower()
# does; the index keeps case, so its hits are exactly what LIKE (ASCII case only) finds.
_FTS_TABLE = (
    "CREATE VIRTUAL TABLE calls_fts USING fts5(number_key, job_label, call_id, "
    "content='calls_search', content_rowid='id', tokenize='trigram case_sensitive 1')"
)
_FTS_COLUMNS = "number_key, job_label, call_id"
_INDEX_ROW = (
    f"INSERT INTO calls_fts(rowid, {_FTS_COLUMNS}) SELECT id, {_FTS_COLUMNS} FROM calls_search"
)
_UNINDEX_ROW = (
    f"INSERT INTO calls_fts(calls_fts, rowid, {_FTS_COLUMNS}) "
    f"SELECT 'delete', id, {_FTS_COLUMNS} FROM calls_search"
)
_SEARCHED = "id, number_key, job_label, call_id"
# An external-content index must be told the old text of a row before the row changes;
# the triggers read both old and new text through the calls_search view.
_TRIGGERS = {
    "calls_fts_insert": f"AFTER INSERT ON calls BEGIN {_INDEX_ROW} WHERE id = new.id; END",
    "calls_fts_delete": f"BEFORE DELETE ON calls BEGIN {_UNINDEX_ROW} WHERE id = old.id; END",
    "calls_fts_update_old": (
        f"BEFORE UPDATE OF {_SEARCHED} ON calls BEGIN {_UNINDEX_ROW} WHERE id = old.id; END"
    ),
    "calls_fts_update_new": (
        f"AFTER UPDATE OF {_SEARCHED} ON calls BEGIN {_INDEX_ROW} WHERE id = new.id; END"
    ),
}


def number_key(number: str) -> str:
    """What a filter searches in a number: no SEPARATORS, ASCII letters lowered."""
    return number.translate(_KEY)


def trigram_available(conn: sqlite3.Connection) -> bool:
    """True when this SQLite has FTS5 with the trigram tokenizer (3.34+) and JSON functions."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.calls_fts_probe USING fts5(x, tokenize='trigram')")
        conn.execute("DROP TABLE temp.calls_fts_probe")
        conn.execute("SELECT value FROM json_each('[1]')").fetchall()
    except sqlite3.Error:
        return False
    return True


class Filter(NamedTuple):
    """A view filter as typed, as searched in job labels and call ids and in numbers.

    Attributes:
        text: the filter without surrounding whitespace, ASCII letters lowered (and without
            NUL or lone surrogates, which no stored text holds and SQLite cannot take).
        number: ``text`` as ``number_key`` makes it; empty when only separators were typed.
    """

    text: str
    number: str

    @classmethod
    def parse(cls, filter_text: str) -> Filter:
        """Read a filter as typed in the log view."""
        text = "".join(
            ch for ch in filter_text if ch != "\x00" and not "\ud800" <= ch <= "\udfff"
        ).strip()
        return cls(text.translate(_ASCII_LOWER), number_key(text))

    def like(self) -> tuple[str, list[Any]]:
        """A condition on ``calls`` keeping the matching calls, and its parameters.

        A call matches when its number, with separators dropped on both sides, contains the
        filter, or its job label or call id contains it; ASCII case is ignored.
        """
        if self.number:
            number = "number_key LIKE ? ESCAPE '\\'"
            params = [_like(self.number)]
        else:  # a filter made only of separators looks for them as typed
            number = "number LIKE ? ESCAPE '\\'"
            params = [_like(self.text)]
        text = "job_label LIKE ? ESCAPE '\\' OR call_id LIKE ? ESCAPE '\\'"
        return f"({number} OR {text})", [*params, _like(self.text), _like(self.text)]

    def match(self, window: int | None = None) -> str | None:
        """The query for the trigram index, or None when the filter is too short for it.

        With ``window``, the query looks for only that many characters at the end of the
        filter, so it finds a superset of the matches.
        """
        if len(self.number) < TRIGRAM:  # text is never shorter than number
            return None
        start = 0 if window is None else -window
        number, text = self.number[start:], self.text[start:]
        if number == text:
            return _phrase(text)
        return f"{{number_key}} : {_phrase(number)} OR {{job_label call_id}} : {_phrase(text)}"


class Query(NamedTuple):
    """The WHERE and ORDER BY parts selecting from ``calls`` what a filter keeps, newest first."""

    where: str
    params: tuple[Any, ...]
    order: str = NEWEST_FIRST


class CallSearch:
    """Answers the log view's filters, through the trigram index when SQLite has FTS5.

    The index (``calls_fts``) holds, per call, the ``number_key``, the job label and the call
    id, read from the ``calls_search`` view. It is not part of the versioned schema, as the
    same file may meet an SQLite without FTS5: it is created (or rebuilt, after an open that
    could not keep it up to date) whenever an SQLite with trigrams opens the file; where
    there is none, the triggers are dropped so that writing still works, and filters scan.

    Filters of three or more characters ask the index; up to CANDIDATE_CAP hits are fetched
    by id and sorted, more fall back to the newest-first scan, which then stops early.
    Counts come from the index alone. Shorter filters scan with LIKE.

    Args:
        conn: the call log's connection (autocommit mode; callers open transactions).
        use_index: False keeps to LIKE scans even where the index is possible.
    """

    def __init__(self, conn: sqlite3.Connection, use_index: bool = True) -> None:
        self._conn = conn
        self._use_index = use_index
        self.indexed = False
        # The last index lookup, kept while the file is unchanged: the view asks for the
        # first page and then the count of the same filter.
        self._last_hits: tuple[Filter, tuple[int, int], list[int] | None] | None = None

    def install(self) -> None:
        """Create or repair the index, or disable it; run inside the opening transaction."""
        names = {
            name
            for (name,) in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE name = 'calls_fts' OR "
                "(type = 'trigger' AND tbl_name = 'calls')"
            )
        }
        if not (self._use_index and trigram_available(self._conn)):
            for trigger in _TRIGGERS:
                self._conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            self.indexed = False
            return
        if "calls_fts" not in names:
            self._conn.execute(_FTS_TABLE)
        if not names.issuperset(["calls_fts", *_TRIGGERS]):
            self._create_triggers(*_TRIGGERS)
            self._conn.execute("INSERT INTO calls_fts(calls_fts) VALUES ('rebuild')")
        self.indexed = True

    def _create_triggers(self, *names: str) -> None:
        for name in names:
            self._conn.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {_TRIGGERS[name]}")

    @contextlib.contextmanager
    def bulk_insert(self) -> Iterator[None]:
        """Index rows inserted in the block at once, not row by row; use inside a transaction."""
        if not self.indexed:
            yield
            return
        last = self._conn.execute("SELECT MAX(id) FROM calls").fetchone()[0]
        self._conn.execute("DROP TRIGGER calls_fts_insert")
        yield
        if last is None:
            self._conn.execute(_INDEX_ROW)
        else:
            self._conn.execute(f"{_INDEX_ROW} WHERE id > ?", (last,))
        self._create_triggers("calls_fts_insert")

    @contextlib.contextmanager
    def delete_all(self) -> Iterator[None]:
        """Empty the index when the block deletes every call; use inside a transaction."""
        if not self.indexed:
            yield
            return
        self._conn.execute("DROP TRIGGER calls_fts_delete")
        yield
        self._conn.execute("INSERT INTO calls_fts(calls_fts) VALUES ('delete-all')")
        self._create_triggers("calls_fts_delete")

    def query(self, filter_text: str) -> Query:
        """The query for the calls matching ``filter_text``, as CallLog.page describes."""
        flt = Filter.parse(filter_text)
        if not flt.text:
            return Query("", ())
        candidates = self._hits(flt)
        if candidates is None:
            condition, params = flt.like()
            return Query(f" WHERE {condition}", tuple(params))
        where = " WHERE id IN (SELECT value FROM json_each(?))"
        return Query(where, (json.dumps(candidates),), _NEWEST_FIRST_SORTED)

    def count(self, filter_text: str, limit: int | None = None) -> int:
        """How many calls match ``filter_text``; at most ``limit`` when one is given."""
        flt = Filter.parse(filter_text)
        if not flt.text:
            return self._count("calls", [], limit)
        hits = self._hits(flt)
        if hits is not None:
            return len(hits) if limit is None else min(len(hits), max(0, limit))
        match = flt.match() if self.indexed else None
        if match is not None:  # the index's hits are the matches: no row needs reading
            return self._count("calls_fts WHERE calls_fts MATCH ?", [match], limit)
        condition, params = flt.like()
        return self._count(f"calls WHERE {condition}", params, limit)

    def _count(self, source: str, params: list[Any], limit: int | None) -> int:
        if limit is None:
            sql = f"SELECT COUNT(*) FROM {source}"
        else:
            sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {source} LIMIT ?)"
            params = [*params, max(0, limit)]
        return int(self._conn.execute(sql, params).fetchone()[0])

    def _hits(self, flt: Filter) -> list[int] | None:
        """Ids of the calls matching ``flt``, or None when the index cannot answer or finds
        more than CANDIDATE_CAP."""
        full = flt.match() if self.indexed else None
        if full is None:
            return None
        # Another connection's commit changes data_version; this one's, total_changes.
        version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        state = (self._conn.total_changes, version)
        if self._last_hits is not None and self._last_hits[:2] == (flt, state):
            return self._last_hits[2]
        hits = None
        for match in dict.fromkeys((flt.match(WINDOW), full)):
            ids = [
                row_id
                for (row_id,) in self._conn.execute(
                    "SELECT rowid FROM calls_fts WHERE calls_fts MATCH ? LIMIT ?",
                    (match, CANDIDATE_CAP + 1),
                )
            ]
            if len(ids) <= CANDIDATE_CAP:
                hits = ids if match == full else self._check(flt, ids)
                break
        self._last_hits = (flt, state, hits)
        return hits

    def _check(self, flt: Filter, ids: list[int]) -> list[int]:
        """Those of ``ids`` whose call matches the whole filter."""
        condition, params = flt.like()
        sql = f"SELECT id FROM calls WHERE id IN (SELECT value FROM json_each(?)) AND {condition}"
        return [row_id for (row_id,) in self._conn.execute(sql, [json.dumps(ids), *params])]


def _phrase(text: str) -> str:
    """``text`` as one FTS5 string: taken literally, so no query syntax gets through."""
    return '"' + text.replace('"', '""') + '"'


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's wildcards escaped."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
