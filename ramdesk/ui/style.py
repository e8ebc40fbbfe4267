"""Colours and marks shared by the grid, its headers and the panels (light and dark palettes)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QApplication

#: Severity colours: vermillion, orange, blue (Okabe-Ito, safe for colour-blind readers).
SEVERITY_COLORS = {"error": "#D55E00", "warning": "#E69F00", "info": "#0072B2"}
#: The mark beside the colour, so a problem never shows by colour alone.
SEVERITY_MARKS = {"error": "✖", "warning": "▲", "info": "ℹ"}
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def worst(severities) -> str | None:
    """The most serious of some severities (None for none)."""
    best: str | None = None
    for s in severities:
        if s is not None and (best is None or SEVERITY_ORDER[s] < SEVERITY_ORDER[best]):
            best = s
            if s == "error":
                break
    return best


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window paints light text on a dark base."""
    if palette is None:
        app = QApplication.instance()
        palette = app.palette() if app is not None else QPalette()  # type: ignore[union-attr]
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


@lru_cache(maxsize=512)
def _fill(color: str, dark: bool) -> QColor:
    base = QColor("#1e1e1e") if dark else QColor("#ffffff")
    tint = QColor(color)
    share = 0.42 if dark else 0.30
    return QColor(
        round(base.red() + (tint.red() - base.red()) * share),
        round(base.green() + (tint.green() - base.green()) * share),
        round(base.blue() + (tint.blue() - base.blue()) * share),
    )


def code_fill(color: str, dark: bool) -> QColor:
    """A pale fill for a code's colour (deep on dark palettes) that keeps its letter legible."""
    return _fill(color, dark)


def severity_color(severity: str) -> QColor:
    return QColor(SEVERITY_COLORS[severity])


def paint_mark(painter: QPainter, rect: QRectF, severity: str) -> None:
    """A small shape per severity: a cross in a disc, a triangle, an "i" in a disc."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    color = severity_color(severity)
    side = min(rect.width(), rect.height())
    box = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    if severity == "warning":
        path = QPainterPath()
        path.moveTo(QPointF(box.center().x(), box.top()))
        path.lineTo(box.bottomRight())
        path.lineTo(box.bottomLeft())
        path.closeSubpath()
        painter.drawPath(path)
        glyph = "!"
    else:
        painter.drawEllipse(box)
        glyph = "×" if severity == "error" else "i"
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(max(6, int(side * (0.62 if severity == "warning" else 0.8))))
    painter.setFont(font)
    painter.setPen(QColor("white") if severity != "warning" else QColor("black"))
    text_box = box.adjusted(0, side * 0.18, 0, 0) if severity == "warning" else box
    painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, glyph)
    painter.restore()


def paint_corner(painter: QPainter, rect: QRectF, severity: str, size: float) -> None:
    """A coloured corner flag in a cell's top right (like a spreadsheet comment, but louder)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    path = QPainterPath()
    path.moveTo(rect.topRight())
    path.lineTo(rect.topRight() - QPointF(size, 0))
    path.lineTo(rect.topRight() + QPointF(0, size))
    path.closeSubpath()
    painter.fillPath(path, severity_color(severity))
    painter.restore()
