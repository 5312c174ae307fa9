"""One panel per user session: the command server and the hand-off command handler.

The transports live beside it: ``unix_server`` (Linux, macOS) and ``pipe_server`` (Windows),
both speaking the line protocol of ``lines``.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from .. import handoff
from ..numbers import NormalizeOptions, NumberError, first_number
from ..settings import Settings
from .messages import user_text
from .state import DialDecision, State, Status

log = logging.getLogger("tvox_panel.instance")

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class _Listener(Protocol):
    def listen(self) -> bool: ...
    def is_listening(self) -> bool: ...
    def close(self) -> None: ...


def clipboard_text(selection: bool = False) -> str:
    """The clipboard text, or the primary selection when asked for and the system has one."""
    clipboard = QGuiApplication.clipboard()
    if selection and clipboard.supportsSelection():
        return clipboard.text(QClipboard.Mode.Selection)
    return clipboard.text(QClipboard.Mode.Clipboard)


class InstanceServer(QObject):
    """Listens on the panel's local socket and answers hand-off requests, one JSON line each.

    On Linux and macOS this is a UNIX socket served by Python's ``socket`` module through Qt's
    event loop (``unix_server``); on Windows a named pipe through ``QLocalServer``
    (``pipe_server``, so QtNetwork loads only there).

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
        if sys.platform == "win32":
            from .pipe_server import PipeListener

            self._listener: _Listener = PipeListener(self._name, self, self)
        else:
            from .unix_server import UnixListener

            self._listener = UnixListener(Path(self._name), self, self)

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
        """Stop listening (the socket file is removed)."""
        self._listener.close()

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
