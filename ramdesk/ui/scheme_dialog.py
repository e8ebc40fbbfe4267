"""Choosing the matrix's scheme, editing a custom one, and mapping the codes already entered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ramdesk.model import BUILTIN_SCHEMES, KINDS, SEVERITIES, Code, Limit, Scheme, SetScheme

from .document import Document
from .style import code_fill, is_dark

KEEP = "\x00keep"
DROP = ""


def default_mapping(old: Scheme, new: Scheme, used: dict[str, int]) -> dict[str, str]:
    """For each code in use: the same letter, else the one new code of the same kind; unmapped
    codes are kept as they are (and flagged by the checks)."""
    out: dict[str, str] = {}
    for letter in used:
        if new.code(letter) is not None:
            continue
        old_code = old.code(letter)
        if old_code is None:
            continue
        same_kind = [c.letter for c in new.codes if c.kind == old_code.kind]
        if len(same_kind) == 1:
            out[letter] = same_kind[0]
    return out


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """ "A/R, A/S" -> [("A","R"), ("A","S")]; anything not a pair is ignored."""
    pairs = []
    for part in text.replace(";", ",").split(","):
        bits = [b.strip() for b in part.replace("-", "/").split("/") if b.strip()]
        if len(bits) == 2:
            pairs.append((bits[0], bits[1]))
    return pairs


class SchemeEditor(QWidget):
    """The codes, limits, combinations and separation pairs of a scheme, as editable tables."""

    CODE_COLUMNS = ("Code", "Name", "Kind", "Colour", "Weight", "Meaning")
    LIMIT_COLUMNS = ("Code", "Min", "Max", "Too few is", "Too many is")

    def __init__(self, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = scheme
        self.name = QLineEdit(
            scheme.name if not scheme.builtin else f"{scheme.name} (custom)", self
        )
        self.name.setAccessibleName("Scheme name")
        self.codes = QTableWidget(0, len(self.CODE_COLUMNS), self)
        self.codes.setHorizontalHeaderLabels(self.CODE_COLUMNS)
        self.codes.setAccessibleName("Codes")
        self.codes.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.codes.cellDoubleClicked.connect(self._pick_colour)
        self.limits = QTableWidget(0, len(self.LIMIT_COLUMNS), self)
        self.limits.setHorizontalHeaderLabels(self.LIMIT_COLUMNS)
        self.limits.setAccessibleName("Limits per deliverable")
        self.combinable = QLineEdit(self)
        self.combinable.setAccessibleName("Codes that may share a cell")
        self.combinable.setPlaceholderText("e.g. A/R, A/S")
        self.separation = QLineEdit(self)
        self.separation.setAccessibleName("Codes one person must not hold together")
        self.separation.setPlaceholderText("e.g. R/V (who does it must not verify it)")
        for code in scheme.codes:
            self._add_code_row(code)
        for lim in scheme.row_limits:
            self._add_limit_row(lim)
        letters = scheme.letters
        self.combinable.setText(
            ", ".join(
                "/".join(sorted(p, key=lambda x: letters.index(x) if x in letters else 9))
                for p in scheme.combinable
            )
        )
        self.separation.setText(", ".join(f"{a}/{b}" for a, b in scheme.separation))

        add_code = QPushButton("Add code", self)
        add_code.clicked.connect(lambda: self._add_code_row(Code("?", "New code")))
        remove_code = QPushButton("Remove code", self)
        remove_code.clicked.connect(lambda: self.codes.removeRow(self.codes.currentRow()))
        add_limit = QPushButton("Add limit", self)
        add_limit.clicked.connect(lambda: self._add_limit_row(Limit("A", 1, 1)))
        remove_limit = QPushButton("Remove limit", self)
        remove_limit.clicked.connect(lambda: self.limits.removeRow(self.limits.currentRow()))
        code_buttons = QHBoxLayout()
        code_buttons.addWidget(add_code)
        code_buttons.addWidget(remove_code)
        code_buttons.addStretch(1)
        code_buttons.addWidget(QLabel("Double-click a colour to change it.", self))
        limit_buttons = QHBoxLayout()
        limit_buttons.addWidget(add_limit)
        limit_buttons.addWidget(remove_limit)
        limit_buttons.addStretch(1)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("May share a cell", self.combinable)
        form.addRow("Separation of duties", self.separation)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Codes</b>", self))
        layout.addWidget(self.codes, 2)
        layout.addLayout(code_buttons)
        layout.addWidget(QLabel("<b>Limits per deliverable</b> (e.g. exactly one A)", self))
        layout.addWidget(self.limits, 1)
        layout.addLayout(limit_buttons)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #D55E00;")
        layout.addWidget(self.error)

    def _add_code_row(self, code: Code) -> None:
        r = self.codes.rowCount()
        self.codes.insertRow(r)
        self.codes.setItem(r, 0, QTableWidgetItem(code.letter))
        self.codes.setItem(r, 1, QTableWidgetItem(code.name))
        kind = QComboBox(self.codes)
        kind.addItems(KINDS)
        kind.setCurrentText(code.kind)
        self.codes.setCellWidget(r, 2, kind)
        colour = QTableWidgetItem(code.color)
        colour.setBackground(code_fill(code.color, is_dark(self.palette())))
        colour.setFlags(colour.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.codes.setItem(r, 3, colour)
        self.codes.setItem(r, 4, QTableWidgetItem(f"{code.weight:g}"))
        self.codes.setItem(r, 5, QTableWidgetItem(code.description))

    def _add_limit_row(self, lim: Limit) -> None:
        r = self.limits.rowCount()
        self.limits.insertRow(r)
        self.limits.setItem(r, 0, QTableWidgetItem(lim.code))
        self.limits.setItem(r, 1, QTableWidgetItem("" if lim.min is None else str(lim.min)))
        self.limits.setItem(r, 2, QTableWidgetItem("" if lim.max is None else str(lim.max)))
        for col, value in ((3, lim.below), (4, lim.above)):
            box = QComboBox(self.limits)
            box.addItems(SEVERITIES)
            box.setCurrentText(value)
            self.limits.setCellWidget(r, col, box)

    def _pick_colour(self, row: int, column: int) -> None:
        if column != 3:
            return
        item = self.codes.item(row, 3)
        chosen = QColorDialog.getColor(QColor(item.text()), self, "Colour of the code")
        if chosen.isValid():
            item.setText(chosen.name())
            item.setBackground(code_fill(chosen.name(), is_dark(self.palette())))

    def _text(self, table: QTableWidget, r: int, c: int) -> str:
        item = table.item(r, c)
        return item.text().strip() if item is not None else ""

    def scheme(self) -> Scheme | None:
        """The scheme as edited, or None (with the reason shown) when it is not valid."""
        try:
            codes = []
            for r in range(self.codes.rowCount()):
                weight = self._text(self.codes, r, 4) or "1"
                codes.append(
                    Code(
                        letter=self._text(self.codes, r, 0),
                        name=self._text(self.codes, r, 1) or self._text(self.codes, r, 0),
                        kind=self.codes.cellWidget(r, 2).currentText(),  # type: ignore[union-attr]
                        description=self._text(self.codes, r, 5),
                        color=self._text(self.codes, r, 3) or "#999999",
                        weight=float(weight),
                    )
                )
            letters = {c.letter for c in codes}
            limits = []
            for r in range(self.limits.rowCount()):
                letter = self._text(self.limits, r, 0)
                if letter not in letters:
                    raise ValueError(f"the limit on “{letter}” names no code of the scheme")
                low, high = self._text(self.limits, r, 1), self._text(self.limits, r, 2)
                limits.append(
                    Limit(
                        letter,
                        int(low) if low else None,
                        int(high) if high else None,
                        below=self.limits.cellWidget(r, 3).currentText(),  # type: ignore[union-attr]
                        above=self.limits.cellWidget(r, 4).currentText(),  # type: ignore[union-attr]
                    )
                )
            pairs = parse_pairs(self.combinable.text())
            separation = parse_pairs(self.separation.text())
            for a, b in pairs + separation:
                if a not in letters or b not in letters:
                    raise ValueError(f"“{a}/{b}” names a code the scheme does not have")
            if not codes:
                raise ValueError("a scheme needs at least one code")
            scheme = Scheme(
                key="custom",
                name=self.name.text().strip() or "Custom",
                description=self.base.description,
                codes=tuple(codes),
                row_limits=tuple(limits),
                role_limits=self.base.role_limits
                if all(lim.code in letters for lim in self.base.role_limits)
                else (),
                combinable=tuple(frozenset(p) for p in pairs),
                separation=tuple(separation),
            )
        except ValueError as exc:
            self.error.setText(f"Not yet valid: {exc}.")
            return None
        self.error.clear()
        return scheme


class SchemeDialog(QDialog):
    """Pick a built-in scheme or edit a custom one; then say what becomes of the codes in use."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Scheme of the matrix")
        self.document = document
        matrix = document.matrix
        self.used = matrix.code_totals()
        self.choices = QListWidget(self)
        self.choices.setAccessibleName("Schemes")
        current = matrix.scheme
        options = list(BUILTIN_SCHEMES)
        if not current.builtin:
            options.insert(0, current)
        for scheme in options:
            item = QListWidgetItem(f"{scheme.name} — {' '.join(scheme.letters)}")
            item.setToolTip(scheme.description)
            item.setData(Qt.ItemDataRole.UserRole, scheme)
            self.choices.addItem(item)
            if scheme is current or (scheme.key == current.key and current.builtin):
                self.choices.setCurrentItem(item)
        self.editor = SchemeEditor(current, self)
        self.mapping = QTableWidget(0, 3, self)
        self.mapping.setHorizontalHeaderLabels(["Code in use", "Cells", "Becomes"])
        self.mapping.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setAccessibleName("What the codes in use become")
        self.tabs = QTabWidget(self)
        pick = QWidget(self)
        pick_layout = QVBoxLayout(pick)
        pick_layout.addWidget(
            QLabel("Built-in schemes (choose one, or edit it into your own):", self)
        )
        pick_layout.addWidget(self.choices)
        self.tabs.addTab(pick, "Choose")
        self.tabs.addTab(self.editor, "Edit codes and rules")
        self.use_edited = False
        self.tabs.currentChanged.connect(self._on_tab)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(QLabel("<b>Codes already entered</b> — what each becomes:", self))
        layout.addWidget(self.mapping, 1)
        layout.addWidget(buttons)
        self.choices.currentItemChanged.connect(lambda *_: self._on_choice())
        self.resize(760, 640)
        self._fill_mapping()

    def _on_tab(self, index: int) -> None:
        self.use_edited = index == 1
        self._fill_mapping()

    def _on_choice(self) -> None:
        scheme = self.chosen()
        if scheme is not None and not self.use_edited:
            self.editor.setParent(None)
            self.editor = SchemeEditor(scheme, self)
            self.tabs.removeTab(1)
            self.tabs.addTab(self.editor, "Edit codes and rules")
        self._fill_mapping()

    def chosen(self) -> Scheme | None:
        if self.use_edited:
            return self.editor.scheme()
        item = self.choices.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def select(self, key: str) -> None:
        """Choose a built-in scheme by key (for tests and keyboard users)."""
        for i in range(self.choices.count()):
            if self.choices.item(i).data(Qt.ItemDataRole.UserRole).key == key:
                self.choices.setCurrentRow(i)
                return
        raise KeyError(key)

    def _fill_mapping(self) -> None:
        new = self.chosen()
        old = self.document.matrix.scheme
        self.mapping.setRowCount(0)
        if new is None:
            return
        defaults = default_mapping(old, new, self.used)
        for letter, count in sorted(self.used.items()):
            r = self.mapping.rowCount()
            self.mapping.insertRow(r)
            old_code = old.code(letter)
            self.mapping.setItem(
                r, 0, QTableWidgetItem(f"{letter} ({old_code.name})" if old_code else letter)
            )
            self.mapping.item(r, 0).setData(Qt.ItemDataRole.UserRole, letter)
            self.mapping.setItem(r, 1, QTableWidgetItem(str(count)))
            box = QComboBox(self.mapping)
            box.setAccessibleName(f"What {letter} becomes")
            for code in new.codes:
                box.addItem(f"{code.letter} ({code.name})", code.letter)
            box.addItem("Keep as it is (flagged as unknown)", KEEP)
            box.addItem("Remove it from the cells", DROP)
            target = letter if new.code(letter) is not None else defaults.get(letter, KEEP)
            box.setCurrentIndex(max(0, box.findData(target)))
            self.mapping.setCellWidget(r, 2, box)

    def mapping_chosen(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for r in range(self.mapping.rowCount()):
            letter = self.mapping.item(r, 0).data(Qt.ItemDataRole.UserRole)
            target = self.mapping.cellWidget(r, 2).currentData()  # type: ignore[union-attr]
            if target != KEEP and target != letter:
                out[letter] = target
        return out

    def accept(self) -> None:
        scheme = self.chosen()
        if scheme is None:
            self.tabs.setCurrentIndex(1)
            return
        if scheme is not self.document.matrix.scheme:
            self.document.apply(
                SetScheme(scheme, self.mapping_chosen(), f"Use the scheme {scheme.name}")
            )
        super().accept()
