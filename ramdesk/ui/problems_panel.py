"""The Problems panel: every problem with severity, message and place; filters; click to go there."""

from __future__ import annotations

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

from ramdesk.rules import RULES, Problem

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

        # The list is rebuilt a moment after the last edit, not on every keystroke.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        document.sig_problems.connect(lambda _r: self.schedule())
        document.sig_replaced.connect(self._fill_filters)
        document.sig_changed.connect(self._on_changed)
        self._fill_filters()

    def schedule(self) -> None:
        self._timer.start()

    def _on_changed(self, change) -> None:
        if change.columns or change.people_list or change.scheme:
            self._fill_filters()

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

    def _accepts(self, p: Problem) -> bool:
        severity = self.severity.currentData()
        if severity == "serious":
            if p.severity == "info":
                return False
        elif severity is not None and p.severity != severity:
            return False
        rule = self.rule.currentData()
        if rule is not None and p.rule != rule:
            return False
        role = self.role.currentData()
        if role is not None and p.role is not role and not self._holds(p.person, role):
            return False
        person = self.person.currentData()
        return not (
            person is not None and p.person is not person and not self._holds(person, p.role)
        )

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
        shown = [p for p in everything if self._accepts(p)]
        self.model.set_problems(shown)
        self.summary.setText(
            f"{len(shown)} of {len(everything)}"
            if len(shown) != len(everything)
            else f"{len(shown)}"
        )
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
        if index.isValid():
            self.sig_locate.emit(self.model.problems[index.row()])

    def step(self, forward: bool = True) -> Problem | None:
        """Go to the next (or previous) problem in the list, wrapping around (F8, Shift+F8)."""
        if self._timer.isActive():
            self.refresh()
        n = self.model.rowCount()
        if n == 0:
            return None
        index = self.view.currentIndex()
        has = index.isValid() and self.view.selectionModel().hasSelection()
        if not has:
            row = 0 if forward else n - 1
        else:
            row = (index.row() + (1 if forward else -1)) % n
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        problem = self.model.problems[row]
        self.sig_locate.emit(problem)
        return problem
