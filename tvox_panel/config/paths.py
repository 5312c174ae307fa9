"""Where the panel keeps its files: platformdirs locations, or one tree under TVOX_PANEL_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from tvox_panel import APP_NAME

HOME_ENV = "TVOX_PANEL_HOME"
SETTINGS_FILE_NAME = "settings.json"
CALLLOG_FILE_NAME = "calllog.sqlite3"


def _home_override() -> Path | None:
    """Return the directory named by ``TVOX_PANEL_HOME``, or None when it is unset or empty."""
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    """Directory for settings (``$TVOX_PANEL_HOME/config`` when the override is set)."""
    home = _home_override()
    if home is not None:
        return home / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Directory for the call log (``$TVOX_PANEL_HOME/data`` when the override is set)."""
    home = _home_override()
    if home is not None:
        return home / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """Directory for the rotating log file (``$TVOX_PANEL_HOME/log`` when the override is set)."""
    home = _home_override()
    if home is not None:
        return home / "log"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def runtime_dir() -> Path:
    """Directory for runtime files such as sockets (``$TVOX_PANEL_HOME/run`` when overridden)."""
    home = _home_override()
    if home is not None:
        return home / "run"
    return Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    """Path of the JSON settings file."""
    return config_dir() / SETTINGS_FILE_NAME


def calllog_file() -> Path:
    """Path of the SQLite call log."""
    return data_dir() / CALLLOG_FILE_NAME


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only, and return it.

    An existing directory keeps its mode; only newly created ones get 0o700.
    """
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path
