"""Without a tray, notices go to the desktop's notification service, else to the window."""

from __future__ import annotations

from typing import Any

from dbus_session import NotificationServer
from pytestqt.qtbot import QtBot

from tvox_panel.gui.notifier import Notifier
from tvox_panel.gui.state import Notice

MISSING = Notice("rec_missing", "Recording missing", "The server has no recording of 600.")


def notifier(banners: list[Any], *, tray: bool = False, wanted: bool = True) -> Notifier:
    return Notifier(wanted=lambda n: wanted, tray=lambda: tray, banner=banners.append)


def test_with_a_tray_the_tray_shows_it(qtbot: QtBot) -> None:
    banners: list[Any] = []
    note = notifier(banners, tray=True)
    with qtbot.waitSignal(note.shown) as shown:
        note.notify(MISSING)
    assert shown.args[0] == "tray"


def test_without_a_tray_the_desktop_service_shows_it(qtbot: QtBot, session_bus: str) -> None:
    server = NotificationServer()
    banners: list[Any] = []
    try:
        note = notifier(banners)
        with qtbot.waitSignal(note.shown, timeout=5000) as shown:
            note.notify(MISSING)
    finally:
        server.close()
    assert shown.args[0] == "desktop"
    assert [body[3] for _, body in server.received] == ["Recording missing"]
    assert banners == []


def test_without_either_the_window_shows_it(qtbot: QtBot, session_bus: str) -> None:
    banners: list[Any] = []
    note = notifier(banners)
    with qtbot.waitSignal(note.shown, timeout=5000) as shown:
        note.notify(MISSING)
    assert shown.args[0] == "banner"
    assert banners == [MISSING]


def test_a_notice_the_settings_turn_off_is_not_shown_anywhere(qtbot: QtBot) -> None:
    banners: list[Any] = []
    note = notifier(banners, wanted=False)
    with qtbot.assertNotEmitted(note.shown, wait=50):
        note.notify(MISSING)
    assert banners == []
