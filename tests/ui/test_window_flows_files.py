"""The real window and files: Save As and reopening, the prompt on closing with unsaved changes,
dropping a file onto the window, the recent files menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from ramdesk.ui.app import create_window

from .conftest import find, small_matrix
from .flows import code, go, listed_problems, record_message_boxes, shown_rows

V = Qt.Orientation.Vertical
ALL_ROWS = ["Design", "Wireframes", "Visual design", "Build", "Frontend", "Backend"]


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):
    return record_message_boxes(monkeypatch)


def new_window(qtbot, settings, matrix=None):
    win = create_window(settings, matrix=matrix if matrix is not None else small_matrix())
    qtbot.addWidget(win, before_close_func=lambda w: w.document.undo_stack.setClean())
    win.show()
    qtbot.waitExposed(win)
    return win


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
    problems = listed_problems(window)
    window.close()  # one file, one window: a second is not opened on it while this one is

    other = new_window(qtbot, settings)
    other.actions["file.new"].trigger()
    open_file(other, monkeypatch, target)
    assert other.document.path == target
    assert other.document.matrix.snapshot() == saved
    assert not other.isWindowModified()
    assert other.windowTitle().startswith("relaunch.xlsx")
    assert shown_rows(other) == ALL_ROWS
    settle(qtbot, other)
    assert listed_problems(other) == problems


def test_save_as_cancelled_keeps_the_changes_unsaved(qtbot, window, monkeypatch, tmp_path):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "i")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: ("", ""))
    window.actions["file.save"].trigger()
    assert window.isWindowModified()
    assert list(tmp_path.glob("*.xlsx")) == []


@pytest.mark.parametrize("save_as", [False, True])
def test_saving_over_a_read_only_file_leaves_it_and_offers_another_name(
    qtbot, window, monkeypatch, tmp_path, save_as
):
    target = tmp_path / "shared.xlsx"
    assert window.save_to(target)
    before = target.read_bytes()
    target.chmod(0o444)
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "i")
    asked = []

    def warning(_parent, title, text, *_a, **_k):
        asked.append(text)
        return QMessageBox.StandardButton.Save if save_as else QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", warning)
    other = tmp_path / "mine.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(other), ""))
    try:
        assert window.save_to(target) is save_as
        assert target.read_bytes() == before  # unchanged
        assert "read-only" in asked[0] and "another name" in asked[0]
        assert other.exists() is save_as
        assert window.isWindowModified() is not save_as
    finally:
        target.chmod(0o644)


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
    window.filter_bar.set_text("front")
    assert shown_rows(window) == ["Build", "Frontend"]
    open_file(window, monkeypatch, target)
    assert shown_rows(window) == ALL_ROWS
    assert window.filter_bar.text.text() == ""
    go(window, "Frontend", "Sponsor")
    qtbot.keyClicks(window.grid, "c")
    assert code(window, "Frontend", "Sponsor") == "C"
    assert window.isWindowModified()


def test_save_as_csv_exports_the_grid_and_keeps_the_matrix_unsaved(
    qtbot, window, monkeypatch, tmp_path
):
    go(window, "Wireframes", "Sponsor")
    qtbot.keyClicks(window.grid, "i")
    target = tmp_path / "grid.csv"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *_a, **_k: (str(target), "CSV, the grid only (*.csv)"),
    )
    window.actions["file.save_as"].trigger()
    assert target.exists() and "Wireframes" in target.read_text(encoding="utf-8-sig")
    assert window.isWindowModified()
    assert "not saved" in window.statusBar().currentMessage()
    assert window.document.path is None


def test_opening_a_colleagues_csv_goes_through_the_import_preview(
    qtbot, window, monkeypatch, tmp_path
):
    from ramdesk.ui.import_preview import ImportPreview

    sheet = tmp_path / "their plan.csv"
    sheet.write_text("Task,Lead,Dev,QA\nSpec,A,R,C\nBuild,A,R,I\nTest,A,C,R\n", encoding="utf-8")
    seen = []

    def accept(dialog):
        seen.append(dialog.windowTitle())
        dialog.open_button.click()
        return dialog.result()

    monkeypatch.setattr(ImportPreview, "exec", accept)
    open_file(window, monkeypatch, sheet)
    assert seen == ["Open their plan.csv"]
    m = window.document.matrix
    assert [d.name for d in m.deliverables] == ["Spec", "Build", "Test"]
    assert [r.name for r in m.roles] == ["Lead", "Dev", "QA"]
    assert m.code(find(m.deliverables, "Test"), find(m.roles, "QA")) == "R"
    assert window.document.path is None  # Save asks where to write ramdesk's workbook
    assert "Imported from their plan.csv" in window.statusBar().currentMessage()
    assert str(sheet.resolve()) == window.recent_files()[0]


def test_cancelling_the_import_preview_keeps_the_matrix(qtbot, window, monkeypatch, tmp_path):
    from ramdesk.ui.import_preview import ImportPreview

    sheet = tmp_path / "plan.csv"
    sheet.write_text("Task,Lead\nSpec,A\n", encoding="utf-8")
    before = window.document.matrix.snapshot()
    monkeypatch.setattr(ImportPreview, "exec", lambda dialog: 0)
    open_file(window, monkeypatch, sheet)
    assert window.document.matrix.snapshot() == before
    assert shown_rows(window) == ALL_ROWS


# ---------------------------------------------------------------------- remembered between runs
def test_zoom_direction_and_rotated_names_come_back_in_the_next_window(qtbot, settings):
    first = new_window(qtbot, settings)
    first.actions["view.zoom_in"].trigger()
    first.actions["edit.move_after_typing.down"].trigger()
    first.actions["view.rotate_names"].trigger()
    zoom = first.grid.zoom
    assert first.close()
    later = new_window(qtbot, settings)
    assert later.grid.zoom == pytest.approx(zoom) and zoom > 1
    assert later.grid.move_direction == "down"
    assert later.actions["edit.move_after_typing.down"].isChecked()
    assert later.actions["view.rotate_names"].isChecked()
    assert later.zoom_label.text() == f"{zoom:.0%}"


def test_the_last_folder_is_where_save_as_starts(qtbot, window, monkeypatch, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    target, _ = _saved_matrix(folder, "q3.xlsx")
    open_file(window, monkeypatch, target)
    window.actions["file.new"].trigger()
    asked = []

    def cancel(_parent, _title, suggested, _filter):
        asked.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancel)
    window.actions["file.save_as"].trigger()
    assert asked == [str(folder / "Untitled matrix.xlsx")]


def test_a_file_open_in_one_window_is_not_opened_in_a_second(qtbot, settings, tmp_path):
    first = create_window(settings, small_matrix())
    qtbot.addWidget(first)
    first.show()
    path = tmp_path / "plan.xlsx"
    assert first.save_to(path)
    assert first.open_path(path, ask=False)
    second = create_window(settings)
    qtbot.addWidget(second)
    second.show()
    assert not second.open_path(path, ask=False)
    assert "already open in another window" in second.statusBar().currentMessage()
    assert second.document.path != path
    lock = tmp_path / ".~lock.plan.xlsx#"
    assert lock.exists()
    second.close()
    assert lock.exists()  # still held by the first window
    for w in (first, second):
        w.document.undo_stack.setClean()
