"""A TVox WebAPI simulator: real loopback HTTP, call and recording state, fault injection."""

from __future__ import annotations

from tvox_panel.simulator.calls import CallInfo
from tvox_panel.simulator.config import FAULT_KINDS, REC_DIALECTS, FaultKind, RecDialect, SimConfig
from tvox_panel.simulator.model import SimModel
from tvox_panel.simulator.recordings import RecordingInfo
from tvox_panel.simulator.rpc import RpcFault
from tvox_panel.simulator.server import Received, Simulator
from tvox_panel.simulator.transport import ENDPOINT
from tvox_panel.simulator.users import DEFAULT_USERS, SimUser, parse_user_spec

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
