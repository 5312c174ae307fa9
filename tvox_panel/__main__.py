"""``python -m tvox_panel``: the same as ``tvox-panel``."""

import sys

from tvox_panel.cli.panel import main

sys.exit(main())
