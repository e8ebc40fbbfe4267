"""Editing a scheme: its codes, its limits per deliverable and per role, the codes that may share
a cell and the pairs one person must not hold together."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ramdesk.model import KINDS, SEVERITIES, Code, Limit, Scheme

from .style import code_fill, is_dark

#: Where a code row keeps the letter it had, to follow a change of it.
_WAS = Qt.ItemDataRole.UserRole


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """ "A/R, A/S" -> [("A","R"), ("A","S")]; anything not a pair is ignored."""
    pairs = []
    for part in text.replace(";", ",").split(","):
        bits = [b.strip() for b in part.replace("-", "/").split("/") if b.strip()]
        if len(bits) == 2:
            pairs.append((bits[0], bits[1]))
    return pairs


def _cell_text(table: QTableWidget, r: int, c: int) -> str:
    item = table.item(r, c)
    return item.text().strip() if item is not None else ""


def _whole(text: str, what: str) -> int | None:
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not “{text}”") from None
    if value < 0:
        raise ValueError(f"{what} cannot be negative")
    return value


class LimitsTable(QTableWidget):
    """Limits on how often a code occurs (per deliverable, or per role over the matrix)."""

    COLUMNS = ("Code", "Min", "Max", "Too few is", "Too many is")

    def __init__(self, name: str, edited, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self._edited = edited
        self.setHorizontalHeaderLabels(self.COLUMNS)
        self.setAccessibleName(name)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
        self.verticalHeader().setDefaultSectionSize(28)
        for column, width in enumerate((50, 50, 50, 90, 90)):
            self.setColumnWidth(column, width)
        self.horizontalHeader().setStretchLastSection(True)

    def add(self, lim: Limit) -> None:
        r = self.rowCount()
        self.blockSignals(True)  # the row is read only once it is whole
        try:
            self.insertRow(r)
            self.setItem(r, 0, QTableWidgetItem(lim.code))
            self.setItem(r, 1, QTableWidgetItem("" if lim.min is None else str(lim.min)))
            self.setItem(r, 2, QTableWidgetItem("" if lim.max is None else str(lim.max)))
            for col, value, what in ((3, lim.below, "too few"), (4, lim.above, "too many")):
                box = QComboBox(self)
                box.addItems(SEVERITIES)
                box.setCurrentText(value)
                box.setAccessibleName(f"Severity of {what} {lim.code}")
                box.currentIndexChanged.connect(lambda _i: self._edited())
                self.setCellWidget(r, col, box)
        finally:
            self.blockSignals(False)

    def _severity(self, r: int, c: int, default: str) -> str:
        box = self.cellWidget(r, c)
        return box.currentText() if isinstance(box, QComboBox) else default

    def severity_boxes(self) -> list[QWidget]:
        return [self.cellWidget(r, c) for r in range(self.rowCount()) for c in (3, 4)]

    def limits(self, letters: set[str], where: str) -> tuple[Limit, ...]:
        """The limits as edited; ValueError saying what is wrong in the user's words."""
        out = []
        for r in range(self.rowCount()):
            letter = _cell_text(self, r, 0)
            if letter not in letters:
                raise ValueError(f"the limit {where} on “{letter}” names no code of the scheme")
            low = _whole(_cell_text(self, r, 1), f"the least number of “{letter}” {where}")
            high = _whole(_cell_text(self, r, 2), f"the most “{letter}” {where}")
            if low is not None and high is not None and low > high:
                raise ValueError(
                    f"the limit {where} on “{letter}” asks for at least {low} but at most {high}"
                )
            out.append(
                Limit(
                    letter,
                    low,
                    high,
                    below=self._severity(r, 3, "error"),
                    above=self._severity(r, 4, "warning"),
                )
            )
        return tuple(out)


class SchemeEditor(QWidget):
    """The codes, limits, combinations and separation pairs of a scheme, as editable tables."""

    #: The user changed something (the first change, and every one after).
    sig_edited = Signal()

    CODE_COLUMNS = ("Code", "Name", "Kind", "Colour", "Weight", "Meaning")

    def __init__(self, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = scheme
        #: True once the user changed anything: then the dialog uses this scheme.
        self.edited = False
        self._ready = False
        self.name = QLineEdit(
            scheme.name if not scheme.builtin else f"{scheme.name} (custom)", self
        )
        self.name.setAccessibleName("Scheme name")
        self.codes = QTableWidget(0, len(self.CODE_COLUMNS), self)
        self.codes.setHorizontalHeaderLabels(self.CODE_COLUMNS)
        self.codes.setAccessibleName("Codes")
        self.codes.setTabKeyNavigation(False)
        self.codes.verticalHeader().setDefaultSectionSize(28)
        self.codes.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((56, 130, 110, 90, 64)):
            self.codes.setColumnWidth(column, width)
        # Enter or a double-click on a colour opens the colour chooser.
        self.codes.cellActivated.connect(self._pick_colour)
        self.limits = LimitsTable("Limits per deliverable", self._changed, self)
        self.role_limits = LimitsTable(
            "Limits per role, over the whole matrix", self._changed, self
        )
        self.combinable = QLineEdit(self)
        self.combinable.setAccessibleName("Codes that may share a cell")
        self.combinable.setPlaceholderText("e.g. A/R, A/S")
        self.separation = QLineEdit(self)
        self.separation.setAccessibleName("Codes one person must not hold together")
        self.separation.setPlaceholderText("e.g. R/V (who does it must not verify it)")
        self.together = QLineEdit(self)
        self.together.setAccessibleName("Codes that belong with one party")
        self.together.setPlaceholderText("e.g. S/A (whoever signs off should be accountable)")
        for code in scheme.codes:
            self._add_code_row(code)
        for lim in scheme.row_limits:
            self.limits.add(lim)
        for lim in scheme.role_limits:
            self.role_limits.add(lim)
        letters = scheme.letters
        self.combinable.setText(
            ", ".join(
                "/".join(sorted(p, key=lambda x: letters.index(x) if x in letters else 9))
                for p in scheme.combinable
            )
        )
        self.separation.setText(", ".join(f"{a}/{b}" for a, b in scheme.separation))
        self.together.setText(", ".join(f"{a}/{b}" for a, b in scheme.together))

        add_code = QPushButton("&Add code", self)
        add_code.clicked.connect(self.add_code)
        remove_code = QPushButton("&Remove code", self)
        remove_code.setToolTip("Remove the selected code, with its limits and pairs")
        remove_code.clicked.connect(self.remove_code)
        colour = QPushButton("C&olour…", self)
        colour.setToolTip("Choose the colour of the selected code")
        colour.clicked.connect(lambda: self._pick_colour(max(self.codes.currentRow(), 0), 3))
        self._code_buttons = (add_code, remove_code, colour)
        code_buttons = QHBoxLayout()
        for button in self._code_buttons:
            code_buttons.addWidget(button)
        code_buttons.addStretch(1)
        code_buttons.addWidget(QLabel("Enter or double-click on a colour changes it.", self))

        self._limit_buttons: dict[LimitsTable, tuple[QPushButton, QPushButton]] = {}
        both = QHBoxLayout()
        for table, title, keys in (
            (self.limits, "<b>Per deliverable</b> (e.g. exactly one A)", ("Add &limit", "Remo&ve")),
            (self.role_limits, "<b>Per role</b>, over the matrix", ("Add limi&t", "Remov&e")),
        ):
            add = QPushButton(keys[0], self)
            add.clicked.connect(lambda _c=False, t=table: self.add_limit(t))
            remove = QPushButton(keys[1], self)
            remove.setAccessibleName(
                f"Remove the selected limit {title.split('</b>')[0][3:].lower()}"
            )
            remove.clicked.connect(lambda _c=False, t=table: self._remove_current(t))
            self._limit_buttons[table] = (add, remove)
            column = QVBoxLayout()
            label = QLabel(title, self)
            label.setBuddy(table)
            column.addWidget(label)
            column.addWidget(table, 1)
            buttons = QHBoxLayout()
            buttons.addWidget(add)
            buttons.addWidget(remove)
            buttons.addStretch(1)
            column.addLayout(buttons)
            both.addLayout(column, 1)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("May &share a cell", self.combinable)
        form.addRow("Separation of &duties", self.separation)
        form.addRow("Belong to one &party", self.together)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        codes_label = QLabel("<b>Codes</b>", self)
        codes_label.setBuddy(self.codes)
        layout.addWidget(codes_label)
        layout.addWidget(self.codes, 2)
        layout.addLayout(code_buttons)
        layout.addWidget(QLabel("<b>Limits</b> — how often a code may occur", self))
        layout.addLayout(both, 1)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #D55E00;")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Why the scheme is not yet valid")
        layout.addWidget(self.error)

        for line in (self.name, self.combinable, self.separation, self.together):
            line.textEdited.connect(lambda _t: self._changed())
        self.codes.itemChanged.connect(self._on_code_item_changed)
        for table in (self.codes, self.limits, self.role_limits):
            table.itemChanged.connect(lambda _i: self._changed())
        self._order_tabs()
        self._ready = True

    def _order_tabs(self) -> None:
        """Tab goes down the form: name, pairs, the codes and their buttons, then each limits
        table and its buttons."""
        codes = self.codes
        chain: list[QWidget] = [self.name, self.combinable, self.separation, self.together]
        chain.append(codes)
        chain += [codes.cellWidget(r, 2) for r in range(codes.rowCount())]
        chain += list(self._code_buttons)
        for table, buttons in self._limit_buttons.items():
            chain += [table, *table.severity_boxes(), *buttons]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _changed(self) -> None:
        if not self._ready:
            return
        self.edited = True
        self.sig_edited.emit()

    def add_code(self) -> None:
        self._add_code_row(Code("?", "New code"))
        self.codes.setCurrentCell(self.codes.rowCount() - 1, 0)
        self._order_tabs()
        self._changed()

    def remove_code(self) -> None:
        """Remove the selected code and what names it (its limits, the pairs it is in)."""
        row = self.codes.currentRow()
        if row < 0:
            return
        letter = _cell_text(self.codes, row, 0)
        self.codes.removeRow(row)
        for table in (self.limits, self.role_limits):
            for r in reversed(range(table.rowCount())):
                if _cell_text(table, r, 0) == letter:
                    table.removeRow(r)
        for line in (self.combinable, self.separation, self.together):
            pairs = [p for p in parse_pairs(line.text()) if letter not in p]
            line.setText(", ".join(f"{a}/{b}" for a, b in pairs))
        self._order_tabs()
        self._changed()

    def _on_code_item_changed(self, item: QTableWidgetItem) -> None:
        """A code's letter changed ("R" to "D"): its limits and pairs follow it."""
        if item.column() != 0:
            return
        old, new = item.data(_WAS), item.text().strip()
        if not old or not new or old == new:
            return
        if self._used(new, item):
            return  # a letter another code has: its limits and pairs are not this one's
        item.setData(_WAS, new)
        for table in (self.limits, self.role_limits):
            for r in range(table.rowCount()):
                cell = table.item(r, 0)
                if cell is not None and cell.text().strip() == old:
                    cell.setText(new)
        for line in (self.combinable, self.separation, self.together):
            pairs = parse_pairs(line.text())
            renamed = [tuple(new if x == old else x for x in pair) for pair in pairs]
            if renamed != pairs:
                line.setText(", ".join(f"{a}/{b}" for a, b in renamed))

    def _used(self, letter: str, item: QTableWidgetItem) -> bool:
        """Whether another code row than `item`'s has this letter."""
        return any(
            _cell_text(self.codes, r, 0) == letter
            for r in range(self.codes.rowCount())
            if r != item.row()
        )

    def add_limit(self, table: LimitsTable | None = None) -> None:
        """A new limit (per deliverable unless another table is given) on the first code."""
        table = table if table is not None else self.limits
        table.add(Limit(_cell_text(self.codes, 0, 0) or "A", 1, 1))
        table.setCurrentCell(table.rowCount() - 1, 0)
        self._order_tabs()
        self._changed()

    def _remove_current(self, table: QTableWidget) -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)
            self._changed()

    def _add_code_row(self, code: Code) -> None:
        table = self.codes
        r = table.rowCount()
        table.blockSignals(True)  # the row is read only once it is whole
        try:
            table.insertRow(r)
            letter = QTableWidgetItem(code.letter)
            letter.setData(_WAS, code.letter)
            table.setItem(r, 0, letter)
            table.setItem(r, 1, QTableWidgetItem(code.name))
            kind = QComboBox(table)
            kind.addItems(KINDS)
            kind.setCurrentText(code.kind)
            kind.setAccessibleName(f"Kind of the code {code.letter}")
            kind.currentIndexChanged.connect(lambda _i: self._changed())
            table.setCellWidget(r, 2, kind)
            colour = QTableWidgetItem(code.color)
            colour.setBackground(code_fill(code.color, is_dark(self.palette())))
            colour.setFlags(colour.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(r, 3, colour)
            table.setItem(r, 4, QTableWidgetItem(f"{code.weight:g}"))
            table.setItem(r, 5, QTableWidgetItem(code.description))
        finally:
            table.blockSignals(False)

    def _pick_colour(self, row: int, column: int) -> None:
        if column != 3 or not 0 <= row < self.codes.rowCount():
            return
        item = self.codes.item(row, 3)
        chosen = QColorDialog.getColor(QColor(item.text()), self, "Colour of the code")
        if chosen.isValid():
            item.setText(chosen.name())
            item.setBackground(code_fill(chosen.name(), is_dark(self.palette())))

    def _codes(self) -> list[Code]:
        codes = []
        for r in range(self.codes.rowCount()):
            letter = _cell_text(self.codes, r, 0)
            weight = _cell_text(self.codes, r, 4) or "1"
            try:
                value = float(weight)
            except ValueError:
                raise ValueError(
                    f"the weight of “{letter}” must be a number, not “{weight}”"
                ) from None
            kind = self.codes.cellWidget(r, 2)
            codes.append(
                Code(
                    letter=letter,
                    name=_cell_text(self.codes, r, 1) or letter,
                    kind=kind.currentText() if isinstance(kind, QComboBox) else "do",
                    description=_cell_text(self.codes, r, 5),
                    color=_cell_text(self.codes, r, 3) or "#999999",
                    weight=value,
                )
            )
        return codes

    def scheme(self) -> Scheme | None:
        """The scheme as edited, or None (with the reason shown) when it is not valid."""
        try:
            codes = self._codes()
            if not codes:
                raise ValueError("a scheme needs at least one code")
            letters = {c.letter for c in codes}
            twice = sorted(
                {c.letter for c in codes if [x.letter for x in codes].count(c.letter) > 1}
            )
            if twice:
                raise ValueError(f"two codes have the letter “{twice[0]}”; give each its own")
            pairs = parse_pairs(self.combinable.text())
            separation = parse_pairs(self.separation.text())
            together = parse_pairs(self.together.text())
            for a, b in pairs + separation + together:
                if a not in letters or b not in letters:
                    raise ValueError(f"“{a}/{b}” names a code the scheme does not have")
            scheme = Scheme(
                key="custom",
                name=self.name.text().strip() or "Custom",
                description=self.base.description,
                codes=tuple(codes),
                row_limits=self.limits.limits(letters, "per deliverable"),
                role_limits=self.role_limits.limits(letters, "per role"),
                combinable=tuple(frozenset(p) for p in pairs),
                separation=tuple(separation),
                together=tuple(together),
            )
        except ValueError as exc:  # SchemeError too: one sentence, in the user's words
            self.error.setText(f"Not yet valid: {str(exc).rstrip('.')}.")
            return None
        self.error.clear()
        return scheme
