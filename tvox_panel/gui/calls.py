"""CallFlow: dialling, recording, hanging up and following the agent's current calls."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from tvox_panel.gui.messages import user_text
from tvox_panel.gui.state import ActiveCall, DialDecision, Notice, Preview, State, Status
from tvox_panel.gui.worker import DialRequest, RecRequest
from tvox_panel.phone.numbers import International, NormalizeOptions, NumberError, describe
from tvox_panel.phone.recnames import render

if TYPE_CHECKING:
    from tvox_panel.calllog import CallLog
    from tvox_panel.config.settings import Settings

log = logging.getLogger("tvox_panel.session")
T = TypeVar("T")
NO_ID_GRACE = 5.0  # seconds a new call may take to show up in the current calls
CONFIRM_WINDOW = 30.0  # seconds during which an unknown-outcome number needs a confirmation


def load_dial_path() -> None:
    """Import now the modules a dial would otherwise import when first used.

    They stay off the start path; once connected, before any dial can start, they load, so
    that a dial opens no module file: it works even while every descriptor is taken.
    """
    import tvox_panel.phone.uris  # noqa: F401


class StatusBox(QObject):
    """The panel's current :class:`Status`, shared by its owner and the call flow.

    Every change goes through :meth:`update` (or :meth:`error`). The box holds no reference
    to its owner: the owner connects the signals (a Python reference cycle would leave the
    owner to the garbage collector, which may run on any thread).

    Signals:
        changed(Status): after every change.
        failed(str): an error line was stored with :meth:`error`.
    """

    changed = Signal(object)
    failed = Signal(str)

    def __init__(self, status: Status, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status = status

    @property
    def value(self) -> Status:
        return self._status

    def update(self, **changes: Any) -> None:
        self._status = self._status.with_(**changes)
        self.changed.emit(self._status)

    def error(self, text: str) -> None:
        """Show ``text`` as the current error (one translated line)."""
        self.update(error=text)
        self.failed.emit(text)


class CallFlow(QObject):
    """Dialling, recording and hanging up, and the agent's current calls, on the GUI thread.

    Every method only updates state, writes the call log and asks for network work through
    the ``*_requested`` signals (the owner connects them to the worker); the answers come
    back through the ``*_done`` / ``*_failed`` methods, called by the owner.

    Args:
        settings: The settings in force; the owner passes new ones with :meth:`use_settings`.
        call_log: The call log every call is written to.
        status: The panel's status, shared with the owner.

    Signals:
        dial_requested(DialRequest), rec_requested(RecRequest), hangup_requested(str),
        poll_requested(): network work for the worker.
        call_started(ActiveCall), call_ended(ActiveCall): a call the panel controls.
        recording_changed(ActiveCall): the server confirmed recording on or off.
        notice(Notice): for tray notifications.
        log_changed(): call log rows were added or updated.
        connection_failed(object): a dial found the server unreachable (the exception).
        job_chosen(str, str, str): number, job label and service code the agent picked.
        call_over(): no call is in the way of a reconnection any more.
        recording_ended(int): a recording of this call log row ended (to verify it).
        calls_seen(list): the agent's current calls (CurrentCall), as each poll found them.
    """

    call_started = Signal(object)
    call_ended = Signal(object)
    recording_changed = Signal(object)
    notice = Signal(object)
    log_changed = Signal()
    connection_failed = Signal(object)
    job_chosen = Signal(str, str, str)
    call_over = Signal()
    recording_ended = Signal(int)
    calls_seen = Signal(list)
    dial_requested = Signal(object)
    rec_requested = Signal(object)
    hangup_requested = Signal(str)
    poll_requested = Signal()

    def __init__(
        self,
        settings: Settings,
        call_log: CallLog,
        status: StatusBox,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._log = call_log
        self._box = status
        self._unknown: tuple[str, float] | None = None  # number, when its outcome went unknown
        self._dialing_row: int | None = None
        self._hanging_up = False
        self._polling = False
        self._repoll = False

    def use_settings(self, settings: Settings) -> None:
        """Dial with ``settings`` from now on."""
        self._settings = settings

    @property
    def _status(self) -> Status:
        return self._box.value

    @property
    def polling(self) -> bool:
        """A current-calls request is on its way."""
        return self._polling

    def _set(self, **changes: Any) -> None:
        self._box.update(**changes)

    def _error(self, text: str) -> None:
        self._box.error(text)

    def _options(self) -> NormalizeOptions:
        return NormalizeOptions(
            region=self._settings.region,
            international=cast(International, self._settings.international),
        )

    def preview(self, text: str) -> Preview:
        """What dialling ``text`` would send (pure: no network)."""
        if not text.strip():
            return Preview(text, None, "", None)
        from tvox_panel.phone.uris import parse_any

        try:
            number = parse_any(text, self._options()).number
        except NumberError as exc:
            return Preview(text, None, "", user_text(exc))
        return Preview(text, number, describe(number, self._settings.region), None)

    def dial(
        self,
        text: str,
        *,
        confirmed: bool = False,
        job_label: str | None = None,
        service_code: str | None = None,
    ) -> DialDecision:
        """Ask the worker to place a call to ``text`` (a number or a tel:/sip: link)."""
        st = self._status
        if st.state in (State.DIALING, State.IN_CALL):
            return DialDecision.IGNORED
        if st.state != State.READY:
            self._error(
                QCoreApplication.translate(
                    "Session", "Not connected to the TVox server: the call was not placed."
                )
            )
            return DialDecision.REFUSED
        from tvox_panel.phone.uris import parse_any

        try:
            number = parse_any(text, self._options()).number
        except NumberError as exc:
            self._error(user_text(exc))
            return DialDecision.REFUSED
        if (
            not confirmed
            and self._unknown
            and self._unknown[0] == number
            and time.monotonic() - self._unknown[1] < CONFIRM_WINDOW
        ):
            return DialDecision.NEEDS_CONFIRM
        remembered = self._settings.job_for(number) or ("", "")
        job = job_label if job_label is not None else (remembered[0] or self._settings.job_label)
        svc = (
            service_code
            if service_code is not None
            else (remembered[1] or self._settings.service_code)
        )
        agent = self._settings.effective_agent
        rec_name = None
        if self._settings.auto_record:
            rec_name = render(
                self._settings.rec_name_template,
                number=number,
                agent=agent,
                call_id=None,
                segment=1,
            )
        row = self._write_log(
            lambda: self._log.add(
                number, "out", "in_progress", job_label=job, service_code=svc, agent=agent
            )
        )
        if (job_label is not None or service_code is not None) and (job, svc) != remembered:
            self.job_chosen.emit(number, job, svc)
        req = DialRequest(
            number, self._settings.access_code, job, svc, rec_name is not None, rec_name, row
        )
        self._dialing_row = row
        # The request first, then the window: the worker writes it while this thread redraws
        # (its answer is queued behind this handler, so DIALING is always set before it).
        self.dial_requested.emit(req)
        self._set(state=State.DIALING, dialing_number=number, error=None)
        return DialDecision.STARTED

    def redial_last(self) -> DialDecision:
        last = self._log.last_dialed()
        if not last:
            return DialDecision.REFUSED
        return self.dial(last)

    def recent_numbers(self, limit: int = 5) -> list[str]:
        return self._log.recent_numbers(limit)

    def _write_log(self, write: Callable[[], T]) -> T | None:
        """Run one call-log write; a full disk or a locked file costs the row, not the call."""
        try:
            result = write()
        except sqlite3.Error as exc:
            log.error("call log write failed: %s", exc)
            self._error(
                QCoreApplication.translate("Session", "Cannot write the call log: {0}").format(exc)
            )
            return None
        self.log_changed.emit()
        return result

    def settle_interrupted(self) -> None:
        """Calls a previous panel left in flight (it was killed mid-dial) become "unknown".

        For the panel that has just taken the call log over. As after any unknown outcome,
        dialling the newest such number again within the confirmation window asks first.
        """
        reason = QCoreApplication.translate(
            "Session", "The panel stopped before the server answered."
        )
        settled = self._write_log(lambda: self._log.settle_in_progress(reason))
        if settled:
            log.warning(
                "%d call(s) left in flight by a previous panel: outcome unknown", len(settled)
            )
            self._unknown = (settled[0].number, time.monotonic())

    def close_at_quit(self) -> None:
        """The panel quits: a dial still unanswered may exist; a call still up ends now."""
        call = self._status.call
        if self._status.state == State.DIALING:
            self.abandon_dial()
        elif call is not None and call.log_row is not None:
            row = call.log_row
            self._write_log(lambda: self._log.end(row))
            if call.rec_files:
                self.recording_ended.emit(row)  # checked at the next start

    def abandon_dial(self) -> None:
        """The panel quits while a dial is unanswered: the call may exist."""
        row = self._dialing_row
        if row is not None:
            reason = QCoreApplication.translate(
                "Session", "The panel quit before the server answered."
            )
            self._write_log(lambda: self._log.update(row, outcome="unknown", reason=reason))

    def dial_done(self, req: DialRequest, call_id: str | None) -> None:
        row = req.log_row
        self._dialing_row = None
        if row is not None:

            def write() -> None:
                self._log.update(row, outcome="placed", call_id=call_id)
                if req.rec_file_name:
                    self._log.add_recording(row, req.rec_file_name)

            self._write_log(write)
        now = time.time()
        call = ActiveCall(
            call_id,
            req.number,
            started_at=now,
            recording=req.record,
            rec_started_at=now if req.record else None,
            rec_files=(req.rec_file_name,) if req.rec_file_name else (),
            log_row=req.log_row,
            service=req.service_code or None,
        )
        self._unknown = None
        self._set(state=State.IN_CALL, call=call, dialing_number="")
        self.call_started.emit(call)
        if req.record:
            self.recording_changed.emit(call)

    def dial_failed(self, req: DialRequest, error: BaseException) -> None:
        from tvox_panel.webapi import OutcomeUnknown, ProtocolError, TransportError

        unknown = isinstance(error, (OutcomeUnknown, ProtocolError))
        text = user_text(error)
        row = req.log_row
        self._dialing_row = None
        if row is not None:

            def write() -> None:
                self._log.update(row, outcome="unknown" if unknown else "failed", reason=text)
                self._log.end(row)

            self._write_log(write)
        self._set(state=State.READY, dialing_number="")
        if unknown:
            self._unknown = (req.number, time.monotonic())
            if isinstance(error, OutcomeUnknown):
                text = QCoreApplication.translate(
                    "Session", "No answer from the server: the call to {0} may have been placed."
                ).format(req.number)
            else:
                text = QCoreApplication.translate(
                    "Session",
                    "The server's answer was not understood: the call to {0} may have been placed.",
                ).format(req.number)
            if self._settings.notify_outcome_unknown:
                self.notice.emit(
                    Notice(
                        "outcome_unknown",
                        QCoreApplication.translate("Session", "Call outcome unknown"),
                        text,
                    )
                )
        elif self._settings.notify_dial_failed:
            self.notice.emit(
                Notice("dial_failed", QCoreApplication.translate("Session", "Call failed"), text)
            )
        self._error(text)
        if isinstance(error, TransportError) and not unknown:
            self.connection_failed.emit(error)

    # -- the active call ---------------------------------------------------------------

    def hangup(self) -> bool:
        """Hang up the active call; False when there is none (or no call id to name it)."""
        call = self._status.call
        if self._status.state != State.IN_CALL or call is None or self._hanging_up:
            return False
        if call.call_id is None:
            self._error(
                QCoreApplication.translate(
                    "Session", "Cannot hang up: the server gave no id for this call."
                )
            )
            return False
        self._hanging_up = True
        self.hangup_requested.emit(call.call_id)
        return True

    def hangup_done(self, call_id: str) -> None:
        self._hanging_up = False
        call = self._status.call
        if call is not None and call.call_id == call_id:
            self.end_call(call)

    def hangup_failed(self, error: BaseException) -> None:
        from tvox_panel.webapi import NoActiveCall

        self._hanging_up = False
        self._error(user_text(error))
        call = self._status.call
        if isinstance(error, NoActiveCall) and call is not None:
            self.end_call(call)

    def toggle_recording(self) -> None:
        self.set_recording(not self._status.recording)

    def set_recording(self, on: bool) -> None:
        """Ask the server to start or stop recording; the state follows its answer."""
        call = self._status.call
        if self._status.state != State.IN_CALL or call is None or call.rec_pending:
            return
        if call.recording == on:
            return
        name = None
        if on:
            name = render(
                self._settings.rec_name_template,
                number=call.number,
                agent=self._settings.effective_agent,
                call_id=call.call_id,
                segment=len(call.rec_files) + 1,
            )
        elif call.call_id is None:
            self._error(
                QCoreApplication.translate(
                    "Session", "Cannot stop recording: the server gave no id for this call."
                )
            )
            return
        self._set(call=call.with_(rec_pending=True))
        self.rec_requested.emit(RecRequest(call.call_id, on, name, call.log_row))

    def rec_done(self, req: RecRequest) -> None:
        call = self._status.call
        if call is None or call.log_row != req.log_row:
            return  # the answer is about a call that has ended meanwhile
        if req.on:
            files = call.rec_files + ((req.file_name,) if req.file_name else ())
            call = call.with_(
                recording=True, rec_pending=False, rec_started_at=time.time(), rec_files=files
            )
            row, name = call.log_row, req.file_name
            if row is not None and name:
                self._write_log(lambda: self._log.add_recording(row, name))
        else:
            call = call.with_(recording=False, rec_pending=False, rec_started_at=None)
            if call.log_row is not None:
                self.recording_ended.emit(call.log_row)
        self._set(call=call, error=None)
        self.recording_changed.emit(call)

    def rec_failed(self, req: RecRequest, error: BaseException) -> None:
        from tvox_panel.webapi import NoActiveCall

        call = self._status.call
        if call is None:
            return
        self._set(call=call.with_(rec_pending=False))
        text = user_text(error)
        if req.on and self._settings.notify_rec_refused:
            self.notice.emit(
                Notice(
                    "rec_refused", QCoreApplication.translate("Session", "Recording refused"), text
                )
            )
        self._error(text)
        if isinstance(error, NoActiveCall):
            self.end_call(self._status.call or call)

    def end_call(self, call: ActiveCall) -> None:
        row = call.log_row
        if row is not None:
            self._write_log(lambda: self._log.end(row))
        ended = call.with_(recording=False, rec_pending=False)
        if row is not None and call.rec_files:
            self.recording_ended.emit(row)
        state = State.READY if self._status.state == State.IN_CALL else self._status.state
        self._set(state=state, call=None)
        self.call_ended.emit(ended)
        self.call_over.emit()

    # -- current calls -----------------------------------------------------------------

    @Slot()
    def refresh_calls(self) -> None:
        """Ask for the agent's current calls now (once more if a poll is on its way)."""
        if self._status.state not in (State.READY, State.IN_CALL):
            return
        if self._polling:
            self._repoll = True
            return
        self._polling = True
        self.poll_requested.emit()

    def poll_failed(self) -> None:
        """The current-calls request failed (the owner decides what that means)."""
        self._polling = False

    def poll_finished(self) -> None:
        """The current-calls request is settled: send the one asked for meanwhile."""
        if self._repoll:
            self._repoll = False
            self.refresh_calls()

    def polled(self, calls: list[Any]) -> None:
        """The agent's current calls, newest first: follow the active call or adopt a new one."""
        self._polling = False
        self.calls_seen.emit(list(calls))
        st = self._status
        call = st.call
        if st.state == State.IN_CALL and call is not None:
            if call.call_id is None:
                match = next((c for c in calls if c.number == call.number), None)
                if match is not None:
                    self._set(call=call.with_(call_id=match.call_id, seen_by_poll=True))
                    if call.log_row is not None:
                        self._write_log(
                            partial(self._log.update, call.log_row, call_id=match.call_id)
                        )
                elif time.time() - call.started_at > NO_ID_GRACE:
                    # No id and nothing that looks like it: the call is over (or never showed).
                    self.end_call(call)
                return
            current = next((c for c in calls if c.call_id == call.call_id), None)
            if current is not None:
                if not call.seen_by_poll:
                    self._set(call=call.with_(seen_by_poll=True))
            elif call.seen_by_poll or call.inbound or time.time() - call.started_at > NO_ID_GRACE:
                self.end_call(call)
            return
        if st.state == State.READY and calls:
            newest = calls[0]
            row = self._write_log(
                lambda: self._log.add(
                    newest.number or "?",
                    "in" if newest.direction == "INBOUND" else "out",
                    "answered",
                    call_id=newest.call_id,
                    service_code=newest.service or "",
                    agent=self._settings.effective_agent,
                )
            )
            adopted = ActiveCall(
                newest.call_id,
                newest.number,
                inbound=newest.direction == "INBOUND",
                recording=newest.recording,
                rec_started_at=time.time() if newest.recording else None,
                log_row=row,
                seen_by_poll=True,
                service=newest.service,
            )
            self._set(state=State.IN_CALL, call=adopted)
            self.call_started.emit(adopted)
