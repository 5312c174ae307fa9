"""One call in the log, as the store returns it and the export writes it."""

from __future__ import annotations

from typing import NamedTuple

DIRECTIONS = ("out", "in")
OUTCOMES = ("placed", "failed", "unknown", "in_progress", "answered")
#: Whether the server stored a call's recordings ('' when there is nothing to check).
REC_CHECKS = ("", "pending", "verified", "missing", "unverified")


class CallRecord(NamedTuple):
    """One row of the call log. Times are seconds since the epoch."""

    id: int
    started_at: float
    number: str
    direction: str
    outcome: str
    ended_at: float | None = None
    call_id: str | None = None
    reason: str | None = None
    recorded: bool = False
    rec_files: tuple[str, ...] = ()
    job_label: str = ""
    service_code: str = ""
    agent: str = ""
    rec_check: str = ""
    rec_check_tries: int = 0
    rec_check_next: float | None = None
    rec_check_note: str = ""

    @property
    def duration(self) -> float | None:
        """Seconds from start to end, or None while the call has not ended."""
        return None if self.ended_at is None else max(0.0, self.ended_at - self.started_at)
