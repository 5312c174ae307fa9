"""The build backend: setuptools, plus the compiled translation catalogues in every sdist and wheel.

``pip install .``, ``python -m build`` and the sdist all ship ``tvox_panel/data/translations/*.qm``
compiled by PySide6's ``lrelease`` at build time (the ``.qm`` files are not kept in git). PySide6 is
asked for as a build requirement only when a catalogue still has to be compiled: a wheel built from
the sdist, which carries its ``.qm`` files, needs setuptools alone.

The PEP 517 hooks are setuptools' own (the "in-tree backend" pattern of the setuptools docs);
``pyproject.toml`` names :class:`BuildPy` and :class:`Sdist` as its ``build_py`` and ``sdist``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the hooks this backend does not change)
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = Path("resources", "translations")
#: What provides lrelease; the same PySide6 the panel runs on.
LRELEASE_REQUIREMENT = "PySide6-Essentials>=6.5,!=6.12.0"
#: Shipped in the sdist besides what setuptools adds by itself, so that it can build the wheel.
SDIST_EXTRAS = ("packaging/backend/tvox_build.py",)


def _stale_catalogues(ts_dir: Path) -> list[Path]:
    """The ``.ts`` files of ``ts_dir`` whose ``.qm`` is missing or older than the source."""
    stale = []
    for ts in sorted(ts_dir.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.is_file() or qm.stat().st_mtime < ts.stat().st_mtime:
            stale.append(ts)
    return stale


def _lrelease_needed() -> list[str]:
    return [LRELEASE_REQUIREMENT] if _stale_catalogues(ROOT / TRANSLATIONS) else []


def get_requires_for_build_wheel(config_settings: Any = None) -> list[str]:
    return [*_setuptools.get_requires_for_build_wheel(config_settings), *_lrelease_needed()]


def get_requires_for_build_sdist(config_settings: Any = None) -> list[str]:
    return [*_setuptools.get_requires_for_build_sdist(config_settings), *_lrelease_needed()]


def compile_catalogues(ts_dir: Path) -> None:
    """Compile every ``.ts`` of ``ts_dir`` into the ``.qm`` beside it.

    Without lrelease (a build environment with no PySide6), the up-to-date ``.qm`` files already
    there are kept: that is a wheel built from the sdist.

    Raises:
        RuntimeError: a catalogue has no up-to-date ``.qm`` and cannot be compiled.
    """
    sys.path.insert(0, str(ROOT))
    try:
        from tvox_panel.i18n import build as i18n_build
    finally:
        sys.path.remove(str(ROOT))
    if i18n_build.find_tool("lrelease") is None:
        stale = _stale_catalogues(ts_dir)
        if stale:
            names = ", ".join(ts.name for ts in stale)
            raise RuntimeError(f"lrelease (PySide6) is needed to compile {names}")
        return
    for qm in ts_dir.glob("*.qm"):
        qm.unlink()  # the sdist's tree hard-links the source files: never write through them
    try:
        i18n_build.release(ts_dir=ts_dir)
    except i18n_build.BuildError as error:
        raise RuntimeError(f"cannot compile the translation catalogues: {error}") from None


class BuildPy(build_py):
    """``build_py`` that also puts the compiled catalogues into the wheel."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:  # an editable install reads resources/ (make translations)
            compile_catalogues(Path(self.build_lib, "tvox_panel", "data", "translations"))


class Sdist(sdist):
    """``sdist`` whose archive carries the compiled catalogues and this backend."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        for name in SDIST_EXTRAS:
            self.mkpath(str(Path(base_dir, name).parent))
            self.copy_file(str(ROOT / name), str(Path(base_dir, name)))
        compile_catalogues(Path(base_dir, TRANSLATIONS))
