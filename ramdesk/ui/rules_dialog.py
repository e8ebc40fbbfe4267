"""Rules and thresholds for this matrix (saved with it), and the matrix's own details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ramdesk.model import Batch, RuleSettings, SetMatrixField, SetSettings
from ramdesk.rules import DEFAULT_THRESHOLDS, RULES

from .document import Document
from .problems_panel import severity_icon
from .style import SEVERITY_WORDS

#: Thresholds in the user's words: name -> (label, minimum, maximum, step, is a share).
THRESHOLD_LABELS = {
    "role.bottleneck_share": (
        "A role doing or approving more than this share is a bottleneck",
        0.05,
        1.0,
        0.05,
        True,
    ),
    "role.min_deliverables": ("Column checks start at this many deliverables", 0, 1000, 1, False),
    "person.overload_share": (
        "A person above this share of the heaviest possible load is overloaded",
        0.05,
        1.0,
        0.05,
        True,
    ),
}


class RulesDialog(QDialog):
    """Switch checks on and off and change their thresholds; one undoable step."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rules and thresholds for this matrix")
        self.document = document
        settings = document.matrix.settings
        counts: dict[str, int] = {}
        for p in document.checker.all():
            counts[p.rule] = counts.get(p.rule, 0) + 1
        self.rules = QTreeWidget(self)
        self.rules.setHeaderLabels(["Check", "Found now"])
        self.rules.setRootIsDecorated(False)
        self.rules.setAccessibleName("Checks")
        for rule, (severity, title) in RULES.items():
            item = QTreeWidgetItem([title, str(counts.get(rule, 0))])
            item.setData(0, Qt.ItemDataRole.UserRole, rule)
            item.setIcon(0, severity_icon(severity))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                0, Qt.CheckState.Checked if settings.enabled(rule) else Qt.CheckState.Unchecked
            )
            item.setToolTip(0, f"{rule} — usually {SEVERITY_WORDS[severity].lower()}")
            # The icon says the severity to the eye; this says it to a screen reader.
            item.setData(
                0,
                Qt.ItemDataRole.AccessibleTextRole,
                f"{title} ({SEVERITY_WORDS[severity].lower()})",
            )
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.rules.addTopLevelItem(item)
        self.rules.resizeColumnToContents(0)
        self.thresholds: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        for name, default in DEFAULT_THRESHOLDS.items():
            label, low, high, step, share = THRESHOLD_LABELS.get(name, (name, 0, 1e6, 1, False))
            box = QDoubleSpinBox(self)
            box.setRange(low, high)
            box.setSingleStep(step)
            box.setDecimals(2 if share else 0)
            box.setValue(float(settings.thresholds.get(name, default)))
            box.setAccessibleName(label)
            box.setToolTip(f"Default {default:g}")
            self.thresholds[name] = box
            text = QLabel(label, self)
            text.setBuddy(box)
            form.addRow(text, box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self.restore_defaults
        )
        intro = QLabel(
            "&Checks — untick one to switch it off for this matrix (saved with it):", self
        )
        intro.setBuddy(self.rules)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.rules, 1)
        layout.addWidget(QLabel("<b>Thresholds</b>", self))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(640, 620)

    def set_rule(self, rule: str, on: bool) -> None:
        for i in range(self.rules.topLevelItemCount()):
            item = self.rules.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == rule:
                item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(rule)

    def restore_defaults(self) -> None:
        for i in range(self.rules.topLevelItemCount()):
            self.rules.topLevelItem(i).setCheckState(0, Qt.CheckState.Checked)
        for name, box in self.thresholds.items():
            box.setValue(DEFAULT_THRESHOLDS[name])

    def settings(self) -> RuleSettings:
        old = self.document.matrix.settings
        disabled = {x for x in old.disabled if ":" in x}  # per-code switches stay as they were
        for i in range(self.rules.topLevelItemCount()):
            item = self.rules.topLevelItem(i)
            if item.checkState(0) != Qt.CheckState.Checked:
                disabled.add(item.data(0, Qt.ItemDataRole.UserRole))
        thresholds = {
            name: box.value()
            for name, box in self.thresholds.items()
            if abs(box.value() - DEFAULT_THRESHOLDS[name]) > 1e-9
        }
        return RuleSettings(disabled, thresholds, dict(old.weights))

    def accept(self) -> None:
        new = self.settings()
        if new.to_dict() != self.document.matrix.settings.to_dict():
            self.document.apply(SetSettings(new, "Change the rules"))
        super().accept()


class PropertiesDialog(QDialog):
    """The matrix's name and free details (project, version, author) printed in titles."""

    FIELDS = ("project", "version", "author", "status")

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Matrix details")
        self.document = document
        matrix = document.matrix
        self.name = QLineEdit(matrix.name, self)
        self.name.setAccessibleName("Matrix name")
        # The usual details first, unless the matrix already has them under another case.
        have = {k.casefold() for k in matrix.properties}
        keys = [k for k in self.FIELDS if k not in matrix.properties and k not in have]
        keys += list(matrix.properties)
        self.table = QTableWidget(len(keys) + 2, 2, self)
        self.table.setHorizontalHeaderLabels(["Detail", "Value"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Details")
        self.table.setTabKeyNavigation(False)  # Tab goes on to OK; arrows move between cells
        for r, key in enumerate(keys):
            self.table.setItem(r, 0, QTableWidgetItem(key))
            self.table.setItem(r, 1, QTableWidgetItem(matrix.properties.get(key, "")))
        form = QFormLayout()
        form.addRow("&Name", self.name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(480, 360)

    def accept(self) -> None:
        matrix = self.document.matrix
        edits = []
        name = " ".join(self.name.text().split())
        if name and name != matrix.name:
            edits.append(SetMatrixField("name", name))
        seen = set()
        for r in range(self.table.rowCount()):
            key_item, value_item = self.table.item(r, 0), self.table.item(r, 1)
            key = key_item.text().strip() if key_item else ""
            value = value_item.text().strip() if value_item else ""
            if not key:
                continue
            seen.add(key)
            if value != matrix.properties.get(key, ""):
                edits.append(SetMatrixField(f"property:{key}", value))
        for key in matrix.properties:
            if key not in seen:
                edits.append(SetMatrixField(f"property:{key}", ""))
        if edits:
            self.document.apply(Batch(tuple(edits), "Change the matrix details"))
        super().accept()
