"""Tests for the rotating, redacting log file."""

from __future__ import annotations

import logging
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tvox_panel.config import logsetup
from tvox_panel.config.logsetup import (
    BACKUP_COUNT,
    LOG_FILE_NAME,
    RedactingFilter,
    clear_secrets,
    redact,
    register_secret,
    setup_logging,
    teardown_logging,
)

log = logging.getLogger("tvox_panel.test")


@pytest.fixture(autouse=True)
def clean_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    teardown_logging()
    clear_secrets()
    root.setLevel(level)


def read_log(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_setup_returns_the_log_file_in_the_given_directory(tmp_path: Path) -> None:
    log_dir = tmp_path / "logs" / "deeper"
    path = setup_logging(log_dir)
    assert path == log_dir / LOG_FILE_NAME
    log.info("panel started")
    assert "panel started" in read_log(path)


def test_registered_secret_never_reaches_the_file(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    register_secret("0123abcdSESSION")
    log.info("logged in with session 0123abcdSESSION ok")
    log.warning("again: %s", "0123abcdSESSION")
    text = read_log(path)
    assert "0123abcdSESSION" not in text
    assert "logged in with session *** ok" in text
    assert "again: ***" in text


def test_cookie_and_credential_fields_are_redacted_by_pattern(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    log.info("Cookie: JSESSIONID=abc123XYZ; Path=/tvox")
    log.info("sent %s", {"password": "hunter2", "user": "sup"})
    log.info('body {"sessionId": "s-9\\"9", "accessToken": "tok.en", "name": "Mario"}')
    text = read_log(path)
    for secret in ("abc123XYZ", "hunter2", "s-9", "tok.en"):
        assert secret not in text
    assert "JSESSIONID=***; Path=/tvox" in text
    assert "'user': 'sup'" in text
    assert '"name": "Mario"' in text


def test_secrets_callable_is_asked_at_emit_time(tmp_path: Path) -> None:
    current: list[str] = []
    path = setup_logging(tmp_path, secrets=lambda: current)
    current.append("late-password")
    log.info("login(%r)", ["10.26.0", "sup", "late-password"])
    text = read_log(path)
    assert "late-password" not in text
    assert "'sup', '***'" in text


def test_exception_text_is_redacted(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    register_secret("TopSecretSid")
    try:
        raise ValueError("session TopSecretSid rejected, JSESSIONID=zzz999")
    except ValueError:
        log.exception("call failed")
    text = read_log(path)
    assert "ValueError: session *** rejected, JSESSIONID=***" in text
    assert "TopSecretSid" not in text
    assert "zzz999" not in text


def test_broken_secret_source_does_not_stop_logging(tmp_path: Path) -> None:
    def broken() -> list[str]:
        raise RuntimeError("no secrets today")

    path = setup_logging(tmp_path, secrets=broken)
    register_secret("still-hidden")
    log.info("visible and still-hidden")
    assert "visible and ***" in read_log(path)


def test_empty_secret_is_not_registered() -> None:
    register_secret("")
    assert redact("nothing to hide") == "nothing to hide"


def test_filter_works_on_a_record_before_formatting() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "token %s for %s", ("abc", "JSESSIONID=q1"), None
    )
    RedactingFilter(lambda: ["abc"]).filter(record)
    assert record.getMessage() == "token *** for JSESSIONID=***"


def test_setup_twice_does_not_duplicate_lines(tmp_path: Path) -> None:
    setup_logging(tmp_path)
    path = setup_logging(tmp_path)
    log.info("once only")
    assert read_log(path).count("once only") == 1


def test_log_rotates_instead_of_growing(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    line = "x" * 1000
    for _ in range(7000):
        log.info(line)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files[0] == LOG_FILE_NAME
    assert len(files) == 1 + BACKUP_COUNT
    assert all((tmp_path / f).stat().st_size <= logsetup.MAX_BYTES for f in files)
    assert path.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_log_file_is_private(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    log.info("hello")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
