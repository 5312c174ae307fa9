"""The settings dialog's field groups, labels, descriptions and choices (context SettingsDialog)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

# Context "SettingsDialog": the dialog's own texts, in one catalogue context.
translate = QCoreApplication.translate

SERVER: tuple[str, ...] = (
    "server",
    "username",
    "agent",
    "verify_tls",
    "ca_bundle",
    "proxy",
    "connect_timeout",
    "read_timeout",
)
CALLS: tuple[str, ...] = (
    "access_code",
    "job_label",
    "service_code",
    "region",
    "international",
    "auto_record",
    "rec_name_template",
    "rec_dialect",
    "poll_interval",
    "find_min_digits",
    "find_max_digits",
    "screen_pop_url",
    "screen_pop_command",
    "screen_pop_on",
    "screen_pop_outbound",
)
APP: tuple[str, ...] = (
    "start_at_login",
    "start_minimized",
    "close_to_tray",
    "language",
    "notify_dial_failed",
    "notify_rec_refused",
    "notify_outcome_unknown",
    "notify_connection",
    "notify_rec_missing",
)


def field_texts() -> dict[str, tuple[str, str]]:
    """Label and accessible description of every setting the dialog edits."""
    return {
        "server": (
            translate("SettingsDialog", "Server:"),
            translate("SettingsDialog", "Host name, address or WebAPI URL of the TVox server"),
        ),
        "username": (
            translate("SettingsDialog", "User:"),
            translate("SettingsDialog", "Login user; needs Supervisor or Superuser rights"),
        ),
        "agent": (
            translate("SettingsDialog", "Agent:"),
            translate("SettingsDialog", "Agent whose phone rings first; empty means the user"),
        ),
        "remember_password": (
            translate("SettingsDialog", "Remember password"),
            translate("SettingsDialog", "Keep it in the system keyring"),
        ),
        "verify_tls": (
            translate("SettingsDialog", "Verify TLS certificate"),
            translate("SettingsDialog", "Refuse servers with a bad certificate"),
        ),
        "ca_bundle": (
            translate("SettingsDialog", "CA bundle:"),
            translate("SettingsDialog", "Extra certificate authority file; may be empty"),
        ),
        "proxy": (
            translate("SettingsDialog", "Proxy:"),
            translate(
                "SettingsDialog",
                "system (the computer's proxy settings), none, or http://host:port",
            ),
        ),
        "connect_timeout": (
            translate("SettingsDialog", "Connect timeout:"),
            translate("SettingsDialog", "Seconds to wait for a connection"),
        ),
        "read_timeout": (
            translate("SettingsDialog", "Answer timeout:"),
            translate("SettingsDialog", "Seconds to wait for an answer"),
        ),
        "access_code": (
            translate("SettingsDialog", "Access code:"),
            translate("SettingsDialog", "Sent with every call; may be empty"),
        ),
        "job_label": (
            translate("SettingsDialog", "Default job label:"),
            translate("SettingsDialog", "Job label when none is typed"),
        ),
        "service_code": (
            translate("SettingsDialog", "Default service code:"),
            translate("SettingsDialog", "Service code when none is typed"),
        ),
        "region": (
            translate("SettingsDialog", "Region:"),
            translate("SettingsDialog", "Two-letter country for numbers without a prefix"),
        ),
        "international": (
            translate("SettingsDialog", "International numbers:"),
            translate("SettingsDialog", "How the prefix is sent"),
        ),
        "auto_record": (
            translate("SettingsDialog", "Record every call"),
            translate("SettingsDialog", "Start recording each call placed"),
        ),
        "rec_name_template": (
            translate("SettingsDialog", "Recording name:"),
            translate("SettingsDialog", "Template for recording file names"),
        ),
        "rec_dialect": (
            translate("SettingsDialog", "Recording request:"),
            translate("SettingsDialog", "Parameter order of recOn on the server"),
        ),
        "poll_interval": (
            translate("SettingsDialog", "Check calls every:"),
            translate("SettingsDialog", "Seconds between checks; 0 is off"),
        ),
        "find_min_digits": (
            translate("SettingsDialog", "Fewest digits:"),
            translate("SettingsDialog", "Shorter text is not taken as a number"),
        ),
        "find_max_digits": (
            translate("SettingsDialog", "Most digits:"),
            translate("SettingsDialog", "Longer text is not taken as a number"),
        ),
        "start_minimized": (
            translate("SettingsDialog", "Start in the tray"),
            translate("SettingsDialog", "Start with the window hidden"),
        ),
        "close_to_tray": (
            translate("SettingsDialog", "Close to the tray"),
            translate("SettingsDialog", "Closing the window keeps the panel"),
        ),
        "language": (
            translate("SettingsDialog", "Language:"),
            translate("SettingsDialog", "Language of the panel; changes at once"),
        ),
        "notify_dial_failed": (
            translate("SettingsDialog", "Notify failed calls"),
            translate("SettingsDialog", "A message when a call fails"),
        ),
        "notify_rec_refused": (
            translate("SettingsDialog", "Notify refused recordings"),
            translate("SettingsDialog", "When recording fails"),
        ),
        "notify_outcome_unknown": (
            translate("SettingsDialog", "Notify unknown outcomes"),
            translate("SettingsDialog", "When unsure a call went"),
        ),
        "notify_connection": (
            translate("SettingsDialog", "Notify connection changes"),
            translate("SettingsDialog", "When lost or restored"),
        ),
        "screen_pop_url": (
            translate("SettingsDialog", "When a call starts, open:"),
            translate(
                "SettingsDialog",
                "A web address, e.g. https://crm.example.com/search?phone={e164}; "
                "fields: {number} {e164} {callid} {agent} {service} {direction}",
            ),
        ),
        "screen_pop_command": (
            translate("SettingsDialog", "When a call starts, run:"),
            translate(
                "SettingsDialog", "A program and its arguments (the same fields); never a shell"
            ),
        ),
        "screen_pop_on": (
            translate("SettingsDialog", "Open inbound calls:"),
            translate("SettingsDialog", "As soon as they ring, or when answered"),
        ),
        "screen_pop_outbound": (
            translate("SettingsDialog", "Open for calls I place too"),
            translate("SettingsDialog", "Also when the panel dials"),
        ),
        "start_at_login": (
            translate("SettingsDialog", "Start when I log in"),
            translate("SettingsDialog", "Starts the panel in the tray when you log in"),
        ),
        "notify_rec_missing": (
            translate("SettingsDialog", "Notify missing recordings"),
            translate("SettingsDialog", "When the server has not stored a recording"),
        ),
    }


def choices(name: str) -> list[tuple[str, str]]:
    """The (value, text) items of a setting shown as a drop-down list."""
    return {
        "international": [
            ("keep", translate("SettingsDialog", "Send as typed")),
            ("plus", translate("SettingsDialog", "Turn 00 into +")),
            ("00", translate("SettingsDialog", "Turn + into 00")),
        ],
        "rec_dialect": [
            ("auto", translate("SettingsDialog", "Detect automatically")),
            ("seed", translate("SettingsDialog", "User, file name (older servers)")),
            ("callid", translate("SettingsDialog", "User, call id, file name (newer servers)")),
        ],
        "screen_pop_on": [
            ("answered", translate("SettingsDialog", "When answered")),
            ("ringing", translate("SettingsDialog", "As soon as they ring")),
        ],
        "language": [
            ("", translate("SettingsDialog", "System language")),
            ("en", "English"),
            ("it", "Italiano"),
        ],
    }[name]
