"""Console entry points: ``tvox-panel`` and ``tvox-call``."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def call_main(argv: Sequence[str] | None = None) -> int:
    """``tvox-call``: see :mod:`tvox_panel.cli_call`."""
    from .cli_call import main

    return main(argv)


def panel_main(argv: Sequence[str] | None = None) -> int:
    """``tvox-panel``: start the panel, or hand a command to the running one."""
    print("tvox-panel: the panel window is not built yet", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(panel_main())
