"""Make the panel the handler of tel:, callto: and sip: links (XDG, or the Windows registry)."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tvox_panel import APP_ID
from tvox_panel.resources import resource_path

log = logging.getLogger("tvox_panel.desktop.handlers")

DESKTOP_FILE = f"{APP_ID}.desktop"
#: The id of 0.1.0 and earlier: its files and associations are removed by (un)registering.
OLD_APP_IDS = ("it.tvoxpanel.TVoxPanel",)
APP_ICON_FILE = "tvox-panel.svg"
XDG_SCHEMES = ("tel", "callto", "sip")
WINDOWS_SCHEMES = ("tel", "callto")
WINDOWS_PROG_ID = "TVoxPanel.Url"
WINDOWS_APP_KEY = r"Software\TVoxPanel"
WINDOWS_APP_NAME = "TVox Panel"

Runner = Callable[[list[str]], Any]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, check=False, capture_output=True, text=True, timeout=30)  # noqa: S603


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share``."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def config_home() -> Path:
    """``$XDG_CONFIG_HOME``, or ``~/.config``."""
    value = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".config"


def panel_command(
    *,
    windowed: bool = False,
    which: Callable[[str], str | None] = shutil.which,
    executable: str | None = None,
    frozen: bool | None = None,
) -> list[str]:
    """How to start this panel: the bundle, the ``tvox-panel`` script, or ``python -m``.

    Args:
        windowed: the program that opens no console window on Windows (``tvox-panelw``, or
            ``pythonw``), for links and shortcuts; elsewhere there is only one.
        which, executable, frozen: ``shutil.which``, ``sys.executable`` and whether this is a
            PyInstaller bundle (tests pass their own).
    """
    exe = Path(executable or sys.executable)
    is_frozen = getattr(sys, "frozen", False) if frozen is None else frozen
    if is_frozen:
        sibling = exe.with_name("tvox-panelw" + exe.suffix)
        return [str(sibling if windowed and sibling.is_file() else exe)]
    script = (windowed and which("tvox-panelw")) or which("tvox-panel")
    if script:
        return [os.path.abspath(script)]
    pythonw = exe.with_name("pythonw" + exe.suffix)
    return [str(pythonw if windowed and pythonw.is_file() else exe), "-m", "tvox_panel"]


def _exec_quote(arg: str) -> str:
    """Quote one argument of a desktop entry ``Exec`` key (and escape it for the file)."""
    arg = arg.replace("%", "%%")
    if arg and not any(char in arg for char in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    inner = "".join("\\" + char if char in '"`$\\' else char for char in arg)
    return '"' + inner.replace("\\", "\\\\") + '"'


def desktop_exec(command: Sequence[str]) -> str:
    """``command`` as the value of a desktop entry's ``Exec`` key."""
    return " ".join(_exec_quote(arg) for arg in command)


def desktop_entry(command: Sequence[str]) -> str:
    """The bundled desktop entry with every ``Exec`` running ``command``."""
    prefix = desktop_exec(command)
    lines = []
    for line in resource_path(DESKTOP_FILE).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec=tvox-panel"):
            line = "Exec=" + prefix + line[len("Exec=tvox-panel") :]
        lines.append(line)
    return "\n".join(lines) + "\n"


def _installed_files(home: Path, app_id: str = APP_ID) -> tuple[Path, Path]:
    return (
        home / "applications" / f"{app_id}.desktop",
        home / "icons" / "hicolor" / "scalable" / "apps" / f"{app_id}.svg",
    )


def _remove_old_ids(home: Path, config: Path) -> list[str]:
    """Remove the files and link associations an earlier version registered under its id."""
    done = []
    for old in OLD_APP_IDS:
        for path in _installed_files(home, old):
            if path.exists():
                path.unlink()
                done.append(f"removed {path}")
        for mimeapps in (config / "mimeapps.list", home / "applications" / "mimeapps.list"):
            if _strip_mimeapps(mimeapps, f"{old}.desktop"):
                done.append(f"removed the links associated with {old} from {mimeapps}")
    return done


def register_handlers(
    data_home_dir: Path | None = None,
    config_home_dir: Path | None = None,
    *,
    command: Sequence[str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    run: Runner = _run,
) -> list[str]:
    """Install the desktop entry and icon, and make the panel the default for the link schemes.

    Returns one line per thing done, for the user to read.
    """
    home = data_home_dir if data_home_dir is not None else data_home()
    config = config_home_dir if config_home_dir is not None else config_home()
    entry, icon = _installed_files(home)
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(desktop_entry(command or panel_command()), encoding="utf-8")
    shutil.copyfile(resource_path("icons", APP_ICON_FILE), icon)
    done = [*_remove_old_ids(home, config), f"installed {entry}", f"installed {icon}"]
    if which("update-desktop-database"):
        run(["update-desktop-database", str(entry.parent)])
    if which("xdg-mime"):
        for scheme in XDG_SCHEMES:
            result = run(["xdg-mime", "default", DESKTOP_FILE, f"x-scheme-handler/{scheme}"])
            if getattr(result, "returncode", 0) == 0:
                done.append(f"default handler for {scheme}: links")
            else:
                done.append(f"xdg-mime could not make the panel the default for {scheme}: links")
    else:
        done.append("xdg-mime not found: choose TVox Panel for tel: links in the system settings")
    return done


def _strip_mimeapps(path: Path, desktop_file: str = DESKTOP_FILE) -> bool:
    """Remove a desktop file from every association in a ``mimeapps.list``; True if changed."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, UnicodeDecodeError):
        return False
    changed = False
    kept: list[str] = []
    for line in lines:
        key, sep, value = line.partition("=")
        if sep and not line.lstrip().startswith(("#", "[")):
            apps = [app for app in value.split(";") if app]
            others = [app for app in apps if app != desktop_file]
            if len(others) != len(apps):
                changed = True
                if not others:
                    continue
                line = f"{key}={';'.join(others)};"
        kept.append(line)
    if changed:
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return changed


def unregister_handlers(
    data_home_dir: Path | None = None,
    config_home_dir: Path | None = None,
    *,
    which: Callable[[str], str | None] = shutil.which,
    run: Runner = _run,
) -> list[str]:
    """Undo :func:`register_handlers`: remove the files and the associations naming the panel."""
    home = data_home_dir if data_home_dir is not None else data_home()
    config = config_home_dir if config_home_dir is not None else config_home()
    done = _remove_old_ids(home, config)
    for path in _installed_files(home):
        if path.exists():
            path.unlink()
            done.append(f"removed {path}")
    for mimeapps in (config / "mimeapps.list", home / "applications" / "mimeapps.list"):
        if _strip_mimeapps(mimeapps):
            done.append(f"removed the panel's link associations from {mimeapps}")
    if which("update-desktop-database"):
        run(["update-desktop-database", str(home / "applications")])
    return done


def _windows_command(command: Sequence[str]) -> str:
    return " ".join(f'"{arg}"' for arg in command) + ' "%1"'


def register_windows(
    winreg_module: Any = None, *, command: Sequence[str] | None = None
) -> list[str]:
    """Write the per-user URL-protocol keys under ``HKCU\\Software\\Classes``.

    Each scheme gets its own class (what a browser launches), and the panel is listed under
    RegisteredApplications so it can be picked in the Default apps settings. A link runs the
    windowed program, so no console window flashes up.
    """
    reg = winreg_module if winreg_module is not None else __import__("winreg")
    cmd = list(command or panel_command(windowed=True))
    open_command = _windows_command(cmd)
    icon = f'"{cmd[0]}",0'

    def put(path: str, values: dict[str, str]) -> None:
        with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, path, 0, reg.KEY_WRITE) as key:
            for name, value in values.items():
                reg.SetValueEx(key, name, 0, reg.REG_SZ, value)

    done = []
    classes = "Software\\Classes\\"
    for scheme in WINDOWS_SCHEMES:
        put(classes + scheme, {"": f"URL:{scheme}", "URL Protocol": ""})
        put(classes + scheme + "\\DefaultIcon", {"": icon})
        put(classes + scheme + "\\shell\\open\\command", {"": open_command})
        done.append(f"registered {scheme}: links")
    put(classes + WINDOWS_PROG_ID, {"": f"{WINDOWS_APP_NAME} link", "URL Protocol": ""})
    put(classes + WINDOWS_PROG_ID + "\\DefaultIcon", {"": icon})
    put(classes + WINDOWS_PROG_ID + "\\shell\\open\\command", {"": open_command})
    capabilities = WINDOWS_APP_KEY + "\\Capabilities"
    description = "Click-to-dial for TVox agents"
    put(capabilities, {"ApplicationName": WINDOWS_APP_NAME, "ApplicationDescription": description})
    put(capabilities + "\\URLAssociations", dict.fromkeys(WINDOWS_SCHEMES, WINDOWS_PROG_ID))
    put("Software\\RegisteredApplications", {WINDOWS_APP_NAME: capabilities})
    return done


def _delete_tree(reg: Any, path: str) -> None:
    try:
        key = reg.OpenKey(reg.HKEY_CURRENT_USER, path, 0, reg.KEY_READ)
    except OSError:
        return
    with key:
        children = []
        index = 0
        while True:
            try:
                children.append(reg.EnumKey(key, index))
            except OSError:
                break
            index += 1
    for child in children:
        _delete_tree(reg, f"{path}\\{child}")
    reg.DeleteKey(reg.HKEY_CURRENT_USER, path)


def _query(reg: Any, path: str, name: str = "") -> str | None:
    try:
        with reg.OpenKey(reg.HKEY_CURRENT_USER, path, 0, reg.KEY_READ) as key:
            return str(reg.QueryValueEx(key, name)[0])
    except OSError:
        return None


def unregister_windows(winreg_module: Any = None) -> list[str]:
    """Remove what :func:`register_windows` wrote; schemes now owned by others are kept."""
    reg = winreg_module if winreg_module is not None else __import__("winreg")
    ours = _query(reg, f"Software\\Classes\\{WINDOWS_PROG_ID}\\shell\\open\\command")
    done = []
    for scheme in WINDOWS_SCHEMES:
        path = f"Software\\Classes\\{scheme}"
        if ours is not None and _query(reg, path + "\\shell\\open\\command") == ours:
            _delete_tree(reg, path)
            done.append(f"unregistered {scheme}: links")
    _delete_tree(reg, f"Software\\Classes\\{WINDOWS_PROG_ID}")
    _delete_tree(reg, WINDOWS_APP_KEY)
    try:
        with reg.OpenKey(
            reg.HKEY_CURRENT_USER, "Software\\RegisteredApplications", 0, reg.KEY_WRITE
        ) as key:
            reg.DeleteValue(key, WINDOWS_APP_NAME)
    except OSError:
        pass
    return done


def main_register(argv: Sequence[str]) -> int | None:
    """Handle ``--register-handlers`` / ``--unregister-handlers``; None when neither is given."""
    register = "--register-handlers" in argv
    if not register and "--unregister-handlers" not in argv:
        return None
    try:
        if sys.platform == "win32":
            lines = register_windows() if register else unregister_windows()
        elif sys.platform == "darwin":
            print("tvox-panel: on macOS the app bundle declares the link schemes in Info.plist")
            return 1
        else:
            lines = register_handlers() if register else unregister_handlers()
    except OSError as error:
        print(f"tvox-panel: {error}", file=sys.stderr)
        return 1
    for line in lines or ["nothing to undo"]:
        print(line)
    return 0
