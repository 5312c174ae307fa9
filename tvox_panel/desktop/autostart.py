"""Start when I log in: an XDG autostart entry, the per-user Run key, or a LaunchAgent.

The entry starts the panel minimised to the tray. The operating system's own record is the
truth (a user may remove it outside the panel): :func:`is_enabled` reads it back.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import platformdirs

from tvox_panel.desktop.handlers import desktop_exec, panel_command

ENTRY_NAME = "tvox-panel.desktop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "TVox Panel"
AGENT_LABEL = "it.tvoxpanel.TVoxPanel"
START_OPTION = "--minimized"


def _command() -> list[str]:
    return [*panel_command(), START_OPTION]


def xdg_entry_path() -> Path:
    """``$XDG_CONFIG_HOME/autostart/tvox-panel.desktop``."""
    return platformdirs.user_config_path() / "autostart" / ENTRY_NAME


def launch_agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"


def xdg_entry(command: Sequence[str]) -> str:
    """An autostart desktop entry that starts ``command``."""
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=TVox Panel\n"
        "Comment=Click-to-dial and call recording for TVox\n"
        f"Exec={desktop_exec(command)}\n"
        "Icon=tvox-panel\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _windows_command(command: Sequence[str]) -> str:
    import subprocess

    return subprocess.list2cmdline(list(command))


def is_enabled(*, platform: str | None = None, winreg_module: Any = None) -> bool:
    """True when the panel starts at login for this user."""
    platform = platform or sys.platform
    if platform == "win32":
        reg = winreg_module or _winreg()
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
                reg.QueryValueEx(key, RUN_VALUE)
        except OSError:
            return False
        return True
    if platform == "darwin":
        return launch_agent_path().is_file()
    path = xdg_entry_path()
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8", errors="replace")
    return "Hidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text


def set_enabled(on: bool, *, platform: str | None = None, winreg_module: Any = None) -> None:
    """Start the panel at login (``on``) or not. Unticking removes what ticking wrote.

    Raises:
        OSError: the entry could not be written or removed.
    """
    platform = platform or sys.platform
    command = _command()
    if platform == "win32":
        reg = winreg_module or _winreg()
        with reg.CreateKey(reg.HKEY_CURRENT_USER, RUN_KEY) as key:
            if on:
                reg.SetValueEx(key, RUN_VALUE, 0, reg.REG_SZ, _windows_command(command))
            else:
                with contextlib.suppress(FileNotFoundError):
                    reg.DeleteValue(key, RUN_VALUE)
        return
    if platform == "darwin":
        path = launch_agent_path()
        if on:
            path.parent.mkdir(parents=True, exist_ok=True)
            agent = {"Label": AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True}
            _write(path, plistlib.dumps(agent))
        else:
            path.unlink(missing_ok=True)
        return
    path = xdg_entry_path()
    if on:
        path.parent.mkdir(parents=True, exist_ok=True)
        _write(path, xdg_entry(command).encode())
    else:
        path.unlink(missing_ok=True)


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step: a half-written entry would start nothing."""
    temp = path.with_name(path.name + ".tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def _winreg() -> Any:
    import winreg

    return winreg
