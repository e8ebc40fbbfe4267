"""Every kind of edit, made through the window's own actions, is one step that the Edit menu's
Undo takes back exactly and Redo makes again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QInputDialog

from .conftest import find
from .flows import go


def select(window, top_left, bottom_right):
    """Select a rectangle of cells by their row and role names."""
    m = window.document.matrix
    model = window.grid.matrix_model
    a = model.index_of(find(m.rows, top_left[0]), find(m.roles, top_left[1]))
    b = model.index_of(find(m.rows, bottom_right[0]), find(m.roles, bottom_right[1]))
    selection = window.grid.selectionModel()
    selection.select(QItemSelection(a, b), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    selection.setCurrentIndex(a, QItemSelectionModel.SelectionFlag.NoUpdate)
    window.grid.setFocus()


def answer_input(monkeypatch, text):
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (text, True))


def edit_menu_action(window, name):
    """The Edit menu's entry (Undo or Redo), which must be enabled to be used."""
    action = window.actions[f"edit.{name}"]
    assert action in window.menus["Edit"].actions()
    assert action.isEnabled(), f"{name} is not enabled"
    return action


# Each edit: (what the user does, through keys and the window's actions).
def type_a_code(qtbot, window, _mp):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "i")


def type_a_pair(qtbot, window, _mp):
    go(window, "Frontend", "Developer")
    qtbot.keyClicks(window.grid, "a/r")


def type_on_a_range(qtbot, window, _mp):
    select(window, ("Wireframes", "Sponsor"), ("Visual design", "Project manager"))
    qtbot.keyClicks(window.grid, "c")


def clear_a_range(qtbot, window, _mp):
    select(window, ("Wireframes", "Project manager"), ("Visual design", "Designer"))
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)


def paste_a_block(qtbot, window, _mp):
    go(window, "Wireframes", "Sponsor")
    QApplication.clipboard().setText("I\tC\tR\r\nC\tI\t\r\n")
    window.actions["edit.paste"].trigger()


def paste_names(qtbot, window, _mp):
    go(window, "Backend", "Sponsor")
    QApplication.clipboard().setText("Load testing\nGo-live checklist\n")
    window.actions["edit.paste"].trigger()


def cut_a_range(qtbot, window, _mp):
    select(window, ("Visual design", "Project manager"), ("Visual design", "Developer"))
    window.actions["edit.cut"].trigger()


def fill_down(qtbot, window, _mp):
    select(window, ("Wireframes", "Designer"), ("Backend", "Designer"))
    window.actions["edit.fill_down"].trigger()


def fill_right(qtbot, window, _mp):
    select(window, ("Frontend", "Project manager"), ("Frontend", "Developer"))
    window.actions["edit.fill_right"].trigger()


def insert_deliverable(qtbot, window, _mp):
    go(window, "Wireframes", "Sponsor")
    window.actions["rows.insert_deliverable"].trigger()


def delete_rows(qtbot, window, _mp):
    select(window, ("Visual design", "Sponsor"), ("Frontend", "Sponsor"))
    window.actions["rows.delete"].trigger()


def rename_row(qtbot, window, mp):
    go(window, "Frontend", "Sponsor")
    answer_input(mp, "Web frontend")
    window.actions["edit.rename"].trigger()


def move_row(qtbot, window, _mp):
    go(window, "Backend", "Sponsor")
    window.actions["rows.move_up"].trigger()


def move_row_down(qtbot, window, _mp):
    go(window, "Wireframes", "Sponsor")
    window.actions["rows.move_down"].trigger()


def insert_group(qtbot, window, _mp):
    select(window, ("Frontend", "Sponsor"), ("Backend", "Sponsor"))
    window.actions["rows.insert_group"].trigger()


def ungroup(qtbot, window, _mp):
    go(window, "Build", "Sponsor")
    window.actions["rows.ungroup"].trigger()


def indent(qtbot, window, _mp):
    go(window, "Build", "Sponsor")  # the group goes into the group above it
    window.actions["rows.indent"].trigger()


def outdent(qtbot, window, _mp):
    go(window, "Visual design", "Sponsor")
    window.actions["rows.outdent"].trigger()


def insert_role(qtbot, window, _mp):
    go(window, "Wireframes", "Designer")
    window.actions["columns.insert_role"].trigger()


def delete_role(qtbot, window, _mp):
    go(window, "Wireframes", "Designer")
    window.actions["columns.delete"].trigger()


def rename_role(qtbot, window, mp):
    m = window.document.matrix
    window.grid.selectColumn(window.grid.matrix_model.column_of(find(m.roles, "Designer")))
    answer_input(mp, "UX designer")
    window.actions["edit.rename"].trigger()


def move_role(qtbot, window, _mp):
    go(window, "Wireframes", "Developer")
    window.actions["columns.move_left"].trigger()


def band_roles(qtbot, window, mp):
    select(window, ("Wireframes", "Designer"), ("Wireframes", "Developer"))
    answer_input(mp, "Makers")
    window.actions["columns.group"].trigger()


def remove_band(qtbot, window, _mp):
    go(window, "Wireframes", "Sponsor")
    window.actions["columns.remove_band"].trigger()


def describe_row(qtbot, window, mp):
    go(window, "Backend", "Sponsor")
    mp.setattr(QInputDialog, "getMultiLineText", lambda *_a, **_k: ("APIs and the database", True))
    window.actions["edit.describe"].trigger()


def change_scheme(qtbot, window, mp):
    from ramdesk.ui.scheme_dialog import SchemeDialog

    def pick_rasci(dialog):
        dialog.select("rasci")
        dialog.accept()
        return 1

    mp.setattr(SchemeDialog, "exec", pick_rasci)
    window.actions["matrix.scheme"].trigger()


def change_scheme_mapping_codes(qtbot, window, mp):
    from ramdesk.ui.scheme_dialog import SchemeDialog

    def pick_daci(dialog):
        dialog.select("daci")  # R becomes D (Driver)
        dialog.accept()
        return 1

    mp.setattr(SchemeDialog, "exec", pick_daci)
    window.actions["matrix.scheme"].trigger()


def change_rules(qtbot, window, mp):
    from ramdesk.ui.rules_dialog import RulesDialog

    def switch_off(dialog):
        dialog.set_rule("row.excess", False)
        dialog.accept()
        return 1

    mp.setattr(RulesDialog, "exec", switch_off)
    window.actions["matrix.rules"].trigger()


EDITS = [
    type_a_code,
    type_a_pair,
    type_on_a_range,
    clear_a_range,
    paste_a_block,
    paste_names,
    cut_a_range,
    fill_down,
    fill_right,
    insert_deliverable,
    delete_rows,
    rename_row,
    move_row,
    move_row_down,
    insert_group,
    ungroup,
    indent,
    outdent,
    insert_role,
    delete_role,
    rename_role,
    move_role,
    band_roles,
    remove_band,
    describe_row,
    change_scheme,
    change_scheme_mapping_codes,
    change_rules,
]


@pytest.mark.parametrize("edit", EDITS, ids=[e.__name__ for e in EDITS])
def test_each_kind_of_edit_is_one_step_undone_and_redone_from_the_edit_menu(
    qtbot, window, monkeypatch, edit
):
    stack = window.document.undo_stack
    before = window.document.matrix.snapshot()
    edit(qtbot, window, monkeypatch)
    after = window.document.matrix.snapshot()
    assert after != before, "the edit changed nothing"
    assert stack.count() == 1, "one edit, one step"
    assert window.isWindowModified()

    undo = edit_menu_action(window, "undo")
    assert undo.text().startswith("&Undo ")  # names the step it takes back
    undo.trigger()
    assert window.document.matrix.snapshot() == before
    edit_menu_action(window, "redo").trigger()
    assert window.document.matrix.snapshot() == after
    edit_menu_action(window, "undo").trigger()
    assert window.document.matrix.snapshot() == before


def test_undo_and_redo_keys_and_the_clean_state(qtbot, window):
    m = window.document.matrix
    before = m.snapshot()
    assert not window.actions["edit.undo"].isEnabled()
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "i")
    qtbot.keyClicks(window.grid, "c")
    assert window.isWindowModified() and window.windowTitle().endswith("[*] — ramdesk")
    after = m.snapshot()
    window.actions["edit.undo"].trigger()
    window.actions["edit.undo"].trigger()
    assert m.snapshot() == before
    assert not window.isWindowModified()  # back where the file was: nothing to save
    assert not window.actions["edit.undo"].isEnabled()
    window.actions["edit.redo"].trigger()
    window.actions["edit.redo"].trigger()
    assert m.snapshot() == after
    assert not window.actions["edit.redo"].isEnabled()
    # The undo history lists every step by name.
    history = window.undo_view.model()
    labels = [history.index(r, 0).data() for r in range(history.rowCount())]
    assert labels[0] == "The matrix as opened" and len(labels) == 3


def test_the_problems_follow_undo_and_redo(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "a")
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("✖ 4 errors"), timeout=2000)
    window.actions["edit.undo"].trigger()
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("✖ 2 errors"), timeout=2000)
    window.actions["edit.redo"].trigger()
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("✖ 4 errors"), timeout=2000)


def test_a_scheme_change_maps_the_codes_and_one_undo_restores_them(qtbot, window, monkeypatch):
    m = window.document.matrix
    wireframes, designer = find(m.deliverables, "Wireframes"), find(m.roles, "Designer")
    change_scheme_mapping_codes(qtbot, window, monkeypatch)
    assert m.scheme.key == "daci" and m.code(wireframes, designer) == "D"
    assert window.scheme_label.text() == m.scheme.name
    window.actions["edit.undo"].trigger()
    assert m.scheme.key == "raci" and m.code(wireframes, designer) == "R"
