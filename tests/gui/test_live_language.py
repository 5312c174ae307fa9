"""One language at a time: a language change retranslates every visible string at once.

The whole panel runs (window, tray, command socket, settings dialog) against the simulator;
after each switch every text a user can see or hear (labels, buttons, menus, placeholders,
tooltips, accessible names, headers, cells, the status bar, the tray menu, the open dialog)
is checked against the catalogue for strings of the other language.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tvox_panel.cli.panel import Options
from tvox_panel.gui import translator
from tvox_panel.gui.app import Panel
from tvox_panel.gui.state import State
from tvox_panel.gui.widgets.message_area import Purpose
from tvox_panel.i18n import build as i18n_build
from tvox_panel.phone.intext import find_phone_numbers
from tvox_panel.simulator import Simulator

TIMEOUT = 5000
PLACEHOLDER = re.compile(r"%\d|\{\d*\}")


def catalogue_patterns() -> dict[str, list[re.Pattern[str]]]:
    """For each language, the strings only it has (source and translation differ)."""
    root = ET.parse(i18n_build.catalogue_path("it")).getroot()
    only: dict[str, list[str]] = {"en": [], "it": []}
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        if source.strip() and translation.strip() and source != translation:
            only["en"].append(source)
            only["it"].append(translation)
    patterns: dict[str, list[re.Pattern[str]]] = {}
    for lang, texts in only.items():
        other = only["it" if lang == "en" else "en"]
        compiled = []
        for text in texts:
            parts = [re.escape(part) for part in PLACEHOLDER.split(text)]
            pattern = re.compile(r"(?<!\w)" + ".+?".join(parts) + r"(?!\w)")
            if len(re.sub(r"\W", "", PLACEHOLDER.sub("", text))) < 4:
                continue  # "No", " s": too short to tell a language by
            if any(pattern.search(each) for each in other):
                continue  # the other language uses it too: a key name such as "Backspace"
            compiled.append(pattern)
        patterns[lang] = compiled
    return patterns


def widget_texts(root: QWidget) -> list[str]:
    """Every text of ``root`` and its children that a user can read or a screen reader says."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [
            widget.toolTip(),
            widget.accessibleName(),
            widget.accessibleDescription(),
            widget.windowTitle(),
        ]
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(index) for index in range(widget.count())]
        if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
            texts += [widget.suffix(), widget.specialValueText()]
        if isinstance(widget, QAbstractSpinBox):
            texts.append(widget.text())
        if isinstance(widget, QMenu):
            texts += menu_texts(widget)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for column in range(model.columnCount()):
                texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
                for row in range(model.rowCount()):
                    index = model.index(row, column, QModelIndex())
                    texts.append(str(index.data() or ""))
                    texts.append(str(index.data(Qt.ItemDataRole.ToolTipRole) or ""))
        for action in widget.actions():
            texts += [action.text(), action.toolTip()]
            if isinstance(menu := action.menu(), QMenu):
                texts += menu_texts(menu)
    return [text for text in texts if text]


def menu_texts(menu: QMenu) -> list[str]:
    texts = [menu.title()]
    for action in menu.actions():
        texts += [action.text(), action.toolTip()]
        if isinstance(submenu := action.menu(), QMenu):
            texts += menu_texts(submenu)
    return texts


def foreign(texts: list[str], patterns: list[re.Pattern[str]]) -> list[tuple[str, str]]:
    return [
        (text, pattern.pattern) for text in texts for pattern in patterns if pattern.search(text)
    ]


@pytest.fixture
def panel(
    qtbot: QtBot, qapp: QApplication, sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Panel]:
    """The whole panel, started in Italian (``--lang it``) with the language setting empty."""
    with tempfile.TemporaryDirectory(prefix="tvx", dir="/tmp") as home:
        monkeypatch.setenv("TVOX_PANEL_HOME", home)
        monkeypatch.setenv("TVOX_PASSWORD", "supervisor")
        opts = Options(url=sim.base_url, user="supervisor", agent="mrossi", language="it")
        built = Panel(qapp, opts)
        try:
            with qtbot.waitSignal(
                built.session.status_changed,
                timeout=TIMEOUT,
                check_params_cb=lambda s: s.state == State.READY,
            ):
                assert built.start()
            yield built
        finally:
            built.shutdown()  # hides the window: closing it would quit the application
            built.window.deleteLater()
            translator.install("en")


def everything(panel: Panel) -> list[str]:
    panel.tray.menu.aboutToShow.emit()  # what a user sees when the tray menu opens
    texts = widget_texts(panel.window) + menu_texts(panel.tray.menu)
    texts.append(panel.tray.tooltip(panel.session.status))
    if panel.settings_dialog is not None:
        texts += widget_texts(panel.settings_dialog)
    return texts


def test_every_visible_string_follows_a_language_change_at_once(qtbot: QtBot, panel: Panel) -> None:
    patterns = catalogue_patterns()
    session, window = panel.session, panel.window
    window.number_field.setText("0212345678")
    with qtbot.waitSignal(session.call_started, timeout=TIMEOUT):
        window.dial_current()
    with qtbot.waitSignal(session.recording_changed, timeout=TIMEOUT):
        window.toggle_recording()
    window.offer_numbers(find_phone_numbers("tel 02 1234 5678, cell 333 1234567"), Purpose.DIAL)
    panel.open_settings()
    assert panel.settings_dialog is not None
    assert window.call_button.text() == "Riaggancia"
    assert foreign(everything(panel), patterns["en"]) == []

    translator.install("en")
    assert window.call_button.text() == "Hang up"
    assert window.menuBar().actions()[0].text() == "&Panel"
    assert foreign(everything(panel), patterns["it"]) == []

    translator.install("it")
    assert window.controls.rec_indicator.text().startswith("\u25cf REC ")
    assert foreign(everything(panel), patterns["en"]) == []


def test_ok_in_settings_without_a_change_keeps_the_language_of_the_command_line(
    qtbot: QtBot, panel: Panel
) -> None:
    patterns = catalogue_patterns()
    before = everything(panel)
    assert panel.session.settings.language == ""  # "System language"; --lang it runs
    panel.open_settings()
    dialog = panel.settings_dialog
    assert dialog is not None
    dialog.accept()
    assert panel.settings_dialog is None
    qtbot.waitUntil(lambda: not panel.window.findChildren(QDialog))  # deleted once closed
    after = everything(panel)
    assert foreign(after, patterns["en"]) == []
    assert panel.window.controls.tag_toggle.text() == "Classificazione"
    assert sorted(after) == sorted(before)


def test_choosing_a_language_in_settings_switches_everything_at_once(
    qtbot: QtBot, panel: Panel
) -> None:
    patterns = catalogue_patterns()
    panel.open_settings()
    dialog = panel.settings_dialog
    assert dialog is not None
    language = dialog.widgets["language"]
    assert isinstance(language, QComboBox)
    language.setCurrentIndex(language.findData("en"))
    dialog.accept()
    assert panel.window.call_button.text() == "Call"
    assert panel.window.status_label.text().startswith("Logged in as ")
    assert foreign(everything(panel), patterns["it"]) == []
