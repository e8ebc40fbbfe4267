"""Choosing the matrix's scheme, editing a custom one, and mapping the codes already entered."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ramdesk.model import BUILTIN_SCHEMES, Scheme, SetScheme

from .document import Document
from .scheme_editor import SchemeEditor, parse_pairs

__all__ = ["SchemeDialog", "SchemeEditor", "default_mapping", "parse_pairs"]

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
        self.tabs.tabBar().setAccessibleName("Choose or edit")
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
