"""Wiring: QApplication, settings, session, window, tray and the single-instance server."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from tvox_panel import APP_ID
from tvox_panel.calllog import CallLog
from tvox_panel.config import paths
from tvox_panel.config.logsetup import register_secret, setup_logging
from tvox_panel.config.password import PasswordStore
from tvox_panel.config.settings import Settings
from tvox_panel.gui.commands import CommandHandler
from tvox_panel.gui.icons import app_icon
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import State, Status
from tvox_panel.gui.translator import install as install_language
from tvox_panel.gui.tray import Tray
from tvox_panel.gui.widgets.main_window import MainWindow
from tvox_panel.handoff.server import InstanceServer
from tvox_panel.i18n.catalog import translate

if TYPE_CHECKING:
    from tvox_panel.simulator import Simulator

log = logging.getLogger("tvox_panel.gui.app")

DEMO_USER, DEMO_PASSWORD, DEMO_AGENT = "supervisor", "supervisor", "mrossi"
READY_TIMEOUT_MS = 60_000


class Options(NamedTuple):
    """The panel's command-line options (nothing here is saved unless the user saves)."""

    url: str | None = None
    user: str | None = None
    agent: str | None = None
    demo: bool = False
    quit_when_ready: bool = False
    minimized: bool = False
    language: str | None = None


def parse_options(argv: list[str]) -> Options:
    p = argparse.ArgumentParser(prog="tvox-panel", description="TVox click-to-dial panel")
    p.add_argument("--url", help="TVox server (overrides the settings, not saved)")
    p.add_argument("--user", help="WebAPI login user (not saved)")
    p.add_argument("--agent", help="agent whose phone places calls (not saved)")
    p.add_argument("--demo", action="store_true", help="run against the embedded simulator")
    p.add_argument(
        "--quit-when-ready",
        action="store_true",
        help="exit 0 once the window is shown and logged in (1 if login fails)",
    )
    p.add_argument("--minimized", action="store_true", help="start hidden in the system tray")
    p.add_argument("--lang", choices=("en", "it"), help="interface language")
    a = p.parse_args(argv)
    return Options(a.url, a.user, a.agent, a.demo, a.quit_when_ready, a.minimized, a.lang)


def start_demo_server() -> Simulator:
    """The embedded simulator on a free loopback port, with inbound calls and hang-ups."""
    from tvox_panel.simulator import SimConfig, Simulator

    config = SimConfig(
        inbound_calls=True,
        inbound_every=90.0,
        inbound_first_after=30.0,
        inbound_duration=40.0,
        remote_hangup_after=120.0,
        ring_time=1.0,
    )
    return Simulator(config).start()


class Panel(QObject):
    """Everything the running panel is made of, and how it ends."""

    def __init__(self, app: QApplication, opts: Options) -> None:
        super().__init__()
        self.app = app
        self.opts = opts
        self.exit_code = 0
        self.sim: Simulator | None = None
        settings = saved = Settings.load()
        password = os.environ.get("TVOX_PASSWORD") or None
        data = paths.ensure_dir(paths.data_dir())
        log_name = paths.CALLLOG_FILE_NAME
        if opts.demo:
            self.sim = start_demo_server()
            settings = settings.replace(
                server=self.sim.base_url, username=DEMO_USER, agent=DEMO_AGENT
            )
            password = DEMO_PASSWORD
            log_name = "demo-" + log_name
        settings = settings.with_overrides(url=opts.url, user=opts.user, agent=opts.agent)
        if password:
            register_secret(password)
        install_language(opts.language or settings.language)
        self.call_log = CallLog(data / log_name)
        passwords = None if opts.demo else PasswordStore()  # keyring loads on first use
        self.session = Session(
            settings,
            self.call_log,
            password=password,
            passwords=passwords,
            demo=opts.demo,
            persist=not opts.demo,
            saved=saved,
        )
        self.window = MainWindow(self.session)
        self.tray = Tray(self.session, window_visible=self.window.isVisible)
        self.handler = CommandHandler(self.session, show=self.show_window, quit=self.quit)
        self.instance = InstanceServer(self.handler)
        self._wire()

    def _wire(self) -> None:
        w, t = self.window, self.tray
        w.settings_requested.connect(self.open_settings)
        w.quit_requested.connect(self.quit)
        t.settings_requested.connect(self.open_settings)
        t.quit_requested.connect(self.quit)
        t.show_hide_requested.connect(self.toggle_window)
        t.confirm_requested.connect(self._confirm_from_tray)
        w.close_requested.connect(self._window_closing)
        self.app.aboutToQuit.connect(self.shutdown)
        if sys.platform == "darwin":  # a filter on the app costs a Python call per event
            self.app.installEventFilter(self)
        self._apply_tray_policy()

    def _apply_tray_policy(self) -> None:
        # Close-to-tray only with a real tray: otherwise nobody could reach a hidden panel.
        to_tray = self.tray.available and self.session.settings.close_to_tray
        self.window.set_close_to_tray(to_tray)
        self.app.setQuitOnLastWindowClosed(not to_tray)

    def _window_closing(self) -> None:
        if not (self.tray.available and self.session.settings.close_to_tray):
            self.quit()

    def start(self) -> bool:
        """Listen for commands, show the window, start the session. False: a panel runs."""
        if not self.instance.listen():
            return False
        self.tray.show()
        if self.opts.minimized and self.tray.available and not self.opts.quit_when_ready:
            self.window.hide()
        else:
            self.window.show()
        if self.opts.quit_when_ready:
            self.session.status_changed.connect(self._check_ready)
            QTimer.singleShot(READY_TIMEOUT_MS, lambda: self.quit(code=1))
        self.session.start()
        if not self.session.settings.is_configured:
            QTimer.singleShot(0, self.open_settings)
        elif self.session.needs_password():
            QTimer.singleShot(0, self.ask_password)
        return True

    def _check_ready(self, status: Status) -> None:
        if status.state == State.READY and self.window.isVisible():
            self.quit(code=0)
        elif status.state == State.OFFLINE and status.error:
            self.quit(code=1)

    def _confirm_from_tray(self, number: str) -> None:
        self.show_window()
        self.window.number_field.setText(number)
        self.window.dial_current()  # asks the same question as a click on Call

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """macOS hands tel:/callto: links to a running app as FileOpen events."""
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            url = event.url().toString()
            if url:
                self.handler({"cmd": "dial", "number": url})
                return True
        return False

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def toggle_window(self) -> None:
        if self.window.isVisible():
            self.window.hide()
        else:
            self.show_window()

    def open_settings(self) -> None:
        from tvox_panel.gui.widgets.settings_dialog import (
            SettingsDialog,  # loaded when first opened, not at start
        )

        dialog = SettingsDialog(self.session, self.window)
        if dialog.exec():
            install_language(self.session.settings.language)
            self._apply_tray_policy()
            self.window.settings_applied()

    def ask_password(self) -> None:
        from PySide6.QtWidgets import QInputDialog  # its class set-up is 2 ms off the start path

        s = self.session.settings
        text, ok = QInputDialog.getText(
            self.window,
            QCoreApplication.translate("MainWindow", "TVox password"),
            QCoreApplication.translate("MainWindow", "Password of {0} on {1}:").format(
                s.username, s.server
            ),
            QLineEdit.EchoMode.Password,
        )
        if ok and text:
            register_secret(text)
            self.session.set_password(text, remember=s.remember_password)

    def quit(self, code: int = 0) -> None:
        self.exit_code = code
        QCoreApplication.exit(code)

    def shutdown(self) -> None:
        """Stop the worker (quit + wait), close the socket, the log and the simulator."""
        self.window.hide()  # waiting for a slow request must not look like a frozen window
        self.tray.hide()
        self.session.shutdown()
        self.instance.close()
        self.tray.hide()
        self.call_log.close()
        if self.sim is not None:
            self.sim.stop()


def run(argv: list[str]) -> int:
    """Start the panel; returns the process exit code."""
    opts = parse_options(argv)
    setup_logging(paths.ensure_dir(paths.log_dir()))
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("tvox-panel")
    app.setApplicationDisplayName("TVox Panel")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    try:
        panel = Panel(app, opts)
    except Exception as exc:  # a broken file or a dead simulator: one line, no traceback
        log.exception("the panel could not start")
        text = translate("tvox-panel", "TVox Panel cannot start: {0}").format(exc)
        print(f"tvox-panel: {text}", file=sys.stderr)
        QMessageBox.critical(None, "TVox Panel", text)
        return 1
    if not panel.start():
        from tvox_panel.handoff.client import send

        panel.shutdown()
        with contextlib.suppress(Exception):  # bringing it to the front is a courtesy
            send({"cmd": "show"})
        text = translate("tvox-panel", "a panel is already running; it was brought to the front")
        print(f"tvox-panel: {text}")
        return 0
    code = app.exec()
    return code or panel.exit_code
