"""The ``tvox-panel`` entry point.

It hands commands (dial, record, status, links...) to the running panel over a
local socket without loading Qt, so that path stays fast; anything else starts the panel.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import NamedTuple

COMMANDS_HELP = """\
commands for the running panel (one is started when needed):
  dial NUMBER                 dial a number
  tel:URI | callto:URI | sip:URI
                              dial a link, as a browser or CRM hands it over
  dial-text TEXT              dial the phone number found in TEXT; when it holds several,
                              the panel asks which one and nothing is dialled until then
  dial-clipboard              the same with the clipboard's text
  dial-selection              the same with the selected text (the clipboard on Windows)
  record on|off|toggle        start or stop recording the current call
  hangup                      hang up the current call
  show                        show the panel's window
  quit                        quit the panel
  status [--json]             what the panel is doing; exit code 1 if none runs
  events [--json]             print the panel's events as they happen (calls, recordings,
                              state) until the panel quits

links in the desktop:
  --register-handlers         make the panel the handler of tel:, callto: and sip: links
  --unregister-handlers       undo --register-handlers
"""


class Options(NamedTuple):
    """The panel's command-line options (nothing here is saved unless the user saves)."""

    url: str | None = None
    user: str | None = None
    agent: str | None = None
    demo: bool = False
    quit_when_ready: bool = False
    minimized: bool = False
    language: str | None = None


def option_parser() -> argparse.ArgumentParser:
    """The options that start the panel, with every hand-off command in the help."""
    p = argparse.ArgumentParser(
        prog="tvox-panel",
        description="TVox click-to-dial panel: start it, or hand it a command.",
        epilog=COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
    p.add_argument("--lang", choices=("en", "it"), help="interface language (not saved)")
    return p


def parse_options(argv: Sequence[str]) -> Options:
    """The options that start the panel; ``--help`` and mistakes exit here, before Qt loads."""
    a = option_parser().parse_args(list(argv))
    return Options(a.url, a.user, a.agent, a.demo, a.quit_when_ready, a.minimized, a.lang)


def main(argv: Sequence[str] | None = None) -> int:
    """``tvox-panel``: hand a command to the running panel, or start one."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["events"]:
        from tvox_panel.handoff.events import run_events

        return run_events(args[1:])
    if args == ["--version"]:
        from tvox_panel import version

        print(f"tvox-panel {version()}")
        return 0
    from tvox_panel.handoff import client as handoff

    try:
        is_command = handoff.parse_command(args) is not None
    except handoff.UsageError:
        is_command = True  # run_handoff prints the usage error
    if is_command:
        return handoff.run_handoff(args)
    if {"--register-handlers", "--unregister-handlers"} & set(args):
        from tvox_panel.desktop.handlers import main_register

        registered = main_register(args)
        if registered is not None:
            return registered
    opts = parse_options(args)
    from tvox_panel.gui.app import run

    code = run(opts)
    # Everything is shut down and closed by now (worker joined, log committed, socket
    # removed): skip the interpreter's teardown of Qt's wrappers, which costs ~50 ms and
    # has crashed some PySide6 releases at exit.
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:  # None under pythonw and in a windowed Windows build
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
