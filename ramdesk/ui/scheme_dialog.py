"""Choosing the matrix's scheme, editing a custom one, and mapping the codes already entered."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
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
    """For each code in use that should change: to the new scheme's one code of the same kind
    (RACI's R, "does the work", becomes PARIS's P, not its R "review required"). A letter the new
    scheme has with the same kind, or with no single code of that kind, stays; a letter it lacks
    is left out (kept as it is, and flagged by the checks)."""
    out: dict[str, str] = {}
    for letter in used:
        old_code = old.code(letter)
        same = new.code(letter)
        if old_code is None or (same is not None and same.kind == old_code.kind):
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

    #: The user changed something (the first change, and every one after).
    sig_edited = Signal()

    CODE_COLUMNS = ("Code", "Name", "Kind", "Colour", "Weight", "Meaning")
    LIMIT_COLUMNS = ("Code", "Min", "Max", "Too few is", "Too many is")

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
        self.codes.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        # Enter or a double-click on a colour opens the colour chooser.
        self.codes.cellActivated.connect(self._pick_colour)
        self.limits = QTableWidget(0, len(self.LIMIT_COLUMNS), self)
        self.limits.setHorizontalHeaderLabels(self.LIMIT_COLUMNS)
        self.limits.setAccessibleName("Limits per deliverable")
        for table in (self.codes, self.limits):
            table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
            table.verticalHeader().setDefaultSectionSize(28)
        for column, width in enumerate((56, 130, 110, 90, 64)):
            self.codes.setColumnWidth(column, width)
        for column, width in enumerate((56, 64, 64, 110, 110)):
            self.limits.setColumnWidth(column, width)
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

        add_code = QPushButton("&Add code", self)
        add_code.clicked.connect(self.add_code)
        remove_code = QPushButton("&Remove code", self)
        remove_code.clicked.connect(lambda: self._remove_current(self.codes))
        colour = QPushButton("C&olour…", self)
        colour.setToolTip("Choose the colour of the selected code")
        colour.clicked.connect(lambda: self._pick_colour(max(self.codes.currentRow(), 0), 3))
        add_limit = QPushButton("Add &limit", self)
        add_limit.clicked.connect(self.add_limit)
        remove_limit = QPushButton("Remo&ve limit", self)
        remove_limit.clicked.connect(lambda: self._remove_current(self.limits))
        self._code_buttons = (add_code, remove_code, colour)
        self._limit_buttons = (add_limit, remove_limit)
        code_buttons = QHBoxLayout()
        code_buttons.addWidget(add_code)
        code_buttons.addWidget(remove_code)
        code_buttons.addWidget(colour)
        code_buttons.addStretch(1)
        code_buttons.addWidget(QLabel("Enter or double-click on a colour changes it.", self))
        limit_buttons = QHBoxLayout()
        limit_buttons.addWidget(add_limit)
        limit_buttons.addWidget(remove_limit)
        limit_buttons.addStretch(1)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("May &share a cell", self.combinable)
        form.addRow("Separation of &duties", self.separation)
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
        self.error.setAccessibleName("Why the scheme is not yet valid")
        layout.addWidget(self.error)

        for line in (self.name, self.combinable, self.separation):
            line.textEdited.connect(lambda _t: self._changed())
        for table in (self.codes, self.limits):
            table.itemChanged.connect(lambda _i: self._changed())
        self._order_tabs()
        self._ready = True

    def _order_tabs(self) -> None:
        """Tab goes down the form: name, pairs, the codes and their buttons, the limits and theirs."""
        codes, limits = self.codes, self.limits
        chain: list[QWidget] = [self.name, self.combinable, self.separation, codes]
        chain += [codes.cellWidget(r, 2) for r in range(codes.rowCount())]
        chain += list(self._code_buttons) + [limits]
        for r in range(limits.rowCount()):
            chain += [limits.cellWidget(r, 3), limits.cellWidget(r, 4)]
        chain += list(self._limit_buttons)
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

    def add_limit(self) -> None:
        self._add_limit_row(Limit(self._text(self.codes, 0, 0) or "A", 1, 1))
        self.limits.setCurrentCell(self.limits.rowCount() - 1, 0)
        self._order_tabs()
        self._changed()

    def _remove_current(self, table: QTableWidget) -> None:
        row = table.currentRow()
        if row >= 0:
            table.removeRow(row)
            self._changed()

    def _add_code_row(self, code: Code) -> None:
        r = self.codes.rowCount()
        self.codes.insertRow(r)
        self.codes.setItem(r, 0, QTableWidgetItem(code.letter))
        self.codes.setItem(r, 1, QTableWidgetItem(code.name))
        kind = QComboBox(self.codes)
        kind.addItems(KINDS)
        kind.setCurrentText(code.kind)
        kind.setAccessibleName(f"Kind of the code {code.letter}")
        kind.currentIndexChanged.connect(lambda _i: self._changed())
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
        for col, value, what in ((3, lim.below, "too few"), (4, lim.above, "too many")):
            box = QComboBox(self.limits)
            box.addItems(SEVERITIES)
            box.setCurrentText(value)
            box.setAccessibleName(f"Severity of {what} {lim.code}")
            box.currentIndexChanged.connect(lambda _i: self._changed())
            self.limits.setCellWidget(r, col, box)

    def _pick_colour(self, row: int, column: int) -> None:
        if column != 3 or not 0 <= row < self.codes.rowCount():
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


#: The list entry that stands for the user's own edits (on the Edit tab).
EDITED = "\x00edited"


class SchemeDialog(QDialog):
    """Pick a built-in scheme or edit a custom one; then say what becomes of the codes in use.

    What OK uses does not depend on the tab showing: the scheme last chosen in the list, or the
    edited one as soon as anything is edited (it then heads the list as "Your edits", and
    choosing another scheme there starts again from that one, the edits kept behind their entry).
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Scheme of the matrix")
        self.setAccessibleName("Scheme of the matrix")
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
        self._edited_item: QListWidgetItem | None = None
        self._edits: SchemeEditor | None = None
        #: What the user chose by hand for a code in use, kept while the scheme is edited.
        self._picked: dict[str, str] = {}
        self.editor = SchemeEditor(current, self)
        self.editor.sig_edited.connect(self._on_edited)
        self.mapping = QTableWidget(0, 3, self)
        self.mapping.setHorizontalHeaderLabels(["Code in use", "Cells", "Becomes"])
        self.mapping.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setTabKeyNavigation(False)
        self.mapping.setAccessibleName("What the codes in use become")
        self.mapping.setColumnWidth(0, 200)
        self.mapping.verticalHeader().setDefaultSectionSize(28)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Choose or edit the scheme")
        pick = QWidget(self)
        pick_layout = QVBoxLayout(pick)
        intro = QLabel("&Built-in schemes (choose one, or edit it into your own):", self)
        intro.setBuddy(self.choices)
        pick_layout.addWidget(intro)
        pick_layout.addWidget(self.choices)
        self.edit_page = QWidget(self)
        self._edit_layout = QVBoxLayout(self.edit_page)
        self._edit_layout.setContentsMargins(0, 0, 0, 0)
        self._edit_layout.addWidget(self.editor)
        self.tabs.addTab(pick, "C&hoose")
        self.tabs.addTab(self.edit_page, "&Edit codes and rules")
        self.tabs.currentChanged.connect(lambda _i: self._fill_mapping())
        self.using = QLabel(self)
        self.using.setAccessibleName("Scheme to be used")
        self.using.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 4)
        layout.addWidget(self.using)
        mapping_label = QLabel("<b>Codes already entered</b> — what each becomes:", self)
        mapping_label.setBuddy(self.mapping)
        layout.addWidget(mapping_label)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.buttons)
        self.choices.currentItemChanged.connect(lambda *_: self._on_choice())
        self.resize(820, 780)
        self._fill_mapping()

    # ------------------------------------------------------------------ choosing and editing
    def _show_editor(self, editor: SchemeEditor) -> None:
        if editor is self.editor:
            return
        old = self.editor
        self._edit_layout.removeWidget(old)
        old.hide()
        if old is not self._edits:
            old.deleteLater()
        self.editor = editor
        self._edit_layout.addWidget(editor)
        editor.show()

    def _on_choice(self) -> None:
        item = self.choices.currentItem()
        if item is None:
            return
        data = item.data(Qt.ItemDataRole.UserRole)
        if data == EDITED and self._edits is not None:
            self._show_editor(self._edits)
        elif isinstance(data, Scheme):
            editor = SchemeEditor(data, self.edit_page)
            editor.sig_edited.connect(self._on_edited)
            self._show_editor(editor)
        self._fill_mapping()

    def _on_edited(self) -> None:
        """The editor showing was changed: its scheme is the one OK will use."""
        editor = self.editor
        if self._edits is not editor:
            if self._edits is not None:
                self._edits.deleteLater()
            self._edits = editor
        if self._edited_item is None:
            self._edited_item = QListWidgetItem()
            self._edited_item.setData(Qt.ItemDataRole.UserRole, EDITED)
            self.choices.insertItem(0, self._edited_item)
        name = editor.name.text().strip() or "Custom"
        self._edited_item.setText(f"Your edits: {name}")
        self._edited_item.setToolTip(f"The scheme as edited from {editor.base.name}")
        if self.choices.currentItem() is not self._edited_item:
            self.choices.blockSignals(True)
            self.choices.setCurrentItem(self._edited_item)
            self.choices.blockSignals(False)
        self._fill_mapping()

    def chosen(self) -> Scheme | None:
        """The scheme OK would use (None while the edited one is not valid)."""
        item = self.choices.currentItem()
        if item is None:
            return None
        data = item.data(Qt.ItemDataRole.UserRole)
        if data == EDITED:
            return self._edits.scheme() if self._edits is not None else None
        return data

    def select(self, key: str) -> None:
        """Choose a built-in scheme by key (for tests and keyboard users)."""
        for i in range(self.choices.count()):
            scheme = self.choices.item(i).data(Qt.ItemDataRole.UserRole)
            if isinstance(scheme, Scheme) and scheme.key == key:
                self.choices.setCurrentRow(i)
                return
        raise KeyError(key)

    # ------------------------------------------------------------------ the codes in use
    def _fill_mapping(self) -> None:
        new = self.chosen()
        old = self.document.matrix.scheme
        picked = self._picked
        self.mapping.setRowCount(0)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(new is not None)
        if new is None:
            self.using.setText("The edited scheme is not yet valid: see the Edit tab.")
            return
        self.using.setText(f"OK uses: <b>{escape(new.name)}</b> — {' '.join(new.letters)}")
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
            target = defaults.get(letter, letter if new.code(letter) is not None else KEEP)
            found = box.findData(picked.get(letter, target))
            box.setCurrentIndex(found if found >= 0 else max(0, box.findData(target)))
            box.currentIndexChanged.connect(
                lambda _i, b=box, k=letter: self._picked.__setitem__(k, b.currentData())
            )
            self.mapping.setCellWidget(r, 2, box)
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab goes tabs, list, the codes in use and what each becomes, then OK and Cancel."""
        chain: list[QWidget] = [self.tabs, self.choices, self.mapping]
        chain += [self.mapping.cellWidget(r, 2) for r in range(self.mapping.rowCount())]
        chain += [
            self.buttons.button(QDialogButtonBox.StandardButton.Ok),
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel),
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

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
        current = self.document.matrix.scheme
        mapping = self.mapping_chosen()
        if scheme is not current and (scheme != current or mapping):
            self.document.apply(SetScheme(scheme, mapping, f"Use the scheme {scheme.name}"))
        super().accept()
