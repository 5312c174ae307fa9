"""The login password in the system keyring, and nowhere else."""

from __future__ import annotations

import logging
from typing import Any, Protocol

log = logging.getLogger(__name__)

SERVICE_NAME = "tvox-panel"


class KeyringBackend(Protocol):
    """The part of the ``keyring`` module the store uses; tests pass a fake."""

    def get_password(self, service_name: str, username: str) -> str | None: ...

    def set_password(self, service_name: str, username: str, password: str) -> None: ...

    def delete_password(self, service_name: str, username: str) -> None: ...


def account_key(server: str, username: str) -> str:
    """Return the keyring account name for a login: ``username@server``."""
    return f"{username}@{server}"


class PasswordStore:
    """Reads and writes the login password in the system keyring.

    Every failure of the keyring (none installed, a locked or broken Secret Service,
    a DBus error) means "not available": methods return None/False and never raise.
    The password itself is never logged.

    Args:
        backend: an object with ``get_password``/``set_password``/``delete_password``;
            default the ``keyring`` module, imported on first use.
        service: the keyring service name.
    """

    def __init__(self, backend: KeyringBackend | None = None, service: str = SERVICE_NAME) -> None:
        self._backend = backend
        self._service = service

    def _get_backend(self) -> KeyringBackend | None:
        """Return the backend, importing ``keyring`` lazily; None when it cannot load."""
        if self._backend is None:
            try:
                import keyring
            except Exception as exc:  # a missing or broken install is "no keyring"
                log.info("keyring unavailable: %s", type(exc).__name__)
                return None
            self._backend = keyring
        return self._backend

    def available(self) -> bool:
        """True when a working (non-fail) keyring backend is present."""
        backend = self._get_backend()
        if backend is None:
            return False
        get_keyring = getattr(backend, "get_keyring", None)
        try:
            # The keyring module answers with its active backend; a backend object is its own.
            active: Any = backend if get_keyring is None else get_keyring()
        except Exception as exc:
            log.info("keyring unavailable: %s", type(exc).__name__)
            return False
        return _is_working_backend(active)

    def get(self, server: str, username: str) -> str | None:
        """Return the stored password for ``username`` on ``server``, or None."""
        backend = self._get_backend()
        if backend is None or not self.available():
            return None
        try:
            return backend.get_password(self._service, account_key(server, username))
        except Exception as exc:
            log.warning("keyring read failed: %s", type(exc).__name__)
            return None

    def set(self, server: str, username: str, password: str) -> bool:
        """Store the password; return False when no working keyring took it."""
        backend = self._get_backend()
        if backend is None or not self.available():
            return False
        try:
            backend.set_password(self._service, account_key(server, username), password)
        except Exception as exc:
            # Only the exception type: a backend's message is not trusted to omit the password.
            log.warning("keyring write failed: %s", type(exc).__name__)
            return False
        return True

    def delete(self, server: str, username: str) -> None:
        """Forget the stored password; a missing entry or a broken keyring is ignored."""
        backend = self._get_backend()
        if backend is None:
            return
        try:
            backend.delete_password(self._service, account_key(server, username))
        except Exception as exc:  # PasswordDeleteError when absent, or a broken backend
            log.info("keyring delete: %s", type(exc).__name__)


def _is_working_backend(active: Any) -> bool:
    """True unless ``active`` is one of keyring's placeholders (fail, null, empty chainer).

    Those report a priority of 0 or less; every real backend has a positive one.
    """
    try:
        priority = float(active.priority)
    except Exception:  # no priority, or one that cannot be computed: assume it works
        return True
    return priority > 0
