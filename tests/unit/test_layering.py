"""The import rules of the architecture: who may reach the network, who may import Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tvox_panel"
# Plain Python: importable (and testable) without Qt, by the command lines and the simulator.
CORE = [
    "webapi", "simulator", "calllog", "phone", "config", "desktop", "i18n", "cli/call.py",
    "handoff/__init__.py", "handoff/protocol.py", "handoff/client.py", "handoff/events.py",
    "resources.py",
]  # fmt: skip
# Code that runs inside the panel's process: of these, only the worker may reach the network.
IN_PANEL = ["gui", "handoff", "calllog", "phone", "config", "desktop", "i18n"]
NETWORK = {
    "requests", "urllib3", "http.client", "tvox_panel.webapi.client", "tvox_panel.webapi.http",
    "tvox_panel.webapi.transport", "tvox_panel.webapi.TVoxClient",
}  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path) -> set[str]:
    """Every module ``path`` imports, relative imports resolved against the package."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
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


def rel(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def test_every_module_is_under_a_named_package() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "resources.py"]


@pytest.mark.parametrize("path", python_files(*CORE), ids=rel)
def test_core_modules_never_import_qt(path: Path) -> None:
    qt = {n for n in imported_names(path) if n.startswith(("PySide6", "shiboken6"))}
    assert not qt, f"{rel(path)} imports {sorted(qt)}"


def test_core_modules_load_no_qt_in_a_fresh_interpreter() -> None:
    # The static check above sees direct imports; this one sees what they pull in.
    modules = sorted({module_name(p) for p in python_files(*CORE)} - {"tvox_panel.i18n.build"})
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "path", [p for p in python_files(*IN_PANEL) if p.name != "worker.py"], ids=rel
)
def test_only_the_worker_reaches_the_network(path: Path) -> None:
    names = imported_names(path)
    assert not names & NETWORK, f"{rel(path)} imports {sorted(names & NETWORK)}"


@pytest.mark.parametrize("path", python_files("gui/widgets"), ids=rel)
def test_widgets_never_import_the_webapi(path: Path) -> None:
    webapi = {n for n in imported_names(path) if n.startswith(("tvox_panel.webapi", "requests"))}
    assert not webapi, f"{rel(path)} imports {sorted(webapi)}"


@pytest.mark.parametrize(
    "path", python_files(*[p for p in IN_PANEL if p != "gui"], "webapi", "simulator"), ids=rel
)
def test_nothing_below_the_gui_imports_it(path: Path) -> None:
    gui = {n for n in imported_names(path) if n.startswith("tvox_panel.gui")}
    assert not gui, f"{rel(path)} imports {sorted(gui)}"


def test_nothing_imports_the_app_wiring() -> None:
    wiring = ("gui/app.py", "cli/panel.py")
    offenders = [
        rel(p) for p in PACKAGE.rglob("*.py")
        if rel(p) not in wiring and "tvox_panel.gui.app" in imported_names(p)
    ]  # fmt: skip
    assert offenders == []


def own_package(path: Path) -> str:
    return module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]


def private_imports_across_packages(source: str, own: str) -> list[str]:
    """``from a.b import _c`` where ``a.b`` is in another package than ``own``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            source_package = node.module.rsplit(".", 1)[0]
            for alias in node.names:
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and node.module.startswith("tvox_panel") and source_package != own:
                    found.append(f"{node.module}.{alias.name}")
    return found


@pytest.mark.parametrize("path", python_files("."), ids=rel)
def test_no_private_name_crosses_a_package(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert private_imports_across_packages(source, own_package(path)) == []


def classes_declaring_attributes_for_type_checking(source: str) -> list[str]:
    """Classes with an ``if TYPE_CHECKING:`` block in their body: another class's insides."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                test = stmt.test if isinstance(stmt, ast.If) else None
                if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
                    found.append(node.name)
    return found


@pytest.mark.parametrize("path", python_files("."), ids=rel)
def test_no_class_declares_another_ones_attributes(path: Path) -> None:
    assert classes_declaring_attributes_for_type_checking(path.read_text(encoding="utf-8")) == []


def test_the_rules_see_a_violation() -> None:
    # The checks above parse real imports and classes: prove they would notice each breach.
    assert "tvox_panel.webapi.TVoxClient" in imported_names(PACKAGE / "gui" / "worker.py")
    mixin = (
        "from typing import TYPE_CHECKING\n"
        "from tvox_panel.calllog.store import _to_record\n"
        "from tvox_panel.gui.state import _private_but_same_package\n"
        "class Mixin:\n"
        "    if TYPE_CHECKING:\n"
        "        _status: object\n"
    )
    assert classes_declaring_attributes_for_type_checking(mixin) == ["Mixin"]
    crossing = private_imports_across_packages(mixin, "tvox_panel.gui")
    assert crossing == ["tvox_panel.calllog.store._to_record"]
