"""The Problems panel: every problem with severity, message and place; filters; click to go there."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ramdesk.rules import RULES, SEVERITY_RANK, Problem

from .document import Document
from .style import SEVERITY_WORDS, paint_mark

_DISPLAY = Qt.ItemDataRole.DisplayRole


def severity_icon(severity: str, size: int = 16) -> QIcon:
    """The severity's mark as an icon (drawn, so it is sharp at any scale)."""
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_mark(painter, QRectF(1, 1, size - 2, size - 2), severity)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def where(problem: Problem) -> str:
    """The place of a problem in words: "Backend · Sponsor", "role Sponsor", "Ada"."""
    parts = []
    if problem.deliverable is not None:
        parts.append(problem.deliverable.name)
    if problem.role is not None:
        parts.append(problem.role.name if parts else f"role {problem.role.name}")
    if problem.person is not None:
        parts.append(problem.person.name if parts else f"person {problem.person.name}")
    return " · ".join(parts)


class ProblemsModel(QAbstractTableModel):
    """A list of problems: severity, message, where."""

    #: The Problem of a row.
    ProblemRole = int(Qt.ItemDataRole.UserRole) + 1
    HEADERS = ("Severity", "Problem", "Where")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.problems: list[Problem] = []
        self._icons: dict[str, QIcon] = {}

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()  # a fresh list from the checker: nothing to carry over
        self.problems = problems
        self.endResetModel()

    def remove_rows(self, rows: list[int]) -> None:
        """Remove these rows (ascending), a run of neighbours at a time, last run first."""
        root = QModelIndex()
        for first, last in reversed(_runs(rows)):
            self.beginRemoveRows(root, first, last)
            del self.problems[first : last + 1]
            self.endRemoveRows()

    def insert_row(self, row: int, problem: Problem) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.problems.insert(row, problem)
        self.endInsertRows()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        p = self.problems[index.row()]
        col = index.column()
        if role == _DISPLAY:
            return (SEVERITY_WORDS[p.severity], p.message, where(p))[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            icon = self._icons.get(p.severity)
            if icon is None:
                icon = self._icons[p.severity] = severity_icon(p.severity)
            return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            title = RULES.get(p.rule, ("", p.rule))[1]
            return f"{p.message}\nFix: {p.fix}\nRule: {title}"
        if role == ProblemsModel.ProblemRole:
            return p
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < 3:
            return self.HEADERS[section]
        return None


#: Past this many re-checked subjects (a paste over thousands of rows), one rebuild of the list
#: costs less than taking out and putting in row by row.
REBUILD_BEYOND = 400


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of neighbours."""
    out: list[tuple[int, int]] = []
    for r in rows:
        if out and out[-1][1] == r - 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def owner(problem: Problem) -> object:
    """The subject a problem is filed under: its deliverable, else its person, else its role
    (the checker reports changes per subject: `Refreshed` names these)."""
    if problem.deliverable is not None:
        return problem.deliverable
    if problem.person is not None:
        return problem.person
    return problem.role


class ProblemsPanel(QWidget):
    """Lists the document's problems; the window puts it in a dock."""

    #: A problem was chosen (clicked, or reached with F8): go to it.
    sig_locate = Signal(object)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = ProblemsModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setIconSize(QSize(14, 14))
        self.view.setAccessibleName("Problems")
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 200)
        self.view.clicked.connect(self._on_clicked)
        self.view.activated.connect(self._on_clicked)
        #: The problem gone to last (F8 or a click) and its row then.
        self._stepped: tuple[Problem, int] | None = None

        self.severity = QComboBox(self)
        self.severity.setAccessibleName("Filter problems by severity")
        for text, data in (
            ("All severities", None),
            ("Errors", "error"),
            ("Warnings", "warning"),
            ("Notes", "info"),
            ("Errors and warnings", "serious"),
        ):
            self.severity.addItem(text, data)
        self.rule = QComboBox(self)
        self.rule.setAccessibleName("Filter problems by rule")
        self.rule.addItem("All rules", None)
        for rule, (_sev, title) in RULES.items():
            self.rule.addItem(title, rule)
        self.role = QComboBox(self)
        self.role.setAccessibleName("Filter problems by role")
        self.person = QComboBox(self)
        self.person.setAccessibleName("Filter problems by person")
        for box in (self.severity, self.rule, self.role, self.person):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(10)
            box.currentIndexChanged.connect(self.refresh)
        self.summary = QLabel(self)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for w in (self.severity, self.rule, self.role, self.person):
            filters.addWidget(w)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.view)

        # After an edit of cells the list changes where the checker says problems changed
        # (rows taken out and put in, in order); after anything that moves rows or roles, or a
        # full check, it is rebuilt a moment after the last such edit.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        #: Every problem (filtered or not) by the subject it is filed under, as last listed.
        self._by_owner: dict[object, list[Problem]] = {}
        self._total = 0
        #: The order key of each listed problem (parallel to the model's list).
        self._keys: list[tuple] = []
        self._places: tuple[dict, dict, dict] = ({}, {}, {})
        self._stale = True
        document.sig_problems.connect(self._on_problems)
        document.sig_replaced.connect(self._fill_filters)
        document.sig_changed.connect(self._on_changed)
        self._fill_filters()

    def schedule(self) -> None:
        self._timer.start()

    def _on_changed(self, change) -> None:
        if change.structural:
            self._stale = True  # rows or roles moved: the listed order is no longer the order
            self.schedule()
        if change.columns or change.people_list or change.scheme:
            self._fill_filters()

    def _on_problems(self, refreshed) -> None:
        many = len(refreshed.deliverables) + len(refreshed.roles) + len(refreshed.people)
        pending = refreshed.full or self._stale or self._timer.isActive() or many > REBUILD_BEYOND
        if pending or not self._update(refreshed):
            self.schedule()

    def _fill_filters(self) -> None:
        matrix = self.document.matrix
        for box, items, label in (
            (self.role, matrix.roles, "All roles"),
            (self.person, matrix.people, "All people"),
        ):
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(label, None)
            for item in items:
                box.addItem(item.name, item)
            found = box.findData(keep) if keep is not None else 0
            box.setCurrentIndex(max(found, 0))
            box.blockSignals(False)
        self.refresh()

    def set_filter(self, severity=None, rule=None, role=None, person=None) -> None:
        """Choose the filters (None: all) — for tests and for panels that point here."""
        for box, value in (
            (self.severity, severity),
            (self.rule, rule),
            (self.role, role),
            (self.person, person),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)
            box.blockSignals(False)
        self.refresh()

    def _filters(self) -> tuple:
        return (
            self.severity.currentData(),
            self.rule.currentData(),
            self.role.currentData(),
            self.person.currentData(),
        )

    def _accepts(self, p: Problem, filters: tuple | None = None) -> bool:
        severity, rule, role, person = filters if filters is not None else self._filters()
        if severity == "serious":
            if p.severity == "info":
                return False
        elif severity is not None and p.severity != severity:
            return False
        if rule is not None and p.rule != rule:
            return False
        if role is not None and p.role is not role and not self._holds(p.person, role):
            return False
        return not (
            person is not None and p.person is not person and not self._holds(person, p.role)
        )

    def _key(self, p: Problem) -> tuple:
        """Where a problem sorts in the checker's order: severity, deliverable, role, person
        (in matrix order; none first for roles and people, last for deliverables), rule."""
        rows, roles, people = self._places
        return (
            SEVERITY_RANK[p.severity],
            rows.get(p.deliverable, len(rows)),
            0 if p.role is None else roles.get(p.role, len(roles) + 1),
            0 if p.person is None else people.get(p.person, len(people) + 1),
            p.rule,
        )

    def _update(self, refreshed) -> bool:
        """Take out and put in the problems of the subjects the checker re-checked; False when
        the result does not add up to the checker's count (then the list is rebuilt)."""
        checker = self.document.checker
        matrix = self.document.matrix
        fresh: dict[object, list[Problem]] = {}
        for d in refreshed.deliverables:
            fresh[d] = checker.problems(deliverable=d) if matrix.contains(d) else []
        for r in refreshed.roles:
            found = checker.problems(role=r) if matrix.contains(r) else []
            fresh[r] = [p for p in found if p.deliverable is None and p.person is None]
        for person in refreshed.people:
            found = checker.problems(person=person) if matrix.contains(person) else []
            fresh[person] = [p for p in found if p.deliverable is None]
        gone: list[Problem] = []
        new: list[Problem] = []
        total = self._total
        for subject, now in fresh.items():
            before = self._by_owner.get(subject, [])
            if before == now:
                continue
            kept = set(now)
            gone.extend(p for p in before if p not in kept)
            was = set(before)
            new.extend(p for p in now if p not in was)
            total += len(now) - len(before)
            if now:
                self._by_owner[subject] = now
            else:
                self._by_owner.pop(subject, None)
        self._total = total
        if total != sum(checker.counts().values()):
            return False
        if gone or new:
            self._apply(gone, new)
        return True

    def _apply(self, gone: list[Problem], new: list[Problem]) -> None:
        model, keys = self.model, self._keys
        listed = model.problems
        rows = []
        for p in gone:
            key = self._key(p)
            i = bisect_left(keys, key)
            while i < len(keys) and keys[i] == key:
                if listed[i] == p and i not in rows:
                    rows.append(i)
                    break
                i += 1
        rows.sort()
        for first, last in reversed(_runs(rows)):
            del keys[first : last + 1]
        model.remove_rows(rows)
        filters = self._filters()
        for p in new:
            if self._accepts(p, filters):
                key = self._key(p)
                i = bisect_right(keys, key)
                keys.insert(i, key)
                model.insert_row(i, p)
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), self._total
        self.summary.setText(f"{shown} of {total}" if shown != total else f"{shown}")

    def _holds(self, person, role) -> bool:
        matrix = self.document.matrix
        if person is None or role is None:
            return False
        return matrix.contains(person) and matrix.contains(role) and matrix.holds(person, role)

    def refresh(self) -> None:
        """Rebuild the list from the checker (keeping the chosen problem when it is still there)."""
        self._timer.stop()
        chosen = self.current_problem()
        everything = self.document.checker.all()
        matrix = self.document.matrix
        self._places = (
            {d: i for i, d in enumerate(matrix.deliverables)},
            {r: i for i, r in enumerate(matrix.roles, start=1)},
            {p: i for i, p in enumerate(matrix.people, start=1)},
        )
        by_owner: dict[object, list[Problem]] = {}
        for p in everything:
            by_owner.setdefault(owner(p), []).append(p)
        self._by_owner = by_owner
        self._total = len(everything)
        self._stale = False
        filters = self._filters()
        shown = [p for p in everything if self._accepts(p, filters)]
        self._keys = [self._key(p) for p in shown]
        self.model.set_problems(shown)
        self._show_count()
        if chosen is not None:
            for i, p in enumerate(shown):
                if p == chosen:
                    self.view.selectRow(i)
                    break

    def current_problem(self) -> Problem | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().hasSelection():
            return None
        return self.model.data(index, ProblemsModel.ProblemRole)

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.model.problems):
            self._stepped = (self.model.problems[index.row()], index.row())
            self.sig_locate.emit(self._stepped[0])

    def step(self, forward: bool = True) -> Problem | None:
        """Go to the next (or previous) problem in the list, wrapping around (F8, Shift+F8).

        The step counts from the problem gone to last: when fixing it took it off the list, the
        next one is the one now in its place (not one further)."""
        if self._timer.isActive():
            self.refresh()
        problems = self.model.problems
        n = len(problems)
        if n == 0:
            return None
        index = self.view.currentIndex()
        has = index.isValid() and self.view.selectionModel().hasSelection()
        last, at = self._stepped or (None, 0)
        if last is not None and last in problems:
            row = (problems.index(last) + (1 if forward else -1)) % n
        elif last is not None:  # fixed, and gone: the one in its place is next
            row = min(at, n - 1) if forward else (at - 1) % n
        elif not has:
            row = 0 if forward else n - 1
        else:
            row = (index.row() + (1 if forward else -1)) % n
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        problem = problems[row]
        self._stepped = (problem, row)
        self.sig_locate.emit(problem)
        return problem
