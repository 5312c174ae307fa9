"""The call log in SQLite: the store, its schema and migrations, search, CSV export (no Qt)."""

from tvox_panel.calllog.records import CallRecord
from tvox_panel.calllog.store import CallLog, SchemaTooNew

__all__ = ["CallLog", "CallRecord", "SchemaTooNew"]
