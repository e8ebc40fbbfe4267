"""Row filters above the grid: text, group, "who has a code", with problems, unassigned.

Filters only choose which rows the grid shows; they never change the matrix.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from ramdesk.model import Deliverable, Group, Person, Role

from .document import Document
from .icons import icon
from .table_model import MatrixModel

Predicate = Callable[[Deliverable], bool]


class FilterBar(QWidget):
    """Builds the grid's row filter from a few controls."""

    sig_message = Signal(str)

    def __init__(
        self, document: Document, model: MatrixModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.model = model
        self._custom: tuple[Predicate, str] | None = None
        #: Deliverables added or moved while a filter is on: shown until the filter changes,
        #: so a row just inserted or pasted does not vanish under the user's hands.
        self._pinned: set[Deliverable] = set()

        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Filter rows by name, description, group…")
        self.text.setClearButtonEnabled(True)
        self.text.setAccessibleName("Filter rows by text")
        self.text.setMinimumWidth(120)
        escape = QAction(self.text)
        escape.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        escape.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        escape.triggered.connect(self._escape)
        self.text.addAction(escape)
        self.group = QComboBox(self)
        self.group.setAccessibleName("Filter rows by group")
        self.group.setToolTip("Show only the deliverables of one group")
        self.who = QComboBox(self)
        self.who.setAccessibleName("Filter rows by role or person")
        self.who.setToolTip("Show only rows where this role or person has a code")
        self.code = QComboBox(self)
        self.code.setAccessibleName("Which code the role or person has")
        self.code.setToolTip("…any code, or one code in particular")
        self.problems = QCheckBox("With &problems", self)
        self.problems.setToolTip("Show only rows with a problem")
        self.unassigned = QCheckBox("&Unassigned", self)
        self.unassigned.setToolTip("Show only rows where nobody has a code")
        self.custom_label = QLabel(self)
        self.custom_label.hide()
        self.clear_button = QToolButton(self)
        self.clear_button.setIcon(icon("clear"))
        self.clear_button.setToolTip("Show all rows")
        self.clear_button.setAccessibleName("Show all rows")
        self.clear_button.clicked.connect(self.clear)
        for box in (self.group, self.who, self.code):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(6)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        filter_icon = QLabel(self)
        filter_icon.setPixmap(icon("filter").pixmap(16, 16))
        layout.addWidget(filter_icon)
        layout.addWidget(self.text, 2)
        layout.addWidget(self.group, 1)
        layout.addWidget(self.who, 1)
        layout.addWidget(self.code)
        layout.addWidget(self.problems)
        layout.addWidget(self.unassigned)
        layout.addWidget(self.custom_label)
        layout.addWidget(self.clear_button)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.apply)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        for box in (self.group, self.who, self.code):
            box.currentIndexChanged.connect(lambda _i: self.apply())
        self.problems.toggled.connect(lambda _c: self.apply())
        self.unassigned.toggled.connect(lambda _c: self.apply())
        document.sig_changed.connect(self._on_changed)
        self._fill()

    # ------------------------------------------------------------------ choices
    def _on_changed(self, change) -> None:
        if change.rows and self.model.row_filter is not None:
            m = self.document.matrix
            new = {
                d
                for d in change.deliverables
                if isinstance(d, Deliverable) and m.contains(d) and d not in self._pinned
            }
            if new:
                self._pinned |= new
                self._refilter()
        renamed = not change.cells and bool(change.roles or change.people)  # not on typing
        if (
            renamed
            or change.rows
            or change.columns
            or change.people_list
            or change.scheme
            or change.groups
        ):
            self._fill()

    def _fill(self) -> None:
        """Refill the choices; a chosen group, role or person that is gone stops filtering."""
        m = self.document.matrix
        before = (self.group.currentData(), self.who.currentData(), self.code.currentData())
        self._refill(
            self.group, "All groups", [(("  " * m.depth(g)) + g.name, g) for g in m.groups]
        )
        who = [(f"Role: {r.name}", r) for r in m.roles] + [
            (f"Person: {p.name}", p) for p in m.people
        ]
        self._refill(self.who, "Anyone", who)
        self._refill(
            self.code, "any code", [(f"{c.letter} ({c.name})", c.letter) for c in m.scheme.codes]
        )
        self.group.setEnabled(bool(m.groups))
        after = (self.group.currentData(), self.who.currentData(), self.code.currentData())
        if before != after:
            self.apply()
            self.sig_message.emit("A row filter's choice is gone from the matrix: it was dropped.")

    @staticmethod
    def _refill(box: QComboBox, first: str, items) -> None:
        keep = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(first, None)
        for text, data in items:
            box.addItem(text, data)
        found = box.findData(keep) if keep is not None else 0
        box.setCurrentIndex(max(found, 0))
        box.blockSignals(False)

    # ------------------------------------------------------------------ filtering
    def predicate(self) -> Predicate | None:
        """The filter the controls describe (None: show everything)."""
        m = self.document.matrix
        checks: list[Predicate] = []
        words = self.text.text().casefold().split()
        if words:

            def text_match(d: Deliverable) -> bool:
                hay = " ".join(
                    [d.name, d.description, *(g.name for g in m.path(d)), *d.attributes.values()]
                ).casefold()
                return all(w in hay for w in words)

            checks.append(text_match)
        group = self.group.currentData()
        if isinstance(group, Group) and m.contains(group):

            def in_group(d: Deliverable, g: Group = group) -> bool:
                parent = d.parent
                while parent is not None:
                    if parent is g:
                        return True
                    parent = parent.parent
                return False

            checks.append(in_group)
        who = self.who.currentData()
        letter = self.code.currentData()
        # The checks ask the matrix as it is when rows are shown again (after an edit, an undo),
        # and a role or person removed since matches nothing rather than failing.
        if isinstance(who, Role) and m.contains(who):
            if letter is None:
                checks.append(lambda d, r=who: m.contains(r) and bool(m.code(d, r)))
            else:
                checks.append(lambda d, r=who, c=letter: m.contains(r) and c in m.codes(d, r))
        elif isinstance(who, Person) and m.contains(who):
            if letter is None:
                # Where the person reaches as the filter is applied (one walk, not one per row
                # on a big matrix); rows added later are pinned in sight anyway.
                checks.append(m.reach(who).__contains__)
            else:
                checks.append(
                    lambda d, p=who, c=letter: (
                        m.contains(p) and any(c in t.split("/") for _r, t in m.person_codes(p, d))
                    )
                )
        elif letter is not None:
            checks.append(lambda d, c=letter: bool(m.row_counts(d).get(c)))
        if self.problems.isChecked():
            document = self.document  # its checker is replaced by a full re-check
            checks.append(lambda d: bool(document.checker.problems(deliverable=d)))
        if self.unassigned.isChecked():
            checks.append(lambda d: not m.filled_in_row(d))
        if self._custom is not None:
            checks.append(self._custom[0])
        if not checks:
            return None
        if len(checks) == 1:
            return checks[0]
        return lambda d: all(check(d) for check in checks)

    def apply(self) -> None:
        """Filter the rows as the controls say (rows pinned by earlier edits are let go)."""
        self._pinned = set()
        self._refilter(announce=True)

    def _refilter(self, announce: bool = False) -> None:
        self._timer.stop()
        keep = self.predicate()
        pinned = self._pinned
        if keep is not None and pinned:
            chosen = keep
            keep = lambda d: d in pinned or chosen(d)  # noqa: E731
        self.model.set_row_filter(keep)
        active = keep is not None
        self.clear_button.setEnabled(active)
        if active and announce:
            shown = self.model.shown_deliverables()
            total = len(self.document.matrix.deliverables)
            self.sig_message.emit(f"Showing {shown} of {total} deliverables.")

    def set_custom(self, predicate: Predicate, label: str) -> None:
        """A filter another panel asks for ("rows where Ada is overloaded"), shown by its label."""
        self._custom = (predicate, label)
        self.custom_label.setText(f"<b>{escape(label)}</b>")
        self.custom_label.setToolTip(f"Rows filtered: {label}. Show all rows to remove.")
        self.custom_label.show()
        self.apply()

    def set_text(self, text: str) -> None:
        self.text.setText(text)
        self.apply()

    def _escape(self) -> None:
        """Escape in the text box: forget the text typed (the other choices stay)."""
        if self.text.text():
            self.text.clear()
            self.apply()

    def focus_text(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text.selectAll()

    def clear(self) -> None:
        """Show every row again."""
        self._custom = None
        self.custom_label.hide()
        for w in (self.text, self.group, self.who, self.code, self.problems, self.unassigned):
            w.blockSignals(True)
        self.text.clear()
        self.group.setCurrentIndex(0)
        self.who.setCurrentIndex(0)
        self.code.setCurrentIndex(0)
        self.problems.setChecked(False)
        self.unassigned.setChecked(False)
        for w in (self.text, self.group, self.who, self.code, self.problems, self.unassigned):
            w.blockSignals(False)
        self.apply()

    def reset(self) -> None:
        """A new matrix: fresh choices, no filter."""
        self._fill()
        self.clear()
