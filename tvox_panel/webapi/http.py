"""One keep-alive HTTP(S) connection that knows whether a failed request left this machine.

Built on ``http.client`` rather than a general HTTP library: the client needs exactly one
endpoint, one cookie and one distinction that pooled libraries blur (was anything sent?),
and it keeps ~50 ms of imports and ~10 MB of memory off the panel's start-up.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit


@dataclass
class Timeouts:
    """Connect and read timeouts in seconds; both bound every request."""

    connect: float = 5.0
    read: float = 10.0


class NotSent(Exception):
    """Nothing reached the server: connecting, resolving or the TLS handshake failed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NoAnswer(Exception):
    """The request was sent, but no complete answer came back."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Response:
    """A complete HTTP answer."""

    status: int
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)


def tls_context(verify: bool | str) -> ssl.SSLContext:
    """Certificates the system trusts, plus certifi's bundle when installed, plus a CA file.

    The system store matters on contact-centre desktops, where an internal TVox server is
    often signed by the company's own CA that IT has already rolled out.
    """
    if verify is False:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    ctx = ssl.create_default_context()
    try:
        import certifi

        ctx.load_verify_locations(certifi.where())
    except (ImportError, OSError):
        pass
    if isinstance(verify, str):
        ctx.load_verify_locations(verify)
    return ctx


class Connection:
    """A single persistent connection to one endpoint, reopened when needed.

    Args:
        endpoint: ``http(s)://host[:port]/path``.
        verify: ``True``, ``False`` or the path of a CA bundle file (HTTPS only).
        timeouts: Connect and read timeouts.
    """

    def __init__(
        self, endpoint: str, *, verify: bool | str = True, timeouts: Timeouts | None = None
    ) -> None:
        parts = urlsplit(endpoint)
        self.https = parts.scheme == "https"
        self.host = parts.hostname or ""
        self.port = parts.port or (443 if self.https else 80)
        self.path = parts.path or "/"
        self.timeouts = timeouts or Timeouts()
        self.verify = verify
        self.cookies: dict[str, str] = {}
        self.opened = 0  # connections opened so far (tests and diagnostics)
        self.last_io = 0.0
        self._conn: http.client.HTTPConnection | None = None
        self._ctx: ssl.SSLContext | None = None

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _open(self) -> http.client.HTTPConnection:
        conn: http.client.HTTPConnection
        if self.https:
            if self._ctx is None:
                self._ctx = tls_context(self.verify)
            conn = http.client.HTTPSConnection(
                self.host, self.port, timeout=self.timeouts.connect, context=self._ctx
            )
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeouts.connect)
        try:
            conn.connect()
        except ssl.SSLError as exc:
            conn.close()
            raise NotSent("tls") from exc
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise NotSent("connect") from exc
        assert conn.sock is not None
        conn.sock.settimeout(self.timeouts.read)
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.opened += 1
        return conn

    def post(self, body: bytes, headers: dict[str, str], *, fresh: bool = False) -> Response:
        """POST ``body``; raise :class:`NotSent` or :class:`NoAnswer` on failure.

        ``fresh`` forces a new connection, for requests that must not risk landing on a
        connection the server is closing (a lost answer there is indistinguishable from a
        lost request).
        """
        if fresh:
            self.close()
        if self._conn is None:
            self._conn = self._open()
        conn = self._conn
        all_headers = {"Content-Type": "application/json", "Accept": "application/json"}
        all_headers.update(headers)
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request("POST", self.path, body=body, headers=all_headers)
            answer = conn.getresponse()
            data = answer.read()
        except TimeoutError as exc:
            self.close()
            raise NoAnswer("timeout") from exc
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise NoAnswer("connection lost") from exc
        finally:
            self.last_io = time.monotonic()
        if answer.will_close:
            self.close()
        return Response(answer.status, data, _cookies(answer.headers.get_all("Set-Cookie") or []))


def _cookies(headers: list[str]) -> dict[str, str]:
    jar: dict[str, str] = {}
    for header in headers:
        try:
            parsed = SimpleCookie(header)
        except CookieError:
            continue
        for name, morsel in parsed.items():
            jar[name] = morsel.value
    return jar
