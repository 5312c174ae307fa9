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
from hypothesis import given, settings
from hypothesis import strategies as st

import tvox_panel
from tvox_panel.calllog import CallLog, CallRecord, SchemaTooNew, open_call_log
from tvox_panel.calllog.export import CSV_HEADER
from tvox_panel.calllog.schema import MIGRATIONS, SCHEMA_VERSION
from tvox_panel.calllog.search import CANDIDATE_CAP, SEPARATORS

REPO_ROOT = Path(tvox_panel.__file__).resolve().parents[1]
T0 = 1_700_000_000.0


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "calllog.sqlite3"


@pytest.fixture(params=[True, False], ids=["indexed", "scan"])
def calls(db_path: Path, request: pytest.FixtureRequest) -> Iterator[CallLog]:
    """A call log filtering through the trigram index, and one forced to scan."""
    with CallLog(db_path, use_search_index=request.param) as log:
        assert log.search_indexed is request.param
        yield log


def test_new_file_has_current_schema_in_wal_mode(calls: CallLog, db_path: Path) -> None:
    assert calls.schema_version == SCHEMA_VERSION == 4
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
        ("333111", [1]),  # separators are ignored in the stored number too
        ("+39 333 111", [1]),
        ("+39333", [1]),
        ("39 (333) 1", [1]),
        ("333 ", [1]),
        ("33", [1]),
        ("sales", [4, 0]),
        ("50%", [3]),
        ("%", [3]),
        ("783@d92", [2]),
        ("D92061BEFE", [2]),
        ("nothing", []),
        ("99612345", []),  # its tail is in a number, the whole is not
        ("ales nor", [4]),
        ("es n", [4]),
        ("_", []),
        ("\\", []),
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


def _key(text: str) -> str:
    return "".join(ch for ch in text if ch not in SEPARATORS).lower()


def _ascii_lower(text: str) -> str:
    return "".join(ch.lower() if "A" <= ch <= "Z" else ch for ch in text)


def matches(rec: CallRecord, filter_text: str) -> bool:
    """What the log view's filter keeps, written out plainly."""
    text = "".join(
        ch for ch in filter_text if ch != "\x00" and not "\ud800" <= ch <= "\udfff"
    ).strip()
    if not text:
        return True
    needle = _ascii_lower(text)
    number = _ascii_lower("".join(ch for ch in text if ch not in SEPARATORS))
    if number:
        in_number = number in _ascii_lower("".join(c for c in rec.number if c not in SEPARATORS))
    else:
        in_number = needle in _ascii_lower(rec.number)
    return (
        in_number
        or needle in _ascii_lower(rec.job_label)
        or needle in _ascii_lower(rec.call_id or "")
    )


def expected(log: CallLog, filter_text: str) -> list[int]:
    return [r.id for r in log.page(0, 1_000_000) if matches(r, filter_text)]


def assert_index_consistent(path: Path) -> None:
    """FTS5's own check: the index holds exactly the text of every call, nothing else."""
    con = sqlite3.connect(path)
    try:
        con.execute("INSERT INTO calls_fts(calls_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        con.close()


def record(
    number: str, started_at: float, job_label: str = "", call_id: str | None = None
) -> CallRecord:
    return CallRecord(0, started_at, number, "out", "placed", job_label=job_label, call_id=call_id)


TRICKY = [
    record("02 1234", T0 + 1, "Sales"),
    record("+39021234", T0 + 2, call_id="7.1@PBX"),
    record("(06) 555-12.34", T0 + 3, 'say "hi" AND bye *'),
    record("sip:Mario.Rossi@pbx", T0 + 4, "NEAR(a b) ^x {job_label}: y"),
    record("600", T0 + 5, "CAFFÈ Ünïcödé", "8.2@d92061befe"),
    record("\u212a-ab 700", T0 + 6, "x_y%z\\ \u017fab"),
    record("0039 02 1234", T0 + 7, "support 50%", "9.3@x"),
]


def make_v1_file(path: Path, records: list[CallRecord]) -> None:
    """A call log as the first schema version wrote it."""
    con = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute("PRAGMA user_version = 1")
    con.executemany(
        "INSERT INTO calls (started_at, number, direction, outcome, job_label, call_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(r.started_at, r.number, r.direction, r.outcome, r.job_label, r.call_id) for r in records],
    )
    con.commit()
    con.close()


@pytest.mark.parametrize("use_index", [True, False], ids=["indexed", "scan"])
def test_version_1_file_is_upgraded_in_place_keeping_every_row(
    db_path: Path, use_index: bool
) -> None:
    make_v1_file(db_path, TRICKY)
    with CallLog(db_path, use_search_index=use_index) as log:
        assert log.schema_version == SCHEMA_VERSION
        assert [r.number for r in log.page(0, 100)] == [r.number for r in reversed(TRICKY)]
        assert [r.number for r in log.page(0, 10, "021234")] == [
            "0039 02 1234",
            "+39021234",
            "02 1234",
        ]
        assert log.count("02 1234") == 3
        assert [r.number for r in log.page(0, 10, "5551234")] == ["(06) 555-12.34"]
        assert log.count("7.1@pbx") == 1
        assert log.integrity_ok()
    if use_index:
        assert_index_consistent(db_path)
    with CallLog(db_path) as log:  # and the upgraded file opens as it is
        assert log.schema_version == SCHEMA_VERSION
        assert log.count() == len(TRICKY)
        assert log.count("021234") == 3


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        '" OR "',
        "AND",
        "a OR b",
        "*",
        "sa*",
        "NEAR(a b)",
        "number_key: 1234",
        "{job_label}: y",
        "^x {",
        "-ab",
        '"hi" AND',
        "\x00",
        "12\x0034",
        "\ud800abc",
        "\u212aab",
        "kab",
        "caffè",
        "CAFFÈ",
    ],
)
def test_filter_text_is_never_taken_as_query_syntax(calls: CallLog, text: str) -> None:
    calls.bulk_add(TRICKY)
    want = expected(calls, text)
    assert [r.id for r in calls.page(0, 100, text)] == want
    assert calls.count(text) == len(want)


def test_quotes_and_operators_are_searched_as_typed(calls: CallLog) -> None:
    calls.bulk_add(TRICKY)
    assert [r.number for r in calls.page(0, 10, '"hi" and')] == ["(06) 555-12.34"]
    assert [r.number for r in calls.page(0, 10, "NEAR(a")] == ["sip:Mario.Rossi@pbx"]
    assert calls.count("and bye *") == 1
    assert calls.count("caffè") == 0  # like LIKE, case is ignored for ASCII letters only
    assert calls.count("CAFFÈ") == 1


def test_any_filter_finds_the_same_calls_with_or_without_the_index(tmp_path: Path) -> None:
    with (
        CallLog(tmp_path / "indexed.sqlite3") as indexed,
        CallLog(tmp_path / "scan.sqlite3", use_search_index=False) as scan,
    ):
        assert indexed.search_indexed
        assert not scan.search_indexed
        for log in (indexed, scan):
            log.bulk_add(TRICKY)
        stored = [v for r in TRICKY for v in (r.number, r.job_label, r.call_id or "")]
        pieces = st.sampled_from(stored).flatmap(
            lambda v: st.tuples(st.integers(0, len(v)), st.integers(0, len(v))).map(
                lambda ij: v[min(ij) : max(ij)]
            )
        )
        filters = st.one_of(
            st.text(max_size=20),
            st.text(alphabet=' .-()/"*%_\\:^{}+AaNnDdOoRr0123456789èÈ\x00', max_size=12),
            pieces,
            st.tuples(pieces, st.sampled_from(["", " ", "-", '"', "*"])).map("".join),
            st.tuples(st.text(alphabet="0129 x", max_size=3), pieces).map("".join),
        )

        @settings(max_examples=300, deadline=None)
        @given(filters)
        def check(text: str) -> None:
            want = expected(indexed, text)
            for log in (indexed, scan):
                assert [r.id for r in log.page(0, 100, text)] == want
                assert log.count(text) == len(want)

        check()


def test_index_follows_every_kind_of_write(calls: CallLog, db_path: Path) -> None:
    ids = fill(calls)
    calls.update(ids[0], number="02 9876 5432", job_label="Billing", call_id="5.5@z")
    calls.end(ids[1])
    calls.add_recording(ids[1], "a.wav")
    calls.delete(ids[2])
    calls.bulk_add(TRICKY)
    for text in ("12345", "98765432", "06123", "billing", "sales", "5.5@", "021234", "d92061"):
        want = expected(calls, text)
        assert [r.id for r in calls.page(0, 100, text)] == want
        assert calls.count(text) == len(want)
    assert calls.count("98765432") == 1
    assert calls.count("d92061") == 1  # the deleted call had this id too; the bulk one stays
    if calls.search_indexed:
        assert_index_consistent(db_path)
    assert calls.clear() == len(TRICKY) + len(ids) - 1
    assert calls.count("021234") == 0
    assert calls.page(0, 10, "sales") == []
    calls.bulk_add(TRICKY[:2])
    assert calls.count("021234") == 2
    if calls.search_indexed:
        assert_index_consistent(db_path)


def test_an_sqlite_without_trigrams_filters_by_scanning(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with CallLog(db_path) as log:
        row = log.add("02 1234", "out", "placed")
    monkeypatch.setattr("tvox_panel.calllog.search.trigram_available", lambda conn: False)
    with CallLog(db_path) as log:
        assert not log.search_indexed
        assert [r.id for r in log.page(0, 10, "021234")] == [row]
        added = log.add("+39021234", "out", "placed")  # writes no longer touch the index
        assert log.count("021234") == 2
    monkeypatch.undo()
    with CallLog(db_path) as log:
        assert [r.id for r in log.page(0, 10, "021234")] == [added, row]
    assert_index_consistent(db_path)


def test_index_catches_up_with_writes_made_while_it_was_off(db_path: Path) -> None:
    with CallLog(db_path) as log:
        kept = log.add("0211112222", "out", "placed", job_label="Sales")
        gone = log.add("0233334444", "out", "placed")
    with CallLog(db_path, use_search_index=False) as log:
        added = log.add("0255556666", "out", "placed")
        assert log.delete(gone)
        assert log.update(kept, job_label="Billing")
    with CallLog(db_path) as log:
        assert log.search_indexed
        assert [r.id for r in log.page(0, 10, "55556666")] == [added]
        assert log.count("33334444") == 0
        assert (log.count("sales"), log.count("billing")) == (0, 1)
    assert_index_consistent(db_path)


def test_filters_with_many_hits_stay_exact_and_newest_first(calls: CallLog) -> None:
    many = CANDIDATE_CAP + 500
    calls.bulk_add(
        record(f"0{i:09d}", T0 + i, "Alpha support" if i % 1000 == 7 else "Support")
        for i in range(many)
    )
    newest = calls.page(0, 3, "support")
    assert [r.started_at for r in newest] == [T0 + many - 1, T0 + many - 2, T0 + many - 3]
    assert calls.count("support") == many
    assert calls.count("support", limit=100) == 100
    assert calls.count("SUPPORT", limit=10**6) == many
    # Common at its end, rare as a whole.
    rare = calls.page(0, 10, "alpha support")
    assert [r.started_at for r in rare] == [T0 + 2007, T0 + 1007, T0 + 7]
    assert calls.count("alpha support") == 3
    assert calls.page(1, 10, "alpha support") == rare[1:]
    assert calls.count("alpha support", limit=2) == 2


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


# -- a damaged file --------------------------------------------------------------------------


def test_a_damaged_file_is_moved_aside_with_its_wal_and_its_readable_calls_copied(
    tmp_path: Path,
) -> None:
    whole = tmp_path / "whole.sqlite3"
    with CallLog(whole) as log:
        log.bulk_add(
            CallRecord(0, T0 + n, f"06{n:08d}", "out", "placed", ended_at=T0 + n + 30)
            for n in range(2000)
        )
    data = whole.read_bytes()
    path = tmp_path / "calllog.sqlite3"
    path.write_bytes(data[: len(data) // 3])
    Path(f"{path}-wal").write_bytes(b"")
    opened = open_call_log(path)
    with opened.log as log:
        assert opened.set_aside is not None
        assert opened.set_aside.read_bytes() == data[: len(data) // 3]
        assert Path(f"{opened.set_aside}-wal").exists()
        assert 0 < opened.recovered == log.count() <= 2000
        oldest = log.page(log.count() - 1, 1)[0]
        assert (oldest.number, oldest.started_at, oldest.ended_at) == ("0600000000", T0, T0 + 30)
        assert log.integrity_ok()


def test_a_log_that_cannot_be_opened_for_another_reason_is_left_alone(db_path: Path) -> None:
    db_path.mkdir()  # not a damaged file: nothing to set aside
    with pytest.raises(sqlite3.OperationalError):
        open_call_log(db_path)
    assert [p.name for p in db_path.parent.iterdir()] == [db_path.name]


def test_a_healthy_log_opens_as_it_is(db_path: Path) -> None:
    with CallLog(db_path) as log:
        log.add("600", "out", "placed")
    opened = open_call_log(db_path)
    with opened.log as log:
        assert (opened.set_aside, opened.recovered, log.count()) == (None, 0, 1)
