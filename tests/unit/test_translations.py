"""The translation catalogues: complete, faithful to placeholders, in step with the sources."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tvox_panel.cli import call as cli_call
from tvox_panel.handoff import client as handoff
from tvox_panel.i18n import build as i18n_build
from tvox_panel.i18n import catalog as i18n

PLACEHOLDER = re.compile(r"\{\d*(?:![rsa])?(?::[^{}]*)?\}|%L?n|%\d")
SHORTCUT = re.compile(r"Ctrl\+\S|\bEsc\b")
DROPPED = ("vanished", "obsolete")


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translations: tuple[str, ...]
    kind: str | None


def read_catalogue(path: Path) -> tuple[ET.Element, list[Message]]:
    root = ET.parse(path).getroot()
    found = []
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            node = msg.find("translation")
            assert node is not None, (name, msg.findtext("source"))
            forms = [f.text or "" for f in node.iter("numerusform")] or [node.text or ""]
            found.append(
                Message(name, msg.findtext("source") or "", tuple(forms), node.get("type"))
            )
    return root, found


def catalogue(lang: str) -> Path:
    return i18n_build.catalogue_path(lang)


def mnemonics(text: str) -> int:
    return len(re.findall(r"(?<!&)&(?!&)", text))


def test_italian_has_a_finished_translation_for_every_string() -> None:
    root, messages = read_catalogue(catalogue("it"))
    assert root.get("language") == "it"
    assert root.get("sourcelanguage") == "en"
    assert len(messages) > 200
    unfinished = [
        (m.context, m.source)
        for m in messages
        if m.kind in ("unfinished", *DROPPED) or not all(t.strip() for t in m.translations)
    ]
    assert unfinished == [], "translate these in resources/translations/tvox_panel_it.ts"


def test_italian_is_italian_where_it_matters() -> None:
    _, messages = read_catalogue(catalogue("it"))
    table = {(m.context, m.source): m.translations[0] for m in messages}
    assert table[("CallControls", "Hang up")] == "Riaggancia"
    assert table[("CallLogView", "Call log")] == "Registro chiamate"
    assert table[("CallLogModel", "Outcome unknown")] == "Esito sconosciuto"
    # Most strings differ from the English source: the file is not a copy of it.
    same = [m.source for m in messages if m.translations[0] == m.source]
    assert len(same) < len(messages) // 10, same


def test_english_catalogue_holds_only_finished_plural_forms() -> None:
    root, messages = read_catalogue(catalogue("en"))
    assert (root.get("language"), root.get("sourcelanguage")) == ("en", "en")
    for message in messages:
        assert "%n" in message.source, message  # the rest is the source text itself
        assert message.kind is None, message
        assert all(t.strip() for t in message.translations), message


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_placeholders_mnemonics_and_shortcuts_survive_translation(lang: str) -> None:
    _, messages = read_catalogue(catalogue(lang))
    for m in messages:
        for text in m.translations:
            where = (m.context, m.source, text)
            assert Counter(PLACEHOLDER.findall(text)) == Counter(PLACEHOLDER.findall(m.source)), (
                where
            )
            assert mnemonics(text) == mnemonics(m.source), where
            assert text.count("&&") == m.source.count("&&"), where
            assert set(SHORTCUT.findall(m.source)) <= set(SHORTCUT.findall(text)), where


def test_menu_mnemonics_do_not_clash_in_italian() -> None:
    _, messages = read_catalogue(catalogue("it"))
    it = {m.source: m.translations[0] for m in messages if m.context == "MainWindow"}
    menus = [
        ["&Panel", "&Call"],
        ["&Settings…", "&Quit"],
        ["&Paste number", "&Record", "&Search log"],
    ]
    for entries in menus:
        keys = [re.search(r"&(\w)", it[e]).group(1).lower() for e in entries]  # type: ignore[union-attr]
        assert len(set(keys)) == len(keys), [it[e] for e in entries]


def test_catalogues_are_up_to_date_with_the_sources(tmp_path: Path) -> None:
    if i18n_build.find_tool("lupdate") is None:
        pytest.skip("pyside6-lupdate is not installed")
    for lang in i18n.LANGUAGES:
        shutil.copy(catalogue(lang), tmp_path / catalogue(lang).name)
    i18n_build.update(ts_dir=tmp_path)
    for lang in i18n.LANGUAGES:
        _, committed = read_catalogue(catalogue(lang))
        _, fresh = read_catalogue(tmp_path / catalogue(lang).name)
        have = {(m.context, m.source) for m in committed}
        want = {(m.context, m.source) for m in fresh}
        assert (sorted(want - have), sorted(have - want)) == ([], []), (
            f"tvox_panel_{lang}.ts is out of date: run `make lupdate` and translate"
        )


def test_every_context_is_one_the_code_asks_for() -> None:
    """A string filed under a context nobody looks up would never be shown translated."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in i18n_build.package_sources())
    classes = set(re.findall(r"^class (\w+)\(", sources, re.MULTILINE))
    literal = set(re.findall(r"\btranslate\(\s*\"([^\"]+)\"", sources))
    _, messages = read_catalogue(catalogue("it"))
    stray = sorted({m.context for m in messages} - classes - literal)
    assert stray == []


def test_cli_text_comes_from_the_italian_catalogue(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TVOX_PANEL_LANG", "it")
    monkeypatch.setattr(i18n, "_forced", None)
    i18n._catalogue.cache_clear()
    assert i18n.translate("tvox-call", "no recordings") == "nessuna registrazione"
    assert i18n.translate("tvox-call", "a text nobody translated") == "a text nobody translated"

    code = cli_call.main(["--url", "tvox.example.com", "--timeout", "999", "version"])
    assert code == cli_call.EXIT_USAGE
    assert capsys.readouterr().err == "tvox-call: --timeout deve essere tra 0 e 300 secondi\n"


def test_panel_command_line_speaks_italian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_forced", "it")
    status = {"state": "in_call", "number": "600", "recording": True, "user": "mrossi"}
    status["server"] = "tvox.example.com"
    assert handoff.status_summary(status) == (
        "in chiamata con 600, in registrazione (mrossi su tvox.example.com)"
    )
    with pytest.raises(handoff.UsageError, match="^dial richiede un numero$"):
        handoff.parse_command(["dial"])


def test_english_needs_no_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_forced", "en")
    assert i18n.translate("tvox-call", "no recordings") == "no recordings"


def test_release_builds_a_compiled_catalogue_per_language(tmp_path: Path) -> None:
    if i18n_build.find_tool("lrelease") is None:
        pytest.skip("pyside6-lrelease is not installed")
    for lang in i18n.LANGUAGES:
        shutil.copy(catalogue(lang), tmp_path / catalogue(lang).name)
    built = i18n_build.release(ts_dir=tmp_path)
    assert sorted(p.name for p in built) == ["tvox_panel_en.qm", "tvox_panel_it.qm"]
    italian = (tmp_path / "tvox_panel_it.qm").read_bytes()
    assert "Riaggancia".encode("utf-16-be") in italian


def test_build_failures_are_one_line_and_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(i18n_build, "find_tool", lambda name: None)
    assert i18n_build.main(["update"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "pyside6-lupdate not found" in err

    monkeypatch.setattr(i18n_build, "find_tool", lambda name: Path("/bin/false"))

    def failing(command: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 3, "", "lrelease: cannot open\nfile x.ts\n")

    monkeypatch.setattr(i18n_build, "_run", failing)
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    (tmp_path / "tvox_panel_en.ts").write_text("<TS/>")
    assert i18n_build.main(["release"]) == 1
    assert capsys.readouterr().err == "i18n_build: lrelease tvox_panel_en.ts failed: file x.ts\n"
    assert i18n_build.main(["frobnicate"]) == 2
