"""Render the README screenshots from the real widgets (offscreen Qt, real simulator and session).

    python packaging/screenshots.py [--out DIR] [--only NAME]

Each variant (light/dark, English/Italian, 200 % scale) runs in its own process, because the scale
factor, the screen and the colour scheme must be chosen before QApplication exists. The screen is
a 1920x1080 one at that scale, and the window keeps the size a user gets when it first opens.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = [  # (name suffix, language, scheme, scale)
    ("en", "en", "light", "1"),
    ("it", "it", "light", "1"),
    ("en-dark", "en", "dark", "1"),
    ("it-dark-200", "it", "dark", "2"),
    ("en-200", "en", "light", "2"),
]
#: Every state is rendered for the first variant; the others show the call and the tray menu.
FULL = "en"


def dark_palette() -> object:
    """A dark system palette like the ones GNOME, KDE, Windows and macOS give Qt."""
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette()
    roles = QPalette.ColorRole
    for role, colour in [
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e8e8e8"),
        (roles.Base, "#1e1e1e"),
        (roles.AlternateBase, "#262626"),
        (roles.Text, "#e8e8e8"),
        (roles.Button, "#353535"),
        (roles.ButtonText, "#e8e8e8"),
        (roles.Highlight, "#3d7bd9"),
        (roles.HighlightedText, "#ffffff"),
        (roles.ToolTipBase, "#353535"),
        (roles.ToolTipText, "#e8e8e8"),
        (roles.PlaceholderText, "#9a9a9a"),
        (roles.Mid, "#3a3a3a"),
        (roles.Dark, "#1a1a1a"),
        (roles.Light, "#505050"),
    ]:
        pal.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        pal.setColor(disabled, role, QColor("#7a7a7a"))
    return pal


def render(out: Path, suffix: str, lang: str, scheme: str) -> None:
    """Runs inside the child process: build the panel, drive it through its states, grab."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    app.setApplicationDisplayName("TVox Panel")
    if scheme == "dark":
        app.setPalette(dark_palette())  # what a desktop in dark mode hands to Qt
    from tvox_panel.calllog import CallLog, CallRecord
    from tvox_panel.config.settings import Settings
    from tvox_panel.gui.session import Session
    from tvox_panel.gui.state import State
    from tvox_panel.gui.translator import install
    from tvox_panel.gui.tray import Tray
    from tvox_panel.gui.widgets.main_window import MainWindow
    from tvox_panel.gui.widgets.message_area import Purpose
    from tvox_panel.gui.widgets.settings_dialog import SettingsDialog
    from tvox_panel.phone.intext import find_phone_numbers
    from tvox_panel.simulator import Simulator

    install(lang)

    def settle(predicate: object = None, timeout: float = 5.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            if predicate is None or predicate():  # type: ignore[operator]
                if predicate is None:
                    break
                return
        QCoreApplication.processEvents()

    home = Path(tempfile.mkdtemp())
    sim = Simulator(recordings_dir=home / "rec").start()
    log = CallLog(home / "calls.sqlite3")
    now = time.time()
    samples = [
        (
            "+390212345678",
            "out",
            "placed",
            185,
            ("20261126_101502_+390212345678_mrossi.wav",),
            "ORD-2291",
        ),
        ("0612345678", "in", "answered", 62, (), "SUPPORT"),
        ("600", "out", "placed", 14, (), ""),
        ("+393351234567", "out", "unknown", None, (), "ORD-2288"),
        ("0289765432", "out", "failed", None, (), ""),
    ]
    from tvox_panel.gui.messages import user_text
    from tvox_panel.webapi import Unreachable

    unreachable = user_text(Unreachable("connect"))
    log.bulk_add(
        CallRecord(id=0, started_at=now - 600 * (i + 1), number=n, direction=d, outcome=o,
                   ended_at=(now - 600 * (i + 1) + dur) if dur else None, recorded=bool(f),
                   rec_files=f, job_label=j, reason=unreachable if o == "failed" else None,
                   agent="mrossi")
        for i, (n, d, o, dur, f, j) in enumerate(samples)
    )  # fmt: skip
    settings = Settings(server=sim.base_url, username="supervisor", agent="mrossi",
                        poll_interval=0)  # fmt: skip
    session = Session(settings, log, password="supervisor")
    window = MainWindow(session)
    window.show()  # at the default size, as a user first sees it
    session.start()
    settle(lambda: session.status.state == State.READY)
    settle()
    full = suffix == FULL
    if full:
        window.grab().save(str(out / f"main-ready-{suffix}.png"))
        signature = "Mario Rossi\nTel. 02 1234 5678\nCell. 333 123 4567\nP.IVA 01234567890"
        window.offer_numbers(find_phone_numbers(signature), Purpose.DIAL)
        settle()
        window.grab().save(str(out / f"main-chooser-{suffix}.png"))
        window.chooser.cancelled.emit()

    window.number_field.setText("+39 02 1234 5678")
    window.dial_current()
    settle(lambda: session.status.state == State.IN_CALL)
    session.set_recording(True)
    settle(lambda: session.status.recording)
    deadline = time.monotonic() + 1.2  # let the recording timer show a non-zero time
    settle(lambda: time.monotonic() > deadline)
    window.grab().save(str(out / f"main-in-call-{suffix}.png"))
    tray = Tray(session)
    menu = tray.build_menu(session.status)
    menu.adjustSize()
    menu.grab().save(str(out / f"tray-menu-{suffix}.png"))

    if not full:
        session.shutdown()
        log.close()
        sim.stop()
        return
    session.hangup()
    settle(lambda: session.status.state == State.READY)

    dialog = SettingsDialog(session, window)
    dialog.show()
    dialog.test_connection()
    settle(lambda: dialog.test_button.isEnabled())
    settle()
    dialog.grab().save(str(out / f"settings-{suffix}.png"))
    dialog.close()

    sim.stop()
    window.number_field.setText("06 555 1234")
    session.refresh_calls()
    settle(lambda: session.status.state == State.OFFLINE)
    settle()
    window.grab().save(str(out / f"main-error-{suffix}.png"))
    QTimer.singleShot(0, app.quit)
    session.shutdown()
    log.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    p.add_argument("--only", help="render one variant (en, it, en-dark, ...)")
    p.add_argument("--child", nargs=3, metavar=("SUFFIX", "LANG", "SCHEME"), help=argparse.SUPPRESS)
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.child:
        render(args.out, *args.child)
        return 0
    failed = 0
    for suffix, lang, scheme, scale in VARIANTS:
        if args.only and args.only != suffix:
            continue
        screen = Path(tempfile.mkdtemp()) / "screen.json"
        size = {"width": round(1920 * float(scale)), "height": round(1080 * float(scale))}
        screen.write_text(json.dumps({"screens": [{"name": "screen", "x": 0, "y": 0, **size}]}))
        env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
                   QT_SCALE_FACTOR=scale, TVOX_PANEL_HOME=tempfile.mkdtemp(),
                   TVOX_PANEL_LANG=lang)  # fmt: skip
        cmd = [sys.executable, __file__, "--out", str(args.out), "--child", suffix, lang, scheme]
        done = subprocess.run(cmd, env=env)
        print(f"{suffix}: {'ok' if done.returncode == 0 else 'FAILED'}")
        failed += done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
