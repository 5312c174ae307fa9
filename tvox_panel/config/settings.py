"""Typed panel settings, each declared once, stored as JSON under the config directory."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import re
import tempfile
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tvox_panel.config import paths

log = logging.getLogger(__name__)

JobMemory = dict[str, dict[str, str]]

#: Settings the client is built from: changing one means logging in again.
CONNECTION_FIELDS = (
    "server", "username", "agent", "verify_tls", "ca_bundle", "proxy",
    "connect_timeout", "read_timeout", "rec_dialect",
)  # fmt: skip
"""Per number: ``{"job_label": ..., "service_code": ...}`` last used for it."""


class InvalidSetting(ValueError):
    """A setting was given a value of the wrong type or outside its allowed values."""


def _setting(
    default: Any,
    doc: str,
    *,
    choices: tuple[str, ...] | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    above: float | None = None,
    pattern: str | None = None,
) -> Any:
    """Declare one setting: its default, a one-line description and its allowed values."""
    meta = {
        "doc": doc,
        "choices": choices,
        "minimum": minimum,
        "maximum": maximum,
        "above": above,
        "pattern": pattern,
    }
    if isinstance(default, dict):
        return field(default_factory=dict, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    """The panel's settings. The field list below is the single declaration of every setting.

    There is deliberately no password here: the password lives in the keyring
    (see ``tvox_panel.config.password``) and never in the settings file.
    """

    server: str = _setting("", "TVox server: host name, base URL or full WebAPI URL.")
    username: str = _setting("", "Login user (needs Supervisor or Superuser rights).")
    agent: str = _setting("", "Agent whose phone rings first; empty means the login user.")
    access_code: str = _setting("", "Access code sent with every dial request.")
    job_label: str = _setting("", "Default job label for outgoing calls.")
    service_code: str = _setting("", "Default service code used to tag outgoing calls.")
    region: str = _setting(
        "IT", "Two-letter region for numbers typed without a country code.", pattern=r"[A-Z]{2}"
    )
    international: str = _setting(
        "keep", "How to send international numbers.", choices=("keep", "plus", "00")
    )
    auto_record: bool = _setting(False, "Start recording every call the panel places.")
    rec_name_template: str = _setting(
        "{date}_{time}_{number}_{agent}", "Template for recording file names."
    )
    rec_dialect: str = _setting(
        "auto", "Parameter order of recOn on this server.", choices=("auto", "seed", "callid")
    )
    verify_tls: bool = _setting(True, "Verify the server's TLS certificate.")
    ca_bundle: str = _setting(
        "", "Extra CA bundle file for the server certificate; empty for none."
    )
    proxy: str = _setting(
        "system",
        "Proxy: system (environment and OS settings), none, or a URL such as http://host:3128.",
        pattern=r"system|none|(?i:https?)://[^\s/]+/?",
    )
    connect_timeout: float = _setting(
        5.0, "Seconds to wait for a connection.", above=0.0, maximum=120.0
    )
    read_timeout: float = _setting(10.0, "Seconds to wait for an answer.", above=0.0, maximum=120.0)
    poll_interval: int = _setting(
        10, "Seconds between current-call polls; 0 turns polling off.", minimum=0, maximum=3600
    )
    start_minimized: bool = _setting(False, "Start hidden in the system tray.")
    start_at_login: bool = _setting(
        False, "Start the panel (minimised) when I log in; the system's own entry is the truth."
    )
    close_to_tray: bool = _setting(True, "Closing the window keeps the panel in the tray.")
    language: str = _setting(
        "", "Interface language; empty follows the system.", choices=("", "en", "it")
    )
    remember_password: bool = _setting(False, "Keep the password in the system keyring.")
    notify_dial_failed: bool = _setting(True, "Notify when a dial request fails.")
    notify_rec_refused: bool = _setting(True, "Notify when the server refuses to record.")
    notify_outcome_unknown: bool = _setting(True, "Notify when a request's outcome is unknown.")
    notify_connection: bool = _setting(True, "Notify when the connection is lost or restored.")
    screen_pop_url: str = _setting(
        "",
        "When a call starts, open this URL (fields {number} {e164} {callid} {agent} {service} "
        "{direction}); empty for none.",
    )
    screen_pop_command: str = _setting(
        "", "When a call starts, run this program with arguments (same fields); empty for none."
    )
    screen_pop_on: str = _setting(
        "answered",
        "Open an inbound call's record when it is first seen ringing, or when answered.",
        choices=("ringing", "answered"),
    )
    screen_pop_outbound: bool = _setting(False, "Open the record for calls the panel places too.")
    notify_rec_missing: bool = _setting(
        True, "Notify when a recording is missing on the server after the last check."
    )
    find_min_digits: int = _setting(
        3, "Fewest digits for text to count as a phone number.", minimum=1, maximum=30
    )
    find_max_digits: int = _setting(
        15, "Most digits for text to count as a phone number.", minimum=1, maximum=30
    )
    job_labels_by_number: JobMemory = _setting(
        {}, "Job label and service code last used per number."
    )

    def __post_init__(self) -> None:
        """Check and normalise every value; raise InvalidSetting on the first bad one."""
        for spec in FIELDS.values():
            object.__setattr__(self, spec.name, spec.coerce(getattr(self, spec.name)))
        if self.find_min_digits > self.find_max_digits:
            raise InvalidSetting("find_min_digits must not exceed find_max_digits")
        from tvox_panel.desktop.screenpop import BadPopTemplate, check_command, check_template

        try:
            check_template(self.screen_pop_url)
            if self.screen_pop_command.strip():
                check_command(self.screen_pop_command)
        except BadPopTemplate as exc:
            raise InvalidSetting(f"screen-pop: {exc}") from None

    @property
    def is_configured(self) -> bool:
        """True when a server and a login user are set."""
        return bool(self.server.strip() and self.username.strip())

    @property
    def effective_agent(self) -> str:
        """The agent to dial for: ``agent``, or the login user when it is empty."""
        return self.agent.strip() or self.username.strip()

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied.

        Raises:
            InvalidSetting: an unknown name, a wrong type or a value out of range.
        """
        unknown = sorted(set(changes) - set(FIELDS))
        if unknown:
            raise InvalidSetting(f"unknown setting(s): {', '.join(unknown)}")
        return dataclasses.replace(self, **changes)

    def with_overrides(
        self, *, url: str | None = None, user: str | None = None, agent: str | None = None
    ) -> Settings:
        """Return a copy with command-line overrides applied (nothing is saved)."""
        changes: dict[str, Any] = {}
        if url is not None:
            changes["server"] = url
        if user is not None:
            changes["username"] = user
        if agent is not None:
            changes["agent"] = agent
        return self.replace(**changes)

    def needs_new_login(self, other: Settings) -> bool:
        """True when going from these settings to ``other`` changes the connection."""
        return any(getattr(self, name) != getattr(other, name) for name in CONNECTION_FIELDS)

    def job_for(self, number: str) -> tuple[str, str] | None:
        """Return the remembered ``(job_label, service_code)`` for ``number``, if any."""
        entry = self.job_labels_by_number.get(number)
        if entry is None:
            return None
        return entry.get("job_label", ""), entry.get("service_code", "")

    def remember_job(self, number: str, job_label: str, service_code: str) -> Settings:
        """Return a copy remembering ``job_label`` and ``service_code`` for ``number``."""
        memory = {k: dict(v) for k, v in self.job_labels_by_number.items()}
        memory[number] = {"job_label": job_label, "service_code": service_code}
        return self.replace(job_labels_by_number=memory)

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a JSON-ready dict (a deep copy)."""
        return {name: _copy(getattr(self, name)) for name in FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """Build settings from a loaded mapping, never failing.

        Unknown keys are ignored; a value of the wrong type or out of range falls back
        to its default with a logged warning.
        """
        if "password" in data:
            log.warning("settings: ignoring a 'password' entry; passwords belong in the keyring")
        values: dict[str, Any] = {}
        for name, spec in FIELDS.items():
            if name not in data:
                continue
            try:
                values[name] = spec.coerce(data[name])
            except InvalidSetting as exc:
                log.warning("settings: %s; using the default %r", exc, spec.default)
        try:
            return cls(**values)
        except InvalidSetting as exc:
            log.warning("settings: %s; using the defaults for the digit limits", exc)
            values.pop("find_min_digits", None)
            values.pop("find_max_digits", None)
            return cls(**values)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read settings from ``path`` (default: ``paths.settings_file()``); never raises.

        See :meth:`load_checked`, which also tells where a corrupt file was kept.
        """
        return cls.load_checked(path)[0]

    @classmethod
    def load_checked(cls, path: Path | None = None) -> tuple[Settings, Path | None]:
        """Read settings from ``path`` (default: ``paths.settings_file()``); never raises.

        A missing file gives the defaults. An unreadable or corrupt file gives the defaults
        with a warning, and a corrupt one is kept beside it as
        ``settings.json.broken-YYYYMMDD-HHMMSS`` (every one: none overwrites another).

        Returns:
            The settings, and where a corrupt file was kept (None if there was none).
        """
        target = path if path is not None else paths.settings_file()
        try:
            raw = target.read_bytes()
        except FileNotFoundError:
            return cls(), None
        except OSError as exc:
            log.warning("settings: cannot read %s (%s); using defaults", target, exc)
            return cls(), None
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("top level is not an object")
            return cls.from_dict(data), None
        except (ValueError, RecursionError) as exc:  # JSON, UTF-8, nested too deep
            problem: Exception = exc
        except Exception as exc:  # noqa: BLE001 - whatever it holds, the panel starts
            log.exception("settings: %s could not be used", target)
            problem = exc
        try:
            kept: Path | None = paths.set_aside(target)
        except OSError as exc:
            log.warning("settings: cannot move %s aside: %s", target, exc)
            kept = None
        log.warning(
            "settings: %s is corrupt (%s); kept as %s, using defaults",
            target,
            str(problem)[:200],
            kept,
        )
        return cls(), kept

    def save(self, path: Path | None = None) -> Path:
        """Write the settings atomically to ``path`` (default ``paths.settings_file()``).

        The file is written to a temporary file in the same directory, flushed to disk and
        renamed over the old one, so a crash leaves either the old or the new file. Mode 0o600.

        Returns:
            The path written.
        """
        target = path if path is not None else paths.settings_file()
        paths.ensure_dir(target.parent)
        text = json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp_name, 0o600)
            os.replace(tmp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
        return target


def _copy(value: Any) -> Any:
    """Deep-copy the JSON-shaped values settings hold."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class SettingSpec:
    """How one setting is declared: name, Python type, default, description and limits."""

    name: str
    type: Any
    default: Any
    doc: str
    choices: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None
    pattern: str | None = None

    def coerce(self, value: Any) -> Any:
        """Return ``value`` in this setting's type, or raise InvalidSetting."""
        if self.type is bool:
            if not isinstance(value, bool):
                raise InvalidSetting(f"{self.name} must be true or false, not {value!r}")
        elif self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidSetting(f"{self.name} must be a whole number, not {value!r}")
        elif self.type is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise InvalidSetting(f"{self.name} must be a number, not {value!r}")
            value = float(value)
        elif self.type is str:
            if not isinstance(value, str):
                raise InvalidSetting(f"{self.name} must be text, not {value!r}")
        else:
            value = _coerce_job_memory(self.name, value)
        self.check(value)
        return value

    def check(self, value: Any) -> None:
        """Raise InvalidSetting when ``value`` is outside this setting's allowed values."""
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise InvalidSetting(f"{self.name} must be one of {allowed}, not {value!r}")
        if self.above is not None and not value > self.above:
            raise InvalidSetting(f"{self.name} must be more than {self.above:g}, not {value!r}")
        if self.minimum is not None and value < self.minimum:
            raise InvalidSetting(f"{self.name} must be at least {self.minimum:g}, not {value!r}")
        if self.maximum is not None and value > self.maximum:
            raise InvalidSetting(f"{self.name} must be at most {self.maximum:g}, not {value!r}")
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            raise InvalidSetting(f"{self.name} must match {self.pattern}, not {value!r}")


def _coerce_job_memory(name: str, value: Any) -> JobMemory:
    """Validate the per-number job memory: ``{number: {"job_label": str, "service_code": str}}``."""
    if not isinstance(value, dict):
        raise InvalidSetting(f"{name} must be an object, not {value!r}")
    out: JobMemory = {}
    for number, entry in value.items():
        if not isinstance(entry, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in entry.items()
        ):
            raise InvalidSetting(f"{name}[{number!r}] must map names to text")
        out[str(number)] = dict(entry)
    return out


def _build_fields() -> dict[str, SettingSpec]:
    hints = typing.get_type_hints(Settings, globalns=globals())
    specs: dict[str, SettingSpec] = {}
    for f in dataclasses.fields(Settings):
        declared = hints[f.name]
        py_type = declared if declared in (str, bool, int, float) else dict
        default = f.default if f.default is not dataclasses.MISSING else {}
        specs[f.name] = SettingSpec(
            name=f.name,
            type=py_type,
            default=default,
            doc=f.metadata["doc"],
            choices=f.metadata["choices"],
            minimum=f.metadata["minimum"],
            maximum=f.metadata["maximum"],
            above=f.metadata["above"],
            pattern=f.metadata["pattern"],
        )
    return specs


FIELDS: Mapping[str, SettingSpec] = _build_fields()
"""Every setting by name, in declaration order."""
