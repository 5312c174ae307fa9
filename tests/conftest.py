"""Fixtures shared by every suite: an isolated home, and a simulator on loopback."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tvox_panel.simulator import SimConfig, Simulator

PASSWORD = "supervisor"

# Headless by default, whoever runs pytest (make test sets it too).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config, data, log and runtime dirs; no real home is touched."""
    home = tmp_path / "home"
    monkeypatch.setenv("TVOX_PANEL_HOME", str(home))
    monkeypatch.delenv("TVOX_PASSWORD", raising=False)
    monkeypatch.setenv("TVOX_PANEL_LANG", "en")
    return home


@pytest.fixture(autouse=True)
def collect_on_the_main_thread() -> Iterator[None]:
    """As the panel does (gui/collector.py): cycles are collected on the main thread only,
    never on a worker or server thread where Qt objects must not be destroyed."""
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[Simulator]:
    """A running simulator with the demo users and recordings under tmp_path."""
    server = Simulator(SimConfig(), recordings_dir=tmp_path / "recordings").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if not shutil.which("dbus-daemon"):
        pytest.skip("dbus-daemon is not installed")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)
