"""The PyInstaller bundle builds and the panel starts from it (slow: about 30 s)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    bundle = tmp_path / "dist" / "tvox-panel"
    internal = bundle / "_internal"
    assert (internal / "resources" / "icons" / "tvox-panel.svg").is_file()
    assert not list(internal.rglob("libgtk-3*")), "the bundle drags in GTK"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TVOX_PANEL_HOME=str(tmp_path / "home"))
    run = subprocess.run([str(bundle / "tvox-panel"), "--demo", "--quit-when-ready"], env=env,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
