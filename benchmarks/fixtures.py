"""Test data for the benchmarks: a call log of any size, and a settings file for a panel."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

BIG_LOG_ROWS = 100_000
SMALL_LOG_ROWS = 100
USER, PASSWORD, AGENT = "supervisor", "supervisor", "mrossi"
NUMBER_POOL = 5_000
FILTER_NUMBER = "0245500007"
"""A number every synthetic log holds FILTER_MATCHES times, evenly spread: what the filter
looks for. The same matches in a log of any size, so that a filter's figure compares the
logs' sizes, not how many rows each paints."""
FILTER_MATCHES = 20


def _number(index: int, rows: int) -> str:
    spacing = max(rows // FILTER_MATCHES, 1)
    if index % spacing == 7 % spacing:
        return FILTER_NUMBER
    return f"02455{index % NUMBER_POOL:05d}"


def _records(rows: int, seed: int) -> Iterator[Any]:
    from tvox_panel.calllog import CallRecord

    rng = random.Random(seed)
    now = time.time()
    step = 365 * 86400 / max(rows, 1)
    for i in range(rows):
        started = now - (rows - i) * step
        inbound = rng.random() < 0.3
        recorded = rng.random() < 0.2
        yield CallRecord(
            id=0,
            started_at=started,
            ended_at=started + rng.uniform(5, 600),
            number=_number(i, rows),
            direction="in" if inbound else "out",
            outcome="answered" if inbound else "placed",
            call_id=f"{int(started)}.{i}@bench",
            recorded=recorded,
            rec_files=(f"rec_{i}.wav",) if recorded else (),
            job_label=rng.choice(("", "Support", "Sales", "Billing")),
            agent=AGENT,
        )


def make_call_log(path: Path, rows: int, seed: int = 1) -> Path:
    """Create (or replace) a call log file at ``path`` holding ``rows`` synthetic calls."""
    from tvox_panel.calllog import CallLog

    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with CallLog(path) as log:
        log.bulk_add(_records(rows, seed))
    return path


def write_settings(home: Path, server: str, **overrides: Any) -> Path:
    """Write ``home``'s settings file for a panel that logs in to ``server`` by itself."""
    from tvox_panel.config.settings import Settings

    values: dict[str, Any] = {
        "server": server,
        "username": USER,
        "agent": AGENT,
        "close_to_tray": False,
        "language": "en",
    }
    values.update(overrides)
    return Settings(**values).save(home / "config" / "settings.json")


def panel_log_path(home: Path) -> Path:
    """Where a panel started with ``TVOX_PANEL_HOME=home`` keeps its call log."""
    from tvox_panel.config import paths

    return home / "data" / paths.CALLLOG_FILE_NAME
