"""Make the Windows ``.ico`` and the macOS ``.icns`` of the panel from its SVG icon.

    python packaging/make_icons.py [--out DIR]          (default: build/icons)

Qt (QtSvg) renders the SVG afresh at every size, so small sizes stay sharp instead of being
scaled down from one bitmap; Pillow writes the two containers. The PyInstaller spec runs this
script when it builds for Windows or macOS; the files are build outputs, not kept in git.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "tvox-panel.svg"
#: Explorer picks from these: small icons, the taskbar at 125-250 %, large tiles.
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
#: Every size an .icns holds, @1x and @2x, up to 512@2x.
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """PNG bytes of ``svg`` rendered at each square size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {svg}")
    pngs = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        pngs[size] = bytes(data.data())
    del app
    return pngs


def make_icons(out: Path, svg: Path = SVG) -> tuple[Path, Path]:
    """Write ``tvox-panel.ico`` and ``tvox-panel.icns`` into ``out``; returns their paths."""
    from io import BytesIO

    from PIL import Image

    pngs = render(svg, tuple(sorted(set(ICO_SIZES) | set(ICNS_SIZES))))
    images = {size: Image.open(BytesIO(data)) for size, data in pngs.items()}
    out.mkdir(parents=True, exist_ok=True)
    ico, icns = out / "tvox-panel.ico", out / "tvox-panel.icns"
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(
        ico,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    images[max(ICNS_SIZES)].save(
        icns, format="ICNS", append_images=[images[s] for s in ICNS_SIZES[:-1]]
    )
    return ico, icns


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "icons")
    args = parser.parse_args(argv)
    for path in make_icons(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
