"""The one mapping from exceptions and refusal reasons to translated, one-line user text."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

log = logging.getLogger("tvox_panel.messages")
CTX = "messages"


def number_reason(code: str) -> str:
    """Translated text for a :class:`tvox_panel.phone.numbers.Reason` code."""
    texts = {
        "empty": QCoreApplication.translate("messages", "Type a number to call."),
        "not_text": QCoreApplication.translate("messages", "This is not a phone number."),
        "control_character": QCoreApplication.translate(
            "messages", "The number contains control characters or line breaks."
        ),
        "pause_character": QCoreApplication.translate(
            "messages", "Pauses and tones (';' or ',') cannot be dialled."
        ),
        "letters": QCoreApplication.translate("messages", "The number contains letters."),
        "invalid_character": QCoreApplication.translate(
            "messages", "The number contains a character that cannot be dialled."
        ),
        "misplaced_plus": QCoreApplication.translate(
            "messages", "'+' may only stand at the start of the number."
        ),
        "symbol_in_international": QCoreApplication.translate(
            "messages", "'*' and '#' cannot be part of an international number."
        ),
        "no_digits": QCoreApplication.translate("messages", "The number has no digits."),
        "too_long": QCoreApplication.translate(
            "messages", "The number is too long (at most 32 digits)."
        ),
        "unsupported_scheme": QCoreApplication.translate(
            "messages", "This kind of link cannot be dialled."
        ),
        "not_a_phone_number": QCoreApplication.translate(
            "messages", "The link does not hold a phone number."
        ),
        "malformed_uri": QCoreApplication.translate("messages", "The link is malformed."),
        "bad_options": QCoreApplication.translate("messages", "The number settings are invalid."),
    }
    return texts.get(code, QCoreApplication.translate("messages", "This number cannot be dialled."))


def user_text(error: BaseException) -> str:
    """One translated line for any error; never a traceback, never a secret."""
    from tvox_panel.phone.numbers import NumberError
    from tvox_panel.phone.recnames import BadTemplate
    from tvox_panel.webapi import errors as e
    from tvox_panel.webapi.address import BadServerAddress

    if isinstance(error, NumberError):
        return number_reason(error.reason.value)
    if isinstance(error, BadServerAddress):
        return QCoreApplication.translate(
            "messages", "The server address is not valid: {0}"
        ).format(error)
    if isinstance(error, BadTemplate):
        return QCoreApplication.translate(
            "messages", "The recording name template is not valid: {0}"
        ).format(error)
    if isinstance(error, e.BadCaBundle):
        return QCoreApplication.translate(
            "messages", "The CA certificate file cannot be used: {0} ({1})."
        ).format(error.path, error.reason)
    if isinstance(error, e.SessionRefused):
        return QCoreApplication.translate(
            "messages",
            "The server refuses this user's requests right after login: "
            "check that the user has Supervisor rights.",
        )
    if isinstance(error, e.AuthError):
        return QCoreApplication.translate(
            "messages", "Login refused: check the user name and password."
        )
    if isinstance(error, e.OutcomeUnknown):
        return QCoreApplication.translate(
            "messages", "No answer from the server: the request may have been carried out."
        )
    if isinstance(error, e.Unreachable):
        if "tls" in str(error):
            return QCoreApplication.translate(
                "messages", "Cannot connect securely: the server certificate was not accepted."
            )
        return QCoreApplication.translate("messages", "Cannot reach the TVox server.")
    if isinstance(error, e.ProtocolError):
        if error.status and error.status >= 500:
            return QCoreApplication.translate(
                "messages", "The TVox server is in trouble (HTTP {0})."
            ).format(error.status)
        return QCoreApplication.translate(
            "messages", "The server gave an answer the panel does not understand."
        )
    if isinstance(error, e.NoActiveCall):
        return QCoreApplication.translate("messages", "The call is over.")
    if isinstance(error, e.InvalidParams):
        return QCoreApplication.translate(
            "messages", "The server refused the request's parameters."
        )
    if isinstance(error, e.MethodNotFound):
        return QCoreApplication.translate(
            "messages", "This TVox server does not offer this function."
        )
    if isinstance(error, e.RpcError):
        return QCoreApplication.translate("messages", "The server refused: {0}").format(
            error.message or error.exception_type
        )
    log.error("unexpected error shown to the user", exc_info=error)
    return QCoreApplication.translate("messages", "Unexpected error: {0}").format(
        type(error).__name__
    )
