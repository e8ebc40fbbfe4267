"""The real window, driven as a user drives it: typing codes and seeing problems come and go,
the view by person, row filters, saving and reopening, closing, dropping a file, recent files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ramdesk.ui.app import create_window
from ramdesk.ui.style import SEVERITY_COLORS
from ramdesk.ui.table_model import MatrixModel

from .conftest import find, small_matrix

V = Qt.Orientation.Vertical
Sev = MatrixModel.SeverityRole


# ---------------------------------------------------------------------- helpers
@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):
    """Every message box answers at once and is recorded, so no test waits for a click."""
    shown: list[tuple[str, str]] = []

    def record(kind, answer):
        def box(_parent, title, text, *_a, **_k):
            shown.append((kind, f"{title}: {text}"))
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(
        QMessageBox, "information", record("information", QMessageBox.StandardButton.Ok)
    )
    return shown


def new_window(qtbot, settings, matrix=None):
    win = create_window(settings, matrix=matrix if matrix is not None else small_matrix())
    qtbot.addWidget(win, before_close_func=lambda w: w.document.undo_stack.setClean())
    win.show()
    qtbot.waitExposed(win)
    return win


def go(window, row_name, role_name):
    """Put the cursor on a cell, as a click would."""
    m = window.document.matrix
    assert window.grid.select_cell(find(m.rows, row_name), find(m.roles, role_name))
    window.grid.setFocus()


def code(window, row_name, role_name):
    m = window.document.matrix
    return m.code(find(m.deliverables, row_name), find(m.roles, role_name))


def shown_rows(window):
    model = window.grid.matrix_model
    return [model.headerData(i, V) for i in range(model.rowCount())]


def listed_problems(window):
    """What the Problems dock lists: (severity word, message) per row."""
    view = window.problems_panel.view
    model = view.model()
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def settle(qtbot, window):
    """Let the short timers that gather edits (problems list, status bar) run."""
    qtbot.waitUntil(
        lambda: not window.problems_panel._timer.isActive() and not window._status_timer.isActive(),
        timeout=2000,
    )


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


# ---------------------------------------------------------------------- save, reopen, close
def save_as(window, monkeypatch, target):
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *_a, **_k: (str(target), "ramdesk workbook (*.xlsx)"),
    )
    window.actions["file.save_as"].trigger()


def open_file(window, monkeypatch, target):
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(target), "All files (*)")
    )
    window.actions["file.open"].trigger()


def test_save_as_then_reopen_in_a_new_window_gives_the_same_matrix(
    qtbot, window, settings, monkeypatch, tmp_path
):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "i")
    assert window.isWindowModified()
    target = tmp_path / "relaunch.xlsx"
    save_as(window, monkeypatch, target)
    assert target.exists()
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("relaunch.xlsx")
    saved = window.document.matrix.snapshot()

    other = new_window(qtbot, settings)
    other.actions["file.new"].trigger()
    open_file(other, monkeypatch, target)
    assert other.document.path == target
    assert other.document.matrix.snapshot() == saved
    assert not other.isWindowModified()
    assert other.windowTitle().startswith("relaunch.xlsx")
    assert shown_rows(other) == ALL_ROWS
    settle(qtbot, other)
    assert listed_problems(other) == listed_problems(window)


def test_save_as_cancelled_keeps_the_changes_unsaved(qtbot, window, monkeypatch, tmp_path):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "i")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: ("", ""))
    window.actions["file.save"].trigger()
    assert window.isWindowModified()
    assert list(tmp_path.glob("*.xlsx")) == []


def _answer_close_prompt(monkeypatch, answer):
    asked = []

    def exec_(box):
        asked.append(box.text())
        return int(answer.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def test_closing_with_no_changes_does_not_ask(qtbot, settings, monkeypatch):
    win = new_window(qtbot, settings)
    asked = _answer_close_prompt(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert win.close()
    assert asked == []


def test_closing_with_changes_cancel_keeps_the_window(qtbot, settings, monkeypatch):
    win = new_window(qtbot, settings)
    go(win, "Wireframes", "Sponsor")
    qtbot.keyClicks(win.grid, "i")
    asked = _answer_close_prompt(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not win.close()
    assert win.isVisible()
    assert len(asked) == 1 and "Website relaunch" in asked[0]
    assert code(win, "Wireframes", "Sponsor") == "I"


def test_closing_with_changes_discard_closes(qtbot, settings, monkeypatch):
    win = new_window(qtbot, settings)
    go(win, "Wireframes", "Sponsor")
    qtbot.keyClicks(win.grid, "i")
    asked = _answer_close_prompt(monkeypatch, QMessageBox.StandardButton.Discard)
    win.actions["file.quit"].trigger()
    assert len(asked) == 1
    assert not win.isVisible()


def test_closing_with_changes_save_saves_first(qtbot, settings, monkeypatch, tmp_path):
    win = new_window(qtbot, settings)
    go(win, "Wireframes", "Sponsor")
    qtbot.keyClicks(win.grid, "i")
    _answer_close_prompt(monkeypatch, QMessageBox.StandardButton.Save)
    target = tmp_path / "kept.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "ramdesk workbook")
    )
    assert win.close()
    from ramdesk.io import load

    kept = load(target)
    assert kept.code(find(kept.deliverables, "Wireframes"), find(kept.roles, "Sponsor")) == "I"


def test_closing_with_changes_save_then_cancelled_save_as_keeps_the_window(
    qtbot, settings, monkeypatch
):
    win = new_window(qtbot, settings)
    go(win, "Wireframes", "Sponsor")
    qtbot.keyClicks(win.grid, "i")
    _answer_close_prompt(monkeypatch, QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: ("", ""))
    assert not win.close()
    assert win.isVisible() and win.isWindowModified()


# ---------------------------------------------------------------------- dropping a file
def _drop(window, urls):
    data = QMimeData()
    data.setUrls(urls)
    pos = window.rect().center()
    enter = QDragEnterEvent(
        pos, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(window, enter)
    accepted = enter.isAccepted()
    if accepted:
        drop = QDropEvent(
            QPointF(pos),
            Qt.DropAction.CopyAction,
            data,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier(0),
        )
        QApplication.sendEvent(window, drop)
    return accepted


def _saved_matrix(tmp_path, name="dropped.xlsx", title="Dropped plan"):
    from ramdesk.io import save

    m = small_matrix()
    m.name = title
    m.set_code(find(m.deliverables, "Frontend"), find(m.roles, "Sponsor"), "I")
    target = tmp_path / name
    save(m, target, layout="ramdesk")
    return target, m.snapshot()


def test_dropping_a_file_opens_it(qtbot, window, tmp_path):
    target, snapshot = _saved_matrix(tmp_path)
    assert _drop(window, [QUrl.fromLocalFile(str(target))])
    qtbot.waitUntil(lambda: window.document.path == target, timeout=3000)
    assert window.document.matrix.snapshot() == snapshot
    assert window.windowTitle().startswith("dropped.xlsx")
    assert str(target.resolve()) == window.recent_files()[0]


def test_dropping_something_that_is_not_a_file_is_refused(qtbot, window):
    before = window.document.matrix.snapshot()
    assert not _drop(window, [QUrl("https://example.org/plan.xlsx")])
    qtbot.wait(20)
    assert window.document.matrix.snapshot() == before
    assert window.document.path is None


def test_dropping_a_file_onto_unsaved_changes_asks_first(qtbot, window, tmp_path, monkeypatch):
    target, _snapshot = _saved_matrix(tmp_path)
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "i")
    asked = _answer_close_prompt(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert _drop(window, [QUrl.fromLocalFile(str(target))])
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=3000)
    assert window.document.path is None
    assert code(window, "Wireframes", "Sponsor") == "I"


def test_dropping_an_unreadable_file_says_why(qtbot, window, tmp_path, no_modal_boxes):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook at all")
    assert _drop(window, [QUrl.fromLocalFile(str(broken))])
    qtbot.waitUntil(lambda: bool(no_modal_boxes), timeout=3000)
    kind, text = no_modal_boxes[0]
    assert kind == "warning" and "broken.xlsx" in text
    assert window.document.path is None
    assert shown_rows(window) == ALL_ROWS


# ---------------------------------------------------------------------- recent files
def recent_entries(window):
    menu = window.recent_menu
    menu.aboutToShow.emit()
    return [a for a in menu.actions() if not a.isSeparator()]


def test_recent_files_menu_lists_saved_and_opened_files_newest_first(
    qtbot, window, tmp_path, monkeypatch
):
    entries = recent_entries(window)
    assert [a.text() for a in entries] == ["No recent files", "&Clear the List"]
    assert not entries[0].isEnabled()
    first, _ = _saved_matrix(tmp_path, "first.xlsx", "First plan")
    second, _ = _saved_matrix(tmp_path, "second.xlsx", "Second plan")
    open_file(window, monkeypatch, first)
    save_as(window, monkeypatch, tmp_path / "copy.xlsx")
    open_file(window, monkeypatch, second)
    names = [a.text() for a in recent_entries(window)]
    assert names == ["&1 second.xlsx", "&2 copy.xlsx", "&3 first.xlsx", "&Clear the List"]
    # The settings remember them for the next start.
    assert window.settings.value("files/recent")[0] == str(second.resolve())

    entries = recent_entries(window)
    assert entries[0].statusTip() == str(second.resolve())
    entries[2].trigger()  # first.xlsx
    assert window.document.path == first
    assert window.document.matrix.name == "First plan"
    assert [a.text() for a in recent_entries(window)][0] == "&1 first.xlsx"

    window.actions["file.clear_recent"].trigger()
    assert [a.text() for a in recent_entries(window)] == ["No recent files", "&Clear the List"]


def test_a_recent_file_that_is_gone_is_reported_and_forgotten(
    qtbot, window, tmp_path, monkeypatch, no_modal_boxes
):
    target, _ = _saved_matrix(tmp_path, "gone.xlsx")
    open_file(window, monkeypatch, target)
    window.actions["file.new"].trigger()
    target.unlink()
    recent_entries(window)[0].trigger()
    assert no_modal_boxes and "gone.xlsx" in no_modal_boxes[0][1]
    assert [a.text() for a in recent_entries(window)] == ["No recent files", "&Clear the List"]
    assert window.document.path is None


def test_the_view_keeps_working_after_reopening(qtbot, window, tmp_path, monkeypatch):
    """Opening another matrix resets filters and the person view's actions stay consistent."""
    target, _ = _saved_matrix(tmp_path)
    filter_bar(window).set_text("front")
    assert shown_rows(window) == ["Build", "Frontend"]
    open_file(window, monkeypatch, target)
    assert shown_rows(window) == ALL_ROWS
    assert filter_bar(window).text.text() == ""
    go(window, "Frontend", "Sponsor")
    qtbot.keyClicks(window.grid, "c")
    assert code(window, "Frontend", "Sponsor") == "C"
    assert window.isWindowModified()
