"""The grid's headers: deliverable names (indented, collapsible groups, roll-ups) on the left,
role names under their role-group band (optionally rotated) on top; both show problem marks."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import QHeaderView, QWidget

from .header_parts import DragMixin, Look, NoCellData, look_of
from .style import SEVERITY_MARKS
from .table_model import MatrixModel

#: The names column is never narrower than this, nor wider than this share of the grid.
MIN_NAME_WIDTH = 120
NAMES_SHARE = 0.45


class RowHeader(NoCellData, DragMixin, QHeaderView):
    """Deliverable and group names, frozen at the left while the grid scrolls sideways."""

    #: A group's arrow was clicked: the Group.
    sig_toggle_group = Signal(object)
    #: A selected row was dragged onto another: (from row, to row).
    sig_move_requested = Signal(int, int)
    #: Double-click on a name: the row.
    sig_rename_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.name_width = 280
        self._drag_init()
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setAccessibleName("Deliverables")

    def setModel(self, model) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        self._follow_marks(model)

    def sizeHint(self) -> QSize:
        # Only the width counts beside a table, and QHeaderView would measure a hundred sections
        # (a Python call each) whenever any header data changed. The names never take more than
        # a share of the view (zoomed in, they would leave no room for a single code).
        width = self.name_width
        view = self.parentWidget()
        if view is not None and view.width() > 2 * MIN_NAME_WIDTH:
            width = min(width, max(MIN_NAME_WIDTH, int(view.width() * NAMES_SHARE)))
        return QSize(width, self.defaultSectionSize())

    def set_name_width(self, width: int) -> None:
        self.name_width = max(MIN_NAME_WIDTH, min(width, 900))
        self.updateGeometry()
        self.viewport().update()

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        model = self.model()
        if not isinstance(model, MatrixModel) or not rect.isValid():
            return
        if not 0 <= section < model.rowCount():
            return
        look = self.section_look()
        row = model.row_item(section)
        group = row.kind == "group"
        info = model.row_info(row)
        selection = self.selectionModel()
        fill = look.group if group else look.button
        painter.fillRect(rect, fill)
        if selection is not None and selection.currentIndex().row() == section:
            painter.fillRect(rect, look.current)
        left, top, width, height = rect.left(), rect.top(), rect.width(), rect.height()
        painter.fillRect(left, top + height - 1, width, 1, look.line)
        painter.fillRect(left + width - 1, top, 1, height, look.line)
        if info.worst:
            side = min(height - 6, look.mark_side)
            if side > 0:
                painter.drawPixmap(
                    left + 3, top + (height - side) // 2, look.mark(info.worst, side)
                )
        x = left + look.gutter + model.matrix.depth(row) * look.indent
        painter.setPen(look.text)
        right = rect.right() - 4
        font = "plain"
        if group:
            painter.setFont(look.font)
            arrow = QRect(x, top, look.indent, height)
            collapsed = row in model.collapsed
            painter.drawText(arrow, Qt.AlignmentFlag.AlignCenter, "▸" if collapsed else "▾")
            x += look.indent
            counts = info.counts
            rollup = "  ".join(
                f"{SEVERITY_MARKS[s]}{counts[s]}" for s in ("error", "warning") if counts.get(s)
            )
            if rollup:
                painter.setFont(look.small)
                text_width = look.metrics["small"].horizontalAdvance(rollup) + 4
                painter.drawText(
                    QRect(right - text_width, top, text_width, height),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    rollup,
                )
                right -= text_width + 4
            font = "bold"
        painter.setFont(look.bold if group else look.font)
        text_rect = QRect(x, top, max(0, right - x), height)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            look.elided(row.name, font, text_rect.width()),
        )
        if self._target == section and self._press is not None:
            painter.save()
            painter.setPen(QPen(look.highlight, 3))
            edge = rect.top() if self._target < self._press else rect.bottom()
            painter.drawLine(rect.left(), edge, rect.right(), edge)
            painter.restore()

    def _arrow_hit(self, pos: QPoint, section: int) -> bool:
        model = self.model()
        if model is None or section < 0:
            return False
        if model.headerData(section, Qt.Orientation.Vertical, MatrixModel.KindRole) != "group":
            return False
        depth = model.headerData(section, Qt.Orientation.Vertical, MatrixModel.DepthRole) or 0
        look = look_of(self)
        x = look.gutter + depth * look.indent
        return x - 4 <= pos.x() <= x + look.indent + 4

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        section = self.logicalIndexAt(pos)
        if event.button() == Qt.MouseButton.LeftButton and self._arrow_hit(pos, section):
            model = self.model()
            group = model.headerData(section, Qt.Orientation.Vertical, MatrixModel.ItemRole)
            self.sig_toggle_group.emit(group)
            return
        if self._drag_press(event, section, self._selected_for_drag(event, section)):
            return
        super().mousePressEvent(event)

    def _section_selected(self, selection, section: int) -> bool:
        return selection.isRowSelected(section)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        section = self.logicalIndexAt(event.position().toPoint())
        if section >= 0 and not self._arrow_hit(event.position().toPoint(), section):
            self.sig_rename_requested.emit(section)
            return
        super().mouseDoubleClickEvent(event)


class RoleHeader(NoCellData, DragMixin, QHeaderView):
    """Role names under a band naming their role group, frozen at the top while scrolling down."""

    sig_move_requested = Signal(int, int)
    sig_rename_requested = Signal(int)
    #: A column's edge was double-clicked: give that column its fitted width again.
    sig_fit_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.rotated = False
        self._spans: list[tuple[int, int]] | None = None
        self._hint: tuple[tuple, QSize] | None = None
        self._drag_init()
        self.setSectionsClickable(True)
        self.setHighlightSections(True)
        self.setAccessibleName("Roles")

    def set_rotated(self, rotated: bool) -> None:
        self.rotated = rotated
        self.updateGeometry()
        self.viewport().update()

    def setModel(self, model) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        self._forget_bands()
        self._follow_marks(model)
        if model is not None:
            for signal in (
                model.headerDataChanged,
                model.columnsInserted,
                model.columnsRemoved,
                model.columnsMoved,
                model.modelReset,
                model.layoutChanged,
            ):
                signal.connect(self._forget_bands)

    def _forget_bands(self, *_args) -> None:
        had = self._spans
        self._spans = None
        self._hint: tuple[tuple, QSize] | None = None
        if had is not None:
            self.updateGeometry()

    def _band_spans(self) -> list[tuple[int, int]]:
        """(first, last) column of the band each column sits under ((i, i) outside bands)."""
        if self._spans is None:
            model = self.model()
            columns = model.columns if isinstance(model, MatrixModel) else []
            spans: list[tuple[int, int]] = []
            i = 0
            while i < len(columns):
                band = getattr(columns[i], "group", None)
                j = i
                while band is not None and j + 1 < len(columns) and columns[j + 1].group is band:
                    j += 1
                spans.extend([(i, j)] * (j - i + 1))
                i = j + 1
            self._spans = spans
        return self._spans

    def _has_bands(self) -> bool:
        model = self.model()
        if not isinstance(model, MatrixModel):
            return False
        return any(getattr(c, "group", None) is not None for c in model.columns)

    def band_height(self) -> int:
        return self.fontMetrics().height() + 8 if self._has_bands() else 0

    def sizeHint(self) -> QSize:
        # Only the height counts above a table; measured once per font, names and bands (it
        # is asked for after every change of header data).
        key = (self.rotated, self.font().key(), self.defaultSectionSize())
        if self._hint is not None and self._hint[0] == key:
            return self._hint[1]
        fm = self.fontMetrics()
        gutter = look_of(self).gutter
        if self.rotated:
            model = self.model()
            longest = 0
            if isinstance(model, MatrixModel):
                for item in model.columns[:400]:
                    longest = max(longest, fm.horizontalAdvance(item.name))
            names = min(max(longest, 40), 180) + gutter + 8
        else:
            names = fm.lineSpacing() * 2 + gutter + 4  # two lines above a problem mark
        hint = QSize(self.defaultSectionSize(), self.band_height() + names)
        self._hint = (key, hint)
        return hint

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        model = self.model()
        if not isinstance(model, MatrixModel) or not rect.isValid():
            return
        if not 0 <= section < model.columnCount():
            return
        look = self.section_look()
        item = model.column_item(section)
        band = getattr(item, "group", None)
        severity = model.column_severity(item)
        selection = self.selectionModel()
        current = selection is not None and selection.currentIndex().column() == section
        band_h = self.band_height()
        names = QRect(rect.left(), rect.top() + band_h, rect.width(), rect.height() - band_h)
        painter.fillRect(rect, look.button)
        if current:
            painter.fillRect(names, look.current)
        if band_h:
            self._paint_band(painter, look, rect, section, band, band_h)
        painter.fillRect(names.right(), names.top(), 1, names.height(), look.line)
        painter.fillRect(rect.left(), rect.bottom(), rect.width(), 1, look.line)
        painter.setPen(look.text)
        painter.setFont(look.bold)
        if severity:
            side = min(look.mark_side, rect.width() - 4)
            if side > 0:
                x = names.left() + (names.width() - side) // 2
                painter.drawPixmap(x, names.bottom() - side - 3, look.mark(severity, side))
        text_area = names.adjusted(2, 2, -2, -(look.gutter if severity else 2))
        if self.rotated:
            painter.save()
            painter.translate(text_area.left(), text_area.bottom())
            painter.rotate(-90)
            target = QRect(0, 0, text_area.height(), text_area.width())
            painter.drawText(
                target,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                look.elided(item.name, "bold", target.width()),
            )
            painter.restore()
        else:
            painter.drawText(
                text_area,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                _elide_two_lines(look.metrics["bold"], item.name, text_area.width()),
            )
        if self._target == section and self._press is not None:
            painter.setPen(QPen(look.highlight, 3))
            edge = rect.left() if self._target < self._press else rect.right()
            painter.drawLine(edge, rect.top(), edge, rect.bottom())

    def _paint_band(
        self, painter: QPainter, look: Look, rect: QRect, section: int, band, band_h: int
    ) -> None:
        top = QRect(rect.left(), rect.top(), rect.width(), band_h)
        if band is None:
            painter.fillRect(top.left(), top.bottom(), top.width(), 1, look.line)
            return
        first, last = self._band_spans()[section]
        left = self.sectionViewportPosition(first)
        right = self.sectionViewportPosition(last) + self.sectionSize(last)
        span = QRect(left, rect.top(), right - left, band_h)
        painter.fillRect(top, look.band)
        painter.fillRect(top.left(), top.bottom(), top.width(), 1, look.line)
        if section == last:
            painter.fillRect(top.right(), top.top(), 1, top.height(), look.line)
        painter.save()
        painter.setClipRect(top)
        painter.setPen(look.text)
        painter.setFont(look.italic)
        painter.drawText(
            span, Qt.AlignmentFlag.AlignCenter, look.elided(band.name, "italic", span.width() - 6)
        )
        painter.restore()

    def name_width(self, name: str) -> int:
        """How wide a column must be for `name` to show on (at most) two lines, unrotated."""
        fm = look_of(self).metrics["bold"]
        words = name.split()
        if not words:
            return 0
        best = fm.horizontalAdvance(name)
        for i in range(1, len(words)):
            first = fm.horizontalAdvance(" ".join(words[:i]))
            second = fm.horizontalAdvance(" ".join(words[i:]))
            best = min(best, max(first, second))
        return best + 8

    def mousePressEvent(self, event: QMouseEvent) -> None:
        section = self.logicalIndexAt(event.position().toPoint())
        if self._drag_press(event, section, self._selected_for_drag(event, section)):
            return
        super().mousePressEvent(event)

    def _section_selected(self, selection, section: int) -> bool:
        return selection.isColumnSelected(section)

    def edge_at(self, x: int) -> int:
        """The column whose right edge is within a few pixels of `x` (where Qt's resize handle
        is), or -1."""
        section = self.logicalIndexAt(x)
        if section < 0:
            return -1
        left = self.sectionViewportPosition(section)
        if x >= left + self.sectionSize(section) - 4:
            return section
        if x <= left + 3 and section > 0:
            return section - 1
        return -1

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position().toPoint()
        edge = self.edge_at(point.x())
        if edge >= 0:  # as in a spreadsheet: a double-click on the edge fits the column
            self.sig_fit_requested.emit(edge)
            return
        section = self.logicalIndexAt(point)
        if section >= 0:
            self.sig_rename_requested.emit(section)
            return
        super().mouseDoubleClickEvent(event)


def _elide_two_lines(fm: QFontMetrics, text: str, width: int) -> str:
    """Wrap a name onto at most two lines, eliding the second."""
    if fm.horizontalAdvance(text) <= width:
        return text
    words = text.split()
    first = ""
    while words and fm.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not first:
        return fm.elidedText(text, Qt.TextElideMode.ElideRight, width)
    rest = " ".join(words)
    return first + "\n" + fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)
