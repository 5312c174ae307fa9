"""The one mapping from exceptions and refusal reasons to translated, one-line user text."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication

from tvox_panel.phone.reasons import reason_text

log = logging.getLogger("tvox_panel.messages")
CTX = "messages"


def number_reason(code: str) -> str:
    """Translated text for a :class:`tvox_panel.phone.numbers.Reason` code."""
    return reason_text(code, QCoreApplication.translate)


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
