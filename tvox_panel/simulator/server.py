"""The Simulator: JSON-RPC framing, sessions by cookie, fault injection and observation."""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from tvox_panel.simulator.calls import CallInfo
from tvox_panel.simulator.config import FAULT_KINDS, FaultKind, SimConfig
from tvox_panel.simulator.methods import Dispatcher
from tvox_panel.simulator.model import SimModel
from tvox_panel.simulator.recordings import RecordingInfo
from tvox_panel.simulator.rpc import (
    INVALID_REQUEST,
    PARSE_ERROR,
    NotAuthenticatedFault,
    RpcFault,
    invalid_params,
)
from tvox_panel.simulator.transport import ENDPOINT, Handler, HTTPServer, Reply, html_page
from tvox_panel.simulator.users import DEFAULT_USERS, SimUser

log = logging.getLogger("tvox_panel.simulator")

COOKIE_NAME = "JSESSIONID"

OnRequest = Callable[[str, Any, float], None]


class Received(NamedTuple):
    """One parsed request: ``(time, method, params)``; ``time`` is ``time.monotonic()``."""

    time: float
    method: str
    params: Any


class Simulator:
    """A TVox WebAPI server on loopback, for tests, benchmarks and demos.

    ``POST /tvox/webapi`` speaks JSON-RPC 2.0 with positional params. Every method but
    ``getVersion`` and ``login`` needs the ``JSESSIONID`` cookie of a live session.
    ``recOn``, ``recOff`` and ``hangupCall`` answer ``null``; ``sendSms`` answers ``true``.
    Faults come from ``config`` (persistent) or ``fail_once`` (the next request only);
    ``SimConfig`` documents which faults still run the method.

    Args:
        config: Switches and faults; a default ``SimConfig`` if ``None``.
        host: Address to bind.
        port: Port to bind; 0 picks a free one.
        users: Accepted users; ``DEFAULT_USERS`` if ``None``.
        recordings_dir: Folder for WAV files; if ``None`` a temp dir is made on start and
            removed on stop.
        clock: Monotonic seconds for the model (calls, sessions); inject to control time.
        on_request: Called as ``on_request(method, params, time.perf_counter())`` the moment
            a request body is parsed, on the handler thread.
    """

    def __init__(
        self,
        config: SimConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        users: Iterable[SimUser] | None = None,
        recordings_dir: str | Path | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        on_request: OnRequest | None = None,
    ) -> None:
        self._config = config if config is not None else SimConfig()
        self.host = host
        self.users: tuple[SimUser, ...] = tuple(users) if users is not None else DEFAULT_USERS
        self.on_request = on_request
        self._port = port
        self._own_dir = recordings_dir is None
        folder = None if recordings_dir is None else Path(recordings_dir)
        self.model = SimModel(self._config, self.users, clock=clock, recordings_dir=folder)
        self._dispatcher = Dispatcher(self.model)
        self._received: list[Received] = []
        self._cond = threading.Condition()
        self._one_shot: list[tuple[str, FaultKind, int]] = []
        self._sockets: set[socket.socket] = set()
        self._httpd: HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> Simulator:
        """Bind and serve in a background daemon thread; returns ``self``."""
        if self._httpd is not None:
            raise RuntimeError("simulator already started")
        made = self.model.recordings_dir is None
        if made:
            self.model.recordings_dir = Path(tempfile.mkdtemp(prefix="tvox-sim-rec-"))
        try:
            httpd = HTTPServer((self.host, self._port), Handler)
        except BaseException:
            if made and self.model.recordings_dir is not None:  # no server: no folder either
                shutil.rmtree(self.model.recordings_dir, ignore_errors=True)
                self.model.recordings_dir = None
            raise
        httpd.process = self._process
        httpd.track = self._track
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.5}, name="tvox-sim", daemon=True
        )
        self._thread.start()
        log.info("listening on %s, recordings in %s", self.url, self.recordings_dir)
        return self

    def stop(self) -> None:
        """Stop serving, close open connections, and remove an auto-made recordings dir."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        stopper = threading.Thread(target=httpd.shutdown, name="tvox-sim-stop", daemon=True)
        stopper.start()
        address = httpd.server_address[:2]
        while stopper.is_alive():  # wake the accept loop instead of waiting for its poll
            with contextlib.suppress(OSError):
                socket.create_connection((str(address[0]), int(address[1])), timeout=0.2).close()
            stopper.join(0.01)
        httpd.server_close()
        with self._cond:
            open_sockets = list(self._sockets)
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._own_dir and self.model.recordings_dir is not None:
            shutil.rmtree(self.model.recordings_dir, ignore_errors=True)

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def config(self) -> SimConfig:
        """The live switches; change fields, or assign a new ``SimConfig``, at any time."""
        return self._config

    @config.setter
    def config(self, config: SimConfig) -> None:
        self._config = config
        self.model.config = config

    @property
    def port(self) -> int:
        """The bound port (after ``start``)."""
        if self._httpd is None:
            raise RuntimeError("simulator not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The WebAPI endpoint, ``http://HOST:PORT/tvox/webapi``."""
        return self.base_url + ENDPOINT

    @property
    def recordings_dir(self) -> Path | None:
        """Where WAV files are written."""
        return self.model.recordings_dir

    # --- observation and control ----------------------------------------------------------

    @property
    def received(self) -> list[Received]:
        """A copy of the log of parsed requests, oldest first."""
        with self._cond:
            return list(self._received)

    def clear_received(self) -> None:
        """Empty the request log."""
        with self._cond:
            self._received.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> bool:
        """Block until ``count`` requests for ``method`` were received; ``False`` on timeout."""
        with self._cond:
            return self._cond.wait_for(
                lambda: sum(1 for r in self._received if r.method == method) >= count, timeout
            )

    @property
    def calls(self) -> list[CallInfo]:
        """Every call so far, ended ones included, oldest first."""
        return self.model.calls()

    @property
    def recordings(self) -> list[RecordingInfo]:
        """Every written recording segment, oldest first."""
        return self.model.recordings()

    def lose_next_recording(self, count: int = 1) -> None:
        """The next ``count`` recording segments are never stored: search will not find them."""
        self.model.lose_next_recording(count)

    def fail_once(self, method: str, kind: FaultKind, status: int = 502) -> None:
        """Inject one fault into the next request for ``method`` (queued in order).

        ``status`` is the HTTP status for ``http_error``. One-shot faults take precedence
        over the persistent ones in ``config``.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}")
        with self._cond:
            self._one_shot.append((method, kind, status))

    def expire_sessions(self) -> None:
        """Drop every session: the next call of any client is unauthenticated."""
        self.model.expire_sessions()

    def end_call(self, call_id: str) -> None:
        """The remote party hangs up (raises ``RpcFault`` if the call is not active)."""
        self.model.hangup(call_id)

    def ring_inbound(self, username: str, number: str, service: str | None = None) -> str:
        """Ring agent ``username`` with an inbound service call; returns its call id."""
        user = self.model.user(username)
        if user is None:
            raise KeyError(username)
        return self.model.add_inbound(user, number, service)

    # --- request processing (handler threads) ---------------------------------------------

    def _track(self, sock: socket.socket, add: bool) -> None:
        with self._cond:
            if add:
                self._sockets.add(sock)
            else:
                self._sockets.discard(sock)

    def _process(self, body: bytes, cookie_headers: list[str]) -> Reply:
        try:
            request = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _rpc_reply(None, error=RpcFault(PARSE_ERROR, "Parse error"))
        if not isinstance(request, dict) or not isinstance(request.get("method"), str):
            req_id = request.get("id") if isinstance(request, dict) else None
            return _rpc_reply(req_id, error=RpcFault(INVALID_REQUEST, "Invalid Request"))
        req_id, method = request.get("id"), request["method"]
        params = request.get("params", [])
        self._record(method, params)
        delay = self.config.latency.get(method, 0.0)
        if delay > 0:
            time.sleep(delay)
        kind, status = self._fault_for(method)
        if kind == "http_error":
            log.info("%s: injected HTTP %d", method, status)
            return Reply(status, html_page(status, server="nginx"), "text/html")
        reply = self._dispatch(req_id, method, params, _session_id(cookie_headers))
        if kind == "drop_connection":
            log.info("%s: connection dropped after running it", method)
            reply.drop = True
        elif kind in ("wrong_id", "wrong_jsonrpc", "truncated_json") and reply.status == 200:
            reply.body = _mangle(reply.body, kind)
        return reply

    def _dispatch(self, req_id: Any, method: str, params: Any, session_id: str | None) -> Reply:
        if not isinstance(params, list):
            return _rpc_reply(req_id, error=invalid_params("params must be positional (a list)"))
        try:
            result = self._dispatcher.call(method, params, session_id)
        except NotAuthenticatedFault as fault:
            if self.config.unauth_as_http401:
                return Reply(401, html_page(401, "Authentication required."), "text/html")
            return _rpc_reply(req_id, error=fault)
        except RpcFault as fault:
            return _rpc_reply(req_id, error=fault)
        reply = _rpc_reply(req_id, result=result)
        if method == "login" and self.config.set_cookie:
            cookie = f"{COOKIE_NAME}={result['sessionId']}; Path=/tvox; HttpOnly"
            reply.headers.append(("Set-Cookie", cookie))
        return reply

    def _record(self, method: str, params: Any) -> None:
        now = time.perf_counter()
        with self._cond:
            self._received.append(Received(time.monotonic(), method, params))
            self._cond.notify_all()
        callback = self.on_request
        if callback is not None:
            try:
                callback(method, params, now)
            except Exception:
                log.exception("on_request callback failed")

    def _fault_for(self, method: str) -> tuple[FaultKind | None, int]:
        with self._cond:
            for index, (name, kind, status) in enumerate(self._one_shot):
                if name == method:
                    del self._one_shot[index]
                    return kind, status
        persistent = self.config.persistent_fault(method)
        return persistent if persistent is not None else (None, 0)


def _rpc_reply(req_id: Any, *, result: Any = None, error: RpcFault | None = None) -> Reply:
    response: dict[str, Any] = {"jsonrpc": "2.0", "id": req_id}
    if error is not None:
        response["error"] = error.to_json()
    else:
        response["result"] = result
    return Reply(body=json.dumps(response).encode())


def _mangle(body: bytes, kind: str) -> bytes:
    if kind == "truncated_json":
        return body[: max(len(body) // 2, 1)]
    response = json.loads(body)
    if kind == "wrong_id":
        req_id = response.get("id")
        response["id"] = req_id + 1000 if isinstance(req_id, int) else f"x{req_id}"
    else:
        response["jsonrpc"] = "1.0"
    return json.dumps(response).encode()


def _session_id(cookie_headers: list[str]) -> str | None:
    for header in cookie_headers:
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(header)
        except CookieError:
            continue
        morsel = cookies.get(COOKIE_NAME)
        if morsel is not None and morsel.value:
            return morsel.value
    return None
