"""Typed values the TVox WebAPI client returns and accepts."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple, TypeVar

from tvox_panel.webapi.errors import ProtocolError

log = logging.getLogger("tvox_panel.webapi")
_Item = TypeVar("_Item")

PRIVILEGED_ROLES = frozenset({"TVOX_SUPERVISOR", "TVOX_SUPERUSER", "TVOX_ADMIN"})
#: Characters in any text field of a call or a recording (call id, number, service, state,
#: file name, user...): a TVox call id is about 25, a number or a SIP address a few dozen.
#: Anything far longer is not one, and would be carried into the call log, the window, the
#: event stream and CRM links. An item with such a field is left out of its list.
MAX_FIELD_CHARS = 256


class Versions(NamedTuple):
    """The answer of ``getVersion``: server version and WebAPI version."""

    server: str
    webapi: str

    @classmethod
    def from_result(cls, result: Any) -> Versions:
        if (
            isinstance(result, list)
            and len(result) >= 2
            and all(isinstance(v, str) and v for v in result[:2])
        ):
            return cls(result[0], result[1])
        raise ProtocolError("getVersion did not return [serverVersion, webApiVersion]")


class LoginInfo(NamedTuple):
    """Who the panel is logged in as. The session id is deliberately not kept here."""

    username: str
    name: str = ""
    surname: str = ""
    roles: tuple[str, ...] = ()
    permissions: tuple[str, ...] = ()
    status: str = ""

    @property
    def display_name(self) -> str:
        full = f"{self.name} {self.surname}".strip()
        return full or self.username

    @property
    def is_privileged(self) -> bool:
        """True for a Supervisor or Superuser login (the docs require one for the WebAPI)."""
        return any(role.upper() in PRIVILEGED_ROLES for role in self.roles)

    @property
    def main_role(self) -> str:
        """The most powerful role, without the ``TVOX_`` prefix, for the status line."""
        for role in ("TVOX_SUPERUSER", "TVOX_ADMIN", "TVOX_SUPERVISOR", "TVOX_AGENT"):
            if role in (r.upper() for r in self.roles):
                return role.removeprefix("TVOX_").capitalize()
        return self.roles[0] if self.roles else ""


def _str_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value if isinstance(v, (str, int)))
    return ()


def _first(obj: Mapping[str, Any], *keys: str, default: Any = None) -> Any:
    for key in keys:
        if obj.get(key) is not None:
            return obj[key]
    return default


def usable(
    method: str, parse: Callable[[Any], _Item], items: Iterable[Any]
) -> tuple[list[_Item], int]:
    """The items of a list answer the panel can use, and how many were left out.

    One call or recording the panel cannot read (a field far too long, no id) must not cost
    the rest of the list: the agent's other calls are still followed, and the other
    recordings still verified. What is left out is logged.
    """
    kept: list[_Item] = []
    left_out: list[str] = []
    for item in items:
        try:
            kept.append(parse(item))
        except ProtocolError as error:
            left_out.append(str(error))
    if left_out:
        log.warning("%s: %d item(s) left out: %s", method, len(left_out), left_out[0])
    return kept, len(left_out)


def _text(method: str, what: str, value: Any) -> str:
    """``value`` as text, refused when it is longer than any real one."""
    text = str(value)
    if len(text) > MAX_FIELD_CHARS:
        raise ProtocolError(f"{method} returned a {what} of {len(text)} characters")
    return text


def call_id_text(method: str, value: Any) -> str:
    """A call id the server returned, as text: a string or a number, of a sane length,
    without control characters (it goes into the log, event lines and CRM links)."""
    if not isinstance(value, (str, int)):
        raise ProtocolError(f"{method} returned a call without an id")
    text = _text(method, "call id", value)
    if not text.isprintable():
        raise ProtocolError(f"{method} returned a call id with control characters")
    return text


class CurrentCall(NamedTuple):
    """One of the agent's current service calls (``getServiceCurrentCalls``)."""

    call_id: str
    number: str = ""
    direction: str = ""
    state: str = ""
    started_at: float | None = None
    service: str | None = None
    recording: bool = False

    @classmethod
    def from_result(cls, obj: Any) -> CurrentCall:
        if not isinstance(obj, Mapping):
            raise ProtocolError("getServiceCurrentCalls returned an item that is not an object")
        method = "getServiceCurrentCalls"
        start = _first(obj, "startTime", "start", "startDate")
        service = _first(obj, "service", "serviceCode")

        def text(what: str, *keys: str) -> str:
            return _text(method, what, _first(obj, *keys, default=""))

        return cls(
            call_id=call_id_text(method, _first(obj, "callId", "id", "uniqueId", "uniqueid")),
            number=text("number", "number", "remoteNumber", "clid", "dnis"),
            direction=text("direction", "direction").upper(),
            state=text("call state", "state", "status").upper(),
            started_at=float(start) / 1000.0 if isinstance(start, (int, float)) else None,
            service=None if service is None else _text(method, "service", service),
            recording=bool(_first(obj, "recording", "recorded", default=False)),
        )


class RecordedCall(NamedTuple):
    """One recording found by ``searchRecordedCall``."""

    file_name: str
    call_id: str = ""
    custom_file_name: str = ""
    started_at: float | None = None
    duration: float = 0.0
    direction: str = ""
    user: str = ""
    clid: str = ""
    dnis: str = ""

    @classmethod
    def from_result(cls, obj: Any) -> RecordedCall:
        if not isinstance(obj, Mapping):
            raise ProtocolError("searchRecordedCall returned an item that is not an object")
        method = "searchRecordedCall"
        start = _first(obj, "startTime", "date", "start")
        duration = _first(obj, "duration", default=0)

        def text(what: str, *keys: str) -> str:
            return _text(method, what, _first(obj, *keys, default=""))

        return cls(
            file_name=text("file name", "fileName"),
            call_id=text("call id", "callId", "uniqueId"),
            custom_file_name=text("file name", "customFileName"),
            started_at=float(start) / 1000.0 if isinstance(start, (int, float)) else None,
            duration=float(duration) if isinstance(duration, (int, float)) else 0.0,
            direction=text("direction", "direction"),
            user=text("user", "user", "username"),
            clid=text("number", "clid"),
            dnis=text("number", "dnis"),
        )


class RecordedCallPage(NamedTuple):
    """A page of ``searchRecordedCall`` results; ``left_out`` counts items it could not read."""

    items: tuple[RecordedCall, ...]
    total: int
    left_out: int = 0

    @classmethod
    def from_result(cls, result: Any) -> RecordedCallPage:
        if isinstance(result, list):
            items = result
            total = len(result)
        elif isinstance(result, Mapping):
            items = _first(result, "content", "items", "results", default=[])
            total_raw = _first(result, "totalElements", "total", default=len(items))
            total = int(total_raw) if isinstance(total_raw, (int, float)) else len(items)
        else:
            raise ProtocolError("searchRecordedCall returned neither a list nor a page object")
        if not isinstance(items, list):
            raise ProtocolError("searchRecordedCall returned a page without a list")
        kept, left_out = usable("searchRecordedCall", RecordedCall.from_result, items)
        return cls(tuple(kept), total, left_out)


def _epoch_ms(moment: datetime | float) -> int:
    if isinstance(moment, datetime):
        return int(moment.timestamp() * 1000)
    return int(moment * 1000)


class Criterion(NamedTuple):
    """One search criterion: ``{"operation": OP, "value": V}``."""

    operation: str
    value: Any


SEARCH_CRITERIA = (
    "startFrom",
    "startTo",
    "users",
    "exten",
    "direction",
    "services",
    "clid",
    "dnis",
    "duration",
    "note",
    "userSites",
    "fileName",
    "customFileName",
    "externalData",
    "type",
)


@dataclass(frozen=True)
class RecordingSearch:
    """A typed builder for the single object parameter of ``searchRecordedCall``.

    ``start_from`` and ``start_to`` are required by the server; times are datetimes or
    epoch seconds and go on the wire as epoch milliseconds.
    """

    start_from: datetime | float
    start_to: datetime | float
    include_start: bool = True
    include_end: bool = True
    criteria: Mapping[str, Criterion] = field(default_factory=dict)
    page: int = 1
    size: int = 10
    sort_field: str = "date"
    descending: bool = False

    def where(self, name: str, operation: str, value: Any) -> RecordingSearch:
        """Return a copy with one more criterion (names as the server spells them)."""
        if name not in SEARCH_CRITERIA or name in ("startFrom", "startTo"):
            raise ValueError(f"unknown or reserved search criterion {name!r}")
        merged = dict(self.criteria)
        merged[name] = Criterion(operation, value)
        return RecordingSearch(
            self.start_from,
            self.start_to,
            self.include_start,
            self.include_end,
            merged,
            self.page,
            self.size,
            self.sort_field,
            self.descending,
        )

    def users(self, *names: str) -> RecordingSearch:
        return self.where("users", "IN", sorted(set(names)))

    def direction(self, inbound: bool) -> RecordingSearch:
        return self.where("direction", "EQ", "INBOUND" if inbound else "OUTBOUND")

    def file_name(self, text: str) -> RecordingSearch:
        return self.where("customFileName", "LIKE", text)

    def to_param(self) -> dict[str, Any]:
        if self.sort_field not in ("date", "duration"):
            raise ValueError("sort_field must be 'date' or 'duration'")
        if self.page < 1 or not 1 <= self.size <= 1000:
            raise ValueError("page must be >= 1 and size between 1 and 1000")
        criterias: dict[str, Any] = {
            "startFrom": {
                "operation": "GE" if self.include_start else "GT",
                "value": _epoch_ms(self.start_from),
            },
            "startTo": {
                "operation": "LE" if self.include_end else "LT",
                "value": _epoch_ms(self.start_to),
            },
        }
        for name, crit in self.criteria.items():
            criterias[name] = {"operation": crit.operation, "value": crit.value}
        return {
            "criterias": criterias,
            "exclusions": None,
            "page": self.page,
            "size": self.size,
            "sortField": self.sort_field,
            "sortOrder": "DESC" if self.descending else "ASC",
        }
