"""Logging to a rotating file, with passwords, session ids and tokens redacted."""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable, Iterable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO, Any

from tvox_panel.config import paths

LOG_FILE_NAME = "tvox-panel.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
MASK = "***"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

SecretSource = Callable[[], Iterable[str]]

_registry: set[str] = set()
_registry_lock = threading.Lock()

# Values that are secret wherever they appear, whatever the caller registered:
# the session cookie, and JSON / Python-repr fields named like credentials.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(JSESSIONID=)[^;,\s\"'&]+", re.IGNORECASE), r"\1" + MASK),
    (
        re.compile(
            r"""(["'](?:password|sessionId|accessToken)["']\s*:\s*)"""
            r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""",
            re.IGNORECASE,
        ),
        r'\1"' + MASK + '"',
    ),
)


def register_secret(value: str) -> None:
    """Redact ``value`` from every log record from now on (empty values are ignored).

    Thread-safe; the client calls it when it learns a password or a session id.
    """
    if value:
        with _registry_lock:
            _registry.add(value)


def unregister_secret(value: str) -> None:
    """Stop redacting ``value`` (for instance after logging out); unknown values are ignored."""
    with _registry_lock:
        _registry.discard(value)


def clear_secrets() -> None:
    """Forget every registered secret."""
    with _registry_lock:
        _registry.clear()


def registered_secrets() -> frozenset[str]:
    """Return a snapshot of the registered secrets."""
    with _registry_lock:
        return frozenset(_registry)


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Return ``text`` with the given and registered secrets and credential patterns masked."""
    values = {s for s in secrets if s} | registered_secrets()
    # Longest first, so a secret that contains another is masked whole.
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Masks secrets in a record's message, arguments, exception and stack text.

    The record is rewritten in place (message formatted with its args, then redacted), so
    every handler after this filter sees only the redacted text.

    Args:
        secrets: called at each record for the current secret values (password, session
            id), in addition to those given to ``register_secret``. Errors it raises are
            ignored.
    """

    def __init__(self, secrets: SecretSource | None = None) -> None:
        super().__init__()
        self._secrets = secrets
        self._formatter = logging.Formatter()

    def _current_secrets(self) -> list[str]:
        if self._secrets is None:
            return []
        try:
            return [s for s in self._secrets() if isinstance(s, str) and s]
        except Exception:  # a broken source must not stop logging
            return []

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; always lets it through."""
        extra = self._current_secrets()
        try:
            message = record.getMessage()
        except Exception:  # bad format args: keep what there is, as text
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact(message, extra)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, extra)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, extra)
        return True


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files are created readable by the owner only (0o600)."""

    def _open(self) -> Any:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        stream: IO[str] = open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115
        return stream


_installed: PrivateRotatingFileHandler | None = None


def setup_logging(
    log_dir: Path,
    level: int = logging.INFO,
    secrets: SecretSource | None = None,
) -> Path:
    """Send the root logger to ``log_dir/tvox-panel.log`` (1 MB x 5 files), redacted.

    Calling it again replaces the handler it installed before.

    Args:
        log_dir: directory for the log; created (0o700) if missing.
        level: the root logger's level.
        secrets: returns the current secret values at each record (see RedactingFilter).

    Returns:
        The path of the log file.
    """
    global _installed
    paths.ensure_dir(log_dir)
    log_file = log_dir / LOG_FILE_NAME
    handler = PrivateRotatingFileHandler(
        log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
        _installed.close()
    root.addHandler(handler)
    root.setLevel(level)
    _installed = handler
    return log_file


def teardown_logging() -> None:
    """Remove and close the handler ``setup_logging`` installed, if any."""
    global _installed
    if _installed is not None:
        logging.getLogger().removeHandler(_installed)
        _installed.close()
        _installed = None
