"""The installed panel on a real X server with a window manager and a tray host.

Xvfb, openbox and trayer (an XEmbed system tray) stand in for an agent's desktop; xdotool and
xwininfo look at it from outside, as a user would: the window maps, the tray icon is embedded in
the tray, a right click opens its menu. The screenshot is saved under build/desktop-session/.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from debpackage import ROOT, unavailable

TOOLS = ("Xvfb", "openbox", "trayer", "xdotool", "xwininfo", "xprop")
SHOTS = ROOT / "build" / "desktop-session"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def _display_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        debian = "xvfb openbox trayer xdotool x11-utils"
        unavailable(f"needs {', '.join(missing)} (Debian packages: {debian})")


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = 30.0) -> T:
    """Poll an external process until ``probe`` answers, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def x11(env: dict[str, str], *command: str) -> str:
    done = subprocess.run(
        list(command), env=env, capture_output=True, text=True, timeout=30, check=False
    )
    return done.stdout if done.returncode == 0 else ""


class Desktop:
    """A running X display: its environment and the processes that make it up."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.procs: list[subprocess.Popen[bytes]] = []
        self.env: dict[str, str] = {}

    def start(self, *command: str, pass_fds: tuple[int, ...] = ()) -> subprocess.Popen[bytes]:
        with (self.tmp / f"{Path(command[0]).name}.log").open("wb") as log:
            proc = subprocess.Popen(
                list(command),
                env=self.env or None,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                pass_fds=pass_fds,
            )
        self.procs.append(proc)
        return proc

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    """Xvfb on a free display, openbox managing it, trayer at the bottom edge as the tray."""
    session = Desktop(tmp_path)
    read_fd, write_fd = os.pipe()
    try:
        session.start(
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
            pass_fds=(write_fd,),
        )
        os.close(write_fd)
        ready, _, _ = select.select([read_fd], [], [], 30)
        assert ready, "Xvfb did not start"
        display = os.read(read_fd, 64).decode().strip()
        assert display.isdigit(), f"Xvfb answered {display!r}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "WAYLAND"))}
        env.update(
            DISPLAY=f":{display}",
            HOME=str(tmp_path),
            XDG_RUNTIME_DIR=str(tmp_path / "run"),
            XDG_CONFIG_HOME=str(tmp_path / "config"),
            XDG_DATA_HOME=str(tmp_path / "data"),
        )
        (tmp_path / "run").mkdir(mode=0o700)
        session.env = env
        session.start("openbox", "--sm-disable")
        wait_for(
            "the window manager",
            lambda: "window id" in x11(env, "xprop", "-root", "_NET_SUPPORTING_WM_CHECK"),
        )
        session.start(
            "trayer",
            "--edge",
            "bottom",
            "--align",
            "right",
            "--widthtype",
            "request",
            "--height",
            "32",
            "--SetDockType",
            "true",
            "--transparent",
            "false",
            "--tint",
            "0x303030",
        )
        wait_for("the tray", lambda: x11(env, "xdotool", "search", "--class", "trayer").split())
        yield session
    finally:
        os.close(read_fd)
        session.stop()


def visible_windows(env: dict[str, str]) -> set[str]:
    return set(x11(env, "xdotool", "search", "--onlyvisible", "--class", "tvox-panel").split())


def tray_icon(env: dict[str, str]) -> str | None:
    """The panel's window embedded in trayer's window tree, if any."""
    for tray in x11(env, "xdotool", "search", "--class", "trayer").split():
        tree = x11(env, "xwininfo", "-tree", "-id", tray)
        for line in tree.splitlines():
            if '("tvox-panel" "tvox-panel")' in line:
                return line.split()[0]
    return None


def geometry(env: dict[str, str], window: str) -> dict[str, int]:
    info = x11(env, "xwininfo", "-id", window)
    keys = {
        "Absolute upper-left X": "x",
        "Absolute upper-left Y": "y",
        "Width": "width",
        "Height": "height",
    }
    found: dict[str, int] = {}
    for line in info.splitlines():
        name, _, value = line.strip().partition(":")
        if name in keys:
            found[keys[name]] = int(value)
    found["viewable"] = int("IsViewable" in info)
    return found


def window_type(env: dict[str, str], window: str) -> str:
    return x11(env, "xprop", "-id", window, "_NET_WM_WINDOW_TYPE")


def test_the_installed_panel_on_a_real_desktop(
    installed_panel: Path, desktop: Desktop, tmp_path: Path
) -> None:
    from PIL import ImageGrab  # the package extra (pip install -e '.[package]')

    env = dict(
        desktop.env,
        QT_QPA_PLATFORM="xcb",
        TVOX_PANEL_HOME=str(tmp_path / "panel"),
        TVOX_PANEL_LANG="en",
    )
    desktop.env = env
    panel = desktop.start(str(installed_panel), "--demo")

    # The window maps, managed by the window manager.
    def main_window() -> str | None:
        for window in visible_windows(env):
            box = geometry(env, window)
            if box["width"] > 300 and box["height"] > 300 and "NORMAL" in window_type(env, window):
                return window
        return None

    window = wait_for("the panel's window", main_window)
    assert geometry(env, window)["viewable"]

    # The tray icon is embedded in the tray host (XEmbed), with a size of its own.
    icon = wait_for("the tray icon inside trayer", lambda: tray_icon(env))
    box = geometry(env, icon)
    assert box["viewable"], box
    assert min(box["width"], box["height"]) >= 16, box

    # The installed command line talks to the running panel and prints in the terminal.
    def ready() -> dict[str, object] | None:
        done = subprocess.run(
            [str(installed_panel), "status", "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        status = json.loads(done.stdout) if done.returncode == 0 else {}
        return status if status.get("state") == "ready" else None

    assert wait_for("the demo login", ready, timeout=60)["logged_in"] is True

    # A right click on the tray icon opens its menu.
    before = visible_windows(env)
    # (Near its top-left corner: the menu opens up and left of the pointer, clear of the icon.)
    subprocess.run(
        ["xdotool", "mousemove", "--window", icon, "3", "3", "click", "3"],
        env=env,
        check=True,
        timeout=30,
    )

    def menu() -> str | None:
        for window in visible_windows(env) - before:
            if "POPUP_MENU" in window_type(env, window):
                return window
        return None

    popup = geometry(env, wait_for("the tray menu", menu))
    assert popup["viewable"], popup
    assert popup["height"] > 100, popup

    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = ImageGrab.grab(xdisplay=env["DISPLAY"])
    shot.save(SHOTS / "desktop.png")
    left = min(popup["x"], box["x"]) - 40
    top = min(popup["y"], box["y"]) - 40
    right = max(popup["x"] + popup["width"], box["x"] + box["width"]) + 40
    bottom = max(popup["y"] + popup["height"], box["y"] + box["height"]) + 8
    crop = shot.crop((max(left, 0), max(top, 0), min(right, shot.width), min(bottom, shot.height)))
    crop.save(SHOTS / "tray-menu-xvfb.png")
    menu_pixels = shot.crop(
        (popup["x"], popup["y"], popup["x"] + popup["width"], popup["y"] + popup["height"])
    )
    assert len(menu_pixels.getcolors(maxcolors=1 << 20) or []) > 8, "the menu was drawn blank"

    subprocess.run(["xdotool", "key", "Escape"], env=env, check=False, timeout=30)
    quit_ = subprocess.run(
        [str(installed_panel), "quit"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert quit_.returncode == 0, quit_.stderr
    assert panel.wait(timeout=60) == 0
    log = (tmp_path / "tvox-panel.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
