"""The grid's item model: a thin adapter over the Document's matrix (no copy of the cells).

Rows are the visible groups and deliverables (collapsed groups hide their children, a row filter
hides deliverables); columns are the roles, or the people in the view by person. Both orders are
lists with reverse dicts, so `data()` is O(1). Problems are read from the checker once per row and
cached until the checker says that row changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ramdesk.model import (
    Change,
    Deliverable,
    Group,
    Item,
    Person,
    Role,
    Row,
    SetCells,
    join_codes,
    split_codes,
)
from ramdesk.rules import Problem, Refreshed

from .document import Document
from .style import worst
from .table_tips import cell_tooltip, column_tooltip, row_tooltip

_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_USER = int(Qt.ItemDataRole.UserRole)

#: A predicate over deliverables; a row filter shows only those it accepts.
RowFilter = Callable[[Deliverable], bool]


#: Past this many changed cells, views hear of one block instead of one signal per row.
_ONE_SIGNAL_CELLS = 2000


class _RowInfo:
    """What the grid shows about one row's problems (cached until the row is re-checked)."""

    __slots__ = ("problems", "cells", "row", "worst", "counts")

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        #: column item -> worst severity of the problems on that cell
        self.cells: dict[Item, str] = {}
        #: worst severity of the problems about the whole row (no cell of its own)
        self.row: str | None = None
        #: worst severity of every problem of the row or, for a group, under it
        self.worst: str | None = None
        self.counts: dict[str, int] = {}


class MatrixModel(QAbstractTableModel):
    """Deliverables x roles (or x people) of a Document, for a QTableView."""

    #: The item of a row (Group or Deliverable) or of a column (Role or Person), from data()
    #: on any cell of that row or headerData() of that section.
    ItemRole = _USER + 1
    #: "group" or "deliverable" for cells and row headers; "role" or "person" for column headers.
    KindRole = _USER + 2
    #: Worst severity ("error", "warning", "info") of the problems on a cell, a header, or under
    #: a group for that column; None when there is none.
    SeverityRole = _USER + 3
    #: The list of Problems behind SeverityRole.
    ProblemsRole = _USER + 4
    #: Nesting depth of a row (0 at the top level), from the row header.
    DepthRole = _USER + 5
    #: True for a collapsed group (row header).
    CollapsedRole = _USER + 6
    #: The RoleGroup a role column sits under (None outside any band), from the column header.
    BandRole = _USER + 7
    #: The cell's codes as a tuple of letters.
    CodesRole = _USER + 8
    #: {severity: count} of the problems of a row, or under a group (row header).
    CountsRole = _USER + 9

    #: The visible rows changed (filter, collapse, insert, remove): (shown, total deliverables).
    sig_rows_changed = Signal(int, int)
    #: Only the problem marks of some header sections changed (orientation, first, last): the
    #: headers repaint those sections. Not headerDataChanged: a QTableView answers that with a
    #: relayout and a repaint of everything, far too much for each typed code.
    sig_marks_changed = Signal(Qt.Orientation, int, int)

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.by_person = False
        self.collapsed: set[Group] = set()
        self.row_filter: RowFilter | None = None
        self._rows: list[Row] = []
        self._row_pos: dict[Row, int] = {}
        self._cols: list[Item] = []
        self._col_pos: dict[Item, int] = {}
        self._info: dict[Row, _RowInfo] = {}
        self._col_info: dict[Item, tuple[str | None, list[Problem]]] = {}
        self._rows = self._visible_rows()
        self._cols = self._visible_cols()
        self._reindex_rows()
        self._reindex_cols()
        document.sig_changed.connect(self._on_changed)
        document.sig_problems.connect(self._on_problems)
        document.sig_replaced.connect(self._on_replaced)

    # ------------------------------------------------------------------ orders
    @property
    def matrix(self):
        return self.document.matrix

    def _visible_rows(self) -> list[Row]:
        keep = self.row_filter
        collapsed = self.collapsed
        out: list[Row] = []

        def walk(children: Sequence[Row]) -> None:
            for row in children:
                if row.kind == "deliverable":
                    if keep is None or keep(row):  # type: ignore[arg-type]
                        out.append(row)
                    continue
                at = len(out)
                out.append(row)
                if keep is None:
                    if row not in collapsed:
                        walk(row.children)  # type: ignore[union-attr]
                    continue
                walk(row.children)  # type: ignore[union-attr]
                if len(out) == at + 1:
                    del out[at]  # a group with nothing to show under the filter
                elif row in collapsed:
                    del out[at + 1 :]

        walk(self.matrix.top_level)
        return out

    def _visible_cols(self) -> list[Item]:
        return list(self.matrix.people if self.by_person else self.matrix.roles)

    def _reindex_rows(self) -> None:
        self._row_pos = {r: i for i, r in enumerate(self._rows)}
        self._shown = sum(1 for r in self._rows if r.kind == "deliverable")

    def _reindex_cols(self) -> None:
        self._col_pos = {c: i for i, c in enumerate(self._cols)}

    def _sync(self, horizontal: bool) -> None:
        """Bring a visible order up to date with the smallest remove/insert/move it needs."""
        old = self._cols if horizontal else self._rows
        new = self._visible_cols() if horizontal else self._visible_rows()
        if old == new:
            return
        n_old, n_new = len(old), len(new)
        p = 0
        limit = min(n_old, n_new)
        while p < limit and old[p] is new[p]:
            p += 1
        s = 0
        while s < limit - p and old[n_old - 1 - s] is new[n_new - 1 - s]:
            s += 1
        old_mid, new_mid = old[p : n_old - s], new[p : n_new - s]
        root = QModelIndex()
        if len(old_mid) == len(new_mid) and set(old_mid) == set(new_mid):
            self.layoutAboutToBeChanged.emit()
            pos = {item: i for i, item in enumerate(new)}
            before = self.persistentIndexList()
            after = []
            for index in before:
                i = index.column() if horizontal else index.row()
                j = pos[old[i]]
                after.append(
                    self.index(index.row(), j) if horizontal else self.index(j, index.column())
                )
            self._set_order(horizontal, new)
            self.changePersistentIndexList(before, after)
            self.layoutChanged.emit()
        else:
            if old_mid:
                (self.beginRemoveColumns if horizontal else self.beginRemoveRows)(
                    root, p, p + len(old_mid) - 1
                )
                self._set_order(horizontal, old[:p] + old[n_old - s :])
                (self.endRemoveColumns if horizontal else self.endRemoveRows)()
            if new_mid:
                (self.beginInsertColumns if horizontal else self.beginInsertRows)(
                    root, p, p + len(new_mid) - 1
                )
                self._set_order(horizontal, new)
                (self.endInsertColumns if horizontal else self.endInsertRows)()
        if not horizontal:
            self.sig_rows_changed.emit(self.shown_deliverables(), len(self.matrix.deliverables))

    def _set_order(self, horizontal: bool, items: list) -> None:
        if horizontal:
            self._cols = items
            self._reindex_cols()
        else:
            self._rows = items
            self._reindex_rows()

    # ------------------------------------------------------------------ public helpers
    def row_item(self, row: int) -> Row:
        return self._rows[row]

    def column_item(self, column: int) -> Item:
        return self._cols[column]

    def row_of(self, item: Row) -> int | None:
        return self._row_pos.get(item)

    def column_of(self, item: Item) -> int | None:
        return self._col_pos.get(item)

    def index_of(self, row: Row, column: Item | None = None) -> QModelIndex:
        r = self._row_pos.get(row)
        c = 0 if column is None else self._col_pos.get(column)
        if r is None or c is None or not self._cols:
            return QModelIndex()
        return self.index(r, c)

    @property
    def rows(self) -> list[Row]:
        return self._rows

    @property
    def columns(self) -> list[Item]:
        return self._cols

    def shown_deliverables(self) -> int:
        return self._shown

    def set_by_person(self, on: bool) -> None:
        """Columns become people (read-only) or roles again."""
        if on == self.by_person:
            return
        self.beginResetModel()  # a different kind of column: nothing carries over
        self.by_person = on
        self._cols = self._visible_cols()
        self._reindex_cols()
        self._info.clear()
        self._col_info.clear()
        self.endResetModel()

    def set_row_filter(self, keep: RowFilter | None) -> None:
        """Show only the deliverables `keep` accepts (and the groups around them); None: all.
        A collapsed group holding some of them opens: what a filter finds is in sight."""
        self.row_filter = keep
        opened: set[Group] = set()
        if keep is not None and self.collapsed:
            path = self.matrix.path
            found = {g for d in self.matrix.deliverables if keep(d) for g in path(d)}
            opened = found & self.collapsed
            self.collapsed -= opened
        self._sync(False)
        if opened and self._rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)

    def set_collapsed(self, group: Group, collapsed: bool) -> None:
        if collapsed == (group in self.collapsed):
            return
        if collapsed:
            self.collapsed.add(group)
        else:
            self.collapsed.discard(group)
        self._sync(False)
        pos = self._row_pos.get(group)
        if pos is not None:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, pos, pos)

    def set_all_collapsed(self, collapsed: bool) -> None:
        self.collapsed = set(self.matrix.groups) if collapsed else set()
        self._sync(False)

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cols)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        editable = not self.by_person and not self.document.read_only
        if editable and self._rows[index.row()].kind == "deliverable":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = self._cols[index.column()]
        if role in (_DISPLAY, _EDIT):
            if row.kind != "deliverable":
                return ""
            if self.by_person:
                return self._person_text(row, col)  # type: ignore[arg-type]
            return self.document.matrix.code(row, col)  # type: ignore[arg-type]
        if role == MatrixModel.SeverityRole:
            return self._row_info(row).cells.get(col)
        if role == MatrixModel.CodesRole:
            if row.kind != "deliverable":
                return ()
            if self.by_person:
                return split_codes(self._person_text(row, col))  # type: ignore[arg-type]
            return self.document.matrix.codes(row, col)  # type: ignore[arg-type]
        if role == MatrixModel.KindRole:
            return row.kind
        if role == MatrixModel.ItemRole:
            return row
        if role == MatrixModel.ProblemsRole:
            return self._cell_problems(row, col)
        if role == _TOOLTIP:
            return cell_tooltip(self, row, col)
        if role == _ACCESSIBLE:
            text = self.data(index, _DISPLAY) or "no code"
            return f"{row.name}, {col.name}: {text}"
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = _EDIT
    ) -> bool:
        if role != _EDIT or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        row, col = self._rows[index.row()], self._cols[index.column()]
        text = self.document.matrix.canonical(str(value or ""))
        if text == self.document.matrix.code(row, col):  # type: ignore[arg-type]
            return True
        self.document.apply(SetCells.one(row, col, text))  # type: ignore[arg-type]
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(self._rows):
                return None
            row = self._rows[section]
            if role == _DISPLAY:
                return row.name
            if role == MatrixModel.KindRole:
                return row.kind
            if role == MatrixModel.ItemRole:
                return row
            if role == MatrixModel.DepthRole:
                return self.document.matrix.depth(row)
            if role == MatrixModel.CollapsedRole:
                return row in self.collapsed
            if role == MatrixModel.SeverityRole:
                return self._row_info(row).worst
            if role == MatrixModel.CountsRole:
                return dict(self._row_info(row).counts)
            if role == MatrixModel.ProblemsRole:
                return list(self._row_info(row).problems)
            if role == _TOOLTIP:
                return row_tooltip(self, row)
            return None
        if not 0 <= section < len(self._cols):
            return None
        col = self._cols[section]
        if role == _DISPLAY:
            return col.name
        if role == MatrixModel.KindRole:
            return col.kind
        if role == MatrixModel.ItemRole:
            return col
        if role == MatrixModel.BandRole:
            return getattr(col, "group", None)
        if role == MatrixModel.SeverityRole:
            return self._column_info(col)[0]
        if role == MatrixModel.ProblemsRole:
            return list(self._column_info(col)[1])
        if role == _TOOLTIP:
            return column_tooltip(self, col)
        return None

    # ------------------------------------------------------------------ person view
    def person_text(self, d: Deliverable, person: Person) -> str:
        """The codes a person holds on a deliverable through all their roles, as cell text."""
        return self._person_text(d, person)

    def _person_text(self, d: Deliverable, person: Person) -> str:
        held = self.document.matrix.person_codes(person, d)
        if not held:
            return ""
        if len(held) == 1:
            return held[0][1]
        return join_codes(c for _r, text in held for c in split_codes(text))

    # ------------------------------------------------------------------ problems
    def row_info(self, row: Row) -> _RowInfo:
        """What the grid shows of a row's problems: the worst per cell, per row, the counts
        (kept until the checker says the row changed; painting reads it, never changes it)."""
        return self._row_info(row)

    def cell_problems(self, row: Row, col: Item) -> list[Problem]:
        """The problems shown on a cell."""
        return self._cell_problems(row, col)

    def column_info(self, col: Item) -> tuple[str | None, list[Problem]]:
        """(worst severity, problems) of a role or person as a whole."""
        return self._column_info(col)

    def column_severity(self, col: Item) -> str | None:
        """The worst severity of the problems of a role (or person) as a whole."""
        return self._column_info(col)[0]

    def _row_info(self, row: Row) -> _RowInfo:
        info = self._info.get(row)
        if info is None:
            info = self._info[row] = (
                self._deliverable_info(row)  # type: ignore[arg-type]
                if row.kind == "deliverable"
                else self._group_info(row)  # type: ignore[arg-type]
            )
        return info

    def _deliverable_info(self, d: Deliverable) -> _RowInfo:
        info = _RowInfo()
        m = self.document.matrix
        if not m.contains(d):
            return info
        problems = self.document.checker.problems(deliverable=d)
        info.problems = problems
        cells = info.cells
        by_person = self.by_person
        for p in problems:
            sev = p.severity
            info.counts[sev] = info.counts.get(sev, 0) + 1
            targets: list[Item] = []
            if p.person is not None:
                if by_person:
                    targets = [p.person]
                elif m.contains(p.person):
                    targets = [r for r, _t in m.person_codes(p.person, d)]
            elif p.role is not None:
                targets = [p.role] if not by_person else self._holders_on(p.role)
            else:
                info.row = worst((info.row, sev))
            for t in targets:
                cells[t] = worst((cells.get(t), sev))  # type: ignore[assignment]
        info.worst = worst(p.severity for p in problems)
        return info

    def _holders_on(self, role: Role) -> list[Item]:
        m = self.document.matrix
        return list(m.holders(role)) if m.contains(role) else []

    def _group_info(self, group: Group) -> _RowInfo:
        info = _RowInfo()
        for child in group.children:
            sub = self._row_info(child)
            for sev, n in sub.counts.items():
                info.counts[sev] = info.counts.get(sev, 0) + n
            for col, sev in sub.cells.items():
                info.cells[col] = worst((info.cells.get(col), sev))  # type: ignore[assignment]
            info.worst = worst((info.worst, sub.worst))
        return info

    def _cell_problems(self, row: Row, col: Item) -> list[Problem]:
        if row.kind != "deliverable":
            return []
        m = self.document.matrix
        out = []
        for p in self._row_info(row).problems:
            if p.person is not None:
                if self.by_person:
                    hit = p.person is col
                else:
                    hit = m.contains(p.person) and m.holds(p.person, col)  # type: ignore[arg-type]
            elif p.role is not None:
                hit = (
                    p.role is col
                    if not self.by_person
                    else m.contains(p.role) and m.holds(col, p.role)  # type: ignore[arg-type]
                )
            else:
                hit = False
            if hit:
                out.append(p)
        return out

    def _column_info(self, col: Item) -> tuple[str | None, list[Problem]]:
        info = self._col_info.get(col)
        if info is None:
            checker = self.document.checker
            if not self.document.matrix.contains(col):
                problems: list[Problem] = []
            elif isinstance(col, Person):
                problems = [p for p in checker.problems(person=col) if p.deliverable is None]
            else:
                problems = [p for p in checker.problems(role=col) if p.deliverable is None]  # type: ignore[arg-type]
            info = self._col_info[col] = (worst(p.severity for p in problems), problems)
        return info

    # ------------------------------------------------------------------ document signals
    def _on_replaced(self) -> None:
        self.beginResetModel()
        self.collapsed = set()
        self.row_filter = None
        self._info.clear()
        self._col_info.clear()
        self._rows = self._visible_rows()
        self._cols = self._visible_cols()
        self._reindex_rows()
        self._reindex_cols()
        self.endResetModel()
        self.sig_rows_changed.emit(self.shown_deliverables(), len(self.matrix.deliverables))

    def _on_changed(self, change: Change) -> None:
        m = self.matrix
        if change.rows:
            self.collapsed = {g for g in self.collapsed if m.contains(g)}
            self._sync(False)
        if change.columns or (self.by_person and (change.people_list or change.people)):
            self._sync(True)
        for item in change.roles | change.people:
            self._col_info.pop(item, None)
        if self.by_person and (change.people or change.roles):
            self._all_changed()
            return
        if change.scheme:
            self._all_changed()
            return
        cell_rows, cell_cols = change.cell_sides()
        self._cells_changed(change.cells, cell_rows, cell_cols)
        # Rows and roles touched only through their cells keep their names: what their headers
        # show of those cells (problem marks) follows in _on_problems. The others were renamed,
        # described, indented ...: their header data changed.
        vertical, horizontal = Qt.Orientation.Vertical, Qt.Orientation.Horizontal
        for item in change.deliverables | change.groups:
            pos = self._row_pos.get(item)
            if pos is not None and item not in cell_rows:
                self.headerDataChanged.emit(vertical, pos, pos)
        for item in change.roles | change.people:
            pos = self._col_pos.get(item)
            if pos is not None and item not in cell_cols:
                self.headerDataChanged.emit(horizontal, pos, pos)

    def _cells_changed(self, cells, cell_rows: set, cell_cols: set) -> None:
        row_pos, col_pos = self._row_pos, self._col_pos
        if len(cells) > _ONE_SIGNAL_CELLS:
            # A bulk edit (a paste, a fill, Delete on everything): one signal over the block the
            # cells span; the grid repaints only what of it is on screen.
            rows = {row_pos.get(d) for d in cell_rows}
            cols = {col_pos.get(r) for r in cell_cols}
            rows.discard(None)
            cols.discard(None)
            if rows and cols:
                self.dataChanged.emit(
                    self.index(min(rows), min(cols)), self.index(max(rows), max(cols))
                )
            return
        by_row: dict[int, list[int]] = {}
        for d, r in cells:
            i = row_pos.get(d)
            j = col_pos.get(r)
            if i is not None and j is not None:
                by_row.setdefault(i, []).append(j)
        for i, cols in by_row.items():
            self.dataChanged.emit(self.index(i, min(cols)), self.index(i, max(cols)))

    def _on_problems(self, refreshed: Refreshed) -> None:
        if refreshed.full:
            self._info.clear()
            self._col_info.clear()
            self._all_changed()
            return
        if self.by_person and refreshed.people:
            self._info.clear()
            self._col_info.clear()
            self._all_changed()
            return
        touched_rows: dict[Row, _RowInfo | None] = {}
        for d in refreshed.deliverables:
            row: Row | None = d
            while row is not None:
                if row in touched_rows:
                    break
                touched_rows[row] = self._info.pop(row, None)
                row = row.parent
        for row, old in touched_rows.items():
            pos = self._row_pos.get(row)
            if pos is None:
                continue
            new = self._row_info(row)
            self._marks_changed(pos, old, new)
        cols = []
        for item in refreshed.roles | refreshed.people:
            old_col = self._col_info.pop(item, None)
            pos = self._col_pos.get(item)
            if pos is not None and (old_col is None or self._column_info(item) != old_col):
                cols.append(pos)
        for pos in cols:
            self.sig_marks_changed.emit(Qt.Orientation.Horizontal, pos, pos)

    def _marks_changed(self, pos: int, old: _RowInfo | None, new: _RowInfo) -> None:
        """Tell the views which cells and headers of a re-checked row show something new."""
        ncols = len(self._cols)
        if old is None:  # never shown since the last reset: its row is cheap to repaint
            if ncols:
                self.dataChanged.emit(self.index(pos, 0), self.index(pos, ncols - 1))
            self.sig_marks_changed.emit(Qt.Orientation.Vertical, pos, pos)
            return
        if old.cells != new.cells:
            col_pos = self._col_pos
            changed = [
                col_pos[c]
                for c in old.cells.keys() | new.cells.keys()
                if old.cells.get(c) != new.cells.get(c) and c in col_pos
            ]
            for j in changed:
                index = self.index(pos, j)
                self.dataChanged.emit(index, index)
        if (
            old.worst != new.worst
            or old.counts != new.counts
            or old.row != new.row
            or old.problems != new.problems
        ):
            self.sig_marks_changed.emit(Qt.Orientation.Vertical, pos, pos)

    def _all_changed(self) -> None:
        self._info.clear()
        self._col_info.clear()
        if self._rows and self._cols:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(self._cols) - 1)
            )
        if self._rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._rows) - 1)
        if self._cols:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._cols) - 1)
