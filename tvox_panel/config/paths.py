"""Where the panel keeps its files: platformdirs locations, or one tree under TVOX_PANEL_HOME."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from collections.abc import Sequence
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
    """Directory for runtime files such as sockets (``$TVOX_PANEL_HOME/run`` when overridden).

    Without ``XDG_RUNTIME_DIR`` (a login by ``su`` or ``ssh``, a minimal desktop) the fallback
    is chosen quietly and kept private: see :func:`private_runtime_dir`.

    Raises:
        PermissionError: the fallback exists but another user could reach into it.
    """
    home = _home_override()
    if home is not None:
        return home / "run"
    if sys.platform not in ("win32", "darwin") and not os.environ.get("XDG_RUNTIME_DIR"):
        return private_runtime_dir()
    return Path(platformdirs.user_runtime_dir(APP_NAME, appauthor=False))


def _private(path: Path) -> bool:
    """True for a real directory (not a link) owned by this user, closed to everyone else."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    )


def private_runtime_dir() -> Path:
    """The runtime directory when ``XDG_RUNTIME_DIR`` is unset (Unix).

    ``/run/user/<uid>/tvox-panel`` when the login's own runtime directory exists and is
    private, else ``<temp dir>/tvox-panel-<uid>``: the panel creates it with mode 0700, and it
    is refused when it exists and is not private to this user (someone made it first).

    Raises:
        PermissionError: the temporary directory exists but is not private to this user.
    """
    uid = os.getuid()
    login = Path("/run/user") / str(uid)
    if _private(login):
        return login / APP_NAME
    fallback = Path(tempfile.gettempdir()) / f"{APP_NAME}-{uid}"
    if (fallback.exists() or fallback.is_symlink()) and not _private(fallback):
        raise PermissionError(f"{fallback} is not private to this user")
    return fallback


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


def _move_unless_taken(source: Path, target: Path) -> bool:
    """Rename ``source`` to ``target`` unless ``target`` exists; True when moved."""
    try:
        os.link(source, target)  # fails if the name is taken: nothing is ever overwritten
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links
        if target.exists():
            return False
        os.rename(source, target)
        return True
    os.unlink(source)
    return True


def set_aside(path: Path, companions: Sequence[str] = (), *, now: float | None = None) -> Path:
    """Move a file the panel cannot read out of the way, keeping it; return its new path.

    The new name is ``<name>.broken-YYYYMMDD-HHMMSS`` (local time), with ``-2``, ``-3``...
    when a file of that name already exists: an earlier broken copy is never overwritten.
    Files named ``<path><suffix>`` for each suffix in ``companions`` (an SQLite database's
    ``-wal`` and ``-shm``) move along under the new name plus the same suffix.

    Raises:
        OSError: the file could not be moved.
    """
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    base = f"{path.name}.broken-{stamp}"
    for attempt in range(1, 1000):
        name = base if attempt == 1 else f"{base}-{attempt}"
        target = path.with_name(name)
        taken = any(Path(f"{target}{suffix}").exists() for suffix in companions)
        if not taken and _move_unless_taken(path, target):
            break
    else:
        raise FileExistsError(f"no free name for a broken copy of {path}")
    for suffix in companions:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            _move_unless_taken(companion, Path(f"{target}{suffix}"))
    return target
