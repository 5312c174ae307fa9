"""The call log's file format: the SQLite schema, one migration step per version."""

from __future__ import annotations

# Each entry moves the schema up one version; entry i leaves PRAGMA user_version = i + 1.
# Append new steps; never edit a released one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            started_at REAL NOT NULL,
            ended_at REAL,
            number TEXT NOT NULL,
            direction TEXT NOT NULL,
            call_id TEXT,
            outcome TEXT NOT NULL,
            reason TEXT,
            recorded INTEGER NOT NULL DEFAULT 0,
            rec_files TEXT NOT NULL DEFAULT '[]',
            job_label TEXT NOT NULL DEFAULT '',
            service_code TEXT NOT NULL DEFAULT '',
            agent TEXT NOT NULL DEFAULT ''
        )""",
        # Index entries end with the rowid, so this one also serves ORDER BY started_at, id.
        "CREATE INDEX calls_started_at ON calls (started_at)",
        "CREATE INDEX calls_number ON calls (number)",
    ),
    (
        # The number as the log view's filter searches it (calllog_search.number_key).
        "ALTER TABLE calls ADD COLUMN number_key TEXT NOT NULL DEFAULT ''",
        """UPDATE calls SET number_key = lower(replace(replace(replace(replace(replace(replace(
            number, ' ', ''), '.', ''), '-', ''), '(', ''), ')', ''), '/', ''))""",
        # What the filter's full-text index holds, with ASCII letters lowered as LIKE ignores.
        """CREATE VIEW calls_search AS SELECT id, number_key, lower(job_label) AS job_label,
            lower(call_id) AS call_id FROM calls""",
    ),
    (
        # The calls still in flight: a handful at most, found at start-up without a scan.
        "CREATE INDEX calls_in_progress ON calls (id) WHERE outcome = 'in_progress'",
    ),
    (
        # Whether the server stored the call's recordings: '' (nothing to check), pending,
        # verified, missing or unverified (the server's answer could not be read).
        "ALTER TABLE calls ADD COLUMN rec_check TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE calls ADD COLUMN rec_check_tries INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE calls ADD COLUMN rec_check_next REAL",
        # What the server said: its file name and duration, or why it could not be checked.
        "ALTER TABLE calls ADD COLUMN rec_check_note TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX calls_rec_check ON calls (rec_check) WHERE rec_check != ''",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
