"""The wheel and sdist built from a clean clone hold what an install needs (slow: ~1 min).

A clean clone has no compiled catalogues: the build backend compiles them. Both ways of building
are checked: ``pip wheel .`` (what ``pip install .`` does) and ``python -m build`` (the sdist,
then the wheel from the sdist).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tvox_panel import APP_ID, version

ROOT = Path(__file__).resolve().parents[2]
NAME = f"tvox_panel-{version()}"
DATA = "tvox_panel/data"
#: What every install needs besides the code.
SHIPPED = [
    f"{DATA}/translations/tvox_panel_it.qm",
    f"{DATA}/translations/tvox_panel_en.qm",
    f"{DATA}/translations/tvox_panel_it.ts",
    f"{DATA}/icons/tvox-panel.svg",
    f"{DATA}/icons/state-ready.svg",
    f"{DATA}/{APP_ID}.desktop",
    f"{DATA}/{APP_ID}.metainfo.xml",
    "tvox_panel/py.typed",
]
#: pip's own notes about this machine's pip configuration: not the build's.
PIP_CONFIG_NOTE = re.compile(r"WARNING: Location '.*' is ignored")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed tree, as CI and an IT department get it: no .qm, no build outputs."""
    target = tmp_path_factory.mktemp("clone") / "tvox-panel"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(target)],
                   check=True, timeout=120)  # fmt: skip
    assert not list(target.rglob("*.qm"))
    return target


def build_env() -> dict[str, str]:
    # Byte-compiling is the installer's job; with it disabled, setuptools says so in a warning.
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warnings_in(output: str) -> list[str]:
    return [
        line.strip()
        for line in output.splitlines()
        if re.search(r"warn|!!", line, re.IGNORECASE) and not PIP_CONFIG_NOTE.search(line)
    ]


def check_wheel(wheel: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for name in SHIPPED:
            assert name in names, f"{wheel.name} lacks {name}"
        assert f"{NAME}.dist-info/licenses/LICENSE" in names
        metadata = Parser().parsestr(archive.read(f"{NAME}.dist-info/METADATA").decode())
        entry_points = archive.read(f"{NAME}.dist-info/entry_points.txt").decode()
        catalogue = archive.read(f"{DATA}/translations/tvox_panel_it.qm")
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert any(c.startswith("Topic :: Communications :: Telephony")
               for c in metadata.get_all("Classifier") or [])  # fmt: skip
    assert any(
        url.startswith("Homepage, https://") for url in metadata.get_all("Project-URL") or []
    )
    assert "[gui_scripts]\ntvox-panelw = tvox_panel.cli.panel:main" in entry_points
    assert not any("screenshots" in name for name in names)
    assert_speaks_italian(catalogue, tmp_path / "tvox_panel_it.qm")


def assert_speaks_italian(qm: bytes, path: Path) -> None:
    """The compiled catalogue loads in Qt and translates like the .ts it came from."""
    from PySide6.QtCore import QTranslator

    path.write_bytes(qm)
    translator = QTranslator()
    assert translator.load(str(path))
    assert translator.translate("Tray", "Quit") == "Esci"


def test_pip_builds_a_complete_wheel_from_a_clean_clone(clone: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--verbose", "--wheel-dir",
         str(tmp_path), str(clone)],
        capture_output=True, text=True, timeout=900, env=build_env(), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert warnings_in(done.stdout + done.stderr) == []
    check_wheel(tmp_path / f"{NAME}-py3-none-any.whl", tmp_path)


def test_the_sdist_carries_the_catalogues_and_builds_the_same_wheel(
    clone: Path, tmp_path: Path
) -> None:
    pytest.importorskip("build", reason="the build frontend (pip install build)")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(tmp_path), str(clone)],
        capture_output=True, text=True, timeout=900, env=build_env(), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert warnings_in(done.stdout + done.stderr) == []
    with tarfile.open(tmp_path / f"{NAME}.tar.gz") as sdist:
        names = set(sdist.getnames())
    backend = "packaging/backend/tvox_build.py"
    metainfo = f"resources/{APP_ID}.metainfo.xml"
    for name in ("LICENSE", "resources/translations/tvox_panel_it.qm", backend, metainfo):
        assert f"{NAME}/{name}" in names
    # The wheel was built from the sdist, whose catalogues were compiled already: the log
    # shows its build environment got setuptools alone (no PySide6 to compile them again).
    from_sdist = (done.stdout + done.stderr).split("Building wheel from sdist", 1)[1]
    assert "pyside6" not in from_sdist.split("Building wheel...", 1)[0].lower()
    check_wheel(tmp_path / f"{NAME}-py3-none-any.whl", tmp_path)
