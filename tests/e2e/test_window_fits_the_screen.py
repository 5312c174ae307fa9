"""The window fits the screen at 100, 150 and 200 % on 1366x768 and 1920x1080 (offscreen).

Each case runs in its own process: the scale factor and the screen size are fixed before the
QApplication exists (``QT_SCALE_FACTOR`` and the offscreen platform's screen configuration).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json, sys, tempfile
from pathlib import Path
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication
app = QApplication([])
from tvox_panel.calllog import CallLog
from tvox_panel.config.settings import Settings
from tvox_panel.gui.session import Session
from tvox_panel.gui.widgets.main_window import MainWindow

log = CallLog(Path(tempfile.mkdtemp()) / "calls.sqlite3")
log.add("+393351234567", "out", "unknown")
log.add("0212345678", "in", "answered")
session = Session(Settings(server="tvox.example.com", username="mrossi"), log)
window = MainWindow(session)
window.show()
for _ in range(10):
    app.processEvents()

def on_screen(widget):
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())

area = window.screen().availableGeometry()
table = window.log_view.table
print(json.dumps({
    "area": area.getRect(),
    "frame": window.frameGeometry().getRect(),
    "status_bar": on_screen(window.statusBar()).getRect(),
    "status_bar_visible": window.statusBar().isVisible(),
    "window": [window.width(), window.height()],
    "log_hscroll": table.horizontalScrollBar().isVisible(),
    "columns": sum(table.columnWidth(c) for c in range(table.model().columnCount())),
    "viewport": table.viewport().width(),
}))
log.close()
"""


def offscreen_config(tmp_path: Path, width: int, height: int) -> Path:
    config = {
        "synchronousWindowSystemEvents": False,
        "windowFrameMargins": True,
        "screens": [
            {
                "name": "screen",
                "x": 0,
                "y": 0,
                "width": width,
                "height": height,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ],
    }
    path = tmp_path / "screen.json"
    path.write_text(json.dumps(config))
    return path


def inside(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


@pytest.mark.parametrize("scale", ["1", "1.5", "2"])
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
def test_the_window_fits_the_available_screen(
    tmp_path: Path, width: int, height: int, scale: str
) -> None:
    config = offscreen_config(tmp_path, width, height)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": scale,
        "TVOX_PANEL_HOME": str(tmp_path / "home"),
        "TVOX_PANEL_LANG": "en",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    logical = [round(width / float(scale)), round(height / float(scale))]
    assert seen["area"][2:] == logical
    assert inside(seen["frame"], seen["area"]), seen
    assert seen["status_bar_visible"]
    assert inside(seen["status_bar"], seen["area"]), seen
    if logical[0] > 700:  # there is room for the default width: the log's columns fit it
        assert seen["window"][0] == 640
        assert not seen["log_hscroll"], seen
        assert seen["columns"] <= seen["viewport"], seen
