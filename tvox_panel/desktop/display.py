"""Whether Qt can open a window here, asked before the application exists; the answer in one line.

Without a usable display Qt aborts the process (exit 134) with a hint about ``xcb-cursor0``
whatever the real gap is. Checked first, the panel can say what is missing and exit 1: no
``DISPLAY`` or ``WAYLAND_DISPLAY``, the libraries the platform plugin cannot load (from the
plugin's own dependencies), or an X server that does not answer. Linux and the BSDs only:
Windows and macOS always have their platform.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from tvox_panel.i18n.catalog import translate

# The platforms that need a display; any other (offscreen, minimal, vnc, eglfs...) is
# left to Qt.
_NEEDS_DISPLAY = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY", "wayland-egl": "WAYLAND_DISPLAY"}
_NOT_FOUND = r"^\s*(\S+)\s+=>\s+not found"  # a line of ldd's listing


def platforms(environ: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order, as it picks them on Linux."""
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return [name.split(":", 1)[0].strip() for name in requested.split(";") if name.strip()]
    if environ.get("XDG_SESSION_TYPE") == "wayland" or environ.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def find_plugin(name: str, plugin_dirs: Sequence[Path]) -> Path | None:
    """The shared object of the platform plugin ``name`` (``libq<name>.so``), if present."""
    names = [f"libq{name}.so", f"libq{name}-generic.so"]  # Qt 6.0-6.4: libqwayland-generic
    for folder in plugin_dirs:
        for file_name in names:
            candidate = folder / "platforms" / file_name
            if candidate.is_file():
                return candidate
    return None


def missing_libraries(plugin: Path) -> list[str] | None:
    """None when ``plugin`` loads; else the libraries it cannot find (``ldd`` lists them all).

    An empty list means it does not load for some other reason (a missing symbol).
    """
    import ctypes  # here, and the rest below: only where a display is needed, off offscreen
    import shutil
    import subprocess

    try:
        ctypes.CDLL(str(plugin))  # Qt loads the same file moments later: nothing extra stays
    except OSError as error:
        reason = str(error)
    else:
        return None
    ldd = shutil.which("ldd")
    if ldd is not None:
        try:
            listing = subprocess.run(  # noqa: S603 - the system's ldd on our own plugin
                [ldd, str(plugin)], capture_output=True, text=True, timeout=10, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        names = list(dict.fromkeys(re.findall(_NOT_FOUND, listing, re.MULTILINE)))
        if names:
            return names
    first = reason.split(":", 1)[0].strip()  # "libfoo.so.1: cannot open shared object file"
    return [first] if first.startswith("lib") and first != plugin.name else []


def x_server_answers(display: str) -> bool:
    """True when an X server accepts a connection on ``display`` (as Qt's xcb plugin opens it)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot tell; the plugin check has already named what is missing
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.c_void_p)
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    connection = xcb.xcb_connect(display.encode(), None)  # never NULL: an error object at worst
    try:
        return int(xcb.xcb_connection_has_error(connection)) == 0
    finally:
        xcb.xcb_disconnect(connection)


def _wayland_socket(environ: Mapping[str, str]) -> Path:
    name = environ.get("WAYLAND_DISPLAY", "")
    return Path(name) if os.path.isabs(name) else Path(environ.get("XDG_RUNTIME_DIR", "")) / name


def _check(name: str, environ: Mapping[str, str], plugin_dirs: Sequence[Path]) -> str | None:
    """Why the platform ``name`` cannot open a window, or None when it can."""
    variable = _NEEDS_DISPLAY[name]
    if not environ.get(variable):
        return translate("tvox-panel", "{0} is not set").format(variable)
    plugin = find_plugin(name, plugin_dirs)
    if plugin is not None:
        missing = missing_libraries(plugin)
        if missing is not None:
            if not missing:
                return translate("tvox-panel", "the {0} platform plugin cannot be loaded").format(
                    name
                )
            return translate(
                "tvox-panel", "the {0} platform plugin needs libraries that are missing: {1}"
            ).format(name, ", ".join(missing))
    if name == "xcb" and not x_server_answers(environ["DISPLAY"]):
        return translate("tvox-panel", "no X server answers on DISPLAY {0}").format(
            environ["DISPLAY"]
        )
    if name != "xcb" and not _wayland_socket(environ).exists():
        return translate("tvox-panel", "no Wayland compositor at {0}").format(
            _wayland_socket(environ)
        )
    return None


def display_problem(
    environ: Mapping[str, str], plugin_dirs: Sequence[Path], system: str = sys.platform
) -> str | None:
    """One line saying why no window can be opened here, or None when one can (or who knows).

    Args:
        environ: The environment the application will start with.
        plugin_dirs: Where Qt looks for plugins (``QT_PLUGIN_PATH``, then its own).
        system: ``sys.platform``.
    """
    if system in ("win32", "darwin"):
        return None
    reasons: list[str] = []
    for name in platforms(environ):
        if name not in _NEEDS_DISPLAY:
            return None  # offscreen, minimal, vnc...: Qt's business
        reason = _check(name, environ, plugin_dirs)
        if reason is None:
            return None
        reasons.append(reason)
    chosen_by_qt = not environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen_by_qt and not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        reasons = [translate("tvox-panel", "neither DISPLAY nor WAYLAND_DISPLAY is set")]
    return translate("tvox-panel", "no usable display: {0}").format(
        "; ".join(dict.fromkeys(reasons))
    )
