"""Linux and macOS: the panel's command socket, a UNIX socket served through Qt's event loop.

Python's ``socket`` module and ``QSocketNotifier`` do what ``QLocalServer`` would, without
loading QtNetwork. The socket file is private to its owner (0600 in a 0700 directory), a stale
file from a crashed panel is replaced, and two panels starting together cannot both listen.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from tvox_panel.handoff.lines import (
    MAX_PENDING_BYTES,
    PAUSE_READING_BYTES,
    Answerer,
    ConnectionLimits,
    Connections,
    LineConnection,
)

log = logging.getLogger("tvox_panel.instance")

ACCEPT_PAUSE_MS = 1000  # after accept() fails for want of descriptors or memory


def probe(path: Path) -> bool:
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


class UnixConnection(LineConnection):
    """A client on the UNIX socket, served from Qt's event loop through socket notifiers.

    One ``recv`` per wake-up (the notifier fires again while data remains), so a chatty
    client cannot hold the GUI thread. Answers queue in memory while the client is not
    reading; past ``PAUSE_READING_BYTES`` its further requests wait unread until it catches
    up, and a client that still lets ``MAX_PENDING_BYTES`` pile up is dropped.
    """

    def __init__(
        self, sock: socket.socket, server: Answerer, connections: Connections, parent: QObject
    ) -> None:
        super().__init__(server, connections, parent)
        self._sock: socket.socket | None = sock
        self._out = bytearray()
        self._closing = False
        sock.setblocking(False)
        self._reader = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Read, self)
        self._reader.activated.connect(self._readable)
        self._writer = QSocketNotifier(sock.fileno(), QSocketNotifier.Type.Write, self)
        self._writer.setEnabled(False)
        self._writer.activated.connect(self._flush)
        self.start()

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
        self.active()
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
                self.active()
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

    def abort(self) -> None:
        self._close()

    def _close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is None:
            return
        self._reader.setEnabled(False)  # before the descriptor goes away
        self._writer.setEnabled(False)
        sock.close()
        self.finished()
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


class UnixListener(QObject):
    """The panel's UNIX socket: private to its owner, stale files from a crash replaced.

    Checking for a running panel, replacing a stale file and listening happen under a lock
    file beside the socket, so two panels starting together cannot both listen. Its clients
    are held to ``limits``.
    """

    def __init__(
        self, path: Path, server: Answerer, parent: QObject, limits: ConnectionLimits
    ) -> None:
        super().__init__(parent)
        self._path = path
        self._server = server
        self._connections = Connections(limits)
        self._sock: socket.socket | None = None
        self._notifier: QSocketNotifier | None = None
        self._inode: int | None = None

    def listen(self) -> bool:
        path = self._path
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with _exclusive(self._lock_path()):
            if path.exists() or path.is_symlink():
                if probe(path):
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
            UnixConnection(client, self._server, self._connections, self)

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
