"""Which system libraries Qt's desktop plugin (xcb) is missing, named as Debian packages.

``python -m tvox_panel.desktop.qtlibs`` (run by ``make demo``) prints one line naming them and
the command that installs them, instead of Qt's "could not load the Qt platform plugin".
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from tvox_panel.i18n.catalog import translate

# The libraries libqxcb.so loads (PySide6 6.5 to 6.11), and the Debian/Ubuntu package of each.
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
Runner = Callable[[list[str]], "subprocess.CompletedProcess[str]"]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=30)  # noqa: S603


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, found without importing Qt; None when absent."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt would start on X11 (xcb) in this environment."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    return environ.get("XDG_SESSION_TYPE", "") != "wayland"


def missing_libraries(plugin: Path, run: Runner = _run) -> list[str]:
    """The shared libraries ``plugin`` (and Qt's xcb library) need that the loader cannot find."""
    library = plugin.parents[2] / "lib" / "libQt6XcbQpa.so.6"
    targets = [str(plugin)] + ([str(library)] if library.is_file() else [])
    try:
        result = run(["ldd", *targets])
    except (OSError, subprocess.SubprocessError):
        return []  # no ldd: nothing to say
    missing: list[str] = []
    for line in result.stdout.splitlines():
        name, _, where = line.strip().partition("=>")
        if where.strip() == "not found" and name.strip() not in missing:
            missing.append(name.strip())
    return missing


def advice(missing: list[str]) -> str:
    """One line: what is missing and the command that installs it."""
    packages = sorted({DEBIAN_PACKAGES.get(name, name) for name in missing})
    return translate(
        "tvox-panel",
        "Qt cannot open a window without these libraries: {0}. Install them: "
        "sudo apt-get install {1}",
    ).format(", ".join(missing), " ".join(packages))


def main(environ: Mapping[str, str] = os.environ, run: Runner = _run) -> int:
    """Exit 1 after one line naming what is missing; 0 when nothing is (or cannot be told)."""
    if not sys.platform.startswith("linux") or not uses_xcb(environ):
        return 0
    plugin = xcb_plugin()
    if plugin is None:
        return 0
    missing = missing_libraries(plugin, run)
    if not missing:
        return 0
    print(f"tvox-panel: {advice(missing)}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
