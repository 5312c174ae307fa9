"""Install the interface language: Qt's own .qm catalogues, or the .ts sources as a fallback."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator

from tvox_panel.i18n import catalog as i18n

log = logging.getLogger("tvox_panel.translator")


class TsTranslator(QTranslator):
    """Translates from the ``.ts`` sources when no ``.qm`` was built (a source checkout)."""

    def __init__(self, lang: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang = lang

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None, not "": an empty string would count as a translation and blank the text.
        return i18n.lookup(self._lang, context, source)

    def isEmpty(self) -> bool:
        return False


_installed: list[QTranslator] = []
_current: list[str] = []  # the language installed last, if any


def install(language: str = "") -> str:
    """Install the translators for ``language`` ("" follows the system); returns the language.

    Every window then gets a LanguageChange event and shows its texts in the new language;
    when the language is the one already installed, nothing changes and no event is sent.
    """
    app = QCoreApplication.instance()
    assert app is not None
    i18n.set_language(language or None)
    lang = i18n.current_language()
    if _current == [lang]:
        return lang
    _current[:] = [lang]
    # The system locale formats dates and numbers, unless it is C/POSIX (no locale set).
    # Set first: the windows format their dates again when the translators change.
    system = lang == i18n.system_language() and QLocale.system().language() not in (
        QLocale.Language.C,
        QLocale.Language.AnyLanguage,
    )
    QLocale.setDefault(QLocale.system() if system else QLocale(lang))
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if lang == "en":
        _retranslate_now()
        return lang
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(QLocale(lang), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    ours = QTranslator(app)
    qm = i18n.translations_dir() / f"tvox_panel_{lang}.qm"
    if not (qm.is_file() and ours.load(str(qm))):
        log.info("no compiled catalogue %s; translating from the .ts source", qm.name)
        ours = TsTranslator(lang, app)
    app.installTranslator(ours)
    _installed.append(ours)
    _retranslate_now()
    return lang


def _retranslate_now() -> None:
    """Deliver the LanguageChange events Qt posted to every window: texts change at once."""
    QCoreApplication.sendPostedEvents(None, int(QEvent.Type.LanguageChange))
