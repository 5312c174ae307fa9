"""PySide6 still learns which modules use it, without keeping their source in memory."""

from __future__ import annotations

import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tvox_panel.gui import pyside_scan


@pytest.fixture
def module_dir(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in ("scan_uses_qt", "scan_plain", "scan_stdlib_user"):
        sys.modules.pop(name, None)


def feature_dict() -> dict[str, int]:
    feature = sys.modules["shibokensupport.feature"]
    table: dict[str, int] = feature.pyside_feature_dict
    return table


def test_modules_are_classified_as_before_and_their_source_is_not_kept(
    module_dir: Path,
) -> None:
    assert pyside_scan.install()
    assert pyside_scan.installed()
    assert pyside_scan.install()  # a second call keeps the one wrapper
    (module_dir / "scan_uses_qt.py").write_text("import json\nfrom PySide6 import QtCore\n")
    (module_dir / "scan_plain.py").write_text("import json\nVALUE = 1\n")
    (module_dir / "scan_stdlib_user.py").write_text("import colorsys\n")
    # The hook sits on builtins.__import__, the path of every import statement.
    __import__("scan_uses_qt")
    __import__("scan_plain")
    assert feature_dict()["scan_uses_qt"] == 0  # uses PySide6: features default off
    assert feature_dict()["scan_plain"] == -1  # ignored by the feature machinery
    assert str(module_dir / "scan_uses_qt.py") not in linecache.cache
    assert str(module_dir / "scan_plain.py") not in linecache.cache
    sys.modules.pop("colorsys", None)
    __import__("scan_stdlib_user")  # imports colorsys, a standard-library module
    assert feature_dict()["colorsys"] == -1
    assert sys.modules["colorsys"].__file__ not in linecache.cache


class _SourceFromLoader:
    """A loader that has the module's source although no file holds it."""

    def __init__(self, source: str) -> None:
        self.source = source

    def get_source(self, name: str) -> str:
        return self.source


def test_a_module_without_a_readable_file_gets_pysides_own_answer(module_dir: Path) -> None:
    assert pyside_scan.install()
    feature = sys.modules["shibokensupport.feature"]
    fake = type(sys)("scan_fake")
    fake.__file__ = str(module_dir / "missing.py")
    setattr(fake, "__loader__", _SourceFromLoader("from PySide6 import QtCore\n"))  # noqa: B010
    # No file to read: only PySide6's own check, through the loader, can see the import.
    assert feature._mod_uses_pyside(fake) is True
    setattr(fake, "__loader__", _SourceFromLoader("VALUE = 1\n"))  # noqa: B010
    linecache.clearcache()
    assert feature._mod_uses_pyside(fake) is False
    assert feature._mod_uses_pyside(sys) is False  # built in: no source at all
