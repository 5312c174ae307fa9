"""The Debian package as an IT department rolls it out: install, run, link handler, remove.

The last test removes the package; the desktop test (test_desktop_session.py) runs before it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from debpackage import PACKAGE, apt_get, is_installed

from tvox_panel import APP_ID, version

SCHEMES = ("tel", "callto", "sip")
DESKTOP = Path("/usr/share/applications") / f"{APP_ID}.desktop"
METAINFO = Path("/usr/share/metainfo") / f"{APP_ID}.metainfo.xml"
ICON = Path("/usr/share/icons/hicolor/scalable/apps") / f"{APP_ID}.svg"


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """No per-user settings, associations or desktop: what the system alone provides."""
    desktop = ("XDG_", "DESKTOP_SESSION", "KDE_", "GNOME_", "DISPLAY")
    env = {k: v for k, v in os.environ.items() if not k.startswith(desktop)}
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        TVOX_PANEL_HOME=str(tmp_path / "panel"),
        TVOX_PANEL_LANG="en",
    )
    env.update(extra)
    return env


def default_handler(scheme: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["xdg-mime", "query", "default", f"x-scheme-handler/{scheme}"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return done.stdout.strip()


def test_the_package_puts_each_file_where_the_system_looks(installed_panel: Path) -> None:
    files = subprocess.run(
        ["dpkg", "-L", PACKAGE], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for path in (
        "/opt/tvox-panel/tvox-panel",
        str(installed_panel),
        str(DESKTOP),
        str(METAINFO),
        str(ICON),
        "/usr/share/man/man1/tvox-panel.1.gz",
        "/usr/share/doc/tvox-panel/copyright",
    ):
        assert path in files
        assert Path(path).exists(), path
    packaged = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", PACKAGE], capture_output=True, text=True, check=True
    ).stdout
    assert packaged == version()
    shown = subprocess.run(
        [str(installed_panel), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == f"tvox-panel {version()}"


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream is not installed")
def test_the_installed_metainfo_and_desktop_entry_validate(installed_panel: Path) -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--pedantic", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(
            ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
        )
        assert (done.returncode, done.stdout) == (0, ""), done.stdout + done.stderr


def test_the_installed_demo_starts_and_logs_in(installed_panel: Path, tmp_path: Path) -> None:
    env = clean_env(tmp_path, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [str(installed_panel), "--demo", "--quit-when-ready"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not shutil.which("xdg-mime"), reason="xdg-utils is not installed")
def test_links_open_the_panel_with_no_per_user_registration(
    installed_panel: Path, tmp_path: Path
) -> None:
    env = clean_env(tmp_path)
    for scheme in SCHEMES:
        assert default_handler(scheme, env) == DESKTOP.name, scheme


@pytest.mark.skipif(not shutil.which("lintian"), reason="lintian is not installed")
def test_lintian_finds_nothing_unexplained(deb: Path) -> None:
    """Every tag that remains is overridden with its reason in packaging/debian/."""
    done = subprocess.run(
        ["lintian", "--pedantic", "--info", "--no-tag-display-limit", str(deb)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    tags = [line for line in done.stdout.splitlines() if line[:2] in ("E:", "W:", "I:", "P:")]
    assert tags == [], "\n".join(tags)


def test_removing_the_package_leaves_nothing_behind(installed_panel: Path, tmp_path: Path) -> None:
    done = apt_get("purge", PACKAGE)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert not is_installed()
    for path in (Path("/opt/tvox-panel"), installed_panel, DESKTOP, METAINFO, ICON):
        assert not path.is_symlink(), path
        assert not path.exists(), path
    if shutil.which("xdg-mime"):
        assert default_handler("tel", clean_env(tmp_path)) != DESKTOP.name
