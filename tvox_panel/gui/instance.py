"""One panel per user session: the local socket server and the hand-off command handler."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from .. import handoff
from ..numbers import NormalizeOptions, NumberError, first_number
from ..settings import Settings
from .messages import user_text
from .state import DialDecision, State, Status

log = logging.getLogger("tvox_panel.instance")

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def clipboard_text(selection: bool = False) -> str:
    """The clipboard text, or the primary selection when asked for and the system has one."""
    clipboard = QGuiApplication.clipboard()
    if selection and clipboard.supportsSelection():
        return clipboard.text(QClipboard.Mode.Selection)
    return clipboard.text(QClipboard.Mode.Clipboard)


def _probe(path: Path) -> bool:
    """True when something accepts connections on the socket file ``path``."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect(str(path))
        except OSError:
            return False
        return True


class _Connection(QObject):
    """One client: splits what it sends into lines and answers each one."""

    def __init__(self, sock: QLocalSocket, server: InstanceServer) -> None:
        super().__init__(server)
        self._sock = sock
        self._server = server
        self._buffer = bytearray()
        sock.setParent(self)
        sock.readyRead.connect(self._read)
        sock.disconnected.connect(self.deleteLater)

    @Slot()
    def _read(self) -> None:
        self._buffer += self._sock.readAll().data()
        while (end := self._buffer.find(b"\n")) >= 0:
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            if len(line) > handoff.MAX_LINE_BYTES:
                self._reply(
                    {
                        "ok": False,
                        "error": QCoreApplication.translate(
                            "CommandHandler", "request line too long"
                        ),
                    }
                )
                continue
            self._reply(self._server.answer(line))
            if self._sock.state() != QLocalSocket.LocalSocketState.ConnectedState:
                return
        if len(self._buffer) > handoff.MAX_LINE_BYTES:
            self._reply(
                {
                    "ok": False,
                    "error": QCoreApplication.translate("CommandHandler", "request line too long"),
                }
            )
            self._sock.disconnectFromServer()

    def _reply(self, answer: dict[str, Any]) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode() + b"\n"
        self._sock.write(QByteArray(data))
        self._sock.flush()


class InstanceServer(QObject):
    """Listens on the panel's local socket and answers hand-off requests, one JSON line each.

    Args:
        handler: Maps a request object to its answer (usually a :class:`CommandHandler`).
        name: The server name; defaults to :func:`tvox_panel.handoff.server_name`.

    Signals:
        command_received(dict): A well-formed request arrived (emitted before it is handled).
    """

    command_received = Signal(dict)

    def __init__(self, handler: Handler, name: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._handler = handler
        self._name = name if name is not None else handoff.server_name()
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    @property
    def name(self) -> str:
        return self._name

    def is_listening(self) -> bool:
        return self._server.isListening()

    def listen(self) -> bool:
        """Start listening; False when another panel already listens (or the socket fails)."""
        if sys.platform == "win32":
            if self._pipe_answers():
                return False
        else:
            path = Path(self._name)
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if path.exists() or path.is_symlink():
                if _probe(path):
                    log.info("another panel listens on %s", path)
                    return False
                log.info("removing the stale socket %s", path)
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        if not self._server.listen(self._name):
            log.warning("cannot listen on %s: %s", self._name, self._server.errorString())
            return False
        if sys.platform != "win32":
            os.chmod(self._name, 0o600)
        log.info("listening for commands on %s", self._name)
        return True

    def _pipe_answers(self) -> bool:
        """Windows: True when a panel already answers on the named pipe."""
        try:
            handoff.send(
                {"cmd": "status"}, timeout=1.0, path=Path(handoff.PIPE_PREFIX + self._name)
            )
        except handoff.HandoffError:
            return False
        return True

    def close(self) -> None:
        """Stop listening (the socket file is removed)."""
        self._server.close()

    @Slot()
    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            _Connection(sock, self)

    def answer(self, line: bytes) -> dict[str, Any]:
        """The answer to one request line."""
        try:
            request = json.loads(line)
        except ValueError:
            return {
                "ok": False,
                "error": QCoreApplication.translate(
                    "CommandHandler", "the request is not valid JSON"
                ),
            }
        if not isinstance(request, dict) or not isinstance(request.get("cmd"), str):
            return {"ok": False, "error": 'the request must be an object with a "cmd" string'}
        self.command_received.emit(request)
        try:
            return self._handler(request)
        except Exception:
            log.exception("command %r failed", request.get("cmd"))
            return {
                "ok": False,
                "error": QCoreApplication.translate(
                    "CommandHandler", "internal error; see the panel's log"
                ),
            }


class CommandSession(Protocol):
    """What :class:`CommandHandler` needs of the Session."""

    @property
    def status(self) -> Status: ...

    @property
    def settings(self) -> Settings: ...

    def dial(self, text: str) -> DialDecision: ...

    def hangup(self) -> bool: ...

    def set_recording(self, on: bool) -> None: ...


class CommandHandler:
    """Carries out hand-off requests on the Session, on the GUI thread.

    Args:
        session: The panel's Session.
        clipboard: Returns the clipboard text (``True``: the primary selection).
        show: Shows and raises the main window.
        quit: Quits the panel (called after the answer has been sent).
    """

    def __init__(
        self,
        session: CommandSession,
        *,
        clipboard: Callable[[bool], str] = clipboard_text,
        show: Callable[[], None] = lambda: None,
        quit: Callable[[], None] = QCoreApplication.quit,
    ) -> None:
        self._session = session
        self._clipboard = clipboard
        self._show = show
        self._quit = quit

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        cmd = request.get("cmd")
        if cmd == "dial":
            number = request.get("number")
            if not isinstance(number, str):
                return _error(
                    QCoreApplication.translate("CommandHandler", '"dial" needs a "number" string')
                )
            return self._dial_text(number)
        if cmd in ("dial_clipboard", "dial_selection"):
            return self._dial_clipboard(selection=cmd == "dial_selection")
        if cmd == "record":
            return self._record(request.get("mode"))
        if cmd == "hangup":
            if self._session.hangup():
                return _ok(QCoreApplication.translate("CommandHandler", "hanging up"))
            return _error(
                self._session.status.error
                or QCoreApplication.translate("CommandHandler", "there is no call to hang up")
            )
        if cmd == "show":
            self._show()
            return _ok(QCoreApplication.translate("CommandHandler", "panel shown"))
        if cmd == "quit":
            QTimer.singleShot(0, self._quit)
            return _ok(QCoreApplication.translate("CommandHandler", "quitting"))
        if cmd == "status":
            return {"ok": True, **self._session.status.to_json()}
        return _error(
            QCoreApplication.translate("CommandHandler", "unknown command: %1").replace(
                "%1", str(cmd)[:40]
            )
        )

    def _options(self) -> NormalizeOptions:
        settings = self._session.settings
        try:
            return NormalizeOptions(region=settings.region, international=settings.international)  # type: ignore[arg-type]
        except NumberError:
            return NormalizeOptions()

    def _dial_text(self, text: str) -> dict[str, Any]:
        from ..number_uris import parse_any

        try:
            target = parse_any(text, self._options())
        except NumberError as error:
            return _error(user_text(error))
        answer = self._dial(target.number)
        if answer["ok"] and target.extension:
            answer["message"] += QCoreApplication.translate(
                "CommandHandler", " (then extension %1)"
            ).replace("%1", target.extension)
        return answer

    def _dial(self, number: str) -> dict[str, Any]:
        decision = self._session.dial(number)
        if decision is DialDecision.STARTED:
            return _ok(
                QCoreApplication.translate("CommandHandler", "dialling %1").replace("%1", number),
                number=number,
            )
        if decision is DialDecision.NEEDS_CONFIRM:
            self._show()
            text = QCoreApplication.translate(
                "CommandHandler", "outcome of the last call to %1 is unknown; confirm in the panel"
            )
            return _error(text.replace("%1", number))
        if decision is DialDecision.IGNORED:
            return _error(
                QCoreApplication.translate(
                    "CommandHandler", "busy: a call is active or being placed"
                )
            )
        return _error(
            self._session.status.error
            or QCoreApplication.translate("CommandHandler", "the call was not placed")
        )

    def _dial_clipboard(self, *, selection: bool) -> dict[str, Any]:
        settings = self._session.settings
        text = self._clipboard(selection)
        number = first_number(
            text, settings.region, settings.find_min_digits, settings.find_max_digits
        )
        if number is None:
            if selection:
                text = QCoreApplication.translate(
                    "CommandHandler", "no phone number in the selection"
                )
            else:
                text = QCoreApplication.translate(
                    "CommandHandler", "no phone number in the clipboard"
                )
            return _error(text)
        return self._dial(number)

    def _record(self, mode: Any) -> dict[str, Any]:
        if mode not in handoff.RECORD_MODES:
            return _error(
                QCoreApplication.translate(
                    "CommandHandler", '"record" needs "mode": "on", "off" or "toggle"'
                )
            )
        status = self._session.status
        if status.state is not State.IN_CALL or status.call is None:
            return _error(
                QCoreApplication.translate("CommandHandler", "there is no call to record")
            )
        if status.call.rec_pending:
            return _error(
                QCoreApplication.translate(
                    "CommandHandler", "a recording request is already on its way"
                )
            )
        on = not status.recording if mode == "toggle" else mode == "on"
        if on == status.recording:
            return _ok(
                QCoreApplication.translate("CommandHandler", "already recording")
                if on
                else QCoreApplication.translate("CommandHandler", "not recording")
            )
        self._session.set_recording(on)
        return _ok(
            QCoreApplication.translate("CommandHandler", "starting the recording")
            if on
            else QCoreApplication.translate("CommandHandler", "stopping the recording")
        )


def _ok(message: str, **extra: Any) -> dict[str, Any]:
    return {"ok": True, "message": message, **extra}


def _error(text: str) -> dict[str, Any]:
    return {"ok": False, "error": text}
