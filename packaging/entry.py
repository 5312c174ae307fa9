"""Entry point of the PyInstaller bundle: the same as ``tvox-panel``."""

from __future__ import annotations

import sys

from tvox_panel.cli.panel import main

if __name__ == "__main__":
    sys.exit(main())
