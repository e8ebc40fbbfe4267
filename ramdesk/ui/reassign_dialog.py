"""What if: hand a person's roles (or a role) to someone else, or remove a role — previewed first.

The dialogs show the problems and loads the matrix would have, then commit the same edit as one
undoable step ("Apply"), or discard it ("Cancel").
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ramdesk.model import Deliverable, Edit, Person, Role
from ramdesk.rules import whatif
from ramdesk.rules.whatif import Loss, Preview

from .document import Document
from .safety import tooltip
from .style import DARK_SEVERITY_COLORS, SEVERITY_COLORS, SEVERITY_MARKS, is_dark

_OPEN = "open"
_NEW = "new"
_MAX_LISTED = 60


def _fmt(x: float) -> str:
    if not math.isfinite(x):
        return "—"
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def preview_html(p: Preview, before_counts: dict[str, int], before_health: float) -> str:
    """The preview in words: problem counts before and after, what appears and goes, loads."""
    esc = html.escape
    out = []
    parts = []
    for severity, word in (("error", "errors"), ("warning", "warnings"), ("info", "notes")):
        a, b = before_counts.get(severity, 0), p.counts.get(severity, 0)
        arrow = f"{a} → <b>{b}</b>" if a != b else str(b)
        parts.append(f"{word} {arrow}")
    health = (
        f"{before_health:.0%} → <b>{p.health:.0%}</b>"
        if abs(before_health - p.health) > 1e-9
        else f"{p.health:.0%}"
    )
    out.append(f"<p>{', '.join(parts)}; valid deliverables {health}</p>")

    colours = DARK_SEVERITY_COLORS if is_dark() else SEVERITY_COLORS  # legible on the window

    def listing(title: str, problems, colour: str) -> None:
        if not problems:
            return
        items = "".join(
            f"<li><span style='color:{colours[q.severity]}'>{SEVERITY_MARKS[q.severity]}</span> "
            f"{esc(q.message)}</li>"
            for q in problems[:_MAX_LISTED]
        )
        more = (
            f"<li>… and {len(problems) - _MAX_LISTED} more</li>"
            if len(problems) > _MAX_LISTED
            else ""
        )
        out.append(
            f"<h4 style='color:{colour}'>{esc(title)} ({len(problems)})</h4><ul>{items}{more}</ul>"
        )

    listing("New problems", p.added, "#D55E00")
    listing("Problems that go away", p.cleared, "#009E73")
    changed = p.changed_loads()
    if changed:
        rows = []
        for person, old, new in changed[:_MAX_LISTED]:
            a = old.load if old else 0.0
            b = new.load if new else 0.0
            mark = " ▲ overloaded" if new is not None and new.overloaded else ""
            rows.append(
                f"<tr><td>{esc(person.name)}</td><td align=right>{_fmt(a)}</td><td>→</td>"
                f"<td align=right><b>{_fmt(b)}</b></td><td style='color:#D55E00'>{mark}</td></tr>"
            )
        limit = f" (overloaded above {_fmt(p.limit)})" if math.isfinite(p.limit) else ""
        out.append(f"<h4>Loads{limit}</h4><table cellspacing=4>{''.join(rows)}</table>")
    if not p.added and not p.cleared and not changed:
        out.append("<p>Nothing would change.</p>")
    return "".join(out)


class _PreviewMixin:
    """Shared by both dialogs: recompute the preview shortly after a choice changes."""

    document: Document
    view: QTextBrowser
    apply_button: object

    def _setup_preview(self) -> None:
        self._timer = QTimer(self)  # type: ignore[arg-type]
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self.update_preview)
        self.preview: Preview | None = None

    def schedule(self) -> None:
        self._timer.start()

    def current_edit(self) -> Edit | None:  # pragma: no cover - overridden
        raise NotImplementedError

    def update_preview(self) -> None:
        """Recompute the preview now (the dialog does it by itself shortly after each choice)."""
        self._timer.stop()
        try:
            edit = self.current_edit()
        except ValueError as error:
            edit = None
            self.view.setHtml(f"<p>{html.escape(str(error))}</p>")
        else:
            if edit is None:
                self.view.setHtml("<p>Choose what to change.</p>")
        self.preview = None
        if edit is not None:
            checker = self.document.checker
            counts, health = checker.counts(), checker.health()
            self.preview = whatif.preview(self.document.matrix, edit, checker)
            self.view.setHtml(preview_html(self.preview, counts, health))
        self.apply_button.setEnabled(self.preview is not None)  # type: ignore[attr-defined]

    def commit(self) -> None:
        """Make the previewed change: one undoable step."""
        if self._timer.isActive() or self.preview is None:
            self.update_preview()
        if self.preview is None:
            return
        edit = self.preview.edit
        self.document.apply(edit, getattr(edit, "label", None))
        self.accept()  # type: ignore[attr-defined]


class ReassignDialog(_PreviewMixin, QDialog):
    """Hand all of a person's roles (or one role's holders) to someone else, a new person, or
    nobody (the seat stays open); see the resulting problems and loads before applying."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("What if…")
        self.resize(640, 620)
        self._setup_preview()

        self.by_person = QRadioButton("A person’s roles", self)
        self.by_role = QRadioButton("A role", self)
        self.by_person.setChecked(True)
        kind = QButtonGroup(self)
        kind.addButton(self.by_person)
        kind.addButton(self.by_role)
        kind.buttonToggled.connect(lambda *_: self._on_kind())
        self.person = QComboBox(self)
        self.person.setAccessibleName("Whose roles")
        self.person.currentIndexChanged.connect(self._on_person)
        self.roles = QListWidget(self)
        self.roles.setMaximumHeight(110)
        self.roles.setAccessibleName("Which of their roles")
        self.roles.itemChanged.connect(lambda _i: self.schedule())
        self.role = QComboBox(self)
        self.role.setAccessibleName("Which role")
        self.role.currentIndexChanged.connect(lambda _i: self._fill_targets())
        self.target = QComboBox(self)
        self.target.setAccessibleName("Give to")
        self.target.currentIndexChanged.connect(self._on_target)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("Name of the new person")
        self.new_name.setAccessibleName("Name of the new person")
        self.remove_button = QPushButton("Remove the role &instead…", self)
        self.remove_button.setToolTip(
            "Delete the role, choosing per deliverable which role takes its codes over"
        )
        self.remove_button.clicked.connect(self.remove_role)
        self.new_name.textChanged.connect(lambda _t: self.schedule())
        self.view = QTextBrowser(self)
        self.view.setAccessibleName("What would change")

        kinds = QHBoxLayout()
        kinds.addWidget(self.by_person)
        kinds.addWidget(self.by_role)
        kinds.addStretch(1)
        form = QFormLayout()
        form.addRow("Move:", kinds)
        form.addRow("Person:", self.person)
        form.addRow("Their roles:", self.roles)
        form.addRow("Role:", self.role)
        form.addRow("Give to:", self.target)
        form.addRow("", self.new_name)
        remove_row = QHBoxLayout()
        remove_row.addWidget(self.remove_button)
        remove_row.addStretch(1)
        form.addRow("", remove_row)
        self._form = form
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setToolTip("Make the change (one step: Undo takes it back)")
        buttons.accepted.connect(self.commit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("What would change:", self))
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)

        m = document.matrix
        for p in m.people:
            self.person.addItem(p.name or "(unnamed)", p)
        for r in m.roles:
            self.role.addItem(r.name or "(unnamed)", r)
        if not m.people:
            self.by_role.setChecked(True)
        self._on_kind()

    # ------------------------------------------------------------------ choices
    def choose(self, subject: object) -> None:
        """Start from a person or a role."""
        if isinstance(subject, Person):
            self.by_person.setChecked(True)
            self.person.setCurrentIndex(self.person.findData(subject))
        elif isinstance(subject, Role):
            self.by_role.setChecked(True)
            self.role.setCurrentIndex(self.role.findData(subject))
        self._on_kind()

    def set_target(self, target: Person | str | None) -> None:
        """Give to a person, a new person (a name), or nobody (None)."""
        if isinstance(target, str):
            self.target.setCurrentIndex(self.target.findData(_NEW))
            self.new_name.setText(target)
        else:
            self.target.setCurrentIndex(self.target.findData(_OPEN if target is None else target))
        self.schedule()

    def _on_kind(self) -> None:
        person = self.by_person.isChecked()
        for widget in (self.person, self.roles):
            widget.setVisible(person)
            self._form.labelForField(widget).setVisible(person)
        self.role.setVisible(not person)
        self._form.labelForField(self.role).setVisible(not person)
        self.remove_button.setVisible(not person)
        self._on_person()

    def _on_person(self) -> None:
        self.roles.blockSignals(True)
        self.roles.clear()
        p = self.person.currentData()
        if p is not None:
            for r in self.document.matrix.roles_of(p):
                item = QListWidgetItem(r.name or "(unnamed)")
                item.setData(Qt.ItemDataRole.UserRole, r)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                if r.description:
                    item.setToolTip(tooltip(r.description))
                self.roles.addItem(item)
        self.roles.blockSignals(False)
        self._fill_targets()

    def _fill_targets(self) -> None:
        keep = self.target.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem("Nobody: leave the seat open", _OPEN)
        self.target.addItem("A new person…", _NEW)
        leaving = self.person.currentData() if self.by_person.isChecked() else None
        for p in self.document.matrix.people:
            if p is not leaving:
                roles = ", ".join(r.name for r in self.document.matrix.roles_of(p))
                self.target.addItem(f"{p.name} ({roles})" if roles else p.name, p)
        index = self.target.findData(keep) if keep is not None else -1
        self.target.setCurrentIndex(index if index >= 0 else (2 if self.target.count() > 2 else 0))
        self.target.blockSignals(False)
        self._on_target()

    def _on_target(self) -> None:
        self.new_name.setVisible(self.target.currentData() == _NEW)
        self.schedule()

    def remove_role(self) -> bool:
        """Open the removal of the chosen role instead; True (and this closes) if it was removed."""
        role = self.role.currentData()
        if role is None:
            return False
        dialog = RemoveRoleDialog(self.document, role, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.accept()
        return True

    def chosen_roles(self) -> list[Role]:
        out = []
        for i in range(self.roles.count()):
            item = self.roles.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def current_edit(self) -> Edit | None:
        m = self.document.matrix
        data = self.target.currentData()
        target: Person | str | None
        if data == _NEW:
            target = self.new_name.text().strip()
            if not target:
                return None
        else:
            target = None if data == _OPEN else data
        if self.by_person.isChecked():
            person = self.person.currentData()
            roles = self.chosen_roles()
            if person is None or not roles:
                return None
            return whatif.reassign_person(m, person, target, roles)
        role = self.role.currentData()
        if role is None:
            return None
        return whatif.reassign_role(m, role, target)


# ---------------------------------------------------------------------------- removing a role
class _RoleChoice(QStyledItemDelegate):
    """Edits the "Give to" column with a list of the other roles."""

    def __init__(self, dialog: RemoveRoleDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        combo.addItem("Nobody (the codes go)", None)
        for role in self.dialog.others:
            combo.addItem(role.name or "(unnamed)", role)
        return combo

    def setEditorData(self, editor, index):
        d = self.dialog.losses[index.row()].deliverable
        editor.setCurrentIndex(max(0, editor.findData(self.dialog.moves.get(d))))

    def setModelData(self, editor, model, index):
        self.dialog.give(self.dialog.losses[index.row()].deliverable, editor.currentData())


class RemoveRoleDialog(_PreviewMixin, QDialog):
    """Remove a role: every code it holds is listed (which deliverables lose their A or R) and can
    be handed to another role per deliverable or all at once, before the role goes."""

    def __init__(self, document: Document, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.role = role
        self.setWindowTitle(f"Remove role “{role.name}”")
        self.resize(700, 640)
        self._setup_preview()
        m = document.matrix
        self.losses: list[Loss] = whatif.removal_losses(m, role)
        self.others = [r for r in m.roles if r is not role]
        self.moves: dict[Deliverable, Role | None] = {}
        self._rows = {loss.deliverable: i for i, loss in enumerate(self.losses)}

        critical = sum(1 for loss in self.losses if loss.critical)
        intro = QLabel(self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        if self.losses:
            intro.setText(
                f"“{role.name}” holds codes on {len(self.losses)} deliverables; {critical} of them "
                "would be left without a code they need (▲). Choose who takes them over."
            )
        else:
            intro.setText(f"“{role.name}” holds no codes: removing it loses nothing.")
        self.all_to = QComboBox(self)
        self.all_to.addItem("Choose per deliverable", "each")
        self.all_to.addItem("Nobody (the codes go)", None)
        for r in self.others:
            self.all_to.addItem(r.name or "(unnamed)", r)
        self.all_to.setAccessibleName("Give every code to")
        self.all_to.currentIndexChanged.connect(self._on_all)

        self.table = QTableWidget(len(self.losses), 4, self)
        self.table.setHorizontalHeaderLabels(
            ["", "Deliverable", "Codes", "Give to (double-click or F2)"]
        )
        self.table.setAccessibleName("The role's codes, and who takes them over")
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons; arrows move inside
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setItemDelegateForColumn(3, _RoleChoice(self))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        for col, width in enumerate((26, 300, 70, 200)):
            self.table.setColumnWidth(col, width)
        for row, loss in enumerate(self.losses):
            mark = QTableWidgetItem("▲" if loss.critical else "")
            if loss.critical:
                why = f"Would be left without {', '.join(loss.left_without)}"
                mark.setToolTip(tooltip(why))
                mark.setData(Qt.ItemDataRole.AccessibleTextRole, why)
            name = QTableWidgetItem(loss.deliverable.name)
            codes = QTableWidgetItem("/".join(loss.codes))
            for item in (mark, name, codes):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 0, mark)
            self.table.setItem(row, 1, name)
            self.table.setItem(row, 2, codes)
            self.table.setItem(row, 3, QTableWidgetItem("Nobody (the codes go)"))
        self.view = QTextBrowser(self)
        self.view.setAccessibleName("What would change")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = buttons.addButton("Remove role", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.commit)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        give = QLabel("&Give every code to:", self)
        give.setBuddy(self.all_to)
        row.addWidget(give)
        row.addWidget(self.all_to, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.table, 2)
        layout.addWidget(QLabel("What would change:", self))
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.schedule()

    def give(self, deliverable: Deliverable, role: Role | None) -> None:
        """Hand one deliverable's codes to a role (None: let them go)."""
        self.moves[deliverable] = role
        row = self._rows[deliverable]
        self.table.item(row, 3).setText(role.name if role is not None else "Nobody (the codes go)")
        self.schedule()

    def give_all(self, role: Role | None) -> None:
        self.all_to.setCurrentIndex(self.all_to.findData(role))

    def _on_all(self) -> None:
        data = self.all_to.currentData()
        if data == "each":
            return
        for loss in self.losses:
            self.give(loss.deliverable, data)

    def current_edit(self) -> Edit | None:
        return whatif.remove_role(self.document.matrix, self.role, dict(self.moves))
