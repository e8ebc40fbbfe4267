"""The real window, driven as a user drives it: typing codes and seeing problems come and go,
going from problem to problem, the view by person, row filters (files: test_window_flows_files)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QColor

from ramdesk.ui import grid_edits
from ramdesk.ui.style import SEVERITY_COLORS
from ramdesk.ui.table_model import MatrixModel

from .conftest import find
from .flows import code, go, listed_problems, record_message_boxes, shown_rows

V = Qt.Orientation.Vertical
Sev = MatrixModel.SeverityRole


# ---------------------------------------------------------------------- helpers
@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):
    return record_message_boxes(monkeypatch)


def settle(qtbot, window):
    """Wait until the Problems list and the status bar show what the checker found (they
    gather edits for a moment before they update)."""
    from ramdesk.ui.style import SEVERITY_MARKS

    def shown_everywhere() -> bool:
        found = window.document.checker.all()
        errors = sum(1 for p in found if p.severity == "error")
        listed = [text for _s, text in listed_problems(window)]
        counted = window.counts_label.text().startswith(f"{SEVERITY_MARKS['error']} {errors} error")
        return listed == [p.message for p in found] and counted

    qtbot.waitUntil(shown_everywhere, timeout=3000)


def counts_text(window):
    return window.counts_label.text()


def red_pixels(window, row_name, role_name) -> int:
    """Pixels of the error colour painted inside a cell (its problem mark)."""
    m = window.document.matrix
    model = window.grid.matrix_model
    index = model.index_of(find(m.rows, row_name), find(m.roles, role_name))
    rect = window.grid.visualRect(index)
    image = window.grid.viewport().grab(rect).toImage()
    target = QColor(SEVERITY_COLORS["error"])
    hits = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - target.red()) < 30
                and abs(c.green() - target.green()) < 30
                and abs(c.blue() - target.blue()) < 30
            ):
                hits += 1
    return hits


def header_red_pixels(window, row_name) -> int:
    """Pixels of the error colour painted in a row's header (its problem mark)."""
    m = window.document.matrix
    header = window.grid.row_header
    row = window.grid.matrix_model.row_of(find(m.rows, row_name))
    top, height = header.sectionViewportPosition(row), header.sectionSize(row)
    header.viewport().repaint()
    image = header.viewport().grab().toImage()
    target = QColor(SEVERITY_COLORS["error"])
    hits = 0
    for y in range(max(top, 0), min(top + height, image.height())):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if all(
                abs(a - b) < 30 for a, b in zip(c.getRgb()[:3], target.getRgb()[:3], strict=True)
            ):
                hits += 1
    return hits


# ---------------------------------------------------------------------- problems follow edits
def test_typing_a_second_accountable_shows_the_problem_everywhere(qtbot, window):
    m = window.document.matrix
    model = window.grid.matrix_model
    settle(qtbot, window)
    assert counts_text(window).startswith("✖ 2 errors")
    before = listed_problems(window)
    assert len(before) == 2
    wireframes = model.row_of(find(m.deliverables, "Wireframes"))
    assert model.headerData(wireframes, V, Sev) is None
    assert red_pixels(window, "Wireframes", "Sponsor") == 0
    assert header_red_pixels(window, "Wireframes") == 0

    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "a")  # Ada is already A here as Project manager
    assert code(window, "Wireframes", "Sponsor") == "A"
    settle(qtbot, window)

    listed = listed_problems(window)
    assert len(listed) == 4
    messages = " | ".join(text for _sev, text in listed)
    assert "“Wireframes” has 2 × A" in messages
    assert "“Ada” is accountable for “Wireframes” twice" in messages
    assert counts_text(window).startswith("✖ 4 errors")
    index = model.index_of(find(m.deliverables, "Wireframes"), find(m.roles, "Sponsor"))
    assert model.data(index, Sev) == "error"
    assert model.headerData(wireframes, V, Sev) == "error"
    assert model.headerData(model.row_of(find(m.groups, "Design")), V, Sev) == "error"
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "Fix:" in tip
    window.grid.viewport().repaint()
    assert red_pixels(window, "Wireframes", "Sponsor") > 0  # the mark, not colour of a fill
    assert header_red_pixels(window, "Wireframes") > 0


def test_clearing_the_extra_accountable_resolves_the_problem(qtbot, window):
    m = window.document.matrix
    model = window.grid.matrix_model
    backend = model.row_of(find(m.deliverables, "Backend"))
    assert model.headerData(backend, V, Sev) == "error"
    assert red_pixels(window, "Backend", "Sponsor") > 0
    assert header_red_pixels(window, "Backend") > 0
    go(window, "Backend", "Project manager")
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    assert code(window, "Backend", "Project manager") == ""
    settle(qtbot, window)
    assert listed_problems(window) == []
    assert counts_text(window).startswith("✖ 0 errors")
    assert window.health_label.text() == "Health 100%"
    assert model.headerData(backend, V, Sev) is None
    assert model.headerData(model.row_of(find(m.groups, "Build")), V, Sev) is None
    window.grid.viewport().repaint()
    assert red_pixels(window, "Backend", "Sponsor") == 0
    assert red_pixels(window, "Backend", "Project manager") == 0
    assert header_red_pixels(window, "Backend") == 0
    # and undoing brings it back
    window.actions["edit.undo"].trigger()
    settle(qtbot, window)
    assert len(listed_problems(window)) == 2
    assert model.headerData(backend, V, Sev) == "error"


def test_typing_another_code_over_the_extra_accountable_resolves_it(qtbot, window):
    settle(qtbot, window)
    assert len(listed_problems(window)) == 2
    go(window, "Backend", "Sponsor")
    qtbot.keyClicks(window.grid, "i")  # the sponsor is informed, no longer accountable
    assert code(window, "Backend", "Sponsor") == "I"
    settle(qtbot, window)
    assert listed_problems(window) == [  # a sponsor only ever informed: worth a note
        ("Note", "“Sponsor” is only ever consulted or informed (1 deliverable).")
    ]
    assert counts_text(window).startswith("✖ 0 errors")
    assert "ℹ 1 note" in counts_text(window)
    model = window.grid.matrix_model
    backend = model.row_of(find(window.document.matrix.deliverables, "Backend"))
    assert model.headerData(backend, V, Sev) is None


UNKNOWN_CODE_WINDOW = r"""
import sys, traceback
errors = []
sys.excepthook = lambda *exc: errors.append("".join(traceback.format_exception(*exc)))
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from ramdesk.model import SetScheme, builtin_scheme
from ramdesk.ui.app import create_window
from ramdesk.ui import grid_edits
from ramdesk.ui.style import SEVERITY_COLORS
from tests.ui.conftest import find, small_matrix

settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
window = create_window(settings, matrix=small_matrix())
window.show()
app = QApplication.instance()
app.processEvents()
m = window.document.matrix
window.document.apply(SetScheme(builtin_scheme("primary-support"), {"R": "P"}))  # A is kept
app.processEvents()
window.grid.viewport().repaint()
app.processEvents()
index = window.grid.matrix_model.index_of(find(m.rows, "Wireframes"), find(m.roles, "Project manager"))
image = window.grid.viewport().grab(window.grid.visualRect(index)).toImage()
hatch = QColor(SEVERITY_COLORS["error"])
marked = sum(
    1
    for y in range(image.height())
    for x in range(image.width())
    if all(abs(a - b) < 30 for a, b in zip(image.pixelColor(x, y).getRgb()[:3], hatch.getRgb()[:3]))
)
window.document.undo_stack.setClean()
window.close()
print("errors", len(errors), "marked", marked)
for e in errors[:1]:
    print(e)
sys.exit(1 if errors or not marked else 0)
"""


def test_a_code_kept_through_a_scheme_change_is_painted_hatched(tmp_path):
    """In a process of its own: what this finds has crashed the process that painted it."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", UNKNOWN_CODE_WINDOW, str(tmp_path / "settings.ini")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=root,
        env=env,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


def test_unknown_codes_are_listed_after_a_scheme_change(qtbot, window, monkeypatch):
    """(The grid is not painted here: see the test above.)"""
    from ramdesk.ui.scheme_dialog import SchemeDialog

    def primary_support_keeping_a(dialog):
        dialog.select("primary-support")  # it has no A: A is kept as it is, and flagged
        dialog.accept()
        return 1

    window.grid.viewport().setUpdatesEnabled(False)
    monkeypatch.setattr(SchemeDialog, "exec", primary_support_keeping_a)
    window.actions["matrix.scheme"].trigger()
    assert code(window, "Wireframes", "Project manager") == "A"
    settle(qtbot, window)
    assert (
        "Error",
        "“A” for “Project manager” on “Wireframes” is not a code of this scheme (P, S).",
    ) in listed_problems(window)
    model = window.grid.matrix_model
    m = window.document.matrix
    index = model.index_of(find(m.rows, "Wireframes"), find(m.roles, "Project manager"))
    assert index.data(Sev) == "error"
    window.document.undo_stack.setClean()
    window.actions["file.new"].trigger()  # nothing unknown left to paint
    window.grid.viewport().setUpdatesEnabled(True)


def test_clicking_a_listed_problem_selects_its_cell(qtbot, window):
    settle(qtbot, window)
    view = window.problems_panel.view
    row = next(r for r, (_s, text) in enumerate(listed_problems(window)) if "has 2 × A" in text)
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    current = window.grid.currentIndex()
    model = window.grid.matrix_model
    assert model.row_item(current.row()).name == "Backend"
    assert window.grid.hasFocus()


def current_cell(window):
    index = window.grid.currentIndex()
    model = window.grid.matrix_model
    return model.row_item(index.row()).name, model.column_item(index.column()).name


def test_f8_goes_from_problem_to_problem_and_shift_f8_back(qtbot, window):
    settle(qtbot, window)
    listed = [text for _s, text in listed_problems(window)]
    assert window.actions["matrix.next_problem"].shortcut().toString() == "F8"
    window.actions["matrix.next_problem"].trigger()
    first = window.statusBar().currentMessage()
    assert first == listed[0]
    assert current_cell(window)[0] == "Backend"
    window.actions["matrix.next_problem"].trigger()
    assert window.statusBar().currentMessage() == listed[1]
    assert current_cell(window) == ("Backend", "Sponsor")  # Ada's double A, as Sponsor
    window.actions["matrix.next_problem"].trigger()  # wraps around
    assert window.statusBar().currentMessage() == first
    window.actions["matrix.previous_problem"].trigger()
    assert window.statusBar().currentMessage() == listed[1]


def test_f8_after_fixing_a_problem_goes_to_the_one_that_followed_it(qtbot, settings):
    from ramdesk.ui.app import create_window

    window = create_window(settings)  # the example: a dozen problems
    qtbot.addWidget(window)
    try:
        settle(qtbot, window)
        listed = [text for _s, text in listed_problems(window)]
        problems = window.problems_panel.model.problems
        k = next(
            i
            for i, p in enumerate(problems)
            if 0 < i < len(problems) - 2 and p.role is not None and p.deliverable is not None
        )
        for _ in range(k + 1):
            window.actions["matrix.next_problem"].trigger()
        assert window.statusBar().currentMessage() == listed[k]
        qtbot.keyClick(window.grid, Qt.Key.Key_Delete)  # fixed where F8 put the cursor
        settle(qtbot, window)
        now = [text for _s, text in listed_problems(window)]
        assert listed[k] not in now
        window.actions["matrix.next_problem"].trigger()
        expected = next(t for t in listed[k + 1 :] if t in now)
        assert window.statusBar().currentMessage() == expected
    finally:
        window.document.undo_stack.setClean()  # closing asks nothing


def test_f8_with_no_problems_says_so(qtbot, window):
    go(window, "Backend", "Project manager")
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    settle(qtbot, window)
    window.actions["matrix.next_problem"].trigger()
    assert window.statusBar().currentMessage() == "No problems: every check passes."


def test_problems_panel_filters_by_severity_role_and_person(qtbot, window):
    m = window.document.matrix
    panel = window.problems_panel
    go(window, "Visual design", "Project manager")
    qtbot.keyClicks(window.grid, "a/r")  # A/R: several codes in one cell, a note
    assert code(window, "Visual design", "Project manager") == "A/R"
    settle(qtbot, window)
    everything = listed_problems(window)
    assert len(everything) == 3
    panel.set_filter(severity="error")
    assert [s for s, _t in listed_problems(window)] == ["Error", "Error"]
    panel.set_filter(severity="info")
    assert [s for s, _t in listed_problems(window)] == ["Note"]
    assert panel.summary.text() == "1 of 3"
    panel.set_filter(person=find(m.people, "Ada"))  # hers, and those of the roles she holds
    assert sorted(t for _s, t in listed_problems(window)) == [
        "“Ada” is accountable for “Backend” twice, as “Sponsor” and “Project manager”.",
        "“Project manager” holds several codes (A/R) on “Visual design”.",
    ]
    panel.set_filter(role=find(m.roles, "Sponsor"))  # Ada holds Sponsor: her problem is listed
    assert any("Ada" in t for _s, t in listed_problems(window))
    panel.set_filter()
    assert listed_problems(window) == everything
    assert panel.summary.text() == str(len(everything))


# ---------------------------------------------------------------------- the view by person
def by_person(window, on=True):
    action = window.actions["view.by_person"]
    assert action in window.menus["View"].actions()
    action.setChecked(on)


def column_names(window):
    model = window.grid.matrix_model
    return [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]


def test_view_by_person_columns_are_people_showing_codes_of_all_their_roles(qtbot, window):
    by_person(window)
    assert column_names(window) == ["Ada", "Bo", "Cy"]
    model = window.grid.matrix_model
    m = window.document.matrix
    visual = model.index_of(find(m.deliverables, "Visual design"), find(m.people, "Ada"))
    assert visual.data() == "A"  # as Project manager
    tip = visual.data(Qt.ItemDataRole.ToolTipRole)
    assert "as Project manager" in tip and "Sponsor" not in tip.split("as Project manager")[0]
    backend = model.index_of(find(m.deliverables, "Backend"), find(m.people, "Ada"))
    tip = backend.data(Qt.ItemDataRole.ToolTipRole)
    assert "as Sponsor" in tip and "as Project manager" in tip
    assert window.actions["edit.paste"].isEnabled() is False
    assert window.actions["columns.insert_role"].isEnabled() is False
    by_person(window, False)
    assert column_names(window) == ["Sponsor", "Project manager", "Designer", "Developer"]
    assert window.actions["edit.paste"].isEnabled()


def test_view_by_person_is_read_only_and_says_why(qtbot, window):
    before = window.document.matrix.snapshot()
    by_person(window)
    m = window.document.matrix
    model = window.grid.matrix_model
    index = model.index_of(find(m.deliverables, "Wireframes"), find(m.people, "Cy"))
    window.grid.setCurrentIndex(index)
    window.grid.setFocus()
    qtbot.keyClicks(window.grid, "r")
    assert "read-only" in window.statusBar().currentMessage()
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    window.actions["edit.paste"].trigger()  # disabled: nothing happens
    assert window.document.matrix.snapshot() == before
    assert not window.document.undo_stack.count()
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable


def go_person(window, row_name, person_name):
    """In the view by person: make a deliverable's cell of a person current."""
    m, model = window.document.matrix, window.grid.matrix_model
    row, person = find(m.deliverables, row_name), find(m.people, person_name)
    window.grid.setCurrentIndex(model.index_of(row, person))
    window.grid.setFocus()


def test_rows_cannot_be_changed_in_the_person_view_either(qtbot, window):
    before = window.document.matrix.snapshot()
    by_person(window)
    go_person(window, "Wireframes", "Ada")
    for key in ("rows.delete", "rows.insert_deliverable", "rows.insert_group", "edit.rename"):
        assert not window.actions[key].isEnabled()
        window.actions[key].trigger()
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    window.grid.row_header.sig_rename_requested.emit(1)  # a double-click on a name
    assert "read-only" in window.statusBar().currentMessage()
    window.grid.row_header.sig_move_requested.emit(1, 2)  # a dragged row
    assert window.document.matrix.snapshot() == before
    by_person(window, False)
    assert window.actions["rows.delete"].isEnabled()


def test_delete_in_the_person_view_says_why(qtbot, window):
    by_person(window)
    go_person(window, "Backend", "Ada")
    window.statusBar().clearMessage()
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    assert "read-only" in window.statusBar().currentMessage()


def test_a_person_only_conflict_shows_in_both_views(qtbot, window, monkeypatch):
    from ramdesk.ui.rules_dialog import RulesDialog

    def switch_off_row_limits(dialog):
        dialog.set_rule("row.excess", False)
        dialog.accept()
        return 1

    # With the row's own "two A" check off, Ada's double A exists only through people.
    monkeypatch.setattr(RulesDialog, "exec", switch_off_row_limits)
    window.actions["matrix.rules"].trigger()
    settle(qtbot, window)
    assert [text for _s, text in listed_problems(window)] == [
        "“Ada” is accountable for “Backend” twice, as “Sponsor” and “Project manager”."
    ]
    m = window.document.matrix
    model = window.grid.matrix_model
    backend = find(m.deliverables, "Backend")
    for role in ("Sponsor", "Project manager"):
        cell = model.index_of(backend, find(m.roles, role))
        assert cell.data(Sev) == "error"
        assert "Ada" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of(backend, find(m.roles, "Developer")).data(Sev) is None
    by_person(window)
    ada = model.index_of(backend, find(m.people, "Ada"))
    assert ada.data(Sev) == "error"
    assert "accountable" in ada.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index_of(backend, find(m.people, "Cy")).data(Sev) is None
    assert model.headerData(model.row_of(backend), V, Sev) == "error"


def test_the_person_view_follows_edits_undo_and_f8(qtbot, window):
    m = window.document.matrix
    model = window.grid.matrix_model
    go(window, "Frontend", "Designer")
    qtbot.keyClicks(window.grid, "c")  # Bo, as Designer, consulted on Frontend
    by_person(window)
    frontend = find(m.deliverables, "Frontend")
    assert model.index_of(frontend, find(m.people, "Bo")).data() == "C"
    window.actions["edit.undo"].trigger()
    assert model.index_of(frontend, find(m.people, "Bo")).data() == ""
    window.actions["edit.redo"].trigger()
    assert model.index_of(frontend, find(m.people, "Bo")).data() == "C"
    settle(qtbot, window)
    window.actions["matrix.next_problem"].trigger()
    window.actions["matrix.next_problem"].trigger()  # Ada's double A: her column
    index = window.grid.currentIndex()
    assert model.row_item(index.row()).name == "Backend"
    assert model.column_item(index.column()).name == "Ada"


def test_the_person_view_with_a_filter_on_a_person(qtbot, window):
    m = window.document.matrix
    by_person(window)
    choose(window.filter_bar.who, find(m.people, "Cy"))
    assert shown_rows(window) == ["Design", "Visual design", "Build", "Frontend", "Backend"]
    assert column_names(window) == ["Ada", "Bo", "Cy"]  # people stay; only rows are filtered


# ---------------------------------------------------------------------- filters
def filter_bar(window):
    return window.filter_bar


def choose(box, data):
    index = box.findData(data)
    assert index >= 0, data
    box.setCurrentIndex(index)


ALL_ROWS = ["Design", "Wireframes", "Visual design", "Build", "Frontend", "Backend"]


def test_text_filter_hides_rows_never_data_and_clearing_restores(qtbot, window):
    before = window.document.matrix.snapshot()
    window.actions["view.filter"].trigger()
    assert filter_bar(window).text.hasFocus()
    qtbot.keyClicks(filter_bar(window).text, "end")
    qtbot.waitUntil(lambda: shown_rows(window) != ALL_ROWS, timeout=2000)
    assert shown_rows(window) == ["Build", "Frontend", "Backend"]
    assert window.rows_label.text() == "2 of 4 deliverables shown"
    assert window.document.matrix.snapshot() == before
    assert not window.document.modified
    window.actions["view.clear_filter"].trigger()
    assert shown_rows(window) == ALL_ROWS
    assert filter_bar(window).text.text() == ""
    assert window.rows_label.text() == "4 deliverables"


def test_group_filter(qtbot, window):
    m = window.document.matrix
    choose(filter_bar(window).group, find(m.groups, "Design"))
    assert shown_rows(window) == ["Design", "Wireframes", "Visual design"]
    window.actions["view.clear_filter"].trigger()
    assert shown_rows(window) == ALL_ROWS


def test_rows_where_a_role_or_a_person_has_a_code(qtbot, window):
    m = window.document.matrix
    bar = filter_bar(window)
    choose(bar.who, find(m.roles, "Developer"))
    assert shown_rows(window) == ["Design", "Visual design", "Build", "Frontend", "Backend"]
    choose(bar.code, "R")
    assert shown_rows(window) == ["Build", "Frontend", "Backend"]
    choose(bar.who, find(m.people, "Ada"))  # through Sponsor and Project manager
    choose(bar.code, None)
    assert shown_rows(window) == ALL_ROWS
    choose(bar.who, find(m.people, "Bo"))
    assert shown_rows(window) == ["Design", "Wireframes", "Visual design"]
    window.actions["view.clear_filter"].trigger()
    assert shown_rows(window) == ALL_ROWS


def test_rows_with_problems_follow_edits(qtbot, window):
    filter_bar(window).problems.setChecked(True)
    assert shown_rows(window) == ["Build", "Backend"]
    go(window, "Backend", "Project manager")
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)  # resolves Backend's problems
    window.actions["view.clear_filter"].trigger()
    filter_bar(window).problems.setChecked(True)
    assert shown_rows(window) == []
    assert window.rows_label.text() == "0 of 4 deliverables shown"


def test_unassigned_rows(qtbot, window):
    before = window.document.matrix.snapshot()
    go(window, "Backend", "Sponsor")
    window.insert_deliverable("Load testing")
    filter_bar(window).unassigned.setChecked(True)
    assert shown_rows(window) == ["Build", "Load testing"]
    filter_bar(window).unassigned.setChecked(False)
    assert len(shown_rows(window)) == 7
    window.actions["edit.undo"].trigger()
    assert window.document.matrix.snapshot() == before


def test_filters_combine_and_the_whole_row_set_comes_back(qtbot, window):
    m = window.document.matrix
    before = m.snapshot()
    bar = filter_bar(window)
    choose(bar.group, find(m.groups, "Build"))
    choose(bar.who, find(m.roles, "Sponsor"))
    assert shown_rows(window) == ["Build", "Backend"]
    bar.set_text("front")
    assert shown_rows(window) == []
    window.actions["view.clear_filter"].trigger()
    assert shown_rows(window) == ALL_ROWS
    assert bar.group.currentData() is None and bar.who.currentData() is None
    assert m.snapshot() == before


def test_the_people_panel_names_the_current_row_and_role_after_a_rename(qtbot, window):
    m = window.document.matrix
    panel = window.people_panel
    go(window, "Wireframes", "Designer")
    assert "Wireframes" in panel.row_label.text() and "Designer" in panel.role_label.text()
    grid_edits.rename(window.grid, find(m.deliverables, "Wireframes"), "Mock-ups <b>v2</b>")
    grid_edits.rename(window.grid, find(m.roles, "Designer"), "UX designer")
    assert "Mock-ups &lt;b&gt;v2&lt;/b&gt;" in panel.row_label.text()  # shown as typed
    assert "UX designer" in panel.role_label.text()
    window.document.undo_stack.undo()
    assert "Designer" in panel.role_label.text() and "UX" not in panel.role_label.text()


def test_f8_on_a_row_problem_lands_on_a_cell_it_is_about(qtbot, window):
    settle(qtbot, window)
    go(window, "Wireframes", "Developer")  # the cursor somewhere else first
    problems = window.problems_panel.model.problems
    row = next(i for i, p in enumerate(problems) if p.rule == "row.excess")  # Backend: 2 × A
    for _ in range(row + 1):
        window.actions["matrix.next_problem"].trigger()
    name, role = current_cell(window)
    assert name == "Backend" and code(window, "Backend", role) == "A"


def test_f8_with_every_problem_filtered_out_of_the_panel_says_so(qtbot, window):
    settle(qtbot, window)
    panel = window.problems_panel
    panel.severity.setCurrentIndex(panel.severity.findText("Notes", Qt.MatchFlag.MatchContains))
    assert panel.model.rowCount() == 0
    window.actions["matrix.next_problem"].trigger()
    message = window.statusBar().currentMessage()
    assert "filter" in message and "every check passes" not in message


def test_quiet_refusals_say_why(qtbot, window):
    m = window.document.matrix
    model = window.grid.matrix_model
    window.grid.setCurrentIndex(model.index(model.row_of(find(m.groups, "Build")), 0))
    qtbot.keyClick(window.grid, "a")
    assert "group row holds no codes" in window.statusBar().currentMessage()
    assert not grid_edits.rename(window.grid, find(m.deliverables, "Backend"), "   ")
    assert "cannot be empty" in window.statusBar().currentMessage()
    assert find(m.deliverables, "Backend").name == "Backend"
    by_person(window)
    by_person(window, False)
    assert "read-only" not in window.statusBar().currentMessage()


def test_grouping_rows_of_two_groups_says_what_was_left(qtbot, window):
    m = window.document.matrix
    model = window.grid.matrix_model
    first = model.row_of(find(m.deliverables, "Visual design"))
    last = model.row_of(find(m.deliverables, "Frontend"))
    window.grid.selectionModel().select(
        QItemSelection(model.index(first, 0), model.index(last, 3)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    grid_edits.insert_group(window.grid, "Handover")
    assert "left where they are" in window.statusBar().currentMessage()


def test_undo_of_a_description_shows_in_its_box_and_sticks(qtbot, window):
    m = window.document.matrix
    designer = find(m.roles, "Designer")
    box = window.people_panel.role_text
    go(window, "Wireframes", "Designer")
    box.setPlainText("Draws the screens")
    box.commit()  # as leaving the box does
    assert designer.description == "Draws the screens"
    window.actions["edit.undo"].trigger()
    assert designer.description == "" and box.toPlainText() == ""
    box.commit()  # leaving the box again saves nothing: the undo sticks
    assert designer.description == "" and window.document.undo_stack.canRedo()
    window.actions["edit.redo"].trigger()
    assert box.toPlainText() == "Draws the screens"


def test_undo_while_typing_a_description_takes_back_the_typing(qtbot, window):
    m = window.document.matrix
    designer = find(m.roles, "Designer")
    box = window.people_panel.role_text
    go(window, "Wireframes", "Designer")
    box.setPlainText("Draws the screens")
    box.commit()
    box.setPlainText("Draws the screens and icons")  # typed, not yet saved
    window.actions["edit.undo"].trigger()
    assert designer.description == "Draws the screens"
    assert box.toPlainText() == "Draws the screens"


def test_f6_takes_the_keyboard_focus_round_the_grid_and_the_panels(qtbot, window):
    from PySide6.QtWidgets import QApplication

    window.show()
    qtbot.waitExposed(window)
    window.grid.setFocus()
    visited = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F6)
        focus = QApplication.focusWidget()
        owner = next(
            (key for key, dock in window.docks.items() if dock.isAncestorOf(focus)),
            "grid" if focus is window.grid else "?",
        )
        visited.append(owner)
    assert {"people", "problems", "legend", "grid"} <= set(visited)
    assert "?" not in visited
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert "Keyboard focus" in window.statusBar().currentMessage()


def test_a_second_person_of_the_same_name_is_taken_with_a_word_of_warning(qtbot, window):
    panel = window.people_panel
    assert panel.add_person("ada") is not None  # "Ada" is there
    assert "already named" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    panel.add_person("Dee")
    assert "already named" not in window.statusBar().currentMessage()


def test_in_a_matrix_of_one_row_ctrl_f2_renames_the_row_not_the_role(qtbot, window):
    window.file_new("raci")
    window.actions["columns.insert_role"].trigger()
    assert "double-click its name" in window.statusBar().currentMessage()  # no row yet
    window.actions["rows.insert_deliverable"].trigger()
    assert window.rename_current("Kick-off")
    m = window.document.matrix
    assert [d.name for d in m.deliverables] == ["Kick-off"]
    assert [r.name for r in m.roles] == ["New role"]
    window.document.undo_stack.setClean()
