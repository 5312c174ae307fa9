"""The tray menu and icons, tested directly: an offscreen test has no tray host."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from tvox_panel.config.settings import Settings
from tvox_panel.gui.icons import app_icon, icon_name, state_icon
from tvox_panel.gui.state import ActiveCall, DialDecision, Notice, State, Status
from tvox_panel.gui.tray import Tray

CALL = ActiveCall(call_id="c1", number="0212345678")
STATUSES = {
    State.OFFLINE: Status(state=State.OFFLINE),
    State.CONNECTING: Status(state=State.CONNECTING, user="mrossi", server="tvox.example.com"),
    State.READY: Status(state=State.READY, user="mrossi", server="tvox.example.com"),
    State.DIALING: Status(state=State.DIALING, dialing_number="600", user="mrossi", server="s"),
    State.IN_CALL: Status(state=State.IN_CALL, call=CALL, user="mrossi", server="s"),
}


class FakeSession(QObject):
    status_changed = Signal(object)
    notice = Signal(object)

    def __init__(self, status: Status, recent: list[str] | None = None) -> None:
        super().__init__()
        self.status = status
        self.settings = Settings()
        self.recent = ["600", "0212345678", "3331234567"] if recent is None else recent
        self.decision = DialDecision.STARTED
        self.needs_login = False
        self.calls: list[tuple[str, ...]] = []

    def dial(self, text: str) -> DialDecision:
        self.calls.append(("dial", text))
        return self.decision

    def redial_last(self) -> DialDecision:
        self.calls.append(("redial",))
        return self.decision

    def recent_numbers(self, limit: int = 5) -> list[str]:
        return self.recent[:limit]

    def hangup(self) -> bool:
        self.calls.append(("hangup",))
        return True

    def toggle_recording(self) -> None:
        self.calls.append(("toggle_recording",))


def make_tray(
    session: FakeSession, clipboard: str = "", visible: bool = False
) -> tuple[Tray, QMenu]:
    tray = Tray(session, clipboard=lambda selection: clipboard, window_visible=lambda: visible)
    return tray, tray.build_menu(session.status)


def action(menu: QMenu, name: str) -> QAction:
    found = menu.findChild(QAction, name)
    if found is None:
        for candidate in menu.actions():
            submenu = candidate.menu()
            if isinstance(submenu, QMenu) and (inner := submenu.findChild(QAction, name)):
                return inner
        raise AssertionError(f"no action {name!r}")
    return found


def enabled(menu: QMenu) -> dict[str, bool]:
    names = ["dial_clipboard", "redial", "record", "hangup", "show_hide", "settings", "quit"]
    states = {name: action(menu, name).isEnabled() for name in names}
    recent = menu.findChild(QMenu, "recent")
    assert recent is not None
    states["recent"] = recent.isEnabled()
    return states


ALWAYS = {"show_hide": True, "settings": True, "quit": True}


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (
            State.OFFLINE,
            {
                "dial_clipboard": False,
                "recent": False,
                "redial": False,
                "record": False,
                "hangup": False,
            },
        ),
        (
            State.CONNECTING,
            {
                "dial_clipboard": False,
                "recent": False,
                "redial": False,
                "record": False,
                "hangup": False,
            },
        ),
        (
            State.READY,
            {
                "dial_clipboard": True,
                "recent": True,
                "redial": True,
                "record": False,
                "hangup": False,
            },
        ),
        (
            State.DIALING,
            {
                "dial_clipboard": False,
                "recent": False,
                "redial": False,
                "record": False,
                "hangup": False,
            },
        ),
        (
            State.IN_CALL,
            {
                "dial_clipboard": False,
                "recent": False,
                "redial": False,
                "record": True,
                "hangup": True,
            },
        ),
    ],
)
def test_actions_are_enabled_per_state(
    qtbot: QtBot, state: State, expected: dict[str, bool]
) -> None:
    _, menu = make_tray(FakeSession(STATUSES[state]), clipboard="call 0298765432")
    assert enabled(menu) == {**expected, **ALWAYS}


def test_dial_from_clipboard_shows_the_number_and_dials_it(qtbot: QtBot) -> None:
    session = FakeSession(STATUSES[State.READY])
    _, menu = make_tray(session, clipboard="Mario Rossi\ntel. 02 9876 5432")
    dial = action(menu, "dial_clipboard")
    assert dial.text() == "Dial 0298765432 from clipboard"
    dial.trigger()
    assert session.calls == [("dial", "0298765432")]


def test_dial_from_clipboard_is_disabled_without_a_number(qtbot: QtBot) -> None:
    _, menu = make_tray(FakeSession(STATUSES[State.READY]), clipboard="see you tomorrow")
    dial = action(menu, "dial_clipboard")
    assert dial.text() == "No phone number in the clipboard"
    assert not dial.isEnabled()


def test_recent_numbers_are_the_last_five_and_dial_when_chosen(qtbot: QtBot) -> None:
    numbers = [f"60{index}" for index in range(8)]
    session = FakeSession(STATUSES[State.READY], recent=numbers)
    _, menu = make_tray(session)
    recent = menu.findChild(QMenu, "recent")
    assert recent is not None
    assert [entry.text() for entry in recent.actions()] == numbers[:5]
    recent.actions()[2].trigger()
    assert action(menu, "redial").text() == "Redial 600"
    action(menu, "redial").trigger()
    assert session.calls == [("dial", "602"), ("redial",)]


def test_without_recent_numbers_there_is_nothing_to_redial(qtbot: QtBot) -> None:
    _, menu = make_tray(FakeSession(STATUSES[State.READY], recent=[]))
    assert action(menu, "redial").text() == "Redial last"
    assert not enabled(menu)["redial"]
    assert not enabled(menu)["recent"]


def test_record_and_hang_up_act_on_the_call(qtbot: QtBot) -> None:
    session = FakeSession(STATUSES[State.IN_CALL])
    _, menu = make_tray(session)
    record = action(menu, "record")
    assert record.text() == "Start recording"
    record.trigger()
    action(menu, "hangup").trigger()
    assert session.calls == [("toggle_recording",), ("hangup",)]


def test_record_says_stop_while_recording_and_waits_for_a_pending_request(qtbot: QtBot) -> None:
    recording = STATUSES[State.IN_CALL].with_(call=CALL.with_(recording=True))
    _, menu = make_tray(FakeSession(recording))
    assert action(menu, "record").text() == "Stop recording"
    pending = STATUSES[State.IN_CALL].with_(call=CALL.with_(rec_pending=True))
    _, menu = make_tray(FakeSession(pending))
    assert not action(menu, "record").isEnabled()


@pytest.mark.parametrize(("visible", "label"), [(False, "Show panel"), (True, "Hide panel")])
def test_show_hide_settings_and_quit_ask_the_app(qtbot: QtBot, visible: bool, label: str) -> None:
    tray, menu = make_tray(FakeSession(STATUSES[State.OFFLINE]), visible=visible)
    assert action(menu, "show_hide").text() == label
    with qtbot.waitSignal(tray.show_hide_requested, timeout=1000):
        action(menu, "show_hide").trigger()
    with qtbot.waitSignal(tray.settings_requested, timeout=1000):
        action(menu, "settings").trigger()
    with qtbot.waitSignal(tray.quit_requested, timeout=1000):
        action(menu, "quit").trigger()


def test_the_menu_is_rebuilt_from_the_current_state_when_it_opens(qtbot: QtBot) -> None:
    session = FakeSession(STATUSES[State.READY])
    tray, menu = make_tray(session)
    assert not action(menu, "hangup").isEnabled()
    session.status = STATUSES[State.IN_CALL]
    menu.aboutToShow.emit()
    assert action(tray.menu, "hangup").isEnabled()
    assert not action(tray.menu, "redial").isEnabled()


def test_a_dial_needing_confirmation_is_handed_to_the_window(qtbot: QtBot) -> None:
    session = FakeSession(STATUSES[State.READY])
    session.decision = DialDecision.NEEDS_CONFIRM
    tray, menu = make_tray(session)
    with qtbot.waitSignal(tray.confirm_requested, timeout=1000) as signal:
        action(menu, "recent_0").trigger()
    assert signal.args == ["600"]


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (STATUSES[State.READY], "TVox Panel — ready (mrossi on tvox.example.com)"),
        (STATUSES[State.CONNECTING], "TVox Panel — connecting (mrossi on tvox.example.com)"),
        (STATUSES[State.DIALING], "TVox Panel — dialling 600 (mrossi on s)"),
        (STATUSES[State.IN_CALL], "TVox Panel — in call with 0212345678 (mrossi on s)"),
        (
            STATUSES[State.IN_CALL].with_(call=CALL.with_(recording=True)),
            "TVox Panel — in call with 0212345678, recording (mrossi on s)",
        ),
        (Status(error="Wrong password."), "TVox Panel — offline\nWrong password."),
    ],
)
def test_the_tooltip_says_the_state_in_words(qtbot: QtBot, status: Status, text: str) -> None:
    tray, _ = make_tray(FakeSession(status))
    assert tray.tooltip(status) == text


KINDS = ["dial_failed", "rec_refused", "outcome_unknown", "connection_lost", "connection_restored"]


@pytest.mark.parametrize(
    ("setting", "silenced"),
    [
        ("notify_dial_failed", {"dial_failed"}),
        ("notify_rec_refused", {"rec_refused"}),
        ("notify_outcome_unknown", {"outcome_unknown"}),
        ("notify_connection", {"connection_lost", "connection_restored"}),
    ],
)
def test_each_kind_of_notification_can_be_turned_off(
    qtbot: QtBot, setting: str, silenced: set[str]
) -> None:
    session = FakeSession(STATUSES[State.READY])
    tray, _ = make_tray(session)
    assert all(tray.wants_notice(Notice(kind, "Title", "Text")) for kind in KINDS)
    session.settings = session.settings.replace(**{setting: False})
    shown = {kind for kind in KINDS if tray.wants_notice(Notice(kind, "Title", "Text"))}
    assert shown == set(KINDS) - silenced


# -- icons -----------------------------------------------------------------------------------


def rendered(status: Status) -> QImage:
    icon = state_icon(status)
    assert not icon.isNull()
    image = icon.pixmap(32, 32).toImage()
    assert not image.isNull()
    return image


def test_each_state_has_its_own_icon(qtbot: QtBot) -> None:
    recording = STATUSES[State.IN_CALL].with_(call=CALL.with_(recording=True))
    statuses = [STATUSES[State.OFFLINE], STATUSES[State.READY], STATUSES[State.IN_CALL], recording]
    assert [icon_name(status) for status in statuses] == [
        "state-offline.svg",
        "state-ready.svg",
        "state-in-call.svg",
        "state-recording.svg",
    ]
    images = [rendered(status) for status in statuses]
    for index, image in enumerate(images):
        assert all(image != other for other in images[index + 1 :])


def test_state_shapes_differ_without_colour(qtbot: QtBot) -> None:
    """Grey versions of the icons still differ: the state is not carried by colour alone."""
    recording = STATUSES[State.IN_CALL].with_(call=CALL.with_(recording=True))
    statuses = [STATUSES[State.OFFLINE], STATUSES[State.READY], STATUSES[State.IN_CALL], recording]
    masks = [rendered(status).createAlphaMask() for status in statuses]
    for index, mask in enumerate(masks):
        assert all(mask != other for other in masks[index + 1 :])


def test_the_app_icon_renders_at_every_size(qtbot: QtBot) -> None:
    icon = app_icon()
    for size in (16, 22, 32, 48, 64, 128, 256):
        assert icon.pixmap(size, size).width() == size
