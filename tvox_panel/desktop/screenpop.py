"""Screen-pop: the customer's record opened when a call starts, from a URL or a program.

The templates take the call's fields in braces: ``{number}`` (as the server gave it),
``{e164}``, ``{callid}``, ``{agent}``, ``{service}``, ``{direction}`` (``inbound`` or
``outbound``). In a URL each value is percent-encoded; a program gets them as separate
arguments and never goes through a shell, so no caller's number can run anything.
"""

from __future__ import annotations

import os
import re
import shlex
import string
import subprocess
import sys
from collections.abc import Mapping
from typing import NamedTuple
from urllib.parse import quote

FIELDS = ("number", "e164", "callid", "agent", "service", "direction")
# What a field may hold when it reaches a program: the values come from the server (a
# caller's id is whatever the network says), and a program may be a batch file that cmd.exe
# reads, or take a value starting with "-" as an option.
_NUMBER_CHARS = re.compile(r"[^0-9+*#]")
_TEXT_CHARS = re.compile(r"[^A-Za-z0-9._@:+ -]")
_REFUSED_PROGRAMS = (".bat", ".cmd")


class BadPopTemplate(ValueError):
    """A screen-pop template names an unknown field or is malformed."""


class PopFields(NamedTuple):
    """The values a screen-pop template can use (see :meth:`safe` for a program's)."""

    number: str
    e164: str
    callid: str
    agent: str
    service: str
    direction: str

    def as_map(self) -> Mapping[str, str]:
        return self._asdict()

    def safe(self) -> PopFields:
        """The values cut to what each field can hold, none starting with ``-``: what a
        program may be given on its command line."""

        def text(value: str) -> str:
            return _TEXT_CHARS.sub("", value)[:200].lstrip("-")

        return PopFields(
            number=_NUMBER_CHARS.sub("", self.number)[:40],
            e164=_NUMBER_CHARS.sub("", self.e164)[:40],
            callid=text(self.callid),
            agent=text(self.agent),
            service=text(self.service),
            direction=text(self.direction),
        )


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
    if os.name == "nt":  # Windows splitting keeps the quotes around a path with spaces
        words = [w[1:-1] if len(w) > 1 and w[0] == w[-1] == '"' else w for w in words]
    if not words:
        raise BadPopTemplate("no program")
    if words[0].lower().endswith(_REFUSED_PROGRAMS):
        raise BadPopTemplate("a batch file would pass the call's values to cmd.exe")
    for word in words:
        check_template(word)
    return words


def render_command(template: str, fields: PopFields) -> list[str]:
    """The program and its arguments: split like a shell would, then filled in, one value
    per argument, each cut to what its field can hold (:meth:`PopFields.safe`)."""
    values = fields.safe().as_map()
    return [word.format_map(values) for word in check_command(template)]


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
