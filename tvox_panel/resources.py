"""Find bundled resources (icons, translations, desktop files) installed or in a source tree."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """The path of a resource, from a PyInstaller bundle, an installed package or the tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle, "resources", *parts)
    here = Path(__file__).resolve().parent
    installed = here / "data"
    if installed.is_dir():
        return installed.joinpath(*parts)
    return here.parent.joinpath("resources", *parts)
