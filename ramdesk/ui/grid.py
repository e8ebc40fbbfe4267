"""The grid: a QTableView where typing a letter sets a code and moves on, like a spreadsheet."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView, QWidget

from ramdesk.model import Deliverable, SetCells, join_codes

from .delegate import CellDelegate
from .document import Document
from .grid_paint import GridPainter
from .header_parts import GUTTER, INDENT, header_scale
from .headers import RoleHeader, RowHeader
from .table_model import MatrixModel

#: Typing a second code within this many seconds combines it with the first ("A" "R" -> "A/R").
#: Keys that pair the code typed last with the next one ("A", "/", "R" makes "A/R").
PAIR_KEYS = "/+&"


class _Typed(NamedTuple):
    """The code typed last: on which cells, the undo step it made, and the cell the cursor left
    (None when a block was typed on)."""

    cells: tuple
    letter: str
    stack_index: int
    where: QPersistentModelIndex | None
    moved_to: QPersistentModelIndex | None = None


#: Where the cursor goes after a typed code.
DIRECTIONS = ("right", "down", "none")


class GridView(QTableView):
    """Deliverables x roles: the place a matrix is edited."""

    #: A short message for the status bar (an unknown letter, a clipped paste ...).
    sig_message = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.matrix_model = MatrixModel(document, self)
        self.row_header = RowHeader(self)
        self.role_header = RoleHeader(self)
        self.setVerticalHeader(self.row_header)
        self.setHorizontalHeader(self.role_header)
        self.setModel(self.matrix_model)
        self.cell_delegate = CellDelegate(self.matrix_model, self)
        self.setItemDelegate(self.cell_delegate)
        self.cell_painter = GridPainter(self)
        self.setShowGrid(False)  # paintEvent draws lines, so group rows read as one band
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerItem)
        self.setTabKeyNavigation(True)
        self.setAccessibleName("Responsibility matrix")
        self.setAccessibleDescription(
            "Rows are deliverables, columns are roles. Type a code letter to set it."
        )
        # Fixed sizes: a 10,000-row grid must never measure its contents.
        self.row_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.role_header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.role_header.setMinimumSectionSize(18)
        self.move_direction = "right"
        self.zoom = 1.0
        #: Widths the user gave columns by dragging an edge, at 100 % zoom, by role (or person).
        self.set_widths: dict[object, float] = {}
        self._fitting = False
        self._base_point_size = QApplication.font().pointSizeF() or 10.0
        self._last_typed: _Typed | None = None
        self._pairing: _Typed | None = None
        self.row_header.sig_toggle_group.connect(self.toggle_group)
        self.matrix_model.modelReset.connect(self.fit_names)
        self.matrix_model.modelReset.connect(self.fit_roles)
        self.matrix_model.columnsInserted.connect(self._columns_inserted)
        self.matrix_model.headerDataChanged.connect(self._header_changed)
        self.matrix_model.layoutChanged.connect(self._keep_set_widths)
        self.role_header.sectionResized.connect(self._column_resized)
        self.role_header.sig_fit_requested.connect(self.forget_width)
        document.sig_replaced.connect(self._matrix_replaced)
        document.sig_file_changed.connect(self._file_changed)
        self._path = document.path
        self.apply_zoom(1.0)  # fits the names and the roles too

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        """Every visible cell in one pass (see grid_paint), not one delegate call per cell."""
        painter = QPainter(self.viewport())
        try:
            self.cell_painter.paint(painter, event.rect())
        finally:
            painter.end()

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:  # noqa: N802 - Qt override
        """Repaint only the changed cells that are on screen (QAbstractItemView repaints the whole
        viewport for any range of more than one cell)."""
        if (
            top_left == bottom_right
            or self.state() == QAbstractItemView.State.EditingState
            or QAccessible.isActive()
        ):
            super().dataChanged(top_left, bottom_right, roles)
            return
        if top_left.isValid() and bottom_right.isValid():
            self.update_cells(
                top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()
            )

    def selectionChanged(self, selected, deselected) -> None:  # noqa: N802 - Qt override
        super().selectionChanged(selected, deselected)
        # A range's edge is drawn inside its outer cells: when a range grows or shrinks, the
        # cells next to what changed lose or gain that edge.
        for rng in (*selected, *deselected):
            self.update_cells(rng.top() - 1, rng.left() - 1, rng.bottom() + 1, rng.right() + 1)

    def update_cells(self, top: int, left: int, bottom: int, right: int) -> None:
        """Repaint the cells of a rectangle of rows and columns, as far as they are on screen."""
        span = self.cell_painter.visible_range(self.viewport().rect())
        if span is None:
            return
        top, left = max(span[0], top), max(span[1], left)
        bottom, right = min(span[2], bottom), min(span[3], right)
        if top > bottom or left > right:
            return
        vh, hh = self.verticalHeader(), self.horizontalHeader()
        x = hh.sectionViewportPosition(left)
        y = vh.sectionViewportPosition(top)
        width = hh.sectionViewportPosition(right) + hh.sectionSize(right) - x
        height = vh.sectionViewportPosition(bottom) + vh.sectionSize(bottom) - y
        self.viewport().update(x, y, width, height)

    # ------------------------------------------------------------------ sizes
    def apply_zoom(self, zoom: float) -> None:
        """Scale text, rows and columns (50 % to 300 %)."""
        self.zoom = max(0.5, min(zoom, 3.0))
        font = QFont(self.font())
        font.setPointSizeF(self._base_point_size * self.zoom)
        self.setFont(font)
        self.row_header.setFont(font)
        self.role_header.setFont(font)
        fm = QFontMetrics(font)
        self.row_header.setDefaultSectionSize(fm.height() + max(4, int(6 * self.zoom)))
        width = max(
            fm.horizontalAdvance("A/R") + 14,
            fm.height() * (1.6 if self.role_header.rotated else 3.2),
        )
        self._fitting = True  # Qt resizes every column to a new default: not the user's doing
        try:
            self.role_header.setDefaultSectionSize(int(width))
        finally:
            self._fitting = False
        self.fit_roles()
        self.fit_names()
        self.role_header.updateGeometry()
        self.updateGeometries()

    def fit_roles(self, first: int = 0, last: int | None = None) -> None:
        """Make role columns wide enough for their names on two lines (up to fourteen average
        letters a line; longer names end in "…" and show whole in the tooltip). Rotated names
        need no width: those columns stay as narrow as a code. A width the user set by dragging
        a column's edge wins (scaled by the zoom)."""
        header = self.role_header
        model = self.matrix_model
        count = model.columnCount()
        last = count - 1 if last is None else min(last, count - 1)
        narrow = header.defaultSectionSize()
        widest = max(narrow, int(QFontMetrics(header.font()).averageCharWidth() * 14) + 8)
        set_widths, zoom = self.set_widths, self.zoom
        self._fitting = True
        try:
            for i in range(max(0, first), last + 1):
                item = model.column_item(i)
                chosen = set_widths.get(item) if set_widths else None
                if chosen is not None:
                    width = max(header.minimumSectionSize(), round(chosen * zoom))
                elif header.rotated:
                    width = narrow
                else:
                    width = min(widest, max(narrow, header.name_width(item.name)))
                if header.sectionSize(i) != width:
                    header.resizeSection(i, width)
        finally:
            self._fitting = False

    def _column_resized(self, section: int, _old: int, new: int) -> None:
        """Remember a width the user dragged a column's edge to (not one the grid fitted)."""
        if self._fitting or not 0 <= section < self.matrix_model.columnCount():
            return
        self.set_widths[self.matrix_model.column_item(section)] = new / self.zoom

    def forget_width(self, section: int) -> None:
        """Give a column back its fitted width."""
        if 0 <= section < self.matrix_model.columnCount():
            self.set_widths.pop(self.matrix_model.column_item(section), None)
            self.fit_roles(section, section)

    def _keep_set_widths(self, *_args) -> None:
        """Columns moved: the widths the user set go with their roles."""
        if not self.set_widths:
            return
        column_of = self.matrix_model.column_of
        for item in list(self.set_widths):
            i = column_of(item)
            if i is not None:
                self.fit_roles(i, i)

    def _file_changed(self) -> None:
        if self.document.path is not None:
            self._path = self.document.path  # saved under a new name: reopening it keeps widths

    def _matrix_replaced(self) -> None:
        """The same file opened again keeps the widths set on its roles (matched by name); a
        different matrix starts from fitted widths."""
        path = self.document.path
        same = path is not None and path == self._path
        self._path = path
        if not self.set_widths:
            return
        if same:
            by_name = {getattr(item, "name", None): w for item, w in self.set_widths.items()}
            matrix = self.document.matrix
            self.set_widths = {
                role: by_name[role.name] for role in matrix.roles if role.name in by_name
            }
        else:
            self.set_widths = {}
        self.fit_roles()

    def _columns_inserted(self, _parent, first: int, last: int) -> None:
        self.fit_roles(first, last)

    def _header_changed(self, orientation: Qt.Orientation, first: int, last: int) -> None:
        if orientation == Qt.Orientation.Horizontal:
            self.fit_roles(first, last)  # a renamed role

    def set_rotated(self, rotated: bool) -> None:
        """Turn role names upright so many narrow columns fit a screen."""
        self.role_header.set_rotated(rotated)
        self.apply_zoom(self.zoom)

    def fit_names(self) -> None:
        """Make the names column as wide as the longest names (measured on a sample)."""
        fm = QFontMetrics(self.row_header.font())
        scale = header_scale(fm.height())  # the gutter and indent grow with the text
        indent = round(INDENT * scale)
        model = self.matrix_model
        widest = 160
        rows = model.rows
        step = max(1, len(rows) // 400)
        matrix = model.matrix
        for row in rows[::step]:
            width = fm.horizontalAdvance(row.name) + indent * (matrix.depth(row) + 1)
            widest = max(widest, width)
        extra = 60 + round(GUTTER * scale) - GUTTER
        self.row_header.set_name_width(min(widest + extra, int(480 * self.zoom)))
        self.updateGeometries()

    # ------------------------------------------------------------------ navigation
    def toggle_group(self, group) -> None:
        self.matrix_model.set_collapsed(group, group not in self.matrix_model.collapsed)

    def select_cell(self, row_item, column_item=None) -> bool:
        """Make a cell current and visible (expanding its groups); False when it is filtered out."""
        model = self.matrix_model
        for group in model.matrix.path(row_item) if model.matrix.contains(row_item) else ():
            model.set_collapsed(group, False)
        index = model.index_of(row_item, column_item)
        if not index.isValid():
            return False
        self.setCurrentIndex(index)
        self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def _next_index(self, index: QModelIndex) -> QModelIndex:
        model = self.matrix_model
        if self.move_direction == "right":
            if index.column() + 1 < model.columnCount():
                return model.index(index.row(), index.column() + 1)
            return index
        if self.move_direction == "down":
            row = index.row() + 1
            while row < model.rowCount() and model.row_item(row).kind != "deliverable":
                row += 1
            if row < model.rowCount():
                return model.index(row, index.column())
        return index

    # ------------------------------------------------------------------ typing
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        command = mods & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if self.state() != QAbstractItemView.State.EditingState and not command:
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_selected()
                return
            current = self.currentIndex()
            if key == Qt.Key.Key_Space and current.isValid():
                item = self.matrix_model.row_item(current.row())
                if item.kind == "group":
                    self.toggle_group(item)
                    return
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current.isValid():
                target = self._next_index(current)
                self.setCurrentIndex(target)
                return
            text = event.text()
            if text and text in PAIR_KEYS:
                self.start_pair()
                return
            if text and text.isprintable() and text.strip() and text not in "/+-*":
                self.type_code(text)
                return
        super().keyPressEvent(event)

    def type_code(self, text: str) -> bool:
        """Set the typed code on the selection (or the current cell, then move on)."""
        document = self.document
        if document.read_only or self.matrix_model.by_person:
            self.sig_message.emit(self.read_only_message())
            return False
        matrix = document.matrix
        scheme = matrix.scheme
        letter = matrix.canonical(text)
        if scheme.code(letter) is None:
            letters = ", ".join(f"{c.letter} ({c.name})" for c in scheme.codes)
            self.sig_message.emit(f"“{text}” is not a code of {scheme.name}. Codes: {letters}.")
            QApplication.beep()
            return False
        pair = self._pairing
        self._pairing = None
        if pair is not None:
            return self._finish_pair(pair, letter)
        targets = self._editable_selection()
        if len(targets) > 1:
            cells = tuple((d, r, letter) for d, r in targets)
            document.apply(SetCells(cells, f"Set {letter} on {len(cells)} cells"))
            self._last_typed = _Typed(tuple(targets), letter, document.undo_stack.index(), None)
            return True
        current = self.currentIndex()
        if not current.isValid():
            return False
        if not current.flags() & Qt.ItemFlag.ItemIsEditable:
            if self.matrix_model.row_item(current.row()).kind == "group":
                self.sig_message.emit("A group row holds no codes: type on a deliverable's row.")
            return False
        model = self.matrix_model
        d, r = model.row_item(current.row()), model.column_item(current.column())
        document.apply(SetCells.one(d, r, letter))  # type: ignore[arg-type]
        target = self._next_index(current)
        self._last_typed = _Typed(
            ((d, r),),
            letter,
            document.undo_stack.index(),
            QPersistentModelIndex(current),
            QPersistentModelIndex(target),
        )
        self.setCurrentIndex(target)
        return True

    def start_pair(self) -> bool:
        """ "/" (or "+") right after a typed code: the next code joins it in the same cells, as
        "A", "/", "R" makes "A/R". The cursor goes back to the cell meanwhile. A pair is never
        made from two letters alone, so typing R, A, C, I fast fills four cells."""
        last = self._last_typed
        self._last_typed = None
        here = QPersistentModelIndex(self.currentIndex())
        if (
            last is None
            or self.document.undo_stack.index() != last.stack_index
            or (last.where is not None and here != last.moved_to)
            or (last.where is None and set(self._editable_selection()) != set(last.cells))
        ):
            self.sig_message.emit("Type a code first, then “/” and the code to pair it with.")
            return False
        if last.where is not None:
            if not last.where.isValid():
                return False
            self.setCurrentIndex(QModelIndex(last.where))
        self._pairing = last
        scheme = self.document.matrix.scheme
        partners = sorted(
            {x for pair in scheme.combinable if last.letter in pair for x in pair} - {last.letter}
        )
        hint = f" ({', '.join(partners)})" if partners else ""
        self.sig_message.emit(f"{last.letter}/…: type the code to pair with {last.letter}{hint}.")
        return True

    def _finish_pair(self, first: _Typed, letter: str) -> bool:
        document = self.document
        scheme = document.matrix.scheme
        if first.where is None:  # a block: still the same cells selected?
            moved = set(self._editable_selection()) != set(first.cells)
        else:
            moved = QPersistentModelIndex(self.currentIndex()) != first.where
        if document.undo_stack.index() != first.stack_index or moved:
            return self.type_code(letter)  # something happened since: a code of its own
        if letter == first.letter or not scheme.may_combine(first.letter, letter):
            self.sig_message.emit(
                f"{first.letter} and {letter} may not share a cell in {scheme.name}."
            )
            QApplication.beep()
            return False
        text = join_codes((first.letter, letter))  # in the order typed: "A" then "R" is "A/R"
        document.undo_stack.undo()  # the single code gives way to the pair: one step
        cells = tuple((d, r, text) for d, r in first.cells)
        label = f"Set {text}" if len(cells) == 1 else f"Set {text} on {len(cells)} cells"
        document.apply(SetCells(cells, label))
        if first.where is not None and first.where.isValid():
            self.setCurrentIndex(self._next_index(QModelIndex(first.where)))
        return True

    def read_only_message(self) -> str:
        if self.matrix_model.by_person:
            return "This view is read-only: switch to the view by role to edit."
        return "This matrix is open read-only (someone else has the file open)."

    def selected_ranges(self) -> list[tuple[int, int, int, int]]:
        """(top, left, bottom, right) of each selected rectangle. A selection of a million cells
        is a few ranges: nothing here lists its cells one by one."""
        selection = self.selectionModel()
        if selection is None:
            return []
        return [
            (rng.top(), rng.left(), rng.bottom(), rng.right())
            for rng in selection.selection()
            if rng.isValid() and not rng.isEmpty()
        ]

    def _editable_selection(self) -> list[tuple[Deliverable, object]]:
        model = self.matrix_model
        if model.by_person:
            return []
        rows, cols = model.rows, model.columns
        ranges = self.selected_ranges()
        seen: set | None = set() if len(ranges) > 1 else None  # ranges may overlap
        out = []
        for top, left, bottom, right in ranges:
            span = cols[left : right + 1]
            for r in range(top, bottom + 1):
                item = rows[r]
                if item.kind != "deliverable":
                    continue
                for col in span:
                    pair = (item, col)
                    if seen is not None:
                        if pair in seen:
                            continue
                        seen.add(pair)
                    out.append(pair)
        return out  # type: ignore[return-value]

    def clear_selected(self) -> None:
        """Clear the codes of the selected cells as one step."""
        if self.document.read_only or self.matrix_model.by_person:
            self.sig_message.emit(self.read_only_message())
            return
        model = self.matrix_model
        filled_roles = self.document.matrix.filled_roles
        rows = model.rows
        ranges = self.selected_ranges()
        every_role = len(model.matrix.roles)
        found: list[tuple] = []
        for top, left, bottom, right in ranges:
            # The roles of the range's columns, once per range rather than once per cell.
            wanted = {model.column_item(j) for j in range(left, right + 1)}
            whole_rows = len(wanted) >= every_role  # Select All, or whole rows
            for r in range(top, bottom + 1):
                item = rows[r]
                if item.kind != "deliverable":
                    continue
                if whole_rows:  # the filled cells only
                    found += [(item, role, "") for role in filled_roles(item)]
                else:
                    found += [(item, role, "") for role in filled_roles(item) if role in wanted]
        # Ranges of a selection made with Ctrl may overlap: each cell once.
        cells = tuple(dict.fromkeys(found)) if len(ranges) > 1 else tuple(found)
        if cells:
            label = "Clear a cell" if len(cells) == 1 else f"Clear {len(cells)} cells"
            self.document.apply(SetCells(cells, label))

    def selected_rect(self) -> tuple[int, int, int, int] | None:
        """(top, left, bottom, right) around the selection, or the current cell."""
        ranges = self.selected_ranges()
        if not ranges:
            current = self.currentIndex()
            if not current.isValid():
                return None
            return current.row(), current.column(), current.row(), current.column()
        return (
            min(t for t, _l, _b, _r in ranges),
            min(left for _t, left, _b, _r in ranges),
            max(b for _t, _l, b, _r in ranges),
            max(r for _t, _l, _b, r in ranges),
        )

    def selected_rows(self) -> list:
        """The row items of the selection (or of the current cell), in display order."""
        model = self.matrix_model
        rows: set[int] = set()
        for top, _left, bottom, _right in self.selected_ranges():
            rows.update(range(top, bottom + 1))
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        return [model.row_item(r) for r in sorted(rows)]

    def selected_columns(self) -> list:
        model = self.matrix_model
        cols: set[int] = set()
        for _top, left, _bottom, right in self.selected_ranges():
            cols.update(range(left, right + 1))
        if not cols and self.currentIndex().isValid():
            cols = {self.currentIndex().column()}
        return [model.column_item(c) for c in sorted(cols)]

    def copy_shortcut_matches(self, event: QKeyEvent) -> bool:
        return event.matches(QKeySequence.StandardKey.Copy)
