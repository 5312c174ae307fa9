"""Fixtures for suites that run the real Session with its real worker thread."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import Settings
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import State
from tvox_panel.simulator import Simulator

MakeSession = Callable[..., Session]


@pytest.fixture
def make_session(qtbot: object, sim: Simulator, tmp_path: Path) -> Iterator[MakeSession]:
    """Build a started Session against ``sim``; every session is shut down afterwards."""
    made: list[tuple[Session, CallLog]] = []

    def make(login: bool = True, **overrides: object) -> Session:
        values: dict[str, object] = {
            "server": sim.base_url,
            "username": "supervisor",
            "agent": "mrossi",
            "poll_interval": 0,
        }
        values.update(overrides)
        settings = Settings(**values)  # type: ignore[arg-type]
        log = CallLog(tmp_path / f"calls{len(made)}.sqlite3")
        session = Session(settings, log, password="supervisor" if login else None)
        made.append((session, log))
        if not login:
            session.start()
            return session
        with qtbot.waitSignal(
            session.status_changed,
            timeout=5000,  # type: ignore[attr-defined]
            check_params_cb=lambda s: s.state == State.READY,
        ):
            session.start()
        return session

    yield make
    for session, log in made:
        session.shutdown()
        log.close()
