"""TVox Panel: click-to-dial and call recording for TVox contact-centre agents."""

from __future__ import annotations

APP_NAME = "tvox-panel"
#: The AppStream component id, the desktop entry's name and the icon's name (reverse DNS of the
#: project's home, https://github.com/tvox-panel/tvox-panel).
APP_ID = "io.github.tvox_panel.tvox_panel"
DISTRIBUTION = "tvox-panel"


def version() -> str:
    """The installed version, from the package metadata (pyproject.toml is the one source).

    A PyInstaller bundle carries the same metadata; a source tree that was never installed
    answers ``"0+unknown"``.
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version(DISTRIBUTION)
    except PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> str:
    # __version__ is looked up on first use, not at import (nothing works at import time).
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
