"""The simulated server state: users, sessions, calls and recorded segments, behind one lock."""

from __future__ import annotations

import hmac
import logging
import random
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from tvox_panel.simulator.calls import ANSWERED, ENDED, INBOUND, OUTBOUND, RINGING, CallInfo
from tvox_panel.simulator.config import SimConfig
from tvox_panel.simulator.recordings import RecordingInfo, safe_stem, write_wav
from tvox_panel.simulator.rpc import (
    RECORDING_ALREADY_ACTIVE,
    RECORDING_NOT_ACTIVE,
    app_error,
    no_active_call,
)
from tvox_panel.simulator.users import SimUser

log = logging.getLogger("tvox_panel.simulator")

_SERVICES = ("ASSISTENZA", "COMMERCIALE", "AMMINISTRAZIONE")
_SERVICE_DNIS = "800123456"


@dataclass
class _Segment:
    started: float
    rec_file_name: str | None
    type: str


@dataclass
class _Call:
    call_id: str
    seq: int
    user: SimUser
    number: str
    direction: str
    service: str | None
    created: float
    answer_at: float
    hangup_at: float | None
    job_label: str = ""
    access_code: str = ""
    ended_at: float | None = None
    segment: _Segment | None = None


@dataclass
class _Session:
    user: SimUser
    created: float
    calls: int = 0


class SimModel:
    """Users, sessions, calls and recordings of one simulated TVox server.

    Time is read from ``clock`` (monotonic seconds) and turned into epoch milliseconds
    relative to the wall clock at construction, so a fake clock moves both. Ringing,
    remote hang-up and inbound calls are computed from the clock when asked; no thread.

    Args:
        config: The live switches (read on every operation).
        users: The accepted users.
        clock: Monotonic seconds.
        wall_clock: Epoch seconds, read once.
        recordings_dir: Where WAV files go; a temp dir is made on first need if ``None``.
    """

    def __init__(
        self,
        config: SimConfig,
        users: Iterable[SimUser],
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        recordings_dir: Path | None = None,
    ) -> None:
        self.config = config
        self.recordings_dir = recordings_dir
        self._users = {user.username: user for user in users}
        self._clock = clock
        self._mono0 = clock()
        self._epoch0 = wall_clock()
        self._lock = threading.RLock()
        self._sessions: dict[str, _Session] = {}
        self._issued: list[str] = []
        self._calls: dict[str, _Call] = {}
        self._recordings: list[RecordingInfo] = []
        self._listed_at: dict[int, float] = {}  # recording id -> when search may find it
        self._lost: set[int] = set()  # recordings the server "failed to store"
        self._lose_next = 0
        self._losses = random.Random(config.seed + 2)
        self._next_inbound: dict[str, float] = {}
        self._ids = random.Random(config.seed)
        self._callers = random.Random(config.seed + 1)
        self._node = f"{self._ids.getrandbits(40):010x}"
        self._seq = self._ids.randrange(100, 900)

    # --- users and sessions ---------------------------------------------------------------

    def user(self, username: str) -> SimUser | None:
        """The user called ``username``, if any."""
        return self._users.get(username)

    def user_by_email(self, email: str) -> SimUser | None:
        """The user whose e-mail is ``email`` (case-insensitive), if any."""
        wanted = email.strip().lower()
        return next((u for u in self._users.values() if u.email.lower() == wanted), None)

    def authenticate(self, username: str, password: str) -> SimUser | None:
        """The user if the password is right, else ``None``."""
        user = self._users.get(username)
        given, known = password.encode(), (user.password if user else "").encode()
        if user is None or not hmac.compare_digest(given, known):
            return None
        return user

    def open_session(self, user: SimUser) -> str:
        """A new session id for ``user``."""
        session_id = secrets.token_hex(16).upper()
        self._issued.append(session_id)
        with self._lock:
            self._sessions[session_id] = _Session(user, self._clock())
        return session_id

    def issued_session_ids(self) -> list[str]:
        """Every session id handed out so far (tests check none of them leaks to disk)."""
        with self._lock:
            return list(self._issued)

    def session_user(self, session_id: str | None) -> SimUser | None:
        """The user of a live session, counting one call on it; ``None`` when expired."""
        if not session_id:
            return None
        with self._lock:
            session = self._sessions.get(session_id)
            if session is None:
                return None
            lifetime, max_calls = self.config.session_lifetime, self.config.session_max_calls
            too_old = lifetime is not None and self._clock() - session.created >= lifetime
            if too_old or (max_calls is not None and session.calls >= max_calls):
                del self._sessions[session_id]
                log.info("session of %s expired", session.user.username)
                return None
            session.calls += 1
            return session.user

    def expire_sessions(self) -> None:
        """Forget every session, as a server restart or timeout would."""
        with self._lock:
            self._sessions.clear()

    # --- calls ----------------------------------------------------------------------------

    def dial(
        self,
        user: SimUser,
        number: str,
        *,
        record: bool = False,
        rec_file_name: str | None = None,
        service: str | None = None,
        job_label: str = "",
        access_code: str = "",
    ) -> str:
        """Place an outbound call for ``user`` and return its id."""
        with self._lock:
            now = self._clock()
            after = self.config.remote_hangup_after
            call = self._new_call(
                user, number, OUTBOUND, service, now, None if after is None else now + after
            )
            call.job_label, call.access_code = job_label, access_code
            if record:
                call.segment = _Segment(now, rec_file_name, "AUTOMATIC")
            log.info("call %s: %s dials %s", call.call_id, user.username, number)
            return call.call_id

    def add_inbound(self, user: SimUser, number: str, service: str | None = None) -> str:
        """Ring ``user`` with an inbound service call from ``number``; return its id."""
        with self._lock:
            now = self._clock()
            return self._new_call(user, number, INBOUND, service, now, None).call_id

    def hangup(self, call_id: str) -> None:
        """End an active call.

        Raises:
            RpcFault: CallNotFoundException if the call is unknown or ended.
        """
        with self._lock:
            now = self._refresh()
            call = self._calls.get(call_id)
            if call is None or call.ended_at is not None:
                raise no_active_call()
            self._end(call, now)

    def is_call_of(self, username: str, call_id: str) -> bool:
        """Whether ``call_id`` names a call (active or ended) of ``username``."""
        with self._lock:
            call = self._calls.get(call_id)
            return call is not None and call.user.username == username

    def rec_on(self, username: str, call_id: str | None, rec_file_name: str | None = None) -> str:
        """Start a segment on the call (``None``: the user's newest active call).

        Returns:
            The recorded call's id.

        Raises:
            RpcFault: CallNotFoundException, or RecordingAlreadyActiveException.
        """
        with self._lock:
            now = self._refresh()
            call = self._active_call(username, call_id)
            if call.segment is not None:
                raise app_error(RECORDING_ALREADY_ACTIVE, "Recording already active")
            call.segment = _Segment(now, rec_file_name, "ON_DEMAND")
            return call.call_id

    def rec_off(self, username: str, call_id: str) -> RecordingInfo:
        """Stop the running segment and write its WAV file.

        Raises:
            RpcFault: CallNotFoundException, or RecordingNotActiveException.
        """
        with self._lock:
            now = self._refresh()
            call = self._active_call(username, call_id)
            if call.segment is None:
                raise app_error(RECORDING_NOT_ACTIVE, "Recording not active")
            return self._close_segment(call, now)

    def current_calls(self, user: SimUser) -> list[CallInfo]:
        """The user's ringing or answered calls, newest first (may generate an inbound one)."""
        with self._lock:
            now = self._clock()
            if self.config.inbound_calls and user.is_agent:
                self._maybe_inbound(user, now)
            self._refresh()
            mine = sorted(self._live(user.username), key=_order, reverse=True)
            return [self._info(c, now) for c in mine]

    def calls(self) -> list[CallInfo]:
        """Every call so far, ended ones included, oldest first."""
        with self._lock:
            now = self._refresh()
            return [self._info(c, now) for c in sorted(self._calls.values(), key=_order)]

    def recordings(self) -> list[RecordingInfo]:
        """Every written segment, oldest first (lost and unprocessed ones included)."""
        with self._lock:
            self._refresh()
            return list(self._recordings)

    def searchable_recordings(self) -> list[RecordingInfo]:
        """What ``searchRecordedCall`` sees: stored segments whose processing is done."""
        with self._lock:
            now = self._refresh()
            return [
                rec
                for rec in self._recordings
                if rec.id not in self._lost and self._listed_at.get(rec.id, 0.0) <= now
            ]

    def lose_next_recording(self, count: int = 1) -> None:
        """The next ``count`` recording segments are never stored (a per-call fault)."""
        with self._lock:
            self._lose_next += count

    # --- internals (lock held) ------------------------------------------------------------

    def _new_call(
        self,
        user: SimUser,
        number: str,
        direction: str,
        service: str | None,
        created: float,
        hangup_at: float | None,
    ) -> _Call:
        self._seq += 1
        epoch = int(self._epoch_ms(created) // 1000)
        call_id = f"{epoch}.{self._seq}@{self._node}"
        answer_at = created + max(self.config.ring_time, 0.0)
        call = _Call(
            call_id, self._seq, user, number, direction, service, created, answer_at, hangup_at
        )
        self._calls[call_id] = call
        return call

    def _maybe_inbound(self, user: SimUser, now: float) -> None:
        every = max(self.config.inbound_every, 0.01)
        due = self._next_inbound.setdefault(user.username, now + self.config.inbound_first_after)
        if due > now:
            return
        due += ((now - due) // every) * every
        rng = self._callers
        if rng.random() < 0.5:
            number = "+393" + "".join(str(rng.randrange(10)) for _ in range(9))
        else:
            number = "+3902" + "".join(str(rng.randrange(10)) for _ in range(8))
        service = rng.choice(_SERVICES)
        self._new_call(user, number, INBOUND, service, due, due + self.config.inbound_duration)
        self._next_inbound[user.username] = due + every

    def _active_call(self, username: str, call_id: str | None) -> _Call:
        if call_id is None:
            mine = self._live(username)
            if not mine:
                raise no_active_call()
            return max(mine, key=_order)
        call = self._calls.get(call_id)
        if call is None or call.ended_at is not None or call.user.username != username:
            raise no_active_call()
        return call

    def _live(self, username: str) -> list[_Call]:
        calls = self._calls.values()
        return [c for c in calls if c.user.username == username and c.ended_at is None]

    def _refresh(self) -> float:
        now = self._clock()
        for call in self._calls.values():
            if call.ended_at is None and call.hangup_at is not None and now >= call.hangup_at:
                log.info("call %s: remote party hung up", call.call_id)
                self._end(call, call.hangup_at)
        return now

    def _end(self, call: _Call, at: float) -> None:
        call.ended_at = at
        if call.segment is not None:
            self._close_segment(call, at)

    def _close_segment(self, call: _Call, at: float) -> RecordingInfo:
        segment = call.segment
        assert segment is not None
        call.segment = None
        seconds = max(at - segment.started, 0.0)
        start_ms = self._epoch_ms(segment.started)
        stem = safe_stem(segment.rec_file_name or "")
        if not stem:
            stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(start_ms / 1000))
            stem = f"{stamp}_{safe_stem(call.call_id)}"
        if self.recordings_dir is None:
            self.recordings_dir = Path(tempfile.mkdtemp(prefix="tvox-sim-rec-"))
        path = write_wav(self.recordings_dir, stem, seconds, self.config.max_audio_seconds)
        outbound = call.direction == OUTBOUND
        info = RecordingInfo(
            id=len(self._recordings) + 1,
            call_id=call.call_id,
            file_name=path.name,
            custom_file_name=segment.rec_file_name,
            start_time=start_ms,
            duration=round(seconds),
            direction=call.direction,
            user=call.user.username,
            clid=call.user.exten if outbound else call.number,
            dnis=call.number if outbound else _SERVICE_DNIS,
            type=segment.type,
            path=path,
        )
        self._recordings.append(info)
        self._listed_at[info.id] = at + self.config.recording_delay
        if self._lose_next > 0 or self._losses.random() < self.config.lose_recordings:
            self._lose_next = max(0, self._lose_next - 1)
            self._lost.add(info.id)
            log.info("call %s: recording %s lost (simulated)", call.call_id, path.name)
        log.info("call %s: recording written to %s", call.call_id, path.name)
        return info

    def _info(self, call: _Call, now: float) -> CallInfo:
        if call.ended_at is not None:
            state = ENDED
        else:
            state = ANSWERED if now >= call.answer_at else RINGING
        return CallInfo(
            call_id=call.call_id,
            username=call.user.username,
            number=call.number,
            direction=call.direction,
            state=state,
            start_time=self._epoch_ms(call.created),
            service=call.service,
            recording=call.segment is not None,
            job_label=call.job_label,
            access_code=call.access_code,
        )

    def _epoch_ms(self, mono: float) -> int:
        return round((self._epoch0 + mono - self._mono0) * 1000)


def _order(call: _Call) -> tuple[float, int]:
    return call.created, call.seq
