"""The HTTP/1.1 keep-alive transport of the simulator: request handler, server, replies."""

from __future__ import annotations

import logging
import socket
import socketserver
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

log = logging.getLogger("tvox_panel.simulator")

ENDPOINT = "/tvox/webapi"


@dataclass
class Reply:
    """One HTTP answer; ``drop`` closes the connection without answering."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    drop: bool = False


def html_page(status: int, detail: str = "", server: str = "Apache") -> bytes:
    """A small HTML error page such as a web server or proxy in front of TVox sends."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    title = f"{status} {phrase}"
    text = f"<p>{detail}</p>" if detail else ""
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<h1>{title}</h1>{text}<hr><address>{server}</address></body></html>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    """Keep-alive handler: POST on the endpoint goes to ``server.process``; anything else
    gets 404 (other path) or 405 (other verb) with a small HTML page.

    TCP_NODELAY is set on each accepted socket: without it, Nagle's algorithm and the
    client's delayed ACK add about 40 ms to every keep-alive exchange.
    """

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # TCP_NODELAY on the accepted socket
    server_version = "TVoxSimulator"
    sys_version = ""
    server: HTTPServer

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def do_POST(self) -> None:  # noqa: N802 - the http.server naming
        body = self._read_body()
        if body is None:
            return
        if urlsplit(self.path).path != ENDPOINT:
            self._send(Reply(404, html_page(404, "No such resource."), "text/html"))
            return
        self._send(self.server.process(body, self.headers.get_all("Cookie") or []))

    def _other(self) -> None:
        self._read_body()
        if urlsplit(self.path).path == ENDPOINT:
            page = html_page(405, "The WebAPI answers POST only.")
            self._send(Reply(405, page, "text/html", [("Allow", "POST")]))
        else:
            self._send(Reply(404, html_page(404, "No such resource."), "text/html"))

    do_GET = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _other  # noqa: N815

    def do_HEAD(self) -> None:  # noqa: N802
        if urlsplit(self.path).path == ENDPOINT:
            self._send(Reply(405, html_page(405), "text/html", [("Allow", "POST")]), head=True)
        else:
            self._send(Reply(404, html_page(404), "text/html"), head=True)

    def _read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        try:
            size = int(length)
        except ValueError:
            self.close_connection = True
            self._send(Reply(400, html_page(400, "Bad Content-Length."), "text/html"))
            return None
        return self.rfile.read(max(size, 0))

    def _send(self, reply: Reply, head: bool = False) -> None:
        if reply.drop:
            self.close_connection = True
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        log.debug("%s %s", self.address_string(), format % args)


class HTTPServer(ThreadingHTTPServer):
    """A threading HTTP server whose handler threads are daemons.

    Attributes:
        process: Turns a POSTed body and the ``Cookie`` headers into a reply.
        track: Told ``(socket, True)`` when a connection opens, ``(socket, False)`` when it closes.
    """

    daemon_threads = True
    process: Callable[[bytes, list[str]], Reply]
    track: Callable[[socket.socket, bool], None]

    def server_bind(self) -> None:
        """Bind without ``HTTPServer``'s ``socket.getfqdn()``: a reverse DNS lookup that can
        stall for seconds where name resolution is broken, for a name nothing here reads."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Log a client that went away quietly; anything else with its traceback."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            log.debug("connection from %s ended early", client_address[0])
        else:
            log.exception("error while serving %s", client_address[0])
