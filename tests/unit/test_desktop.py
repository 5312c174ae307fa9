"""Link handler registration: XDG desktop entry and mime defaults, and the Windows registry."""

from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path
from typing import Any

import pytest

from tvox_panel.desktop import handlers as desktop
from tvox_panel.resources import resource_path

SCHEMES = ["x-scheme-handler/tel", "x-scheme-handler/callto", "x-scheme-handler/sip"]


def read_entry(path: Path) -> ConfigParser:
    parser = ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


# -- the bundled resources -----------------------------------------------------------------


def test_the_desktop_entry_handles_the_link_schemes() -> None:
    entry = read_entry(resource_path(desktop.DESKTOP_FILE))["Desktop Entry"]
    assert entry["MimeType"] == ";".join(SCHEMES) + ";"
    assert entry["Exec"] == "tvox-panel %u"
    assert entry["Icon"] == desktop.APP_ID
    assert {"Network", "Telephony", "Qt"} <= set(entry["Categories"].split(";"))


def test_the_metainfo_describes_the_desktop_entry() -> None:
    root = ET.parse(resource_path(f"{desktop.APP_ID}.metainfo.xml")).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == desktop.APP_ID
    assert root.findtext("launchable") == desktop.DESKTOP_FILE
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("releases/release/description/p")  # the release notes


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_desktop_entries_pass_desktop_file_validate(tmp_path: Path) -> None:
    installed = tmp_path / desktop.DESKTOP_FILE
    installed.write_text(desktop.desktop_entry(["/opt/TVox Panel/tvox-panel"]), encoding="utf-8")
    for path in (resource_path(desktop.DESKTOP_FILE), installed):
        done = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout == ""


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream")
def test_metainfo_passes_appstreamcli_validate_pedantic() -> None:
    path = resource_path(f"{desktop.APP_ID}.metainfo.xml")
    done = subprocess.run(
        ["appstreamcli", "validate", "--pedantic", "--no-net", "--no-color", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Not even a pedantic hint or an informational note (those do not fail the command).
    assert [line for line in done.stdout.splitlines() if line[:2] in ("E:", "W:", "I:", "P:")] == []


# -- Exec lines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "exec_line"),
    [
        (["/usr/bin/tvox-panel"], "/usr/bin/tvox-panel %u"),
        (["/opt/TVox Panel/tvox-panel"], '"/opt/TVox Panel/tvox-panel" %u'),
        (["/usr/bin/python3", "-m", "tvox_panel"], "/usr/bin/python3 -m tvox_panel %u"),
        (["/home/a$b/100%/bin"], '"/home/a\\\\$b/100%%/bin" %u'),
    ],
)
def test_exec_runs_the_installed_panel_quoted_as_the_spec_says(
    command: list[str], exec_line: str
) -> None:
    lines = desktop.desktop_entry(command).splitlines()
    assert f"Exec={exec_line}" in lines
    prefix = exec_line.removesuffix(" %u")
    assert f"Exec={prefix} dial-clipboard" in lines


# -- register / unregister on Linux -------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        self.commands.append(command)
        return subprocess.CompletedProcess(command, 0, "", "")


def test_register_installs_the_entry_and_icon_and_sets_the_defaults(tmp_path: Path) -> None:
    run = Recorder()
    done = desktop.register_handlers(
        tmp_path, tmp_path / "config", command=["/usr/bin/tvox-panel"], which=lambda n: n, run=run
    )
    entry = tmp_path / "applications" / desktop.DESKTOP_FILE
    icon = tmp_path / "icons/hicolor/scalable/apps" / f"{desktop.APP_ID}.svg"
    assert read_entry(entry)["Desktop Entry"]["Exec"] == "/usr/bin/tvox-panel %u"
    assert icon.read_bytes() == resource_path("icons", "tvox-panel.svg").read_bytes()
    assert run.commands == [
        ["update-desktop-database", str(entry.parent)],
        *(["xdg-mime", "default", desktop.DESKTOP_FILE, scheme] for scheme in SCHEMES),
    ]
    assert f"installed {entry}" in done


def test_register_without_xdg_mime_says_what_to_do(tmp_path: Path) -> None:
    run = Recorder()
    done = desktop.register_handlers(tmp_path, tmp_path / "config", command=["tvox-panel"],
                                     which=lambda name: None, run=run)  # fmt: skip
    assert run.commands == []
    assert (tmp_path / "applications" / desktop.DESKTOP_FILE).exists()
    assert "system settings" in done[-1]


def test_unregister_removes_only_the_panels_associations(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    desktop.register_handlers(data, config, command=["tvox-panel"], which=lambda name: None)
    config.mkdir()
    (config / "mimeapps.list").write_text(
        "[Default Applications]\n"
        f"x-scheme-handler/tel={desktop.DESKTOP_FILE};\n"
        f"x-scheme-handler/sip=linphone.desktop;{desktop.DESKTOP_FILE};\n"
        "text/html=firefox.desktop\n"
        "[Added Associations]\n"
        f"x-scheme-handler/callto={desktop.DESKTOP_FILE};\n",
        encoding="utf-8",
    )
    done = desktop.unregister_handlers(data, config, which=lambda name: None)
    assert not (data / "applications" / desktop.DESKTOP_FILE).exists()
    assert not any((data / "icons").rglob("*.svg"))
    assert (config / "mimeapps.list").read_text(encoding="utf-8") == (
        "[Default Applications]\n"
        "x-scheme-handler/sip=linphone.desktop;\n"
        "text/html=firefox.desktop\n"
        "[Added Associations]\n"
    )
    assert len(done) == 3


@pytest.fixture
def xdg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    data, config = tmp_path / "data", tmp_path / "config"
    config.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_DATA_DIRS", str(tmp_path / "none"))
    for name in ("XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION"):
        monkeypatch.delenv(name, raising=False)
    return data, config


def query_default(scheme: str) -> str:
    done = subprocess.run(
        ["xdg-mime", "query", "default", scheme], capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


@pytest.mark.skipif(not shutil.which("xdg-mime"), reason="xdg-utils")
def test_xdg_mime_reports_the_panel_as_the_tel_handler(xdg_home: tuple[Path, Path]) -> None:
    assert query_default("x-scheme-handler/tel") == ""
    desktop.register_handlers(command=["/usr/bin/tvox-panel"])
    for scheme in SCHEMES:
        assert query_default(scheme) == desktop.DESKTOP_FILE
    desktop.unregister_handlers()
    assert query_default("x-scheme-handler/tel") == ""


@pytest.mark.skipif(not shutil.which("xdg-mime"), reason="xdg-utils")
def test_registering_moves_the_links_from_the_old_id(xdg_home: tuple[Path, Path]) -> None:
    data, config = xdg_home
    old = desktop.OLD_APP_IDS[0]
    (data / "applications").mkdir(parents=True)
    (data / "applications" / f"{old}.desktop").write_text("[Desktop Entry]\n", encoding="utf-8")
    (config / "mimeapps.list").write_text(
        f"[Default Applications]\nx-scheme-handler/tel={old}.desktop;\n", encoding="utf-8"
    )
    desktop.register_handlers(command=["/usr/bin/tvox-panel"])
    assert not (data / "applications" / f"{old}.desktop").exists()
    assert old not in (config / "mimeapps.list").read_text(encoding="utf-8")
    assert query_default("x-scheme-handler/tel") == desktop.DESKTOP_FILE


def test_links_on_windows_run_the_program_without_a_console(tmp_path: Path) -> None:
    scripts = {"tvox-panel": r"C:\py\Scripts\tvox-panel.exe",
               "tvox-panelw": r"C:\py\Scripts\tvox-panelw.exe"}  # fmt: skip
    assert desktop.panel_command(windowed=True, which=scripts.get, frozen=False) == [
        os.path.abspath(scripts["tvox-panelw"])
    ]
    assert desktop.panel_command(which=scripts.get, frozen=False) == [
        os.path.abspath(scripts["tvox-panel"])
    ]
    bundle = tmp_path / "TVox Panel"
    bundle.mkdir()
    for name in ("tvox-panel.exe", "tvox-panelw.exe"):
        (bundle / name).touch()
    console = str(bundle / "tvox-panel.exe")
    assert desktop.panel_command(windowed=True, executable=console, frozen=True) == [
        str(bundle / "tvox-panelw.exe")
    ]
    assert desktop.panel_command(executable=console, frozen=True) == [console]
    python = tmp_path / "python.exe"
    (tmp_path / "pythonw.exe").touch()
    assert desktop.panel_command(
        windowed=True, which=lambda name: None, executable=str(python), frozen=False
    ) == [str(tmp_path / "pythonw.exe"), "-m", "tvox_panel"]


def test_main_register_ignores_other_command_lines() -> None:
    assert desktop.main_register(["--demo"]) is None


@pytest.mark.skipif(not shutil.which("xdg-mime"), reason="xdg-utils")
def test_main_register_flags(
    xdg_home: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = xdg_home
    assert desktop.main_register(["--register-handlers"]) == 0
    assert (data / "applications" / desktop.DESKTOP_FILE).exists()
    assert "default handler for tel: links" in capsys.readouterr().out
    assert desktop.main_register(["--unregister-handlers"]) == 0
    assert not (data / "applications" / desktop.DESKTOP_FILE).exists()


# -- Windows ---------------------------------------------------------------------------------


class FakeKey:
    def __init__(self, registry: FakeWinreg, path: str) -> None:
        self.registry, self.path = registry, path

    def __enter__(self) -> FakeKey:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class FakeWinreg:
    """The few winreg calls the registration uses, over a dict of key path -> values."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_READ, KEY_WRITE, REG_SZ = 1, 2, 1

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, str]] = {}

    def CreateKeyEx(self, root: str, path: str, reserved: int, access: int) -> FakeKey:
        parts = path.split("\\")
        for end in range(1, len(parts) + 1):
            self.keys.setdefault("\\".join(parts[:end]).lower(), {})
        return FakeKey(self, path.lower())

    def OpenKey(self, root: str, path: str, reserved: int = 0, access: int = 1) -> FakeKey:
        if path.lower() not in self.keys:
            raise FileNotFoundError(path)
        return FakeKey(self, path.lower())

    def SetValueEx(self, key: FakeKey, name: str, reserved: int, kind: int, value: str) -> None:
        assert kind == self.REG_SZ
        self.keys[key.path][name] = value

    def QueryValueEx(self, key: FakeKey, name: str) -> tuple[str, int]:
        if name not in self.keys[key.path]:
            raise FileNotFoundError(name)
        return self.keys[key.path][name], self.REG_SZ

    def EnumKey(self, key: FakeKey, index: int) -> str:
        prefix = key.path + "\\"
        children = sorted(
            {p[len(prefix) :].split("\\")[0] for p in self.keys if p.startswith(prefix)}
        )
        if index >= len(children):
            raise OSError("no more keys")
        return children[index]

    def DeleteKey(self, root: str, path: str) -> None:
        prefix = path.lower() + "\\"
        assert not any(p.startswith(prefix) for p in self.keys), "key has subkeys"
        del self.keys[path.lower()]

    def DeleteValue(self, key: FakeKey, name: str) -> None:
        del self.keys[key.path][name]

    def value(self, path: str, name: str = "") -> str | None:
        return self.keys.get(path.lower(), {}).get(name)


EXE = r"C:\Program Files\TVox Panel\tvox-panel.exe"


def test_windows_registration_writes_url_protocol_keys() -> None:
    reg = FakeWinreg()
    desktop.register_windows(reg, command=[EXE])
    for scheme in ("tel", "callto"):
        base = f"Software\\Classes\\{scheme}"
        assert reg.value(base) == f"URL:{scheme}"
        assert reg.value(base, "URL Protocol") == ""
        assert reg.value(base + "\\DefaultIcon") == f'"{EXE}",0'
        assert reg.value(base + "\\shell\\open\\command") == f'"{EXE}" "%1"'
    capabilities = "Software\\TVoxPanel\\Capabilities"
    assert reg.value("Software\\RegisteredApplications", "TVox Panel") == capabilities
    assert reg.value(capabilities + "\\URLAssociations", "tel") == desktop.WINDOWS_PROG_ID
    assert reg.value(f"Software\\Classes\\{desktop.WINDOWS_PROG_ID}\\shell\\open\\command") == (
        f'"{EXE}" "%1"'
    )


def test_windows_unregistration_keeps_schemes_taken_by_another_app() -> None:
    reg = FakeWinreg()
    desktop.register_windows(reg, command=[EXE])
    other: Any = reg.CreateKeyEx(
        reg.HKEY_CURRENT_USER, "Software\\Classes\\callto\\shell\\open\\command", 0, 2
    )
    reg.SetValueEx(other, "", 0, reg.REG_SZ, '"C:\\Softphone\\phone.exe" "%1"')
    done = desktop.unregister_windows(reg)
    assert done == ["unregistered tel: links"]
    assert "software\\classes\\tel" not in reg.keys
    assert reg.value("Software\\Classes\\callto\\shell\\open\\command") == (
        '"C:\\Softphone\\phone.exe" "%1"'
    )
    assert not any(path.startswith("software\\tvoxpanel") for path in reg.keys)
    assert reg.value("Software\\RegisteredApplications", "TVox Panel") is None
