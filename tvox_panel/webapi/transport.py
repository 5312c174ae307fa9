"""JSON-RPC 2.0 over HTTP: one POST, one answer, every failure classified.

The transport never retries. It tells the client *how* a call failed, so that the client
can decide what is safe: :class:`Unreachable` means nothing left this machine,
:class:`OutcomeUnknown` means the server may have acted on the request.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
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
from tvox_panel.webapi.http import (
    DEFAULT_MAX_ANSWER,
    Channel,
    NoAnswer,
    NotSent,
    Response,
    Timeouts,
    TooLarge,
)

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
#: Answers larger than this are refused; ``searchRecordedCall`` pages may be longer.
MAX_ANSWER = {"searchRecordedCall": 16 * 1024 * 1024}
#: What parsing a hostile answer can raise besides ValueError (nesting, huge numbers...).
_PARSE_ERRORS = (ValueError, RecursionError, MemoryError, OverflowError, UnicodeError, TypeError)


class Secrets:
    """The exact secret values of one client (password, session id, token), for redaction.

    A server that echoes a secret back in an error must not get it shown, stored, printed or
    answered on the command socket: every message the transport builds goes through
    :meth:`scrub`, which hides these values as well as ``key=value`` patterns.
    """

    def __init__(self) -> None:
        self._values: set[str] = set()

    def add(self, value: str) -> None:
        if len(value) < 3:
            return
        # As given, and as JSON writes it inside a string (a page echoing the request).
        ascii_json = json.dumps(value)[1:-1]
        self._values.update({value, ascii_json, ascii_json.replace("/", "\\/")})
        self._values.add(json.dumps(value, ensure_ascii=False)[1:-1])

    def scrub(self, text: str) -> str:
        for value in sorted(self._values, key=len, reverse=True):
            text = text.replace(value, "***")
        return redact(text)


class Unauthenticated(Exception):
    """Internal: the server refused the call because the session is missing or expired."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


def redact(text: str) -> str:
    """Hide passwords, session ids and tokens in a text meant for a log or a message."""
    return _SECRET_RE.sub(r"\1***", text)


def excerpt(body: bytes, scrub: Any = redact) -> str:
    """A short, single-line, redacted excerpt of a response body (scrubbed before it is cut,
    so that no secret survives in part)."""
    text = str(scrub(body[:65536].decode("utf-8", "replace")))
    return re.sub(r"\s+", " ", text).strip()[:EXCERPT_CHARS]


def _scrubbed(value: Any, scrub: Any, depth: int = 0) -> Any:
    """``value`` (an error's ``data``) with every string scrubbed; deep nesting cut off."""
    if isinstance(value, str):
        return scrub(value[:65536])[:1000]
    if depth > 8:
        return None
    if isinstance(value, dict):
        return {str(k)[:100]: _scrubbed(v, scrub, depth + 1) for k, v in list(value.items())[:50]}
    if isinstance(value, list):
        return [_scrubbed(v, scrub, depth + 1) for v in value[:50]]
    return value if isinstance(value, (int, float, bool)) or value is None else None


def rpc_error(error: Any, method: str, scrub: Any = redact) -> RpcError:
    """Build the most specific :class:`RpcError` for a JSON-RPC error object.

    "The call does not exist" wins over "invalid parameters": a server that names the call
    as unknown has understood the request's shape.
    """
    if not isinstance(error, dict):
        return RpcError(0, scrub(str(error)[:65536])[:EXCERPT_CHARS], None, method=method)
    code = error.get("code")
    code = code if isinstance(code, int) and abs(code) < 2**31 else 0
    message = scrub(str(error.get("message") or "")[:65536])[:200]
    data = _scrubbed(error.get("data"), scrub)
    detail = ""
    if isinstance(data, dict):
        detail = f"{data.get('exceptionTypeName', '')} {data.get('message', '')}"
    probe = f"{message} {detail}"
    if _NO_CALL_RE.search(probe):
        return NoActiveCall(code, message, data, method=method)
    if code == -32602 or "IllegalArgumentException" in detail or "InvalidParam" in detail:
        return InvalidParams(code, message, data, method=method)
    if code == -32601:
        return MethodNotFound(code, message, data, method=method)
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
        timeouts: Connect and read timeouts; their sum bounds each request.
        proxy: ``"system"``, ``"none"`` or a proxy URL.
        secrets: The exact values to hide from every message.

    Raises:
        OSError, ssl.SSLError: the CA bundle file cannot be used.
    """

    #: A connection idle longer than this is not trusted with a non-idempotent call: a
    #: server, a proxy or a NAT may have dropped it without a word, and a request written
    #: onto it would be lost in a way that cannot be told from a lost answer.
    STALE_AFTER = 4.0

    def __init__(
        self,
        endpoint: str,
        *,
        verify: bool | str = True,
        timeouts: Timeouts | None = None,
        proxy: str = "system",
        secrets: Secrets | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.http = Channel(endpoint, verify=verify, timeouts=timeouts, proxy=proxy)
        self.secrets = secrets or Secrets()
        self._ids = itertools.count(1)

    @property
    def timeouts(self) -> Timeouts:
        return self.http.timeouts

    def close(self) -> None:
        self.http.close()

    def abort(self) -> None:
        """End the request in flight now (from any thread)."""
        self.http.abort()

    def call(
        self, method: str, params: Any, *, idempotent: bool = True, acts: bool | None = None
    ) -> Any:
        """Send one request and return its ``result``.

        A request that may have reached the server is never sent again, except an
        idempotent one whose connection was lost (never one that timed out: the server is
        slow, not gone). For a request that ``acts`` (by default: every non-idempotent one;
        a dial), every failure to read a usable answer once it may have been sent is
        :class:`OutcomeUnknown`.

        Raises:
            Unauthenticated: the server wants a (new) login.
            Unreachable, OutcomeUnknown, ProtocolError, RpcError: see ``errors``.
        """
        req_id = next(self._ids)
        body = json.dumps(
            {"jsonrpc": "2.0", "method": method, "params": params, "id": req_id},
            separators=(",", ":"),
        ).encode()
        acts = not idempotent if acts is None else acts
        limit = MAX_ANSWER.get(method, DEFAULT_MAX_ANSWER)
        fresh_after = math.inf if idempotent else self.STALE_AFTER
        started = time.perf_counter()
        try:
            try:
                resp = self.http.post(body, max_answer=limit, fresh_after=fresh_after)
            except NoAnswer as exc:
                if not idempotent or exc.reason != "connection lost":
                    raise
                log.debug("%s: connection lost, asking once more (a read is safe)", method)
                try:
                    resp = self.http.post(body, max_answer=limit)
                except NotSent as again:  # the first one was sent: its outcome is unknown
                    raise NoAnswer(again.reason) from None
        except NotSent as exc:
            log.info("%s: server unreachable (%s)", method, exc.reason)
            raise Unreachable(f"{method}: server unreachable ({exc.reason})") from None
        except NoAnswer as exc:
            log.warning("%s: no answer after sending (%s)", method, exc.reason)
            raise OutcomeUnknown(f"{method}: no answer from the server ({exc.reason})") from None
        except TooLarge as exc:
            log.warning("%s: answer too large (%s)", method, exc)
            if acts:
                raise OutcomeUnknown(f"{method}: the answer was too large to read") from None
            raise ProtocolError(f"{method}: the answer is too large ({exc})") from None
        elapsed_ms = (time.perf_counter() - started) * 1000
        log.debug("%s -> HTTP %s in %.1f ms", method, resp.status, elapsed_ms)
        try:
            return self._result(resp, method, req_id, acts)
        except ProtocolError as exc:
            if not acts or exc.status in range(300, 400):
                raise
            # The request arrived; what came back is unusable: the call may exist.
            raise OutcomeUnknown(str(exc)) from None

    def _result(self, resp: Response, method: str, req_id: int, acts: bool) -> Any:
        scrub = self.secrets.scrub
        status = resp.status
        if status in (401, 403):
            raise Unauthenticated(f"HTTP {status}")
        if 300 <= status < 400:
            raise ProtocolError(f"{method}: unexpected redirect", status=status)
        try:
            obj = json.loads(resp.body)
        except _PARSE_ERRORS:
            if status == 504 and acts:
                raise OutcomeUnknown(f"{method}: gateway timeout (HTTP 504)") from None
            raise ProtocolError(
                f"{method}: answer is not JSON", status=status, excerpt=excerpt(resp.body, scrub)
            ) from None
        if not isinstance(obj, dict) or obj.get("jsonrpc") != "2.0":
            snippet = excerpt(resp.body, scrub)
            raise ProtocolError(f"{method}: not JSON-RPC 2.0", status=status, excerpt=snippet)
        error = obj.get("error")
        if error is not None:
            # id may be null when the server could not read the request (JSON-RPC 2.0 §5).
            if obj.get("id") not in (req_id, None):
                raise ProtocolError(f"{method}: answer carries the wrong id", status=status)
            if is_unauthenticated(error):
                raise Unauthenticated("JSON-RPC error")
            raise rpc_error(error, method, scrub)
        if obj.get("id") != req_id:
            raise ProtocolError(f"{method}: answer carries the wrong id", status=status)
        if "result" not in obj:
            raise ProtocolError(f"{method}: answer has neither result nor error", status=status)
        if status != 200:
            raise ProtocolError(f"{method}: result with an error status", status=status)
        return obj["result"]
