"""`make demo` on a minimal Debian: which libraries Qt's xcb plugin misses, said in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tvox_panel.desktop import qtlibs

README = Path(__file__).resolve().parents[2] / "README.md"

LDD_OUTPUT = """\
/x/libqxcb.so:
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f)
/x/libQt6XcbQpa.so.6:
\tlibxcb-icccm.so.4 => not found
"""


def fake_ldd(command: list[str]) -> subprocess.CompletedProcess[str]:
    assert command[0] == "ldd"
    return subprocess.CompletedProcess(command, 1, LDD_OUTPUT, "")


def test_the_missing_libraries_are_named_with_their_packages(tmp_path: Path) -> None:
    missing = qtlibs.missing_libraries(tmp_path / "libqxcb.so", fake_ldd)
    assert missing == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert qtlibs.advice(missing) == (
        "Qt cannot open a window without these libraries: libxcb-icccm.so.4, "
        "libxcb-keysyms.so.1. Install them: sudo apt-get install libxcb-icccm4 libxcb-keysyms1"
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_the_check_says_one_line_and_fails_when_something_is_missing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    if qtlibs.xcb_plugin() is None:
        pytest.skip("this PySide6 has no xcb plugin")
    assert qtlibs.main({"QT_QPA_PLATFORM": ""}, fake_ldd) == 1
    said = capsys.readouterr().err
    assert said.count("\n") == 1
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in said


def test_nothing_is_said_when_nothing_is_missing_or_qt_will_not_use_xcb(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def complete(command: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 0, "\tlibxcb.so.1 => /lib/libxcb.so.1\n", "")

    assert qtlibs.main({"QT_QPA_PLATFORM": ""}, complete) == 0
    assert qtlibs.main({"QT_QPA_PLATFORM": "offscreen"}, fake_ldd) == 0
    assert qtlibs.main({"XDG_SESSION_TYPE": "wayland"}, fake_ldd) == 0
    assert capsys.readouterr().err == ""


def test_the_readme_lists_every_library_package_the_plugin_needs() -> None:
    readme = README.read_text(encoding="utf-8")
    for package in qtlibs.DEBIAN_PACKAGES.values():
        assert package in readme, package
