"""A notification service on the test's private session bus (conftest: ``session_bus``)."""

from __future__ import annotations

import threading
from typing import Any

from tvox_panel.desktop import notify as desktop


class NotificationServer:
    """A small org.freedesktop.Notifications that records what it was sent."""

    def __init__(self) -> None:
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        self.received: list[tuple[str, tuple[Any, ...]]] = []
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._conn = open_dbus_connection(bus="SESSION")
        self._conn.send_and_get_reply(message_bus.RequestName(desktop.SERVICE))
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        from jeepney import new_method_return
        from jeepney.low_level import HeaderFields, MessageType

        while not self._stop.is_set():
            try:
                msg = self._conn.receive(timeout=0.2)
            except TimeoutError:
                continue
            if msg.header.message_type is MessageType.method_call:
                signature = msg.header.fields.get(HeaderFields.signature, "")
                self.received.append((signature, msg.body))
                self._conn.send(new_method_return(msg, "u", (len(self.received),)))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._conn.close()
