"""The window's words for the panel's state: the call line and the status line.

Pure functions of a :class:`~tvox_panel.gui.state.Status`, in the window's translation
context ("MainWindow"), so the window only places them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from tvox_panel.gui.state import State, Status


def call_state_text(status: Status, display: Callable[[str], str]) -> str:
    """What the call controls say: calling whom, in call with whom, ready, or nothing.

    ``display`` turns a number into the form shown to the agent.
    """
    if status.state == State.DIALING:
        return QCoreApplication.translate("MainWindow", "Calling %1…").replace(
            "%1", display(status.dialing_number)
        )
    if status.state == State.IN_CALL and status.call is not None:
        who = display(status.call.number)
        if status.call.inbound:
            return QCoreApplication.translate("MainWindow", "In call from %1").replace("%1", who)
        return QCoreApplication.translate("MainWindow", "In call with %1").replace("%1", who)
    if status.state == State.READY:
        return QCoreApplication.translate("MainWindow", "Ready")
    return ""


def status_line(status: Status, configured: bool, needs_login: bool = False) -> str:
    """The status bar: offline (and what to do about it), connecting, or who is logged in where.

    ``needs_login``: a password is missing or was refused, so "Log in" is the way back;
    otherwise "Reconnect".
    """
    if status.state == State.OFFLINE:
        if not configured:
            return QCoreApplication.translate(
                "MainWindow", "Offline: set the server and user in Settings (Ctrl+,)"
            )
        if needs_login:
            return QCoreApplication.translate(
                "MainWindow", "Offline: log in with Panel › Log in… (Ctrl+L)"
            )
        return QCoreApplication.translate(
            "MainWindow", "Offline: reconnect with Panel › Reconnect (Ctrl+L)"
        )
    if status.state == State.CONNECTING:
        server = status.server or QCoreApplication.translate("MainWindow", "server")
        return QCoreApplication.translate("MainWindow", "Connecting to %1…").replace("%1", server)
    name = status.display_name or status.user
    text = (
        QCoreApplication.translate("MainWindow", "Logged in as %1 on %2")
        .replace("%1", name)
        .replace("%2", status.server)
    )
    if status.role:
        text += f" ({status.role})"
    if status.agent and status.agent != status.user:
        text += " · " + QCoreApplication.translate("MainWindow", "calls ring %1").replace(
            "%1", status.agent
        )
    return text
