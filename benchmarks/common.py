"""What every benchmark shares: run modes, A/B alternation, temp homes and the module CLI."""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from benchmarks.report import Figure, print_table

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QApplication

PAIRS_FULL, PAIRS_QUICK, PAIRS_SMOKE = 7, 3, 1


@dataclass(frozen=True)
class Mode:
    """How long a run is: ``full`` (the figures), ``quick`` or ``smoke`` (proves the scripts).

    Attributes:
        pairs: How many A/B pairs to alternate.
        quick: Fewer pairs and shorter idle and soak phases.
        smoke: The tiniest run that still goes through every step.
    """

    pairs: int
    quick: bool = False
    smoke: bool = False

    @classmethod
    def make(cls, pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> Mode:
        default = PAIRS_SMOKE if smoke else PAIRS_QUICK if quick else PAIRS_FULL
        return cls(max(1, pairs if pairs is not None else default), quick, smoke)

    def pick(self, full: float, quick: float, smoke: float) -> float:
        """The value for this mode."""
        return smoke if self.smoke else quick if self.quick else full


class Runner(Protocol):
    """The ``run`` function every figure module offers."""

    def __call__(
        self, pairs: int | None = None, *, quick: bool = False, smoke: bool = False
    ) -> list[Figure]: ...


def alternate(
    pairs: int, ours: Callable[[], float], baseline: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """Run ``ours`` and ``baseline`` alternately (A B A B ...) and return both samples."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(pairs):
        a.append(ours())
        b.append(baseline())
    return a, b


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile (0..1) of ``values``, nearest rank."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@contextlib.contextmanager
def temp_home(prefix: str = "tvox-bench-") -> Iterator[Path]:
    """A throwaway ``TVOX_PANEL_HOME`` (config, data, log, run); removed afterwards."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


@contextlib.contextmanager
def home_env(home: Path) -> Iterator[None]:
    """Point this process's ``TVOX_PANEL_HOME`` at ``home`` for the duration."""
    names = ("TVOX_PANEL_HOME", "TVOX_PANEL_LANG")
    saved = {name: os.environ.get(name) for name in names}
    os.environ["TVOX_PANEL_HOME"] = str(home)
    os.environ["TVOX_PANEL_LANG"] = "en"
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@functools.cache
def compile_bytecode() -> None:
    """Compile the package's bytecode once, as ``pip install`` leaves an installed panel.

    A source tree run with ``PYTHONDONTWRITEBYTECODE=1`` (common in containers and CI) would
    otherwise recompile every changed module on every start and time the compiler.
    """
    import compileall
    import py_compile

    import tvox_panel

    # Timestamp-checked, as pip writes them (SOURCE_DATE_EPOCH would otherwise make them
    # hash-checked, and every start would hash every source file).
    mode = py_compile.PycInvalidationMode.TIMESTAMP
    compileall.compile_dir(Path(tvox_panel.__file__).parent, quiet=1, invalidation_mode=mode)


def child_env(home: Path, password: str | None = None) -> dict[str, str]:
    """The environment of a benchmarked process: offscreen Qt, an isolated home, English.

    Also makes sure the process will load compiled bytecode (``compile_bytecode``).
    """
    compile_bytecode()
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["TVOX_PANEL_HOME"] = str(home)
    env["TVOX_PANEL_LANG"] = "en"
    env.pop("TVOX_PASSWORD", None)
    if password is not None:
        env["TVOX_PASSWORD"] = password
    return env


def panel_command(*args: str) -> list[str]:
    """The installed ``tvox-panel`` script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("tvox-panel")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "tvox_panel", *args]


def qapp() -> QApplication:
    """The process's QApplication (offscreen unless a platform was chosen)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "tvox-bench"])
    assert isinstance(app, QApplication)
    return app


def spin_until(
    done: Callable[[], bool],
    timeout: float = 10.0,
    what: str = "event",
    wake: SignalInstance | None = None,
) -> None:
    """Run the Qt event loop until ``done()`` is true (checked each 2 ms and on ``wake``).

    Raises:
        TimeoutError: ``done()`` stayed false for ``timeout`` seconds.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(2)
    expired = [False]

    def poll() -> None:
        if done():
            loop.quit()

    def give_up() -> None:
        expired[0] = True
        loop.quit()

    check.timeout.connect(poll)
    if wake is not None:
        wake.connect(poll)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(give_up)
    deadline.start(int(timeout * 1000))
    check.start()
    try:
        loop.exec()
    finally:
        check.stop()
        deadline.stop()
        if wake is not None:
            wake.disconnect(poll)
    if not done() and expired[0]:
        raise TimeoutError(f"no {what} within {timeout:g} s")


QUIET_QT_MESSAGES = ("does not support propagateSizeHints",)
"""Qt warnings the offscreen platform prints for every top-level window; not ours to fix."""


def quiet_qt() -> None:
    """Drop the offscreen platform's noise from Qt's messages (command line runs only)."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if not any(noise in message for noise in QUIET_QT_MESSAGES):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def module_main(run: Runner, argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.NAME [--quick|--smoke] [--pairs N]``: run one figure, print it."""
    parser = argparse.ArgumentParser(description=(run.__doc__ or "").strip().splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer pairs, shorter phases")
    parser.add_argument("--smoke", action="store_true", help="the tiniest run (proves the script)")
    parser.add_argument("--pairs", type=int, help="A/B pairs to alternate")
    args = parser.parse_args(argv)
    quiet_qt()
    figures = run(args.pairs, quick=args.quick, smoke=args.smoke)
    print_table(figures)
    return 0
