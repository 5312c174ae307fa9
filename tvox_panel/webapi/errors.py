"""The one exception tree of the TVox WebAPI client.

::

    TVoxError                      anything the client raises
    ├── BadCaBundle                the configured CA file cannot be used (nothing was sent)
    ├── AuthError                  login refused
    │   └── SessionRefused         logged in, yet the next call is refused (rights, proxy)
    ├── TransportError             HTTP never gave a usable answer
    │   ├── Unreachable            nothing was sent (DNS, refused, TLS handshake): safe to retry
    │   └── OutcomeUnknown         the request left; the server may have acted on it (never re-dial)
    ├── ProtocolError              not a JSON-RPC 2.0 answer (HTML page, truncated, wrong id)
    └── RpcError(code, message, data)   a well-formed JSON-RPC error object
        ├── InvalidParams          -32602, or a Java IllegalArgumentException
        ├── MethodNotFound         -32601
        └── NoActiveCall           the call does not exist (any more) on the server

Messages never contain the password or the session id: the client builds them from
method names, HTTP status codes and short, redacted excerpts only.
"""

from __future__ import annotations

from typing import Any


class TVoxError(Exception):
    """Base of everything the client raises."""


class BadCaBundle(TVoxError):
    """The CA bundle file in the settings cannot be read or holds no certificate.

    Attributes:
        path: The file, as configured.
        reason: Why, in a few words (the system's own text).
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"CA bundle {path}: {reason}")
        self.path = path
        self.reason = reason


class AuthError(TVoxError):
    """The server refused the credentials, or the session could not be renewed."""


class SessionRefused(AuthError):
    """Login succeeded but the server refused the call that followed it.

    Usually missing rights or a proxy in the way: logging in again will not help.
    """


class TransportError(TVoxError):
    """The HTTP exchange failed before a usable answer arrived."""


class Unreachable(TransportError):
    """Nothing reached the server: a retry cannot duplicate an action."""


class OutcomeUnknown(TransportError):
    """The request was sent but no answer came back; it may have been acted on."""


class ProtocolError(TVoxError):
    """The server answered something that is not a valid JSON-RPC 2.0 response.

    Attributes:
        status: The HTTP status code of the answer.
        excerpt: A short, redacted excerpt of the body, for the log.
    """

    def __init__(self, message: str, *, status: int | None = None, excerpt: str = "") -> None:
        detail = message
        if status is not None:
            detail += f" (HTTP {status})"
        if excerpt:
            detail += f": {excerpt!r}"
        super().__init__(detail)
        self.status = status
        self.excerpt = excerpt


class RpcError(TVoxError):
    """A JSON-RPC error object from the server.

    Attributes:
        code: The JSON-RPC error code (-32001 for Java application exceptions).
        message: The server's message.
        data: The error's ``data`` member, often ``{"exceptionTypeName": ..., "message": ...}``.
    """

    def __init__(self, code: int, message: str, data: Any = None, *, method: str = "") -> None:
        super().__init__(f"{method + ': ' if method else ''}{message} (code {code})")
        self.code = code
        self.message = message
        self.data = data
        self.method = method

    @property
    def exception_type(self) -> str:
        """The Java exception class name the server reported, or ``""``."""
        if isinstance(self.data, dict):
            name = self.data.get("exceptionTypeName")
            if isinstance(name, str):
                return name
        return ""


class InvalidParams(RpcError):
    """The server rejected the parameters (wrong count, order or type)."""


class MethodNotFound(RpcError):
    """The server does not know the method (an older or newer WebAPI)."""


class NoActiveCall(RpcError):
    """The call the request names does not exist on the server (any more)."""
