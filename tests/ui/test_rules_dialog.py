"""The rules dialog and the matrix details: changes are one undoable step saved with the matrix,
the dialogs are worked from the keyboard and name their controls."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QWidget,
)

from ramdesk.rules import DEFAULT_THRESHOLDS
from ramdesk.ui.document import Document
from ramdesk.ui.rules_dialog import PropertiesDialog, RulesDialog

from .conftest import small_matrix


@pytest.fixture
def document():
    return Document(small_matrix())


def make(qtbot, cls, document):
    dialog = cls(document)
    qtbot.addWidget(dialog)
    return dialog


def show_active(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)


def button(dialog, which):
    box = dialog.findChild(QDialogButtonBox)
    return box.button(which)


def rule_item(dialog, rule):
    tree = dialog.rules
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item.data(0, Qt.ItemDataRole.UserRole) == rule:
            return item
    raise KeyError(rule)


def test_each_check_shows_how_often_it_is_found_now(qtbot, document):
    dialog = make(qtbot, RulesDialog, document)
    assert rule_item(dialog, "row.excess").text(1) == "1"
    assert rule_item(dialog, "person.double_accountable").text(1) == "1"
    assert rule_item(dialog, "row.empty").text(1) == "0"
    assert "error" in rule_item(dialog, "person.double_accountable").data(
        0, Qt.ItemDataRole.AccessibleTextRole
    )


def test_a_check_switched_off_with_the_space_bar_is_one_step_and_rechecks(qtbot, document):
    dialog = make(qtbot, RulesDialog, document)
    show_active(qtbot, dialog)
    tree = dialog.rules
    tree.setFocus()
    tree.setCurrentItem(rule_item(dialog, "row.excess"))
    qtbot.keyClick(tree, Qt.Key.Key_Space)
    assert rule_item(dialog, "row.excess").checkState(0) == Qt.CheckState.Unchecked
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not document.matrix.settings.enabled("row.excess")
    assert [p.rule for p in document.checker.all()] == ["person.double_accountable"]
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.matrix.settings.enabled("row.excess")
    assert len(document.checker.all()) == 2


def test_a_threshold_is_kept_with_the_matrix_and_survives_saving(qtbot, document, tmp_path):
    from ramdesk.io import load, save

    dialog = make(qtbot, RulesDialog, document)
    box = dialog.thresholds["person.overload_share"]
    box.setValue(0.75)
    dialog.accept()
    assert document.matrix.settings.thresholds == {"person.overload_share": 0.75}
    target = tmp_path / "with-rules.xlsx"
    save(document.matrix, target, layout="ramdesk")
    assert load(target).settings.thresholds == {"person.overload_share": 0.75}


def test_restore_defaults_then_ok_undoes_earlier_choices(qtbot, document):
    dialog = make(qtbot, RulesDialog, document)
    dialog.set_rule("row.empty", False)
    dialog.thresholds["role.min_deliverables"].setValue(2)
    dialog.accept()
    assert not document.matrix.settings.enabled("row.empty")
    again = make(qtbot, RulesDialog, document)
    assert rule_item(again, "row.empty").checkState(0) == Qt.CheckState.Unchecked
    assert again.thresholds["role.min_deliverables"].value() == 2
    qtbot.mouseClick(
        button(again, QDialogButtonBox.StandardButton.RestoreDefaults), Qt.MouseButton.LeftButton
    )
    again.accept()
    settings = document.matrix.settings
    assert settings.enabled("row.empty") and settings.thresholds == {}
    assert again.thresholds["role.min_deliverables"].value() == pytest.approx(
        DEFAULT_THRESHOLDS["role.min_deliverables"]
    )
    assert document.undo_stack.count() == 2


def test_cancel_and_an_unchanged_ok_change_nothing(qtbot, document):
    before = document.matrix.snapshot()
    dialog = make(qtbot, RulesDialog, document)
    dialog.set_rule("row.excess", False)
    dialog.reject()
    make(qtbot, RulesDialog, document).accept()
    assert document.matrix.snapshot() == before
    assert document.undo_stack.count() == 0


def test_an_unknown_rule_is_a_clear_error(qtbot, document):
    with pytest.raises(KeyError):
        make(qtbot, RulesDialog, document).set_rule("no.such.rule", False)


# ---------------------------------------------------------------------- keyboard and names
def focus_chain(qtbot, start: QWidget, steps: int = 40) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(steps):
        widget = QApplication.focusWidget()
        if widget is None or widget in seen:
            break
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return seen


def named(widget: QWidget) -> bool:
    if widget.accessibleName():
        return True
    if isinstance(widget, QAbstractButton) and widget.text():
        return True
    return any(label.buddy() is widget for label in widget.window().findChildren(QLabel))


def test_rules_dialog_is_worked_from_the_keyboard(qtbot, document):
    dialog = make(qtbot, RulesDialog, document)
    show_active(qtbot, dialog)
    chain = focus_chain(qtbot, dialog.rules)
    spins = [w for w in chain if isinstance(w, QDoubleSpinBox)]
    assert dialog.rules in chain and len(spins) == len(dialog.thresholds)
    for which in ("Ok", "Cancel", "RestoreDefaults"):
        assert button(dialog, getattr(QDialogButtonBox.StandardButton, which)) in chain
    assert all(named(w) for w in chain), [w for w in chain if not named(w)]
    # Alt+C reaches the list of checks from anywhere in the dialog.
    spins[0].setFocus()
    qtbot.keyClick(spins[0], Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.rules


def test_details_dialog_is_worked_from_the_keyboard(qtbot, document):
    dialog = make(qtbot, PropertiesDialog, document)
    show_active(qtbot, dialog)
    chain = focus_chain(qtbot, dialog.name)
    assert dialog.table in chain  # and Tab leaves it again:
    assert button(dialog, QDialogButtonBox.StandardButton.Ok) in chain
    assert all(named(w) for w in chain), [w for w in chain if not named(w)]


# ---------------------------------------------------------------------- the matrix's details
def test_details_are_one_step(qtbot, document):
    matrix = document.matrix
    matrix.properties["Owner"] = "PMO"
    dialog = make(qtbot, PropertiesDialog, document)
    keys = [
        dialog.table.item(r, 0).text()
        for r in range(dialog.table.rowCount())
        if dialog.table.item(r, 0)
    ]
    assert keys == ["project", "version", "author", "status", "Owner"]
    dialog.name.setText("  Website   relaunch 2  ")
    dialog.table.item(1, 1).setText("1.2")
    dialog.table.item(4, 1).setText("")
    dialog.accept()
    assert matrix.name == "Website relaunch 2"
    assert matrix.properties.get("version") == "1.2"
    assert "Owner" not in matrix.properties or not matrix.properties["Owner"]
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert matrix.name == "Website relaunch" and matrix.properties.get("Owner") == "PMO"


def test_a_detail_the_matrix_has_in_another_case_is_not_offered_twice(qtbot, document):
    document.matrix.properties["Version"] = "2.3"
    dialog = make(qtbot, PropertiesDialog, document)
    keys = [
        dialog.table.item(r, 0).text().casefold()
        for r in range(dialog.table.rowCount())
        if dialog.table.item(r, 0)
    ]
    assert keys.count("version") == 1
