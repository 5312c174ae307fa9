"""The ``tvox-panel`` entry point.

It hands commands (dial, record, status, links...) to the running panel over a
local socket without loading Qt, so that path stays fast; anything else starts the panel.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """``tvox-panel``: hand a command to the running panel, or start one."""
    args = list(sys.argv[1:] if argv is None else argv)
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
    from tvox_panel.gui.app import run

    code = run(args)
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
