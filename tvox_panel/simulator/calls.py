"""Call states and the call snapshot the simulator hands out."""

from __future__ import annotations

from typing import Any, NamedTuple

OUTBOUND = "OUTBOUND"
INBOUND = "INBOUND"
RINGING = "RINGING"
ANSWERED = "ANSWERED"
ENDED = "ENDED"


class CallInfo(NamedTuple):
    """A snapshot of one call.

    Attributes:
        call_id: TVox call id, ``<epoch s>.<sequence>@<10 hex>``.
        username: The agent on the call.
        number: The remote party.
        direction: ``OUTBOUND`` (dialed) or ``INBOUND`` (service call).
        state: ``RINGING``, ``ANSWERED`` or ``ENDED``.
        start_time: Start, epoch milliseconds.
        service: Service code, or ``None``.
        recording: Whether a recording segment is running.
        job_label: ``jobLabel`` of ``dialNumber`` (``""`` for inbound calls).
        access_code: ``accessCode`` of ``dialNumber`` (``""`` for inbound calls).
    """

    call_id: str
    username: str
    number: str
    direction: str
    state: str
    start_time: int
    service: str | None
    recording: bool
    job_label: str = ""
    access_code: str = ""

    def to_json(self) -> dict[str, Any]:
        """The item ``getServiceCurrentCalls`` lists."""
        return {
            "callId": self.call_id,
            "number": self.number,
            "direction": self.direction,
            "state": self.state,
            "startTime": self.start_time,
            "service": self.service,
            "recording": self.recording,
        }
