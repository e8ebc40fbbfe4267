"""The scheme dialog: OK uses what the user chose or edited, whichever tab is showing; it maps the
codes in use; it is reachable from the keyboard and names its controls for screen readers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QColorDialog,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QTabBar,
    QWidget,
)

from ramdesk.model import builtin_scheme
from ramdesk.ui.document import Document
from ramdesk.ui.scheme_dialog import SchemeDialog
from ramdesk.ui.scheme_editor import parse_pairs

from .conftest import find, small_matrix

CHOOSE, EDIT = 0, 1


@pytest.fixture
def document():
    return Document(small_matrix())


@pytest.fixture
def dialog(qtbot, document):
    d = SchemeDialog(document)
    qtbot.addWidget(d)
    return d


def ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def press_ok(qtbot, dialog):
    qtbot.mouseClick(ok(dialog), Qt.MouseButton.LeftButton)


def meaning_of(editor, letter):
    for r in range(editor.codes.rowCount()):
        if editor.codes.item(r, 0).text() == letter:
            return r
    raise KeyError(letter)


def edit_meaning(editor, letter, text):
    """Type into a code's Meaning cell as a user would (the table reports the change)."""
    editor.codes.item(meaning_of(editor, letter), 5).setText(text)


def test_choosing_a_builtin_and_pressing_ok_uses_it_as_one_undoable_step(qtbot, dialog, document):
    dialog.select("rasci")
    press_ok(qtbot, dialog)
    assert document.matrix.scheme is builtin_scheme("rasci")
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.matrix.scheme.key == "raci"


def test_a_builtin_chosen_then_glanced_at_on_the_edit_tab_stays_the_builtin(
    qtbot, dialog, document
):
    dialog.select("rasci")
    dialog.tabs.setCurrentIndex(EDIT)  # shows RASCI's codes; nothing edited
    assert [dialog.editor.codes.item(r, 0).text() for r in range(5)] == list("RASCI")
    press_ok(qtbot, dialog)
    scheme = document.matrix.scheme
    assert scheme.builtin and scheme.key == "rasci" and scheme.name == "RASCI"


def test_edits_are_used_even_when_the_choose_tab_is_showing(qtbot, dialog, document):
    dialog.tabs.setCurrentIndex(EDIT)
    edit_meaning(dialog.editor, "C", "Asked before the decision")
    dialog.tabs.setCurrentIndex(CHOOSE)
    assert dialog.choices.currentItem().text() == "Your edits: RACI (custom)"
    assert "RACI (custom)" in dialog.using.text()
    press_ok(qtbot, dialog)
    scheme = document.matrix.scheme
    assert not scheme.builtin
    assert scheme.code("C").description == "Asked before the decision"
    assert (
        document.matrix.code(
            find(document.matrix.deliverables, "Wireframes"),
            find(document.matrix.roles, "Designer"),
        )
        == "R"
    )


def test_edits_on_the_edit_tab_are_used_when_it_is_showing(qtbot, dialog, document):
    dialog.tabs.setCurrentIndex(EDIT)
    dialog.editor.name.setText("Our RACI")
    dialog.editor.name.textEdited.emit("Our RACI")
    press_ok(qtbot, dialog)
    assert document.matrix.scheme.name == "Our RACI"


def test_choosing_another_scheme_after_editing_uses_it_and_the_edits_can_be_chosen_again(
    qtbot, dialog, document
):
    dialog.tabs.setCurrentIndex(EDIT)
    edit_meaning(dialog.editor, "I", "Told afterwards")
    dialog.select("paris")
    assert dialog.chosen() is builtin_scheme("paris")
    assert dialog.editor.codes.item(0, 0).text() == "P"  # the Edit tab follows the choice
    dialog.choices.setCurrentRow(0)  # "Your edits"
    assert dialog.editor.codes.item(meaning_of(dialog.editor, "I"), 5).text() == ("Told afterwards")
    dialog.tabs.setCurrentIndex(CHOOSE)
    press_ok(qtbot, dialog)
    assert document.matrix.scheme.code("I").description == "Told afterwards"


def test_an_edited_scheme_that_is_not_valid_cannot_be_used_and_says_why(qtbot, dialog, document):
    dialog.tabs.setCurrentIndex(EDIT)
    dialog.editor.separation.setText("R/Z")
    dialog.editor.separation.textEdited.emit("R/Z")
    dialog.tabs.setCurrentIndex(CHOOSE)
    assert not ok(dialog).isEnabled()
    assert "not yet valid" in dialog.using.text()
    dialog.accept()  # e.g. Enter on a default button elsewhere: nothing is applied
    assert dialog.tabs.currentIndex() == EDIT
    assert "“R/Z” names a code the scheme does not have" in dialog.editor.error.text()
    assert document.undo_stack.count() == 0
    dialog.editor.separation.setText("R/A")
    dialog.editor.separation.textEdited.emit("R/A")
    assert ok(dialog).isEnabled()
    press_ok(qtbot, dialog)
    assert document.matrix.scheme.separation == (("R", "A"),)


def test_codes_in_use_are_mapped_and_a_hand_choice_survives_further_edits(qtbot, dialog, document):
    dialog.select("daci")
    rows = {
        dialog.mapping.item(r, 0).data(Qt.ItemDataRole.UserRole): r
        for r in range(dialog.mapping.rowCount())
    }
    assert set(rows) == {"A", "C", "R"}
    becomes_r = dialog.mapping.cellWidget(rows["R"], 2)
    assert becomes_r.currentData() == "D"  # the one code of the same kind
    becomes_c = dialog.mapping.cellWidget(rows["C"], 2)
    becomes_c.setCurrentIndex(becomes_c.findData(""))  # remove C from the cells
    dialog.tabs.setCurrentIndex(EDIT)
    edit_meaning(dialog.editor, "D", "Drives it")
    assert dialog.mapping.cellWidget(rows["C"], 2).currentData() == ""
    press_ok(qtbot, dialog)
    m = document.matrix
    visual = find(m.deliverables, "Visual design")
    assert m.code(visual, find(m.roles, "Designer")) == "D"
    assert m.code(visual, find(m.roles, "Developer")) == ""
    document.undo_stack.undo()
    assert m.code(visual, find(m.roles, "Developer")) == "C"


def test_a_code_keeps_its_meaning_rather_than_its_letter(qtbot, dialog, document):
    dialog.select("paris")  # RACI's R does the work: PARIS's P, not its R "review required"
    picks = {
        dialog.mapping.item(r, 0).data(Qt.ItemDataRole.UserRole): dialog.mapping.cellWidget(
            r, 2
        ).currentData()
        for r in range(dialog.mapping.rowCount())
    }
    assert picks == {"A": "A", "C": "I", "R": "P"}
    assert dialog.mapping_chosen() == {"C": "I", "R": "P"}
    press_ok(qtbot, dialog)
    m = document.matrix
    assert m.code(find(m.deliverables, "Frontend"), find(m.roles, "Developer")) == "P"


def test_a_code_the_new_scheme_lacks_is_kept_and_flagged(qtbot, dialog, document):
    dialog.select("primary-support")
    picks = {
        dialog.mapping.item(r, 0).data(Qt.ItemDataRole.UserRole): dialog.mapping.cellWidget(
            r, 2
        ).currentData()
        for r in range(dialog.mapping.rowCount())
    }
    assert picks["A"] == "\x00keep" and picks["R"] == "P"
    press_ok(qtbot, dialog)
    m = document.matrix
    assert m.code(find(m.deliverables, "Backend"), find(m.roles, "Sponsor")) == "A"
    assert any(p.rule == "cell.unknown" for p in document.checker.all())


def test_cancel_changes_nothing(qtbot, dialog, document):
    before = document.matrix.snapshot()
    dialog.select("paris")
    edit_meaning(dialog.editor, "P", "Takes part")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert document.matrix.snapshot() == before
    assert document.undo_stack.count() == 0


def test_ok_on_the_current_scheme_adds_no_step(qtbot, dialog, document):
    dialog.tabs.setCurrentIndex(EDIT)
    press_ok(qtbot, dialog)
    assert document.undo_stack.count() == 0


def test_a_colour_can_be_changed_from_the_keyboard(qtbot, dialog, monkeypatch):
    monkeypatch.setattr(QColorDialog, "getColor", lambda *_a, **_k: QColor("#112233"))
    dialog.show()
    dialog.tabs.setCurrentIndex(EDIT)
    codes = dialog.editor.codes
    codes.setFocus()
    codes.setCurrentCell(1, 3)
    qtbot.keyClick(codes, Qt.Key.Key_Return)
    assert codes.item(1, 3).text() == "#112233"
    assert dialog.chosen().codes[1].color == "#112233"


def button(widget, text):
    from PySide6.QtWidgets import QPushButton

    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def test_a_code_added_with_its_button_becomes_part_of_the_scheme(qtbot, dialog, document):
    dialog.tabs.setCurrentIndex(EDIT)
    editor = dialog.editor
    qtbot.mouseClick(button(editor, "&Add code"), Qt.MouseButton.LeftButton)
    row = editor.codes.rowCount() - 1
    assert editor.codes.currentRow() == row
    assert "?" in dialog.chosen().letters  # shown at once, to be given its letter
    editor.codes.item(row, 0).setText("V")
    editor.codes.item(row, 1).setText("Verifier")
    kind = editor.codes.cellWidget(row, 2)
    kind.setCurrentText("review")
    editor.separation.setText("R/V")
    editor.separation.textEdited.emit("R/V")
    press_ok(qtbot, dialog)
    scheme = document.matrix.scheme
    assert scheme.letters == ("R", "A", "C", "I", "V")
    assert scheme.code("V").kind == "review" and scheme.separation == (("R", "V"),)


def test_codes_that_belong_with_one_party_are_edited_and_checked(qtbot, dialog, document):
    dialog.tabs.setCurrentIndex(EDIT)
    editor = dialog.editor
    editor.together.setText("R/A")
    editor.together.textEdited.emit("R/A")
    press_ok(qtbot, dialog)
    assert document.matrix.scheme.together == (("R", "A"),)
    # Every deliverable whose R is not also its A now says so.
    rules = {p.rule for p in document.matrix.checker().all()}
    assert "row.apart" in rules


def test_removing_a_code_in_use_takes_its_limits_and_pairs_and_offers_to_map_it(qtbot, dialog):
    dialog.tabs.setCurrentIndex(EDIT)
    editor = dialog.editor
    editor.codes.setCurrentCell(0, 0)  # R, used on four deliverables, limited, paired with A
    qtbot.mouseClick(button(editor, "&Remove code"), Qt.MouseButton.LeftButton)
    assert dialog.chosen().letters == ("A", "C", "I")
    assert [lim.code for lim in dialog.chosen().row_limits] == ["A", "C", "I"]
    assert editor.combinable.text() == ""
    rows = {
        dialog.mapping.item(r, 0).data(Qt.ItemDataRole.UserRole): r
        for r in range(dialog.mapping.rowCount())
    }
    assert dialog.mapping.cellWidget(rows["R"], 2).currentData() == "\x00keep"


def test_renaming_a_code_letter_takes_its_limits_and_pairs_along(qtbot, dialog):
    dialog.tabs.setCurrentIndex(EDIT)
    editor = dialog.editor
    assert editor.codes.item(0, 0).text() == "R"  # limited, and paired with A
    editor.codes.item(0, 0).setText("D")
    chosen = dialog.chosen()
    assert chosen is not None, editor.error.text()  # valid at once: nothing to edit by hand
    assert chosen.letters == ("D", "A", "C", "I")
    assert "D" in {lim.code for lim in chosen.row_limits} and "R" not in editor.combinable.text()
    assert any({"A", "D"} == set(pair) for pair in chosen.combinable)


def test_a_limit_per_role_is_edited_and_checked(qtbot, dialog, document):
    dialog.tabs.setCurrentIndex(EDIT)
    editor = dialog.editor
    editor.add_limit(editor.role_limits)  # on the first code, R
    table = editor.role_limits
    table.item(0, 1).setText("")
    table.item(0, 2).setText("1")  # no role may do more than one deliverable
    press_ok(qtbot, dialog)
    scheme = document.matrix.scheme
    assert [(lim.code, lim.min, lim.max) for lim in scheme.role_limits] == [("R", None, 1)]
    from ramdesk.ui.rules_dialog import RulesDialog

    rules = RulesDialog(document)  # column checks from the first deliverable on
    qtbot.addWidget(rules)
    rules.thresholds["role.min_deliverables"].setValue(0)
    rules.accept()
    excess = [p for p in document.checker.all() if p.rule == "role.excess"]
    assert [p.role.name for p in excess] == ["Designer", "Developer"]  # each R twice


@pytest.mark.parametrize(
    ("column", "text", "says"),
    [
        (1, "two", "the least number of “A” per deliverable must be a whole number, not “two”"),
        (2, "-1", "the most “A” per deliverable cannot be negative"),
        (1, "3", "the limit per deliverable on “A” asks for at least 3 but at most 1"),
    ],
)
def test_a_limit_that_makes_no_sense_is_explained(qtbot, dialog, column, text, says):
    dialog.tabs.setCurrentIndex(EDIT)
    limits = dialog.editor.limits
    row = next(r for r in range(limits.rowCount()) if limits.item(r, 0).text() == "A")
    limits.item(row, column).setText(text)
    assert dialog.chosen() is None
    assert dialog.editor.error.text() == f"Not yet valid: {says}."
    assert not ok(dialog).isEnabled()


def test_a_weight_that_is_not_a_number_is_explained(qtbot, dialog):
    dialog.tabs.setCurrentIndex(EDIT)
    dialog.editor.codes.item(0, 4).setText("heavy")
    assert dialog.chosen() is None
    assert "the weight of “R” must be a number, not “heavy”" in dialog.editor.error.text()


def test_pairs_are_read_leniently():
    assert parse_pairs("A/R, a-s; X") == [("A", "R"), ("a", "s")]


# ---------------------------------------------------------------------- keyboard and names
def focus_chain(qtbot, dialog, start: QWidget, steps: int = 60) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(steps):
        widget = QApplication.focusWidget()
        assert widget is not None
        if widget in seen:
            break
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return seen


def named(widget: QWidget) -> bool:
    """A screen reader has something to say for it: an accessible name, its own text, or a
    label that is its buddy."""
    if widget.accessibleName():
        return True
    if isinstance(widget, QAbstractButton | QTabBar) and (
        getattr(widget, "text", lambda: "")() or isinstance(widget, QTabBar)
    ):
        return True
    window = widget.window()
    return any(label.buddy() is widget for label in window.findChildren(QLabel))


def show_active(qtbot, dialog):
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)


def test_every_part_is_reached_with_tab_and_named(qtbot, dialog):
    show_active(qtbot, dialog)
    chain = focus_chain(qtbot, dialog, dialog.choices)
    for must in (dialog.choices, dialog.mapping, ok(dialog)):
        assert must in chain, must.accessibleName() or must
    assert any(isinstance(w, QTabBar) for w in chain)
    assert all(named(w) for w in chain), [w for w in chain if not named(w)]

    dialog.tabs.setCurrentIndex(EDIT)
    editor = dialog.editor
    chain = focus_chain(qtbot, dialog, editor.name)
    for must in (
        editor.name,
        editor.combinable,
        editor.separation,
        editor.codes,
        editor.limits,
        editor.role_limits,
    ):
        assert must in chain, must.accessibleName()
    assert ok(dialog) in chain  # the tables do not trap Tab
    assert all(named(w) for w in chain), [
        (type(w).__name__, w.accessibleName()) for w in chain if not named(w)
    ]
    kinds = [editor.codes.cellWidget(r, 2) for r in range(editor.codes.rowCount())]
    assert all(isinstance(k, QComboBox) and k.accessibleName() for k in kinds)


def test_mnemonics_reach_the_tabs_and_fields(qtbot, dialog):
    show_active(qtbot, dialog)
    dialog.choices.setFocus()
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, alt)
    assert dialog.tabs.currentIndex() == EDIT
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_D, alt)
    assert QApplication.focusWidget() is dialog.editor.separation
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_H, alt)
    assert dialog.tabs.currentIndex() == CHOOSE


def test_a_letter_renamed_to_one_in_use_moves_nothing_and_says_why(qtbot, dialog):
    dialog.tabs.setCurrentIndex(EDIT)
    editor = dialog.editor
    pairs = editor.combinable.text()
    editor.codes.item(1, 0).setText("R")  # A -> R, which the first code is
    assert dialog.chosen() is None
    assert "two codes have the letter “R”" in editor.error.text()
    assert editor.combinable.text() == pairs
    editor.codes.item(1, 0).setText("A")  # put back: as it was
    assert dialog.chosen() is not None and editor.combinable.text() == pairs
