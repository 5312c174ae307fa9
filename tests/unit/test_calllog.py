"""Tests for the SQLite call log, on real files."""

from __future__ import annotations

import csv
import io
import os
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

import tvox_panel
from tvox_panel.calllog import CSV_HEADER, SCHEMA_VERSION, CallLog, CallRecord, SchemaTooNew

REPO_ROOT = Path(tvox_panel.__file__).resolve().parents[1]
T0 = 1_700_000_000.0


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "calllog.sqlite3"


@pytest.fixture
def calls(db_path: Path) -> Iterator[CallLog]:
    with CallLog(db_path) as log:
        yield log


def test_new_file_has_current_schema_in_wal_mode(calls: CallLog, db_path: Path) -> None:
    assert calls.schema_version == SCHEMA_VERSION == 1
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        indexed = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert {"calls_started_at", "calls_number"} <= indexed
    finally:
        con.close()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_file_is_private(calls: CallLog, db_path: Path) -> None:
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_reopening_keeps_rows(db_path: Path) -> None:
    with CallLog(db_path) as log:
        row = log.add("0612345678", "out", "placed", call_id="1.2@x", job_label="Sales")
    with CallLog(db_path) as log:
        rec = log.get(row)
        assert log.schema_version == SCHEMA_VERSION
    assert rec is not None
    assert (rec.number, rec.direction, rec.outcome, rec.call_id, rec.job_label) == (
        "0612345678",
        "out",
        "placed",
        "1.2@x",
        "Sales",
    )
    assert rec.ended_at is None
    assert rec.duration is None


def test_newer_schema_is_refused(db_path: Path) -> None:
    CallLog(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNew):
        CallLog(db_path)


def test_add_rejects_unknown_direction_and_outcome(calls: CallLog) -> None:
    with pytest.raises(ValueError, match="direction"):
        calls.add("600", "sideways", "placed")
    with pytest.raises(ValueError, match="outcome"):
        calls.add("600", "out", "exploded")
    assert calls.count() == 0


def test_update_end_and_recordings(calls: CallLog) -> None:
    row = calls.add("600", "out", "in_progress", started_at=T0)
    assert calls.update(row, outcome="answered", call_id="9.9@y", reason=None)
    assert calls.end(row, ended_at=T0 + 42)
    assert calls.add_recording(row, "a.wav")
    assert calls.add_recording(row, "b.wav")
    rec = calls.get(row)
    assert rec is not None
    assert (rec.outcome, rec.call_id, rec.duration) == ("answered", "9.9@y", 42.0)
    assert rec.recorded is True
    assert rec.rec_files == ("a.wav", "b.wav")
    assert calls.update(row, rec_files=[], recorded=False)
    assert calls.get(row) == CallRecord(
        row, T0, "600", "out", "answered", ended_at=T0 + 42, call_id="9.9@y"
    )


def test_changes_to_missing_rows_report_false(calls: CallLog) -> None:
    assert calls.update(99, outcome="failed") is False
    assert calls.end(99) is False
    assert calls.add_recording(99, "x.wav") is False
    assert calls.delete(99) is False
    assert calls.get(99) is None


def test_update_rejects_unknown_columns_and_values(calls: CallLog) -> None:
    row = calls.add("600", "out", "placed")
    with pytest.raises(ValueError, match="cannot update"):
        calls.update(row, id=5)
    with pytest.raises(ValueError, match="outcome"):
        calls.update(row, outcome="nope")


def fill(log: CallLog) -> list[int]:
    return [
        log.add("0612345678", "out", "placed", started_at=T0 + 1, job_label="Sales"),
        log.add("+39 333 111", "out", "failed", started_at=T0 + 2, reason="busy"),
        log.add("600", "in", "answered", started_at=T0 + 3, call_id="1605867847.783@d92061befe"),
        log.add("0612345678", "out", "unknown", started_at=T0 + 3, job_label="support 50%"),
        log.add("700", "out", "placed", started_at=T0 + 4, job_label="SALES north"),
    ]


def test_page_is_newest_first_with_ties_broken_by_id(calls: CallLog) -> None:
    a, b, c, d, e = fill(calls)
    assert [r.id for r in calls.page(0, 10)] == [e, d, c, b, a]
    assert [r.id for r in calls.page(1, 2)] == [d, c]
    assert [r.id for r in calls.page(4, 10)] == [a]
    assert calls.page(5, 10) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [4, 3, 2, 1, 0]),
        ("12345", [3, 0]),
        ("06 123-45", [3, 0]),
        ("333111", []),
        ("333 ", [1]),
        ("sales", [4, 0]),
        ("50%", [3]),
        ("%", [3]),
        ("783@d92", [2]),
        ("nothing", []),
    ],
)
def test_filter_matches_number_job_label_and_call_id(
    calls: CallLog, text: str, expected: list[int]
) -> None:
    ids = fill(calls)
    want = [ids[i] for i in expected]
    assert [r.id for r in calls.page(0, 100, text)] == want
    assert calls.count(text) == len(want)


def test_recent_numbers_are_distinct_outgoing_newest_first(calls: CallLog) -> None:
    assert calls.recent_numbers() == []
    assert calls.last_dialed() is None
    fill(calls)
    assert calls.recent_numbers() == ["700", "0612345678", "+39 333 111"]
    assert calls.recent_numbers(limit=2) == ["700", "0612345678"]
    assert calls.recent_numbers(direction=None)[:3] == ["700", "0612345678", "600"]
    assert calls.last_dialed() == "700"


def test_delete_and_clear(calls: CallLog) -> None:
    ids = fill(calls)
    assert calls.delete(ids[0])
    assert calls.count() == 4
    assert calls.clear() == 4
    assert calls.count() == 0
    assert calls.page(0, 10) == []


def test_csv_export_is_excel_friendly(calls: CallLog, tmp_path: Path) -> None:
    row = calls.add("0039061234", "out", "placed", started_at=T0, job_label="Caffè")
    calls.end(row, ended_at=T0 + 61)
    calls.add_recording(row, "rec one.wav")
    calls.add("600", "in", "failed", started_at=T0 + 100, reason="busy")
    out = tmp_path / "calls.csv"
    assert calls.export_csv(out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    newest, oldest = (dict(zip(CSV_HEADER, r, strict=True)) for r in rows[1:])
    assert newest["number"] == "600"
    assert newest["reason"] == "busy"
    assert newest["ended"] == ""
    assert oldest["number"] == "0039061234"
    assert oldest["job_label"] == "Caffè"
    assert oldest["recorded"] == "yes"
    assert oldest["recordings"] == "rec one.wav"
    assert datetime.fromisoformat(oldest["started"]).timestamp() == T0
    assert datetime.fromisoformat(oldest["ended"]).timestamp() == T0 + 61


def test_csv_export_to_file_object_with_filter(calls: CallLog) -> None:
    fill(calls)
    buf = io.StringIO(newline="")
    assert calls.export_csv(buf, filter_text="sales") == 2
    rows = list(csv.reader(io.StringIO(buf.getvalue())))
    assert [r[3] for r in rows[1:]] == ["700", "0612345678"]


def test_integrity_and_closing(db_path: Path) -> None:
    log = CallLog(db_path)
    log.add("600", "out", "placed")
    assert log.integrity_ok()
    log.close()
    with pytest.raises(sqlite3.ProgrammingError):
        log.count()


def test_bulk_insert_of_100k_rows_then_count_and_filtered_page(calls: CallLog) -> None:
    n = 100_000
    records = (
        CallRecord(
            id=0,
            started_at=T0 + i,
            number=f"06{i:08d}",
            direction="out",
            outcome="placed" if i % 3 else "failed",
            job_label=f"job{i % 100}",
        )
        for i in range(n)
    )
    assert calls.bulk_add(records) == n
    assert calls.count() == n
    # Numbers run 0600000000..0600099999: only one contains "12345".
    page = calls.page(0, 5, "12345")
    assert [r.number for r in page] == ["0600012345"]
    assert calls.count("job7") == 11 * 1000  # job7 and job70..job79, 1000 rows each
    newest = calls.page(0, 3, "job99")
    assert [r.number for r in newest] == ["0600099999", "0600099899", "0600099799"]
    assert [r.started_at for r in calls.page(n - 2, 5)] == [T0 + 1, T0]


KILL_SCRIPT = """
import sys
from tvox_panel.calllog import CallLog

log = CallLog(sys.argv[1])
i = 0
while True:
    row = log.add(f"06{i:08d}", "out", "placed", job_label="x" * (i % 50))
    log.end(row)
    print(row, flush=True)
    i += 1
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_every_reported_row_survives_sigkill(db_path: Path) -> None:
    CallLog(db_path).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO_ROOT,
    )
    assert proc.stdout is not None
    reported = [int(proc.stdout.readline()) for _ in range(200)]
    os.kill(proc.pid, signal.SIGKILL)
    rest = proc.stdout.read()
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    reported += [int(line) for line in rest.split()]

    with CallLog(db_path) as log:
        assert log.integrity_ok()
        missing = [row for row in reported if log.get(row) is None]
        assert missing == []
        assert log.count() >= len(reported)
