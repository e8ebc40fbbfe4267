"""The row filters keep up with the matrix: rows added under a filter stay in sight, choices that
vanish stop filtering, and each check asks the matrix as it is now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .conftest import find

V = Qt.Orientation.Vertical
ALL_ROWS = ["Design", "Wireframes", "Visual design", "Build", "Frontend", "Backend"]


def shown(window):
    model = window.grid.matrix_model
    return [model.headerData(i, V) for i in range(model.rowCount())]


def choose(box, data):
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)


def go(window, row_name, role_name):
    m = window.document.matrix
    assert window.grid.select_cell(find(m.rows, row_name), find(m.roles, role_name))
    window.grid.setFocus()


def test_a_chosen_role_that_is_deleted_stops_filtering(qtbot, window):
    m = window.document.matrix
    bar = window.filter_bar
    choose(bar.who, find(m.roles, "Designer"))
    assert shown(window) == ["Design", "Wireframes", "Visual design"]
    go(window, "Wireframes", "Designer")
    window.actions["columns.delete"].trigger()
    assert bar.who.currentData() is None
    assert shown(window) == ALL_ROWS
    assert "dropped" in window.statusBar().currentMessage()
    go(window, "Frontend", "Sponsor")
    window.actions["rows.insert_deliverable"].trigger()  # rows are shown again: no stale filter
    assert len(shown(window)) == 7
    window.actions["edit.undo"].trigger()
    window.actions["edit.undo"].trigger()
    assert shown(window) == ALL_ROWS
    assert window.rows_label.text() == "4 deliverables"


def test_a_deliverable_inserted_under_a_text_filter_stays_in_sight(qtbot, window):
    bar = window.filter_bar
    bar.set_text("end")
    assert shown(window) == ["Build", "Frontend", "Backend"]
    go(window, "Frontend", "Sponsor")
    window.actions["rows.insert_deliverable"].trigger()
    assert "New deliverable" in shown(window)
    current = window.grid.currentIndex()
    assert window.grid.matrix_model.row_item(current.row()).name == "New deliverable"
    # typing straight on works, and changing the filter lets the pinned row go
    qtbot.keyClicks(window.grid, "r")
    m = window.document.matrix
    assert m.code(find(m.deliverables, "New deliverable"), find(m.roles, "Sponsor")) == "R"
    bar.set_text("front")
    assert shown(window) == ["Build", "Frontend"]


def test_pasted_task_names_stay_in_sight_under_a_filter(qtbot, window):
    m = window.document.matrix
    choose(window.filter_bar.who, find(m.people, "Cy"))
    go(window, "Backend", "Sponsor")
    QApplication.clipboard().setText("Load testing\nGo-live checklist\n")
    window.actions["edit.paste"].trigger()
    assert shown(window)[-2:] == ["Load testing", "Go-live checklist"]


def test_a_new_deliverable_in_the_chosen_group_shows(qtbot, window):
    m = window.document.matrix
    choose(window.filter_bar.group, find(m.groups, "Build"))
    go(window, "Backend", "Sponsor")
    window.insert_deliverable("Load testing")
    window.filter_bar.apply()  # even after the filter is applied again: it is in the group
    assert shown(window) == ["Build", "Frontend", "Backend", "Load testing"]


def test_a_person_filter_follows_codes_given_after_it_was_chosen(qtbot, window):
    m = window.document.matrix
    bar = window.filter_bar
    choose(bar.who, find(m.people, "Bo"))
    assert shown(window) == ["Design", "Wireframes", "Visual design"]
    window.grid.select_cell(find(m.deliverables, "Wireframes"), find(m.roles, "Designer"))
    window.filter_bar.clear()
    go(window, "Frontend", "Designer")
    qtbot.keyClicks(window.grid, "c")  # Bo, as Designer, is now consulted on Frontend
    choose(bar.who, find(m.people, "Bo"))
    assert "Frontend" in shown(window)
    choose(bar.code, "C")
    assert shown(window) == ["Build", "Frontend"]


def test_rows_with_problems_after_checking_everything_again(qtbot, window):
    bar = window.filter_bar
    bar.problems.setChecked(True)
    assert shown(window) == ["Build", "Backend"]
    window.actions["matrix.recheck"].trigger()  # a fresh checker replaces the old one
    qtbot.waitUntil(
        lambda: "Checked everything" in window.statusBar().currentMessage(), timeout=5000
    )
    go(window, "Backend", "Project manager")
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)  # Backend is fine now
    window.insert_deliverable("Load testing")  # rows are shown again, asking the new checker
    bar.problems.setChecked(False)
    bar.problems.setChecked(True)
    assert shown(window) == ["Build", "Load testing"]  # only the new, empty deliverable


def test_anyone_with_a_given_code(qtbot, window):
    choose(window.filter_bar.code, "C")
    assert shown(window) == ["Design", "Visual design"]


def test_a_filter_asked_for_by_another_panel_is_labelled_and_cleared(qtbot, window):
    bar = window.filter_bar
    window.filter_rows(lambda d: d.name.startswith("B"), "Backend only")
    assert shown(window) == ["Build", "Backend"]
    assert bar.custom_label.isVisibleTo(bar) and "Backend only" in bar.custom_label.text()
    assert bar.clear_button.isEnabled()
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert shown(window) == ALL_ROWS
    assert not bar.custom_label.isVisibleTo(bar)
    assert not bar.clear_button.isEnabled()


def test_choices_follow_renames_and_new_roles(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    m = window.document.matrix
    bar = window.filter_bar
    designer = find(m.roles, "Designer")
    choose(bar.who, designer)
    window.grid.selectColumn(window.grid.matrix_model.column_of(designer))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("UX designer", True))
    window.actions["edit.rename"].trigger()
    assert bar.who.currentText() == "Role: UX designer"
    assert shown(window) == ["Design", "Wireframes", "Visual design"]  # still filtering
    go(window, "Wireframes", "Developer")
    window.insert_role("Tester")
    assert bar.who.findText("Role: Tester") >= 0


def test_text_matches_groups_and_descriptions(qtbot, window):
    m = window.document.matrix
    find(m.deliverables, "Backend").description = "APIs and the database"
    bar = window.filter_bar
    bar.set_text("database")
    assert shown(window) == ["Build", "Backend"]
    bar.set_text("design wire")  # the group's name and the deliverable's, together
    assert shown(window) == ["Design", "Wireframes"]


def test_typing_in_the_text_box_filters_after_a_pause(qtbot, window):
    bar = window.filter_bar
    window.actions["view.filter"].trigger()
    qtbot.keyClicks(bar.text, "visual")
    assert shown(window) == ALL_ROWS  # not on every keystroke ...
    qtbot.waitUntil(lambda: shown(window) == ["Design", "Visual design"], timeout=2000)


def test_escape_forgets_the_text_and_keys_reach_the_check_boxes(qtbot, window):
    bar = window.filter_bar
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.actions["view.filter"].trigger()
    qtbot.keyClicks(bar.text, "visual")
    qtbot.waitUntil(lambda: shown(window) == ["Design", "Visual design"], timeout=2000)
    qtbot.keyClick(bar.text, Qt.Key.Key_Escape)
    assert bar.text.text() == "" and shown(window) == ALL_ROWS
    qtbot.keyClick(bar.text, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(bar.problems.isChecked, timeout=2000)  # a mnemonic clicks, animated
    assert shown(window) == ["Build", "Backend"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(bar.unassigned.isChecked, timeout=2000)
    assert shown(window) == []


def test_the_filter_bar_lets_the_window_be_narrowed(qtbot, window):
    """Half of a 1920-pixel screen must still hold the grid with its filters."""
    assert window.filter_bar.minimumSizeHint().width() <= 760
    assert window.centralWidget().minimumSizeHint().width() <= 760
