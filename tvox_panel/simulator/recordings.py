"""Recorded segments: WAV files on disk, safe file names, and the metadata search."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from tvox_panel.simulator.rpc import invalid_params

SAMPLE_RATE = 8000
MIN_AUDIO_SECONDS = 0.1
_TONE_PERIOD = 20  # samples: 400 Hz at 8 kHz
_TONE_AMPLITUDE = 1000  # about -30 dBFS: a quiet tone

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class RecordingInfo(NamedTuple):
    """Metadata of one recorded segment, as ``searchRecordedCall`` reports it.

    Attributes:
        id: Sequence number, unique per simulator.
        call_id: The recorded call.
        file_name: Name of the WAV file in the recordings folder.
        custom_file_name: ``recFileName`` as the client gave it, or ``None``.
        start_time: Segment start, epoch milliseconds.
        duration: Segment length in whole seconds (rounded).
        direction: ``OUTBOUND`` or ``INBOUND``.
        user: The agent's username.
        clid: Calling number.
        dnis: Called number.
        type: ``AUTOMATIC`` (``recordCall`` on dial) or ``ON_DEMAND`` (``recOn``).
        path: Full path of the WAV file.
    """

    id: int
    call_id: str
    file_name: str
    custom_file_name: str | None
    start_time: int
    duration: int
    direction: str
    user: str
    clid: str
    dnis: str
    type: str
    path: Path

    def to_json(self) -> dict[str, Any]:
        """The ``content`` item of ``searchRecordedCall``."""
        return {
            "id": self.id,
            "callId": self.call_id,
            "fileName": self.file_name,
            "customFileName": self.custom_file_name,
            "startTime": self.start_time,
            "duration": self.duration,
            "direction": self.direction,
            "user": self.user,
            "clid": self.clid,
            "dnis": self.dnis,
            "type": self.type,
        }


def safe_stem(name: str) -> str:
    """``name`` made safe for a file name: no separators, no ``..``, no leading dot."""
    stem = name.strip()
    if stem.lower().endswith(".wav"):
        stem = stem[:-4]
    stem = _UNSAFE.sub("_", stem)
    while ".." in stem:
        stem = stem.replace("..", ".")
    return stem.strip("._")[:120]


def write_wav(folder: Path, stem: str, seconds: float, max_seconds: float) -> Path:
    """Write a quiet-tone WAV (8 kHz, mono, 16-bit) without overwriting a file.

    The name is ``stem.wav``, else ``stem-1.wav``, ``stem-2.wav``, ... whichever is free.
    The audio lasts ``seconds``, at least 0.1 s and at most ``max_seconds``.
    """
    import wave  # only once a call is recorded: the demo starts without it

    folder.mkdir(parents=True, exist_ok=True)
    length = min(max(seconds, MIN_AUDIO_SECONDS), max(max_seconds, MIN_AUDIO_SECONDS))
    frames = _tone(round(length * SAMPLE_RATE))
    suffix = 0
    while True:
        path = folder / (f"{stem}-{suffix}.wav" if suffix else f"{stem}.wav")
        try:
            handle = path.open("xb")
        except FileExistsError:
            suffix += 1
            continue
        with handle, wave.open(handle, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(SAMPLE_RATE)
            wav.writeframes(frames)
        return path


def _tone(samples: int) -> bytes:
    """``samples`` 16-bit little-endian samples of a quiet triangle-ish tone."""
    period = bytearray()
    for i in range(_TONE_PERIOD):
        phase = i / _TONE_PERIOD
        value = int(_TONE_AMPLITUDE * (4 * abs(phase - 0.5) - 1))
        period += value.to_bytes(2, "little", signed=True)
    whole, rest = divmod(samples, _TONE_PERIOD)
    return bytes(period) * whole + bytes(period[: rest * 2])


# --- searchRecordedCall -------------------------------------------------------------------

_NUMERIC_OPS = {"EQ", "NE", "GT", "GE", "LT", "LE"}
_STRING_FIELDS = {"clid": "clid", "dnis": "dnis", "fileName": "file_name"}
_SORT_FIELDS = {"date": "start_time", "duration": "duration"}


def search(records: Sequence[RecordingInfo], query: Any) -> dict[str, Any]:
    """Answer ``searchRecordedCall`` for ``query`` over ``records``.

    Supported criteria: ``startFrom`` (GT/GE, required), ``startTo`` (LT/LE, required),
    ``users`` (a list or one name), ``direction``, ``type`` (a value or a list),
    ``duration`` (EQ/NE/GT/GE/LT/LE, seconds), and the strings ``clid``, ``dnis``,
    ``fileName``, ``customFileName``: ``EQ`` is an exact match, any other operation a
    case-insensitive substring match. A criterion whose ``value`` is null is no filter, as in
    the vendor's example. Other criteria are ignored. ``exclusions`` takes
    the same criteria and drops records matching any of them. Pages count from 1.

    Raises:
        RpcFault: -32602 for a malformed query.
    """
    if not isinstance(query, dict):
        raise invalid_params("searchRecordedCall expects one object")
    criterias = query.get("criterias")
    if not isinstance(criterias, dict):
        raise invalid_params("criterias must be an object")
    for required in ("startFrom", "startTo"):
        if required not in criterias:
            raise invalid_params(f"criteria {required} is required")
    exclusions = query.get("exclusions")
    if exclusions is not None and not isinstance(exclusions, dict):
        raise invalid_params("exclusions must be an object or null")
    page = _positive_int(query.get("page", 1), "page")
    size = _positive_int(query.get("size", 10), "size")
    sort_field = query.get("sortField", "date")
    sort_order = query.get("sortOrder", "ASC")
    if sort_field not in _SORT_FIELDS:
        raise invalid_params("sortField must be date or duration")
    if sort_order not in ("ASC", "DESC"):
        raise invalid_params("sortOrder must be ASC or DESC")

    include = [_criterion(name, spec) for name, spec in criterias.items() if _used(name, spec)]
    exclude = [
        _criterion(name, spec) for name, spec in (exclusions or {}).items() if _used(name, spec)
    ]
    found = [
        rec
        for rec in records
        if all(test(rec) for test in include) and not any(test(rec) for test in exclude)
    ]
    key = _SORT_FIELDS[sort_field]
    found.sort(key=lambda rec: (getattr(rec, key), rec.id), reverse=sort_order == "DESC")
    start = (page - 1) * size
    return {
        "content": [rec.to_json() for rec in found[start : start + size]],
        "totalElements": len(found),
        "page": page,
        "size": size,
    }


def _used(name: Any, spec: Any) -> bool:
    """False for a criterion whose value is null: the vendor's own example lists every
    criterion that way, meaning "no filter" (the required time bounds are always used)."""
    required = name in ("startFrom", "startTo")
    return required or not (isinstance(spec, dict) and spec.get("value") is None)


def _positive_int(value: Any, name: str) -> int:
    if type(value) is not int or value < 1:
        raise invalid_params(f"{name} must be a positive integer")
    return value


class _Test:
    """One criterion as a predicate over a record."""

    def __init__(self, name: str, op: str, value: Any) -> None:
        self.name, self.op, self.value = name, op, value

    def __call__(self, rec: RecordingInfo) -> bool:
        name, op, value = self.name, self.op, self.value
        if name in ("startFrom", "startTo"):
            return _compare(op, rec.start_time, value)
        if name == "duration":
            return _compare(op, rec.duration, value)
        if name == "users":
            return rec.user in _as_strings(value)
        if name == "direction":
            return rec.direction in _as_strings(value)
        if name == "type":
            return rec.type in _as_strings(value)
        if name in _STRING_FIELDS:
            return _text_match(op, getattr(rec, _STRING_FIELDS[name]), value)
        if name == "customFileName":
            return _text_match(op, rec.custom_file_name or "", value)
        return True


def _criterion(name: Any, spec: Any) -> _Test:
    if not isinstance(spec, dict) or not isinstance(spec.get("operation"), str):
        raise invalid_params(f"criteria {name} must be {{operation, value}}")
    op, value = spec["operation"].upper(), spec.get("value")
    numeric = name in ("startFrom", "startTo", "duration")
    if numeric and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise invalid_params(f"criteria {name} needs a number")
    allowed = {"startFrom": {"GT", "GE"}, "startTo": {"LT", "LE"}, "duration": _NUMERIC_OPS}
    if name in allowed and op not in allowed[name]:
        raise invalid_params(f"criteria {name} does not support {op}")
    if name in ("users", "direction", "type") and not _is_strings(value):
        raise invalid_params(f"criteria {name} needs a string or a list of strings")
    if (name in _STRING_FIELDS or name == "customFileName") and not isinstance(value, str):
        raise invalid_params(f"criteria {name} needs a string")
    return _Test(str(name), op, value)


def _compare(op: str, actual: float, value: float) -> bool:
    return {
        "EQ": actual == value,
        "NE": actual != value,
        "GT": actual > value,
        "GE": actual >= value,
        "LT": actual < value,
        "LE": actual <= value,
    }[op]


def _is_strings(value: Any) -> bool:
    if isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _as_strings(value: str | Iterable[str]) -> set[str]:
    return {value} if isinstance(value, str) else set(value)


def _text_match(op: str, actual: str, value: str) -> bool:
    if op == "EQ":
        return actual == value
    return value.lower() in actual.lower()
