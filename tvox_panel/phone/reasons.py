"""The agent's words for why a number cannot be dialled, in any language (no Qt).

The GUI passes Qt's translator, the command line the catalogue reader of ``tvox_panel.i18n``:
both read the same catalogue entries (context ``messages``).
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str, str], str]


def reason_text(code: str, translate: Translate) -> str:
    """One translated line for a :class:`tvox_panel.phone.numbers.Reason` code."""
    texts = {
        "empty": translate("messages", "Type a number to call."),
        "not_text": translate("messages", "This is not a phone number."),
        "control_character": translate(
            "messages", "The number contains control characters or line breaks."
        ),
        "pause_character": translate(
            "messages", "Pauses and tones (';' or ',') cannot be dialled."
        ),
        "letters": translate("messages", "The number contains letters."),
        "invalid_character": translate(
            "messages", "The number contains a character that cannot be dialled."
        ),
        "misplaced_plus": translate("messages", "'+' may only stand at the start of the number."),
        "symbol_in_international": translate(
            "messages", "'*' and '#' cannot be part of an international number."
        ),
        "no_digits": translate("messages", "The number has no digits."),
        "too_long": translate("messages", "The number is too long (at most 32 digits)."),
        "unsupported_scheme": translate("messages", "This kind of link cannot be dialled."),
        "not_a_phone_number": translate("messages", "The link does not hold a phone number."),
        "malformed_uri": translate("messages", "The link is malformed."),
        "bad_options": translate("messages", "The number settings are invalid."),
    }
    return texts.get(code, translate("messages", "This number cannot be dialled."))
