"""Screen-pop against the simulator's inbound calls: what opens, when, and only once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import InvalidSetting, Settings
from tvox_panel.gui.screenpop import ScreenPop
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import State
from tvox_panel.simulator import Simulator

TIMEOUT = 5000
CRM = "https://crm.example.com/search?phone={e164}&raw={number}&call={callid}&svc={service}"


class Opened:
    """A recording opener: what would have reached the browser or been run."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.commands: list[list[str]] = []


@pytest.fixture
def popping(qtbot: QtBot, sim: Simulator, tmp_path: Path) -> Iterator[Any]:
    made: list[tuple[Session, CallLog]] = []

    def make(**settings: Any) -> tuple[Session, Opened]:
        values: dict[str, Any] = {"server": sim.base_url, "username": "supervisor",
                                  "agent": "mrossi", "poll_interval": 0}  # fmt: skip
        values.update(settings)
        config = Settings(**values)
        opened = Opened()
        pop = ScreenPop(config, open_url=opened.urls.append, run=opened.commands.append)
        log = CallLog(tmp_path / f"calls{len(made)}.sqlite3")
        session = Session(config, log, password="supervisor", screen_pop=pop)
        made.append((session, log))
        with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                              check_params_cb=lambda s: s.state == State.READY):  # fmt: skip
            session.start()
        return session, opened

    yield make
    for session, log in made:
        session.shutdown()
        log.close()


def poll(qtbot: QtBot, session: Session, call_id: str) -> None:
    """Ask for the current calls until an answer holds ``call_id`` (a poll already on its
    way at login may answer first, without it)."""

    def holds(calls: list[Any]) -> bool:
        return call_id in [c.call_id for c in calls]

    with qtbot.waitSignal(session.calls.calls_seen, timeout=TIMEOUT, check_params_cb=holds):
        session.refresh_calls()


def test_an_answered_inbound_call_opens_the_crm_once_with_encoded_fields(
    qtbot: QtBot, sim: Simulator, popping: Any
) -> None:
    session, opened = popping(screen_pop_url=CRM)
    call_id = sim.ring_inbound("mrossi", "06 1234 5678", "SUPPORT & SALES")
    poll(qtbot, session, call_id)
    poll(qtbot, session, call_id)  # seen again: not opened again
    assert opened.urls == [
        "https://crm.example.com/search?phone=%2B390612345678&raw=06%201234%205678"
        f"&call={call_id.replace('@', '%40')}&svc=SUPPORT%20%26%20SALES"
    ]


def test_ringing_calls_pop_only_when_asked_to(qtbot: QtBot, sim: Simulator, popping: Any) -> None:
    sim.config.ring_time = 60.0
    on_answer, opened_on_answer = popping(screen_pop_url=CRM)
    on_ring, opened_on_ring = popping(screen_pop_url=CRM, screen_pop_on="ringing")
    call_id = sim.ring_inbound("mrossi", "0612345678", "SUPPORT")
    poll(qtbot, on_answer, call_id)
    poll(qtbot, on_ring, call_id)
    assert opened_on_answer.urls == []
    assert len(opened_on_ring.urls) == 1


def test_a_program_gets_each_field_as_one_argument_without_a_shell(
    qtbot: QtBot, sim: Simulator, popping: Any
) -> None:
    session, opened = popping(screen_pop_command="crm-open --phone {number} --agent={agent}")
    call_id = sim.ring_inbound("mrossi", "0612345678; rm -rf ~", "SUPPORT")
    poll(qtbot, session, call_id)
    # One argument per field, cut to what a phone number holds: the caller's id is whatever
    # the network says, and a program may be a batch file that cmd.exe reads.
    assert opened.commands == [["crm-open", "--phone", "0612345678", "--agent=mrossi"]]


def test_outbound_calls_pop_only_when_set(qtbot: QtBot, popping: Any) -> None:
    # One after the other: both panels serve the same agent, and a panel that logs in while
    # the other's call is up adopts that call instead of dialling.
    quiet, quiet_opened = popping(screen_pop_url=CRM)
    with qtbot.waitSignal(quiet.call_started, timeout=TIMEOUT):
        quiet.dial("600")
    with qtbot.waitSignal(quiet.call_ended, timeout=TIMEOUT):
        quiet.hangup()
    loud, loud_opened = popping(screen_pop_url=CRM, screen_pop_outbound=True)
    with qtbot.waitSignal(loud.call_started, timeout=TIMEOUT):
        loud.dial("600")
    assert quiet_opened.urls == []
    assert [u.split("&")[0] for u in loud_opened.urls] == [
        "https://crm.example.com/search?phone=600"
    ]


def test_a_program_that_cannot_start_is_one_line(
    qtbot: QtBot, sim: Simulator, tmp_path: Path
) -> None:
    from tvox_panel.desktop.screenpop import run_detached

    missing = str(tmp_path / "no-such-crm")
    config = Settings(server=sim.base_url, username="supervisor", agent="mrossi",
                      poll_interval=0, screen_pop_command=missing)  # fmt: skip
    log = CallLog(tmp_path / "calls.sqlite3")
    session = Session(config, log, password="supervisor",
                      screen_pop=ScreenPop(config, run=run_detached))  # fmt: skip
    with qtbot.waitSignal(session.status_changed, timeout=TIMEOUT,
                          check_params_cb=lambda s: s.state == State.READY):  # fmt: skip
        session.start()
    sim.ring_inbound("mrossi", "0612345678", "SUPPORT")
    try:
        with qtbot.waitSignal(session.error_occurred, timeout=TIMEOUT) as error:
            session.refresh_calls()
        assert "no-such-crm" in error.args[0]
        assert "\n" not in error.args[0]
    finally:
        session.shutdown()
        log.close()


@pytest.mark.parametrize(
    "bad",
    [
        {"screen_pop_url": "https://x/{phone}"},
        {"screen_pop_command": "crm '{number}"},
        {"screen_pop_command": "crm-open.bat {number}"},
    ],
)
def test_a_template_with_an_unknown_field_is_refused(bad: dict[str, str]) -> None:
    with pytest.raises(InvalidSetting, match="screen-pop"):
        Settings(**bad)


def test_values_reaching_a_program_cannot_become_options_or_commands() -> None:
    from tvox_panel.desktop.screenpop import PopFields, render_command

    hostile = PopFields("--evil&calc", "+39 06&x", "1.2@x & del", "-agent", "S|1", "inbound")
    assert render_command("crm {number} {e164} {callid} {agent} {service}", hostile) == [
        "crm", "", "+3906", "1.2@x  del", "agent", "S1",
    ]  # fmt: skip
