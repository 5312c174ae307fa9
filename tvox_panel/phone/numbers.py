"""Validate and normalise phone numbers, and find them in free text (links: number_uris)."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Literal

__all__ = [
    "DEFAULT_OPTIONS",
    "International",
    "NormalizeOptions",
    "NumberError",
    "Reason",
    "describe",
    "find_numbers",
    "is_region_code",
    "normalize",
]

International = Literal["keep", "plus", "00"]

_INTERNATIONAL_MODES: tuple[str, ...] = ("keep", "plus", "00")
_MAX_DIGITS_LIMIT = 64
# Longest input accepted before any parsing; keeps every function linear and cheap.
_MAX_INPUT_CHARS = 256
# Separators people and web pages put between digit groups (dashes of any kind count too).
_SEPARATORS = frozenset(" .-/()[]")
# "00" becomes "+" only before what can be a country code and a subscriber number.
_CONVERTIBLE_00_RE = re.compile(r"00[1-9][0-9]{6,}")


class Reason(Enum):
    """Why a number or link was refused: a stable machine code with an English default text.

    The GUI maps each member to translated text; ``value`` is the code, ``default_text`` the
    English fallback.
    """

    EMPTY = "empty"
    NOT_TEXT = "not_text"
    CONTROL_CHARACTER = "control_character"
    PAUSE_CHARACTER = "pause_character"
    LETTERS = "letters"
    INVALID_CHARACTER = "invalid_character"
    MISPLACED_PLUS = "misplaced_plus"
    SYMBOL_IN_INTERNATIONAL = "symbol_in_international"
    NO_DIGITS = "no_digits"
    TOO_LONG = "too_long"
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    NOT_A_PHONE_NUMBER = "not_a_phone_number"
    MALFORMED_URI = "malformed_uri"
    BAD_OPTIONS = "bad_options"

    @property
    def default_text(self) -> str:
        """The English text shown when no translation exists."""
        return _DEFAULT_TEXT[self]


_DEFAULT_TEXT: dict[Reason, str] = {
    Reason.EMPTY: "There is no number to dial.",
    Reason.NOT_TEXT: "The number must be text.",
    Reason.CONTROL_CHARACTER: "Line breaks and control characters are not allowed in a number.",
    Reason.PAUSE_CHARACTER: "Pauses and tones (',' ';' or post-dial digits) cannot be dialled.",
    Reason.LETTERS: "Letters are not allowed in a number.",
    Reason.INVALID_CHARACTER: "The number contains a character that cannot be dialled.",
    Reason.MISPLACED_PLUS: "'+' is only allowed at the start of a number.",
    Reason.SYMBOL_IN_INTERNATIONAL: "'*' and '#' cannot be part of an international number.",
    Reason.NO_DIGITS: "The number has no digits.",
    Reason.TOO_LONG: "The number is too long.",
    Reason.UNSUPPORTED_SCHEME: "Only tel:, callto:, sip: and sips: links can be dialled.",
    Reason.NOT_A_PHONE_NUMBER: "The link names a user, not a phone number.",
    Reason.MALFORMED_URI: "The link is not a valid phone link.",
    Reason.BAD_OPTIONS: "The number settings are not valid.",
}


class NumberError(ValueError):
    """A number or link that cannot be dialled; the only exception this module raises.

    Attributes:
        reason: the machine-readable cause, translated by the GUI.
        detail: a short English hint (the offending character, a count), possibly empty.
    """

    def __init__(self, reason: Reason, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        text = reason.default_text
        super().__init__(f"{text} ({detail})" if detail else text)


def is_region_code(region: str) -> bool:
    """True for a two-letter ISO 3166 code such as ``"IT"``."""
    return len(region) == 2 and region.isascii() and region.isalpha()


@dataclass(frozen=True)
class NormalizeOptions:
    """How numbers are normalised.

    Attributes:
        region: ISO 3166 country code for national numbers (display and search only).
        international: ``"keep"`` the prefix as typed; ``"plus"`` turns a leading ``00``
            into ``+`` (only before a country code and at least 6 more digits, so ``000``
            stays); ``"00"`` turns a leading ``+`` into ``00``.
        max_digits: the most digits a number may have.
    """

    region: str = "IT"
    international: International = "keep"
    max_digits: int = 32

    def __post_init__(self) -> None:
        region = self.region
        if not (isinstance(region, str) and is_region_code(region)):
            raise NumberError(Reason.BAD_OPTIONS, f"region {region!r}")
        object.__setattr__(self, "region", region.upper())
        if self.international not in _INTERNATIONAL_MODES:
            raise NumberError(Reason.BAD_OPTIONS, f"international {self.international!r}")
        max_digits = self.max_digits
        if (
            not isinstance(max_digits, int)
            or isinstance(max_digits, bool)
            or not 1 <= max_digits <= _MAX_DIGITS_LIMIT
        ):
            raise NumberError(Reason.BAD_OPTIONS, f"max_digits {max_digits!r}")


DEFAULT_OPTIONS = NormalizeOptions()


def _refuse_character(char: str) -> NumberError:
    shown = f"{char!r} U+{ord(char):04X}"
    if char in ";,":
        return NumberError(Reason.PAUSE_CHARACTER, shown)
    category = unicodedata.category(char)
    if category == "Cc" or category in ("Zl", "Zp"):
        return NumberError(Reason.CONTROL_CHARACTER, shown)
    if category.startswith("L"):
        return NumberError(Reason.LETTERS, shown)
    return NumberError(Reason.INVALID_CHARACTER, shown)


def _dial_characters(text: str) -> str:
    """Keep digits, ``*``, ``#`` and a leading ``+``; drop separators; refuse anything else."""
    kept: list[str] = []
    for char in text:
        if "0" <= char <= "9" or char in "*#":
            kept.append(char)
        elif char == "+":
            if kept:
                raise NumberError(Reason.MISPLACED_PLUS)
            kept.append(char)
        elif char in _SEPARATORS:
            continue
        else:
            category = unicodedata.category(char)
            if category == "Nd":
                kept.append(str(unicodedata.decimal(char)))
            elif category in ("Zs", "Pd", "Cf"):
                continue  # other spaces, dashes, invisible direction marks
            else:
                raise _refuse_character(char)
    return "".join(kept)


def normalize(text: str, options: NormalizeOptions = DEFAULT_OPTIONS) -> str:
    """Return the number to send to TVox: digits, ``*``, ``#`` and an optional leading ``+``.

    Visual separators (spaces, dots, dashes, slashes, brackets) are dropped and digits of
    any script become ASCII. Surrounding whitespace is ignored.

    Raises:
        NumberError: the text cannot be dialled; ``reason`` says why.
    """
    if not isinstance(text, str):
        raise NumberError(Reason.NOT_TEXT, type(text).__name__)
    limit = max(_MAX_INPUT_CHARS, 8 * options.max_digits)
    stripped = text.strip()
    if not stripped:
        raise NumberError(Reason.EMPTY)
    if len(stripped) > limit:
        raise NumberError(Reason.TOO_LONG, f"{len(stripped)} characters")
    for char in stripped:
        if unicodedata.category(char) == "Cc" or char in ";,\u2028\u2029":
            raise _refuse_character(char)
    folded = unicodedata.normalize("NFKC", stripped)
    if len(folded) > limit:
        raise NumberError(Reason.TOO_LONG, f"{len(folded)} characters")
    number = _dial_characters(folded)
    if _digit_count(number) == 0:
        raise NumberError(Reason.NO_DIGITS)
    if number.startswith("+") and ("*" in number or "#" in number):
        raise NumberError(Reason.SYMBOL_IN_INTERNATIONAL)
    if options.international == "plus" and _CONVERTIBLE_00_RE.fullmatch(number):
        number = "+" + number[2:]
    elif options.international == "00" and number.startswith("+"):
        number = "00" + number[1:]
    digits = _digit_count(number)
    if digits > options.max_digits:
        raise NumberError(Reason.TOO_LONG, f"{digits} digits, at most {options.max_digits}")
    return number


@functools.lru_cache(maxsize=256)
def describe(number: str, region: str = "IT") -> str:
    """Return a display form of ``number`` for the live preview (and every status line that
    names the number: remembered, since phonenumbers' parse is the costly part of a redraw).

    The international format (``+39 02 1234 5678``) when the number parses as a possible
    number for ``region``, else the normalised number itself (extensions, feature codes).

    Raises:
        NumberError: the number cannot be dialled, as for :func:`normalize`.
    """
    options = NormalizeOptions(region=region)
    value = normalize(number, options)
    if "*" in value or "#" in value:
        return value
    import phonenumbers

    try:
        parsed = phonenumbers.parse(value, options.region)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_possible_number(parsed):
        return value
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def find_numbers(
    text: str,
    region: str = "IT",
    min_digits: int = 3,
    max_digits: int = 15,
    limit: int = 20,
) -> list[str]:
    """The phone numbers in free text, normalised: see :func:`intext.find_phone_numbers`."""
    from tvox_panel.phone.intext import find_phone_numbers

    return [
        found.number for found in find_phone_numbers(text, region, min_digits, max_digits, limit)
    ]


def _digit_count(number: str) -> int:
    return sum(char.isdigit() for char in number)
