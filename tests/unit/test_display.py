"""Whether a window can be opened, asked before Qt would abort: real plugins, real loader."""

from __future__ import annotations

import ctypes.util
import importlib.util
import shutil
from pathlib import Path

import pytest

from tvox_panel.desktop.display import display_problem, platforms

NO_DISPLAY = {"PATH": "/usr/bin:/bin"}


def qt_plugins() -> Path:
    spec = importlib.util.find_spec("PySide6")  # without importing Qt
    assert spec is not None
    assert spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins"


def test_without_display_variables_it_says_so() -> None:
    assert display_problem(NO_DISPLAY, [qt_plugins()], "linux") == (
        "no usable display: neither DISPLAY nor WAYLAND_DISPLAY is set"
    )
    forced = {**NO_DISPLAY, "QT_QPA_PLATFORM": "xcb"}
    assert display_problem(forced, [qt_plugins()], "linux") == (
        "no usable display: DISPLAY is not set"
    )


@pytest.mark.parametrize("system", ["win32", "darwin"])
def test_windows_and_macos_always_have_their_platform(system: str) -> None:
    assert display_problem(NO_DISPLAY, [], system) is None


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "vnc"])
def test_platforms_without_a_display_are_left_to_qt(platform: str) -> None:
    assert display_problem({"QT_QPA_PLATFORM": platform}, [qt_plugins()], "linux") is None


def test_the_platform_order_follows_qt() -> None:
    assert platforms({}) == ["xcb"]
    assert platforms({"WAYLAND_DISPLAY": "wayland-0"}) == ["wayland", "xcb"]
    assert platforms({"QT_QPA_PLATFORM": "wayland;xcb:nograb"}) == ["wayland", "xcb"]


@pytest.mark.skipif(not (qt_plugins() / "platforms" / "libqxcb.so").exists(), reason="no xcb")
def test_the_libraries_the_plugin_cannot_load_are_named(tmp_path: Path) -> None:
    # Qt's own xcb plugin, away from the Qt libraries its RUNPATH points to: they go missing.
    (tmp_path / "platforms").mkdir()
    shutil.copy(qt_plugins() / "platforms" / "libqxcb.so", tmp_path / "platforms")
    environ = {**NO_DISPLAY, "DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}
    problem = display_problem(environ, [tmp_path], "linux")
    assert problem is not None
    assert problem.startswith(
        "no usable display: the xcb platform plugin needs libraries that are missing: "
    )
    assert "libQt6XcbQpa.so.6" in problem
    assert "\n" not in problem


def any_loadable_library() -> Path | None:
    import _ctypes

    name = getattr(_ctypes, "__file__", None)  # a shared object this interpreter has loaded
    return Path(name) if name else None


@pytest.mark.skipif(ctypes.util.find_library("xcb") is None, reason="no libxcb")
@pytest.mark.skipif(any_loadable_library() is None, reason="no shared object to load")
def test_a_display_no_x_server_answers_on_is_named(tmp_path: Path) -> None:
    # A plugin that loads, and a display nobody serves.
    (tmp_path / "platforms").mkdir()
    shutil.copy(str(any_loadable_library()), tmp_path / "platforms" / "libqxcb.so")
    environ = {**NO_DISPLAY, "DISPLAY": ":97", "QT_QPA_PLATFORM": "xcb"}
    assert display_problem(environ, [tmp_path], "linux") == (
        "no usable display: no X server answers on DISPLAY :97"
    )
