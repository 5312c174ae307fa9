"""TVoxWorker: the only object that talks to the network, living on its own QThread."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Qt, Signal, Slot

from tvox_panel.calllog.verification import relevant

if TYPE_CHECKING:
    from tvox_panel.webapi import TVoxClient

log = logging.getLogger("tvox_panel.worker")


@dataclass(frozen=True)
class ClientConfig:
    """What the worker needs to build a client. The password is kept out of ``repr``."""

    server: str
    username: str
    password: str = field(repr=False)
    agent: str = ""
    verify: bool | str = True
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    rec_dialect: str = "auto"
    proxy: str = field(default="system", repr=False)  # a URL may carry credentials


class DialRequest(NamedTuple):
    """One ``dialNumber``; ``log_row`` ties the answer back to the call log."""

    number: str
    access_code: str = ""
    job_label: str = ""
    service_code: str = ""
    record: bool = False
    rec_file_name: str | None = None
    log_row: int | None = None


class VerifyRequest(NamedTuple):
    """One search for ``agent``'s recordings started between ``start`` and ``end`` (epoch s),
    on behalf of the call log rows ``rows``, which expect the recordings ``names``."""

    agent: str
    start: float
    end: float
    rows: tuple[int, ...]
    names: tuple[str, ...]


MAX_SEARCH_PAGES = 20  # of SEARCH_PAGE_SIZE recordings each: an agent's window never holds more
SEARCH_PAGE_SIZE = 100


class NotLoggedIn(Exception):
    """Background work found no logged-in client: it never logs in on its own (a refused
    password tried again and again could lock the account)."""


class Found(NamedTuple):
    """The recordings one search found; ``complete`` is False when pages ran out first;
    ``left_out`` counts recordings the server listed that could not be read."""

    items: list[Any]
    complete: bool
    left_out: int = 0


@dataclass
class _Search:
    """A recording search between its pages: where it is and what it has kept so far."""

    request: VerifyRequest
    connection: int  # the worker's connection it was started on
    started: float
    page: int = 1
    seen: int = 0
    left_out: int = 0
    found: list[Any] = field(default_factory=list)


_MORE = object()  # a step that queued its own next step: nothing to report yet


class RecRequest(NamedTuple):
    """Turn recording of ``call_id`` on (with a file name) or off."""

    call_id: str | None
    on: bool
    file_name: str | None = None
    log_row: int | None = None  # ties the answer to the call it was asked for


class LoginOutcome(NamedTuple):
    """A successful login: who, which server, and anything to warn about."""

    info: Any  # webapi.LoginInfo
    server_version: str
    webapi_version: str
    server_display: str
    warnings: tuple[str, ...] = ()


class Done(NamedTuple):
    """A request that succeeded: ``op`` names it, ``result`` is what the client returned."""

    op: str
    request: Any
    result: Any = None
    elapsed: float = 0.0


class Failure(NamedTuple):
    """A request that failed; ``error`` is the exception the client raised."""

    op: str
    request: Any
    error: BaseException


def default_client_factory(config: ClientConfig) -> TVoxClient:
    """Build a real client (imported here, on the worker thread, off the start-up path)."""
    from tvox_panel.config.logsetup import register_secret
    from tvox_panel.webapi import TVoxClient

    return TVoxClient(
        config.server,
        config.username,
        config.password,
        agent=config.agent or None,
        verify=config.verify,
        connect_timeout=config.connect_timeout,
        read_timeout=config.read_timeout,
        rec_dialect=config.rec_dialect,  # type: ignore[arg-type]
        on_secret=register_secret,
        proxy=config.proxy,
    )


class TVoxWorker(QObject):
    """Performs every WebAPI request; lives on a QThread (``moveToThread``).

    No exception leaves a slot: each is logged and emitted as a :class:`Failure`.

    Signals:
        logged_in(LoginOutcome): login succeeded.
        done(Done): a request other than login succeeded (op: dial, rec, hangup, poll,
            test, verify; a search answers once, after its last page).
        failed(Failure): a request failed (op as above, or ``login``).
    """

    logged_in = Signal(object)
    done = Signal(object)
    failed = Signal(object)
    _next_page = Signal(object)  # queued to itself: a search's next page waits its turn

    def __init__(
        self,
        client_factory: Callable[[ClientConfig], TVoxClient] = default_client_factory,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._factory = client_factory
        self._client: TVoxClient | None = None
        self._config: ClientConfig | None = None
        self._testing: TVoxClient | None = None
        self._aborted = False
        self._connection = 0  # counts the clients dropped: a search spans one connection
        self._next_page.connect(self._search_page, Qt.ConnectionType.QueuedConnection)

    def abort(self) -> None:
        """End the request in flight at once and refuse later ones.

        The one method called from another thread (the GUI's, when the panel quits): quit
        never waits on the network, whatever the server does.
        """
        self._aborted = True  # a client made after this is aborted at birth
        for client in (self._client, self._testing):
            if client is not None:
                client.abort()

    def _run(
        self, op: str, request: Any, fn: Callable[[], Any], started: float | None = None
    ) -> None:
        started = time.perf_counter() if started is None else started
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - nothing may leave a worker slot
            log.info("%s failed: %s: %s", op, type(exc).__name__, exc)
            self.failed.emit(Failure(op, request, exc))
            return
        if result is not _MORE:
            self.done.emit(Done(op, request, result, time.perf_counter() - started))

    def _need_client(self) -> TVoxClient:
        if self._client is None:
            if self._config is None:
                raise RuntimeError("no server configured")
            self._client = self._factory(self._config)
            if self._aborted:
                self._client.abort()
        return self._client

    @Slot(object)
    def configure(self, config: ClientConfig) -> None:
        """Use ``config`` for the next login; drops the current client."""
        self.stop()
        self._config = config

    @Slot()
    def login(self) -> None:
        try:
            client = self._need_client()
            info = client.login()
            versions = client.versions
            outcome = LoginOutcome(
                info,
                versions.server if versions else "",
                versions.webapi if versions else "",
                client.address.display,
                tuple(w.message for w in client.warnings),
            )
        except Exception as exc:  # noqa: BLE001
            log.info("login failed: %s: %s", type(exc).__name__, exc)
            self.failed.emit(Failure("login", None, exc))
            return
        self.logged_in.emit(outcome)

    @Slot(object)
    def dial(self, req: DialRequest) -> None:
        self._run(
            "dial",
            req,
            lambda: self._need_client().dial_number(
                req.number,
                access_code=req.access_code,
                job_label=req.job_label,
                record=req.record,
                rec_file_name=req.rec_file_name,
                service_code=req.service_code or None,
            ),
        )

    @Slot(object)
    def rec(self, req: RecRequest) -> None:
        def call() -> Any:
            client = self._need_client()
            if req.on:
                return client.rec_on(req.call_id, req.file_name or "")
            if req.call_id is None:
                raise ValueError("recOff needs a call id")
            return client.rec_off(req.call_id)

        self._run("rec", req, call)

    @Slot(str)
    def hangup(self, call_id: str) -> None:
        self._run("hangup", call_id, lambda: self._need_client().hangup_call(call_id))

    @Slot(object)
    def verify(self, req: VerifyRequest) -> None:
        """The recordings of ``req.agent`` in the window (all pages) that ``req.names`` can
        match, as a :class:`Found` of ``RecordedCall``. Only those are kept, so a busy window
        costs one page of memory, not all of them.

        One page per turn: a dial or hang-up asked while a search is under way goes out
        before its next page, never behind all of them.
        """
        self._search_page(_Search(req, self._connection, time.perf_counter()))

    @Slot(object)
    def _search_page(self, search: _Search) -> None:
        self._run("verify", search.request, lambda: self._next(search), search.started)

    def _next(self, search: _Search) -> Any:
        """Read the search's next page; the Found when it is over, else ``_MORE``."""
        from tvox_panel.webapi import RecordingSearch

        client = self._client
        if client is None or not client.logged_in:
            raise NotLoggedIn("not logged in")
        if search.connection != self._connection:
            raise NotLoggedIn("the connection changed during the search")
        req = search.request
        query = RecordingSearch(req.start, req.end, page=search.page, size=SEARCH_PAGE_SIZE)
        result = client.search_recorded_calls(query.users(req.agent))
        search.found += relevant(req.names, result.items)
        search.seen += len(result.items) + result.left_out
        search.left_out += result.left_out
        if not (result.items or result.left_out) or search.seen >= result.total:
            return Found(search.found, complete=True, left_out=search.left_out)
        if search.page >= MAX_SEARCH_PAGES:
            return Found(search.found, complete=False, left_out=search.left_out)
        search.page += 1
        self._next_page.emit(search)
        return _MORE

    @Slot()
    def poll(self) -> None:
        self._run("poll", None, lambda: self._need_client().get_service_current_calls())

    @Slot(object)
    def test(self, config: ClientConfig) -> None:
        """Log in with ``config`` on a throwaway client; the result carries the round trip."""

        def call() -> Any:
            client = self._testing = self._factory(config)
            if self._aborted:
                client.abort()
            try:
                started = time.perf_counter()
                versions = client.get_version()
                rtt = time.perf_counter() - started
                info = client.login()
                return (versions, info, rtt, tuple(w.message for w in client.warnings))
            finally:
                self._testing = None
                client.close()

        self._run("test", config, call)

    @Slot()
    def stop(self) -> None:
        """Close the client's connections (called on the worker thread before it quits)."""
        if self._client is not None:
            self._client.close()
            self._client = None
            self._connection += 1
