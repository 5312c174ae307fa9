"""JSON-RPC error codes, Java exception names and the fault type the simulator answers with."""

from __future__ import annotations

from typing import Any

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
APPLICATION_ERROR = -32001

_EXC = "com.telenia.tvox.webapi.exception."
NOT_AUTHENTICATED = _EXC + "NotAuthenticatedException"
AUTHENTICATION = _EXC + "AuthenticationException"
CALL_NOT_FOUND = _EXC + "CallNotFoundException"
USER_NOT_FOUND = _EXC + "UserNotFoundException"
RECORDING_ALREADY_ACTIVE = _EXC + "RecordingAlreadyActiveException"
RECORDING_NOT_ACTIVE = _EXC + "RecordingNotActiveException"
ILLEGAL_ARGUMENT = "java.lang.IllegalArgumentException"


class RpcFault(Exception):
    """A JSON-RPC error object the simulator answers with.

    Attributes:
        code: The JSON-RPC error code.
        message: The error's ``message`` member.
        data: The error's ``data`` member (``None`` leaves it out).
    """

    def __init__(self, code: int, message: str, data: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.data = data

    def to_json(self) -> dict[str, Any]:
        """The error object for the response body."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return error


class NotAuthenticatedFault(RpcFault):
    """The request carried no valid session cookie."""

    def __init__(self) -> None:
        message = "User not authenticated"
        super().__init__(
            APPLICATION_ERROR,
            message,
            {"exceptionTypeName": NOT_AUTHENTICATED, "message": message},
        )


def app_error(exception_type: str, message: str) -> RpcFault:
    """A Java application exception as the server reports it (code -32001)."""
    return RpcFault(
        APPLICATION_ERROR, message, {"exceptionTypeName": exception_type, "message": message}
    )


def invalid_params(detail: str) -> RpcFault:
    """A -32602 fault; ``detail`` goes into ``data.message``."""
    return RpcFault(INVALID_PARAMS, "Invalid params", {"message": detail})


def no_active_call() -> RpcFault:
    """The CallNotFoundException every call-related method answers with."""
    return app_error(CALL_NOT_FOUND, "No active call")
