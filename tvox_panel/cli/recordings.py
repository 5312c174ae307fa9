"""``tvox-call recordings``: the server's recorded calls, and the panel's checked against them."""

from __future__ import annotations

import argparse
import dataclasses
from datetime import datetime, time
from typing import TYPE_CHECKING, Any, TextIO

from tvox_panel.cli.call import UsageError, _emit
from tvox_panel.i18n.catalog import translate

if TYPE_CHECKING:
    from tvox_panel.webapi import TVoxClient


def _parse_date(text: str | None, default: datetime, *, end: bool) -> datetime:
    if not text:
        return default
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        msg = translate("tvox-call", "not a date: {0} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM)").format(
            text
        )
        raise UsageError(msg) from None
    if len(text) <= 10:
        moment = datetime.combine(moment.date(), time.max if end else time.min)
    return moment


def recordings(args: argparse.Namespace, client: TVoxClient, out: TextIO) -> None:
    """``tvox-call recordings``: the server's recordings in a window, or with ``--check`` the
    panel's recorded calls each checked against them."""
    from tvox_panel.webapi import RecordingSearch

    now = datetime.now()
    start = _parse_date(args.date_from, datetime.combine(now.date(), time.min), end=False)
    stop = _parse_date(args.date_to, now, end=True)
    if stop < start:
        raise UsageError(translate("tvox-call", "--to is before --from"))
    if args.check:
        _check_recordings(args, client, start.timestamp(), stop.timestamp(), out)
        return
    search = RecordingSearch(start, stop, size=100)
    if args.name:
        search = search.file_name(args.name)
    page = client.search_recorded_calls(search)
    rows = [
        {
            "fileName": r.file_name,
            "callId": r.call_id,
            "duration": r.duration,
            "startTime": r.started_at,
            "user": r.user,
        }
        for r in page.items
    ]
    text = "\n".join(f"{r.file_name}\t{r.call_id}\t{r.duration:.0f}s" for r in page.items)
    _emit(args, rows, text or translate("tvox-call", "no recordings"), out)


def _check_recordings(
    args: argparse.Namespace, client: TVoxClient, start: float, stop: float, out: TextIO
) -> None:
    """The panel's recorded calls in the window, each checked against the server now."""
    import time as clock

    from tvox_panel.calllog import CallLog
    from tvox_panel.calllog.verification import BACKOFF, WINDOW_MARGIN, judge
    from tvox_panel.config import paths
    from tvox_panel.webapi import RecordingSearch

    path = paths.calllog_file()
    if not path.exists():
        raise UsageError(translate("tvox-call", "no call log yet: {0}").format(path))
    with CallLog(path) as log:
        calls = [
            r
            for r in log.iter_all()
            if r.rec_files and start <= r.started_at <= stop and r.agent in ("", client.agent)
        ]
    found: list[Any] = []
    if calls:
        window = RecordingSearch(start - WINDOW_MARGIN, stop + WINDOW_MARGIN, size=100)
        for page in range(1, 21):
            query = dataclasses.replace(window, page=page).users(client.agent)
            result = client.search_recorded_calls(query)
            found += result.items
            if not result.items or len(found) >= result.total:
                break
    now = clock.time()
    settled = sum(BACKOFF)
    rows = []
    for record, verdict in zip(calls, judge(calls, found, now), strict=True):
        state = verdict.state
        if state == "pending" and now - (record.ended_at or now) > settled:
            state = "missing"
        rows.append(
            {
                "callId": record.call_id,
                "number": record.number,
                "started": datetime.fromtimestamp(record.started_at).isoformat(timespec="seconds"),
                "recordings": list(record.rec_files),
                "state": state,
                "server": verdict.note if state == "verified" else "",
            }
        )
    names = {
        "verified": translate("tvox-call", "verified"),
        "pending": translate("tvox-call", "pending"),
        "missing": translate("tvox-call", "MISSING"),
    }
    text = "\n".join(
        f"{r['started']}\t{r['number']}\t{names.get(str(r['state']), r['state'])}\t"
        + (str(r["server"]) or " ".join(r["recordings"]))  # type: ignore[arg-type]
        for r in rows
    )
    _emit(args, rows, text or translate("tvox-call", "no recorded calls in the panel's log"), out)
