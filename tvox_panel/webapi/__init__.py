"""TVox WebAPI client (JSON-RPC 2.0 over HTTP); the standard library only."""

from tvox_panel.webapi.address import BadServerAddress, ServerAddress, parse_server
from tvox_panel.webapi.client import InsecureTransport, RecDialect, TVoxClient
from tvox_panel.webapi.errors import (
    AuthError,
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

__all__ = [
    "AuthError",
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
