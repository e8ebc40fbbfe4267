"""A role column's width the user set by dragging its edge survives zoom (scaled), a rename, a
move, undo, and reopening the same file in the session; fitted widths stay for the rest."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from .conftest import find
from .test_window_flows_undo import answer_input, go


def column(window, name: str) -> int:
    m = window.document.matrix
    return window.grid.matrix_model.column_of(find(m.roles, name))


def width(window, name: str) -> int:
    return window.grid.role_header.sectionSize(column(window, name))


def drag_edge(window, name: str, by: int) -> None:
    """Drag the right edge of a role's header sideways, as a user widens a column."""
    header = window.grid.role_header
    section = column(window, name)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) - 1
    y = header.height() - 6
    viewport = header.viewport()
    QTest.mousePress(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y)
    )
    for step in range(1, 5):
        QTest.mouseMove(viewport, QPoint(x + by * step // 4, y))
    QTest.mouseRelease(
        viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x + by, y)
    )


def test_a_dragged_width_survives_zoom_rename_move_and_undo(qtbot, window, monkeypatch):
    fitted = width(window, "Designer")
    drag_edge(window, "Designer", 60)
    chosen = width(window, "Designer")
    assert chosen >= fitted + 50, (fitted, chosen)
    other = width(window, "Developer")

    window.grid.apply_zoom(2.0)
    assert abs(width(window, "Designer") - 2 * chosen) <= 1  # scaled with the zoom
    window.grid.apply_zoom(1.0)
    assert width(window, "Designer") == chosen
    assert width(window, "Developer") == other  # the fitted ones are fitted again

    window.grid.selectColumn(column(window, "Designer"))
    answer_input(monkeypatch, "UX designer")
    window.actions["edit.rename"].trigger()
    assert width(window, "UX designer") == chosen  # a rename fits names, not this width

    go(window, "Wireframes", "UX designer")
    window.actions["columns.move_right"].trigger()
    assert column(window, "UX designer") == 3
    assert width(window, "UX designer") == chosen  # the width goes with the role
    assert width(window, "Developer") == other

    go(window, "Wireframes", "UX designer")
    window.actions["columns.delete"].trigger()
    stack = window.document.undo_stack
    for _ in range(3):
        stack.undo()
    assert width(window, "Designer") == chosen
    stack.redo()
    assert width(window, "UX designer") == chosen


def test_a_rotated_header_keeps_a_width_set_on_it(qtbot, window):
    drag_edge(window, "Sponsor", 40)
    chosen = width(window, "Sponsor")
    window.grid.set_rotated(True)
    assert width(window, "Sponsor") == chosen
    assert width(window, "Developer") < chosen
    window.grid.forget_width(column(window, "Sponsor"))
    assert width(window, "Sponsor") == width(window, "Developer")  # fitted again


def test_reopening_the_file_keeps_the_widths_another_file_does_not(qtbot, window, tmp_path):
    path = tmp_path / "relaunch.xlsx"
    assert window.save_to(path)
    drag_edge(window, "Project manager", 70)
    chosen = width(window, "Project manager")
    assert window.open_path(path, ask=False)
    assert window.document.matrix.roles[1].name == "Project manager"  # a new matrix object ...
    assert width(window, "Project manager") == chosen  # ... with the width set on its role
    # Another file (here the same matrix under another name) opens with fitted widths: the
    # workbook does not keep the view's widths.
    other = tmp_path / "other.xlsx"
    assert window.save_to(other)
    assert window.open_path(path, ask=False)
    assert width(window, "Project manager") < chosen


def test_a_double_click_on_the_edge_fits_the_column_again(qtbot, window, monkeypatch):
    fitted = width(window, "Designer")
    drag_edge(window, "Designer", 50)
    assert width(window, "Designer") > fitted
    header = window.grid.role_header
    section = column(window, "Designer")
    edge = header.sectionViewportPosition(section) + header.sectionSize(section) - 1
    y = header.height() - 6
    QTest.mouseDClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(edge, y),
    )
    assert width(window, "Designer") == fitted
    window.grid.apply_zoom(1.5)
    window.grid.apply_zoom(1.0)
    assert width(window, "Designer") == fitted  # forgotten, not just drawn narrower once
    # A double-click inside the name still renames the role.
    answer_input(monkeypatch, "UX designer")
    middle = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    QTest.mouseDClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(middle, y),
    )
    assert window.document.matrix.roles[section].name == "UX designer"


def test_only_the_users_drags_count_as_set_widths(qtbot, window, tmp_path):
    """Zooming, rotating names, adding, renaming, undoing, the view by person and opening a file
    all size columns; none of that is taken for a width the user chose."""
    grid = window.grid
    for zoom in (2.0, 0.5, 1.0):
        grid.apply_zoom(zoom)
    grid.set_rotated(True)
    grid.set_rotated(False)
    go(window, "Wireframes", "Designer")
    window.insert_role("Tester")
    assert window.rename_current("QA tester")
    grid.matrix_model.set_by_person(True)
    grid.matrix_model.set_by_person(False)
    window.document.undo_stack.undo()
    path = tmp_path / "m.xlsx"
    assert window.save_to(path)
    assert window.open_path(path, ask=False)
    grid.apply_zoom(1.5)
    assert grid.set_widths == {}
    fitted = width(window, "Sponsor")
    drag_edge(window, "Sponsor", 30)
    assert list(grid.set_widths) == [find(window.document.matrix.roles, "Sponsor")]
    assert width(window, "Sponsor") > fitted
