"""Desktop notifications over D-Bus (``org.freedesktop.Notifications``), for desktops
without a tray, such as stock GNOME (no Qt).

Sent with jeepney, a pure-Python D-Bus library (keyring's own on Linux): the message needs
D-Bus's exact types (``replaces_id`` is an unsigned 32-bit integer, ``actions`` an array of
strings), which PySide6's QtDBus cannot express from Python values.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger("tvox_panel.notify")

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "TVox Panel"
APP_ICON = "tvox-panel"
REPLY_TIMEOUT = 2.0


def notify(title: str, body: str, *, urgent: bool = False, timeout_ms: int = -1) -> bool:
    """Show a notification through the session bus; False when there is none to show it.

    Blocks for at most a couple of seconds: call it off the GUI thread.
    """
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    try:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection
        from jeepney.low_level import MessageType
    except ImportError:
        return False
    address = DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE)
    hints = {"urgency": ("y", 2 if urgent else 1), "desktop-entry": ("s", APP_ICON)}
    message = new_method_call(
        address,
        "Notify",
        "susssasa{sv}i",
        (APP_NAME, 0, APP_ICON, title, body, [], hints, timeout_ms),
    )
    try:
        with open_dbus_connection(bus="SESSION") as connection:
            reply = connection.send_and_get_reply(message, timeout=REPLY_TIMEOUT)
    except Exception as error:  # noqa: BLE001 - no bus, no server, a timeout: not shown
        log.info("no desktop notification service: %s", error)
        return False
    if reply.header.message_type is MessageType.error:
        log.info("the notification service refused: %s", reply.body)
        return False
    return True
