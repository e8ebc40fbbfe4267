"""Entering codes as fast as typing: letters, ranges, clipboard, fill, rows and columns."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication

from ramdesk.ui import grid_edits

from .conftest import find

SELECT = QItemSelectionModel.SelectionFlag.Select


def cell(window, row_name, role_name):
    m = window.document.matrix
    return m.code(find(m.deliverables, row_name), find(m.roles, role_name))


def go(window, row_name, role_name):
    m = window.document.matrix
    assert window.grid.select_cell(find(m.rows, row_name), find(m.roles, role_name))
    window.grid.setFocus()


def select_rect(window, top, left, bottom, right):
    model = window.grid.matrix_model
    selection = QItemSelection(model.index(top, left), model.index(bottom, right))
    window.grid.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    window.grid.selectionModel().setCurrentIndex(
        model.index(top, left), QItemSelectionModel.SelectionFlag.NoUpdate
    )


def test_typing_a_letter_sets_the_code_and_moves_right(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClick(window.grid, "i")
    qtbot.keyClick(window.grid, "c")
    assert cell(window, "Wireframes", "Sponsor") == "I"
    assert cell(window, "Wireframes", "Project manager") == "C"  # moved on after the first
    assert window.grid.currentIndex().column() == 2


def test_direction_down_skips_group_rows(qtbot, window):
    window.actions["edit.move_after_typing.down"].trigger()
    go(window, "Visual design", "Sponsor")
    qtbot.keyClick(window.grid, "i")
    qtbot.keyClick(window.grid, "i")
    assert cell(window, "Visual design", "Sponsor") == "I"
    assert cell(window, "Frontend", "Sponsor") == "I"  # the "Build" group row was skipped


def test_a_code_slash_a_code_makes_a_pair_in_one_step(qtbot, window):
    go(window, "Frontend", "Designer")
    stack = window.document.undo_stack
    before = stack.count()
    neighbour = cell(window, "Frontend", "Developer")
    qtbot.keyClicks(window.grid, "a/r")
    assert cell(window, "Frontend", "Designer") == "A/R"
    assert cell(window, "Frontend", "Developer") == neighbour  # untouched
    assert stack.count() == before + 1
    model = window.grid.matrix_model
    current = window.grid.currentIndex()
    here = (model.row_item(current.row()).name, model.column_item(current.column()).name)
    assert here == ("Frontend", "Developer")  # the cursor moved on
    stack.undo()
    assert cell(window, "Frontend", "Designer") == ""


def test_letters_typed_fast_fill_one_cell_each(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "raci")
    row = [cell(window, "Wireframes", r) for r in ("Sponsor", "Project manager", "Designer")]
    assert row == ["R", "A", "C"]
    assert cell(window, "Wireframes", "Developer") == "I"


def test_a_pair_needs_the_cursor_where_the_first_code_went(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClick(window.grid, "a")
    go(window, "Frontend", "Sponsor")  # a click elsewhere
    qtbot.keyClicks(window.grid, "/r")
    assert cell(window, "Wireframes", "Sponsor") == "A"
    assert "type a code first" in window.statusBar().currentMessage().casefold()
    assert cell(window, "Frontend", "Sponsor") == "R"  # the letter is a code of its own


def test_slash_then_another_cell_then_a_letter_is_a_code_of_its_own(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "a/")
    assert "pair with A" in window.statusBar().currentMessage()
    go(window, "Frontend", "Sponsor")
    qtbot.keyClick(window.grid, "r")
    assert cell(window, "Wireframes", "Sponsor") == "A"
    assert cell(window, "Frontend", "Sponsor") == "R"


def test_a_pair_the_scheme_forbids_is_refused_and_says_why(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "c/i")
    assert cell(window, "Wireframes", "Sponsor") == "C"
    assert "may not share a cell" in window.statusBar().currentMessage()


def test_a_block_typed_on_takes_a_pair_too(qtbot, window):
    select_rect(window, 1, 0, 2, 1)  # Wireframes..Visual design x Sponsor..Project manager
    stack = window.document.undo_stack
    before = stack.count()
    qtbot.keyClicks(window.grid, "a/r")
    for row in ("Wireframes", "Visual design"):
        for role in ("Sponsor", "Project manager"):
            assert cell(window, row, role) == "A/R"
    assert stack.count() == before + 1


def test_a_letter_the_scheme_lacks_changes_nothing_and_says_why(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClick(window.grid, "z")
    assert cell(window, "Wireframes", "Sponsor") == ""
    assert "not a code" in window.statusBar().currentMessage()


def test_typing_on_a_range_sets_every_cell_as_one_step(qtbot, window):
    select_rect(window, 1, 0, 2, 1)  # Wireframes..Visual design x Sponsor..Project manager
    qtbot.keyClick(window.grid, "c")
    for row in ("Wireframes", "Visual design"):
        for role in ("Sponsor", "Project manager"):
            assert cell(window, row, role) == "C"
    window.document.undo_stack.undo()
    assert cell(window, "Wireframes", "Project manager") == "A"
    assert cell(window, "Wireframes", "Sponsor") == ""


def test_delete_clears_the_selection(qtbot, window):
    select_rect(window, 1, 1, 2, 2)
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    assert cell(window, "Wireframes", "Designer") == ""
    assert cell(window, "Visual design", "Project manager") == ""
    window.document.undo_stack.undo()
    assert cell(window, "Visual design", "Designer") == "R"


def test_copy_gives_tab_separated_text(qtbot, window):
    select_rect(window, 1, 1, 2, 3)
    window.actions["edit.copy"].trigger()
    assert QApplication.clipboard().text() == "A\tR\t\nA\tR\tC\n"


def test_paste_a_block_from_a_spreadsheet_is_one_step(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    stack = window.document.undo_stack
    before = stack.count()
    QApplication.clipboard().setText("i\tc\r\nI\tr\r\n")
    window.actions["edit.paste"].trigger()
    assert cell(window, "Wireframes", "Sponsor") == "I"
    assert cell(window, "Wireframes", "Project manager") == "C"
    assert cell(window, "Visual design", "Project manager") == "R"
    assert stack.count() == before + 1
    stack.undo()
    assert cell(window, "Wireframes", "Project manager") == "A"


def test_paste_over_a_group_row_fills_the_deliverables_below(qtbot, window):
    go(window, "Visual design", "Sponsor")
    QApplication.clipboard().setText("C\nI\n")  # the second line lands on Frontend, past "Build"
    window.actions["edit.paste"].trigger()
    assert cell(window, "Visual design", "Sponsor") == "C"
    assert cell(window, "Frontend", "Sponsor") == "I"


@pytest.mark.parametrize(
    "text",
    [
        "I\tV\tC\nI\tA\tR\n",  # letters of another scheme (RACI-VS) in the first row
        "V\tA\nV\tR\nS\tC\n",  # ... in the first column
        "I\tTBD\nI\tA\n",  # a stray word among codes
    ],
)
def test_pasted_codes_of_another_scheme_are_codes_not_new_rows_or_roles(qtbot, window, text):
    m = window.document.matrix
    roles, rows = [r.name for r in m.roles], [d.name for d in m.deliverables]
    go(window, "Wireframes", "Sponsor")
    QApplication.clipboard().setText(text)
    window.actions["edit.paste"].trigger()
    assert [r.name for r in m.roles] == roles and [d.name for d in m.deliverables] == rows
    first = text.split("\t")[0]
    assert cell(window, "Wireframes", "Sponsor") == first
    assert "not a code" in window.statusBar().currentMessage()  # kept, and flagged


def test_pasting_task_names_creates_rows(qtbot, window):
    go(window, "Backend", "Sponsor")
    m = window.document.matrix
    QApplication.clipboard().setText("Load testing\nGo-live checklist\n")
    window.actions["edit.paste"].trigger()
    assert [d.name for d in m.deliverables][-2:] == ["Load testing", "Go-live checklist"]
    assert find(m.deliverables, "Load testing").parent is find(m.groups, "Build")
    window.document.undo_stack.undo()
    assert len(m.deliverables) == 4


def test_pasting_role_names_creates_columns(qtbot, window):
    go(window, "Backend", "Sponsor")
    m = window.document.matrix
    QApplication.clipboard().setText("Tester\tOperations\n")
    window.actions["edit.paste"].trigger()
    assert [r.name for r in m.roles][:3] == ["Sponsor", "Tester", "Operations"]


def test_pasting_a_whole_matrix_with_names_adds_rows_and_matches_roles(qtbot, window):
    go(window, "Backend", "Sponsor")
    m = window.document.matrix
    QApplication.clipboard().setText("Task\tSponsor\tAuditor\nRelease notes\tA\tC\n")
    window.actions["edit.paste"].trigger()
    notes = find(m.deliverables, "Release notes")
    assert m.code(notes, find(m.roles, "Sponsor")) == "A"
    assert m.code(notes, find(m.roles, "Auditor")) == "C"
    assert len([r for r in m.roles if r.name == "Sponsor"]) == 1


def test_fill_down_and_right(qtbot, window):
    select_rect(window, 1, 1, 2, 1)  # Project manager: A on Wireframes, A on Visual design
    window.document.matrix.set_code(
        find(window.document.matrix.deliverables, "Visual design"),
        find(window.document.matrix.roles, "Project manager"),
        "",
    )
    window.actions["edit.fill_down"].trigger()
    assert cell(window, "Visual design", "Project manager") == "A"
    select_rect(window, 4, 2, 4, 3)  # Frontend: Designer (empty) <- ... fill right from Designer
    window.actions["edit.fill_right"].trigger()
    assert cell(window, "Frontend", "Developer") == ""


def test_insert_rename_move_and_delete_rows_each_undoable(qtbot, window):
    m = window.document.matrix
    stack = window.document.undo_stack
    go(window, "Wireframes", "Sponsor")
    window.insert_deliverable("Sitemap")
    sitemap = find(m.deliverables, "Sitemap")
    assert sitemap.parent is find(m.groups, "Design")
    assert window.rename_current("Site map")
    assert sitemap.name == "Site map"
    window.actions["rows.move_up"].trigger()
    assert [d.name for d in m.deliverables][:2] == ["Wireframes", "Site map"] or [
        d.name for d in m.deliverables
    ][:2] == ["Site map", "Wireframes"]
    window.actions["rows.delete"].trigger()
    assert not m.contains(sitemap)
    for _ in range(4):
        stack.undo()
    assert not m.contains(sitemap)
    stack.redo()
    assert m.contains(sitemap) and sitemap.name == "Sitemap"


def test_indent_and_outdent(qtbot, window):
    m = window.document.matrix
    frontend = find(m.deliverables, "Frontend")
    go(window, "Frontend", "Sponsor")
    window.actions["rows.outdent"].trigger()
    assert frontend.parent is None
    window.document.undo_stack.undo()
    assert frontend.parent is find(m.groups, "Build")


def test_group_rows_then_ungroup(qtbot, window):
    m = window.document.matrix
    select_rect(window, 4, 0, 5, 0)
    window.insert_group("Engineering")
    eng = find(m.groups, "Engineering")
    assert [c.name for c in eng.children] == ["Frontend", "Backend"]
    go(window, "Engineering", "Sponsor")
    window.actions["rows.ungroup"].trigger()
    assert not m.contains(eng)
    assert find(m.deliverables, "Frontend").parent is find(m.groups, "Build")


def test_roles_insert_move_band_delete_each_undoable(qtbot, window):
    m = window.document.matrix
    stack = window.document.undo_stack
    go(window, "Wireframes", "Designer")
    window.insert_role("Tester")
    tester = find(m.roles, "Tester")
    assert m.role_index(tester) == 3 and tester.group is find(m.role_groups, "Team")
    window.actions["columns.move_left"].trigger()
    assert m.role_index(tester) == 2
    window.actions["columns.delete"].trigger()
    assert not m.contains(tester)
    stack.undo()
    stack.undo()
    assert m.role_index(tester) == 3
    go(window, "Wireframes", "Tester")
    window.actions["columns.remove_band"].trigger()
    assert tester.group is None
    stack.undo()
    assert tester.group is find(m.role_groups, "Team")


def test_drag_a_row_header_onto_another(qtbot, window):
    m = window.document.matrix
    model = window.grid.matrix_model
    backend = find(m.deliverables, "Backend")
    assert grid_edits.move_row_to(
        window.grid, model.row_of(backend), model.row_of(find(m.deliverables, "Wireframes"))
    )
    assert backend.parent is find(m.groups, "Design")


def test_zoom_changes_sizes_not_data(qtbot, window):
    before = window.grid.rowHeight(1)
    window.actions["view.zoom_in"].trigger()
    window.actions["view.zoom_in"].trigger()
    assert window.grid.rowHeight(1) > before
    window.actions["view.zoom_reset"].trigger()
    assert window.grid.rowHeight(1) == before


def test_zoomed_all_the_way_in_the_names_leave_room_for_codes(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    m = window.document.matrix
    grid_edits.rename(window.grid, find(m.deliverables, "Wireframes"), "A long name " * 12)
    grid = window.grid
    for _ in range(25):
        window.actions["view.zoom_in"].trigger()
    QApplication.processEvents()
    assert grid.zoom == 3.0
    assert grid.row_header.width() <= 0.45 * grid.width() + 1
    assert grid.viewport().width() >= grid.columnWidth(0)  # at least one role in sight
    window.document.undo_stack.setClean()


@pytest.mark.parametrize("rotated", [True, False])
def test_rotated_role_names_make_a_taller_header(qtbot, window, rotated):
    flat = window.grid.role_header.sizeHint().height()
    window.actions["view.rotate_names"].setChecked(rotated)
    tall = window.grid.role_header.sizeHint().height()
    assert (tall > flat) if rotated else (tall == flat)


def select_ranges(window, *rects):
    model = window.grid.matrix_model
    selection = QItemSelection()
    for top, left, bottom, right in rects:
        selection.select(model.index(top, left), model.index(bottom, right))
    window.grid.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_fill_down_on_separate_blocks_fills_each_and_nothing_between(qtbot, window):
    select_ranges(window, (2, 3, 2, 3), (5, 3, 5, 3))  # Visual design, Backend x Developer
    window.actions["edit.fill_down"].trigger()
    assert cell(window, "Visual design", "Developer") == ""  # from Wireframes, above it
    assert cell(window, "Frontend", "Developer") == "R"  # between the blocks: untouched
    assert cell(window, "Backend", "Developer") == "R"  # from Frontend, above it


def test_fill_with_nothing_to_copy_says_so(qtbot, window):
    go(window, "Wireframes", "Sponsor")  # the first row: nothing above it
    window.actions["edit.fill_down"].trigger()
    assert "Nothing to fill" in window.statusBar().currentMessage()


@pytest.mark.parametrize("action", ["edit.copy", "edit.cut"])
def test_copy_or_cut_of_separate_blocks_is_refused_and_changes_nothing(qtbot, window, action):
    QApplication.clipboard().setText("before")
    select_ranges(window, (1, 1, 1, 1), (4, 3, 4, 3))
    window.actions[action].trigger()
    assert QApplication.clipboard().text() == "before"
    assert "one block" in window.statusBar().currentMessage()
    assert cell(window, "Wireframes", "Project manager") == "A"
    assert cell(window, "Frontend", "Developer") == "R"


def test_copy_of_a_block_selected_in_two_halves_is_one_block(qtbot, window):
    select_ranges(window, (1, 1, 1, 2), (2, 1, 2, 2))  # two rows, same columns
    window.actions["edit.copy"].trigger()
    assert QApplication.clipboard().text().splitlines() == ["A\tR", "A\tR"]
