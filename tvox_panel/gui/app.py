"""Wiring: QApplication, settings, session, window, tray and the single-instance server."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QObject, Qt, QTimer
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from tvox_panel import APP_ID
from tvox_panel.calllog import open_call_log
from tvox_panel.cli.panel import Options
from tvox_panel.config import paths
from tvox_panel.config.logsetup import register_secret, setup_logging
from tvox_panel.config.password import PasswordStore
from tvox_panel.config.settings import Settings
from tvox_panel.desktop import autostart
from tvox_panel.desktop.display import display_problem
from tvox_panel.gui.collector import GuiThreadCollector
from tvox_panel.gui.commands import CommandHandler
from tvox_panel.gui.events import EventFeed
from tvox_panel.gui.icons import app_icon
from tvox_panel.gui.notifier import Notifier
from tvox_panel.gui.session import Session
from tvox_panel.gui.state import State, Status
from tvox_panel.gui.translator import install as install_language
from tvox_panel.gui.tray import Tray
from tvox_panel.gui.widgets.geometry import center_on
from tvox_panel.gui.widgets.main_window import MainWindow
from tvox_panel.gui.widgets.message_area import Purpose
from tvox_panel.handoff.server import InstanceServer
from tvox_panel.i18n.catalog import translate

if TYPE_CHECKING:
    from tvox_panel.gui.widgets.settings_dialog import SettingsDialog
    from tvox_panel.phone.intext import Found
    from tvox_panel.simulator import Simulator

log = logging.getLogger("tvox_panel.gui.app")

DEMO_USER, DEMO_PASSWORD, DEMO_AGENT = "supervisor", "supervisor", "mrossi"
READY_TIMEOUT_MS = 60_000
HEADLESS_PLATFORMS = ("offscreen", "minimal")


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
        self.settings_dialog: SettingsDialog | None = None
        settings, settings_kept = Settings.load_checked()
        if not opts.demo:  # the system's start-at-login entry is the truth, whoever set it
            with contextlib.suppress(OSError):
                settings = settings.replace(start_at_login=autostart.is_enabled())
        saved = settings
        self._problems: list[str] = []
        if settings_kept is not None:
            self._problems.append(
                QCoreApplication.translate(
                    "Panel",
                    "The settings could not be read: they were kept as {0} and the defaults "
                    "are in use.",
                ).format(settings_kept)
            )
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
        opened = open_call_log(data / log_name)
        self.call_log = opened.log
        if opened.set_aside is not None:
            self._problems.append(
                QCoreApplication.translate(
                    "Panel",
                    "The call log could not be read: it was kept as {0} and a new one started; "
                    "calls recovered from it: {1}.",
                ).format(opened.set_aside, opened.recovered)
            )
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
        self.handler = CommandHandler(
            self.session, show=self.show_window, quit=self.quit, choose=self.offer_numbers
        )
        self.notifier = Notifier(
            wanted=self.tray.wants_notice,
            tray=lambda: self.tray.shows_messages,
            banner=lambda notice: self.window.say(lambda: f"{notice.title}: {notice.text}"),
            parent=self.window,
        )
        self.instance = InstanceServer(self.handler)
        self.events = EventFeed(self.session, self.instance.publish, self.instance)
        self._wire()

    def _wire(self) -> None:
        w, t = self.window, self.tray
        w.settings_requested.connect(self.open_settings)
        w.login_requested.connect(self.log_in)
        w.quit_requested.connect(self.quit)
        t.settings_requested.connect(self.open_settings)
        t.login_requested.connect(self.log_in)
        t.quit_requested.connect(self.quit)
        t.show_hide_requested.connect(self.toggle_window)
        t.confirm_requested.connect(self._confirm_from_tray)
        t.autostart_toggled.connect(self._autostart_toggled)
        self.session.notice.connect(self.notifier.notify)
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
        ask: Callable[[], None] | None = None
        if not self.session.settings.is_configured:
            ask = self.open_settings
        elif self.session.needs_password():
            ask = self.ask_password
        if self._problems:
            QTimer.singleShot(0, lambda: self._tell_problems(then=ask))
        elif ask is not None:
            QTimer.singleShot(0, ask)
        return True

    def _tell_problems(self, then: Callable[[], None] | None) -> None:
        """Tell the agent, once, what was wrong with the files at start-up; then ``then``.

        Not modal: the panel works meanwhile, and nothing waits on a window nobody sees. A
        dialog that must follow (the settings, the password) opens once the box is closed,
        so that it does not leave the box unreachable behind it.
        """
        text = " ".join(self._problems)
        box = QMessageBox(
            QMessageBox.Icon.Warning, "TVox Panel", text, QMessageBox.StandardButton.Ok,
            self.window,
        )  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setModal(False)
        if then is not None:
            box.finished.connect(lambda _result: QTimer.singleShot(0, then))
        box.show()

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

    def offer_numbers(self, found: list[Found]) -> None:
        """Several numbers in a text handed over: the window asks which one to call."""
        self.show_window()
        self.window.offer_numbers(found, Purpose.DIAL)

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
        """Show the settings dialog (window-modal, centred on the window); once only."""
        from tvox_panel.gui.widgets.settings_dialog import (
            SettingsDialog,  # loaded when first opened, not at start
        )

        if self.settings_dialog is not None:
            self.settings_dialog.raise_()
            self.settings_dialog.activateWindow()
            return
        language = self.session.settings.language
        dialog = self.settings_dialog = SettingsDialog(self.session, self.window)
        dialog.accepted.connect(lambda: self._settings_accepted(language))
        dialog.finished.connect(self._settings_closed)
        center_on(dialog, self.window)
        dialog.open()

    def _autostart_toggled(self, on: bool) -> None:
        self.session.apply_settings(self.session.settings.replace(start_at_login=on))
        self._apply_autostart()

    def _apply_autostart(self) -> None:
        """Make the system's start-at-login entry match the setting (for real sessions)."""
        if self.opts.demo:
            return
        want = self.session.settings.start_at_login
        try:
            if autostart.is_enabled() != want:
                autostart.set_enabled(want)
        except OSError as exc:
            log.warning("start at login: %s", exc)
            why = str(exc.strerror or exc)
            self.window.say(
                lambda: QCoreApplication.translate(
                    "Panel", "Cannot change starting at login: {0}"
                ).format(why)
            )

    def _settings_accepted(self, language: str) -> None:
        self._apply_autostart()
        if self.session.settings.language != language:
            # A new choice in the dialog; an unchanged one keeps what runs (even --lang).
            install_language(self.session.settings.language)
        self._apply_tray_policy()
        self.window.settings_applied()

    def _settings_closed(self) -> None:
        dialog, self.settings_dialog = self.settings_dialog, None
        if dialog is not None:
            dialog.deleteLater()

    def log_in(self) -> None:
        """Log in (ask for the password) when one is needed; otherwise reconnect now."""
        if self.session.needs_login:
            self.ask_password()
        else:
            self.session.reconnect()

    def ask_password(self) -> None:
        from PySide6.QtWidgets import QInputDialog  # its class set-up is 2 ms off the start path

        s = self.session.settings
        prompt = QCoreApplication.translate("MainWindow", "Password of {0} on {1}:").format(
            s.username, s.server
        )
        if s.remember_password and not self.session.can_remember_password():
            prompt = (
                QCoreApplication.translate(
                    "MainWindow", "No working keyring: the password cannot be remembered."
                )
                + "\n"
                + prompt
            )
        dialog = QInputDialog(self.window)
        dialog.setWindowTitle(QCoreApplication.translate("MainWindow", "Password"))
        dialog.setLabelText(prompt)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        center_on(dialog, self.window)
        ok = dialog.exec()
        text = dialog.textValue()
        dialog.deleteLater()
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


def plugin_dirs() -> list[Path]:
    """Where Qt looks for its plugins: ``QT_PLUGIN_PATH`` first, then its own folder."""
    extra = [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    return [*extra, Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))]


def run(opts: Options) -> int:
    """Start the panel; returns the process exit code."""
    setup_logging(paths.ensure_dir(paths.log_dir()))
    if QApplication.instance() is None:
        problem = display_problem(os.environ, plugin_dirs())
        if problem is not None:  # Qt would abort the process with a misleading hint
            log.error("%s", problem)
            print(f"tvox-panel: {problem}", file=sys.stderr)
            return 1
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    collector = GuiThreadCollector(parent=app)  # Qt objects die on the GUI thread only
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
        if QGuiApplication.platformName() not in HEADLESS_PLATFORMS:  # nobody would close it
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
    collector.stop()
    return code or panel.exit_code
