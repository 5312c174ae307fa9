"""What the packages say about the panel: one version, one id, the icons, the launchers.

The PyInstaller spec is run with stand-ins for PyInstaller's build steps (Analysis, EXE, ...)
and a chosen ``sys.platform``: what it would build on Windows and macOS is checked here, on
any machine; tests/e2e/test_bundle.py builds the real bundle of this platform.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from importlib.metadata import entry_points
from importlib.metadata import version as dist_version
from pathlib import Path
from typing import Any

import pytest

import tvox_panel
from tvox_panel import APP_ID

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
SPEC = ROOT / "packaging" / "tvox-panel.spec"
METAINFO = RESOURCES / f"{APP_ID}.metainfo.xml"
DESKTOP = RESOURCES / f"{APP_ID}.desktop"


def pyproject() -> dict[str, Any]:
    tomllib = pytest.importorskip("tomllib", reason="Python 3.11 reads TOML")
    with (ROOT / "pyproject.toml").open("rb") as f:
        data: dict[str, Any] = tomllib.load(f)
    return data


def newest_release() -> ET.Element:
    release = ET.parse(METAINFO).getroot().find("releases/release")
    assert release is not None
    return release


# -- one version -----------------------------------------------------------------------------


def test_the_version_is_written_once_and_read_everywhere() -> None:
    declared = pyproject()["project"]["version"]
    assert dist_version("tvox-panel") == declared, "stale install: pip install -e ."
    assert tvox_panel.version() == declared
    assert tvox_panel.__version__ == declared
    assert newest_release().get("version") == declared, "add a <release> to the metainfo"
    shown = subprocess.run([sys.executable, "-m", "tvox_panel", "--version"], capture_output=True,
                           text=True, timeout=60, check=True)  # fmt: skip
    assert shown.stdout == f"tvox-panel {declared}\n"
    assert not re.search(r"\b\d+\.\d+\.\d+\b", SPEC.read_text(encoding="utf-8")), (
        "the spec must take its version from the package, not repeat it"
    )


def test_the_release_has_a_date() -> None:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", newest_release().get("date") or "")


# -- one id, lower case, reverse DNS of the home page ----------------------------------------


def test_the_component_desktop_entry_and_icon_share_one_lower_case_id() -> None:
    assert APP_ID.lower() == APP_ID
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    entry = ConfigParser(interpolation=None)
    entry.read(DESKTOP, encoding="utf-8")
    assert entry["Desktop Entry"]["Icon"] == APP_ID
    homepage = root.findtext("url[@type='homepage']") or ""
    found = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+)", homepage)
    assert found, homepage
    owner, repo = found.groups()
    assert f"io.github.{owner}.{repo}".replace("-", "_") == APP_ID
    assert pyproject()["project"]["urls"]["Homepage"] == homepage


def test_the_metainfo_lists_the_readme_screenshots_in_order() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"!\[[^\]]*\]\(resources/screenshots/([^)]+)\)", readme)
    root = ET.parse(METAINFO).getroot()
    listed = [(image.text or "").rsplit("/", 1)[-1] for image in root.iter("image")]
    assert listed == shown
    for name in listed:
        assert (RESOURCES / "screenshots" / name).is_file(), name
    shots = root.findall("screenshots/screenshot")
    assert [s.get("type") for s in shots].count("default") == 1
    assert all(s.findtext("caption") for s in shots)


# -- launchers: one that prints, one with no console ------------------------------------------


def test_the_wheel_declares_a_console_launcher_and_a_windowed_one() -> None:
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    gui = {ep.name: ep.value for ep in entry_points(group="gui_scripts")}
    assert scripts["tvox-panel"] == gui["tvox-panelw"] == "tvox_panel.cli.panel:main"


def test_a_windowed_start_without_stdout_or_stderr_runs_and_exits_cleanly(
    isolated_home: Path,
) -> None:
    """pythonw and a windowed Windows build give the panel no standard streams at all."""
    code = (
        "import sys; sys.stdout = sys.stderr = None\n"
        "from tvox_panel.cli.panel import main\n"
        "main(['--demo', '--quit-when-ready'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


# -- the spec, on each platform --------------------------------------------------------------


class Recorded:
    """Stand-in for one of PyInstaller's build steps: keeps its arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries: list[Any] = []
        self.datas: list[Any] = []
        self.scripts: list[Any] = []
        self.pure: list[Any] = []


def run_spec(platform: str, workpath: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed")
    pytest.importorskip("PIL", reason="Pillow writes the .ico and .icns")
    from PyInstaller.utils import hooks  # noqa: F401  (imported before the platform is faked)

    steps: dict[str, list[Recorded]] = {"EXE": [], "COLLECT": [], "BUNDLE": []}

    def step(name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> Recorded:
            done = Recorded(*args, **kwargs)
            steps[name].append(done)
            return done

        return record

    namespace: dict[str, Any] = {
        "SPECPATH": str(SPEC.parent), "workpath": str(workpath), "Analysis": Recorded,
        "PYZ": Recorded, "EXE": step("EXE"), "COLLECT": step("COLLECT"),
        "BUNDLE": step("BUNDLE"), "__file__": str(SPEC),
    }  # fmt: skip
    real = sys.platform
    monkeypatch.setattr(sys, "platform", platform)
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)  # noqa: S102
    finally:
        monkeypatch.setattr(sys, "platform", real)
    return {**steps, "analysis": namespace["a"]}


def test_the_windows_build_has_a_console_program_and_one_without(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    built = run_spec("win32", tmp_path, monkeypatch)
    programs = {exe.kwargs["name"]: exe.kwargs for exe in built["EXE"]}
    assert programs["tvox-panel"]["console"] is True  # dial, status --json print in a terminal
    assert programs["tvox-panelw"]["console"] is False  # the Start menu and links: no console
    assert len(built["COLLECT"]) == 1
    assert built["COLLECT"][0].args[:2] == tuple(built["EXE"])  # one folder, two programs
    for exe in programs.values():
        with Image.open(exe["icon"]) as ico:
            assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
        resource = Path(exe["version"]).read_text(encoding="utf-8")
        assert f"StringStruct('ProductVersion', '{tvox_panel.version()}')" in resource
        assert f"StringStruct('OriginalFilename', '{exe['name']}.exe')" in resource
    assert "platformdirs.windows" not in built["analysis"].kwargs["excludes"]


def test_the_macos_bundle_has_the_icon_version_id_and_link_schemes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import Image

    built = run_spec("darwin", tmp_path, monkeypatch)
    (app,) = built["BUNDLE"]
    assert app.kwargs["bundle_identifier"] == APP_ID
    assert app.kwargs["version"] == tvox_panel.version()
    plist = app.kwargs["info_plist"]
    assert plist["CFBundleShortVersionString"] == tvox_panel.version()
    assert plist["CFBundleURLTypes"][0]["CFBundleURLSchemes"] == ["tel", "callto", "sip"]
    with Image.open(app.kwargs["icon"]) as icns:
        assert (512, 512, 2) in icns.info["sizes"]


def test_the_linux_build_ships_the_version_metadata_and_one_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = run_spec("linux", tmp_path, monkeypatch)
    assert [exe.kwargs["name"] for exe in built["EXE"]] == ["tvox-panel"]
    datas = built["analysis"].kwargs["datas"]
    assert any(target.startswith("tvox_panel") and target.endswith("-info") for _, target in datas)
    assert not built["BUNDLE"]


# -- the libraries Qt needs on a minimal desktop: one list --------------------------------------


def makefile_list(name: str) -> list[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = re.search(rf"^{name} := (.*)$", text, re.MULTILINE)
    assert found, name
    words = found.group(1).split()
    if words[0].startswith("$("):
        return makefile_list(words[0][2:-1]) + words[1:]
    return words


def test_the_readme_and_make_demo_list_the_same_libraries() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8").replace("\\\n", " ")
    found = re.search(r"sudo apt-get install ((?:lib\S+\s+)+)", readme)
    assert found
    assert found.group(1).split() == makefile_list("QT_DESKTOP_LIBS")
    assert makefile_list("QT_DESKTOP_LIBS")[:5] == makefile_list("QT_OFFSCREEN_LIBS")
