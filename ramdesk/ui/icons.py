"""Icons from resources/icons (SVG), drawn in the palette's text colour so they suit dark themes."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication


@cache
def resources_dir() -> Path | None:
    """The resources folder in a checkout, an installed wheel, or a frozen app."""
    here = Path(__file__).resolve().parent.parent  # the ramdesk package
    candidates = [here / "resources", here.parent / "resources"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / "resources")
    for candidate in candidates:
        if (candidate / "icons").is_dir():
            return candidate
    return None


def icon_path(name: str) -> Path | None:
    base = resources_dir()
    if base is None:
        return None
    path = base / "icons" / f"{name}.svg"
    return path if path.is_file() else None


_cache: dict[tuple[str, str], QIcon] = {}


def icon(name: str) -> QIcon:
    """An icon by name ("document-open"); an empty icon when the file is missing."""
    app = QApplication.instance()
    color = (
        app.palette().color(QPalette.ColorRole.WindowText).name()  # type: ignore[union-attr]
        if app is not None
        else "#333333"
    )
    key = (name, color)
    found = _cache.get(key)
    if found is not None:
        return found
    path = icon_path(name)
    result = QIcon()
    if path is not None:
        data = path.read_bytes().replace(b"currentColor", color.encode())
        result = _render(data)
    _cache[key] = result
    return result


class _SvgEngine(QIconEngine):
    """Renders the SVG at whatever size and scale is asked, only when asked."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data
        self._renderer = None
        #: Pictures already drawn, by (width, height, mode, state, scale): a toolbar repaints its
        #: buttons on every hover, and drawing an SVG is far slower than copying a picture.
        self._drawn: dict[tuple, QPixmap] = {}

    def _svg(self):
        if self._renderer is None:
            from PySide6.QtSvg import QSvgRenderer

            self._renderer = QSvgRenderer(QByteArray(self._data))
        return self._renderer

    def paint(self, painter: QPainter, rect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if mode == QIcon.Mode.Disabled:
            painter.setOpacity(0.35)
        self._svg().render(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        key = (size.width(), size.height(), mode, state, scale)
        found = self._drawn.get(key)
        if found is not None:
            return found
        pixels = size * scale
        pixmap = QPixmap(pixels)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, pixels.width(), pixels.height()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        if len(self._drawn) < 16:  # a few sizes and modes per icon, never an unbounded store
            self._drawn[key] = pixmap
        return pixmap

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._data)


def _render(data: bytes) -> QIcon:
    return QIcon(_SvgEngine(data))


def app_icon() -> QIcon:
    path = icon_path("ramdesk")
    return QIcon(str(path)) if path is not None else QIcon()
