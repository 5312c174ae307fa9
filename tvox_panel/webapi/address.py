"""Turn what a user types as the TVox server into the WebAPI endpoint URL."""

from __future__ import annotations

import ipaddress
from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

WEBAPI_PATH = "/tvox/webapi"


class BadServerAddress(ValueError):
    """The server address cannot be turned into an http(s) URL."""


class ServerAddress(NamedTuple):
    """A parsed server address.

    Attributes:
        endpoint: The full ``<scheme>://<host>[:port]/tvox/webapi`` URL.
        host: The host name or IP address alone.
        insecure: True for plain ``http://`` to a host that is not loopback: the password
            and the session cookie cross the network in clear.
    """

    endpoint: str
    host: str
    insecure: bool

    @property
    def display(self) -> str:
        """A short form for the status line: host[:port]."""
        return urlsplit(self.endpoint).netloc


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback IP addresses."""
    name = host.lower()
    if name in ("localhost", "localhost.localdomain") or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_server(text: str) -> ServerAddress:
    """Accept ``host``, ``https://host[:port]`` or the full ``.../tvox/webapi`` URL.

    A bare host means HTTPS. Any path other than empty, ``/``, ``/tvox`` or ``/tvox/webapi``
    is refused, since it would silently point at another application.
    """
    raw = text.strip()
    if not raw:
        raise BadServerAddress("the server address is empty")
    if any(c.isspace() for c in raw) or any(ord(c) < 32 for c in raw):
        raise BadServerAddress("the server address contains spaces or control characters")
    if "://" not in raw:
        raw = "https://" + raw
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise BadServerAddress(f"unsupported scheme {parts.scheme!r} (use http or https)")
    try:
        host = parts.hostname or ""
        port = parts.port
    except ValueError as exc:
        raise BadServerAddress("the port is not a number between 0 and 65535") from exc
    if not host:
        raise BadServerAddress("the server address has no host name")
    if parts.username or parts.password:
        raise BadServerAddress("put the user name in its own field, not in the address")
    path = parts.path.rstrip("/")
    if path not in ("", "/tvox", WEBAPI_PATH):
        raise BadServerAddress(f"unexpected path {parts.path!r} (expected {WEBAPI_PATH})")
    if parts.query or parts.fragment:
        raise BadServerAddress("the server address must not contain '?' or '#'")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    endpoint = urlunsplit((scheme, netloc, WEBAPI_PATH, "", ""))
    return ServerAddress(endpoint, host, scheme == "http" and not is_loopback(host))
