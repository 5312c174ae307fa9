"""Recording file names from a template: safe on every file system, unique per segment."""

from __future__ import annotations

import re
import string
from datetime import datetime

DEFAULT_TEMPLATE = "{date}_{time}_{number}_{agent}"
FIELDS = ("date", "time", "number", "agent", "callid", "segment")
MAX_LENGTH = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9+_.-]+")


class BadTemplate(ValueError):
    """The template names an unknown field or is not a valid format string."""


def check_template(template: str) -> None:
    """Raise :class:`BadTemplate` unless every ``{field}`` is one of :data:`FIELDS`."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise BadTemplate(f"unbalanced braces in {template!r}") from exc
    for _, name, spec, conv in parsed:
        if name is None:
            continue
        if name not in FIELDS or spec or conv:
            raise BadTemplate(f"unknown field {{{name}}} (use {', '.join(FIELDS)})")


def sanitise(name: str) -> str:
    """Keep letters, digits, ``+ _ . -``; no leading dot, no path, bounded length."""
    cleaned = _UNSAFE.sub("_", name).strip("._-")
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    return cleaned[:MAX_LENGTH].rstrip("._-") or "recording"


def render(
    template: str,
    *,
    number: str,
    agent: str,
    call_id: str | None,
    segment: int,
    when: datetime | None = None,
) -> str:
    """The file name for one recording segment.

    Segment 1 uses the template as is; later segments of the same call get ``_2``,
    ``_3``... so that a second ``recOn`` never overwrites the first recording, unless
    the template already contains ``{segment}``.
    """
    check_template(template)
    moment = when or datetime.now()
    values = {
        "date": moment.strftime("%Y%m%d"),
        "time": moment.strftime("%H%M%S"),
        "number": number,
        "agent": agent,
        "callid": call_id or "",
        "segment": str(segment),
    }
    name = sanitise(template.format(**values))
    if segment > 1 and "{segment}" not in template:
        name = f"{name[: MAX_LENGTH - 8]}_{segment}"
    return name
