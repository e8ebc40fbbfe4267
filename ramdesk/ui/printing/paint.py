"""The one paint routine: preview, printer and PDF all draw pages through `render`."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGlyphRun,
    QPagedPaintDevice,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QRawFont,
)

from ramdesk.model import Deliverable, Group, Role

from .layout import GAP, LEGEND_SIZE, SMALL_SIZE, TITLE_SIZE, Page, Plan
from .measure import make_font

INK = QColor("#111111")
GREY_TEXT = QColor("#555555")
RULE = QColor("#9a9a9a")
GRID = QColor("#c4c4c4")
BAND = QColor("#ececec")
GROUP_FILL = QColor("#e4e4e4")
HIGHLIGHT = QColor("#fff3b0")
SEVERITY_COLOURS = {"error": QColor("#b00020"), "warning": QColor("#c05a00"), "info": "#2b5fb3"}
#: How much of a code's colour a fill keeps: pale enough to photocopy, letters stay black.
FILL_STRENGTH = 0.28


def pale(colour: str, strength: float = FILL_STRENGTH) -> QColor:
    """The colour mixed with white."""
    c = QColor(colour)
    if not c.isValid():
        c = QColor("#999999")
    return QColor(
        round(255 - (255 - c.red()) * strength),
        round(255 - (255 - c.green()) * strength),
        round(255 - (255 - c.blue()) * strength),
    )


class Painter:
    """Draws the pages of a plan on a painter whose unit is one point."""

    def __init__(self, painter: QPainter, plan: Plan, device: QPagedPaintDevice | None) -> None:
        self.p = painter
        self.plan = plan
        self.device = device
        self.metrics = plan.metrics
        self._fonts: dict[tuple[float, bool, bool], QFont] = {}
        scheme = plan.matrix.scheme
        self._fills = {c.letter: QBrush(pale(c.color)) for c in scheme.codes}
        self._band_key: tuple[int, int] | None = None
        self._band: dict[int, tuple[list[int], list[tuple[Role, str]]]] = {}
        self._role_position: dict[Role, int] | None = None

    # ------------------------------------------------------------------ helpers
    def font(self, size: float, bold: bool = False, italic: bool = False) -> QFont:
        key = (size, bold, italic)
        font = self._fonts.get(key)
        if font is None:
            font = make_font(size, bold, self.device)
            font.setItalic(italic)
            self._fonts[key] = font
        return font

    def text(
        self, x: float, y: float, text: str, size: float, bold: bool = False, colour=INK
    ) -> None:
        """Text with its top-left corner at (x, y)."""
        self.p.setFont(self.font(size, bold))
        self.p.setPen(colour)
        self.p.drawText(QPointF(x, y + self.metrics.ascent(size)), text)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        return self.metrics.width(text, size, bold)

    def mark(self, right: float, top: float, size: float, severity: str) -> None:
        """A problem mark: a small triangle in a top-right corner (visible in black and white)."""
        colour = QColor(SEVERITY_COLOURS.get(severity, "#b00020"))
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(colour)
        self.p.drawPolygon(
            QPolygonF([QPointF(right - size, top), QPointF(right, top), QPointF(right, top + size)])
        )
        self.p.setBrush(Qt.BrushStyle.NoBrush)

    def swatch(self, x: float, y: float, letter: str, size: float) -> float:
        """A code as it appears in the matrix (pale fill, bold letter); returns its width."""
        w = max(size * 1.9, self.width(letter, size, True) + size * 0.8)
        h = size * 1.35
        rect = QRectF(x, y, w, h)
        if letter == "!":
            self.p.setPen(QPen(RULE, 0.4))
            self.p.drawRect(rect)
            self.mark(x + w, y, size * 0.7, "error")
            return w
        if self.plan.options.colour and letter in self._fills:
            self.p.fillRect(rect, self._fills[letter])
        self.p.setPen(QPen(RULE, 0.4))
        self.p.drawRect(rect)
        lw = self.width(letter, size, True)
        self.text(x + (w - lw) / 2, y + (h - size * 1.17) / 2, letter, size, True)
        return w

    # ------------------------------------------------------------------ a page
    def page(self, page: Page, number: int, total: int) -> None:
        self.furniture(page, number, total)
        if page.kind == "matrix":
            self.matrix_page(page)
        elif page.kind == "card":
            self.card_page(page)
        else:
            self.problems_page(page)

    def furniture(self, page: Page, number: int, total: int) -> None:
        """Title block on top, legend at the bottom: the same on every page."""
        plan, p = self.plan, self.p
        w = plan.width
        right = f"Page {number} of {total}"
        rw = self.width(right, 9, True)
        title = self.metrics.elide(plan.title, w - rw - 12, TITLE_SIZE, True)
        self.text(0, 0, title, TITLE_SIZE, True)
        self.text(w - rw, TITLE_SIZE * 0.25, right, 9, True)
        y2 = TITLE_SIZE * 1.25
        label = page.label
        lw = self.width(label, SMALL_SIZE)
        subtitle = self.metrics.elide(plan.subtitle, w - lw - 12, SMALL_SIZE)
        self.text(0, y2, subtitle, SMALL_SIZE, colour=GREY_TEXT)
        self.text(w - lw, y2, label, SMALL_SIZE, colour=GREY_TEXT)
        p.setPen(QPen(RULE, 0.6))
        p.drawLine(QPointF(0, plan.title_h), QPointF(w, plan.title_h))
        y = plan.height - plan.legend_h
        p.drawLine(QPointF(0, y), QPointF(w, y))
        y += 3
        for line in plan.legend:
            x = 0.0
            for letter, name in line:
                x += self.swatch(x, y, letter, LEGEND_SIZE) + LEGEND_SIZE * 0.4
                self.text(x, y + LEGEND_SIZE * 0.12, name, LEGEND_SIZE)
                x += self.width(name, LEGEND_SIZE) + LEGEND_SIZE * 1.5
            y += LEGEND_SIZE * 1.5

    # ------------------------------------------------------------------ the matrix
    def matrix_page(self, page: Page) -> None:
        plan, p = self.plan, self.p
        g = plan.grid
        assert g is not None
        sel = g.selection
        f, pad = g.font, g.pad
        marks = plan.marks
        p.save()
        p.translate(0, plan.body_top)
        p.scale(plan.scale, plan.scale)
        roles = [sel.roles[j] for j in page.cols]
        widths = [g.col_w[j] for j in page.cols]
        xs = [g.name_w]
        for w in widths:
            xs.append(xs[-1] + w)
        right = xs[-1]
        top = g.top
        # -- role group band and role names
        if g.band_h:
            j = 0
            while j < len(roles):
                k = j
                while k + 1 < len(roles) and roles[k + 1].group is roles[j].group:
                    k += 1
                group = roles[j].group
                if group is not None:
                    rect = QRectF(xs[j], 0, xs[k + 1] - xs[j], g.band_h)
                    p.fillRect(rect, BAND)
                    # A narrow band takes a smaller size before it is shortened.
                    room = rect.width() - pad
                    size = f
                    while size > max(f - 2, 5) and self.width(group.name, size, True) > room:
                        size -= 1
                    name = self.metrics.elide(group.name, room, size, True)
                    nw = self.width(name, size, True)
                    top_y = (g.band_h - size * 1.17) / 2
                    self.text(rect.center().x() - nw / 2, top_y, name, size, True)
                    p.setPen(QPen(RULE, 0.5))
                    p.drawRect(rect)
                j = k + 1
        self.text(pad, top - pad - g.line, "Deliverable", f, True, GREY_TEXT)
        for j, role in enumerate(roles):
            x, w = xs[j], widths[j]
            cell = QRectF(x, g.band_h, w, g.head_h)
            if role in sel.highlighted:
                p.fillRect(cell, HIGHLIGHT)
            lines = g.head_lines[page.cols[j]]
            if g.rotated:
                p.save()
                block = len(lines) * g.line
                p.translate(x + (w - block) / 2, top - pad)
                p.rotate(-90)
                for i, line in enumerate(lines):
                    self.text(0, i * g.line + (g.line - f * 1.17) / 2, line, f, True)
                p.restore()
            else:
                y = top - pad - len(lines) * g.line
                for i, line in enumerate(lines):
                    lw = self.width(line, f, True)
                    self.text(x + (w - lw) / 2, y + i * g.line, line, f, True)
            severity = marks.roles.get(role)
            if severity:
                self.mark(x + w, g.band_h, f * 0.55, severity)
        # -- rows
        rows = sel.rows
        fills = self._fills if plan.options.colour else {}
        self._begin_cells(f)
        if self._band_key != (page.rows.start, page.rows.stop):
            self._band = self._band_cells(page.rows)
            self._band_key = (page.rows.start, page.rows.stop)
        first_col = page.cols.start
        y = top
        row_tops: list[float] = []
        for i in (*page.carried, *page.rows):
            row = rows[i]
            h = g.row_h[i] if i in page.rows else g.group_h
            row_tops.append(y)
            depth_x = pad + g.indent * _depth(row)
            if isinstance(row, Group):
                p.fillRect(QRectF(0, y, right, h), GROUP_FILL)
                name = g.row_lines[i][0] + (" (continued)" if i not in page.rows else "")
                name = self.metrics.elide(name, right - depth_x - pad, f, True)
                self.text(depth_x, y + pad, name, f, True)
                y += h
                continue
            for k, line in enumerate(g.row_lines[i]):
                self.text(depth_x, y + pad + k * g.line, line, f)
            severity = marks.rows.get(row)
            if severity:
                self._cell_marks.append((g.name_w, y, severity, f * 0.55))
            self._cells(i, row, y, h, xs, first_col, page.cols.stop, fills, f)
            y += h
        bottom = y
        self._flush_cells(f)
        # -- rules: light between cells, darker at the edges of role groups and around
        p.setPen(QPen(GRID, 0.3))
        for t in row_tops[1:]:
            p.drawLine(QPointF(0, t), QPointF(right, t))
        for j in range(1, len(roles)):
            edge = roles[j].group is not roles[j - 1].group
            p.setPen(QPen(RULE if edge else GRID, 0.6 if edge else 0.3))
            p.drawLine(QPointF(xs[j], g.band_h), QPointF(xs[j], bottom))
        p.setPen(QPen(RULE, 0.6))
        p.drawLine(QPointF(g.name_w, g.band_h), QPointF(g.name_w, bottom))
        p.drawLine(QPointF(0, top), QPointF(right, top))
        p.drawRect(QRectF(0, g.band_h, right, bottom - g.band_h))
        if not rows:
            self.text(pad, top + pad, "There are no deliverables to print.", f, False, GREY_TEXT)
        p.restore()

    def _band_cells(self, rows: range) -> dict[int, tuple[list[int], list[tuple[Role, str]]]]:
        """The filled cells of a band of rows, by column position: each row's cells are read once
        however many pages across the band takes."""
        grid = self.plan.grid
        assert grid is not None
        position = self._role_position
        if position is None:
            position = self._role_position = {r: j for j, r in enumerate(grid.selection.roles)}
        matrix = self.plan.matrix
        out = {}
        for i in rows:
            row = grid.selection.rows[i]
            if not isinstance(row, Deliverable):
                continue
            cells = sorted(
                (position[role], role, text)
                for role, text in matrix.row_cells(row)
                if role in position
            )
            out[i] = ([c[0] for c in cells], [(c[1], c[2]) for c in cells])
        return out

    def _cells(
        self, i: int, row: Deliverable, y: float, h: float, xs, first: int, stop: int, fills, f
    ) -> None:
        """Collect the row's codes; `_flush_cells` draws a page's worth in a few calls."""
        marks = self.plan.marks.cells
        glyphs = self._glyphs
        base = y + (h - f * 1.17) / 2 + self.metrics.ascent(f)
        columns, cells = self._band[i]
        lo, hi = bisect_left(columns, first), bisect_left(columns, stop)
        for k in range(lo, hi):
            role, text = cells[k]
            j = columns[k] - first
            x, w = xs[j], xs[j + 1] - xs[j]
            letter = text.split("/", 1)[0]
            if letter in fills:
                self._fill_rects.setdefault(letter, []).append(QRectF(x, y, w, h))
            shaped = glyphs.get(text)
            if shaped is None:
                shaped = glyphs[text] = self._shape(text)
            if shaped[0] is None:
                self._loose_text.append((x + (w - shaped[1]) / 2, base, text))
            else:
                x0 = x + (w - shaped[1]) / 2
                self._glyph_ids.extend(shaped[0])
                self._glyph_pos.extend(QPointF(x0 + dx, base) for dx in shaped[2])
            if marks:
                severity = marks.get((row, role))
                if severity:
                    self._cell_marks.append((x + w, y, severity, f * 0.5))

    def _shape(self, text: str) -> tuple[list[int] | None, float, list[float]]:
        """Glyphs of a code at the matrix size: ids, total width, offsets (None: draw as text)."""
        raw = self._raw
        if raw is None or not raw.isValid():
            return None, self.metrics.width(text, self._code_size, True), []
        ids = list(raw.glyphIndexesForString(text))
        if len(ids) != len(text) or any(i == 0 for i in ids):
            return None, self.metrics.width(text, self._code_size, True), []
        advances = [a.x() for a in raw.advancesForGlyphIndexes(ids)]
        offsets, x = [], 0.0
        for a in advances:
            offsets.append(x)
            x += a
        return ids, x, offsets

    def _begin_cells(self, f: float) -> None:
        self._fill_rects: dict[str, list[QRectF]] = {}
        self._glyph_ids: list[int] = []
        self._glyph_pos: list[QPointF] = []
        self._loose_text: list[tuple[float, float, str]] = []
        self._cell_marks: list[tuple[float, float, str, float]] = []
        if getattr(self, "_code_size", None) != f:
            # Codes are drawn as one glyph run per page: tens of thousands of cells per second.
            font = make_font(100, True)
            font.setPixelSize(100)
            raw = QRawFont.fromFont(font)
            if raw.isValid():
                raw.setPixelSize(f)
            self._raw = raw
            self._code_size = f
            self._glyphs: dict[str, tuple[list[int] | None, float, list[float]]] = {}

    def _flush_cells(self, f: float) -> None:
        p = self.p
        p.setPen(Qt.PenStyle.NoPen)
        for letter, rects in self._fill_rects.items():
            p.setBrush(self._fills[letter])
            p.drawRects(rects)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if self._glyph_ids:
            run = QGlyphRun()
            run.setRawFont(self._raw)
            run.setGlyphIndexes(self._glyph_ids)
            run.setPositions(self._glyph_pos)
            p.setPen(INK)
            p.drawGlyphRun(QPointF(0, 0), run)
        if self._loose_text:
            p.setFont(self.font(f, True))
            p.setPen(INK)
            for x, y, text in self._loose_text:
                p.drawText(QPointF(x, y), text)
        if self._cell_marks:
            by_severity: dict[str, QPainterPath] = {}
            for right, top, severity, size in self._cell_marks:
                path = by_severity.get(severity)
                if path is None:
                    path = by_severity[severity] = QPainterPath()
                path.addPolygon(
                    QPolygonF(
                        [
                            QPointF(right - size, top),
                            QPointF(right, top),
                            QPointF(right, top + size),
                        ]
                    )
                )
            for severity, path in by_severity.items():
                p.fillPath(path, QColor(SEVERITY_COLOURS.get(severity, "#b00020")))

    # ------------------------------------------------------------------ cards and problems
    def card_page(self, page: Page) -> None:
        y = self.plan.body_top
        self.text(0, y, page.heading, 15, True)
        y += 15 * 1.45
        for block in page.blocks:
            y = self._block(block, y, first=block is page.blocks[0])

    def problems_page(self, page: Page) -> None:
        y = self.plan.body_top
        self.text(0, y, page.heading, 13, True)
        y += 13 * 1.5
        for block in page.blocks:
            y = self._block(block, y, first=block is page.blocks[0])

    def _block(self, block, y: float, first: bool) -> float:
        if not first:
            y += block.space_before
        x = block.indent
        if block.swatch:
            x += self.swatch(x, y - block.size * 0.1, block.swatch, block.size - 1) + 5
        if block.tag:
            colour = QColor(SEVERITY_COLOURS.get(block.tag.lower(), INK))
            if block.tag == "Note":
                colour = QColor(SEVERITY_COLOURS["info"])
            self.text(0, y, block.tag, block.size, True, colour)
        for i, line in enumerate(block.lines):
            size = block.size if i == 0 or not block.tag else block.size - 1
            colour = INK if i == 0 or not block.tag else GREY_TEXT
            self.text(x, y, line, size, block.bold, colour)
            y += block.size * 1.3
        return y


def _depth(row) -> int:
    depth, parent = 0, row.parent
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth


def render(
    device: QPagedPaintDevice,
    plan: Plan,
    pages: Iterable[int] | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> int:
    """Paint the plan's pages on a printer, a PDF writer or a preview; returns pages painted.

    `progress(done, total)` may return False to stop (a cancelled print).
    """
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the printer or file could not be opened for painting")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        sx, sy = device.logicalDpiX() / 72.0, device.logicalDpiY() / 72.0
        drawer = Painter(painter, plan, device)
        wanted = list(range(len(plan.pages))) if pages is None else list(pages)
        total = len(plan.pages)
        for n, index in enumerate(wanted):
            if n:
                device.newPage()
            painter.save()
            painter.scale(sx, sy)
            drawer.page(plan.pages[index], index + 1, total)
            painter.restore()
            if progress is not None and not progress(n + 1, len(wanted)):
                return n + 1
        return len(wanted)
    finally:
        painter.end()


__all__ = ["GAP", "Painter", "pale", "render"]
