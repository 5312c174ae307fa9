"""Start at login on each system, and notifications through the desktop's D-Bus service."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from dbus_session import NotificationServer

from tvox_panel.desktop import autostart
from tvox_panel.desktop import notify as desktop


def test_linux_autostart_entry_starts_the_panel_minimised_and_unticking_removes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert not autostart.is_enabled(platform="linux")
    autostart.set_enabled(True, platform="linux")
    entry = tmp_path / "config" / "autostart" / "tvox-panel.desktop"
    text = entry.read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" --minimized")
    assert autostart.is_enabled(platform="linux")
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    autostart.set_enabled(False, platform="linux")
    assert not entry.exists()
    assert not autostart.is_enabled(platform="linux")


def test_an_entry_the_desktop_disabled_counts_as_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    autostart.set_enabled(True, platform="linux")
    entry = autostart.xdg_entry_path()
    entry.write_text(entry.read_text() + "Hidden=true\n")
    assert not autostart.is_enabled(platform="linux")


class FakeWinreg:
    """The per-user registry: a real one cannot run here."""

    HKEY_CURRENT_USER = "HKCU"
    REG_SZ = 1

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    class _Key:
        def __init__(self, path: str) -> None:
            self.path = path

        def __enter__(self) -> Any:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    def OpenKey(self, root: str, path: str) -> Any:  # noqa: N802 - winreg's names
        return self._Key(path)

    CreateKey = OpenKey

    def QueryValueEx(self, key: Any, name: str) -> tuple[str, int]:  # noqa: N802
        if (key.path, name) not in self.values:
            raise FileNotFoundError(name)
        return self.values[(key.path, name)], self.REG_SZ

    def SetValueEx(self, key: Any, name: str, reserved: int, kind: int, value: str) -> None:  # noqa: N802
        self.values[(key.path, name)] = value

    def DeleteValue(self, key: Any, name: str) -> None:  # noqa: N802
        if self.values.pop((key.path, name), None) is None:
            raise FileNotFoundError(name)


def test_windows_uses_the_per_user_run_key() -> None:
    reg = FakeWinreg()
    autostart.set_enabled(True, platform="win32", winreg_module=reg)
    (((path, name), command),) = reg.values.items()
    assert (path, name) == (autostart.RUN_KEY, "TVox Panel")
    assert command.endswith(" --minimized")
    assert autostart.is_enabled(platform="win32", winreg_module=reg)
    autostart.set_enabled(False, platform="win32", winreg_module=reg)
    autostart.set_enabled(False, platform="win32", winreg_module=reg)  # already off: fine
    assert not autostart.is_enabled(platform="win32", winreg_module=reg)


def test_macos_uses_a_launch_agent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    autostart.set_enabled(True, platform="darwin")
    agent = plistlib.loads(autostart.launch_agent_path().read_bytes())
    assert agent["RunAtLoad"] is True
    assert agent["ProgramArguments"][-1] == "--minimized"
    autostart.set_enabled(False, platform="darwin")
    assert not autostart.is_enabled(platform="darwin")


# -- notifications over a private session bus ---------------------------------------------


def test_a_notice_reaches_the_desktops_notification_service_with_its_exact_types(
    session_bus: str,
) -> None:
    server = NotificationServer()
    try:
        assert desktop.notify("Recording missing", "No recording of the call to 600.", urgent=True)
    finally:
        server.close()
    ((signature, body),) = server.received
    assert signature == "susssasa{sv}i"
    assert body[0] == "TVox Panel"
    assert body[3:5] == ("Recording missing", "No recording of the call to 600.")
    assert body[6]["urgency"] == ("y", 2)


def test_without_a_notification_service_nothing_is_claimed_shown(session_bus: str) -> None:
    assert desktop.notify("Call failed", "x") is False


def test_without_a_session_bus_nothing_is_claimed_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    assert desktop.notify("Call failed", "x") is False
