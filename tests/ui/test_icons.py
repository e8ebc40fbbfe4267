"""Icons: drawn from SVG in the palette's text colour, once per size and mode."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPalette

from ramdesk.ui import icons


def _coloured_pixels(pixmap) -> int:
    image = pixmap.toImage()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    )


def test_an_icon_is_drawn_at_the_size_asked(qapp):
    icon = icons.icon("document-open")
    assert not icon.isNull()
    for side in (16, 24, 48):
        pixmap = icon.pixmap(QSize(side, side))
        assert (pixmap.width(), pixmap.height()) == (side, side)
        assert _coloured_pixels(pixmap) > side  # something is drawn, not an empty square


def test_an_icon_is_drawn_once_per_size_and_mode(qapp, monkeypatch):
    icon = icons.icon("edit-undo")
    drawn = []
    original = icons._SvgEngine.paint

    def counting(self, painter, rect, mode, state):
        drawn.append((rect.width(), mode))
        original(self, painter, rect, mode, state)

    monkeypatch.setattr(icons._SvgEngine, "paint", counting)
    first = icon.pixmap(QSize(20, 20))
    again = icon.pixmap(QSize(20, 20))
    assert len(drawn) == 1
    assert again.toImage() == first.toImage()
    disabled = icon.pixmap(QSize(20, 20), QIcon.Mode.Disabled)
    assert len(drawn) == 2
    assert disabled.toImage() != first.toImage()  # paler, not the same picture
    icon.pixmap(QSize(32, 32))
    assert len(drawn) == 3


def test_the_scale_of_a_screen_is_kept(qapp):
    engine = icons._SvgEngine(icons.icon_path("edit-redo").read_bytes())
    pixmap = engine.scaledPixmap(QSize(16, 16), QIcon.Mode.Normal, QIcon.State.Off, 2.0)
    assert (pixmap.width(), pixmap.height()) == (32, 32)
    assert pixmap.devicePixelRatio() == 2.0
    plain = engine.scaledPixmap(QSize(16, 16), QIcon.Mode.Normal, QIcon.State.Off, 1.0)
    assert plain.devicePixelRatio() == 1.0 and plain.width() == 16


def test_icons_follow_the_palette_text_colour(qapp):
    """A dark palette gets light icons: the SVG's currentColor is the palette's text colour."""
    saved = qapp.palette()
    try:
        for text in ("#ffffff", "#000000"):
            palette = QPalette(saved)
            palette.setColor(QPalette.ColorRole.WindowText, text)
            qapp.setPalette(palette)
            image = icons.icon("document-save").pixmap(QSize(24, 24)).toImage()
            opaque = [
                image.pixelColor(x, y)
                for y in range(24)
                for x in range(24)
                if image.pixelColor(x, y).alpha() == 255
            ]
            assert opaque
            lightness = sum(c.lightness() for c in opaque) / len(opaque)
            assert lightness > 200 if text == "#ffffff" else lightness < 55
    finally:
        qapp.setPalette(saved)
