"""The bare baseline on the brief's packages: a PySide6 window (20 buttons, a QTableView)
that also imports requests and platformdirs, as any panel built on them must."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    """Show the window, optionally idle, then quit."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--idle", type=float, default=0.0, help="seconds to idle once shown")
    idle = parser.parse_args(argv).idle

    import platformdirs
    import requests

    platformdirs.user_config_dir("tvox-bench")
    requests.Session().close()
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import (
        QApplication,
        QGridLayout,
        QMainWindow,
        QPushButton,
        QTableView,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    central = QWidget(window)
    layout = QVBoxLayout(central)
    grid = QGridLayout()
    for i in range(20):
        grid.addWidget(QPushButton(f"Button {i + 1}", central), i // 4, i % 4)
    layout.addLayout(grid)
    model = QStandardItemModel(0, 7, central)
    table = QTableView(central)
    table.setModel(model)
    layout.addWidget(table, 1)
    window.setCentralWidget(central)
    window.resize(640, 720)
    window.show()
    QTimer.singleShot(int(idle * 1000), app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
