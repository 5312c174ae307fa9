"""Translations without Qt: the command lines read the same ``.ts`` catalogues as the GUI."""

from __future__ import annotations

import locale
import os
import threading
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "it")
_lock = threading.Lock()
_forced: str | None = None


def translations_dir() -> Path:
    """Where ``tvox_panel_<lang>.ts`` / ``.qm`` live, installed or in a source tree."""
    from tvox_panel.resources import resource_path

    return resource_path("translations")


def system_language() -> str:
    """The two-letter language of the user's locale (``LANGUAGE``/``LC_*``/``LANG``)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(":")[0][:2].lower()
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return code[:2].lower() or "en"


def set_language(lang: str | None) -> None:
    """Force a language for :func:`translate` (None or ``""`` follows the system)."""
    global _forced
    with _lock:
        _forced = lang or None


def current_language() -> str:
    lang = _forced or os.environ.get("TVOX_PANEL_LANG") or system_language()
    return lang if lang in LANGUAGES else "en"


@cache
def _catalogue(lang: str) -> dict[tuple[str, str], str]:
    import xml.etree.ElementTree as ET  # only where no compiled .qm exists: off the start path

    path = translations_dir() / f"tvox_panel_{lang}.ts"
    table: dict[tuple[str, str], str] = {}
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return table
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source")
            node = msg.find("translation")
            if source is None or node is None or not node.text:
                continue
            if node.get("type") in ("unfinished", "vanished", "obsolete"):
                continue
            table[(name, source)] = node.text
    return table


def lookup(lang: str, context: str, text: str) -> str | None:
    """The finished translation of ``text`` in ``context``, or None."""
    return _catalogue(lang).get((context, text))


def translate(context: str, text: str) -> str:
    """Translate ``text`` of ``context`` into the current language.

    ``pyside6-lupdate`` extracts these calls like Qt's own ``QCoreApplication.translate``,
    so the command lines and the GUI share one catalogue per language.
    """
    return lookup(current_language(), context, text) or text
