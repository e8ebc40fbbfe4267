"""Render resources/ramdesk.svg to the icon sizes desktops want (PNG, .ico, .icns)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(out: Path) -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ROOT / "resources" / "ramdesk.svg"))
    if not renderer.isValid():
        print("resources/ramdesk.svg is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        folder = out / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        render(renderer, size).save(str(folder / "io.github.ramdesk.Ramdesk.png"))
    scalable = out / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    (scalable / "io.github.ramdesk.Ramdesk.svg").write_bytes(
        (ROOT / "resources" / "ramdesk.svg").read_bytes()
    )
    # Windows and macOS icons, where Qt's image plugins can write them.
    render(renderer, 256).save(str(out / "ramdesk.ico"))
    render(renderer, 512).save(str(out / "ramdesk.icns"))
    print(f"icons written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "packaging" / "build-icons"))
