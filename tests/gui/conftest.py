"""Fixtures for widget tests: a recording stand-in for Session and a real call log on disk."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal

from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import Settings
from tvox_panel.gui.state import DialDecision, Preview, Status, TestResult
from tvox_panel.phone.numbers import NormalizeOptions, NumberError, describe, normalize

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class FakeSession(QObject):
    """Has Session's signals and methods; records every call and lets tests set the Status.

    Rendering tests only: it decides nothing (``dial`` answers from ``dial_results``).
    """

    status_changed = Signal(object)
    call_started = Signal(object)
    call_ended = Signal(object)
    recording_changed = Signal(object)
    error_occurred = Signal(str)
    notice = Signal(object)
    log_changed = Signal()
    connection_tested = Signal(object)

    def __init__(self, call_log: CallLog, settings: Settings | None = None) -> None:
        super().__init__()
        self._log = call_log
        self._settings = settings or Settings(server="tvox.example.com", username="mrossi")
        self._status = Status()
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.dial_results: list[DialDecision] = []
        self.needs_login = False
        self.has_password = True
        self.keyring = True

    def named(self, method: str) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
        """The recorded calls of one method: ``[(args, kwargs), ...]``."""
        return [(args, kwargs) for name, args, kwargs in self.calls if name == method]

    @property
    def status(self) -> Status:
        return self._status

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def call_log(self) -> CallLog:
        return self._log

    def can_remember_password(self) -> bool:
        return self.keyring

    def set_status(self, status: Status) -> None:
        self._status = status
        self.status_changed.emit(status)

    def preview(self, text: str) -> Preview:
        if not text.strip():
            return Preview(text, None, "", None)
        options = NormalizeOptions(
            region=self._settings.region,
            international=self._settings.international,  # type: ignore[arg-type]
        )
        try:
            number = normalize(text, options)
        except NumberError as exc:
            return Preview(text, None, "", exc.reason.default_text)
        return Preview(text, number, describe(number, self._settings.region), None)

    def dial(
        self,
        text: str,
        *,
        confirmed: bool = False,
        job_label: str | None = None,
        service_code: str | None = None,
    ) -> DialDecision:
        kwargs = {"confirmed": confirmed, "job_label": job_label, "service_code": service_code}
        self.calls.append(("dial", (text,), kwargs))
        return self.dial_results.pop(0) if self.dial_results else DialDecision.STARTED

    def hangup(self) -> bool:
        self.calls.append(("hangup", (), {}))
        return True

    def set_recording(self, on: bool) -> None:
        self.calls.append(("set_recording", (on,), {}))

    def toggle_recording(self) -> None:
        self.calls.append(("toggle_recording", (), {}))

    def recent_numbers(self, limit: int = 5) -> list[str]:
        return self._log.recent_numbers(limit)

    def apply_settings(
        self, settings: Settings, password: str | None = None, remember: bool = False
    ) -> None:
        self.calls.append(("apply_settings", (settings, password, remember), {}))
        self._settings = settings

    def test_connection(self, settings: Settings, password: str) -> None:
        self.calls.append(("test_connection", (settings, password), {}))
        self.connection_tested.emit(TestResult(True, f"Connected to {settings.server}"))


@pytest.fixture
def call_log(tmp_path: Path) -> Iterator[CallLog]:
    log = CallLog(tmp_path / "calls.sqlite")
    yield log
    log.close()


@pytest.fixture
def fake_session(call_log: CallLog) -> FakeSession:
    return FakeSession(call_log)


@pytest.fixture
def make_session(call_log: CallLog) -> Callable[[Settings], FakeSession]:
    """Build a FakeSession with the given settings over the test's call log."""
    return lambda settings: FakeSession(call_log, settings)
