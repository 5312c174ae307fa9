"""Cycles are collected on the GUI thread, whatever thread allocated past the threshold."""

from __future__ import annotations

import gc
import threading
from typing import Any

from pytestqt.qtbot import QtBot

from tvox_panel.gui.collector import GuiThreadCollector


class Cycle:
    def __init__(self, died_on: list[str]) -> None:
        self.me = self
        self.died_on = died_on

    def __del__(self) -> None:
        self.died_on.append(threading.current_thread().name)


def test_garbage_made_on_another_thread_is_collected_on_the_gui_thread(qtbot: QtBot) -> None:
    gc.enable()  # as at the panel's start: Python collects automatically until told not to
    collector = GuiThreadCollector(interval_ms=10)
    died_on: list[str] = []
    try:
        Cycle(died_on)

        kept: list[Any] = []

        def churn() -> None:
            kept.extend([] for _ in range(50_000))  # far past the first threshold

        worker = threading.Thread(target=churn, name="worker")
        worker.start()
        worker.join()
        assert died_on == []  # the worker's allocations collected nothing
        qtbot.waitUntil(lambda: died_on != [], timeout=5000)
        assert died_on == [threading.main_thread().name]
    finally:
        collector.stop()
