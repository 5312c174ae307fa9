"""An in-memory keyring backend for tests: the OS keyring cannot run here."""

from __future__ import annotations

from keyring.errors import PasswordDeleteError


class MemoryKeyring:
    """A working keyring backend (priority as keyring reports it), its entries in a dict."""

    priority = 5

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service_name: str, username: str) -> str | None:
        return self.entries.get((service_name, username))

    def set_password(self, service_name: str, username: str, password: str) -> None:
        self.entries[(service_name, username)] = password

    def delete_password(self, service_name: str, username: str) -> None:
        if (service_name, username) not in self.entries:
            raise PasswordDeleteError("no such password")
        del self.entries[(service_name, username)]
