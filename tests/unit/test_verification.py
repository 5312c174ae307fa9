"""Recording verification: when the panel looks, what a search's answer means, what is kept."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from tvox_panel.calllog import CallLog
from tvox_panel.calllog.verification import (
    BACKOFF,
    MIN_INTERVAL,
    first_try,
    judge,
    postponed,
    relevant,
    unreadable,
    window,
)


class Found(NamedTuple):
    file_name: str
    custom_file_name: str = ""
    duration: float = 0.0


@pytest.fixture
def log(tmp_path: Path) -> CallLog:
    return CallLog(tmp_path / "calls.sqlite3")


def recorded_call(log: CallLog, names: list[str], ended_at: float, agent: str = "mrossi") -> int:
    row = log.add("600", "out", "placed", agent=agent, started_at=ended_at - 60)
    for name in names:
        log.add_recording(row, name)
    log.update(row, ended_at=ended_at, rec_check="pending", rec_check_next=first_try(ended_at))
    return row


def test_a_recording_found_under_the_name_sent_is_verified(log: CallLog) -> None:
    row = recorded_call(log, ["crm_42"], ended_at=1000.0)
    (pending,) = log.pending_rec_checks()
    (verdict,) = judge([pending], [Found("20261129-crm_42.wav", "crm_42", 59)], now=1010.0)
    assert (verdict.row, verdict.state) == (row, "verified")
    assert "20261129-crm_42.wav (59 s)" in verdict.note


def test_a_search_keeps_only_what_the_pending_calls_can_match(log: CallLog) -> None:
    # An agent's window may hold hundreds of other recordings; the verdicts are the same
    # whether the search kept them all or only these.
    recorded_call(log, ["crm_42", "crm_42_2"], ended_at=1000.0)
    (pending,) = log.pending_rec_checks()
    window_holds = [
        Found("20261129-crm_42.wav", "crm_42", 59),
        Found("20261129-crm_7.wav", "crm_7"),
        Found("crm_42_2-20261129.wav"),
        *(Found(f"other_{i}.wav") for i in range(300)),
    ]
    kept = relevant(pending.rec_files, window_holds)
    assert kept == [window_holds[0], window_holds[2]]
    assert relevant(["", *pending.rec_files], []) == []
    assert judge([pending], kept, now=1010.0) == judge([pending], window_holds, now=1010.0)
    assert judge([pending], kept, now=1010.0)[0].state == "verified"


def test_every_segment_must_be_found(log: CallLog) -> None:
    recorded_call(log, ["a", "a_2"], ended_at=1000.0)
    (pending,) = log.pending_rec_checks()
    (verdict,) = judge([pending], [Found("a.wav", "a")], now=1010.0)
    assert verdict.state == "pending"


def test_not_found_backs_off_then_is_missing(log: CallLog) -> None:
    row = recorded_call(log, ["gone"], ended_at=1000.0)
    now = first_try(1000.0)
    for attempt in range(1, len(BACKOFF)):
        (pending,) = log.pending_rec_checks(due_by=now)  # it is due when the back-off says
        (verdict,) = judge([pending], [], now)
        assert verdict.state == "pending"
        assert verdict.next_at == max(1000.0 + BACKOFF[attempt], now + MIN_INTERVAL)
        log.update(row, rec_check=verdict.state, rec_check_tries=verdict.tries,
                   rec_check_next=verdict.next_at)  # fmt: skip
        assert log.pending_rec_checks(due_by=now) == []  # and not before
        now = verdict.next_at
    (pending,) = log.pending_rec_checks()
    (verdict,) = judge([pending], [], now)
    assert (verdict.state, verdict.note) == ("missing", "gone")


def test_an_unreadable_answer_is_never_reported_missing(log: CallLog) -> None:
    recorded_call(log, ["x"], ended_at=1000.0)
    (verdict,) = unreadable(log.pending_rec_checks(), "the answer has no list")
    assert verdict.state == "unverified"
    assert verdict.note == "the answer has no list"


def test_a_server_that_cannot_be_asked_postpones_without_using_a_try(log: CallLog) -> None:
    recorded_call(log, ["x"], ended_at=1000.0)
    (verdict,) = postponed(log.pending_rec_checks(), now=1010.0)
    assert (verdict.state, verdict.tries, verdict.next_at) == ("pending", 0, 1010.0 + 60)


def test_one_search_covers_an_agents_due_calls_in_one_window(log: CallLog) -> None:
    recorded_call(log, ["a"], ended_at=1000.0, agent="mrossi")
    recorded_call(log, ["b"], ended_at=1200.0, agent="mrossi")
    recorded_call(log, ["c"], ended_at=1100.0, agent="lbianchi")
    batch = log.pending_rec_checks(due_by=2000.0, agent="mrossi")
    assert [r.rec_files for r in batch] == [("a",), ("b",)]
    start, end = window(batch, now=2000.0)
    assert start <= 1000.0 - 60
    assert end >= 1200.0


def test_pending_checks_survive_reopening_and_missing_ones_are_filterable(tmp_path: Path) -> None:
    path = tmp_path / "calls.sqlite3"
    with CallLog(path) as first:
        recorded_call(first, ["kept"], ended_at=1000.0)
        lost = recorded_call(first, ["lost"], ended_at=1000.0)
        first.update(lost, rec_check="missing", rec_check_note="lost")
        first.add("601", "out", "placed")
    with CallLog(path) as again:
        assert [r.rec_files for r in again.pending_rec_checks()] == [("kept",)]
        assert [r.id for r in again.page(0, 10, rec_check="missing")] == [lost]
        assert again.count(rec_check="missing") == 1
        assert again.count("600", rec_check="missing") == 1
        assert again.count("601", rec_check="missing") == 0
        with pytest.raises(ValueError, match="rec_check"):
            again.update(lost, rec_check="perhaps")


def test_the_log_answers_when_each_agent_is_next_due_and_which_calls_are_due(
    log: CallLog,
) -> None:
    early = recorded_call(log, ["a"], ended_at=1000.0, agent="mrossi")
    late = recorded_call(log, ["b"], ended_at=1500.0, agent="mrossi")
    recorded_call(log, ["c"], ended_at=1200.0, agent="lbianchi")
    asap = recorded_call(log, ["d"], ended_at=1300.0, agent="gverdi")
    log.update(asap, rec_check_next=None)  # an old log: no next try stored means at once
    settled = recorded_call(log, ["e"], ended_at=900.0, agent="mrossi")
    log.update(settled, rec_check="verified")
    assert log.rec_check_wakes() == {
        "mrossi": first_try(1000.0),
        "lbianchi": first_try(1200.0),
        "gverdi": 0.0,
    }
    assert [r.id for r in log.pending_rec_checks(due_by=first_try(1000.0))] == [asap, early]
    assert [r.id for r in log.pending_rec_checks(agent="mrossi")] == [early, late]
    log.set_rec_checks([(asap, "missing", 4, None, "d"), (early, "verified", 1, None, "a.wav")])
    assert log.rec_check_wakes() == {"mrossi": first_try(1500.0), "lbianchi": first_try(1200.0)}
    with pytest.raises(ValueError, match="rec_check"):
        log.set_rec_checks([(late, "verified", 1, None, ""), (late, "lost", 1, None, "")])
    assert log.rec_check_wakes()["mrossi"] == first_try(1500.0)  # a bad state writes nothing
