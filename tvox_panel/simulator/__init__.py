"""A TVox WebAPI simulator: real loopback HTTP, call and recording state, fault injection."""

from __future__ import annotations

from .calls import CallInfo
from .config import FAULT_KINDS, REC_DIALECTS, FaultKind, RecDialect, SimConfig
from .model import SimModel
from .recordings import RecordingInfo
from .rpc import RpcFault
from .server import Received, Simulator
from .transport import ENDPOINT
from .users import DEFAULT_USERS, SimUser, parse_user_spec

__all__ = [
    "DEFAULT_USERS",
    "ENDPOINT",
    "FAULT_KINDS",
    "REC_DIALECTS",
    "CallInfo",
    "FaultKind",
    "Received",
    "RecDialect",
    "RecordingInfo",
    "RpcFault",
    "SimConfig",
    "SimModel",
    "SimUser",
    "Simulator",
    "parse_user_spec",
]
