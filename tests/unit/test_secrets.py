"""Tests for the keyring-backed password store."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from memory_keyring import MemoryKeyring

import tvox_panel
from tvox_panel.config.password import SERVICE_NAME, PasswordStore

PASSWORD = "Pa55-w0rd!"
REPO_ROOT = Path(tvox_panel.__file__).resolve().parents[1]


class BrokenKeyring(MemoryKeyring):
    """A backend that fails on every call, as a dead Secret Service over DBus does."""

    def get_password(self, service_name: str, username: str) -> str | None:
        raise RuntimeError(f"DBus error while handling {username}")

    def set_password(self, service_name: str, username: str, password: str) -> None:
        raise RuntimeError(f"DBus error: could not store {password}")

    def delete_password(self, service_name: str, username: str) -> None:
        raise RuntimeError("DBus error")


class FakeKeyringModule:
    """Looks like the keyring module: functions plus get_keyring()."""

    def __init__(self, active: Any) -> None:
        self.active = active

    def get_keyring(self) -> Any:
        return self.active

    def get_password(self, service_name: str, username: str) -> str | None:
        password: str | None = self.active.get_password(service_name, username)
        return password

    def set_password(self, service_name: str, username: str, password: str) -> None:
        self.active.set_password(service_name, username, password)

    def delete_password(self, service_name: str, username: str) -> None:
        self.active.delete_password(service_name, username)


def test_set_get_delete_round_trip_under_service_and_user_at_server() -> None:
    backend = MemoryKeyring()
    store = PasswordStore(backend)
    assert store.available()
    assert store.get("tvox.lan", "sup") is None
    assert store.set("tvox.lan", "sup", PASSWORD) is True
    assert backend.entries == {(SERVICE_NAME, "sup@tvox.lan"): PASSWORD}
    assert store.get("tvox.lan", "sup") == PASSWORD
    assert store.get("other.lan", "sup") is None
    store.delete("tvox.lan", "sup")
    assert store.get("tvox.lan", "sup") is None


def test_deleting_a_missing_password_is_quiet() -> None:
    store = PasswordStore(MemoryKeyring())
    store.delete("tvox.lan", "nobody")


def test_broken_backend_is_unavailable_and_never_raises(caplog: pytest.LogCaptureFixture) -> None:
    store = PasswordStore(FakeKeyringModule(BrokenKeyring()))
    with caplog.at_level(logging.DEBUG):
        assert store.set("tvox.lan", "sup", PASSWORD) is False
        assert store.get("tvox.lan", "sup") is None
        store.delete("tvox.lan", "sup")
    assert PASSWORD not in caplog.text


def test_keyring_fail_backend_counts_as_unavailable() -> None:
    from keyring.backends import fail

    fail_keyring: Any = fail.Keyring
    module_like = PasswordStore(FakeKeyringModule(fail_keyring()))
    assert not module_like.available()
    assert module_like.set("tvox.lan", "sup", PASSWORD) is False
    assert module_like.get("tvox.lan", "sup") is None
    module_like.delete("tvox.lan", "sup")

    backend_itself = PasswordStore(fail_keyring())
    assert not backend_itself.available()
    assert backend_itself.set("tvox.lan", "sup", PASSWORD) is False


def test_get_keyring_raising_counts_as_unavailable() -> None:
    class Exploding(FakeKeyringModule):
        def get_keyring(self) -> Any:
            raise RuntimeError("org.freedesktop.DBus.Error.ServiceUnknown")

    store = PasswordStore(Exploding(MemoryKeyring()))
    assert not store.available()
    assert store.set("tvox.lan", "sup", PASSWORD) is False


def test_keyring_is_imported_only_when_used() -> None:
    code = (
        "import sys, tvox_panel.config.password as s\n"
        "assert 'keyring' not in sys.modules\n"
        "s.PasswordStore()\n"
        "assert 'keyring' not in sys.modules\n"
        "print('ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=REPO_ROOT,
    )
    assert out.stdout.strip() == "ok"
