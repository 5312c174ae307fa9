"""Tests for typed settings: defaults, validation, JSON storage, and no password on disk."""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from pathlib import Path

import pytest

from tvox_panel.config import paths
from tvox_panel.config.settings import FIELDS, InvalidSetting, Settings


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_missing_file_gives_defaults(settings_path: Path) -> None:
    s = Settings.load(settings_path)
    assert s == Settings()
    assert s.region == "IT"
    assert s.poll_interval == 10
    assert not s.is_configured


def test_every_setting_is_declared_once_with_doc_and_default() -> None:
    defaults = Settings()
    assert "password" not in FIELDS
    for name, spec in FIELDS.items():
        assert spec.doc.strip(), name
        assert getattr(defaults, name) == spec.default, name


def test_save_then_load_round_trips(settings_path: Path) -> None:
    s = Settings().replace(
        server="https://tvox.example.com",
        username="mrossi",
        international="00",
        auto_record=True,
        connect_timeout=7,
        language="it",
    )
    s.save(settings_path)
    loaded = Settings.load(settings_path)
    assert loaded == s
    assert loaded.connect_timeout == 7.0
    assert isinstance(loaded.connect_timeout, float)
    assert loaded.is_configured


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_saved_file_is_private_and_no_temp_files_remain(settings_path: Path) -> None:
    Settings().save(settings_path)
    Settings().replace(server="a").save(settings_path)
    assert stat.S_IMODE(settings_path.stat().st_mode) == 0o600
    assert sorted(p.name for p in settings_path.parent.iterdir()) == ["settings.json"]


def test_unknown_keys_are_ignored(settings_path: Path) -> None:
    write_json(settings_path, {"server": "tvox.lan", "from_the_future": [1, 2]})
    assert Settings.load(settings_path).server == "tvox.lan"


def test_wrong_typed_values_fall_back_to_defaults_with_warning(
    settings_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_json(
        settings_path,
        {
            "server": "tvox.lan",
            "poll_interval": "often",
            "verify_tls": "yes",
            "find_min_digits": True,
            "read_timeout": 500,
            "international": "+",
            "job_labels_by_number": {"600": "not-an-object"},
        },
    )
    with caplog.at_level(logging.WARNING):
        s = Settings.load(settings_path)
    assert s.server == "tvox.lan"
    assert s.poll_interval == 10
    assert s.verify_tls is True
    assert s.find_min_digits == 3
    assert s.read_timeout == 10.0
    assert s.international == "keep"
    assert s.job_labels_by_number == {}
    warned = caplog.text
    for name in ("poll_interval", "verify_tls", "read_timeout", "international"):
        assert name in warned


def test_inconsistent_digit_limits_fall_back(settings_path: Path) -> None:
    write_json(settings_path, {"find_min_digits": 20, "find_max_digits": 5})
    s = Settings.load(settings_path)
    assert (s.find_min_digits, s.find_max_digits) == (3, 15)


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[1, 2, 3]",
        b"\xff\xfe\x00garbage",
        b"[" * 100_000,  # the parser gives up with RecursionError
        b'{"server": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
    ids=["not-json", "not-an-object", "not-utf8", "deep", "deep-value"],
)
def test_corrupt_file_gives_defaults_and_is_kept_aside(
    settings_path: Path, caplog: pytest.LogCaptureFixture, content: bytes
) -> None:
    settings_path.parent.mkdir(parents=True)
    settings_path.write_bytes(content)
    with caplog.at_level(logging.WARNING):
        s, kept = Settings.load_checked(settings_path)
    assert s == Settings()
    assert "corrupt" in caplog.text
    assert kept is not None
    assert kept.name.startswith("settings.json.broken-")
    assert kept.read_bytes() == content
    s.replace(server="x").save(settings_path)
    assert kept.read_bytes() == content


def test_every_corrupt_settings_file_is_kept(settings_path: Path) -> None:
    settings_path.parent.mkdir(parents=True)
    for content in (b"{first", b"{second", b"[" * 100_000):
        settings_path.write_bytes(content)
        assert Settings.load(settings_path) == Settings()
    kept = sorted(settings_path.parent.glob("settings.json.broken-*"))
    assert sorted(p.read_bytes() for p in kept) == sorted([b"{first", b"{second", b"[" * 100_000])


def test_saving_never_writes_a_password(settings_path: Path) -> None:
    Settings().replace(server="tvox.lan", username="sup", remember_password=True).save(
        settings_path
    )
    data = json.loads(settings_path.read_text(encoding="utf-8"))
    assert not any("password" in key and key != "remember_password" for key in data)


def test_password_in_file_is_ignored_and_removed_on_next_save(
    settings_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write_json(settings_path, {"server": "tvox.lan", "password": "S3cret-pw"})
    with caplog.at_level(logging.WARNING):
        s = Settings.load(settings_path)
    assert not hasattr(s, "password")
    assert "S3cret-pw" not in caplog.text
    s.save(settings_path)
    text = settings_path.read_text(encoding="utf-8")
    assert "S3cret-pw" not in text
    assert '"password"' not in text
    assert json.loads(text)["server"] == "tvox.lan"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("connect_timeout", 0),
        ("connect_timeout", 120.5),
        ("read_timeout", -1.0),
        ("poll_interval", 3601),
        ("poll_interval", -1),
        ("poll_interval", 2.5),
        ("international", "plus1"),
        ("rec_dialect", "new"),
        ("language", "de"),
        ("region", "italy"),
        ("auto_record", 1),
        ("server", None),
        ("find_min_digits", 16),
        ("password", "x"),
    ],
)
def test_replace_rejects_bad_values(name: str, value: object) -> None:
    with pytest.raises(InvalidSetting):
        Settings().replace(**{name: value})


def test_replace_accepts_edges_and_leaves_original_unchanged() -> None:
    base = Settings()
    changed = base.replace(connect_timeout=120, read_timeout=0.1, poll_interval=0)
    assert (changed.connect_timeout, changed.read_timeout, changed.poll_interval) == (
        120.0,
        0.1,
        0,
    )
    assert base.poll_interval == 10
    assert base.replace(poll_interval=3600).poll_interval == 3600


def test_with_overrides_applies_without_saving(settings_path: Path) -> None:
    stored = Settings().replace(server="a.lan", username="u1", agent="")
    stored.save(settings_path)
    before = settings_path.read_bytes()
    over = stored.with_overrides(url="https://b.lan", user="u2", agent="a7")
    assert (over.server, over.username, over.agent) == ("https://b.lan", "u2", "a7")
    assert stored.with_overrides(agent="a9").server == "a.lan"
    assert settings_path.read_bytes() == before


def test_agent_defaults_to_login_user() -> None:
    assert Settings().replace(username="mrossi").effective_agent == "mrossi"
    assert Settings().replace(username="mrossi", agent="201").effective_agent == "201"


def test_job_labels_are_remembered_per_number(settings_path: Path) -> None:
    s = Settings().remember_job("0612345", "Sales", "S1").remember_job("600", "Help", "")
    s.save(settings_path)
    loaded = Settings.load(settings_path)
    assert loaded.job_for("0612345") == ("Sales", "S1")
    assert loaded.job_for("600") == ("Help", "")
    assert loaded.job_for("999") is None
    assert s.job_for("0612345") == ("Sales", "S1")


def test_home_override_isolates_all_locations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TVOX_PANEL_HOME", str(tmp_path))
    assert paths.config_dir() == tmp_path / "config"
    assert paths.data_dir() == tmp_path / "data"
    assert paths.log_dir() == tmp_path / "log"
    assert paths.runtime_dir() == tmp_path / "run"
    assert paths.calllog_file() == tmp_path / "data" / "calllog.sqlite3"
    written = Settings().replace(username="home").save()
    assert written == tmp_path / "config" / "settings.json"
    assert Settings.load().username == "home"


def test_default_locations_name_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TVOX_PANEL_HOME", raising=False)
    for d in (paths.config_dir(), paths.data_dir(), paths.log_dir()):
        assert "tvox-panel" in d.parts
    assert paths.settings_file().name == "settings.json"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_ensure_dir_creates_private_directory(tmp_path: Path) -> None:
    target = paths.ensure_dir(tmp_path / "a" / "b")
    assert target.is_dir()
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o700


def test_only_connection_settings_need_a_new_login() -> None:
    from tvox_panel.config.settings import Settings

    base = Settings(server="tvox.example.com", username="supervisor")
    assert base.needs_new_login(base.replace(agent="mrossi"))
    assert base.needs_new_login(base.replace(read_timeout=20.0))
    assert not base.needs_new_login(base.replace(auto_record=True, poll_interval=30))


def test_set_aside_never_overwrites_an_earlier_broken_copy(tmp_path: Path) -> None:
    import time

    now = time.mktime((2024, 3, 5, 14, 7, 9, 0, 0, -1))
    kept = []
    for content in (b"first", b"second", b"third"):
        original = tmp_path / "calllog.sqlite3"
        original.write_bytes(content)
        Path(f"{original}-wal").write_bytes(content + b" wal")
        kept.append(paths.set_aside(original, ("-wal", "-shm"), now=now))
        assert not original.exists()
    assert [p.name for p in kept] == [
        "calllog.sqlite3.broken-20240305-140709",
        "calllog.sqlite3.broken-20240305-140709-2",
        "calllog.sqlite3.broken-20240305-140709-3",
    ]
    assert [p.read_bytes() for p in kept] == [b"first", b"second", b"third"]
    assert Path(f"{kept[1]}-wal").read_bytes() == b"second wal"
