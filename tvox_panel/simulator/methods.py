"""The WebAPI methods: positional-param validation, session check, and their results."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable
from typing import Any

from tvox_panel.simulator.model import SimModel
from tvox_panel.simulator.recordings import search
from tvox_panel.simulator.rpc import (
    AUTHENTICATION,
    ILLEGAL_ARGUMENT,
    METHOD_NOT_FOUND,
    USER_NOT_FOUND,
    NotAuthenticatedFault,
    RpcFault,
    app_error,
    invalid_params,
)
from tvox_panel.simulator.users import SimUser

log = logging.getLogger("tvox_panel.simulator")

PUBLIC_METHODS = frozenset({"getVersion", "login"})
"""Methods that work without a session."""

_NONE = type(None)
_STR: tuple[type, ...] = (str,)
_OPT_STR: tuple[type, ...] = (str, _NONE)
_BOOL: tuple[type, ...] = (bool,)
_DIAL = (_STR, _STR, _STR, _STR, _BOOL, _OPT_STR, _BOOL, _OPT_STR)
_NUMBER = re.compile(r"^\+?[0-9*#]{1,32}$")


def check_params(params: list[Any], specs: tuple[tuple[type, ...], ...], minimum: int = -1) -> None:
    """Raise -32602 unless ``params`` has ``minimum..len(specs)`` items of the given types.

    Each spec is a tuple of accepted types; ``bool`` matches only ``True``/``False`` and
    ``NoneType`` matches ``null``.
    """
    low = len(specs) if minimum < 0 else minimum
    if not low <= len(params) <= len(specs):
        expected = str(low) if low == len(specs) else f"{low} to {len(specs)}"
        raise invalid_params(f"expected {expected} params, got {len(params)}")
    for index, (value, spec) in enumerate(zip(params, specs, strict=False), start=1):
        if not any(_is(value, kind) for kind in spec):
            raise invalid_params(f"param {index} has the wrong type")


def _is(value: Any, kind: type) -> bool:
    if kind is bool:
        return type(value) is bool
    if kind is _NONE:
        return value is None
    return isinstance(value, kind) and not isinstance(value, bool)


class Dispatcher:
    """Runs one JSON-RPC method against the model.

    Args:
        model: The server state; its ``config`` is read on every call.
    """

    def __init__(self, model: SimModel) -> None:
        self.model = model
        self._methods: dict[str, Callable[[list[Any]], Any]] = {
            "getVersion": self._get_version,
            "login": self._login,
            "dialNumber": self._dial_number,
            "dialNumberByEmail": self._dial_number_by_email,
            "recOn": self._rec_on,
            "recOff": self._rec_off,
            "hangupCall": self._hangup_call,
            "getServiceCurrentCalls": self._get_service_current_calls,
            "searchRecordedCall": self._search_recorded_call,
            "sendSms": self._send_sms,
        }

    @property
    def method_names(self) -> list[str]:
        """The methods this server knows."""
        return list(self._methods)

    def call(self, method: str, params: list[Any], session_id: str | None) -> Any:
        """The result of ``method``; unknown method first, then session, then params.

        Raises:
            RpcFault: Any JSON-RPC error (``NotAuthenticatedFault`` without a live session).
        """
        handler = self._methods.get(method)
        if handler is None:
            raise RpcFault(METHOD_NOT_FOUND, "Method not found", {"message": method})
        if method not in PUBLIC_METHODS and self.model.session_user(session_id) is None:
            raise NotAuthenticatedFault()
        return handler(params)

    # --- methods --------------------------------------------------------------------------

    def _get_version(self, params: list[Any]) -> Any:
        check_params(params, ())
        config = self.model.config
        return [config.server_version, config.webapi_version]

    def _login(self, params: list[Any]) -> Any:
        check_params(params, (_STR, _STR, _STR))
        version, username, password = params
        expected = self.model.config.webapi_version
        if version != expected:
            raise app_error(ILLEGAL_ARGUMENT, f"Unsupported WebAPI version {version!r}")
        user = self.model.authenticate(username, password)
        if user is None:
            log.info("login refused for %r", username)
            raise app_error(AUTHENTICATION, "Invalid username or password")
        session_id = self.model.open_session(user)
        log.info("login of %s", user.username)
        return {
            "sessionId": session_id,
            "username": user.username,
            "name": user.name,
            "surname": user.surname,
            "profileRoles": list(user.roles),
            "userPermissions": user.permissions,
            "logged": True,
            "accessToken": secrets.token_urlsafe(32),
            "status": "AVAILABLE",
        }

    def _dial_number(self, params: list[Any]) -> Any:
        check_params(params, _DIAL)
        return self._dial(self.model.user(params[0]), params)

    def _dial_number_by_email(self, params: list[Any]) -> Any:
        check_params(params, _DIAL)
        return self._dial(self.model.user_by_email(params[0]), params)

    def _dial(self, agent: SimUser | None, params: list[Any]) -> Any:
        who, number, access_code, job_label, record, rec_file_name, return_id, service = params
        if agent is None or not agent.is_agent:
            raise app_error(USER_NOT_FOUND, f"Agent not found: {who}")
        _check_number(number)
        call_id = self.model.dial(
            agent,
            number,
            record=record,
            rec_file_name=rec_file_name,
            service=service or None,
            job_label=job_label,
            access_code=access_code,
        )
        if not return_id:
            return None
        return {"callId": call_id} if self.model.config.callid_as_object else call_id

    def _rec_on(self, params: list[Any]) -> Any:
        dialect = self.model.config.rec_dialect
        if dialect == "seed":
            check_params(params, (_STR, _OPT_STR), minimum=1)
            callid_form = False
        elif dialect == "callid":
            check_params(params, (_STR, _STR, _OPT_STR), minimum=2)
            callid_form = True
        else:
            check_params(params, (_STR, _OPT_STR, _OPT_STR), minimum=1)
            second = params[1] if len(params) > 1 else None
            callid_form = len(params) == 3 or (
                isinstance(second, str)
                and "@" in second
                and self.model.is_call_of(params[0], second)
            )
            if len(params) == 3 and not isinstance(second, str):
                raise invalid_params("param 2 has the wrong type")
        username = self._user(params[0]).username
        if callid_form:
            rec_file_name = params[2] if len(params) == 3 else None
            self.model.rec_on(username, params[1], rec_file_name)
        else:
            self.model.rec_on(username, None, params[1] if len(params) == 2 else None)
        return None

    def _rec_off(self, params: list[Any]) -> Any:
        check_params(params, (_STR, _STR))
        self.model.rec_off(self._user(params[0]).username, params[1])
        return None

    def _hangup_call(self, params: list[Any]) -> Any:
        check_params(params, (_STR,))
        self.model.hangup(params[0])
        return None

    def _get_service_current_calls(self, params: list[Any]) -> Any:
        check_params(params, (_STR,))
        return [call.to_json() for call in self.model.current_calls(self._user(params[0]))]

    def _search_recorded_call(self, params: list[Any]) -> Any:
        check_params(params, ((dict,),))
        return search(self.model.searchable_recordings(), params[0])

    def _send_sms(self, params: list[Any]) -> Any:
        check_params(params, (_STR, _STR))
        _check_number(params[0])
        log.info("SMS of %d characters sent", len(params[1]))
        return True

    def _user(self, username: str) -> SimUser:
        user = self.model.user(username)
        if user is None:
            raise app_error(USER_NOT_FOUND, f"User not found: {username}")
        return user


def _check_number(number: str) -> None:
    if not _NUMBER.match(number.replace(" ", "")):
        raise app_error(ILLEGAL_ARGUMENT, "Invalid number")
