"""Keep the translation catalogues in step with the sources: ``update`` (lupdate), ``release``."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tvox_panel.i18n import catalog as i18n

SOURCE_LANGUAGE = "en"
CATALOGUE = "tvox_panel_{lang}.ts"
Runner = Callable[[list[str]], "subprocess.CompletedProcess[str]"]


class BuildError(RuntimeError):
    """A Linguist tool is missing or failed; the message is one line."""


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def find_tool(name: str) -> Path | None:
    """``pyside6-<name>`` next to the interpreter, PySide6's own ``<name>`` binary, or on PATH.

    Args:
        name: ``"lupdate"`` or ``"lrelease"``.
    """
    exe = ".exe" if sys.platform == "win32" else ""
    candidates = [Path(sys.executable).parent / f"pyside6-{name}{exe}"]
    spec = importlib.util.find_spec("PySide6")  # locates the package without importing Qt
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidates.append(Path(folder) / f"{name}{exe}")
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    found = shutil.which(f"pyside6-{name}")
    return Path(found) if found else None


def package_sources(package: Path | None = None) -> list[Path]:
    """Every ``.py`` file of the package, sorted, so the catalogues do not depend on file order."""
    root = package or Path(__file__).resolve().parents[1]
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def catalogue_path(lang: str, ts_dir: Path | None = None) -> Path:
    """Where the ``.ts`` source of ``lang`` lives."""
    return (ts_dir or i18n.translations_dir()) / CATALOGUE.format(lang=lang)


def lupdate_command(tool: Path, lang: str, ts: Path, sources: Sequence[Path]) -> list[str]:
    """The lupdate command line for one catalogue.

    The English catalogue keeps only plural forms: every other English text is the source text.
    """
    command = [str(tool), "-silent", "-no-obsolete", "-locations", "none"]
    command += ["-source-language", SOURCE_LANGUAGE, "-target-language", lang]
    if lang == SOURCE_LANGUAGE:
        command.append("-pluralonly")
    return [*command, *(str(s) for s in sources), "-ts", str(ts)]


def _check(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        lines = (result.stderr or result.stdout or "").strip().splitlines()
        detail = lines[-1] if lines else f"exit code {result.returncode}"
        raise BuildError(f"{what} failed: {detail}")


def _need(name: str) -> Path:
    tool = find_tool(name)
    if tool is None:
        raise BuildError(f"pyside6-{name} not found; install PySide6 (the Essentials wheel)")
    return tool


def update(
    ts_dir: Path | None = None,
    sources: Sequence[Path] | None = None,
    languages: Sequence[str] = i18n.LANGUAGES,
    run: Runner | None = None,
) -> list[Path]:
    """Extract the translatable strings into each language's ``.ts``; returns the files.

    Raises:
        BuildError: lupdate is missing or failed.
    """
    tool = _need("lupdate")
    files = list(sources) if sources is not None else package_sources()
    written = []
    for lang in languages:
        ts = catalogue_path(lang, ts_dir)
        ts.parent.mkdir(parents=True, exist_ok=True)
        _check((run or _run)(lupdate_command(tool, lang, ts, files)), f"lupdate {ts.name}")
        written.append(ts)
    return written


def release(
    ts_dir: Path | None = None,
    languages: Sequence[str] = i18n.LANGUAGES,
    run: Runner | None = None,
) -> list[Path]:
    """Compile each ``.ts`` into the ``.qm`` beside it; returns the ``.qm`` files.

    Raises:
        BuildError: lrelease is missing or failed, or a ``.ts`` is missing.
    """
    tool = _need("lrelease")
    built = []
    for lang in languages:
        ts = catalogue_path(lang, ts_dir)
        if not ts.is_file():
            raise BuildError(f"{ts} is missing; run: python -m tvox_panel.i18n.build update")
        qm = ts.with_suffix(".qm")
        command = [str(tool), "-silent", str(ts), "-qm", str(qm)]
        _check((run or _run)(command), f"lrelease {ts.name}")
        built.append(qm)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tvox_panel.i18n.build update|release``; one line on stderr on failure."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args not in (["update"], ["release"]):
        print("usage: python -m tvox_panel.i18n.build update|release", file=sys.stderr)
        return 2
    try:
        done = update() if args[0] == "update" else release()
    except (BuildError, OSError) as exc:
        print(f"i18n_build: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    print(f"{args[0]}: " + ", ".join(p.name for p in done))
    return 0


if __name__ == "__main__":
    sys.exit(main())
