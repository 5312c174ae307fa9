"""The whole panel started in this process on files a crash or a broken disk left behind."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from tvox_panel.config.settings import Settings
from tvox_panel.gui.app import Options, Panel
from tvox_panel.gui.state import State
from tvox_panel.simulator import Simulator

TIMEOUT = 10_000
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen only
BROKEN_NAME = re.compile(r"calllog\.sqlite3\.broken-\d{8}-\d{6}(-\d+)?")


@pytest.fixture
def configured(isolated_home: Path, sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings that log in to ``sim`` by themselves; returns the call log's path."""
    Settings(server=sim.base_url, username="supervisor", agent="mrossi", poll_interval=0).save()
    monkeypatch.setenv("TVOX_PASSWORD", "supervisor")
    data = isolated_home / "data"
    data.mkdir(parents=True)
    return data / "calllog.sqlite3"


@pytest.fixture
def panels(qtbot: QtBot) -> Iterator[list[Panel]]:
    started: list[Panel] = []
    yield started
    for panel in started:
        panel.shutdown()
        panel.window.deleteLater()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.deleteLater()


def start(qtbot: QtBot, panels: list[Panel], options: Options | None = None) -> Panel:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    panel = Panel(app, options or Options())
    panels.append(panel)
    assert panel.start()
    app.setQuitOnLastWindowClosed(False)  # the panel sets it; closing a box must not quit
    qtbot.waitUntil(lambda: panel.session.status.state is State.READY, timeout=TIMEOUT)
    return panel


def warnings_shown() -> list[str]:
    return [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible()
    ]


def broken_copies(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if BROKEN_NAME.fullmatch(p.name))


def test_a_log_that_is_not_a_database_is_set_aside_and_the_agent_told_once(
    qtbot: QtBot, configured: Path, panels: list[Panel]
) -> None:
    garbage = b"not a call log\n" * 500
    configured.write_bytes(garbage)
    panel = start(qtbot, panels)
    qtbot.waitUntil(lambda: len(warnings_shown()) == 1, timeout=TIMEOUT)
    (aside,) = broken_copies(configured.parent)
    assert aside.read_bytes() == garbage  # kept as it was
    (text,) = warnings_shown()
    assert str(aside) in text
    assert "\n" not in text
    assert panel.call_log.count() == 0
    assert panel.session.dial("600").value == "started"  # a fresh log takes the calls
    qtbot.waitUntil(lambda: panel.session.status.state is State.IN_CALL, timeout=TIMEOUT)
    assert panel.call_log.count() == 1
    assert panel.session.hangup()
    qtbot.waitUntil(lambda: panel.session.status.state is State.READY, timeout=TIMEOUT)

    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()
    panel.shutdown()
    again = start(qtbot, panels)  # the new log is fine: nothing more to say
    assert again.call_log.count() == 1
    assert warnings_shown() == []


def test_a_half_log_gives_back_what_it_still_holds_and_no_broken_copy_is_overwritten(
    qtbot: QtBot, configured: Path, panels: list[Panel], tmp_path: Path
) -> None:
    from tvox_panel.calllog import CallLog

    with CallLog(tmp_path / "whole.sqlite3") as whole:
        for n in range(3000):
            whole.add(f"06{n:08d}", "out", "placed", started_at=1_700_000_000 + n)
    data = (tmp_path / "whole.sqlite3").read_bytes()
    configured.write_bytes(data[: len(data) // 2])
    first = start(qtbot, panels)
    recovered = first.call_log.count()
    assert 0 < recovered <= 3000
    assert first.call_log.page(0, 1)[0].number.startswith("06")
    qtbot.waitUntil(lambda: len(warnings_shown()) == 1, timeout=TIMEOUT)
    assert f"calls recovered from it: {recovered}." in warnings_shown()[0]
    first.shutdown()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()

    configured.write_bytes(b"broken again")
    configured.with_name("calllog.sqlite3-wal").unlink(missing_ok=True)
    start(qtbot, panels)
    first_copy, second_copy = broken_copies(configured.parent)
    assert {first_copy.read_bytes(), second_copy.read_bytes()} == {
        data[: len(data) // 2],
        b"broken again",
    }


def test_unreadable_settings_are_kept_and_the_panel_starts_on_defaults(
    qtbot: QtBot, configured: Path, panels: list[Panel], sim: Simulator
) -> None:
    settings_file = configured.parent.parent / "config" / "settings.json"
    settings_file.write_bytes(b"[" * 100_000)  # JSON nested deeper than the parser goes
    panel = start(qtbot, panels, Options(url=sim.base_url, user="supervisor"))
    assert panel.session.settings.poll_interval == Settings().poll_interval  # the defaults
    qtbot.waitUntil(lambda: len(warnings_shown()) == 1, timeout=TIMEOUT)
    (kept,) = settings_file.parent.glob("settings.json.broken-*")
    assert kept.read_bytes() == b"[" * 100_000
    assert str(kept) in warnings_shown()[0]
