"""The grid's headers: deliverable names (indented, collapsible groups, roll-ups) on the left,
role names under their role-group band (optionally rotated) on top; both show problem marks."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QHeaderView, QWidget

from .style import SEVERITY_MARKS, is_dark, paint_mark
from .table_model import MatrixModel

_INDENT = 14
_GUTTER = 18  # room for the problem mark, so marks line up in one column


class _NoCellData:
    """A header shows header data only: a change of cells must not repaint it (QAbstractItemView
    would repaint the whole header for every range of changed cells). A change of problem marks
    repaints just the sections it names."""

    def dataChanged(self, *_args) -> None:  # noqa: N802 - Qt override
        return

    def _follow_marks(self, model) -> None:
        signal = getattr(model, "sig_marks_changed", None)
        if signal is not None:
            signal.connect(self.update_sections)

    def update_sections(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        """Repaint sections first..last (when on screen)."""
        if orientation != self.orientation():  # type: ignore[attr-defined]
            return
        start = self.sectionViewportPosition(first)  # type: ignore[attr-defined]
        end = self.sectionViewportPosition(last) + self.sectionSize(last)  # type: ignore[attr-defined]
        viewport = self.viewport()  # type: ignore[attr-defined]
        if orientation == Qt.Orientation.Horizontal:
            if end > 0 and start < viewport.width():
                viewport.update(start, 0, end - start, viewport.height())
        elif end > 0 and start < viewport.height():
            viewport.update(0, start, viewport.width(), end - start)


class _DragMixin:
    """Drag a selected section onto another to move it (rows and columns alike)."""

    sig_move_requested: Signal

    def _drag_init(self) -> None:
        self._press: int | None = None
        self._press_pos = QPoint()
        self._target: int | None = None

    def _drag_press(self, event: QMouseEvent, section: int, selected: bool) -> bool:
        if event.button() == Qt.MouseButton.LeftButton and selected and section >= 0:
            self._press, self._press_pos, self._target = section, event.position().toPoint(), None
            return True
        self._press = None
        return False

    def _drag_move(self, event: QMouseEvent, at: int) -> bool:
        if self._press is None:
            return False
        if (event.position().toPoint() - self._press_pos).manhattanLength() < 6:
            return True
        self._target = at if at >= 0 else None
        self.viewport().update()  # type: ignore[attr-defined]
        return True

    def _drag_release(self) -> bool:
        source, target = self._press, self._target
        self._press = self._target = None
        if source is None:
            return False
        if target is not None and target != source:
            self.sig_move_requested.emit(source, target)
        self.viewport().update()  # type: ignore[attr-defined]
        return True


class RowHeader(_NoCellData, QHeaderView, _DragMixin):
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
        # (a Python call each) whenever any header data changed.
        return QSize(self.name_width, self.defaultSectionSize())

    def set_name_width(self, width: int) -> None:
        self.name_width = max(120, min(width, 900))
        self.updateGeometry()
        self.viewport().update()

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        model = self.model()
        if model is None or not rect.isValid():
            return
        palette = self.palette()
        dark = is_dark(palette)
        kind = model.headerData(section, Qt.Orientation.Vertical, MatrixModel.KindRole)
        depth = model.headerData(section, Qt.Orientation.Vertical, MatrixModel.DepthRole) or 0
        name = model.headerData(section, Qt.Orientation.Vertical) or ""
        severity = model.headerData(section, Qt.Orientation.Vertical, MatrixModel.SeverityRole)
        selection = self.selectionModel()
        current = selection is not None and selection.currentIndex().row() == section
        painter.save()
        if kind == "group":
            bg = palette.color(QPalette.ColorRole.AlternateBase)
            bg = bg.darker(112) if not dark else bg.lighter(130)
        else:
            bg = palette.color(QPalette.ColorRole.Button)
        if current:
            bg = palette.color(QPalette.ColorRole.Highlight)
            bg.setAlpha(90)
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Button))
        painter.fillRect(rect, bg)
        line = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(line, 1))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        if severity:
            side = min(rect.height() - 6, 12)
            box = QRectF(rect.left() + 3, rect.center().y() - side / 2, side, side)
            paint_mark(painter, box, severity)
        x = rect.left() + _GUTTER + depth * _INDENT
        font = QFont(self.font())
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
        right = rect.right() - 4
        if kind == "group":
            collapsed = model.headerData(
                section, Qt.Orientation.Vertical, MatrixModel.CollapsedRole
            )
            arrow = QRect(x, rect.top(), _INDENT, rect.height())
            painter.drawText(arrow, Qt.AlignmentFlag.AlignCenter, "▸" if collapsed else "▾")
            x += _INDENT
            counts = model.headerData(section, Qt.Orientation.Vertical, MatrixModel.CountsRole)
            if counts:
                rollup = "  ".join(
                    f"{SEVERITY_MARKS[s]}{counts[s]}" for s in ("error", "warning") if counts.get(s)
                )
                if rollup:
                    small = QFont(font)
                    small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
                    painter.setFont(small)
                    width = QFontMetrics(small).horizontalAdvance(rollup) + 4
                    painter.drawText(
                        QRect(right - width, rect.top(), width, rect.height()),
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                        rollup,
                    )
                    right -= width + 4
            font.setBold(True)
        painter.setFont(font)
        text_rect = QRect(x, rect.top(), max(0, right - x), rect.height())
        elided = QFontMetrics(font).elidedText(name, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
        )
        if self._target == section and self._press is not None:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
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
        x = _GUTTER + depth * _INDENT
        return x - 4 <= pos.x() <= x + _INDENT + 4

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        section = self.logicalIndexAt(pos)
        if event.button() == Qt.MouseButton.LeftButton and self._arrow_hit(pos, section):
            model = self.model()
            group = model.headerData(section, Qt.Orientation.Vertical, MatrixModel.ItemRole)
            self.sig_toggle_group.emit(group)
            return
        selection = self.selectionModel()
        selected = (
            selection is not None
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and selection.isRowSelected(section)
        )
        if self._drag_press(event, section, selected):
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_move(event, self.logicalIndexAt(event.position().toPoint())):
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_release():
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        section = self.logicalIndexAt(event.position().toPoint())
        if section >= 0 and not self._arrow_hit(event.position().toPoint(), section):
            self.sig_rename_requested.emit(section)
            return
        super().mouseDoubleClickEvent(event)


class RoleHeader(_NoCellData, QHeaderView, _DragMixin):
    """Role names under a band naming their role group, frozen at the top while scrolling down."""

    sig_move_requested = Signal(int, int)
    sig_rename_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.rotated = False
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
        self._bands = None
        self._follow_marks(model)
        if model is not None:
            for signal in (
                model.headerDataChanged,
                model.columnsInserted,
                model.columnsRemoved,
                model.modelReset,
                model.layoutChanged,
            ):
                signal.connect(self._forget_bands)

    def _forget_bands(self, *_args) -> None:
        had = self._bands
        self._bands = None
        if had is not None and had != self._has_bands():
            self.updateGeometry()

    def _has_bands(self) -> bool:
        if getattr(self, "_bands", None) is None:
            model = self.model()
            self._bands = model is not None and any(
                model.headerData(i, Qt.Orientation.Horizontal, MatrixModel.BandRole) is not None
                for i in range(model.columnCount())
            )
        return bool(self._bands)

    def band_height(self) -> int:
        return self.fontMetrics().height() + 8 if self._has_bands() else 0

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        fm = self.fontMetrics()
        if self.rotated:
            model = self.model()
            longest = 0
            if model is not None:
                for i in range(min(model.columnCount(), 400)):
                    name = model.headerData(i, Qt.Orientation.Horizontal) or ""
                    longest = max(longest, fm.horizontalAdvance(name))
            names = min(max(longest, 40), 180) + _GUTTER + 8
        else:
            names = fm.height() * 2 + 10
        return QSize(hint.width(), self.band_height() + names)

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        model = self.model()
        if model is None or not rect.isValid():
            return
        palette = self.palette()
        horizontal = Qt.Orientation.Horizontal
        name = model.headerData(section, horizontal) or ""
        band = model.headerData(section, horizontal, MatrixModel.BandRole)
        severity = model.headerData(section, horizontal, MatrixModel.SeverityRole)
        selection = self.selectionModel()
        current = selection is not None and selection.currentIndex().column() == section
        band_h = self.band_height()
        line = palette.color(QPalette.ColorRole.Mid)
        painter.save()
        names = QRect(rect.left(), rect.top() + band_h, rect.width(), rect.height() - band_h)
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Button))
        if current:
            hl = palette.color(QPalette.ColorRole.Highlight)
            hl.setAlpha(90)
            painter.fillRect(names, hl)
        if band_h:
            self._paint_band(painter, rect, section, band, band_h)
        painter.setPen(QPen(line, 1))
        painter.drawLine(names.topRight(), names.bottomRight())
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        fm = QFontMetrics(font)
        if severity:
            side = min(12, rect.width() - 4)
            box = QRectF(names.center().x() - side / 2, names.bottom() - side - 3, side, side)
            paint_mark(painter, box, severity)
        text_area = names.adjusted(2, 2, -2, -(_GUTTER if severity else 2))
        if self.rotated:
            painter.translate(text_area.left(), text_area.bottom())
            painter.rotate(-90)
            target = QRect(0, 0, text_area.height(), text_area.width())
            elided = fm.elidedText(name, Qt.TextElideMode.ElideRight, target.width())
            painter.drawText(
                target, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided
            )
        else:
            painter.drawText(
                text_area,
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                _elide_two_lines(fm, name, text_area.width()),
            )
        painter.restore()
        if self._target == section and self._press is not None:
            painter.save()
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
            edge = rect.left() if self._target < self._press else rect.right()
            painter.drawLine(edge, rect.top(), edge, rect.bottom())
            painter.restore()

    def _paint_band(self, painter: QPainter, rect: QRect, section: int, band, band_h: int) -> None:
        model = self.model()
        palette = self.palette()
        horizontal = Qt.Orientation.Horizontal
        top = QRect(rect.left(), rect.top(), rect.width(), band_h)
        if band is None:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            painter.drawLine(top.bottomLeft(), top.bottomRight())
            return
        first = last = section
        while first > 0 and model.headerData(first - 1, horizontal, MatrixModel.BandRole) is band:
            first -= 1
        count = model.columnCount()
        while (
            last + 1 < count
            and model.headerData(last + 1, horizontal, MatrixModel.BandRole) is band
        ):
            last += 1
        left = self.sectionViewportPosition(first)
        right = self.sectionViewportPosition(last) + self.sectionSize(last)
        span = QRect(left, rect.top(), right - left, band_h)
        fill = palette.color(QPalette.ColorRole.AlternateBase)
        fill = fill.darker(115) if not is_dark(palette) else fill.lighter(140)
        painter.fillRect(top, fill)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        painter.drawLine(top.bottomLeft(), top.bottomRight())
        if section == last:
            painter.drawLine(top.topRight(), top.bottomRight())
        painter.setClipRect(top)
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
        font = QFont(self.font())
        font.setItalic(True)
        painter.setFont(font)
        elided = QFontMetrics(font).elidedText(
            band.name, Qt.TextElideMode.ElideRight, span.width() - 6
        )
        painter.drawText(span, Qt.AlignmentFlag.AlignCenter, elided)
        painter.setClipping(False)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        section = self.logicalIndexAt(event.position().toPoint())
        selection = self.selectionModel()
        selected = (
            selection is not None
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and selection.isColumnSelected(section)
        )
        if self._drag_press(event, section, selected):
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_move(event, self.logicalIndexAt(event.position().toPoint())):
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_release():
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        section = self.logicalIndexAt(event.position().toPoint())
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
