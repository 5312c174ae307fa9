"""Windows: the panel's command server on a named pipe (``QLocalServer``).

The panel imports this module on Windows alone, so QtNetwork is loaded there only; Linux and
macOS serve the same protocol on a UNIX socket (``unix_server``). Elsewhere ``QLocalServer``
serves a UNIX socket, which is how the tests run this transport on every platform.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QMetaObject, QObject, Qt, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from tvox_panel.handoff import client, protocol
from tvox_panel.handoff.lines import (
    MAX_PENDING_BYTES,
    PAUSE_READING_BYTES,
    Answerer,
    ConnectionLimits,
    Connections,
    LineConnection,
)

log = logging.getLogger("tvox_panel.instance")


class _PipeConnection(LineConnection):
    """A client on the pipe, held to the same bounds as one on a UNIX socket.

    Qt buffers at most ``PAUSE_READING_BYTES`` of its requests, and one chunk is read per
    turn of the event loop, so a chatty client cannot hold the GUI thread. While more than that
    of its answers waits unread, its further requests stay in the pipe (which holds the client
    back) until it catches up, and a client that still lets ``MAX_PENDING_BYTES`` pile up is
    dropped. Reading resumes on a later turn, never inside a write: a write may happen while
    the panel is busy with something else (an event sent to every subscriber).
    """

    def __init__(
        self, sock: QLocalSocket, server: Answerer, connections: Connections, parent: QObject
    ) -> None:
        super().__init__(server, connections, parent)
        self._sock = sock
        self._read_due = False
        sock.setParent(self)
        sock.setReadBufferSize(PAUSE_READING_BYTES)
        sock.readyRead.connect(self._readable)
        sock.bytesWritten.connect(self._written)
        sock.disconnected.connect(self._closed)
        self.start()

    @Slot()
    def _readable(self) -> None:
        self._read_due = False
        if self.gone or self._sock.bytesToWrite() > PAUSE_READING_BYTES:
            return  # read on once the client has taken its answers (``_written``)
        data = bytes(self._sock.read(PAUSE_READING_BYTES).data())
        if data:
            self.active()
            self.feed(data)
        self._read_later()  # what Qt already holds gets no second readyRead

    def _written(self, _count: int) -> None:
        self.active()
        self._read_later()

    def _read_later(self) -> None:
        if (
            not self._read_due
            and not self.gone
            and self._sock.bytesAvailable()
            and self._sock.bytesToWrite() <= PAUSE_READING_BYTES
        ):
            self._read_due = True
            QMetaObject.invokeMethod(self, "_readable", Qt.ConnectionType.QueuedConnection)

    def _closed(self) -> None:
        if self.gone:
            return
        self.finished()
        self.deleteLater()

    def send(self, data: bytes) -> None:
        if self.gone:
            return
        if self._sock.bytesToWrite() + len(data) > MAX_PENDING_BYTES:
            log.warning("a command client stopped reading its answers; dropping it")
            self.abort()
            return
        self._sock.write(QByteArray(data))
        self._sock.flush()

    def drop(self) -> None:
        self._sock.disconnectFromServer()

    def abort(self) -> None:
        self._sock.abort()
        self._closed()

    def connected(self) -> bool:
        return not self.gone and self._sock.state() == QLocalSocket.LocalSocketState.ConnectedState


class PipeListener(QObject):
    """Listens on the pipe ``name`` unless a panel already answers there.

    Its clients are held to ``limits``.
    """

    def __init__(
        self, name: str, server: Answerer, parent: QObject, limits: ConnectionLimits
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._server = server
        self._connections = Connections(limits)
        self._local = QLocalServer(self)
        self._local.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._local.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self._pipe_answers():
            return False
        if not self._local.listen(self._name):
            log.warning("cannot listen on %s: %s", self._name, self._local.errorString())
            return False
        return True

    def _pipe_answers(self) -> bool:
        """True unless no panel is there: a busy or slow one must not get a twin."""
        try:
            client.send(
                {"cmd": "status"}, timeout=1.0, path=Path(protocol.PIPE_PREFIX + self._name)
            )
        except client.NoPanel:
            return False
        except client.HandoffError as error:
            log.info("a panel holds %s but is busy (%s); leaving it be", self._name, error)
        return True

    def _accept(self) -> None:
        while self._local.hasPendingConnections():
            _PipeConnection(
                self._local.nextPendingConnection(), self._server, self._connections, self
            )

    def is_listening(self) -> bool:
        return self._local.isListening()

    def close(self) -> None:
        self._local.close()
