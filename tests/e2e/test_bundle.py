"""The PyInstaller bundle builds and the panel starts from it (slow: about 40 s)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tvox_panel import version

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("pyinstaller", path=str(Path(sys.executable).parent)) is None,
        reason="PyInstaller is not installed",
    ),  # fmt: skip
]


def test_bundle_builds_and_starts_the_demo(tmp_path: Path) -> None:
    pyinstaller = str(Path(sys.executable).parent / "pyinstaller")
    build = subprocess.run(
        [pyinstaller, "--noconfirm", "--distpath", str(tmp_path / "dist"),
         "--workpath", str(tmp_path / "build"), str(ROOT / "packaging" / "tvox-panel.spec")],
        capture_output=True, text=True, timeout=900, cwd=ROOT,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-2000:]
    warned = [line for line in build.stderr.splitlines() if "WARNING" in line]
    assert not [line for line in warned if "Hidden import" in line or "ctypes" in line]
    bundle = tmp_path / "dist" / "tvox-panel"
    internal = bundle / "_internal"
    assert (internal / "resources" / "icons" / "tvox-panel.svg").is_file()
    assert (internal / "resources" / "translations" / "tvox_panel_it.qm").is_file()
    assert not list(internal.rglob("libgtk-3*")), "the bundle drags in GTK"
    assert not list(internal.rglob("phonenumbers/geodata")), "unused geocoding data"
    shown = subprocess.run([str(bundle / "tvox-panel"), "--version"], capture_output=True,
                           text=True, timeout=60, check=True)  # fmt: skip
    assert shown.stdout == f"tvox-panel {version()}\n"  # the metadata travels in the bundle
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TVOX_PANEL_HOME=str(tmp_path / "home"))
    run = subprocess.run([str(bundle / "tvox-panel"), "--demo", "--quit-when-ready"], env=env,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
