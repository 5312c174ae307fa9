"""``python -m tvox_panel``: the same as ``tvox-panel``."""

import sys

from .cli import panel_main

sys.exit(panel_main())
