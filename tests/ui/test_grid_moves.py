"""Move Row Up / Down and Move Role Left / Right through the window's actions: across a group's
or a band's edge like an outliner, each move one undo step, the cursor staying on what moved,
and a word in the status bar when nothing can move."""

from __future__ import annotations

from .conftest import find
from .test_window_flows_undo import go


def layout(window) -> list[tuple[str, str | None]]:
    """Each row in display order with its group's name."""
    return [(r.name, r.parent.name if r.parent else None) for r in window.document.matrix.rows]


def current(window) -> tuple[str, str]:
    grid = window.grid
    index = grid.currentIndex()
    model = grid.matrix_model
    return model.row_item(index.row()).name, model.column_item(index.column()).name


def bands(window) -> list[tuple[str, str | None]]:
    return [(r.name, r.group.name if r.group else None) for r in window.document.matrix.roles]


def status(window) -> str:
    return window.statusBar().currentMessage()


# ---------------------------------------------------------------------------- rows
def test_up_from_a_groups_first_row_goes_to_the_end_of_the_group_above(qtbot, window):
    stack = window.document.undo_stack
    before = window.document.matrix.snapshot()
    go(window, "Frontend", "Designer")
    window.actions["rows.move_up"].trigger()
    assert layout(window) == [
        ("Design", None),
        ("Wireframes", "Design"),
        ("Visual design", "Design"),
        ("Frontend", "Design"),
        ("Build", None),
        ("Backend", "Build"),
    ]
    assert stack.count() == 1 and stack.undoText() == "Move “Frontend” into “Design”"
    assert current(window) == ("Frontend", "Designer")  # the cursor went with the row
    # Down takes it back across the edge, to the start of the group below.
    window.actions["rows.move_down"].trigger()
    assert window.document.matrix.snapshot() == before
    assert current(window) == ("Frontend", "Designer")
    stack.undo()
    stack.undo()
    assert window.document.matrix.snapshot() == before


def test_up_from_a_groups_first_row_with_no_group_above_leaves_the_group(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    window.actions["rows.move_up"].trigger()
    assert layout(window)[:3] == [
        ("Wireframes", None),
        ("Design", None),
        ("Visual design", "Design"),
    ]
    assert window.document.undo_stack.undoText() == "Move “Wireframes” out of “Design”"
    assert current(window) == ("Wireframes", "Sponsor")
    # Once at the very top, it cannot go further: nothing changes and the status bar says so.
    snapshot = window.document.matrix.snapshot()
    window.actions["rows.move_up"].trigger()
    assert window.document.matrix.snapshot() == snapshot
    assert window.document.undo_stack.count() == 1
    assert "first row" in status(window) and "Wireframes" in status(window)


def test_down_from_the_last_row_leaves_its_group_then_stops(qtbot, window):
    go(window, "Backend", "Developer")
    window.actions["rows.move_down"].trigger()
    assert layout(window)[-2:] == [("Frontend", "Build"), ("Backend", None)]
    assert current(window) == ("Backend", "Developer")
    window.actions["rows.move_down"].trigger()
    assert window.document.undo_stack.count() == 1
    assert "last row" in status(window)
    # Up from just below the open group takes it back in, at the group's end.
    window.actions["rows.move_up"].trigger()
    assert layout(window)[-2:] == [("Frontend", "Build"), ("Backend", "Build")]
    assert window.document.undo_stack.undoText() == "Move “Backend” into “Build”"
    window.actions["edit.undo"].trigger()
    window.actions["edit.undo"].trigger()
    assert find(window.document.matrix.rows, "Backend").parent.name == "Build"


def test_a_collapsed_group_is_not_entered(qtbot, window):
    m = window.document.matrix
    window.grid.matrix_model.set_collapsed(find(m.groups, "Design"), True)
    go(window, "Frontend", "Sponsor")
    window.actions["rows.move_up"].trigger()
    # Out of "Build", between the two groups, not hidden inside the folded "Design".
    assert layout(window)[:3] == [
        ("Design", None),
        ("Wireframes", "Design"),
        ("Visual design", "Design"),
    ]
    assert find(m.rows, "Frontend").parent is None
    assert current(window) == ("Frontend", "Sponsor")
    # Up again passes the folded group whole, staying out of it.
    window.actions["rows.move_up"].trigger()
    assert [r.name for r in m.top_level] == ["Frontend", "Design", "Build"]
    # Down twice: past the folded "Design", then into the open "Build" at its start.
    window.actions["rows.move_down"].trigger()
    window.actions["rows.move_down"].trigger()
    assert layout(window)[-3:] == [("Build", None), ("Frontend", "Build"), ("Backend", "Build")]


def test_within_a_group_rows_still_swap_and_a_group_moves_whole(qtbot, window):
    go(window, "Visual design", "Sponsor")
    window.actions["rows.move_up"].trigger()
    assert [n for n, _g in layout(window)][:3] == ["Design", "Visual design", "Wireframes"]
    go(window, "Build", "Sponsor")
    window.actions["rows.move_up"].trigger()
    assert [n for n, _g in layout(window)] == [
        "Build",
        "Frontend",
        "Backend",
        "Design",
        "Visual design",
        "Wireframes",
    ]
    assert current(window) == ("Build", "Sponsor")


# ---------------------------------------------------------------------------- roles
def test_a_role_crosses_a_band_edge_into_the_band_beside_it(qtbot, window):
    stack = window.document.undo_stack
    before = window.document.matrix.snapshot()
    go(window, "Wireframes", "Designer")
    window.actions["columns.move_left"].trigger()
    # It stays in its column and joins "Leads": the bands stay whole, none is split.
    assert bands(window) == [
        ("Sponsor", "Leads"),
        ("Project manager", "Leads"),
        ("Designer", "Leads"),
        ("Developer", "Team"),
    ]
    assert stack.undoText() == "Move role “Designer” into “Leads”"
    assert current(window) == ("Wireframes", "Designer")
    window.actions["columns.move_left"].trigger()
    assert [n for n, _b in bands(window)] == ["Sponsor", "Designer", "Project manager", "Developer"]
    assert current(window) == ("Wireframes", "Designer")
    window.actions["columns.move_right"].trigger()
    window.actions["columns.move_right"].trigger()
    assert window.document.matrix.snapshot() == before
    for _ in range(4):
        stack.undo()
    assert window.document.matrix.snapshot() == before


def test_the_first_role_cannot_move_left(qtbot, window):
    go(window, "Wireframes", "Sponsor")
    window.actions["columns.move_left"].trigger()
    assert window.document.undo_stack.count() == 0
    assert "first role" in status(window)
    go(window, "Wireframes", "Developer")
    window.actions["columns.move_right"].trigger()
    assert window.document.undo_stack.count() == 0
    assert "last role" in status(window)


def test_a_band_of_one_role_moves_past_the_whole_band_beside_it(qtbot, window):
    from ramdesk.model import InsertRoleGroup, RoleGroup

    m = window.document.matrix
    go(window, "Wireframes", "Sponsor")
    window.actions["columns.move_right"].trigger()  # swaps within "Leads"
    window.actions["columns.move_right"].trigger()  # crosses into "Team" at its edge
    assert bands(window)[:3] == [
        ("Project manager", "Leads"),
        ("Sponsor", "Team"),
        ("Designer", "Team"),
    ]
    window.document.undo_stack.undo()
    window.document.undo_stack.undo()
    # A band holding one role: "Solo" around the developer, moved left past all of "Team" ...
    solo = RoleGroup("Solo")
    window.document.apply(InsertRoleGroup(solo, None, (find(m.roles, "Developer"),)))
    go(window, "Wireframes", "Developer")
    window.actions["columns.move_left"].trigger()
    assert bands(window) == [
        ("Sponsor", "Leads"),
        ("Project manager", "Leads"),
        ("Developer", "Solo"),
        ("Designer", "Team"),
    ]
    window.actions["columns.move_left"].trigger()
    assert [n for n, _b in bands(window)] == ["Developer", "Sponsor", "Project manager", "Designer"]
    assert current(window) == ("Wireframes", "Developer")


def test_in_the_view_by_person_roles_do_not_move_and_the_status_bar_says_why(qtbot, window):
    window.grid.matrix_model.set_by_person(True)
    window.grid.setCurrentIndex(window.grid.matrix_model.index(1, 0))
    window.actions["columns.move_right"].trigger()
    assert window.document.undo_stack.count() == 0
    assert "view by role" in status(window)
