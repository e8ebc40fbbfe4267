"""Comparing: two roles side by side (where both approve or both do the same work), and people's
loads summed across several matrices (a shared engineer on three projects)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ramdesk.model import Matrix, Role, split_codes
from ramdesk.rules.compare import Line, RoleComparison, compare_roles
from ramdesk.rules.workload import Combined, Someone

from .document import Document
from .safety import tooltip
from .style import code_fill, is_dark

_VERMILLION = "#D55E00"
_ROOT = QModelIndex()
#: Where the workload across matrices keeps its files and merges in `Document.extras`.
EXTRAS_KEY = "workload.across"

#: The filters of the comparison table: (key, words).
FILTERS = (
    ("all", "Everything"),
    ("clash", "Both approve or both do"),
    ("both_approve", "Both approve"),
    ("both_do", "Both do the work"),
    ("both", "Both involved"),
    ("only_a", "Only the first role"),
    ("only_b", "Only the second role"),
)


class ComparisonModel(QAbstractTableModel):
    """The lines of a role comparison: clash mark, group, deliverable, each role's codes."""

    #: The Line of a row.
    LineRole = int(Qt.ItemDataRole.UserRole) + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.comparison: RoleComparison | None = None
        self.lines: list[Line] = []
        self.colors: dict[str, str] = {}
        self.dark = False

    def set_lines(self, comparison: RoleComparison | None, lines: list[Line], colors) -> None:
        self.beginResetModel()
        self.comparison, self.lines, self.colors = comparison, lines, colors
        self.dark = is_dark()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        c = self.comparison
        names = ("", "Group", "Deliverable")
        if section < 3:
            return names[section]
        if c is None:
            return ""
        return (c.a if section == 3 else c.b).role.name

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0):
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = index.column()
        if role == self.LineRole:
            return line
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return "▲" if line.clash else ""
            if col == 1:
                return line.path[-1].name if line.path else ""
            if col == 2:
                return line.deliverable.name
            return line.a if col == 3 else line.b
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 1 and line.path:
                return tooltip(" › ".join(g.name for g in line.path))
            if line.both_approve:
                return "Both roles approve this deliverable: only one should answer for it."
            if line.both_do:
                return "Both roles do the work on this deliverable."
            if col == 2 and line.deliverable.description:
                return tooltip(line.deliverable.description)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QColor(_VERMILLION)
        if role == Qt.ItemDataRole.BackgroundRole and col < 3 and line.clash:
            return code_fill(_VERMILLION, self.dark)
        if role == Qt.ItemDataRole.BackgroundRole and col >= 3:
            text = line.a if col == 3 else line.b
            codes = split_codes(text)
            if codes and codes[0] in self.colors:
                return code_fill(self.colors[codes[0]], self.dark)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (0, 3, 4):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class CompareRolesDialog(QDialog):
    """Two roles side by side: their R&R text, what each holds, and where they collide.

    Signals the window connects:
      sig_select(Deliverable, Role)  a line was double-clicked: select that cell in the grid.
    """

    sig_select = Signal(object, object)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.comparison: RoleComparison | None = None
        self.setWindowTitle("Compare two roles")
        self.resize(860, 600)

        self.first = QComboBox(self)
        self.second = QComboBox(self)
        for combo, name in ((self.first, "First role"), (self.second, "Second role")):
            combo.setAccessibleName(name)
            combo.setMinimumContentsLength(18)
            combo.currentIndexChanged.connect(self.refresh)
        swap = QToolButton(self)
        swap.setText("⇄")
        swap.setToolTip("Swap the two roles")
        swap.clicked.connect(self.swap)
        self.filter = QComboBox(self)
        self.filter.setAccessibleName("Which deliverables")
        for key, words in FILTERS:
            self.filter.addItem(words, key)
        self.filter.currentIndexChanged.connect(self._fill_table)
        pick = QHBoxLayout()
        pick.addWidget(self.first, 1)
        pick.addWidget(swap)
        pick.addWidget(self.second, 1)

        self.card_a = QTextBrowser(self)
        self.card_b = QTextBrowser(self)
        self.card_a.setAccessibleName("The first role")
        self.card_b.setAccessibleName("The second role")
        cards = QHBoxLayout()
        for card in (self.card_a, self.card_b):
            card.setMaximumHeight(118)
            cards.addWidget(card)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)

        self.model = ComparisonModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.setAccessibleName("The two roles, deliverable by deliverable")
        self.table.setSortingEnabled(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # deliverable names
        for col, width in enumerate((26, 200, 320)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(self._on_double_click)
        self.count = QLabel(self)

        filt = QHBoxLayout()
        filt.addWidget(QLabel("Show:", self))
        filt.addWidget(self.filter)
        filt.addStretch(1)
        filt.addWidget(self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addLayout(cards)
        layout.addWidget(self.summary)
        layout.addLayout(filt)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

        document.sig_changed.connect(self._on_changed)
        document.sig_replaced.connect(self._fill_roles)
        self._fill_roles()

    # ------------------------------------------------------------------ choosing
    def _fill_roles(self) -> None:
        roles = self.document.matrix.roles
        keep = (self.role_a(), self.role_b())
        for combo in (self.first, self.second):
            combo.blockSignals(True)
            combo.clear()
            for role in roles:
                combo.addItem(role.name or "(unnamed)", role)
                if role.description:
                    combo.setItemData(
                        combo.count() - 1, tooltip(role.description), Qt.ItemDataRole.ToolTipRole
                    )
            combo.blockSignals(False)
        a = keep[0] if keep[0] in roles else (roles[0] if roles else None)
        b = keep[1] if keep[1] in roles else None
        self.set_roles(a, b)

    def role_a(self) -> Role | None:
        return self.first.currentData() if self.first.count() else None

    def role_b(self) -> Role | None:
        return self.second.currentData() if self.second.count() else None

    def set_roles(self, a: Role | None, b: Role | None) -> None:
        """Compare these roles (None: the first, or the role that collides most with the first)."""
        roles = list(self.document.matrix.roles)
        if a is None and roles:
            a = roles[0]
        if b is None and a is not None:
            b = self._likely_partner(a, roles)
        for combo, role in ((self.first, a), (self.second, b)):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(role) if role is not None else -1)
            combo.blockSignals(False)
        self.refresh()

    def _likely_partner(self, a: Role, roles: list[Role]) -> Role | None:
        others = [r for r in roles if r is not a]
        if not others:
            return None
        m = self.document.matrix
        approve = m.scheme.letters_of_kind("approve", "do")
        mine = {d for d, text in m.column_cells(a) if approve.intersection(split_codes(text))}

        def overlap(r: Role) -> int:
            return sum(
                1
                for d, text in m.column_cells(r)
                if d in mine and approve.intersection(split_codes(text))
            )

        return max(others, key=overlap)

    def swap(self) -> None:
        self.set_roles(self.role_b(), self.role_a())

    def _on_changed(self, change) -> None:
        if change.columns or change.scheme:
            self._fill_roles()
            return
        for combo in (self.first, self.second):  # a role renamed or described
            for i in range(combo.count()):
                role = combo.itemData(i)
                if role in change.roles:
                    combo.setItemText(i, role.name or "(unnamed)")
                    combo.setItemData(
                        i, tooltip(role.description) or None, Qt.ItemDataRole.ToolTipRole
                    )
        if change.rows or {self.role_a(), self.role_b()} & change.roles:
            self.refresh()

    # ------------------------------------------------------------------ showing
    def refresh(self) -> None:
        a, b = self.role_a(), self.role_b()
        m = self.document.matrix
        if a is None or b is None:
            self.comparison = None
            self.summary.setText("Choose two roles to compare." if m.roles else "No roles yet.")
            self.card_a.clear()
            self.card_b.clear()
            self.model.set_lines(None, [], {})
            self.count.setText("")
            return
        self.comparison = c = compare_roles(m, a, b)
        self.card_a.setHtml(self._card(c, c.a))
        self.card_b.setHtml(self._card(c, c.b))
        text = c.summary()
        if a is b:
            text = ["The same role on both sides: choose another."]
        self.summary.setText(("▲ " if c.both_approve or c.both_do else "") + " ".join(text))
        self._fill_table()

    def _card(self, c: RoleComparison, side) -> str:
        esc = html.escape
        m = self.document.matrix
        names = {code.letter: code.name for code in m.scheme.codes}
        rr = esc(side.description) if side.description else "<i>No R&amp;R text yet.</i>"
        holders = ", ".join(p.name for p in side.holders) or "nobody (open seat)"
        counts = " · ".join(
            f"{esc(names.get(letter, letter))} for <b>{side.count(letter)}</b>"
            for letter in c.letters
            if side.count(letter)
        )
        return (
            f"<b>{esc(side.role.name)}</b> — <small>held by {esc(holders)}</small>"
            f"<p style='margin:2px 0'>{counts or 'No codes'}</p><p style='margin:2px 0'>{rr}</p>"
        )

    def lines(self) -> list[Line]:
        """The lines the current filter shows."""
        c = self.comparison
        if c is None:
            return []
        key = self.filter.currentData()
        if key == "clash":
            return [x for x in c.lines if x.clash]
        if key in ("both_approve", "both_do", "both", "only_a", "only_b"):
            return getattr(c, key)
        return list(c.lines)

    def _fill_table(self) -> None:
        colors = {code.letter: code.color for code in self.document.matrix.scheme.codes}
        lines = self.lines()
        self.model.set_lines(self.comparison, lines, colors)
        fm = self.table.horizontalHeader().fontMetrics()
        for col in (3, 4):
            title = str(self.model.headerData(col, Qt.Orientation.Horizontal, 0) or "")
            self.table.setColumnWidth(col, min(max(90, fm.horizontalAdvance(title) + 24), 220))
        total = len(self.comparison.lines) if self.comparison else 0
        self.count.setText(f"{len(lines)} of {total} deliverables")

    def _on_double_click(self, index: QModelIndex) -> None:
        line = self.proxy.data(index, ComparisonModel.LineRole)
        if line is None or self.comparison is None:
            return
        side = self.comparison.b if index.column() == 4 else self.comparison.a
        self.sig_select.emit(line.deliverable, side.role)


# ---------------------------------------------------------------------------- across matrices
class AcrossMatricesDialog(QDialog):
    """Each person's load summed over several matrices, with a breakdown per matrix, and a way
    to merge two spellings of one person."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("Workload across matrices")
        self.resize(820, 560)
        # the files added and the spellings merged are kept with the document while it is open
        kept = document.extras.setdefault(EXTRAS_KEY, {"extra": [], "merges": []})
        self.extra: list[tuple[str, Matrix]] = kept["extra"]
        self.merges: list[tuple[str, str]] = kept["merges"]
        self.combined: Combined | None = None

        add = QPushButton("Add files…", self)
        add.clicked.connect(self.add_files)
        self.remove_button = QPushButton("Remove file", self)
        self.remove_button.clicked.connect(self.remove_file)
        self.files = QListWidget(self)
        self.files.setMaximumHeight(72)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {_VERMILLION}")

        self.table = QTableWidget(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.merge_button = QPushButton("Merge as one person", self)
        self.merge_button.setToolTip("Select two rows that are one person spelled two ways")
        self.merge_button.clicked.connect(self.merge_selected)
        self.split_button = QPushButton("Split", self)
        self.split_button.setToolTip("Undo the merges of the selected person")
        self.split_button.clicked.connect(self.split_selected)
        self.suggested = QListWidget(self)
        self.suggested.setMaximumHeight(72)
        self.suggested.itemDoubleClicked.connect(self.merge_suggestion)

        files_row = QHBoxLayout()
        files_row.addWidget(self.files, 1)
        side = QVBoxLayout()
        side.addWidget(add)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        files_row.addLayout(side)
        merge_row = QHBoxLayout()
        merge_row.addWidget(self.merge_button)
        merge_row.addWidget(self.split_button)
        merge_row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Matrices:", self))
        layout.addLayout(files_row)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(merge_row)
        layout.addWidget(QLabel("Maybe the same person (double-click to merge):", self))
        suggested_row = QHBoxLayout()
        suggested_row.addWidget(self.suggested, 1)
        merge_suggested = QPushButton("Merge", self)
        merge_suggested.setToolTip("Treat the chosen pair as one person")
        merge_suggested.clicked.connect(
            lambda: (
                self.suggested.currentItem() and self.merge_suggestion(self.suggested.currentItem())
            )
        )
        suggested_row.addWidget(merge_suggested, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(suggested_row)
        layout.addWidget(buttons)
        self.refresh()

    # ------------------------------------------------------------------ matrices
    def matrices(self) -> list[tuple[str, Matrix]]:
        return [(self.document.title.rstrip(" *"), self.document.matrix), *self.extra]

    def add_matrix(self, matrix: Matrix, label: str | None = None) -> None:
        self.extra.append((label or matrix.name, matrix))
        self.refresh()

    def add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            "Add matrices",
            "",
            "Spreadsheets (*.xlsx *.xlsm *.ods *.xls *.csv);;All files (*)",
        )
        for path in paths:
            self.add_path(path)

    def add_path(self, path: str | Path) -> bool:
        """Read a file and add its matrix; a file that cannot be read is reported, not raised."""
        path = Path(path)
        try:
            from ramdesk import io

            load = getattr(io, "load", None)
            if load is None:
                from ramdesk.io.importer import read_matrix as load
            matrix = load(path)
        except Exception as error:  # the user sees one sentence, never a traceback
            self.message.setText(f"Could not add {path.name}: {error}")
            return False
        self.message.setText("")
        self.add_matrix(matrix, path.name)
        return True

    def remove_file(self) -> None:
        row = self.files.currentRow()
        if row >= 1:  # the open matrix always stays
            del self.extra[row - 1]
            self.refresh()

    # ------------------------------------------------------------------ people
    def refresh(self) -> None:
        kept = self.document.extras.setdefault(EXTRAS_KEY, {})
        kept["extra"], kept["merges"] = self.extra, self.merges
        pairs = self.matrices()
        self.files.clear()
        for i, (label, matrix) in enumerate(pairs):
            item = QListWidgetItem(
                f"{label} — {len(matrix.people)} people" + (" (open)" if i == 0 else "")
            )
            self.files.addItem(item)
        self.combined = combined = Combined(
            [m for _l, m in pairs], [lab for lab, _m in pairs], self.merges
        )
        labels = combined.labels
        self.table.clear()
        self.table.setColumnCount(3 + len(labels))
        self.table.setHorizontalHeaderLabels(["Person", "Total", "Strain", *labels])
        self.table.setRowCount(len(combined.people))
        for row, someone in enumerate(combined.people):
            name = ("▲ " if someone.overloaded else "") + someone.name
            if len(someone.spellings) > 1:
                name += f"  ({' / '.join(someone.spellings)})"
            cells = [name, f"{someone.total.load:.0f}", f"{someone.strain:.0%}"]
            cells += [
                "" if x is None else f"{x.load:.0f}" + (" ▲" if x.overloaded else "")
                for x in someone.per_matrix
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if someone.overloaded and col < 3:
                    item.setForeground(QColor(_VERMILLION))
                if col == 2:
                    item.setToolTip(
                        "Sum over matrices of load ÷ that matrix’s overload limit; above 100 % is too much."
                    )
                self.table.setItem(row, col, item)
        fm = self.table.horizontalHeader().fontMetrics()
        self.table.setColumnWidth(0, 240)
        for col in range(1, 3 + len(labels)):
            title = self.table.horizontalHeaderItem(col).text()
            self.table.setColumnWidth(col, min(max(70, fm.horizontalAdvance(title) + 24), 240))
            self.table.horizontalHeaderItem(col).setToolTip(tooltip(title))
        self.suggested.clear()
        for a, b in combined.suggestions():
            item = QListWidgetItem(f"{a.name}  ↔  {b.name}")
            item.setData(Qt.ItemDataRole.UserRole, (a, b))
            self.suggested.addItem(item)

    def _selected(self) -> list[Someone]:
        assert self.combined is not None
        rows = sorted({ix.row() for ix in self.table.selectionModel().selectedRows()})
        return [self.combined.people[r] for r in rows if r < len(self.combined.people)]

    def merge(self, a: Someone, b: Someone) -> None:
        assert self.combined is not None
        self.combined.merge(a, b)
        self.merges = list(self.combined.merges)
        self.refresh()

    def merge_selected(self) -> None:
        chosen = self._selected()
        if len(chosen) != 2:
            self.message.setText("Select exactly two people to merge.")
            return
        self.merge(*chosen)

    def merge_suggestion(self, item: QListWidgetItem) -> None:
        a, b = item.data(Qt.ItemDataRole.UserRole)
        self.merge(a, b)

    def split_selected(self) -> None:
        assert self.combined is not None
        for someone in self._selected():
            self.combined.unmerge(someone)
        self.merges = list(self.combined.merges)
        self.refresh()
