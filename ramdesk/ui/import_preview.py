"""The import preview: what was found in a colleague's spreadsheet, over the sheet itself,
with every part correctable before the matrix opens (the common case is one click: Open)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ramdesk.io.errors import ReadError
from ramdesk.io.importer import Candidate, Detection, Grid, Overrides, cell_ref, column_name, detect
from ramdesk.model import BUILTIN_SCHEMES, Matrix

_Index = QModelIndex | QPersistentModelIndex

#: What each part of the sheet is, with its colour and the mark shown in the headers.
PARTS: dict[str, tuple[str, str]] = {
    "header": ("#9DC3E6", "Header"),
    "band": ("#BDD7EE", "Role groups"),
    "task": ("#C6E0B4", "Task"),
    "role": ("#FCE4D6", "Role"),
    "code": ("#F8CBAD", "Code"),
    "group": ("#D9C3E9", "Group"),
    "legend": ("#E7E6E6", "Legend"),
    "attribute": ("#FFF2CC", "Attribute"),
    "skipped": ("#F4B6B6", "Skipped"),
}
_SCHEMES = list(BUILTIN_SCHEMES.values() if isinstance(BUILTIN_SCHEMES, dict) else BUILTIN_SCHEMES)


class SheetModel(QAbstractTableModel):
    """A sheet's cells with what detection made of each (colour, tooltip, header marks)."""

    #: The part a cell belongs to ("task", "code", "legend" ... or "").
    PartRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, grid: Grid, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self._rows = grid.height
        self._columns = grid.width
        self._brushes = {k: QBrush(QColor(colour)) for k, (colour, _m) in PARTS.items()}
        self._bold = QFont()
        self._bold.setBold(True)
        self.set_candidate(None)

    def set_candidate(self, candidate: Candidate | None) -> None:
        """Mark the parts of this candidate (None: nothing detected on this sheet)."""
        self.beginResetModel()
        self.header_rows: set[int] = set()
        self.band_rows: set[int] = set()
        self.group_rows: set[int] = set()
        self.deliverable_rows: set[int] = set()
        self.role_columns: set[int] = set()
        self.attribute_columns: set[int] = set()
        self.task_column: int | None = None
        self.legend: set[tuple[int, int]] = set()
        self.skipped: dict[tuple[int, int], str] = {}
        if candidate is not None and candidate.sheet == self.grid.name:
            lay = candidate.layout
            self.header_rows = set(lay.header_rows)
            self.band_rows = set(lay.band_rows)
            self.group_rows = {p.row for p in lay.plan if p.kind == "group" and not p.outer}
            self.deliverable_rows = set(candidate.deliverable_rows)
            for p in lay.plan:
                self.deliverable_rows.update(p.continued)
            self.role_columns = set(lay.role_columns)
            self.attribute_columns = set(lay.attribute_columns)
            self.task_column = lay.task_column
            self.legend = (
                set(candidate.legend.cells) if candidate.legend.sheet == self.grid.name else set()
            )
            for s in lay.skipped:
                self.skipped[_parse_ref(s.ref)] = s.reason
        self.endResetModel()

    def part(self, r: int, c: int) -> str:
        if (r, c) in self.legend:
            return "legend"
        if (r, c) in self.skipped:
            return "skipped"
        if r in self.band_rows:
            return "band" if c in self.role_columns else ""
        if r in self.header_rows:
            return "header" if c in self.role_columns or c == self.task_column else ""
        if r in self.group_rows:
            return "group"
        if r in self.deliverable_rows:
            if c == self.task_column:
                return "task"
            if c in self.role_columns:
                return "code" if self.grid.rows[r][c].strip() else "role"
            if c in self.attribute_columns:
                return "attribute"
        return ""

    # -- Qt model ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else self._columns

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.grid.rows[r][c] if c < len(self.grid.rows[r]) else ""
            return " ".join(value.split()) if value else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            part = self.part(r, c)
            return self._brushes.get(part) if part else None
        if role == Qt.ItemDataRole.ToolTipRole:
            part = self.part(r, c)
            value = self.grid.rows[r][c] if c < len(self.grid.rows[r]) else ""
            text = f"{cell_ref(r, c)}"
            if part:
                text += f": {PARTS[part][1].lower()}"
            if (r, c) in self.skipped:
                text += f" ({self.skipped[(r, c)]})"
            return f"{text}\n{value}" if value else text
        if role == Qt.ItemDataRole.FontRole and (r in self.header_rows or r in self.group_rows):
            return self._bold
        if role == self.PartRole:
            return self.part(r, c)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            mark = ""
            if section == self.task_column:
                mark = " Task"
            elif section in self.role_columns:
                mark = " ✓ Role"
            elif section in self.attribute_columns:
                mark = " Attr."
            return f"{column_name(section)}{mark}"
        mark = ""
        if section in self.band_rows:
            mark = " ▤ Role groups"
        elif section in self.header_rows:
            mark = " ▶ Header"
        elif section in self.group_rows:
            mark = " ◆ Group"
        return f"{section + 1}{mark}"


def _parse_ref(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    digits = "".join(ch for ch in ref if ch.isdigit())
    c = 0
    for ch in letters:
        c = c * 26 + ord(ch.upper()) - 64
    return int(digits or 1) - 1, c - 1


class ImportPreview(QDialog):
    """Shows what detection found in a file and lets the user correct it before opening."""

    #: The candidate shown changed (after a correction).
    sig_candidate_changed = Signal()

    def __init__(self, detection: Detection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detection = detection
        self.matrix: Matrix | None = None
        self._base = detection.best
        self._overrides = Overrides()
        self.candidate: Candidate = detection.best
        self._models: dict[str, SheetModel] = {}
        self._updating = False
        self.setWindowTitle(f"Open {detection.path.name}")
        self.resize(1100, 700)
        self._build()
        self._show(self.candidate)

    # -- building ---------------------------------------------------------------
    def _build(self) -> None:
        self.matrix_box = QComboBox()
        for c in self.detection.candidates:
            self.matrix_box.addItem(c.describe())
        self.sheet_box = QComboBox()
        self.sheet_box.addItems([g.name for g in self.detection.workbook.sheets])
        self.header_spin = QSpinBox()
        self.header_spin.setMinimum(1)
        self.task_box = QComboBox()
        self.scheme_box = QComboBox()
        self.scheme_box.addItem("As detected")
        for s in _SCHEMES:
            self.scheme_box.addItem(s.name)
        self.roles_list = QListWidget()
        self.roles_list.setToolTip("Tick the columns that are roles.")
        self.summary = QLabel()
        self.summary.setAccessibleName("What will be opened")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.skipped_list = QListWidget()
        self.table = QTableView()
        self.table.setAccessibleName("The sheet, coloured by what was found")
        self.table.setTabKeyNavigation(False)  # Tab goes on to the choices; arrows move inside
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setToolTip("Click a row number to make it the header row.")
        self.table.verticalHeader().sectionClicked.connect(self._on_header_clicked)
        self.table.horizontalHeader().setDefaultSectionSize(110)
        # Fixed row heights keep large sheets fast; long texts show in full as tooltips.
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.verticalHeader().setSectionResizeMode(
            self.table.verticalHeader().ResizeMode.Fixed
        )

        form = QFormLayout()
        if len(self.detection.candidates) > 1:
            form.addRow("&Matrix:", self.matrix_box)
        form.addRow("&Sheet:", self.sheet_box)
        form.addRow("&Header row:", self.header_spin)
        form.addRow("&Task column:", self.task_box)
        form.addRow("S&cheme:", self.scheme_box)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(QLabel("&Role columns:", buddy=self.roles_list))
        side.addWidget(self.roles_list, 2)
        side.addWidget(self.summary)
        side.addWidget(QLabel("Left out:", buddy=self.skipped_list))
        side.addWidget(self.skipped_list, 1)
        panel = QWidget()
        panel.setLayout(side)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([760, 340])

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setDefault(True)
        self.buttons.accepted.connect(self._on_open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(_legend_strip(), 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self.matrix_box.currentIndexChanged.connect(self._on_matrix_chosen)
        self.sheet_box.currentIndexChanged.connect(self._on_sheet_chosen)
        self.header_spin.valueChanged.connect(self._on_header_changed)
        self.task_box.currentIndexChanged.connect(self._on_task_chosen)
        self.scheme_box.currentIndexChanged.connect(self._on_scheme_chosen)
        self.roles_list.itemChanged.connect(self._on_role_ticked)

    def _model(self, sheet: str) -> SheetModel:
        model = self._models.get(sheet)
        if model is None:
            model = self._models[sheet] = SheetModel(self.detection.grid(sheet), self)
        return model

    # -- showing ----------------------------------------------------------------
    def _show(self, candidate: Candidate) -> None:
        """Show a candidate everywhere: the sheet's colours, the controls, the summary."""
        self.candidate = candidate
        self._updating = True
        try:
            model = self._model(candidate.sheet)
            model.set_candidate(candidate)
            if self.table.model() is not model:
                self.table.setModel(model)
            grid = model.grid
            self.sheet_box.setCurrentText(candidate.sheet)
            self.header_spin.setMaximum(max(1, grid.height))
            lay = candidate.layout
            self.header_spin.setValue((lay.name_row or 0) + 1)
            self.task_box.clear()
            for c in range(grid.width):
                self.task_box.addItem(_column_label(grid, lay.name_row, c), c)
            self.task_box.setCurrentIndex(lay.task_column)
            self.roles_list.clear()
            for c in range(grid.width):
                if c == lay.task_column:
                    continue
                item = QListWidgetItem(_column_label(grid, lay.name_row, c))
                item.setData(Qt.ItemDataRole.UserRole, c)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                ticked = c in lay.role_columns
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                self.roles_list.addItem(item)
            self.skipped_list.clear()
            for s in lay.skipped:
                text = f"{s.ref}  {s.text}  — {s.reason}" if s.text else f"{s.ref}  — {s.reason}"
                self.skipped_list.addItem(text)
            self.summary.setText(self._summary_text(candidate))
            self.open_button.setEnabled(bool(candidate.deliverable_rows))
        finally:
            self._updating = False
        if lay.name_row is not None:
            self.table.scrollTo(
                model.index(lay.name_row, 0), QAbstractItemView.ScrollHint.PositionAtTop
            )
        self.sig_candidate_changed.emit()

    def _summary_text(self, c: Candidate) -> str:
        lay = c.layout
        groups = len(c.group_rows) + sum(1 for p in lay.plan if p.outer)
        lines = [
            f"<b>{len(c.deliverable_rows)}</b> deliverables, <b>{len(lay.role_columns)}</b> roles, "
            f"<b>{groups}</b> groups on “{escape(c.sheet)}”.",
            f"Header: row {', '.join(str(r + 1) for r in lay.header_rows) or '—'}; "
            f"tasks in column {column_name(lay.task_column)}.",
            f"Scheme: <b>{escape(c.scheme.name)}</b> ({escape(', '.join(c.scheme.letters))}).",
        ]
        if c.legend:
            where = "" if c.legend.sheet == c.sheet else f" on “{c.legend.sheet}”"
            entries = ", ".join(f"{k} = {v}" for k, v in list(c.legend.entries.items())[:6])
            lines.append(escape(f"Legend{where}: {entries}."))  # the file's words, as text
        lines.append(f"Confidence: {round(c.confidence * 100)} %.")
        lines.extend(escape(note) for note in self.detection.notes)
        return "<br>".join(lines)

    # -- corrections ------------------------------------------------------------
    def _apply(self, **changes: Any) -> None:
        for key, value in changes.items():
            setattr(self._overrides, key, value)
        try:
            candidate = self.detection.refine(self._base, self._overrides)
        except ReadError as e:
            self.summary.setText(str(e))
            return
        self._show(candidate)

    def _on_matrix_chosen(self, index: int) -> None:
        if self._updating or not 0 <= index < len(self.detection.candidates):
            return
        self._base = self.detection.candidates[index]
        self._overrides = Overrides(scheme=self._overrides.scheme)
        self._apply()

    def _on_sheet_chosen(self, index: int) -> None:
        if self._updating:
            return
        sheet = self.sheet_box.itemText(index)
        same = [i for i, c in enumerate(self.detection.candidates) if c.sheet == sheet]
        if same:
            self.matrix_box.setCurrentIndex(same[0])
            self._base = self.detection.candidates[same[0]]
            self._overrides = Overrides(scheme=self._overrides.scheme)
            self._apply()
            return
        # A sheet where nothing was found: show it, and let the user point at the header.
        self._base = self.candidate
        self._overrides = Overrides(sheet=sheet, header_row=0, scheme=self._overrides.scheme)
        try:
            candidate = self.detection.refine(self._base, self._overrides)
        except ReadError:
            candidate = None
        if candidate is None or candidate.sheet != sheet:
            model = self._model(sheet)
            model.set_candidate(None)
            self.table.setModel(model)
            self.summary.setText(f"No matrix was found on “{sheet}”. Click its header row.")
            self.open_button.setEnabled(False)
            return
        self._show(candidate)

    def _on_header_clicked(self, row: int) -> None:
        self.header_spin.setValue(row + 1)

    def _on_header_changed(self, value: int) -> None:
        if not self._updating:
            self._apply(sheet=self.table.model().grid.name, header_row=value - 1, role_columns=None)

    def _on_task_chosen(self, index: int) -> None:
        if not self._updating and index >= 0:
            self._apply(sheet=self.candidate.sheet, task_column=self.task_box.itemData(index))

    def _on_role_ticked(self, _item: QListWidgetItem) -> None:
        if self._updating:
            return
        columns = [
            self.roles_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.roles_list.count())
            if self.roles_list.item(i).checkState() == Qt.CheckState.Checked
        ]
        if columns:
            self._apply(sheet=self.candidate.sheet, role_columns=columns)

    def _on_scheme_chosen(self, index: int) -> None:
        if self._updating:
            return
        self._apply(scheme=_SCHEMES[index - 1] if index > 0 else None)

    def _on_open(self) -> None:
        try:
            self.matrix = self.detection.build(self.candidate)
        except ReadError as e:
            QMessageBox.warning(self, "Cannot open", str(e))
            return
        self.accept()


def _column_label(grid: Grid, header: int | None, c: int) -> str:
    name = grid.value(header, c).strip().replace("\n", " ") if header is not None else ""
    return f"{column_name(c)}: {name[:40]}" if name else column_name(c)


def _legend_strip() -> QWidget:
    """The colours used over the sheet, each with its name."""
    strip = QWidget()
    row = QHBoxLayout(strip)
    row.setContentsMargins(0, 0, 0, 0)
    for colour, name in PARTS.values():
        label = QLabel(name)
        label.setStyleSheet(f"background:{colour}; color:#000; padding:1px 4px;")
        row.addWidget(label)
    row.addStretch(1)
    return strip


def run_import_preview(parent: QWidget | None, path: str | Path) -> Matrix | None:
    """Detect the matrix in a file, show the preview, and return the matrix (None if cancelled).

    A file that is not there raises ReadError, so the window can say so and forget it (a recent
    file moved away); one that holds no matrix is explained here and gives None."""
    try:
        detection = detect(path)
    except ReadError as e:
        if not Path(path).exists():
            raise
        QMessageBox.warning(parent, "Cannot open the file", str(e))
        return None
    dialog = ImportPreview(detection, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.matrix
    return None
