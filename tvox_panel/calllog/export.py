"""The call log as CSV: one header row, one row per call, times in ISO 8601 local time."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from typing import TextIO

from tvox_panel.calllog.records import CallRecord

CSV_HEADER = (
    "id", "started", "ended", "number", "direction", "outcome", "reason", "call_id",
    "recorded", "recordings", "job_label", "service_code", "agent", "recording_check",
    "recording_check_note",
)  # fmt: skip


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


def write_csv(fh: TextIO, records: Iterable[CallRecord]) -> int:
    """Write ``records`` with a header row to ``fh``; return how many calls were written."""
    writer = csv.writer(fh)
    writer.writerow(CSV_HEADER)
    written = 0
    for r in records:
        writer.writerow(
            (
                r.id,
                _iso(r.started_at),
                "" if r.ended_at is None else _iso(r.ended_at),
                r.number,
                r.direction,
                r.outcome,
                r.reason or "",
                r.call_id or "",
                "yes" if r.recorded else "no",
                " ".join(r.rec_files),
                r.job_label,
                r.service_code,
                r.agent,
                r.rec_check,
                r.rec_check_note,
            )
        )
        written += 1
    return written
