"""The application icon and the state icons of the tray, loaded from the bundled SVG files."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from tvox_panel.gui.state import State, Status
from tvox_panel.resources import resource_path

APP_ICON = "tvox-panel.svg"
OFFLINE_ICON = "state-offline.svg"
READY_ICON = "state-ready.svg"
IN_CALL_ICON = "state-in-call.svg"
RECORDING_ICON = "state-recording.svg"
CALL_OUT_ICON = "call-out.svg"
CALL_IN_ICON = "call-in.svg"

# Besides colour, each state has its own shape: a slash (offline), the bare handset (ready),
# sound waves (dialling, in call) and a dot (recording).
_STATE_ICONS: dict[State, str] = {
    State.OFFLINE: OFFLINE_ICON,
    State.CONNECTING: OFFLINE_ICON,
    State.READY: READY_ICON,
    State.DIALING: IN_CALL_ICON,
    State.IN_CALL: IN_CALL_ICON,
}


def icon_name(status: Status) -> str:
    """The file name of the icon that shows ``status``."""
    if status.state is State.IN_CALL and status.recording:
        return RECORDING_ICON
    return _STATE_ICONS[status.state]


def _load(name: str) -> QIcon:
    return QIcon(str(resource_path("icons", name)))


def state_icon(status: Status) -> QIcon:
    """The tray icon for ``status``."""
    return _load(icon_name(status))


def app_icon() -> QIcon:
    """The application icon (window, task bar, desktop entry)."""
    return _load(APP_ICON)


def direction_icon(inbound: bool) -> QIcon:
    """The arrow beside a number in the call log: blue leaving (outgoing), green arriving."""
    return _load(CALL_IN_ICON if inbound else CALL_OUT_ICON)
