"""The one mapping from exceptions and refusal reasons to translated, one-line user text."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

log = logging.getLogger("tvox_panel.messages")
CTX = "messages"


def _t(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def number_reason(code: str) -> str:
    """Translated text for a :class:`tvox_panel.numbers.Reason` code."""
    texts = {
        "empty": _t("Type a number to call."),
        "not_text": _t("This is not a phone number."),
        "control_character": _t("The number contains control characters or line breaks."),
        "pause_character": _t("Pauses and tones (';' or ',') cannot be dialled."),
        "letters": _t("The number contains letters."),
        "invalid_character": _t("The number contains a character that cannot be dialled."),
        "misplaced_plus": _t("'+' may only stand at the start of the number."),
        "symbol_in_international": _t("'*' and '#' cannot be part of an international number."),
        "no_digits": _t("The number has no digits."),
        "too_long": _t("The number is too long (at most 32 digits)."),
        "unsupported_scheme": _t("This kind of link cannot be dialled."),
        "not_a_phone_number": _t("The link does not hold a phone number."),
        "malformed_uri": _t("The link is malformed."),
        "bad_options": _t("The number settings are invalid."),
    }
    return texts.get(code, _t("This number cannot be dialled."))


def user_text(error: BaseException) -> str:
    """One translated line for any error; never a traceback, never a secret."""
    from ..numbers import NumberError
    from ..recnames import BadTemplate
    from ..webapi import errors as e
    from ..webapi.address import BadServerAddress

    if isinstance(error, NumberError):
        return number_reason(error.reason.value)
    if isinstance(error, BadServerAddress):
        return _t("The server address is not valid: {0}").format(error)
    if isinstance(error, BadTemplate):
        return _t("The recording name template is not valid: {0}").format(error)
    if isinstance(error, e.AuthError):
        return _t("Login refused: check the user name and password.")
    if isinstance(error, e.OutcomeUnknown):
        return _t("No answer from the server: the request may have been carried out.")
    if isinstance(error, e.Unreachable):
        if "tls" in str(error):
            return _t("Cannot connect securely: the server certificate was not accepted.")
        return _t("Cannot reach the TVox server.")
    if isinstance(error, e.ProtocolError):
        if error.status and error.status >= 500:
            return _t("The TVox server is in trouble (HTTP {0}).").format(error.status)
        return _t("The server gave an answer the panel does not understand.")
    if isinstance(error, e.NoActiveCall):
        return _t("The call is over.")
    if isinstance(error, e.InvalidParams):
        return _t("The server refused the request's parameters.")
    if isinstance(error, e.MethodNotFound):
        return _t("This TVox server does not offer this function.")
    if isinstance(error, e.RpcError):
        return _t("The server refused: {0}").format(error.message or error.exception_type)
    log.error("unexpected error shown to the user", exc_info=error)
    return _t("Unexpected error: {0}").format(type(error).__name__)
