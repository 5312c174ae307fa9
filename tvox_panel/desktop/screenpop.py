"""Screen-pop: the customer's record opened when a call starts, from a URL or a program.

The templates take the call's fields in braces: ``{number}`` (as the server gave it),
``{e164}``, ``{callid}``, ``{agent}``, ``{service}``, ``{direction}`` (``inbound`` or
``outbound``). In a URL each value is percent-encoded; a program gets them as separate
arguments and never goes through a shell, so no caller's number can run anything.
"""

from __future__ import annotations

import os
import shlex
import string
import subprocess
import sys
from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import quote

FIELDS = ("number", "e164", "callid", "agent", "service", "direction")


class BadPopTemplate(ValueError):
    """A screen-pop template names an unknown field or is malformed."""


class PopFields(NamedTuple):
    """The values a screen-pop template can use."""

    number: str
    e164: str
    callid: str
    agent: str
    service: str
    direction: str

    def as_map(self) -> Mapping[str, str]:
        return self._asdict()


def e164(number: str, region: str) -> str:
    """``number`` in E.164 (``+390212345678``), or as given when it is not a phone number."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, region or None)
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_possible_number(parsed):
        return number
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def check_template(template: str) -> None:
    """Raise :class:`BadPopTemplate` unless every field of ``template`` is known."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise BadPopTemplate(str(exc)) from None
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            raise BadPopTemplate(f"unknown field {{{name}}}; use {', '.join(FIELDS)}")


def render_url(template: str, fields: PopFields) -> str:
    """The URL to open, every field value percent-encoded."""
    check_template(template)
    values = {k: quote(v, safe="") for k, v in fields.as_map().items()}
    return template.format_map(values)


def check_command(template: str) -> list[str]:
    """The words of a command template, split like a shell would; raise BadPopTemplate."""
    try:
        words = shlex.split(template, posix=os.name != "nt")
    except ValueError as exc:
        raise BadPopTemplate(str(exc)) from None
    if not words:
        raise BadPopTemplate("no program")
    for word in words:
        check_template(word)
    return words


def render_command(template: str, fields: PopFields) -> list[str]:
    """The program and its arguments: split like a shell would, then filled in, one value
    per argument whatever it holds."""
    return [word.format_map(fields.as_map()) for word in check_command(template)]


def run_detached(argv: list[str]) -> None:
    """Start ``argv`` on its own, without a shell, a console or our standard streams.

    Raises:
        OSError: the program cannot be started.
    """
    options: dict[str, object] = {}
    if sys.platform == "win32":
        options["creationflags"] = subprocess.CREATE_NO_WINDOW | subprocess.DETACHED_PROCESS
    else:
        options["start_new_session"] = True
    subprocess.Popen(  # noqa: S603 - a list, never a shell
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
        **options,  # type: ignore[call-overload]
    )
