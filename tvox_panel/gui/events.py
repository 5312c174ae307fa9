"""EventFeed: the panel's events, as the local event stream's JSON objects."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Slot

if TYPE_CHECKING:
    from tvox_panel.calllog import CallRecord
    from tvox_panel.gui.session import Session
    from tvox_panel.gui.state import ActiveCall, Status

Publish = Callable[[dict[str, Any]], None]


def _call_fields(call: ActiveCall) -> dict[str, Any]:
    return {
        "call_id": call.call_id,
        "number": call.number,
        "direction": "inbound" if call.inbound else "outbound",
        "service": call.service,
    }


class EventFeed(QObject):
    """Turns the Session's signals into events for the subscribers of the command socket.

    Every event is a JSON object with ``event`` and ``time`` (epoch seconds), and the call's
    ``call_id``, ``number``, ``direction`` and ``service`` where it concerns one call.

    Args:
        session: Whose signals to follow.
        publish: Sends one event to every subscriber (``InstanceServer.publish``).
    """

    def __init__(self, session: Session, publish: Publish, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._publish = publish
        self._log = session.call_log
        self._state = session.status.state.value
        session.call_started.connect(self.call_started)
        session.call_ended.connect(self.call_ended)
        session.recording_changed.connect(self.recording)
        session.recording_checked.connect(self.recording_checked)
        session.status_changed.connect(self.status)

    def _send(self, event: str, **fields: Any) -> None:
        self._publish({"event": event, "time": round(time.time(), 3), **fields})

    @Slot(object)
    def call_started(self, call: ActiveCall) -> None:
        self._send("call_started", **_call_fields(call))

    @Slot(object)
    def call_ended(self, call: ActiveCall) -> None:
        outcome = ""
        if call.log_row is not None and not self._log.closed:
            record = self._log.get(call.log_row)
            outcome = record.outcome if record is not None else ""
        duration = max(0.0, time.time() - call.started_at)
        self._send("call_ended", **_call_fields(call), duration=round(duration, 1),
                   outcome=outcome)  # fmt: skip

    @Slot(object)
    def recording(self, call: ActiveCall) -> None:
        self._send("recording", **_call_fields(call), state="on" if call.recording else "off")

    @Slot(object)
    def recording_checked(self, record: CallRecord) -> None:
        self._send(
            "recording_verified",
            call_id=record.call_id,
            number=record.number,
            direction="inbound" if record.direction == "in" else "outbound",
            service=record.service_code or None,
            state=record.rec_check,
            recordings=list(record.rec_files),
            server=record.rec_check_note,
        )

    @Slot(object)
    def status(self, status: Status) -> None:
        state = status.state.value
        if state != self._state:
            self._state = state
            self._send("state", state=state, logged_in=status.logged_in, error=status.error)
