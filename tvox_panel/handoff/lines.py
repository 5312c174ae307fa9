"""The hand-off protocol on any local transport: one JSON object per line each way.

A transport (the UNIX socket in ``unix_server``, the Windows named pipe in ``pipe_server``)
subclasses :class:`LineConnection`, feeds it what arrives and supplies ``send``, ``drop``,
``abort`` and ``connected``; the answers come from the :class:`Answerer` (the panel's
``InstanceServer``). Every transport's clients are bounded alike by :class:`Connections`.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from typing import Any, NamedTuple, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from tvox_panel.handoff import protocol

log = logging.getLogger("tvox_panel.instance")


class Answerer(Protocol):
    def answer(self, line: bytes) -> dict[str, Any]: ...

    def subscribe(self, connection: LineConnection) -> dict[str, Any]: ...


def is_subscribe(line: bytes) -> bool:
    """True for ``{"cmd": "subscribe"}`` (and only for a well-formed one)."""
    if b"subscribe" not in line:
        return False
    try:
        request = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(request, dict) and request.get("cmd") == "subscribe"


def line_too_long() -> dict[str, Any]:
    """The answer to a request line over ``protocol.MAX_LINE_BYTES``."""
    return {
        "ok": False,
        "error": QCoreApplication.translate("CommandHandler", "request line too long"),
    }


def internal_error() -> dict[str, Any]:
    """The answer to a request whose handling failed in a way nobody foresaw."""
    return {
        "ok": False,
        "error": QCoreApplication.translate(
            "CommandHandler", "internal error; see the panel's log"
        ),
    }


def encode(answer: dict[str, Any]) -> bytes:
    """One answer as the line sent back."""
    return json.dumps(answer, ensure_ascii=False).encode() + b"\n"


#: Answers queued for a client that does not read them; past this it is dropped.
MAX_PENDING_BYTES = 1024 * 1024
#: While this much of its answers waits, a client's further requests stay unread.
PAUSE_READING_BYTES = 64 * 1024


class ConnectionLimits(NamedTuple):
    """How many clients may be connected at once, and how long one may say nothing.

    A CRM or a script connects, sends a line or a few, reads the answers and goes: far below
    these. The cap keeps the panel's descriptors for its own work (a dial opens a socket to
    the server) whatever a local client does.
    """

    max_connections: int = 32
    idle_ms: int = 5_000
    max_subscribers: int = 8


class Connections:
    """The open clients of one listener, the least recently active first.

    A client that has neither sent nor read anything for ``limits.idle_ms`` is closed by its
    own timer; one connecting past ``limits.max_connections`` closes the least recently
    active (the oldest idle) first.
    """

    def __init__(self, limits: ConnectionLimits) -> None:
        self.limits = limits
        self._open: OrderedDict[LineConnection, None] = OrderedDict()
        self._subscribers: set[LineConnection] = set()

    def subscribe(self, connection: LineConnection) -> bool:
        """Move ``connection`` to the subscribers (never idle, never evicted); False when full."""
        if connection in self._subscribers:
            return True
        if len(self._subscribers) >= max(0, self.limits.max_subscribers):
            return False
        self._open.pop(connection, None)
        self._subscribers.add(connection)
        return True

    def __len__(self) -> int:
        return len(self._open)

    def opened(self, connection: LineConnection) -> None:
        self._open[connection] = None
        while len(self._open) > max(1, self.limits.max_connections):
            oldest, _ = self._open.popitem(last=False)
            log.info("too many command clients; closing the one idle the longest")
            oldest.abort()

    def active(self, connection: LineConnection) -> None:
        if connection in self._open:
            self._open.move_to_end(connection)

    def closed(self, connection: LineConnection) -> None:
        self._open.pop(connection, None)
        self._subscribers.discard(connection)


class LineConnection(QObject):
    """One client: splits what it sends into lines and answers each one.

    The transport (a UNIX socket, or a named pipe on Windows) supplies ``send``, ``drop``,
    ``abort`` and ``connected``; it calls ``start`` once set up, ``active`` whenever data
    moves either way, ``feed`` with what arrives and ``finished`` once closed.
    """

    def __init__(self, server: Answerer, connections: Connections, parent: QObject) -> None:
        super().__init__(parent)
        self._server = server
        self._connections = connections
        self._buffer = bytearray()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(connections.limits.idle_ms)
        self._idle.timeout.connect(self._expired)
        self.subscribed = False
        self.gone = False  # closed by its transport (which may delete its Qt side soon)

    def start(self) -> None:
        """Count this client in (which may close the oldest idle one) and start its clock."""
        self._idle.start()
        self._connections.opened(self)

    def active(self) -> None:
        """Data moved: the client is not idle."""
        if self.subscribed:
            return
        self._idle.start()
        self._connections.active(self)

    def subscribe(self) -> bool:
        """Keep this client open to receive events; False when too many already do."""
        if not self._connections.subscribe(self):
            return False
        self.subscribed = True
        self._idle.stop()
        return True

    def finished(self) -> None:
        """The transport has closed the client."""
        self.gone = True
        self._idle.stop()
        self._connections.closed(self)

    def _expired(self) -> None:
        log.info("closing a command client that said nothing for %d ms", self._idle.interval())
        self.abort()

    def feed(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\n")) >= 0:
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            self.send(self._reply(line))
            if not self.connected():
                return
        if len(self._buffer) > protocol.MAX_LINE_BYTES:
            self.send(encode(line_too_long()))
            self.drop()

    def _reply(self, line: bytes) -> bytes:
        """Exactly one answer line for ``line``, whatever goes wrong in making it."""
        try:
            if len(line) > protocol.MAX_LINE_BYTES:
                return encode(line_too_long())
            if is_subscribe(line):
                return encode(self._server.subscribe(self))
            return encode(self._server.answer(line))
        except Exception:  # noqa: BLE001 - the client gets an answer, the panel carries on
            log.exception("a command line could not be answered")
            return encode(internal_error())

    def send(self, data: bytes) -> None:
        raise NotImplementedError

    def drop(self) -> None:
        """Read no more; close once the queued answers are sent."""
        raise NotImplementedError

    def abort(self) -> None:
        """Close at once, dropping whatever answers are still queued."""
        raise NotImplementedError

    def connected(self) -> bool:
        raise NotImplementedError
