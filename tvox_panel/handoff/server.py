"""The panel's end of the hand-off: one listener per user session, one answer per line.

The transports live beside it: ``unix_server`` (Linux, macOS) and ``pipe_server`` (Windows),
both speaking the line protocol of ``lines``. What a command does is the handler's business
(``tvox_panel.gui.commands``): this end only parses lines and guards the panel from them.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from tvox_panel.handoff.lines import ConnectionLimits, LineConnection, encode, internal_error
from tvox_panel.handoff.protocol import EVENTS, server_name

log = logging.getLogger("tvox_panel.instance")

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class _Listener(Protocol):
    def listen(self) -> bool: ...
    def is_listening(self) -> bool: ...
    def close(self) -> None: ...


class InstanceServer(QObject):
    """Listens on the panel's local socket and answers hand-off requests, one JSON line each.

    On Linux and macOS this is a UNIX socket served by Python's ``socket`` module through Qt's
    event loop (``unix_server``); on Windows a named pipe through ``QLocalServer``
    (``pipe_server``, so QtNetwork loads only there).

    Every request line gets exactly one answer line, whatever it holds. Clients silent for
    longer than ``limits.idle_ms`` are closed, and past ``limits.max_connections`` the one
    idle the longest makes room for a new one.

    Args:
        handler: Maps a request object to its answer (usually a :class:`CommandHandler`).
        name: The server name; defaults to :func:`tvox_panel.handoff.protocol.server_name`.
        limits: How many clients at once, and how long one may stay silent.
        transport: ``"pipe"`` (``QLocalServer``, a UNIX socket outside Windows) or ``"unix"``;
            by default the platform's.

    Signals:
        command_received(dict): A well-formed request arrived (emitted before it is handled).
    """

    # object, not dict: Qt would convert the dict and fail on values it cannot hold
    # (an integer beyond 64 bits).
    command_received = Signal(object)

    def __init__(
        self,
        handler: Handler,
        name: str | None = None,
        parent: QObject | None = None,
        *,
        limits: ConnectionLimits | None = None,
        transport: Literal["pipe", "unix"] | None = None,
    ):
        super().__init__(parent)
        self._handler = handler
        self._subscribers: list[LineConnection] = []
        self._name = name if name is not None else server_name()
        bounds = limits if limits is not None else ConnectionLimits()
        transport = transport or ("pipe" if sys.platform == "win32" else "unix")
        if transport not in ("pipe", "unix"):
            raise ValueError(f"unknown transport {transport!r}")
        if transport == "pipe":
            from tvox_panel.handoff.pipe_server import PipeListener

            self._listener: _Listener = PipeListener(self._name, self, self, bounds)
        else:
            from tvox_panel.handoff.unix_server import UnixListener

            self._listener = UnixListener(Path(self._name), self, self, bounds)

    @property
    def name(self) -> str:
        return self._name

    def is_listening(self) -> bool:
        return self._listener.is_listening()

    def listen(self) -> bool:
        """Start listening; False when another panel already listens (or the socket fails)."""
        if not self._listener.listen():
            return False
        log.info("listening for commands on %s", self._name)
        return True

    def close(self) -> None:
        """Stop listening (the socket file is removed) and end the event streams."""
        self._listener.close()
        for connection in self._subscribers:
            if not connection.gone:
                connection.drop()  # what is queued goes out, then the subscriber sees the end
        self._subscribers = []

    def subscribe(self, connection: LineConnection) -> dict[str, Any]:
        """Keep ``connection`` open and write it one JSON line per event from now on."""
        if not connection.subscribe():
            return {
                "ok": False,
                "error": QCoreApplication.translate("CommandHandler", "too many event subscribers"),
            }
        if connection not in self._subscribers:
            self._subscribers.append(connection)
        return {"ok": True, "subscribed": True, "events": list(EVENTS)}

    def publish(self, event: dict[str, Any]) -> None:
        """Write ``event`` to every subscriber; one that stopped reading is dropped by its
        transport once its queue is full, so none can slow the panel."""
        data = encode(event)
        alive = []
        for connection in self._subscribers:
            if not connection.gone and connection.connected():
                connection.send(data)
                if not connection.gone and connection.connected():
                    alive.append(connection)
        self._subscribers = alive

    @property
    def subscriber_count(self) -> int:
        return sum(1 for c in self._subscribers if not c.gone and c.connected())

    def answer(self, line: bytes) -> dict[str, Any]:
        """The answer to one request line; never raises (short of the interpreter quitting)."""
        try:
            request = json.loads(line)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, nested too deep
            return {
                "ok": False,
                "error": QCoreApplication.translate(
                    "CommandHandler", "the request is not valid JSON"
                ),
            }
        if not isinstance(request, dict) or not isinstance(request.get("cmd"), str):
            return {
                "ok": False,
                "error": QCoreApplication.translate(
                    "CommandHandler", 'the request must be an object with a "cmd" string'
                ),
            }
        try:
            self.command_received.emit(request)
            return self._handler(request)
        except Exception:
            log.exception("command %r failed", request["cmd"][:40])
            return internal_error()
