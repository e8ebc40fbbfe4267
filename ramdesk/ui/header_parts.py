"""What both grid headers share: kept colours, fonts and pictures for painting, repainting only
the sections whose problem marks changed, and moving a section by dragging it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QHeaderView, QStyle, QTableView, QWidget

from .style import is_dark, paint_mark


class Look:
    """Colours, fonts, metrics and small pictures of one palette and font, kept between paints
    (a header repaints dozens of sections per scroll step: none of this is built per section)."""

    def __init__(self, widget: QWidget) -> None:
        palette, font = widget.palette(), widget.font()
        self.key = look_key(widget)
        dark = is_dark(palette)
        self.button = palette.color(QPalette.ColorRole.Button)
        self.text = palette.color(QPalette.ColorRole.ButtonText)
        self.line = palette.color(QPalette.ColorRole.Mid)
        self.highlight = palette.color(QPalette.ColorRole.Highlight)
        self.current = QColor(self.highlight)
        self.current.setAlpha(90)
        alternate = palette.color(QPalette.ColorRole.AlternateBase)
        self.group = alternate.darker(112) if not dark else alternate.lighter(130)
        self.band = alternate.darker(115) if not dark else alternate.lighter(140)
        self.font = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.small = QFont(font)
        self.small.setPointSizeF(max(6.0, font.pointSizeF() * 0.85))
        self.italic = QFont(font)
        self.italic.setItalic(True)
        self.metrics = {
            "plain": QFontMetrics(self.font),
            "bold": QFontMetrics(self.bold),
            "small": QFontMetrics(self.small),
            "italic": QFontMetrics(self.italic),
        }
        self.dpr = widget.devicePixelRatioF()
        #: Zoomed in, the row names' gutter, indent and problem marks grow with the text.
        self.scale = header_scale(self.metrics["plain"].height())
        self.gutter = round(GUTTER * self.scale)
        self.indent = round(INDENT * self.scale)
        self.mark_side = round(12 * self.scale)
        self._marks: dict[tuple[str, int], QPixmap] = {}
        self._elided: dict[tuple[str, str, int], str] = {}

    def mark(self, severity: str, side: int) -> QPixmap:
        """The severity's mark, `side` pixels square, drawn once."""
        pixmap = self._marks.get((severity, side))
        if pixmap is None:
            pixmap = QPixmap(max(1, round(side * self.dpr)), max(1, round(side * self.dpr)))
            pixmap.setDevicePixelRatio(self.dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            try:
                paint_mark(painter, QRectF(0, 0, side, side), severity, self.text)
            finally:
                painter.end()
            self._marks[(severity, side)] = pixmap
        return pixmap

    def elided(self, text: str, font: str, width: int) -> str:
        key = (text, font, width)
        out = self._elided.get(key)
        if out is None:
            if len(self._elided) > 20000:
                self._elided.clear()
            metrics = self.metrics[font]
            out = self._elided[key] = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return out


#: Room left of a row's name for its problem mark, so marks line up in one column (at 100 %).
GUTTER = 18
#: Indent of a row per group level (at 100 %).
INDENT = 14


def header_scale(font_height: int) -> float:
    """How much the headers' gutter, indent and marks grow for a font this tall (1 up to a
    font of 20 px: the usual sizes keep their layout)."""
    return max(1.0, font_height / 20)


def look_key(widget: QWidget) -> tuple:
    return (widget.palette().cacheKey(), widget.font().key(), widget.devicePixelRatioF())


def look_of(widget: QWidget) -> Look:
    look = getattr(widget, "_look_cache", None)
    if look is None or look.key != look_key(widget):
        look = Look(widget)
        widget._look_cache = look  # type: ignore[attr-defined]
    return look


class NoCellData:
    """A header shows header data only: a change of cells must not repaint it (QAbstractItemView
    would repaint the whole header for every range of changed cells). A change of problem marks
    repaints just the sections it names."""

    _painting: Look | None = None

    def dataChanged(self, *_args) -> None:  # noqa: N802 - Qt override
        return

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        # One look for every section painted by this event (not worked out per section).
        self._painting = look_of(self)  # type: ignore[arg-type]
        try:
            super().paintEvent(event)  # type: ignore[misc]
        finally:
            self._painting = None

    def section_look(self) -> Look:
        return self._painting or look_of(self)  # type: ignore[arg-type]

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


class DragMixin:
    """Press on a section and drag it onto another to move it (rows and columns alike), as in a
    spreadsheet; a click without dragging still selects the section. A press on a section that
    is already selected keeps the selection until the button is released without a drag."""

    sig_move_requested: Signal

    def _drag_init(self) -> None:
        self._press: int | None = None
        self._press_pos = QPoint()
        self._target: int | None = None
        self._dragging = False
        self._kept_selection = False

    def _on_handle(self, pos: QPoint) -> bool:
        """Whether `pos` grabs the edge of a resizable section (a resize, not a move)."""
        header: QHeaderView = self  # type: ignore[assignment]
        section = header.logicalIndexAt(pos)
        if section < 0:
            return False
        if header.sectionResizeMode(section) != QHeaderView.ResizeMode.Interactive:
            return False
        at = pos.x() if header.orientation() == Qt.Orientation.Horizontal else pos.y()
        start = header.sectionViewportPosition(section)
        end = start + header.sectionSize(section)
        grip = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderGripMargin, None, header)
        return at - start < grip or end - at <= grip

    def _section_selected(self, selection, section: int) -> bool:
        """Whether the selection holds the whole section (a row or a column)."""
        raise NotImplementedError

    def _selected_for_drag(self, event: QMouseEvent, section: int) -> bool:
        """A plain press on a section that is selected already."""
        selection = self.selectionModel()  # type: ignore[attr-defined]
        return (
            selection is not None
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self._section_selected(selection, section)
        )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_move(event, self.logicalIndexAt(event.position().toPoint())):  # type: ignore[attr-defined]
            return
        super().mouseMoveEvent(event)  # type: ignore[misc]

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag_release():
            return
        super().mouseReleaseEvent(event)  # type: ignore[misc]

    def _drag_press(self, event: QMouseEvent, section: int, selected: bool) -> bool:
        """Note a press that may start a move; True when Qt must not see it (the section is
        selected already: Qt would select it alone at once, losing a wider selection)."""
        pos = event.position().toPoint()
        plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
        self._dragging = False
        self._target = None
        if (
            event.button() != Qt.MouseButton.LeftButton
            or not plain
            or section < 0
            or self._on_handle(pos)
        ):
            self._press = None
            return False
        self._press, self._press_pos = section, pos
        self._kept_selection = selected
        return selected

    def _drag_move(self, event: QMouseEvent, at: int) -> bool:
        """True while a move is being dragged (Qt must not extend the selection meanwhile)."""
        if self._press is None:
            return False
        if not self._dragging:
            distance = (event.position().toPoint() - self._press_pos).manhattanLength()
            if distance < QApplication.startDragDistance():
                return self._kept_selection
            self._dragging = True
        self._target = at if at >= 0 else None
        self.viewport().update()  # type: ignore[attr-defined]
        return True

    def _drag_release(self) -> bool:
        """Finish a press: move, or (on a selected section, not dragged) select it alone.
        True when Qt must not see the release."""
        source, target, dragging = self._press, self._target, self._dragging
        kept = self._kept_selection
        self._press = self._target = None
        self._dragging = self._kept_selection = False
        if source is None:
            return False
        if dragging:
            if target is not None and target != source:
                self.sig_move_requested.emit(source, target)
            self.viewport().update()  # type: ignore[attr-defined]
            return kept
        if kept:
            self._select_alone(source)
            return True
        return False

    def _select_alone(self, section: int) -> None:
        view = self.parent()  # type: ignore[attr-defined]
        if isinstance(view, QTableView):
            if self.orientation() == Qt.Orientation.Horizontal:  # type: ignore[attr-defined]
                view.selectColumn(section)
            else:
                view.selectRow(section)
