"""ScreenPop: opens the customer's record once per call, as the agent's settings say."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices

from tvox_panel.desktop.screenpop import (
    BadPopTemplate,
    PopFields,
    e164,
    render_command,
    render_url,
    run_detached,
)

if TYPE_CHECKING:
    from tvox_panel.config.settings import Settings
    from tvox_panel.gui.state import ActiveCall

log = logging.getLogger("tvox_panel.screenpop")
REMEMBERED = 500  # call ids kept to pop each call once


def open_in_browser(url: str) -> None:
    if not QDesktopServices.openUrl(QUrl(url)):
        raise OSError(f"no program opens {url.split(':', 1)[0]}: links")


class ScreenPop(QObject):
    """Opens the screen-pop URL and/or runs its program when a call starts, once per call.

    Inbound service calls pop when first seen ringing or when answered (the setting
    ``screen_pop_on``); calls the panel dials pop only with ``screen_pop_outbound``.

    Args:
        settings: The settings in force; the owner passes new ones with :meth:`use_settings`.
        open_url: Opens a URL (the default browser); tests record instead.
        run: Starts a program from its argument list; tests record instead.

    Signals:
        failed(str): a template or program could not be used (one line).
    """

    failed = Signal(str)

    def __init__(
        self,
        settings: Settings,
        *,
        open_url: Callable[[str], None] = open_in_browser,
        run: Callable[[list[str]], None] = run_detached,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._open_url = open_url
        self._run = run
        self._popped: OrderedDict[str, None] = OrderedDict()

    def use_settings(self, settings: Settings) -> None:
        self._settings = settings

    @property
    def enabled(self) -> bool:
        s = self._settings
        return bool(s.screen_pop_url.strip() or s.screen_pop_command.strip())

    @Slot(list)
    def seen(self, calls: list[Any]) -> None:
        """The agent's current calls (``CurrentCall``): pop new inbound ones as set."""
        if not self.enabled:
            return
        wanted = (
            ("RINGING", "ANSWERED") if self._settings.screen_pop_on == "ringing" else ("ANSWERED",)
        )
        for call in calls:
            if call.direction == "INBOUND" and call.state in wanted:
                self._pop(call.call_id, call.number, call.service or "", "inbound")

    @Slot(object)
    def started(self, call: ActiveCall) -> None:
        """A call the panel placed started: pop it when outbound calls pop too."""
        if self.enabled and not call.inbound and self._settings.screen_pop_outbound:
            self._pop(call.call_id or "", call.number, "", "outbound")

    def _pop(self, call_id: str, number: str, service: str, direction: str) -> None:
        key = call_id or f"{direction}:{number}:{time.monotonic()}"  # no id: each call pops
        if key in self._popped:
            return
        self._popped[key] = None
        while len(self._popped) > REMEMBERED:
            self._popped.popitem(last=False)
        s = self._settings
        fields = PopFields(number, e164(number, s.region), call_id, s.effective_agent, service,
                           direction)  # fmt: skip
        try:
            if s.screen_pop_url.strip():
                self._open_url(render_url(s.screen_pop_url.strip(), fields))
            if s.screen_pop_command.strip():
                self._run(render_command(s.screen_pop_command.strip(), fields))
        except (BadPopTemplate, OSError) as exc:
            log.warning("screen-pop failed: %s", exc)
            self.failed.emit(self.tr("Cannot open the customer's record: {0}").format(exc))
