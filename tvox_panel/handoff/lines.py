"""The hand-off protocol on any local transport: one JSON object per line each way.

A transport (the UNIX socket in ``unix_server``, the Windows named pipe in ``pipe_server``)
subclasses :class:`LineConnection`, feeds it what arrives and supplies ``send``, ``drop`` and
``connected``; the answers come from the :class:`Answerer` (the panel's ``InstanceServer``).
"""

from __future__ import annotations

import json
import logging
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject

from tvox_panel.handoff import protocol

log = logging.getLogger("tvox_panel.instance")


class Answerer(Protocol):
    def answer(self, line: bytes) -> dict[str, Any]: ...


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
            return encode(self._server.answer(line))
        except Exception:  # noqa: BLE001 - the client gets an answer, the panel carries on
            log.exception("a command line could not be answered")
            return encode(internal_error())

    def send(self, data: bytes) -> None:
        raise NotImplementedError

    def drop(self) -> None:
        raise NotImplementedError

    def connected(self) -> bool:
        raise NotImplementedError
