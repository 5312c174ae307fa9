"""RecordingChecker: asks the server, on a schedule, whether the recordings were stored."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from tvox_panel.calllog import CallLog, CallRecord
from tvox_panel.calllog import verification as policy
from tvox_panel.gui.worker import Found, VerifyRequest

log = logging.getLogger("tvox_panel.recordings")


class RecordingChecker(QObject):
    """Verifies on the server that each recorded call's recordings exist (GUI thread).

    The states live in the call log, so checks still pending when the panel quits go on
    after the next start. The network is the worker's: this object only asks for searches
    (``verify_requested``) and files their answers (:meth:`found`, :meth:`failed`).

    Args:
        call_log: Where the states are read and written.
        clock: Epoch seconds (tests move it).
        min_interval: Seconds between two searches for one agent.
        backoff: Seconds after a recording's end at which each try is made.

    Signals:
        verify_requested(VerifyRequest): a search the worker should make.
        checked(): call log rows changed.
        settled(list): calls (CallRecord) whose check ended: verified, missing or unverified.
    """

    verify_requested = Signal(object)
    checked = Signal()
    settled = Signal(list)

    def __init__(
        self,
        call_log: CallLog,
        *,
        clock: Callable[[], float] = time.time,
        min_interval: float = policy.MIN_INTERVAL,
        backoff: Sequence[float] = policy.BACKOFF,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._log = call_log
        self._clock = clock
        self._min_interval = min_interval
        self._backoff = tuple(backoff)
        self._last_search: dict[str, float] = {}
        self._asking: set[str] = set()
        self._running = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run_due)

    def start(self) -> None:
        """Begin checking (once connected): what is due now, then on schedule."""
        self._running = True
        self._schedule()

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    @Slot(int)
    def recording_ended(self, row: int) -> None:
        """A recording of call ``row`` ended: look for it after the first back-off step."""
        now = self._clock()
        self._write(
            lambda: self._log.update(
                row,
                rec_check="pending",
                rec_check_tries=0,
                rec_check_next=policy.first_try(now, self._backoff),
                rec_check_note="",
            )
        )
        self._schedule()

    @Slot()
    def run_due(self) -> None:
        """Ask for one search per agent whose calls are due (and not searched a minute ago)."""
        if not self._running or self._log.closed:
            return
        now = self._clock()
        for agent, soonest in self._wakes().items():
            recent = now - self._last_search.get(agent, -1e18) < self._min_interval
            if agent in self._asking or recent or soonest > now:
                continue
            # Searched (or, when the log could not be read, left alone) for a minute either
            # way: a log that keeps failing must not wake this every turn of the event loop.
            self._last_search[agent] = now
            records = self._pending(now, agent)
            if not records:
                continue
            self._asking.add(agent)
            start, end = policy.window(records, now)
            rows = tuple(r.id for r in records)
            names = tuple(name for r in records for name in r.rec_files)
            log.info("checking %d recorded call(s) of %s on the server", len(rows), agent)
            self.verify_requested.emit(VerifyRequest(agent, start, end, rows, names))
        self._schedule()

    def found(self, req: VerifyRequest, found: Found) -> None:
        """The server's recordings in the request's window."""
        records = self._still_pending(req)
        now = self._clock()
        verdicts = policy.judge(
            records, found.items, now, backoff=self._backoff, min_interval=self._min_interval
        )
        # Not every recording was read: never a false "missing".
        reason = ""
        if found.left_out:
            reason = self.tr("the server listed recordings the panel cannot read")
        elif not found.complete:
            reason = self.tr("too many recordings in the window to check them all")
        if reason:
            verdicts = [
                v._replace(state="unverified", note=reason) if v.state == "missing" else v
                for v in verdicts
            ]
        self._store(req, verdicts)

    def failed(self, req: VerifyRequest, error: BaseException) -> None:
        """The search failed. A refusal or an unreadable answer cannot verify (never
        "missing"); a server in trouble, a timeout or no connection wait for the next try."""
        from tvox_panel.gui.messages import user_text
        from tvox_panel.webapi import ProtocolError, RpcError

        records = self._still_pending(req)
        transient = isinstance(error, ProtocolError) and (error.status or 0) >= 500
        if isinstance(error, (ProtocolError, RpcError)) and not transient:
            verdicts = policy.unreadable(records, user_text(error))
        else:
            verdicts = policy.postponed(records, self._clock(), self._min_interval)
        self._store(req, verdicts)

    # -- internals ---------------------------------------------------------------------

    def _pending(self, due_by: float, agent: str) -> list[CallRecord]:
        try:
            return self._log.pending_rec_checks(
                due_by, agent=agent, limit=policy.MAX_CALLS_PER_SEARCH
            )
        except sqlite3.Error as exc:
            log.error("cannot read the recording checks: %s", exc)
            return []

    def _wakes(self) -> dict[str, float]:
        try:
            return self._log.rec_check_wakes()
        except sqlite3.Error as exc:
            log.error("cannot read the recording checks: %s", exc)
            return {}

    def _still_pending(self, req: VerifyRequest) -> list[CallRecord]:
        self._asking.discard(req.agent)
        if self._log.closed:
            return []
        records = [self._log.get(row) for row in req.rows]
        return [r for r in records if r is not None and r.rec_check == "pending"]

    def _store(self, req: VerifyRequest, verdicts: list[policy.Verdict]) -> None:
        if verdicts and self._write(lambda: self._log.set_rec_checks(verdicts)):
            final = [v.row for v in verdicts if v.state != "pending"]
            if final:
                records = [self._log.get(row) for row in final]
                self.settled.emit([r for r in records if r is not None])
        self._schedule()

    def _write(self, write: Callable[[], Any]) -> bool:
        if self._log.closed:
            return False
        try:
            write()
        except sqlite3.Error as exc:
            log.error("cannot store a recording check: %s", exc)
            return False
        self.checked.emit()
        return True

    def _schedule(self) -> None:
        """Wake when the soonest pending call is due (and its agent may be searched)."""
        if not self._running or self._log.closed:
            return
        soonest = {a: t for a, t in self._wakes().items() if a not in self._asking}
        if not soonest:
            self._timer.stop()
            return
        now = self._clock()
        wake = min(
            max(t or now, self._last_search.get(agent, -1e18) + self._min_interval)
            for agent, t in soonest.items()
        )
        self._timer.start(int(max(0.0, wake - now) * 1000))
