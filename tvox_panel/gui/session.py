"""Session: the panel's state on the GUI thread; owns the worker thread and the call log."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from ..numbers import NormalizeOptions, NumberError, describe
from ..recnames import render
from .messages import user_text
from .state import ActiveCall, DialDecision, State, Status
from .worker import ClientConfig, DialRequest, Done, Failure, LoginOutcome, RecRequest, TVoxWorker

if TYPE_CHECKING:
    from ..calllog import CallLog
    from ..secrets import PasswordStore
    from ..settings import Settings

log = logging.getLogger("tvox_panel.session")

CONFIRM_WINDOW = 30.0  # seconds during which an unknown-outcome number needs a confirmation
BACKOFF_FIRST, BACKOFF_MAX = 1.0, 60.0


@dataclass(frozen=True)
class Notice:
    """Something the agent must not miss while the window is hidden (a tray message)."""

    kind: str
    title: str
    text: str


@dataclass(frozen=True)
class Preview:
    """What dialling ``text`` would send, or why it is refused."""

    text: str
    number: str | None
    display: str
    error: str | None


@dataclass(frozen=True)
class TestResult:
    """The answer of "Test connection" in the settings dialog."""

    ok: bool
    text: str


def client_config(settings: Settings, password: str) -> ClientConfig:
    verify: bool | str = settings.verify_tls
    if settings.verify_tls and settings.ca_bundle:
        verify = settings.ca_bundle
    return ClientConfig(
        settings.server, settings.username, password, settings.effective_agent, verify,
        settings.connect_timeout, settings.read_timeout, settings.rec_dialect,
    )  # fmt: skip


class Session(QObject):
    """Holds the panel's state and turns the widgets' intents into worker requests.

    Lives on the GUI thread and never waits on the network: it owns a QThread running a
    :class:`TVoxWorker`, reaches it only through queued signals, and renders its answers
    into a new :class:`Status`.

    Signals:
        status_changed(Status): on every change.
        call_started(ActiveCall), call_ended(ActiveCall): a call the panel controls.
        recording_changed(ActiveCall): the server confirmed recording on or off.
        error_occurred(str): one translated line.
        notice(Notice): for tray notifications.
        log_changed(): call log rows were added or updated.
        connection_tested(TestResult): the answer to :meth:`test_connection`.
    """

    status_changed = Signal(object)
    call_started = Signal(object)
    call_ended = Signal(object)
    recording_changed = Signal(object)
    error_occurred = Signal(str)
    notice = Signal(object)
    log_changed = Signal()
    connection_tested = Signal(object)

    # Requests to the worker (queued: the worker lives on another thread).
    _configure = Signal(object)
    _login = Signal()
    _dial = Signal(object)
    _rec = Signal(object)
    _hangup = Signal(str)
    _poll = Signal()
    _test = Signal(object)
    _stop = Signal()

    def __init__(
        self,
        settings: Settings,
        call_log: CallLog,
        *,
        password: str | None = None,
        passwords: PasswordStore | None = None,
        demo: bool = False,
        worker: TVoxWorker | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._log = call_log
        self._passwords = passwords
        self._password = password
        self._status = Status(agent=settings.effective_agent, user=settings.username, demo=demo)
        self._worker = worker or TVoxWorker()
        self._thread: QThread | None = None
        self._busy: set[str] = set()
        self._unknown: tuple[str, float] | None = None
        self._backoff = BACKOFF_FIRST
        self._was_ready = False
        self._repoll = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.connect_to_server)
        self._poller = QTimer(self)
        self._poller.timeout.connect(self.refresh_calls)

    # -- properties --------------------------------------------------------------------

    @property
    def status(self) -> Status:
        return self._status

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def call_log(self) -> CallLog:
        return self._log

    def _set(self, **changes: Any) -> None:
        self._status = self._status.with_(**changes)
        self.status_changed.emit(self._status)

    def _error(self, text: str) -> None:
        self._set(error=text)
        self.error_occurred.emit(text)

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker thread; log in when a server, user and password are known."""
        thread = QThread()
        thread.setObjectName("tvox-worker")
        self._worker.moveToThread(thread)
        thread.finished.connect(self._worker.deleteLater)
        self._configure.connect(self._worker.configure)
        self._login.connect(self._worker.login)
        self._dial.connect(self._worker.dial)
        self._rec.connect(self._worker.rec)
        self._hangup.connect(self._worker.hangup)
        self._poll.connect(self._worker.poll)
        self._test.connect(self._worker.test)
        self._stop.connect(self._worker.stop)
        self._worker.logged_in.connect(self._on_logged_in)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._thread = thread
        thread.start()
        if self._password is None and self._passwords is not None and self._settings.is_configured:
            self._password = self._passwords.get(self._settings.server, self._settings.username)
        if self._settings.is_configured and self._password is not None:
            self.connect_to_server()

    def shutdown(self) -> None:
        """Stop timers and the worker thread: ``quit()`` then ``wait()``. Idempotent."""
        self._retry.stop()
        self._poller.stop()
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stop.emit()
        thread.quit()
        thread.wait()  # bounded by the client's connect and read timeouts
        thread.deleteLater()

    def needs_password(self) -> bool:
        return self._settings.is_configured and self._password is None

    def set_password(self, password: str, remember: bool) -> None:
        self._password = password
        if remember and self._passwords is not None:
            self._passwords.set(self._settings.server, self._settings.username, password)
        self.connect_to_server()

    @Slot()
    def connect_to_server(self) -> None:
        """(Re)configure the worker and log in; state goes to CONNECTING."""
        if self._thread is None or "login" in self._busy:
            return
        if not self._settings.is_configured or self._password is None:
            self._set(state=State.OFFLINE)
            return
        self._retry.stop()
        self._busy.add("login")
        self._configure.emit(client_config(self._settings, self._password))
        self._set(state=State.CONNECTING, agent=self._settings.effective_agent)
        self._login.emit()

    def _go_offline(self, error: BaseException, *, retry: bool) -> None:
        self._poller.stop()
        call = self._status.call
        if call is not None:
            self._end_call(call, reason=None)
        self._set(state=State.OFFLINE, dialing_number="")
        self._error(user_text(error))
        if self._was_ready and self._settings.notify_connection:
            self.notice.emit(
                Notice("connection_lost", self.tr("Connection lost"), user_text(error))
            )
        self._was_ready = False
        if retry:
            log.info("reconnecting in %.0f s", self._backoff)
            self._retry.start(int(self._backoff * 1000))
            self._backoff = min(self._backoff * 2, BACKOFF_MAX)

    @Slot(object)
    def _on_logged_in(self, outcome: LoginOutcome) -> None:
        self._busy.discard("login")
        info = outcome.info
        restored = self._status.error is not None and self._status.state == State.CONNECTING
        self._backoff = BACKOFF_FIRST
        self._set(
            state=State.READY, server=outcome.server_display, user=info.username,
            display_name=info.display_name, role=info.main_role, privileged=info.is_privileged,
            error=outcome.warnings[0] if outcome.warnings else None,
        )  # fmt: skip
        if restored and self._settings.notify_connection:
            text = self.tr("Connected again to {0}").format(outcome.server_display)
            self.notice.emit(Notice("connection_restored", self.tr("Connected"), text))
        self._was_ready = True
        if self._settings.poll_interval > 0:
            self._poller.start(self._settings.poll_interval * 1000)
        self.refresh_calls()

    # -- dialling ----------------------------------------------------------------------

    def _options(self) -> NormalizeOptions:
        return NormalizeOptions(region=self._settings.region,
                                international=self._settings.international)  # type: ignore[arg-type]  # fmt: skip

    def preview(self, text: str) -> Preview:
        """What dialling ``text`` would send (pure: no network)."""
        if not text.strip():
            return Preview(text, None, "", None)
        from ..number_uris import parse_any

        try:
            number = parse_any(text, self._options()).number
        except NumberError as exc:
            return Preview(text, None, "", user_text(exc))
        return Preview(text, number, describe(number, self._settings.region), None)

    def dial(
        self, text: str, *, confirmed: bool = False,
        job_label: str | None = None, service_code: str | None = None,
    ) -> DialDecision:  # fmt: skip
        """Ask the worker to place a call to ``text`` (a number or a tel:/sip: link)."""
        st = self._status
        if st.state in (State.DIALING, State.IN_CALL):
            return DialDecision.IGNORED
        if st.state != State.READY:
            self._error(self.tr("Not connected to the TVox server: the call was not placed."))
            return DialDecision.REFUSED
        from ..number_uris import parse_any

        try:
            number = parse_any(text, self._options()).number
        except NumberError as exc:
            self._error(user_text(exc))
            return DialDecision.REFUSED
        if (not confirmed and self._unknown and self._unknown[0] == number
                and time.monotonic() - self._unknown[1] < CONFIRM_WINDOW):  # fmt: skip
            return DialDecision.NEEDS_CONFIRM
        remembered = self._settings.job_for(number) or ("", "")
        job = job_label if job_label is not None else (remembered[0] or self._settings.job_label)
        svc = service_code if service_code is not None else (
            remembered[1] or self._settings.service_code)  # fmt: skip
        agent = self._settings.effective_agent
        rec_name = None
        if self._settings.auto_record:
            rec_name = render(self._settings.rec_name_template, number=number, agent=agent,
                              call_id=None, segment=1)  # fmt: skip
        row = self._log.add(number, "out", "in_progress", job_label=job, service_code=svc,
                            agent=agent)  # fmt: skip
        self.log_changed.emit()
        if (job_label is not None or service_code is not None) and (job, svc) != remembered:
            self._save_settings(self._settings.remember_job(number, job, svc))
        req = DialRequest(number, self._settings.access_code, job, svc, rec_name is not None,
                          rec_name, row)  # fmt: skip
        self._set(state=State.DIALING, dialing_number=number, error=None)
        self._dial.emit(req)
        return DialDecision.STARTED

    def redial_last(self) -> DialDecision:
        last = self._log.last_dialed()
        if not last:
            return DialDecision.REFUSED
        return self.dial(last)

    def recent_numbers(self, limit: int = 5) -> list[str]:
        return self._log.recent_numbers(limit)

    def _dial_done(self, req: DialRequest, call_id: str | None) -> None:
        if req.log_row is not None:
            self._log.update(req.log_row, outcome="placed", call_id=call_id)
            if req.rec_file_name:
                self._log.add_recording(req.log_row, req.rec_file_name)
            self.log_changed.emit()
        now = time.time()
        call = ActiveCall(
            call_id, req.number, started_at=now, recording=req.record,
            rec_started_at=now if req.record else None,
            rec_files=(req.rec_file_name,) if req.rec_file_name else (), log_row=req.log_row,
        )  # fmt: skip
        self._unknown = None
        self._set(state=State.IN_CALL, call=call, dialing_number="")
        self.call_started.emit(call)
        if req.record:
            self.recording_changed.emit(call)

    def _dial_failed(self, req: DialRequest, error: BaseException) -> None:
        from ..webapi import OutcomeUnknown, ProtocolError, TransportError

        unknown = isinstance(error, (OutcomeUnknown, ProtocolError))
        text = user_text(error)
        if req.log_row is not None:
            self._log.update(req.log_row, outcome="unknown" if unknown else "failed", reason=text)
            self._log.end(req.log_row)
            self.log_changed.emit()
        self._set(state=State.READY, dialing_number="")
        if unknown:
            self._unknown = (req.number, time.monotonic())
            text = self.tr("The call to {0} may have been placed: {1}").format(req.number, text)
            if self._settings.notify_outcome_unknown:
                self.notice.emit(Notice("outcome_unknown", self.tr("Call outcome unknown"), text))
        elif self._settings.notify_dial_failed:
            self.notice.emit(Notice("dial_failed", self.tr("Call failed"), text))
        self._error(text)
        if isinstance(error, TransportError) and not unknown:
            self._go_offline(error, retry=True)

    # -- the active call ---------------------------------------------------------------

    def hangup(self) -> bool:
        """Hang up the active call; False when there is none (or no call id to name it)."""
        call = self._status.call
        if self._status.state != State.IN_CALL or call is None or "hangup" in self._busy:
            return False
        if call.call_id is None:
            self._error(self.tr("Cannot hang up: the server gave no id for this call."))
            return False
        self._busy.add("hangup")
        self._hangup.emit(call.call_id)
        return True

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
            name = render(self._settings.rec_name_template, number=call.number,
                          agent=self._settings.effective_agent, call_id=call.call_id,
                          segment=len(call.rec_files) + 1)  # fmt: skip
        elif call.call_id is None:
            self._error(self.tr("Cannot stop recording: the server gave no id for this call."))
            return
        self._set(call=call.with_(rec_pending=True))
        self._rec.emit(RecRequest(call.call_id, on, name))

    def _rec_done(self, req: RecRequest) -> None:
        call = self._status.call
        if call is None or call.call_id != req.call_id:
            return
        if req.on:
            files = call.rec_files + ((req.file_name,) if req.file_name else ())
            call = call.with_(recording=True, rec_pending=False, rec_started_at=time.time(),
                              rec_files=files)  # fmt: skip
            if call.log_row is not None and req.file_name:
                self._log.add_recording(call.log_row, req.file_name)
                self.log_changed.emit()
        else:
            call = call.with_(recording=False, rec_pending=False, rec_started_at=None)
        self._set(call=call, error=None)
        self.recording_changed.emit(call)

    def _rec_failed(self, req: RecRequest, error: BaseException) -> None:
        from ..webapi import NoActiveCall

        call = self._status.call
        if call is None:
            return
        self._set(call=call.with_(rec_pending=False))
        text = user_text(error)
        if req.on and self._settings.notify_rec_refused:
            self.notice.emit(Notice("rec_refused", self.tr("Recording refused"), text))
        self._error(text)
        if isinstance(error, NoActiveCall):
            self._end_call(self._status.call or call, reason=None)

    def _end_call(self, call: ActiveCall, reason: str | None) -> None:
        if call.log_row is not None:
            self._log.end(call.log_row)
            self.log_changed.emit()
        ended = call.with_(recording=False, rec_pending=False)
        state = State.READY if self._status.state == State.IN_CALL else self._status.state
        self._set(state=state, call=None)
        self.call_ended.emit(ended)

    # -- current calls -----------------------------------------------------------------

    @Slot()
    def refresh_calls(self) -> None:
        """Ask for the agent's current calls now (once more if a poll is on its way)."""
        if self._status.state not in (State.READY, State.IN_CALL):
            return
        if "poll" in self._busy:
            self._repoll = True
            return
        self._busy.add("poll")
        self._poll.emit()

    def _poll_finished(self) -> None:
        if self._repoll:
            self._repoll = False
            self.refresh_calls()

    def _polled(self, calls: list[Any]) -> None:
        st = self._status
        call = st.call
        if st.state == State.IN_CALL and call is not None:
            if call.call_id is None:
                match = next((c for c in calls if c.number == call.number), None)
                if match is not None:
                    self._set(call=call.with_(call_id=match.call_id, seen_by_poll=True))
                    if call.log_row is not None:
                        self._log.update(call.log_row, call_id=match.call_id)
                return
            current = next((c for c in calls if c.call_id == call.call_id), None)
            if current is not None:
                if not call.seen_by_poll:
                    self._set(call=call.with_(seen_by_poll=True))
            elif call.seen_by_poll or call.inbound or time.time() - call.started_at > 5:
                self._end_call(call, reason=None)
            return
        if st.state == State.READY and calls:
            newest = calls[0]
            row = self._log.add(newest.number or "?", "in" if newest.direction == "INBOUND"
                                else "out", "answered", call_id=newest.call_id,
                                service_code=newest.service or "",
                                agent=self._settings.effective_agent)  # fmt: skip
            self.log_changed.emit()
            adopted = ActiveCall(
                newest.call_id, newest.number, inbound=newest.direction == "INBOUND",
                recording=newest.recording, rec_started_at=time.time() if newest.recording
                else None, log_row=row, seen_by_poll=True,
            )  # fmt: skip
            self._set(state=State.IN_CALL, call=adopted)
            self.call_started.emit(adopted)

    # -- worker answers ----------------------------------------------------------------

    @Slot(object)
    def _on_done(self, done: Done) -> None:
        op = done.op
        self._busy.discard(op)
        if op == "dial":
            self._dial_done(done.request, done.result)
        elif op == "rec":
            self._rec_done(done.request)
        elif op == "hangup":
            call = self._status.call
            if call is not None and call.call_id == done.request:
                self._end_call(call, reason=None)
        elif op == "poll":
            self._polled(done.result)
            self._poll_finished()
        elif op == "test":
            versions, info, rtt, warnings = done.result
            text = self.tr("Connected: TVox {0}, WebAPI {1}, {2} ({3}); round trip {4} ms").format(
                versions.server, versions.webapi, info.display_name, info.main_role,
                round(rtt * 1000))  # fmt: skip
            if warnings:
                text += " — " + self.tr("warning: the password travels unencrypted (http)")
            self.connection_tested.emit(TestResult(True, text))

    @Slot(object)
    def _on_failed(self, failure: Failure) -> None:
        from ..webapi import AuthError, NoActiveCall, TransportError

        op, err = failure.op, failure.error
        self._busy.discard(op)
        if op == "login":
            # A wrong password is not retried: retrying could lock the account.
            self._go_offline(err, retry=not isinstance(err, AuthError))
        elif op == "dial":
            self._dial_failed(failure.request, err)
        elif op == "rec":
            self._rec_failed(failure.request, err)
        elif op == "hangup":
            self._error(user_text(err))
            call = self._status.call
            if isinstance(err, NoActiveCall) and call is not None:
                self._end_call(call, reason=None)
        elif op == "poll":
            if isinstance(err, (TransportError, AuthError)):
                self._go_offline(err, retry=True)
            else:
                log.info("poll failed: %s", err)
                self._poll_finished()
        elif op == "test":
            self.connection_tested.emit(TestResult(False, user_text(err)))

    # -- settings ----------------------------------------------------------------------

    def _save_settings(self, settings: Settings) -> None:
        self._settings = settings
        try:
            settings.save()
        except OSError as exc:
            self._error(self.tr("Cannot save the settings: {0}").format(exc.strerror or exc))

    def apply_settings(
        self, settings: Settings, password: str | None = None, remember: bool = False
    ) -> None:
        """Save ``settings`` (never the password), keep the password as asked, reconnect."""
        old = self._settings
        self._save_settings(settings)
        if password:
            self._password = password
        if self._passwords is not None and self._password is not None:
            if remember:
                self._passwords.set(settings.server, settings.username, self._password)
            elif old.remember_password:
                self._passwords.delete(settings.server, settings.username)
        login_keys = ("server", "username", "agent", "verify_tls", "ca_bundle",
                      "connect_timeout", "read_timeout", "rec_dialect")  # fmt: skip
        changed = password or any(getattr(old, k) != getattr(settings, k) for k in login_keys)
        if changed and self._status.state != State.IN_CALL:
            self.connect_to_server()
        if self._status.logged_in:
            interval = settings.poll_interval
            if interval > 0:
                self._poller.start(interval * 1000)
            else:
                self._poller.stop()

    def test_connection(self, settings: Settings, password: str) -> None:
        """Log in on a throwaway client with ``settings``; answers with connection_tested."""
        from ..webapi.address import BadServerAddress, parse_server

        try:
            parse_server(settings.server)
        except BadServerAddress as exc:
            self.connection_tested.emit(TestResult(False, user_text(exc)))
            return
        self._test.emit(client_config(settings, password))
