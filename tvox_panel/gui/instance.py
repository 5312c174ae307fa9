"""One panel per user session: the local socket server and the hand-off command handler."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

from .. import handoff
from ..numbers import NormalizeOptions, NumberError, first_number
from ..settings import Settings
from .messages import user_text
from .state import DialDecision, State, Status

log = logging.getLogger("tvox_panel.instance")

Handler = Callable[[dict[str, Any]], dict[str, Any]]
MAX_PENDING_BYTES = 1024 * 1024  # answers queued for a client that does not read them
PAUSE_READING_BYTES = 64 * 1024  # stop reading a client's requests while this much waits
ACCEPT_PAUSE_MS = 1000  # after accept() fails for want of descriptors or memory


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


def _probe(path: Path) -> bool:
    """True unless the socket file ``path`` is certainly dead (gone, or nobody listens).

    A panel that is busy (its queue of waiting connections full, or slow to accept) still
    counts as running: only a refused connection or a missing file may be replaced.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError):
            return False
        except OSError as error:
            log.info("the panel on %s is busy (%s); leaving it be", path, error)
        return True


def _too_long() -> dict[str, Any]:
    return {
        "ok": False,
        "error": QCoreApplication.translate("CommandHandler", "request line too long"),
    }


class _Connection(QObject):
    """One client: splits what it sends into lines and answers each one.

    The transport (a UNIX socket, or a named pipe on Windows) supplies ``send``, ``drop``
    and ``connected``, and calls ``feed`` with what arrives.
    """

    def __init__(self, server: InstanceServer) -> None:
        super().__init__(server)
        self._server = server
        self._buffer = bytearray()

    def feed(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\n")) >= 0:
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            too_long = len(line) > handoff.MAX_LINE_BYTES
            answer = _too_long() if too_long else self._server.answer(line)
            self.send(json.dumps(answer, ensure_ascii=False).encode() + b"\n")
            if not self.connected():
                return
        if len(self._buffer) > handoff.MAX_LINE_BYTES:
            self.send(json.dumps(_too_long(), ensure_ascii=False).encode() + b"\n")
            self.drop()

    def send(self, data: bytes) -> None:
        raise NotImplementedError

    def drop(self) -> None:
        raise NotImplementedError

    def connected(self) -> bool:
        raise NotImplementedError


class _UnixConnection(_Connection):
    """A client on the UNIX socket, served from Qt's event loop through socket notifiers.

    One ``recv`` per wake-up (the notifier fires again while data remains), so a chatty
    client cannot hold the GUI thread. Answers queue in memory while the client is not
    reading; past ``PAUSE_READING_BYTES`` its further requests wait unread until it catches
    up, and a client that still lets ``MAX_PENDING_BYTES`` pile up is dropped.
    """

    def __init__(self, sock: socket.socket, server: InstanceServer) -> None:
        super().__init__(server)
        self._sock: socket.socket | None = sock
        self._out = bytearray()
        self._closing = False
        sock.setblocking(False)
        self._reader = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._reader.activated.connect(self._readable)
        self._writer = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Write, self)
        self._writer.setEnabled(False)
        self._writer.activated.connect(self._flush)

    def _readable(self) -> None:
        if self._sock is None:
            return
        try:
            data = self._sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self._close()
            return
        if not data:  # the client has sent all it will: answer what is queued, then close
            self.drop()
            return
        self.feed(data)

    def send(self, data: bytes) -> None:
        if self._sock is None:
            return
        self._out += data
        if len(self._out) > MAX_PENDING_BYTES:
            log.warning("a command client stopped reading its answers; dropping it")
            self._close()
            return
        self._flush()

    def _flush(self) -> None:
        if self._sock is None:
            return
        try:
            while self._out:
                del self._out[: self._sock.send(self._out)]
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:  # the client went away
            self._close()
            return
        self._writer.setEnabled(bool(self._out))
        if self._closing:
            if not self._out:
                self._close()
            return
        self._reader.setEnabled(len(self._out) <= PAUSE_READING_BYTES)

    def drop(self) -> None:
        """Read no more; close once the queued answers are sent."""
        if self._sock is None:
            return
        self._closing = True
        self._reader.setEnabled(False)
        if not self._out:
            self._close()

    def _close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        self._reader.setEnabled(False)  # before the descriptor goes away
        self._writer.setEnabled(False)
        sock.close()
        self.deleteLater()

    def connected(self) -> bool:
        return self._sock is not None and not self._closing


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (created owner-only) for the block.

    Where no lock can be had (a file system without locks), the block runs unlocked: the
    lock only closes a narrow race between two panels starting together.
    """
    import fcntl

    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        log.warning("no lock file %s: %s", lock_path, error)
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as error:
            log.warning("cannot lock %s: %s", lock_path, error)
        yield
    finally:
        os.close(fd)  # releases the lock


class _UnixListener(QObject):
    """The panel's UNIX socket: private to its owner, stale files from a crash replaced.

    Checking for a running panel, replacing a stale file and listening happen under a lock
    file beside the socket, so two panels starting together cannot both listen.
    """

    def __init__(self, path: Path, server: InstanceServer) -> None:
        super().__init__(server)
        self._path = path
        self._server = server
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._inode: int | None = None

    def listen(self) -> bool:
        path = self._path
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with _exclusive(self._lock_path()):
            if path.exists() or path.is_symlink():
                if _probe(path):
                    log.info("another panel listens on %s", path)
                    return False
                log.info("removing the stale socket %s", path)
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.bind(str(path))
                os.chmod(path, 0o600)
                sock.listen(16)
                self._inode = path.stat().st_ino
            except OSError as error:
                sock.close()
                log.warning("cannot listen on %s: %s", path, error)
                return False
        sock.setblocking(False)
        self._sock = sock
        self._notifier = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._accept)
        return True

    def _accept(self) -> None:
        while self._sock is not None:
            try:
                client, _ = self._sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionAbortedError:  # the client gave up before we got to it
                continue
            except OSError as error:
                # Out of descriptors or memory: the socket stays readable, so waiting for the
                # next wake-up would spin. Pause, then try again.
                log.warning("cannot accept commands for %d ms: %s", ACCEPT_PAUSE_MS, error)
                if self._notifier is not None:
                    self._notifier.setEnabled(False)
                QTimer.singleShot(ACCEPT_PAUSE_MS, self._resume)
                return
            _UnixConnection(client, self._server)

    def _resume(self) -> None:
        if self._sock is not None and self._notifier is not None:
            self._notifier.setEnabled(True)

    def is_listening(self) -> bool:
        return self._sock is not None

    def close(self) -> None:
        """Remove the socket file (if it is still ours), then stop listening.

        In that order, and under the lock: a panel starting meanwhile either still finds
        this one, or finds no file and makes its own, which this one then leaves alone.
        """
        sock, self._sock = self._sock, None
        if sock is None:
            return
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        with _exclusive(self._lock_path()), contextlib.suppress(FileNotFoundError):
            if self._path.stat().st_ino == self._inode:
                self._path.unlink()
        sock.close()

    def _lock_path(self) -> Path:
        return self._path.with_name(self._path.name + ".lock")


class InstanceServer(QObject):
    """Listens on the panel's local socket and answers hand-off requests, one JSON line each.

    On Linux and macOS this is a UNIX socket served by Python's ``socket`` module through Qt's
    event loop; on Windows a named pipe (``QLocalServer``, so QtNetwork loads only there).

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
            from ._pipe_server import PipeListener

            self._listener: _Listener = PipeListener(self._name, self)
        else:
            self._listener = _UnixListener(Path(self._name), self)

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
