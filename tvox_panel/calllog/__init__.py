"""The call log in SQLite: the store, its schema and migrations, search, CSV export (no Qt)."""

from tvox_panel.calllog.records import CallRecord
from tvox_panel.calllog.recovery import OpenedLog, open_call_log
from tvox_panel.calllog.store import CallLog, SchemaTooNew

__all__ = ["CallLog", "CallRecord", "OpenedLog", "SchemaTooNew", "open_call_log"]
