"""What hand-off commands do: dial, dial the number in a text, record, hang up, show, status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

from tvox_panel.config.settings import Settings
from tvox_panel.gui.messages import user_text
from tvox_panel.gui.state import DialDecision, State, Status
from tvox_panel.handoff.protocol import RECORD_MODES
from tvox_panel.phone.intext import Found, find_phone_numbers
from tvox_panel.phone.numbers import NormalizeOptions, NumberError


def clipboard_text(selection: bool = False) -> str:
    """The clipboard text, or the primary selection when asked for and the system has one."""
    clipboard = QGuiApplication.clipboard()
    if selection and clipboard.supportsSelection():
        return clipboard.text(QClipboard.Mode.Selection)
    return clipboard.text(QClipboard.Mode.Clipboard)


def numbers_in(text: str, settings: Settings) -> list[Found]:
    """The phone numbers in ``text``, found with the settings' region and digit bounds."""
    return find_phone_numbers(
        text, settings.region, settings.find_min_digits, settings.find_max_digits
    )


class CommandSession(Protocol):
    """What :class:`CommandHandler` needs of the Session."""

    @property
    def status(self) -> Status: ...

    @property
    def settings(self) -> Settings: ...

    def dial(self, text: str) -> DialDecision: ...

    def hangup(self) -> bool: ...

    def set_recording(self, on: bool) -> None: ...


class CommandHandler:
    """Carries out hand-off requests on the Session, on the GUI thread.

    Args:
        session: The panel's Session.
        clipboard: Returns the clipboard text (``True``: the primary selection).
        show: Shows and raises the main window.
        quit: Quits the panel (called after the answer has been sent).
        choose: Offers several numbers found in a text to the agent (the window's chooser);
            nothing is dialled until the agent picks one.
    """

    def __init__(
        self,
        session: CommandSession,
        *,
        clipboard: Callable[[bool], str] = clipboard_text,
        show: Callable[[], None] = lambda: None,
        quit: Callable[[], None] = QCoreApplication.quit,
        choose: Callable[[list[Found]], None] = lambda found: None,
    ) -> None:
        self._session = session
        self._clipboard = clipboard
        self._show = show
        self._quit = quit
        self._choose = choose

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        cmd = request.get("cmd")
        if cmd == "dial":
            number = request.get("number")
            if not isinstance(number, str):
                return _error(
                    QCoreApplication.translate("CommandHandler", '"dial" needs a "number" string')
                )
            return self._dial_text(number)
        if cmd == "dial_text":
            text = request.get("text")
            if not isinstance(text, str):
                needs = QCoreApplication.translate("CommandHandler", '"dial_text" needs a "text"')
                return _error(needs)
            return self._dial_found(text, "text")
        if cmd in ("dial_clipboard", "dial_selection"):
            selection = cmd == "dial_selection"
            return self._dial_found(
                self._clipboard(selection), "selection" if selection else "clipboard"
            )
        if cmd == "record":
            return self._record(request.get("mode"))
        if cmd == "hangup":
            if self._session.hangup():
                return _ok(QCoreApplication.translate("CommandHandler", "hanging up"))
            return _error(
                self._session.status.error
                or QCoreApplication.translate("CommandHandler", "there is no call to hang up")
            )
        if cmd == "show":
            self._show()
            return _ok(QCoreApplication.translate("CommandHandler", "panel shown"))
        if cmd == "quit":
            QTimer.singleShot(0, self._quit)
            return _ok(QCoreApplication.translate("CommandHandler", "quitting"))
        if cmd == "status":
            return {"ok": True, **self._session.status.to_json()}
        return _error(
            QCoreApplication.translate("CommandHandler", "unknown command: %1").replace(
                "%1", str(cmd)[:40]
            )
        )

    def _options(self) -> NormalizeOptions:
        settings = self._session.settings
        try:
            return NormalizeOptions(region=settings.region, international=settings.international)  # type: ignore[arg-type]
        except NumberError:
            return NormalizeOptions()

    def _dial_text(self, text: str) -> dict[str, Any]:
        from tvox_panel.phone.uris import parse_any

        try:
            target = parse_any(text, self._options())
        except NumberError as error:
            return _error(user_text(error))
        answer = self._dial(target.number)
        if answer["ok"] and target.extension:
            answer["message"] += QCoreApplication.translate(
                "CommandHandler", " (then extension %1)"
            ).replace("%1", target.extension)
        return answer

    def _dial(self, number: str) -> dict[str, Any]:
        decision = self._session.dial(number)
        if decision is DialDecision.STARTED:
            sent = self._session.status.dialing_number or number
            return _ok(
                QCoreApplication.translate("CommandHandler", "dialling %1").replace("%1", sent),
                number=sent,
            )
        if decision is DialDecision.NEEDS_CONFIRM:
            self._show()
            text = QCoreApplication.translate(
                "CommandHandler", "outcome of the last call to %1 is unknown; confirm in the panel"
            )
            return _error(text.replace("%1", number))
        if decision is DialDecision.IGNORED:
            return _error(
                QCoreApplication.translate(
                    "CommandHandler", "busy: a call is active or being placed"
                )
            )
        return _error(
            self._session.status.error
            or QCoreApplication.translate("CommandHandler", "the call was not placed")
        )

    def _dial_found(self, text: str, where: str) -> dict[str, Any]:
        """Dial the one phone number in ``text``; offer several in the window; report none."""
        found = numbers_in(text, self._session.settings)
        if len(found) == 1:
            return self._dial(found[0].number)
        if not found:
            texts = {
                "clipboard": QCoreApplication.translate(
                    "CommandHandler", "no phone number in the clipboard"
                ),
                "selection": QCoreApplication.translate(
                    "CommandHandler", "no phone number in the selection"
                ),
                "text": QCoreApplication.translate("CommandHandler", "no phone number in the text"),
            }
            return _error(texts[where])
        self._choose(found)
        texts = {
            "clipboard": QCoreApplication.translate(
                "CommandHandler", "%1 phone numbers in the clipboard: choose one in the panel"
            ),
            "selection": QCoreApplication.translate(
                "CommandHandler", "%1 phone numbers in the selection: choose one in the panel"
            ),
            "text": QCoreApplication.translate(
                "CommandHandler", "%1 phone numbers in the text: choose one in the panel"
            ),
        }
        answer = _error(texts[where].replace("%1", str(len(found))))
        answer["candidates"] = [each.number for each in found]
        return answer

    def _record(self, mode: Any) -> dict[str, Any]:
        if mode not in RECORD_MODES:
            return _error(
                QCoreApplication.translate(
                    "CommandHandler", '"record" needs "mode": "on", "off" or "toggle"'
                )
            )
        status = self._session.status
        if status.state is not State.IN_CALL or status.call is None:
            return _error(
                QCoreApplication.translate("CommandHandler", "there is no call to record")
            )
        if status.call.rec_pending:
            return _error(
                QCoreApplication.translate(
                    "CommandHandler", "a recording request is already on its way"
                )
            )
        on = not status.recording if mode == "toggle" else mode == "on"
        if on == status.recording:
            return _ok(
                QCoreApplication.translate("CommandHandler", "already recording")
                if on
                else QCoreApplication.translate("CommandHandler", "not recording")
            )
        self._session.set_recording(on)
        return _ok(
            QCoreApplication.translate("CommandHandler", "starting the recording")
            if on
            else QCoreApplication.translate("CommandHandler", "stopping the recording")
        )


def _ok(message: str, **extra: Any) -> dict[str, Any]:
    return {"ok": True, "message": message, **extra}


def _error(text: str) -> dict[str, Any]:
    return {"ok": False, "error": text}
