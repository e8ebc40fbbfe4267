"""People and roles: who holds which role (open seats show), and what roles and deliverables are."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ramdesk.model import Batch, Hold, InsertPerson, Person, Release, RemovePerson, Role, SetField

from .document import Document
from .icons import icon
from .problems_panel import severity_icon
from .style import worst

_ITEM = Qt.ItemDataRole.UserRole


class _Description(QPlainTextEdit):
    """A description box that saves (as one undoable step) when it loses focus."""

    def __init__(self, document: Document, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.item = None
        self.setPlaceholderText(f"What this {what} is about (printed with the matrix)…")
        self.setAccessibleName(f"Description of the {what}")
        self.setTabChangesFocus(True)
        self.setMaximumHeight(90)
        self.setEnabled(False)
        self.shown = ""

    def show_item(self, item) -> None:
        self.commit()
        self.item = item
        self.setEnabled(item is not None)
        self._show(item.description if item is not None else "")

    def _show(self, text: str) -> None:
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        #: The text as the matrix has it: the box holds typing not yet saved when it differs.
        self.shown = text

    def commit(self) -> None:
        item = self.item
        if item is None or not self.document.matrix.contains(item):
            return
        text = self.toPlainText()
        if text != item.description:
            self.document.apply(SetField(item, "description", text, f"Describe “{item.name}”"))
        self.shown = text

    def follow(self) -> None:
        """After any change (an undo, a redo): show the description the matrix now has, unless
        the box holds typing not yet saved."""
        item = self.item
        if item is None:
            return
        if not self.document.matrix.contains(item):
            self.show_item(None)
        elif self.toPlainText() == self.shown and item.description != self.shown:
            self._show(item.description)

    def focusOutEvent(self, event) -> None:
        self.commit()
        super().focusOutEvent(event)


class PeoplePanel(QWidget):
    """Add people, give them roles, see open seats, describe roles and deliverables."""

    #: Go to an item in the grid (a role's column, a deliverable's row).
    sig_locate = Signal(object)
    #: A short message for the status bar.
    sig_message = Signal(str)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.people = QListWidget(self)
        self.people.setAccessibleName("People")
        self.people.setToolTip("Everyone who holds roles in this matrix")
        self.held = QListWidget(self)
        self.held.setAccessibleName("Roles the selected person holds")
        self.held.setToolTip("Tick the roles the selected person holds")
        self.roles = QTreeWidget(self)
        self.roles.setAccessibleName("Roles and who holds them")
        self.roles.setHeaderLabels(["Role", "Held by"])
        self.roles.setRootIsDecorated(False)
        self.roles.setToolTip("Double-click a role to go to its column")
        self.held_label = QLabel("Roles held", self)

        add = QPushButton(icon("people"), "Add…", self)
        add.setToolTip("Add a person")
        add.clicked.connect(lambda: self.add_person())
        rename = QPushButton("Rename…", self)
        rename.clicked.connect(lambda: self.rename_person())
        remove = QPushButton(icon("edit-delete"), "Remove", self)
        remove.setToolTip("Remove the selected person (their roles stay)")
        remove.clicked.connect(lambda: self.remove_person())
        buttons = QHBoxLayout()
        for b in (add, rename, remove):
            buttons.addWidget(b)
        self.row_label = QLabel(self)
        self.row_text = _Description(document, "deliverable", self)
        self.role_label = QLabel(self)
        self.role_text = _Description(document, "role", self)
        self.role_text.setToolTip("Roles and responsibilities: what this role does")

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("<b>People</b>", self))
        top_layout.addWidget(self.people)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.held_label)
        top_layout.addWidget(self.held)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(QLabel("<b>Roles</b> (▲ an open seat: nobody holds it)", self))
        middle_layout.addWidget(self.roles)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.row_label)
        bottom_layout.addWidget(self.row_text)
        bottom_layout.addWidget(self.role_label)
        bottom_layout.addWidget(self.role_text)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        for w in (top, middle, bottom):
            splitter.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.people.currentItemChanged.connect(lambda *_: self._fill_held())
        self.held.itemChanged.connect(self._on_held_changed)
        self.roles.itemDoubleClicked.connect(
            lambda item, _c: self.sig_locate.emit(item.data(0, _ITEM))
        )
        self.roles.currentItemChanged.connect(self._on_role_chosen)
        document.sig_changed.connect(self._on_changed)
        document.sig_replaced.connect(self.refresh)
        document.sig_problems.connect(self._on_problems)
        self._current: tuple = (None, None)
        self.refresh()

    # ------------------------------------------------------------------ filling
    def refresh(self) -> None:
        self._fill_people()
        self._fill_roles()
        self.show_current(None, None)

    def _on_changed(self, change) -> None:
        # A typed code touches its role's cells, not who holds it: the lists stay as they are
        # (their problem marks follow sig_problems).
        held = change.roles - change.cell_sides()[1]
        if change.people_list or change.people or change.columns or held or change.scheme:
            self._fill_people()
            self._fill_roles()
        self._name_current()
        self.row_text.follow()
        self.role_text.follow()

    def commit_descriptions(self) -> None:
        """Save what is typed in a description box (before an undo, so it undoes the typing)."""
        self.row_text.commit()
        self.role_text.commit()

    def _name_current(self) -> None:
        """The labels over the descriptions say the current names (after a rename, an undo)."""
        row, column = self._current
        matrix = self.document.matrix
        if row is not None and matrix.contains(row):
            self.row_label.setText(f"<b>{row.kind.title()}:</b> {escape(row.name)}")
        if isinstance(column, Role) and matrix.contains(column):
            self.role_label.setText(f"<b>Role:</b> {escape(column.name)}")

    def _on_problems(self, refreshed) -> None:
        """Refill a list only when the problems of its people or roles changed."""
        if getattr(refreshed, "full", True) or refreshed.people:
            self._fill_people()
        if getattr(refreshed, "full", True) or refreshed.roles:
            self._fill_roles()

    def current_person(self) -> Person | None:
        item = self.people.currentItem()
        return item.data(_ITEM) if item is not None else None

    def _fill_people(self) -> None:
        m = self.document.matrix
        keep = self.current_person()
        self.people.blockSignals(True)
        self.people.clear()
        checker = self.document.checker
        for person in m.people:
            roles = m.roles_of(person)
            text = (
                f"{person.name} — {', '.join(r.name for r in roles)}"
                if roles
                else f"{person.name} — no role"
            )
            item = QListWidgetItem(text)
            item.setData(_ITEM, person)
            problems = checker.problems(person=person)
            severity = worst(p.severity for p in problems)
            if severity:
                item.setIcon(severity_icon(severity))
                item.setToolTip("\n".join(p.message for p in problems))
            self.people.addItem(item)
            if person is keep:
                self.people.setCurrentItem(item)
        self.people.blockSignals(False)
        self._fill_held()

    def _fill_held(self) -> None:
        m = self.document.matrix
        person = self.current_person()
        self.held.blockSignals(True)
        self.held.clear()
        self.held_label.setText(
            f"<b>Roles held by {escape(person.name)}</b>"
            if person is not None
            else "Roles held (choose a person)"
        )
        if person is not None and m.contains(person):
            for role in m.roles:
                item = QListWidgetItem(role.name)
                item.setData(_ITEM, role)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if m.holds(person, role) else Qt.CheckState.Unchecked
                )
                self.held.addItem(item)
        self.held.blockSignals(False)

    def _fill_roles(self) -> None:
        m = self.document.matrix
        keep = self.roles.currentItem().data(0, _ITEM) if self.roles.currentItem() else None
        self.roles.blockSignals(True)
        self.roles.clear()
        checker = self.document.checker
        for role in m.roles:
            holders = m.holders(role)
            who = ", ".join(p.name for p in holders) if holders else "▲ open seat"
            item = QTreeWidgetItem([role.name, who])
            item.setData(0, _ITEM, role)
            problems = [p for p in checker.problems(role=role) if p.deliverable is None]
            severity = worst(p.severity for p in problems)
            if severity:
                item.setIcon(0, severity_icon(severity))
                item.setToolTip(0, "\n".join(p.message for p in problems))
            if role.description:
                item.setToolTip(1, role.description)
            self.roles.addTopLevelItem(item)
            if role is keep:
                self.roles.setCurrentItem(item)
        self.roles.resizeColumnToContents(0)
        self.roles.blockSignals(False)

    def show_current(self, row, column) -> None:
        """Show the descriptions of the grid's current deliverable and role."""
        self._current = (row, column)
        if row is not None and row.kind in ("deliverable", "group"):
            self.row_label.setText(f"<b>{row.kind.title()}:</b> {escape(row.name)}")
            self.row_text.show_item(row)
        else:
            self.row_label.setText("<b>Deliverable:</b> (none selected)")
            self.row_text.show_item(None)
        if isinstance(column, Role):
            self.role_label.setText(f"<b>Role:</b> {escape(column.name)}")
            self.role_text.show_item(column)
        elif column is None or not isinstance(column, Person):
            self.role_label.setText("<b>Role:</b> (none selected)")
            self.role_text.show_item(None)

    def _on_role_chosen(self, item, _previous) -> None:
        if item is not None:
            role = item.data(0, _ITEM)
            self.role_label.setText(f"<b>Role:</b> {escape(role.name)}")
            self.role_text.show_item(role)

    # ------------------------------------------------------------------ editing
    def _on_held_changed(self, item: QListWidgetItem) -> None:
        person, role = self.current_person(), item.data(_ITEM)
        if person is None:
            return
        m = self.document.matrix
        want = item.checkState() == Qt.CheckState.Checked
        if want == m.holds(person, role):
            return
        if want:
            self.document.apply(Hold(person, role, f"{person.name} takes “{role.name}”"))
        else:
            self.document.apply(Release(person, role, f"{person.name} leaves “{role.name}”"))

    def set_holds(self, person: Person, role: Role, holds: bool) -> None:
        """Give a person a role or take it away (one undo step)."""
        if holds == self.document.matrix.holds(person, role):
            return
        edit = Hold(person, role) if holds else Release(person, role)
        self.document.apply(edit)

    def add_person(self, name: str | None = None, roles: tuple[Role, ...] = ()) -> Person | None:
        if name is None:
            from PySide6.QtWidgets import QInputDialog

            name, ok = QInputDialog.getText(self, "Add a person", "Name:")
            if not ok:
                return None
        name = " ".join(name.split())
        if not name:
            return None
        self._warn_if_taken(name)
        person = Person(name)
        self.document.apply(InsertPerson(person, None, tuple(roles), f"Add {name}"))
        for i in range(self.people.count()):
            if self.people.item(i).data(_ITEM) is person:
                self.people.setCurrentRow(i)
        return person

    def rename_person(self, name: str | None = None) -> bool:
        person = self.current_person()
        if person is None:
            return False
        if name is None:
            from PySide6.QtWidgets import QInputDialog

            name, ok = QInputDialog.getText(self, "Rename", "New name:", text=person.name)
            if not ok:
                return False
        name = " ".join(name.split())
        if not name or name == person.name:
            return False
        self._warn_if_taken(name, person)
        self.document.apply(SetField(person, "name", name, f"Rename {person.name} to {name}"))
        return True

    def _warn_if_taken(self, name: str, person: Person | None = None) -> None:
        """Two people may share a name, but the views and the sums across files then cannot
        tell them apart: say so."""
        key = name.casefold()
        if any(p is not person and p.name.casefold() == key for p in self.document.matrix.people):
            self.sig_message.emit(
                f"Another person is already named “{name}”: add what tells them apart (a surname, "
                "a team), or the views and the sums across files will take them for one."
            )

    def remove_person(self) -> bool:
        person = self.current_person()
        if person is None:
            return False
        self.document.apply(Batch((RemovePerson(person),), f"Remove {person.name}"))
        return True
