"""The hand-off protocol both ends share: where the panel listens, the commands, the limits."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SOCKET_FILE_NAME = "panel.sock"
PIPE_PREFIX = "\\\\.\\pipe\\"
MAX_LINE_BYTES = 64 * 1024
COMMANDS = frozenset(
    {
        "dial",
        "dial_text",
        "dial_clipboard",
        "dial_selection",
        "record",
        "hangup",
        "show",
        "quit",
        "status",
    }
)
RECORD_MODES = ("on", "off", "toggle")
#: What ``{"cmd": "subscribe"}`` streams, one JSON object per line (README: the event stream).
EVENTS = ("call_started", "call_ended", "recording", "recording_verified", "state")
URI_SCHEMES = ("tel:", "callto:", "sip:", "sips:")


def is_windows() -> bool:
    return sys.platform == "win32"


def _pipe_name() -> str:
    user = os.environ.get("USERNAME") or os.environ.get("USER") or "user"
    safe = "".join(char if char.isalnum() or char in "-_." else "_" for char in user)
    return f"tvox-panel-{safe}"


def socket_path() -> Path:
    """Where the panel listens: ``<runtime dir>/panel.sock``, or the named pipe on Windows."""
    if is_windows():
        return Path(PIPE_PREFIX + _pipe_name())
    from tvox_panel.config import paths

    return paths.runtime_dir() / SOCKET_FILE_NAME


def server_name() -> str:
    """The name the panel listens on: the socket path, or the pipe name on Windows."""
    return _pipe_name() if is_windows() else str(socket_path())
