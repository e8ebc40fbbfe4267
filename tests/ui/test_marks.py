"""A cell's problem mark reads on every code's fill of every built-in scheme, in the light and
the dark palette, by its shape's edge and not by colour alone; the codes make room for it.

Measured on the pixels the grid's own cell painter paints (the same pictures the view draws)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPalette

from ramdesk.model import BUILTIN_SCHEMES, Matrix
from ramdesk.ui.grid_paint import CellLook, mark_box, render_cell, text_rect
from ramdesk.ui.style import code_fill

from .test_dark_palette import LEGIBLE, contrast, dark_palette

SEVERITIES = ("error", "warning", "info")
#: Share of a mark's edge that must stand out from the fill around it.
EDGE_SHARE = 0.9


def light_palette() -> QPalette:
    palette = QPalette()
    for role, color in {
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.Text: "#000000",
        QPalette.ColorRole.Window: "#efefef",
        QPalette.ColorRole.AlternateBase: "#f7f7f7",
        QPalette.ColorRole.Mid: "#a0a0a0",
        QPalette.ColorRole.Highlight: "#308cc6",
    }.items():
        palette.setColor(role, QColor(color))
    return palette


def look(palette: QPalette, scheme, point_size: float = 9.0) -> CellLook:
    font = QFont()
    font.setPointSizeF(point_size)
    return CellLook(palette, font, scheme, 1.0, True)


def edge_share(with_mark: QImage, without: QImage, box: QRectF, fill: QColor) -> float:
    """Crossing the mark's left edge row by row, the share of rows where one of the first three
    pixels the mark changed stands out from the fill (the shape's edge is seen). Only the left
    half below the cell's frame is read: the frame of an error or warning runs along the top and
    the right."""
    rows = seen = 0
    for y in range(max(3, int(box.top())), min(with_mark.height(), int(box.bottom()) + 2)):
        crossing = [
            x
            for x in range(max(0, int(box.left()) - 1), int(box.center().x()))
            if with_mark.pixel(x, y) != without.pixel(x, y)
        ][:3]
        if not crossing:
            continue
        rows += 1
        if any(contrast(with_mark.pixelColor(x, y), fill) >= LEGIBLE for x in crossing):
            seen += 1
    assert rows, "no mark painted"
    return seen / rows


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("scheme", BUILTIN_SCHEMES, ids=[s.key for s in BUILTIN_SCHEMES])
def test_every_mark_stands_out_on_every_fill(qapp, scheme, dark):
    cell = look(dark_palette() if dark else light_palette(), scheme)
    width, height = 60, 24
    box = mark_box(width, height)
    weak = []
    for code in scheme.codes:
        fill = code_fill(code.color, dark)
        without = render_cell(cell, code.letter, width, height, None).toImage()
        for severity in SEVERITIES:
            with_mark = render_cell(cell, code.letter, width, height, severity).toImage()
            share = edge_share(with_mark, without, box, fill)
            if share < EDGE_SHARE:
                weak.append(f"{severity} on {code.letter} ({fill.name()}): {share:.0%}")
    assert not weak, "marks that fade into a fill: " + "; ".join(weak)


def test_the_outline_is_the_palettes_text_colour(qapp):
    """The ring contrasts with every fill: the text colour does (its letters are measured)."""
    for dark in (False, True):
        palette = dark_palette() if dark else light_palette()
        text = palette.color(QPalette.ColorRole.Text)
        for scheme in BUILTIN_SCHEMES:
            for code in scheme.codes:
                assert contrast(text, code_fill(code.color, dark)) >= 4, (scheme.key, code.letter)


def centred_tight(cell: CellLook, text: str, rect, font) -> QRectF:
    """Where drawText(rect, AlignCenter, text) puts the ink of `text`."""
    metrics = QFontMetricsF(font)
    tight = metrics.tightBoundingRect(text)
    x = rect.left() + (rect.width() - metrics.horizontalAdvance(text)) / 2
    baseline = rect.top() + (rect.height() - metrics.height()) / 2 + metrics.ascent()
    return tight.translated(x, baseline)


@pytest.mark.parametrize("zoom", [0.75, 1.0, 1.5, 2.0, 3.0])
def test_codes_make_room_for_the_mark(qapp, zoom):
    """In a column as narrow as "A/R" (rotated role names) the centred codes would run under the
    mark; they move left of it (and shrink if they must), at every zoom."""
    from ramdesk.model import builtin_scheme

    cell = look(light_palette(), builtin_scheme("raci"), 9.0 * zoom)
    metrics = QFontMetricsF(cell.font)
    height = int(metrics.height() + max(4, int(6 * zoom)))
    width = int(max(metrics.horizontalAdvance("A/R") + 14, metrics.height() * 1.6))
    mark = mark_box(width, height)
    full = QRectF(0, 0, width, height)
    assert centred_tight(cell, "A/R", full, cell.font).intersects(mark)  # the old layout
    room, font = text_rect(cell, "A/R", width, height, mark)
    ink = centred_tight(cell, "A/R", QRectF(room), font)
    assert not ink.intersects(mark), f"zoom {zoom}: {ink} under {mark}"
    assert ink.left() >= 0
    assert QFontMetricsF(font).height() >= metrics.height() * 0.6  # still readable
    # A cell without a problem centres its codes in the whole cell.
    assert text_rect(cell, "A/R", width, height, None) == (full.toRect(), cell.font)


def test_a_painted_pair_keeps_clear_of_its_mark(qapp):
    """On the pixels: the letters' ink (the text colour) stays left of the mark's box."""
    from ramdesk.model import builtin_scheme

    m = Matrix("pair", builtin_scheme("raci"))
    cell = look(light_palette(), m.scheme, 18.0)
    metrics = QFontMetricsF(cell.font)
    height = int(metrics.height() + 12)
    width = int(metrics.horizontalAdvance("A/R") + 14)
    mark = mark_box(width, height)
    plain = render_cell(cell, "A/R", width, height, None).toImage()
    marked = render_cell(cell, "A/R", width, height, "info").toImage()
    # Where the letters are painted darkest in the plain cell ...
    ink_columns = [
        x
        for x in range(width)
        for y in range(height)
        if QColor(plain.pixel(x, y)).lightnessF() < 0.25
    ]
    assert ink_columns and max(ink_columns) > mark.left()  # centred, they reach under the mark
    # ... and in the marked cell, outside the mark: all left of it.
    ink = [
        x
        for x in range(width)
        for y in range(height)
        if QColor(marked.pixel(x, y)).lightnessF() < 0.25
        and not mark.adjusted(-1, -1, 1, 1).contains(x, y)
    ]
    assert ink and max(ink) < mark.left()


def test_zoomed_in_the_row_headers_marks_and_arrows_grow_and_still_work(qtbot, window):
    """At 300 % a row's mark is more than the 12 px it is at 100 %, the names move right to
    make room, and a click on a group's arrow still folds the group."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from ramdesk.ui.header_parts import GUTTER, INDENT, look_of

    from .conftest import find

    header = window.grid.row_header
    assert (look_of(header).gutter, look_of(header).indent, look_of(header).mark_side) == (
        GUTTER,
        INDENT,
        12,
    )
    window.grid.apply_zoom(3.0)
    look = look_of(header)
    assert look.mark_side >= 24 and look.gutter > GUTTER and look.indent > INDENT
    m = window.document.matrix
    model = window.grid.matrix_model
    design = find(m.groups, "Design")
    section = model.row_of(design)
    y = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    x = look.gutter + look.indent // 2
    QTest.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y)
    )
    assert design in model.collapsed
    # The names column still holds the longest name at this size.
    fm = header.fontMetrics()
    widest = max(fm.horizontalAdvance(r.name) + look.indent * (m.depth(r) + 1) for r in m.rows)
    assert header.name_width >= widest + look.gutter
