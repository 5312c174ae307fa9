"""The panel's state as frozen values: what Session emits and every view renders."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any, NamedTuple


class State(str, Enum):
    """Where the panel is; the values are the ``status --json`` spellings."""

    OFFLINE = "offline"
    CONNECTING = "connecting"
    READY = "ready"
    DIALING = "dialing"
    IN_CALL = "in_call"


class DialDecision(str, Enum):
    """What :meth:`Session.dial` did with a request."""

    STARTED = "started"
    IGNORED = "ignored"  # a dial is already running, or a call is active
    REFUSED = "refused"  # bad number or not connected: the reason is in Status.error
    # the last dial of this number had an unknown outcome less than 30 s ago
    NEEDS_CONFIRM = "needs_confirm"


@dataclass(frozen=True)
class ActiveCall:
    """The call the panel is controlling.

    Attributes:
        call_id: The TVox call id (None until the server gives one).
        number: The remote number.
        inbound: True for a service call that reached the agent.
        started_at: Epoch seconds when the panel learned of the call.
        recording: True once the server confirmed ``recOn`` (not when the user clicked).
        rec_started_at: Epoch seconds of the current recording segment.
        rec_pending: A recOn/recOff request is on its way.
        rec_files: File names of every segment recorded in this call.
        log_row: The call log row of this call.
        service: The service of an inbound call, or the service code a dial was tagged with.
    """

    call_id: str | None
    number: str
    inbound: bool = False
    started_at: float = field(default_factory=time.time)
    recording: bool = False
    rec_started_at: float | None = None
    rec_pending: bool = False
    rec_files: tuple[str, ...] = ()
    log_row: int | None = None
    seen_by_poll: bool = False
    service: str | None = None

    def with_(self, **changes: Any) -> ActiveCall:
        return replace(self, **changes)


@dataclass(frozen=True)
class Status:
    """Everything a view needs to draw the panel; emitted on every change.

    Attributes:
        state: The panel state.
        server: The server as shown to the user (host[:port]), or "".
        user: The login user name; ``display_name`` and ``role`` come from the login answer.
        agent: The agent whose phone places calls.
        call: The active call, if any.
        dialing_number: The number being dialled while ``state`` is DIALING.
        error: The last error as one translated line, or None.
        privileged: The login holds Supervisor or Superuser rights.
        demo: The panel runs against its embedded simulator.
    """

    state: State = State.OFFLINE
    server: str = ""
    user: str = ""
    display_name: str = ""
    role: str = ""
    agent: str = ""
    call: ActiveCall | None = None
    dialing_number: str = ""
    error: str | None = None
    privileged: bool = False
    demo: bool = False

    @property
    def logged_in(self) -> bool:
        return self.state in (State.READY, State.DIALING, State.IN_CALL)

    @property
    def recording(self) -> bool:
        return bool(self.call and self.call.recording)

    def with_(self, **changes: Any) -> Status:
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """The object ``tvox-panel status --json`` prints."""
        call = self.call
        return {
            "state": self.state.value,
            "logged_in": self.logged_in,
            "user": self.user,
            "agent": self.agent,
            "server": self.server,
            "call_id": call.call_id if call else None,
            "number": call.number if call else (self.dialing_number or None),
            "recording": self.recording,
            "error": self.error,
        }


class Notice(NamedTuple):
    """Something the agent must not miss while the window is hidden (a tray message)."""

    kind: str
    title: str
    text: str


class Preview(NamedTuple):
    """What dialling ``text`` would send, or why it is refused."""

    text: str
    number: str | None
    display: str
    error: str | None


class TestResult(NamedTuple):
    """The answer of "Test connection" in the settings dialog."""

    ok: bool
    text: str
