"""Finding, installing and removing the Debian package under test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "tvox-panel"
LAUNCHER = Path("/usr/bin/tvox-panel")


def unavailable(reason: str) -> None:
    """Skip for want of ``reason``; fail instead where CI asks for these tests to run."""
    if os.environ.get("TVOX_PANEL_SYSTEM_TESTS") == "required":
        pytest.fail(f"cannot run: {reason}")
    pytest.skip(reason)


def find_deb() -> Path | None:
    named = os.environ.get("TVOX_PANEL_DEB")
    if named:
        return Path(named).resolve()
    built = sorted((ROOT / "dist").glob(f"{PACKAGE}_*.deb"), key=lambda p: p.stat().st_mtime)
    return built[-1] if built else None


def why_not_installable() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "installing a package needs root"
    if not Path("/etc/debian_version").is_file() or shutil.which("apt-get") is None:
        return "not a Debian-like system (no apt-get)"
    deb = find_deb()
    if deb is None or not deb.is_file():
        return "no package built: run make deb (or set TVOX_PANEL_DEB)"
    return None


def is_installed() -> bool:
    done = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", PACKAGE], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() == "install ok installed"


def apt_get(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(
        ["apt-get", "-y", "-q", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
        stdin=subprocess.DEVNULL,
    )
