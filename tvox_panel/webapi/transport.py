"""JSON-RPC 2.0 over HTTP: one POST, one answer, every failure classified.

The transport never retries. It tells the client *how* a call failed, so that the client
can decide what is safe: :class:`Unreachable` means nothing left this machine,
:class:`OutcomeUnknown` means the server may have acted on the request.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import time
from typing import Any

from tvox_panel.webapi.errors import (
    InvalidParams,
    MethodNotFound,
    NoActiveCall,
    OutcomeUnknown,
    ProtocolError,
    RpcError,
    Unreachable,
)
from tvox_panel.webapi.http import Connection, NoAnswer, NotSent, Response, Timeouts

log = logging.getLogger("tvox_panel.webapi")

_UNAUTH_RE = re.compile(
    r"not ?authenticated|unauthori[sz]ed|not ?logged|login required|session (?:is )?"
    r"(?:expired|invalid|not found)|sessionexpired|invalidsession",
    re.IGNORECASE,
)
_NO_CALL_RE = re.compile(
    r"no ?active ?call|call ?not ?found|callnotfound|noactivecall|call does not exist|"
    r"no such call|unknown call",
    re.IGNORECASE,
)
_SECRET_RE = re.compile(
    r'("?(?:password|sessionId|accessToken|JSESSIONID)"?\s*[:=]\s*"?)([^",;\s}]+)',
    re.IGNORECASE,
)
EXCERPT_CHARS = 120


class Unauthenticated(Exception):
    """Internal: the server refused the call because the session is missing or expired."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


def redact(text: str) -> str:
    """Hide passwords, session ids and tokens in a text meant for a log or a message."""
    return _SECRET_RE.sub(r"\1***", text)


def excerpt(body: bytes) -> str:
    """A short, single-line, redacted excerpt of a response body."""
    text = body[: EXCERPT_CHARS * 4].decode("utf-8", "replace")
    text = re.sub(r"\s+", " ", text).strip()
    return redact(text)[:EXCERPT_CHARS]


def rpc_error(error: Any, method: str) -> RpcError:
    """Build the most specific :class:`RpcError` for a JSON-RPC error object."""
    if not isinstance(error, dict):
        return RpcError(0, str(error)[:EXCERPT_CHARS], None, method=method)
    code = error.get("code")
    code = code if isinstance(code, int) else 0
    message = redact(str(error.get("message") or ""))[:200]
    data = error.get("data")
    detail = ""
    if isinstance(data, dict):
        detail = f"{data.get('exceptionTypeName', '')} {data.get('message', '')}"
    probe = f"{message} {detail}"
    if code == -32602 or "IllegalArgumentException" in detail or "InvalidParam" in detail:
        return InvalidParams(code, message, data, method=method)
    if code == -32601:
        return MethodNotFound(code, message, data, method=method)
    if _NO_CALL_RE.search(probe):
        return NoActiveCall(code, message, data, method=method)
    return RpcError(code, message, data, method=method)


def is_unauthenticated(error: Any) -> bool:
    """True when a JSON-RPC error object means "log in first"."""
    if not isinstance(error, dict):
        return False
    data = error.get("data")
    detail = ""
    if isinstance(data, dict):
        detail = f"{data.get('exceptionTypeName', '')} {data.get('message', '')}"
    return bool(_UNAUTH_RE.search(f"{error.get('message', '')} {detail}"))


class JsonRpcTransport:
    """Posts JSON-RPC 2.0 requests to one endpoint over one keep-alive connection.

    Args:
        endpoint: The full ``.../tvox/webapi`` URL.
        verify: ``True``, ``False`` or the path of a CA bundle file.
        timeouts: Connect and read timeouts.
    """

    #: A connection idle longer than this is not trusted for a non-idempotent call:
    #: servers close idle keep-alive connections, and a request written onto one that the
    #: server has just closed fails in a way that cannot be told apart from a lost answer.
    STALE_AFTER = 4.0

    def __init__(
        self,
        endpoint: str,
        *,
        verify: bool | str = True,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.http = Connection(endpoint, verify=verify, timeouts=timeouts)
        self._ids = itertools.count(1)

    @property
    def timeouts(self) -> Timeouts:
        return self.http.timeouts

    @property
    def cookies(self) -> dict[str, str]:
        """Cookies sent with every request (the server's, and the session cookie)."""
        return self.http.cookies

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, params: Any, *, idempotent: bool = True) -> Any:
        """Send one request and return its ``result``.

        Raises:
            Unauthenticated: the server wants a (new) login.
            Unreachable, OutcomeUnknown, ProtocolError, RpcError: see ``errors``.
        """
        req_id = next(self._ids)
        body = json.dumps(
            {"jsonrpc": "2.0", "method": method, "params": params, "id": req_id},
            separators=(",", ":"),
        ).encode()
        conn = self.http
        idle = time.monotonic() - conn.last_io
        fresh = not idempotent and conn.is_open and idle > self.STALE_AFTER
        reused = conn.is_open and not fresh
        started = time.perf_counter()
        try:
            try:
                resp = conn.post(body, {}, fresh=fresh)
            except NoAnswer as exc:
                # A keep-alive connection the server closed while idle fails on first use.
                # Repeating is harmless for a read; a dial is never repeated, and a read
                # that timed out is not repeated either (the server is slow, not gone).
                if exc.reason == "timeout" or not (idempotent and reused):
                    raise
                log.debug("%s: kept-alive connection was closed, retrying once", method)
                resp = conn.post(body, {}, fresh=True)
        except NotSent as exc:
            log.info("%s: server unreachable (%s)", method, exc.reason)
            raise Unreachable(f"{method}: server unreachable ({exc.reason})") from None
        except NoAnswer as exc:
            log.warning("%s: no answer after sending (%s)", method, exc.reason)
            raise OutcomeUnknown(f"{method}: no answer from the server ({exc.reason})") from None
        conn.cookies.update(resp.cookies)
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.debug("%s -> HTTP %s in %.1f ms", method, resp.status, elapsed_ms)
        return self._result(resp, method, req_id, idempotent)

    def _result(self, resp: Response, method: str, req_id: int, idempotent: bool) -> Any:
        status = resp.status
        if status in (401, 403):
            raise Unauthenticated(f"HTTP {status}")
        if 300 <= status < 400:
            raise ProtocolError(f"{method}: unexpected redirect", status=status)
        try:
            obj = json.loads(resp.body)
        except ValueError:
            if status == 504 and not idempotent:
                raise OutcomeUnknown(f"{method}: gateway timeout (HTTP 504)") from None
            raise ProtocolError(
                f"{method}: answer is not JSON", status=status, excerpt=excerpt(resp.body)
            ) from None
        if not isinstance(obj, dict) or obj.get("jsonrpc") != "2.0":
            snippet = excerpt(resp.body)
            raise ProtocolError(f"{method}: not JSON-RPC 2.0", status=status, excerpt=snippet)
        error = obj.get("error")
        if error is not None:
            # id may be null when the server could not read the request (JSON-RPC 2.0 §5).
            if obj.get("id") not in (req_id, None):
                raise ProtocolError(f"{method}: answer carries the wrong id", status=status)
            if is_unauthenticated(error):
                raise Unauthenticated("JSON-RPC error")
            raise rpc_error(error, method)
        if obj.get("id") != req_id:
            raise ProtocolError(f"{method}: answer carries the wrong id", status=status)
        if "result" not in obj:
            raise ProtocolError(f"{method}: answer has neither result nor error", status=status)
        if status != 200:
            raise ProtocolError(f"{method}: result with an error status", status=status)
        return obj["result"]
