"""Painting the grid in one pass: visible cells from pre-rendered pixmaps, lines in bulk.

A 10,000 x 200 matrix must scroll like a spreadsheet, so the view does not ask a delegate to
paint each cell (a Python call, several `data()` calls, colours built and the painter saved and
restored, per cell). `GridPainter.paint` works out the visible rows and columns from the
headers, reads the codes straight from the matrix and the problems from the model's per-row
cache, and draws every filled or flagged cell as one `drawPixmap` of a picture rendered once per
look (text, size, severity); empty cells are the viewport's background. The grid lines, the
selection (one rectangle per selection range) and the focus frame follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)

from .style import code_fill, is_dark, paint_mark

if TYPE_CHECKING:
    from .grid import GridView

#: Frame colour of a cell with a problem, by severity ("info" gets a mark only).
SEVERITY_FRAME = {"error": "#D55E00", "warning": "#E69F00", "info": "#0072B2"}
#: Hatching over a code the scheme does not know, so it shows without colour.
UNKNOWN_HATCH = "#D55E00"
#: Pictures kept at most; the cache starts again beyond (a few hundred looks are typical).
CACHE_LIMIT = 4000


class CellLook:
    """Colours and fonts of one palette, zoom and scheme (what a cached picture depends on)."""

    def __init__(self, palette: QPalette, font: QFont, scheme, dpr: float, marks: bool) -> None:
        self.dark = is_dark(palette)
        self.base = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        line = palette.color(QPalette.ColorRole.Mid)
        line.setAlpha(110)
        self.line = line
        band = palette.color(QPalette.ColorRole.AlternateBase)
        self.band = band.darker(112) if not self.dark else band.lighter(130)
        highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
        self.focus = QColor(highlight)
        highlight.setAlpha(80)
        self.selection = highlight
        self.selection_edge = QColor(self.focus)
        self.selection_edge.setAlpha(200)
        self.font = QFont(font)
        self.font.setBold(True)
        self.metrics = QFontMetricsF(self.font)
        self.fills = {c.letter: code_fill(c.color, self.dark) for c in scheme.codes}
        self.hatch = QBrush(QColor(UNKNOWN_HATCH), Qt.BrushStyle.BDiagPattern)
        self.dpr = dpr
        self.marks = marks


def look_key(palette: QPalette, font: QFont, scheme, dpr: float, marks: bool) -> tuple:
    colours = tuple((c.letter, c.color) for c in scheme.codes)
    return (palette.cacheKey(), font.key(), colours, dpr, marks)


def render_cell(
    look: CellLook, text: str, width: int, height: int, severity: str | None
) -> QPixmap:
    """A deliverable's cell: the codes' fills side by side, the text, the problem mark and frame
    (no grid lines: those are drawn for the whole view at once)."""
    dpr = look.dpr
    pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        _draw_cell(painter, look, text, width, height, severity)
    finally:
        painter.end()  # a painter left open on a pixmap brings Qt down later
    return pixmap


def mark_box(width: int, height: int) -> QRectF:
    """Where a cell's problem mark sits: its top right corner, a little smaller than the row."""
    side = float(max(9, min(round(height * 0.5), 22)))
    # Whole pixels, so the mark's one-pixel ring falls on pixel centres and stays crisp.
    return QRectF(width - side - 3, 2, side, side)


def text_rect(look: CellLook, text: str, width: int, height: int, mark: QRectF | None):
    """The rectangle a cell's codes are centred in, and their font: the whole cell, or, when the
    centred text would run under the problem mark, the part left of the mark (with a smaller
    font if the codes do not fit there)."""
    rect = QRect(0, 0, width, height)
    if mark is None:
        return rect, look.font
    metrics = look.metrics
    tight = metrics.tightBoundingRect(text)
    advance = metrics.horizontalAdvance(text)
    left = (width - advance) / 2
    top = (height - metrics.height()) / 2 + metrics.ascent() + tight.top()
    if left + tight.right() < mark.left() - 1 or top > mark.bottom() + 1:
        return rect, look.font
    room = QRect(0, 0, max(1, int(mark.left()) - 1), height)
    if advance <= room.width() - 2:
        return room, look.font
    font = QFont(look.font)
    scale = max(0.4, (room.width() - 2) / max(1, advance))
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    else:
        font.setPixelSize(max(5, int(font.pixelSize() * scale)))
    return room, font


def _draw_cell(
    painter: QPainter, look: CellLook, text: str, width: int, height: int, severity: str | None
) -> None:
    rect = QRect(0, 0, width, height)
    mark = mark_box(width, height) if severity and look.marks else None
    if text:
        letters = text.split("/")
        part_width = width / len(letters)
        for i, letter in enumerate(letters):
            part = QRectF(i * part_width, 0, part_width, height)
            fill = look.fills.get(letter)
            if fill is None:
                painter.fillRect(part, look.base)
                painter.fillRect(part, look.hatch)
            else:
                painter.fillRect(part, fill)
        room, font = text_rect(look, text, width, height, mark)
        painter.setFont(font)
        painter.setPen(look.text)
        painter.drawText(room, Qt.AlignmentFlag.AlignCenter, text)
    if mark is not None and severity:
        paint_mark(painter, mark, severity, look.text)
        if severity != "info":  # "A/R" and the like are worth a mark, not a frame
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(QColor(SEVERITY_FRAME[severity]), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(rect).adjusted(1, 1, -1.5, -1.5))


def render_group_mark(look: CellLook, width: int, height: int, severity: str) -> QPixmap:
    """The roll-up mark a group row shows in a column where something under it is wrong."""
    dpr = look.dpr
    pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        side = min(height - 6, max(11, min(round(height * 0.35), 22)))  # grows with zoom
        if side > 0:
            box = QRectF(width / 2 - side / 2, height / 2 - side / 2, side, side)
            paint_mark(painter, box, severity, look.text)
    finally:
        painter.end()
    return pixmap


class GridPainter:
    """Paints a GridView's viewport; keeps the pictures of the cells it has drawn."""

    def __init__(self, view: GridView) -> None:
        self.view = view
        self.show_marks = True
        self._cache: dict[tuple, QPixmap] = {}
        self._key: tuple | None = None
        self._look: CellLook | None = None
        #: Cells drawn by the last paint (for tests and the benchmark).
        self.last_cells = 0

    def forget(self) -> None:
        """Drop every picture (the next paint renders them again)."""
        self._cache.clear()
        self._key = None

    def look(self) -> CellLook:
        view = self.view
        palette, font = view.palette(), view.font()
        scheme = view.matrix_model.matrix.scheme
        dpr = view.viewport().devicePixelRatioF()
        key = look_key(palette, font, scheme, dpr, self.show_marks)
        if key != self._key or self._look is None:
            self._cache.clear()
            self._key = key
            self._look = CellLook(palette, font, scheme, dpr, self.show_marks)
        return self._look

    def _cell(self, look: CellLook, text: str, w: int, h: int, severity: str | None) -> QPixmap:
        key = (text, w, h, severity)
        pixmap = self._cache.get(key)
        if pixmap is None:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            pixmap = self._cache[key] = render_cell(look, text, w, h, severity)
        return pixmap

    def _group(self, look: CellLook, w: int, h: int, severity: str) -> QPixmap:
        key = ("\0group", w, h, severity)
        pixmap = self._cache.get(key)
        if pixmap is None:
            pixmap = self._cache[key] = render_group_mark(look, w, h, severity)
        return pixmap

    def visible_range(self, rect: QRect) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) of the cells under `rect` (viewport coordinates)."""
        view = self.view
        model = view.matrix_model
        nrows, ncols = model.rowCount(), model.columnCount()
        if not nrows or not ncols or rect.isEmpty():
            return None
        vh, hh = view.verticalHeader(), view.horizontalHeader()
        top = vh.visualIndexAt(max(0, rect.top()))
        left = hh.visualIndexAt(max(0, rect.left()))
        if top < 0 or left < 0:
            return None
        bottom = vh.visualIndexAt(rect.bottom())
        right = hh.visualIndexAt(rect.right())
        bottom = nrows - 1 if bottom < 0 else min(bottom, nrows - 1)
        right = ncols - 1 if right < 0 else min(right, ncols - 1)
        if top > bottom or left > right:  # the headers not yet in step with the model
            return None
        return top, left, bottom, right

    def paint(self, painter: QPainter, rect: QRect) -> None:
        span = self.visible_range(rect)
        self.last_cells = 0
        if span is None:
            return
        top, left, bottom, right = span
        view = self.view
        model = view.matrix_model
        look = self.look()
        vh, hh = view.verticalHeader(), view.horizontalHeader()
        col_items = model.columns[left : right + 1]
        xs = [hh.sectionViewportPosition(c) for c in range(left, right + 1)]
        ws = [hh.sectionSize(c) for c in range(left, right + 1)]
        x0 = xs[0]
        x1 = xs[-1] + ws[-1]
        columns = list(zip(col_items, xs, ws, strict=True))
        matrix = model.matrix
        by_person = model.by_person
        code = matrix.code
        person_text = model.person_text
        row_info = model.row_info
        draw = painter.drawPixmap
        marks = look.marks
        cell_pixmap, group_pixmap = self._cell, self._group
        h_lines: list[int] = []  # the y of each row's bottom line
        runs: list[tuple[int, int]] = []  # vertical extents of runs of deliverable rows
        run_top: int | None = None
        drawn = 0
        y = vh.sectionViewportPosition(top)
        for r in range(top, bottom + 1):
            h = vh.sectionSize(r)
            if h <= 0:
                continue
            row = model.row_item(r)
            severities = row_info(row).cells
            if row.kind == "group":
                if run_top is not None:
                    runs.append((run_top, y - 1))
                    run_top = None
                painter.fillRect(x0, y, x1 - x0, h, look.band)
                if marks and severities:
                    for col, x, w in columns:
                        severity = severities.get(col)
                        if severity:
                            draw(x, y, group_pixmap(look, w, h, severity))
                            drawn += 1
            else:
                if run_top is None:
                    run_top = y
                for col, x, w in columns:
                    text = person_text(row, col) if by_person else code(row, col)
                    severity = severities.get(col) if severities else None
                    if text or severity:
                        draw(x, y, cell_pixmap(look, text, w, h, severity))
                        drawn += 1
            h_lines.append(y + h - 1)
            y += h
        if run_top is not None:
            runs.append((run_top, y - 1))
        # Lines as one-pixel rectangles: the raster engine fills those fast even translucent,
        # where translucent lines take it ten times longer.
        fill, line = painter.fillRect, look.line
        for _c, x, w in columns:
            if w > 0:
                for a, b in runs:
                    fill(x + w - 1, a, 1, b - a + 1, line)
        for y_line in h_lines:
            fill(x0, y_line, x1 - x0, 1, line)
        self._paint_selection(painter, look, span)
        self._paint_focus(painter, look, span)
        self.last_cells = drawn

    def paint_cell(
        self, painter: QPainter, rect: QRect, row: int, column: int, selected: bool, focus: bool
    ) -> None:
        """One cell into `rect`, as the grid paints it (for a delegate's paint)."""
        model = self.view.matrix_model
        look = self.look()
        item, col = model.row_item(row), model.column_item(column)
        severity = model.row_info(item).cells.get(col)
        w, h = rect.width(), rect.height()
        if item.kind == "group":
            painter.fillRect(rect, look.band)
            if severity and look.marks:
                painter.drawPixmap(rect.topLeft(), self._group(look, w, h, severity))
        else:
            text = model.person_text(item, col) if model.by_person else model.matrix.code(item, col)
            if text or severity:
                painter.drawPixmap(rect.topLeft(), self._cell(look, text, w, h, severity))
            painter.fillRect(rect.right(), rect.top(), 1, h, look.line)
        painter.fillRect(rect.left(), rect.bottom(), w, 1, look.line)
        if selected:
            painter.fillRect(rect, look.selection)
        if focus:
            painter.save()
            painter.setPen(QPen(look.focus, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(rect).adjusted(1, 1, -1, -1))
            painter.restore()

    def _paint_selection(self, painter: QPainter, look: CellLook, span) -> None:
        selection = self.view.selectionModel()
        if selection is None:
            return
        top, left, bottom, right = span
        vh, hh = self.view.verticalHeader(), self.view.horizontalHeader()
        limit_x = self.view.viewport().width() + 2
        limit_y = self.view.viewport().height() + 2
        painter.setPen(QPen(look.selection_edge, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rng in selection.selection():
            t, b = max(top, rng.top()), min(bottom, rng.bottom())
            lo, ri = max(left, rng.left()), min(right, rng.right())
            if t > b or lo > ri:
                continue
            # The whole range's edges (off screen ones kept just outside, so they do not show).
            y = max(-2, vh.sectionViewportPosition(rng.top()))
            x = max(-2, hh.sectionViewportPosition(rng.left()))
            y_end = min(
                limit_y, vh.sectionViewportPosition(rng.bottom()) + vh.sectionSize(rng.bottom())
            )
            x_end = min(
                limit_x, hh.sectionViewportPosition(rng.right()) + hh.sectionSize(rng.right())
            )
            painter.fillRect(x, y, x_end - x, y_end - y, look.selection)
            painter.drawRect(x, y, x_end - x - 1, y_end - y - 1)  # the edge of the range

    def _paint_focus(self, painter: QPainter, look: CellLook, span) -> None:
        view = self.view
        if not (view.hasFocus() or view.viewport().hasFocus()):
            return
        current = view.currentIndex()
        if not current.isValid():
            return
        top, left, bottom, right = span
        r, c = current.row(), current.column()
        if not (top <= r <= bottom and left <= c <= right):
            return
        vh, hh = view.verticalHeader(), view.horizontalHeader()
        rect = QRectF(
            hh.sectionViewportPosition(c),
            vh.sectionViewportPosition(r),
            hh.sectionSize(c),
            vh.sectionSize(r),
        )
        painter.setPen(QPen(look.focus, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
