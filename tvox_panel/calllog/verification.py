"""Recordings verified on the server: when to look, what to ask, what the answer means.

A recording the agent started is worth nothing if the server never stored it. After a
recorded call (or a segment) ends, its row becomes ``pending``; the panel then searches the
server's recordings (``searchRecordedCall``) for the names it sent, with back-off while the
server processes the audio: 10 s, 30 s, 2 min and 10 min after the end. The pending calls of
one agent due at the same time share one search (up to ``MAX_CALLS_PER_SEARCH``, soonest due
first: a backlog is worked off in bounded steps), and no agent is searched more than once a
minute. Found: ``verified`` (with the server's file name and duration). Still not found after
the last try: ``missing``. An answer the panel cannot read: ``unverified``, with the reason,
never ``missing`` (a false alarm would teach agents to ignore the real one).

This module only decides; the worker asks the server, the call log stores the states.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from tvox_panel.calllog.records import CallRecord

#: Seconds after the end of the recording at which each try is made.
BACKOFF = (10.0, 30.0, 120.0, 600.0)
#: At most one search per agent in this many seconds.
MIN_INTERVAL = 60.0
#: Seconds of slack on each side of the search window (clocks and processing differ).
WINDOW_MARGIN = 300.0
#: Calls one search settles at most: what the panel does with one answer stays small.
MAX_CALLS_PER_SEARCH = 100


class FoundRecording(Protocol):
    """What the server says of one recording (``webapi.RecordedCall`` fits)."""

    @property
    def file_name(self) -> str: ...

    @property
    def custom_file_name(self) -> str: ...

    @property
    def duration(self) -> float: ...


class Verdict(NamedTuple):
    """The new recording-check state of one call."""

    row: int
    state: str
    tries: int
    next_at: float | None
    note: str


def first_try(ended_at: float, backoff: Sequence[float] = BACKOFF) -> float:
    """When to look for a recording that ended at ``ended_at``."""
    return ended_at + backoff[0]


def window(records: Sequence[CallRecord], now: float) -> tuple[float, float]:
    """The start-time window (epoch seconds) one search must cover for ``records``."""
    start = min(r.started_at for r in records) - WINDOW_MARGIN
    end = max((r.ended_at or now) for r in records) + WINDOW_MARGIN
    return start, end


def _matches(name: str, found: FoundRecording) -> bool:
    if found.custom_file_name:
        return found.custom_file_name == name
    return bool(name) and found.file_name.startswith(name)


def relevant(names: Iterable[str], found: Iterable[FoundRecording]) -> list[FoundRecording]:
    """Those of ``found`` that one of the recording ``names`` can match (what :func:`judge`
    looks at): a search keeps these, not an agent's whole window."""
    wanted = [name for name in names if name]
    return [f for f in found if any(_matches(name, f) for name in wanted)]


def judge(
    records: Sequence[CallRecord],
    found: Sequence[FoundRecording],
    now: float,
    *,
    backoff: Sequence[float] = BACKOFF,
    min_interval: float = MIN_INTERVAL,
) -> list[Verdict]:
    """What one search's answer means for each of ``records``.

    A call is verified when every recording name it sent is among ``found``; otherwise it
    stays pending until its last try (``backoff`` has one step per try), then it is missing.
    """
    verdicts = []
    for record in records:
        matched = [f for name in record.rec_files for f in found if _matches(name, f)]
        names_found = {name for name in record.rec_files if any(_matches(name, f) for f in found)}
        tries = record.rec_check_tries + 1
        if record.rec_files and names_found == set(record.rec_files):
            note = ", ".join(f"{f.file_name} ({f.duration:.0f} s)" for f in matched)
            verdicts.append(Verdict(record.id, "verified", tries, None, note))
        elif tries >= len(backoff):
            absent = ", ".join(n for n in record.rec_files if n not in names_found)
            verdicts.append(Verdict(record.id, "missing", tries, None, absent))
        else:
            base = record.ended_at or now
            next_at = max(base + backoff[tries], now + min_interval)
            verdicts.append(Verdict(record.id, "pending", tries, next_at, ""))
    return verdicts


def unreadable(records: Sequence[CallRecord], reason: str) -> list[Verdict]:
    """The server's answer could not be read: these calls cannot be verified (not missing)."""
    return [Verdict(r.id, "unverified", r.rec_check_tries + 1, None, reason) for r in records]


def postponed(
    records: Sequence[CallRecord], now: float, min_interval: float = MIN_INTERVAL
) -> list[Verdict]:
    """The server could not be asked (offline, timeout): the same try, a minute later."""
    return [
        Verdict(r.id, "pending", r.rec_check_tries, now + min_interval, r.rec_check_note)
        for r in records
    ]
