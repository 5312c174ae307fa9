"""The simulator's switches and fault injection settings, in one mutable dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

RecDialect = Literal["seed", "callid", "both"]
FaultKind = Literal["http_error", "truncated_json", "wrong_id", "wrong_jsonrpc", "drop_connection"]

REC_DIALECTS: tuple[str, ...] = get_args(RecDialect)
FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)


@dataclass
class SimConfig:
    """Everything the vendor docs leave open, plus fault injection.

    The simulator reads the live object on every request, so tests may change fields
    while it runs (``sim.config.set_cookie = False``). Replacing a whole dict or set is
    safer than mutating it in place while requests are in flight.

    Attributes:
        server_version: First element of ``getVersion``'s result.
        webapi_version: Second element of ``getVersion``'s result; ``login`` requires it.
        set_cookie: Send ``Set-Cookie: JSESSIONID=...; Path=/tvox`` on login.
        callid_as_object: ``dialNumber`` answers ``{"callId": id}`` instead of a bare string.
        rec_dialect: Params ``recOn`` accepts: ``seed`` ``[username, recFileName?]``,
            ``callid`` ``[username, callId, recFileName?]``, or ``both``.
        unauth_as_http401: Refuse unauthenticated calls with HTTP 401 and an HTML page
            instead of a JSON-RPC NotAuthenticatedException.
        ring_time: Seconds a new call stays RINGING before it is ANSWERED.
        remote_hangup_after: The remote party hangs up this many seconds after a dialed
            call started (``None``: never).
        inbound_calls: Generate inbound service calls when ``getServiceCurrentCalls`` asks.
        inbound_every: Seconds between generated inbound calls of one agent.
        inbound_first_after: Seconds from an agent's first poll to the first inbound call.
        inbound_duration: Seconds a generated inbound call lasts unless hung up.
        seed: Seed of the random numbers (call ids, inbound callers).
        max_audio_seconds: Cap on the audio written per recording segment.
        latency: Seconds to sleep before answering, per method name.
        session_max_calls: A session expires after this many authenticated calls.
        session_lifetime: A session expires this many seconds after login.
        http_error: Per method, answer this HTTP status with a proxy's HTML page; the
            request never reaches the method (it is still logged in ``received``).
        truncated_json: Methods whose JSON answer is cut in half (the method runs).
        wrong_id: Methods answered with another ``id`` (the method runs).
        wrong_jsonrpc: Methods answered with ``"jsonrpc": "1.0"`` (the method runs).
        drop_connection: Methods whose connection is closed without an answer after the
            method ran (a dialed call exists, the client never hears of it).
        recording_delay: Seconds after a recording segment ends before
            ``searchRecordedCall`` finds it (servers process audio before listing it).
        lose_recordings: Fraction (0..1) of recording segments the server never stores.
    """

    server_version: str = "10.26.32"
    webapi_version: str = "10.26.0"
    set_cookie: bool = True
    callid_as_object: bool = False
    rec_dialect: RecDialect = "both"
    unauth_as_http401: bool = False
    ring_time: float = 0.0
    remote_hangup_after: float | None = None
    inbound_calls: bool = False
    inbound_every: float = 30.0
    inbound_first_after: float = 0.0
    inbound_duration: float = 20.0
    seed: int = 0
    max_audio_seconds: float = 60.0
    latency: dict[str, float] = field(default_factory=dict)
    session_max_calls: int | None = None
    session_lifetime: float | None = None
    http_error: dict[str, int] = field(default_factory=dict)
    truncated_json: set[str] = field(default_factory=set)
    wrong_id: set[str] = field(default_factory=set)
    wrong_jsonrpc: set[str] = field(default_factory=set)
    drop_connection: set[str] = field(default_factory=set)
    recording_delay: float = 0.0
    lose_recordings: float = 0.0

    def persistent_fault(self, method: str) -> tuple[FaultKind, int] | None:
        """The persistent fault configured for ``method`` and its HTTP status, if any.

        When several are configured, the first of ``http_error``, ``drop_connection``,
        ``truncated_json``, ``wrong_id``, ``wrong_jsonrpc`` wins.
        """
        status = self.http_error.get(method)
        if status is not None:
            return "http_error", status
        checks: tuple[tuple[FaultKind, set[str]], ...] = (
            ("drop_connection", self.drop_connection),
            ("truncated_json", self.truncated_json),
            ("wrong_id", self.wrong_id),
            ("wrong_jsonrpc", self.wrong_jsonrpc),
        )
        for kind, methods in checks:
            if method in methods:
                return kind, 0
        return None
