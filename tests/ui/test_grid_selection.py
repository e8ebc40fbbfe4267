"""Selections are read as rectangles: overlapping ones count each cell once, several ones clear
only what they cover (and are not copied as one block), and a whole matrix selected is cleared
in one step."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from .conftest import find

SELECT = QItemSelectionModel.SelectionFlag.Select


def add_rect(window, top, left, bottom, right):
    model = window.grid.matrix_model
    window.grid.selectionModel().select(
        QItemSelection(model.index(top, left), model.index(bottom, right)), SELECT
    )


def test_overlapping_rectangles_count_each_cell_once(qtbot, window):
    add_rect(window, 1, 0, 2, 2)
    add_rect(window, 2, 1, 2, 3)  # overlaps the first on row 2
    pairs = window.grid._editable_selection()
    assert len(pairs) == len(set(pairs)) == 3 + 3 + 1
    assert window.grid.selected_rect() == (1, 0, 2, 3)
    assert [r.name for r in window.grid.selected_rows()] == ["Wireframes", "Visual design"]
    names = [c.name for c in window.grid.selected_columns()]
    assert names == ["Sponsor", "Project manager", "Designer", "Developer"]


def test_copy_of_two_rectangles_is_refused_rather_than_blanking_what_lies_between(qtbot, window):
    QApplication.clipboard().setText("before")
    add_rect(window, 1, 1, 1, 1)  # Wireframes x Project manager: A
    add_rect(window, 2, 3, 2, 3)  # Visual design x Developer: C
    window.actions["edit.copy"].trigger()
    assert QApplication.clipboard().text() == "before"  # pasted back, blanks would clear cells
    assert "one block" in window.statusBar().currentMessage()


def test_delete_on_two_rectangles_clears_both_in_one_step(qtbot, window):
    m = window.document.matrix
    add_rect(window, 1, 1, 1, 2)
    add_rect(window, 2, 2, 2, 3)
    stack = window.document.undo_stack
    before = stack.count()
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    assert stack.count() == before + 1
    wireframes = find(m.deliverables, "Wireframes")
    visual = find(m.deliverables, "Visual design")
    assert m.code(wireframes, find(m.roles, "Project manager")) == ""
    assert m.code(wireframes, find(m.roles, "Designer")) == ""
    assert m.code(visual, find(m.roles, "Designer")) == ""
    assert m.code(visual, find(m.roles, "Developer")) == ""
    assert m.code(visual, find(m.roles, "Project manager")) == "A"  # between, not selected
    stack.undo()
    assert m.code(visual, find(m.roles, "Developer")) == "C"


def test_select_all_and_delete_empties_the_matrix_in_one_step(qtbot, window):
    m = window.document.matrix
    filled = m.cell_count()
    assert filled > 0
    window.grid.selectAll()
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    assert m.cell_count() == 0
    assert window.document.undo_stack.undoText() == f"Clear {filled} cells"
    window.document.undo_stack.undo()
    assert m.cell_count() == filled
