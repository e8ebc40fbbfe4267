"""Colours and marks shared by the grid, its headers and the panels (light and dark palettes)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QApplication

#: Severity colours: vermillion, orange, blue (Okabe-Ito, safe for colour-blind readers).
SEVERITY_COLORS = {"error": "#D55E00", "warning": "#E69F00", "info": "#0072B2"}
#: On a dark palette the note's blue is Okabe-Ito's sky blue (#0072B2 on a dark window is 2.7:1).
DARK_SEVERITY_COLORS = {**SEVERITY_COLORS, "info": "#56B4E9"}
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


def severity_color(severity: str, dark: bool = False) -> QColor:
    return QColor((DARK_SEVERITY_COLORS if dark else SEVERITY_COLORS)[severity])


def _glyph_color(severity: str, dark: bool) -> QColor:
    """White on the deep shapes, black on the bright ones (orange, the dark palette's sky blue)."""
    if severity == "warning" or (severity == "info" and dark):
        return QColor("black")
    return QColor("white")


def _palette_text() -> QColor:
    app = QApplication.instance()
    palette = app.palette() if app is not None else QPalette()  # type: ignore[union-attr]
    return palette.color(QPalette.ColorRole.Text)


def paint_mark(
    painter: QPainter, rect: QRectF, severity: str, outline: QColor | None = None
) -> None:
    """A small shape per severity: a cross in a disc, a "!" in a triangle, an "i" in a disc.

    The shape is ringed in `outline` (by default the palette's text colour, which contrasts with
    every code's fill and with the window), so it stands out whatever it is painted on: the
    note's blue alone nearly vanishes into a dark yellow fill, the warning's orange into a pale
    one. Its colour follows the outline's palette (a light outline means a dark palette)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if outline is None:
        outline = _palette_text()
    dark = outline.lightnessF() > 0.5
    side = min(rect.width(), rect.height())
    pen_width = 1.5 if side < 21 else side / 14
    inset = pen_width / 2
    box = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side).adjusted(
        inset, inset, -inset, -inset
    )
    inner = box.width()
    painter.setPen(QPen(outline, pen_width))
    painter.setBrush(severity_color(severity, dark))
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
        glyph = "i"
    if severity == "error":  # a drawn cross: a font's "×" is a smudge at ten pixels
        arm = inner * 0.2
        c = box.center()
        pen = QPen(_glyph_color(severity, dark), max(1.2, inner * 0.14))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawLine(QPointF(c.x() - arm, c.y() - arm), QPointF(c.x() + arm, c.y() + arm))
        painter.drawLine(QPointF(c.x() - arm, c.y() + arm), QPointF(c.x() + arm, c.y() - arm))
        painter.restore()
        return
    font = painter.font()
    font.setBold(True)
    font.setPixelSize(max(6, int(inner * (0.72 if severity == "warning" else 0.8))))
    painter.setFont(font)
    painter.setPen(_glyph_color(severity, dark))
    text_box = box.adjusted(0, inner * 0.16, 0, 0) if severity == "warning" else box
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
