"""A TVox endpoint on loopback that misbehaves on purpose, and counts what reached it.

Each connection is served on its own thread by a :class:`Script`: by default it answers
``getVersion`` and ``login`` like a TVox server and every other method with ``null``; a
test overrides :meth:`Script.answer` to drop, stall, trickle, flood or echo at the moment
it wants. ``server.received`` lists the JSON-RPC methods whose requests arrived.
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from typing import Any

SESSION_ID = "5E55I0N-1D-0f-the-server"
TOKEN = "t0ken-0f-the-server"
SERVER_IP = "127.0.0.1"


def http_answer(body: bytes, status: str = "200 OK", extra: str = "") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    )
    return head.encode() + body


def rpc_result(request: dict[str, Any], result: Any) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": request.get("id"), "result": result}).encode()


def default_result(method: str) -> Any:
    if method == "getVersion":
        return ["10.26.32", "10.26.0"]
    if method == "login":
        return {
            "sessionId": SESSION_ID,
            "accessToken": TOKEN,
            "username": "supervisor",
            "profileRoles": ["TVOX_SUPERVISOR"],
            "logged": True,
        }
    if method == "dialNumber":
        return "1605867847.783@d92061befe"
    return None


class Script:
    """How the server treats one connection; override :meth:`answer` for the faults."""

    def __init__(self, server: HostileServer, sock: socket.socket) -> None:
        self.server = server
        self.sock = sock

    def read_request(self) -> tuple[dict[str, str], bytes] | None:
        """One HTTP request (headers, body), or None when the client closed."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(body) < length:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            body += chunk
        headers[":request-line"] = lines[0]
        return headers, body

    def serve(self) -> None:
        while True:
            got = self.read_request()
            if got is None:
                return
            headers, body = got
            request = json.loads(body)
            method = request.get("method", "")
            self.server.arrived(method, headers)
            if not self.answer(method, request):
                return

    def answer(self, method: str, request: dict[str, Any]) -> bool:
        """Answer one request; False closes the connection."""
        self.sock.sendall(http_answer(rpc_result(request, default_result(method))))
        return True


class HostileServer:
    """A listening socket on loopback, one thread per connection, optionally TLS.

    Args:
        script: The :class:`Script` subclass each connection gets.
        tls: A server-side SSL context; None for plain HTTP.
        host: The loopback address to listen on (``::1`` for IPv6).
    """

    def __init__(
        self, script: Callable[[HostileServer, socket.socket], Script] = Script,
        tls: ssl.SSLContext | None = None, host: str = SERVER_IP,
    ) -> None:  # fmt: skip
        self.script = script
        self.tls = tls
        self.received: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.connections = 0
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.host = host
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.listener = socket.create_server((host, 0), family=family)
        self.port = self.listener.getsockname()[1]
        self.threads: list[threading.Thread] = []
        self.socks: list[socket.socket] = []

    @property
    def url(self) -> str:
        scheme = "https" if self.tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}/tvox/webapi"

    def arrived(self, method: str, headers: dict[str, str]) -> None:
        with self.lock:
            self.received.append(method)
            self.headers.append(headers)

    def count(self, method: str) -> int:
        with self.lock:
            return self.received.count(method)

    def __enter__(self) -> HostileServer:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self.threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() below
        self.listener.close()
        with self.lock:
            socks = list(self.socks)
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        for thread in self.threads:
            thread.join(5)

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
                self.socks.append(sock)
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _serve(self, sock: socket.socket) -> None:
        try:
            if self.tls is not None:
                sock = self.tls.wrap_socket(sock, server_side=True)
                with self.lock:
                    self.socks.append(sock)
            self.script(self, sock).serve()
        except (OSError, ValueError):
            pass  # the client went away, or the test stopped the server
        finally:
            sock.close()


def trickle(sock: socket.socket, data: bytes, stop: threading.Event, gap: float) -> Iterator[int]:
    """Send ``data`` one byte every ``gap`` seconds until sent or ``stop``; yields progress."""
    for i in range(len(data)):
        if stop.wait(gap):
            return
        sock.sendall(data[i : i + 1])
        yield i
