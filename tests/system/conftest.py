"""The Debian package, installed for real: ``make test-deb`` builds it and runs these tests.

They install the package with apt-get (root on a Debian-like system only), so they are not
part of ``make test``; ``TVOX_PANEL_DEB`` names the package, else the newest in ``dist/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from debpackage import (
    LAUNCHER,
    PACKAGE,
    apt_get,
    find_deb,
    is_installed,
    unavailable,
    why_not_installable,
)


@pytest.fixture(scope="session")
def deb() -> Path:
    reason = why_not_installable()
    if reason:
        unavailable(reason)
    found = find_deb()
    assert found is not None
    return found


@pytest.fixture(scope="session")
def installed_panel(deb: Path) -> Iterator[Path]:
    """The package installed with ``apt-get install ./tvox-panel_….deb``; purged at the end."""
    done = apt_get("install", str(deb))  # an absolute path: apt-get takes it as a file
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert is_installed()
    try:
        yield LAUNCHER
    finally:
        if is_installed():
            apt_get("purge", PACKAGE)
