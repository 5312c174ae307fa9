"""HTTP for the WebAPI on requests: one pooled connection that knows whether a request left.

The transport needs three things a plain ``requests.post`` does not give:

- **Was anything sent?** A failed dial that never left this machine is safe to report as
  "unreachable"; one that may have reached the server is "outcome unknown" and is never
  repeated. The connections record the moment the first byte is written, so the answer
  comes from the socket, not from guessing at exception types.
- **A total deadline.** requests' timeouts bound each socket operation, so a server that
  trickles its answer a byte at a time defeats them. A timer shuts the socket down when
  connect + read timeout have passed, whatever phase the request is in; :meth:`Channel.abort`
  does the same at once, from any thread (quit never waits on the network).
- **Nothing repeated, nothing followed, nothing unbounded.** urllib3 retries nothing
  (:data:`NO_RETRIES`), redirects are not followed, and an answer over the size cap is
  dropped while it is read.

TLS trusts the system's certificate store plus certifi's bundle plus an optional CA file, in
one context built once per channel (requests would otherwise load its bundle on every new
connection). Proxies: ``system`` (environment variables, then the OS settings that
``urllib.request.getproxies`` reads on Windows and macOS; ``NO_PROXY`` honoured), ``none``,
or a proxy URL.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from http.cookiejar import Cookie, CookieJar
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.util.retry import Retry

#: urllib3 repeats nothing: not a connect, not a read, not a redirect, not a status.
NO_RETRIES = Retry(total=0, connect=0, read=False, redirect=0, status=0, other=0)
CHUNK_BYTES = 64 * 1024
DEFAULT_MAX_ANSWER = 1024 * 1024  # a TVox JSON-RPC answer is a few KB


@dataclass
class Timeouts:
    """Connect and read timeouts in seconds; their sum is each request's total deadline."""

    connect: float = 5.0
    read: float = 10.0

    @property
    def total(self) -> float:
        return self.connect + self.read


class NotSent(Exception):
    """Nothing reached the server: resolving, connecting, the proxy or the TLS handshake failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NoAnswer(Exception):
    """The request was (or may have been) sent, but no complete answer came back."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TooLarge(Exception):
    """The server answered with more than the size cap allows (the request was sent)."""


@dataclass(frozen=True)
class Response:
    """A complete HTTP answer."""

    status: int
    body: bytes


def tls_context(verify: bool | str) -> ssl.SSLContext:
    """Certificates the system trusts, plus certifi's bundle when installed, plus a CA file.

    The system store matters on contact-centre desktops, where an internal TVox server is
    often signed by the company's own CA that IT has already rolled out.

    Raises:
        OSError: ``verify`` names a CA file that cannot be read.
        ssl.SSLError: the CA file holds no usable certificate.
    """
    ctx = ssl.create_default_context()
    if verify is False:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    try:
        import certifi

        ctx.load_verify_locations(certifi.where())
    except (ImportError, OSError):
        pass
    if isinstance(verify, str):
        ctx.load_verify_locations(verify)
    return ctx


class _Deadlines:
    """One thread for every request's deadline in the process (a timer thread per request
    would cost a thread start on every click)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._due: dict[int, tuple[float, Any]] = {}
        self._tokens = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._wakes_at = math.inf  # when the thread looks again, unless woken

    def arm(self, seconds: float, action: Any) -> int:
        """Call ``action()`` in ``seconds`` unless :meth:`disarm` comes first."""
        with self._cond:
            token = next(self._tokens)
            due = time.monotonic() + seconds
            self._due[token] = (due, action)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="deadlines", daemon=True)
                self._thread.start()
            if due < self._wakes_at:
                # Only a deadline earlier than the thread's next look wakes it: requests
                # share one timeout, so a click rarely costs a thread switch.
                self._wakes_at = due
                self._cond.notify()
            return token

    def disarm(self, token: int) -> None:
        with self._cond:
            self._due.pop(token, None)

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._due:
                    self._wakes_at = math.inf
                    self._cond.wait()
                    continue
                token, (due, action) = min(self._due.items(), key=lambda item: item[1][0])
                wait = due - time.monotonic()
                if wait > 0:
                    self._wakes_at = due
                    self._cond.wait(wait)
                    continue
                del self._due[token]
            with contextlib.suppress(Exception):  # one deadline must never stop the others
                action()


_DEADLINES = _Deadlines()


class _Flight:
    """What the request in flight has done: connected, written, timed out, been aborted.

    Shared by the channel's connections (which report) and its deadline timer and
    :meth:`Channel.abort` (which shut the socket down from another thread).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self.sent = False
        self.ended: str | None = None  # "timeout" or "aborted" once cut short
        self.aborted = False  # for good: the channel's owner is going away
        self.generation = 0  # which request a deadline timer belongs to

    def start(self) -> int:
        """A new request begins; returns its generation, for its deadline timer."""
        with self._lock:
            self.generation += 1
            self.sent = False
            self.ended = "aborted" if self.aborted else None
            return self.generation

    def connected(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.ended is not None:
                _shutdown(sock)

    def sending(self, sock: socket.socket | None) -> None:
        """The request's bytes go out on ``sock`` now (a new or a kept-alive connection).

        Raises:
            ConnectionAbortedError: the request was cut before a byte left: none will.
        """
        with self._lock:
            self._sock = sock
            if self.ended is not None:
                _shutdown(sock)
                raise ConnectionAbortedError(self.ended)
            self.sent = True

    def finish(self) -> None:
        with self._lock:
            self._sock = None

    def cut(self, why: str, generation: int | None = None) -> None:
        """End the request now (only request ``generation``, when given): a blocked read or
        write fails at once."""
        with self._lock:
            if generation is not None and generation != self.generation:
                return  # the deadline of a request that has already ended
            if self.ended is None:
                self.ended = why
            self.aborted = self.aborted or why == "aborted"
            _shutdown(self._sock)


def _shutdown(sock: socket.socket | None) -> None:
    if sock is None:
        return
    # The plain socket's shutdown, also for TLS: SSLSocket.shutdown drops its TLS state
    # first, and a write racing it on the worker thread would go out unencrypted.
    with contextlib.suppress(OSError):  # already closed: nothing is blocked on it
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _pool_classes(flight: _Flight) -> dict[str, type[HTTPConnectionPool]]:
    """Connection pools whose connections report to ``flight``."""

    # Connecting writes too (a proxy's CONNECT): only what is written outside connect()
    # is the request. One behaviour over both of urllib3's connection classes.
    class Tracked:
        connecting = False
        sock: socket.socket | None

        def connect(self) -> None:
            self.connecting = True
            try:
                super().connect()  # type: ignore[misc]
            finally:
                self.connecting = False
            flight.connected(self.sock)

        def send(self, data: Any) -> None:
            if self.sock is None:
                self.connect()
            if not self.connecting:
                flight.sending(self.sock)
            super().send(data)  # type: ignore[misc]

    class Connection(Tracked, HTTPConnection):
        pass

    class SecureConnection(Tracked, HTTPSConnection):
        pass

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = SecureConnection

    return {"http": Pool, "https": SecurePool}


class _Adapter(HTTPAdapter):
    """One pooled connection, no retries, the channel's TLS context and connection classes."""

    def __init__(
        self, ctx: ssl.SSLContext | None, pools: dict[str, type[HTTPConnectionPool]]
    ) -> None:
        self._ctx = ctx
        self._pools = pools
        super().__init__(pool_connections=1, pool_maxsize=1, max_retries=NO_RETRIES)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        if self._ctx is not None:
            pool_kwargs["ssl_context"] = self._ctx
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pools

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        known = proxy in self.proxy_manager
        if self._ctx is not None:
            proxy_kwargs["ssl_context"] = self._ctx
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not known:
            manager.pool_classes_by_scheme = self._pools
        return manager

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        # The channel's context already trusts the system store, certifi and the CA file;
        # naming a bundle here would make urllib3 load it again for every new connection.
        conn.cert_reqs = "CERT_REQUIRED" if verify else "CERT_NONE"
        conn.ca_certs = None
        conn.ca_cert_dir = None


class Channel:
    """POSTs to one endpoint over one pooled keep-alive connection.

    Args:
        endpoint: ``http(s)://host[:port]/path``.
        verify: ``True``, ``False`` or the path of a CA bundle file (HTTPS only).
        timeouts: Connect and read timeouts; their sum bounds every request.
        proxy: ``"system"``, ``"none"`` or a proxy URL (credentials may be in the URL).

    Raises:
        OSError, ssl.SSLError: the CA bundle file cannot be used.
    """

    def __init__(
        self,
        endpoint: str,
        *,
        verify: bool | str = True,
        timeouts: Timeouts | None = None,
        proxy: str = "system",
    ) -> None:
        self.endpoint = endpoint
        self.timeouts = timeouts or Timeouts()
        self.verify = verify
        parts = urlsplit(endpoint)
        self._host = parts.hostname or ""
        self._cookie_path = "/tvox" if parts.path.startswith("/tvox") else "/"
        self._flight = _Flight()
        self._last_io = 0.0
        self._ctx = tls_context(verify) if parts.scheme == "https" else None
        self._session = self._new_session(proxy)

    def _new_session(self, proxy: str) -> requests.Session:
        session = requests.Session()
        adapter = _Adapter(self._ctx, _pool_classes(self._flight))
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update(
            {
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Accept-Encoding": "identity",
            }
        )
        # With trust_env (the "system" proxy), requests would also read ~/.netrc and send
        # its credentials for the server's host; the panel sends only its own login.
        session.auth = _no_auth
        if proxy == "none":
            session.trust_env = False
        elif proxy != "system":
            session.trust_env = False
            session.proxies = {"http": proxy, "https": proxy}
        return session

    @property
    def retries(self) -> Retry:
        """What urllib3 may repeat: nothing (:data:`NO_RETRIES`)."""
        adapter = self._session.get_adapter(self.endpoint)
        assert isinstance(adapter, HTTPAdapter)
        return adapter.max_retries

    @property
    def cookies(self) -> requests.cookies.RequestsCookieJar:
        """The cookie jar (path, expiry and ``Max-Age=0`` as the server says)."""
        return self._session.cookies

    def set_cookie(self, name: str, value: str) -> None:
        """Send ``name=value`` from now on, as if this server had set it for the endpoint.

        Same domain and path as the server's own cookie of that name would have, so the
        server can still replace or expire it.
        """
        jar = self._session.cookies
        for cookie in _each(jar):
            if cookie.name == name:
                jar.clear(cookie.domain, cookie.path, cookie.name)
        host = f"[{self._host}]" if ":" in self._host else self._host  # IPv6, as in the URL
        host = host if "." in host else f"{host}.local"  # as http.cookiejar names it
        jar.set(name, value, domain=host, path=self._cookie_path)

    def cookie(self, name: str) -> str | None:
        """The value of the cookie ``name`` that the next request carries, if any."""
        return next((c.value for c in _each(self._session.cookies) if c.name == name), None)

    def close(self) -> None:
        """Close the pooled connection; the channel opens a new one when next used."""
        self._session.close()

    def abort(self) -> None:
        """End the request in flight at once, and refuse any later one (from any thread)."""
        self._flight.cut("aborted")

    def post(
        self, body: bytes, *, max_answer: int = DEFAULT_MAX_ANSWER, fresh_after: float = math.inf
    ) -> Response:
        """POST ``body`` and read the whole answer within the total deadline.

        Raises:
            NotSent: nothing of the request left this machine.
            NoAnswer: it may have reached the server; no complete answer came back.
            TooLarge: the answer is longer than ``max_answer`` bytes.
        """
        flight = self._flight
        generation = flight.start()
        if flight.ended is not None:
            raise NotSent(flight.ended)
        if self._last_io and time.monotonic() - self._last_io > fresh_after:
            # Idle long enough for a server or a NAT to have dropped the connection without
            # a word: a request that must not be lost goes on a new one.
            self.close()
        deadline = _DEADLINES.arm(self.timeouts.total, lambda: flight.cut("timeout", generation))
        try:
            return self._exchange(body, max_answer)
        except TooLarge:
            raise
        except requests.exceptions.InvalidURL as error:
            raise NotSent("address") from error
        except (requests.RequestException, OSError, ValueError) as error:
            reason = flight.ended or _reason(error, sent=flight.sent)
            if not flight.sent:
                raise NotSent(reason) from error
            self.close()  # whatever is left of that connection is of no use
            raise NoAnswer(reason) from error
        finally:
            _DEADLINES.disarm(deadline)
            flight.finish()
            self._last_io = time.monotonic()

    def _exchange(self, body: bytes, max_answer: int) -> Response:
        request = requests.Request("POST", self.endpoint, data=body)
        prepared = self._session.prepare_request(request)
        timeouts = (self.timeouts.connect, self.timeouts.read)
        with self._session.send(
            prepared, timeout=timeouts, stream=True, allow_redirects=False, verify=bool(self.verify)
        ) as answer:
            declared = answer.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_answer:
                self.close()
                raise TooLarge(f"{declared} bytes announced")
            data = bytearray()
            for chunk in answer.iter_content(CHUNK_BYTES):
                data += chunk
                if len(data) > max_answer:
                    self.close()
                    raise TooLarge(f"more than {max_answer} bytes")
                if self._flight.ended is not None:
                    raise requests.exceptions.ConnectionError(self._flight.ended)
            return Response(answer.status_code, bytes(data))


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """No HTTP authentication: the WebAPI's login is a JSON-RPC call."""
    return request


def _each(jar: CookieJar) -> list[Cookie]:
    """The jar's cookies (typed: a RequestsCookieJar iterates as a CookieJar does)."""
    return list(CookieJar.__iter__(jar))


def _reason(error: BaseException, *, sent: bool) -> str:
    """A one-word reason for logs and messages: proxy, tls, timeout, name, connect, lost."""
    if isinstance(error, requests.exceptions.ProxyError):
        return "proxy"
    if isinstance(error, requests.exceptions.SSLError):
        return "tls"
    if isinstance(error, requests.exceptions.Timeout):
        return "timeout"
    if sent:
        return "connection lost"
    if "NameResolutionError" in str(error):
        return "name"
    return "connect"
