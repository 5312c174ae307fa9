"""The import rules of the architecture: who may reach the network, who may import Qt."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tvox_panel"
CORE = [
    "webapi", "simulator", "numbers.py", "number_uris.py", "calllog.py", "calllog_search.py",
    "calllog_csv.py", "settings.py", "secrets.py", "paths.py", "logsetup.py", "recnames.py",
    "i18n.py", "handoff.py", "desktop.py", "cli_call.py",
]  # fmt: skip


def imported_names(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved against the package."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module.rsplit(".", 1)[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def python_files(*names: str) -> list[Path]:
    files: list[Path] = []
    for name in names:
        target = PACKAGE / name
        files.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return files


@pytest.mark.parametrize("path", python_files(*CORE), ids=lambda p: p.name)
def test_core_modules_never_import_qt(path: Path) -> None:
    qt = {n for n in imported_names(path) if n.startswith(("PySide6", "shiboken6"))}
    assert not qt, f"{path.name} imports {sorted(qt)}"


@pytest.mark.parametrize(
    "path", [p for p in python_files("gui") if p.name != "worker.py"], ids=lambda p: p.name
)
def test_only_the_worker_reaches_the_network(path: Path) -> None:
    names = imported_names(path)
    banned = {"requests", "http.client", "tvox_panel.webapi.client", "tvox_panel.webapi.http",
              "tvox_panel.webapi.transport", "tvox_panel.webapi.TVoxClient"}  # fmt: skip
    assert not names & banned, f"{path.name} imports {sorted(names & banned)}"


def test_nothing_imports_the_app_wiring() -> None:
    offenders = [
        p.name for p in PACKAGE.rglob("*.py")
        if p.name not in ("app.py", "cli.py") and "tvox_panel.app" in imported_names(p)
    ]  # fmt: skip
    assert offenders == []


def test_the_rules_see_a_violation() -> None:
    # The checks above parse real imports: prove they would notice one.
    names = imported_names(PACKAGE / "gui" / "worker.py")
    assert "tvox_panel.webapi.TVoxClient" in names
