"""Session: the panel's state on the GUI thread; owns the worker thread and the call log."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from tvox_panel.config.logsetup import register_secret
from tvox_panel.gui.calls import CallFlow, StatusBox, load_dial_path
from tvox_panel.gui.messages import user_text
from tvox_panel.gui.recordings import RecordingChecker
from tvox_panel.gui.screenpop import ScreenPop
from tvox_panel.gui.state import (
    DialDecision,
    Notice,
    Preview,
    State,
    Status,
    TestResult,
)
from tvox_panel.gui.worker import ClientConfig, Done, Failure, LoginOutcome, TVoxWorker

if TYPE_CHECKING:
    from tvox_panel.calllog import CallLog
    from tvox_panel.config.password import PasswordStore
    from tvox_panel.config.settings import Settings

log = logging.getLogger("tvox_panel.session")

BACKOFF_FIRST, BACKOFF_MAX = 1.0, 60.0
POLL_FAILURES_OFFLINE = 3  # consecutive unanswered polls before the panel calls itself offline
QUIT_WAIT_MS = 2000
_stuck: list[QThread] = []  # worker threads that outlived a quit (kept from destruction)


def client_config(
    settings: Settings, password: str, passwords: PasswordStore | None = None
) -> ClientConfig:
    """What the worker builds its client from; a proxy's password may come from the keyring."""
    verify: bool | str = settings.verify_tls
    if settings.verify_tls and settings.ca_bundle:
        verify = settings.ca_bundle
    return ClientConfig(
        settings.server,
        settings.username,
        password,
        settings.effective_agent,
        verify,
        settings.connect_timeout,
        settings.read_timeout,
        settings.rec_dialect,
        proxy_with_password(settings.proxy, passwords),
    )


def proxy_with_password(proxy: str, passwords: PasswordStore | None) -> str:
    """``proxy`` with its password from the keyring when the URL names a user but no password.

    The keyring entry is the proxy's ``scheme://host:port`` and the user name.
    """
    parts = urlsplit(proxy)
    if proxy in ("system", "none") or not parts.username or parts.password is not None:
        return proxy
    if passwords is None:
        return proxy
    origin = f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    secret = passwords.get(origin, unquote(parts.username))
    if not secret:
        return proxy
    register_secret(secret)
    netloc = f"{parts.username}:{quote(secret, safe='')}@{parts.netloc.rpartition('@')[2]}"
    return urlunsplit(parts._replace(netloc=netloc))


class Session(QObject):
    """Holds the panel's state and turns the widgets' intents into worker requests.

    Lives on the GUI thread and never waits on the network: it owns a QThread running a
    :class:`TVoxWorker`, reaches it only through queued signals, and renders its answers
    into a new :class:`Status`. The connection (login, reconnection, settings) is its own
    business; calls are its :class:`CallFlow`'s, whose intents it passes on.

    Signals:
        status_changed(Status): on every change.
        call_started(ActiveCall), call_ended(ActiveCall): a call the panel controls.
        recording_changed(ActiveCall): the server confirmed recording on or off.
        error_occurred(str): one translated line.
        notice(Notice): for tray notifications.
        log_changed(): call log rows were added or updated.
        connection_tested(TestResult): the answer to :meth:`test_connection`.
        recording_checked(CallRecord): the server's recordings of a call were checked
            for the last time (verified, missing or unverified).
    """

    status_changed = Signal(object)
    call_started = Signal(object)
    call_ended = Signal(object)
    recording_changed = Signal(object)
    error_occurred = Signal(str)
    notice = Signal(object)
    log_changed = Signal()
    connection_tested = Signal(object)
    recording_checked = Signal(object)

    # Requests to the worker (queued: the worker lives on another thread).
    _configure = Signal(object)
    _login = Signal()
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
        persist: bool = True,
        saved: Settings | None = None,
        worker: TVoxWorker | None = None,
        recordings: RecordingChecker | None = None,
        screen_pop: ScreenPop | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._log = call_log
        self._passwords = passwords
        self._password = password
        self._persist = persist
        self._saved = saved if saved is not None else settings
        # Session, its status box and its call flow hold no Python references to each
        # other (only Qt connections and parenthood), so no garbage collection, on
        # whatever thread it runs, ever destroys them behind Qt's back.
        self._box = StatusBox(
            Status(agent=settings.effective_agent, user=settings.username, demo=demo), self
        )
        self._box.changed.connect(self.status_changed)
        self._box.failed.connect(self.error_occurred)
        self._worker = worker or TVoxWorker()
        self._thread: QThread | None = None
        self._busy: set[str] = set()  # "login" and "test" while on their way
        self._backoff = BACKOFF_FIRST
        self._was_ready = False
        self._lost = False  # the connection was up, then lost: its return is "connected again"
        self._password_refused = False
        self._poll_failures = 0
        self._reconnect_pending = False
        self._calls = CallFlow(settings, call_log, self._box, self)
        self._calls.call_started.connect(self.call_started)
        self._calls.call_ended.connect(self.call_ended)
        self._calls.recording_changed.connect(self.recording_changed)
        self._calls.notice.connect(self.notice)
        self._calls.log_changed.connect(self.log_changed)
        self._calls.connection_failed.connect(self._connection_failed)
        self._calls.job_chosen.connect(self._remember_job)
        self._calls.call_over.connect(self._replay_reconnect)
        self._checker = recordings or RecordingChecker(call_log)
        self._checker.setParent(self)
        self._calls.recording_ended.connect(self._checker.recording_ended)
        self._checker.checked.connect(self.log_changed)
        self._checker.settled.connect(self._recordings_settled)
        self._pop = screen_pop or ScreenPop(settings)
        self._pop.setParent(self)
        self._calls.calls_seen.connect(self._pop.seen)
        self._calls.call_started.connect(self._pop.started)
        self._pop.failed.connect(self._error)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.connect_to_server)
        self._poller = QTimer(self)
        self._poller.timeout.connect(self.refresh_calls)

    # -- properties --------------------------------------------------------------------

    @property
    def status(self) -> Status:
        return self._box.value

    @property
    def _status(self) -> Status:
        return self._box.value

    @property
    def calls(self) -> CallFlow:
        """Dialling, recording, hanging up and the current calls."""
        return self._calls

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def call_log(self) -> CallLog:
        return self._log

    def _set(self, **changes: Any) -> None:
        self._box.update(**changes)

    @Slot(str)
    def _error(self, text: str) -> None:
        self._box.error(text)

    # -- calls (the call flow's intents, as the widgets and commands know them) ----------

    def preview(self, text: str) -> Preview:
        """What dialling ``text`` would send (pure: no network)."""
        return self._calls.preview(text)

    def dial(
        self,
        text: str,
        *,
        confirmed: bool = False,
        job_label: str | None = None,
        service_code: str | None = None,
    ) -> DialDecision:
        """Place a call to ``text`` (a number or a tel:/sip: link): see :meth:`CallFlow.dial`."""
        return self._calls.dial(
            text, confirmed=confirmed, job_label=job_label, service_code=service_code
        )

    def redial_last(self) -> DialDecision:
        return self._calls.redial_last()

    def recent_numbers(self, limit: int = 5) -> list[str]:
        return self._calls.recent_numbers(limit)

    def hangup(self) -> bool:
        """Hang up the active call; False when there is none (or no call id to name it)."""
        return self._calls.hangup()

    def toggle_recording(self) -> None:
        self._calls.toggle_recording()

    def set_recording(self, on: bool) -> None:
        self._calls.set_recording(on)

    @Slot()
    def refresh_calls(self) -> None:
        """Ask for the agent's current calls now (once more if a poll is on its way)."""
        self._calls.refresh_calls()

    # -- lifecycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Take the call log over, start the worker thread, and log in when it can.

        Calls a previous panel left in flight become "outcome unknown"; the login starts
        when a server, user and password are known.
        """
        thread = QThread()
        thread.setObjectName("tvox-worker")
        self._worker.moveToThread(thread)
        thread.finished.connect(self._worker.deleteLater)
        self._configure.connect(self._worker.configure)
        self._login.connect(self._worker.login)
        self._calls.dial_requested.connect(self._worker.dial)
        self._calls.rec_requested.connect(self._worker.rec)
        self._calls.hangup_requested.connect(self._worker.hangup)
        self._calls.poll_requested.connect(self._worker.poll)
        self._checker.verify_requested.connect(self._worker.verify)
        self._test.connect(self._worker.test)
        self._stop.connect(self._worker.stop)
        self._worker.logged_in.connect(self._on_logged_in)
        self._worker.done.connect(self._on_done)
        self._worker.failed.connect(self._on_failed)
        self._thread = thread
        thread.start()
        self._calls.settle_interrupted()
        s = self._settings
        if self._password is None and self._passwords and s.is_configured and s.remember_password:
            self._password = self._passwords.get(s.server, s.username)
        if self._settings.is_configured and self._password is not None:
            self.connect_to_server()

    def shutdown(self) -> None:
        """Close the call's log row, stop timers and the worker thread. Idempotent.

        A call still up ends in the log now; a dial still unanswered becomes "unknown".
        The thread gets ``quit()`` then ``wait()``.
        """
        self._retry.stop()
        self._poller.stop()
        self._checker.stop()
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._calls.close_at_quit()
        self._worker.abort()  # a request in flight ends now (a name lookup aside, below)
        self._stop.emit()
        thread.quit()
        if not thread.wait(QUIT_WAIT_MS):
            # Stuck where no socket can be shut (a name lookup): leave the thread to the
            # process's exit rather than destroy a running QThread.
            log.warning("the worker did not stop within %d ms", QUIT_WAIT_MS)
            _stuck.append(thread)
            return
        thread.deleteLater()

    def needs_password(self) -> bool:
        return self._settings.is_configured and self._password is None

    @property
    def needs_login(self) -> bool:
        """A password must be typed to get back online: none is known, or it was refused."""
        return self._settings.is_configured and (self._password is None or self._password_refused)

    @property
    def has_password(self) -> bool:
        """A password is known (typed, remembered, or from the environment)."""
        return self._password is not None

    def can_remember_password(self) -> bool:
        """A working system keyring can keep the password between runs."""
        return self._passwords is not None and self._passwords.available()

    def set_password(self, password: str, remember: bool) -> None:
        self._password = password
        self._password_refused = False
        if remember:
            self._remember(self._settings, password)
        self.connect_to_server()

    def reconnect(self) -> None:
        """Try to log in again now, instead of after the back-off delay."""
        self._backoff = BACKOFF_FIRST
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
        self._configure.emit(client_config(self._settings, self._password, self._passwords))
        self._set(state=State.CONNECTING, agent=self._settings.effective_agent)
        self._login.emit()

    @Slot(object)
    def _connection_failed(self, error: BaseException) -> None:
        self._go_offline(error, retry=True)

    def _go_offline(self, error: BaseException, *, retry: bool) -> None:
        self._poller.stop()
        self._checker.stop()  # background checks never log in; the next login restarts them
        call = self._status.call
        if call is not None:
            self._calls.end_call(call)
        self._set(state=State.OFFLINE, dialing_number="")
        self._error(user_text(error))
        if self._was_ready:
            self._lost = True
            if self._settings.notify_connection:
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
        restored, self._lost = self._lost, False  # never on the first connection
        self._password_refused = False
        self._set(
            state=State.IN_CALL if self._status.call else State.READY,
            server=outcome.server_display,
            user=info.username,
            display_name=info.display_name,
            role=info.main_role,
            privileged=info.is_privileged,
            error=outcome.warnings[0] if outcome.warnings else None,
        )
        if restored and self._settings.notify_connection:
            text = self.tr("Connected again to {0}").format(outcome.server_display)
            self.notice.emit(Notice("connection_restored", self.tr("Connected"), text))
        self._was_ready = True
        QTimer.singleShot(0, load_dial_path)  # after "ready" is shown
        self._replay_reconnect()
        if self._settings.poll_interval > 0:
            self._poller.start(self._settings.poll_interval * 1000)
        self.refresh_calls()
        self._checker.start()

    # -- worker answers ----------------------------------------------------------------

    @Slot(object)
    def _on_done(self, done: Done) -> None:
        op = done.op
        self._busy.discard(op)
        if op != "test":
            self._backoff = BACKOFF_FIRST  # the server answers a real request: reset backoff
        if op == "poll":
            self._poll_failures = 0
        if op == "dial":
            self._calls.dial_done(done.request, done.result)
        elif op == "rec":
            self._calls.rec_done(done.request)
        elif op == "hangup":
            self._calls.hangup_done(done.request)
        elif op == "poll":
            self._calls.polled(done.result)
            self._calls.poll_finished()
        elif op == "verify":
            self._checker.found(done.request, done.result)
        elif op == "test":
            versions, info, rtt, warnings = done.result
            text = self.tr("Connected: TVox {0}, WebAPI {1}, {2} ({3}); round trip {4} ms").format(
                versions.server,
                versions.webapi,
                info.display_name,
                info.main_role,
                round(rtt * 1000),
            )
            if warnings:
                text += " — " + self.tr("warning: the password travels unencrypted (http)")
            self.connection_tested.emit(TestResult(True, text))

    @Slot(object)
    def _on_failed(self, failure: Failure) -> None:
        from tvox_panel.webapi import (
            AuthError,
            BadCaBundle,
            SessionRefused,
            TransportError,
            Unreachable,
        )

        op, err = failure.op, failure.error
        self._busy.discard(op)
        if op == "login":
            # A wrong password is not retried (that could lock the account), nor a CA file
            # that cannot be read: both need the agent, not time.
            self._password_refused = isinstance(err, AuthError) and not isinstance(
                err, SessionRefused
            )
            self._go_offline(err, retry=not isinstance(err, (AuthError, BadCaBundle)))
            self._replay_reconnect()
        elif op == "dial":
            self._calls.dial_failed(failure.request, err)
        elif op == "rec":
            self._calls.rec_failed(failure.request, err)
        elif op == "hangup":
            self._calls.hangup_failed(err)
        elif op == "poll":
            self._calls.poll_failed()
            self._poll_failures += 1
            if isinstance(err, AuthError):
                # Refused right after a fresh login: logging in again would loop forever.
                self._go_offline(err, retry=False)
            elif isinstance(err, Unreachable) or (
                isinstance(err, TransportError) and self._poll_failures >= POLL_FAILURES_OFFLINE
            ):
                self._go_offline(err, retry=True)
            else:  # one slow answer does not end the agent's call
                log.info("poll failed: %s", err)
                self._calls.poll_finished()
        elif op == "test":
            self.connection_tested.emit(TestResult(False, user_text(err)))
        elif op == "verify":
            self._checker.failed(failure.request, err)

    @Slot(list)
    def _recordings_settled(self, records: list[Any]) -> None:
        for record in records:
            self.recording_checked.emit(record)
        missing = [r for r in records if r.rec_check == "missing"]
        if not missing or not self._settings.notify_rec_missing:
            return
        numbers = ", ".join(dict.fromkeys(r.number for r in missing))
        text = self.tr("The server has no recording of the call to {0}.").format(numbers)
        self.notice.emit(Notice("rec_missing", self.tr("Recording missing"), text))

    # -- settings ----------------------------------------------------------------------

    def _save_settings(self, settings: Settings) -> None:
        """Write ``settings`` as the user's saved settings (never command-line overrides)."""
        self._saved = settings
        if not self._persist:
            return
        try:
            settings.save()
        except OSError as exc:
            self._error(self.tr("Cannot save the settings: {0}").format(exc.strerror or exc))

    @Slot(str, str, str)
    def _remember_job(self, number: str, job: str, service: str) -> None:
        self._settings = self._settings.remember_job(number, job, service)
        self._calls.use_settings(self._settings)
        self._pop.use_settings(self._settings)
        self._save_settings(self._saved.remember_job(number, job, service))

    def apply_settings(
        self, settings: Settings, password: str | None = None, remember: bool = False
    ) -> None:
        """Save ``settings`` (never the password), keep the password as asked, reconnect."""
        old = self._settings
        self._settings = settings
        self._calls.use_settings(settings)
        self._pop.use_settings(settings)
        self._save_settings(settings)
        if password:
            self._password = password
            self._password_refused = False
        if self._passwords is not None and self._password is not None:
            if remember:
                self._remember(settings, self._password)
            elif old.remember_password:
                self._passwords.delete(old.server, old.username)
        if password or old.needs_new_login(settings):
            self._reconnect_pending = True
            self._replay_reconnect()
        if self._status.logged_in:
            interval = settings.poll_interval
            if interval > 0:
                self._poller.start(interval * 1000)
            else:
                self._poller.stop()

    @Slot()
    def _replay_reconnect(self) -> None:
        """Log in again with new settings once no call or login is in the way."""
        busy = self._status.state in (State.DIALING, State.IN_CALL) or "login" in self._busy
        if self._reconnect_pending and not busy:
            self._reconnect_pending = False
            self.connect_to_server()

    def _remember(self, settings: Settings, password: str) -> None:
        if self._passwords is None or not self._passwords.set(
            settings.server, settings.username, password
        ):
            self._error(self.tr("No working keyring: the password is kept until the panel quits."))

    def test_connection(self, settings: Settings, password: str) -> None:
        """Log in on a throwaway client with ``settings``; answers with connection_tested."""
        from tvox_panel.webapi.address import BadServerAddress, parse_server

        try:
            parse_server(settings.server)
        except BadServerAddress as exc:
            self.connection_tested.emit(TestResult(False, user_text(exc)))
            return
        self._test.emit(client_config(settings, password or self._password or "", self._passwords))
