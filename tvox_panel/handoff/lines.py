"""The hand-off protocol on any local transport: one JSON object per line each way.

A transport (the UNIX socket in ``unix_server``, the Windows named pipe in ``pipe_server``)
subclasses :class:`LineConnection`, feeds it what arrives and supplies ``send``, ``drop`` and
``connected``; the answers come from the :class:`Answerer` (the panel's ``InstanceServer``).
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject

from tvox_panel.handoff import protocol


class Answerer(Protocol):
    def answer(self, line: bytes) -> dict[str, Any]: ...


def line_too_long() -> dict[str, Any]:
    """The answer to a request line over ``protocol.MAX_LINE_BYTES``."""
    return {
        "ok": False,
        "error": QCoreApplication.translate("CommandHandler", "request line too long"),
    }


class LineConnection(QObject):
    """One client: splits what it sends into lines and answers each one.

    The transport (a UNIX socket, or a named pipe on Windows) supplies ``send``, ``drop``
    and ``connected``, and calls ``feed`` with what arrives.
    """

    def __init__(self, server: Answerer, parent: QObject) -> None:
        super().__init__(parent)
        self._server = server
        self._buffer = bytearray()

    def feed(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\n")) >= 0:
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            oversized = len(line) > protocol.MAX_LINE_BYTES
            answer = line_too_long() if oversized else self._server.answer(line)
            self.send(json.dumps(answer, ensure_ascii=False).encode() + b"\n")
            if not self.connected():
                return
        if len(self._buffer) > protocol.MAX_LINE_BYTES:
            self.send(json.dumps(line_too_long(), ensure_ascii=False).encode() + b"\n")
            self.drop()

    def send(self, data: bytes) -> None:
        raise NotImplementedError

    def drop(self) -> None:
        raise NotImplementedError

    def connected(self) -> bool:
        raise NotImplementedError
