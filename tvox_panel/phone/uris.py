"""Parse tel:, callto:, sip: and sips: links, or a bare number, into what to dial."""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple
from urllib.parse import unquote

from tvox_panel.phone.numbers import (
    DEFAULT_OPTIONS,
    NormalizeOptions,
    NumberError,
    Reason,
    normalize,
)

__all__ = ["DialTarget", "parse_any", "parse_uri", "parse_uri_full"]

_MAX_URI_CHARS = 2048
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):(.*)", re.DOTALL)


class DialTarget(NamedTuple):
    """What a link or command line asks to dial.

    Attributes:
        number: the normalised number to send to TVox.
        extension: digits to reach after the call is answered (``;ext=``), or None.
            TVox cannot send them; the GUI may show them to the agent.
        raw: the input as received, without surrounding whitespace.
    """

    number: str
    extension: str | None
    raw: str


def _trim_slashes(text: str) -> str:
    """Drop the ``//`` some applications put after ``tel:``/``callto:``, and a trailing ``/``."""
    text = text.strip()
    if text.startswith("//"):
        text = text[2:]
    return text.rstrip("/")


def _extension(value: str, options: NormalizeOptions) -> str:
    try:
        digits = normalize(value, NormalizeOptions(max_digits=options.max_digits))
    except NumberError as error:
        raise NumberError(Reason.MALFORMED_URI, f"extension: {error.reason.value}") from None
    if not digits.isdigit():
        raise NumberError(Reason.MALFORMED_URI, "extension must be digits")
    return digits


def _with_context(number: str, context: str) -> str:
    """Prefix a local number with a ``phone-context`` that is a global number prefix."""
    if not context.startswith("+"):
        return number  # a domain name: the number is local to it and dialled as it is
    try:
        prefix = normalize(context)
    except NumberError as error:
        raise NumberError(Reason.MALFORMED_URI, f"phone-context: {error.reason.value}") from None
    if "*" in number or "#" in number or number.lstrip().startswith("+"):
        return number  # feature codes stay local; a global number ignores its context
    return prefix + number


def _refuse_controls(text: str) -> None:
    for char in text:
        if unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            raise NumberError(Reason.CONTROL_CHARACTER, f"U+{ord(char):04X}")


def _decode(text: str) -> str:
    """Undo percent-encoding; an encoded control character is refused like a literal one."""
    decoded = unquote(text)
    _refuse_controls(decoded)
    return decoded


def _parse_subscriber(text: str, options: NormalizeOptions) -> tuple[str, str | None]:
    """Parse an RFC 3966 telephone-subscriber: a number followed by ``;name=value`` params."""
    number_part, *params = text.split(";")
    extension: str | None = None
    context: str | None = None
    for param in params:
        name, _, value = param.partition("=")
        name = _decode(name).strip().lower()
        value = _decode(value).strip()
        if name == "ext":
            extension = _extension(value, options)
        elif name == "phone-context":
            context = value
        elif name == "postd":
            raise NumberError(Reason.PAUSE_CHARACTER, "post-dial digits")
        # isub, tgrp and unknown parameters do not change the number to dial.
    number = _decode(number_part)
    if context is not None:
        number = _with_context(number, context)
    return normalize(number, options), extension


def _as_phone_number(text: str, options: NormalizeOptions) -> tuple[str, str | None]:
    """Like :func:`_parse_subscriber`, for schemes whose user part may also be a name."""
    try:
        return _parse_subscriber(text, options)
    except NumberError as error:
        if error.reason is Reason.LETTERS:
            raise NumberError(Reason.NOT_A_PHONE_NUMBER, error.detail) from None
        raise


def _parse_sip(rest: str, options: NormalizeOptions) -> tuple[str, str | None]:
    body = _trim_slashes(rest.partition("?")[0])
    userinfo, at, _host = body.rpartition("@")
    if not at:
        return _as_phone_number(body, options)  # sip:600 names no host; take it as the user
    user = userinfo.partition(":")[0]  # drop a password
    if not user.strip():
        raise NumberError(Reason.MALFORMED_URI, "no user part")
    return _as_phone_number(user, options)


def parse_uri_full(uri: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> DialTarget:
    """Parse a ``tel:``, ``callto:``, ``sip:`` or ``sips:`` link into what to dial.

    Schemes are case-insensitive and surrounding whitespace is ignored. ``tel:`` follows
    RFC 3966 (visual separators, percent-encoding, ``;ext=``, ``;phone-context=``); the
    number is normalised with ``options``.

    Raises:
        NumberError: not a supported link, or no dialable number in it.
    """
    if not isinstance(uri, str):
        raise NumberError(Reason.NOT_TEXT, type(uri).__name__)
    raw = uri.strip()
    if not raw:
        raise NumberError(Reason.EMPTY)
    if len(raw) > _MAX_URI_CHARS:
        raise NumberError(Reason.TOO_LONG, f"{len(raw)} characters")
    _refuse_controls(raw)
    match = _SCHEME_RE.fullmatch(raw)
    if match is None:
        raise NumberError(Reason.MALFORMED_URI, "no scheme")
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme == "tel":
        number, extension = _parse_subscriber(_trim_slashes(rest), options)
    elif scheme == "callto":
        number, extension = _as_phone_number(_trim_slashes(rest.partition("?")[0]), options)
    elif scheme in ("sip", "sips"):
        number, extension = _parse_sip(rest, options)
    else:
        raise NumberError(Reason.UNSUPPORTED_SCHEME, scheme[:20])
    return DialTarget(number=number, extension=extension, raw=raw)


def parse_uri(uri: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> str:
    """Return only the number of :func:`parse_uri_full`.

    Raises:
        NumberError: as for :func:`parse_uri_full`.
    """
    return parse_uri_full(uri, options).number


def parse_any(text: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> DialTarget:
    """Parse what the command line or URL handler received: a link or a bare number.

    Raises:
        NumberError: nothing dialable; ``reason`` says why.
    """
    if not isinstance(text, str):
        raise NumberError(Reason.NOT_TEXT, type(text).__name__)
    raw = text.strip()
    if _SCHEME_RE.match(raw):
        return parse_uri_full(raw, options)
    return DialTarget(number=normalize(raw, options), extension=None, raw=raw)
