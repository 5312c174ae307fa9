"""TVox WebAPI client (JSON-RPC 2.0 over HTTP, on requests).

The names below load on first use (PEP 562): the panel's GUI thread reads the error classes
and the address parser without importing requests, which only the worker thread loads.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_HOMES = {
    "tvox_panel.webapi.address": ("BadServerAddress", "ServerAddress", "parse_server"),
    "tvox_panel.webapi.client": ("InsecureTransport", "RecDialect", "TVoxClient"),
    "tvox_panel.webapi.errors": (
        "AuthError", "BadCaBundle", "InvalidParams", "MethodNotFound", "NoActiveCall",
        "OutcomeUnknown", "ProtocolError", "RpcError", "SessionRefused", "TransportError",
        "TVoxError", "Unreachable",
    ),
    "tvox_panel.webapi.types": (
        "CurrentCall", "LoginInfo", "RecordedCall", "RecordedCallPage", "RecordingSearch",
        "Versions",
    ),
}  # fmt: skip
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = [
    "AuthError",
    "BadCaBundle",
    "BadServerAddress",
    "CurrentCall",
    "InsecureTransport",
    "InvalidParams",
    "LoginInfo",
    "MethodNotFound",
    "NoActiveCall",
    "OutcomeUnknown",
    "ProtocolError",
    "RecDialect",
    "RecordedCall",
    "RecordedCallPage",
    "RecordingSearch",
    "RpcError",
    "ServerAddress",
    "SessionRefused",
    "TVoxClient",
    "TVoxError",
    "TransportError",
    "Unreachable",
    "Versions",
    "parse_server",
]

if TYPE_CHECKING:
    from tvox_panel.webapi.address import BadServerAddress, ServerAddress, parse_server
    from tvox_panel.webapi.client import InsecureTransport, RecDialect, TVoxClient
    from tvox_panel.webapi.errors import (
        AuthError,
        BadCaBundle,
        InvalidParams,
        MethodNotFound,
        NoActiveCall,
        OutcomeUnknown,
        ProtocolError,
        RpcError,
        SessionRefused,
        TransportError,
        TVoxError,
        Unreachable,
    )
    from tvox_panel.webapi.types import (
        CurrentCall,
        LoginInfo,
        RecordedCall,
        RecordedCallPage,
        RecordingSearch,
        Versions,
    )


def __getattr__(name: str) -> Any:
    module = _HOME_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
