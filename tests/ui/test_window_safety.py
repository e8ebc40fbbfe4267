"""The main window keeps work safe: recovery records, locks, writing back into their workbook."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ramdesk.io import locks, recovery
from ramdesk.model import SetCells
from ramdesk.ui import safety
from ramdesk.ui.app import create_window

from .conftest import small_matrix


def _window(qtbot, settings, matrix=None):
    win = create_window(settings, matrix=matrix if matrix is not None else small_matrix())
    qtbot.addWidget(win, before_close_func=lambda w: w.document.undo_stack.setClean())
    win.show()
    return win


def _edit(win) -> None:
    m = win.document.matrix
    win.document.apply(SetCells.one(m.deliverables[0], m.roles[0], "I"))


def test_unsaved_work_is_recorded_and_a_later_start_offers_it(qtbot, tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = _window(qtbot, settings)
    folder = win.recovery_folder()
    assert folder == tmp_path / "recovery"
    _edit(win)
    win.recovery_keeper.flush(force=True)
    assert recovery.pending(folder) == []  # this very run still owns it
    # Seen from the next start (another process, this one gone): the record is offered.
    monkeypatch.setattr(recovery.os, "getpid", lambda: -1)
    monkeypatch.setattr(recovery, "pid_alive", lambda pid: False)
    chosen = []

    def restore_all(dialog):
        dialog.chosen = list(dialog.infos)
        chosen.extend(dialog.infos)
        return 1

    monkeypatch.setattr(safety.RecoveryDialog, "exec", restore_all)
    later = _window(qtbot, settings)
    assert later.offer_recovery()
    assert chosen
    m = later.document.matrix
    assert m.code(m.deliverables[0], m.roles[0]) == "I"
    assert later.document.modified  # restored work is unsaved until the user saves it


def test_closing_on_purpose_removes_the_record_and_the_lock(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = _window(qtbot, settings)
    target = tmp_path / "plan.xlsx"
    assert win.save_to(target)
    assert locks.libreoffice_lock_path(target).exists()  # others see who has it open
    _edit(win)
    win.recovery_keeper.flush(force=True)
    assert any((tmp_path / "recovery").iterdir())
    win.document.undo_stack.setClean()
    win.close()
    assert not [p for p in (tmp_path / "recovery").iterdir() if p.suffix == ".json"]
    assert not list(tmp_path.glob(".~lock.*"))


def test_save_of_a_colleagues_workbook_writes_into_it(qtbot, tmp_path):
    import openpyxl

    import ramdesk.io as rio

    theirs = tmp_path / "theirs.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Their sheet"
    ws.append(["Task", "PM", "Dev"])
    ws.append(["Plan", "A", "R"])
    ws.append(["Build", "I", "A/R"])
    wb.create_sheet("Notes")["A1"] = "keep me"
    wb.save(theirs)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = _window(qtbot, settings)
    win.document.undo_stack.setClean()
    matrix = rio.load(theirs)
    win.document.replace(matrix, None)
    guard = win._guard_open(theirs)
    win._adopt_guard(guard)
    m = win.document.matrix
    win.document.apply(SetCells.one(m.deliverables[1], m.roles[0], "C"))
    assert win.file_save()
    assert not win.document.modified
    again = openpyxl.load_workbook(theirs)
    assert again.sheetnames == ["Their sheet", "Notes"]
    assert again["Their sheet"]["B3"].value == "C"
    assert again["Notes"]["A1"].value == "keep me"
