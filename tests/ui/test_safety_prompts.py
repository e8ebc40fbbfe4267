"""File prompts and guards: text from files stays text; locks and changed-on-disk are asked about."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from ramdesk.io.locks import Holder, libreoffice_lock_path
from ramdesk.ui import safety
from ramdesk.ui.safety import (
    ChangedOnDiskPrompt,
    FileGuard,
    LockPrompt,
    WriteBackPrompt,
    confirm_overwrite,
    guard_open,
    plain,
    set_plain,
    tooltip,
)

HOSTILE = '<b>Bold</b><img src="x" onerror="alert(1)"> & <a href="file:///etc">link</a>\nline 2'


def test_plain_escapes_markup():
    text = plain(HOSTILE)
    assert "<b>" not in text and "<img" not in text and "<a " not in text
    assert "&lt;b&gt;Bold&lt;/b&gt;" in text and "&amp;" in text
    assert text.endswith("<br>line 2")


def test_tooltip_shows_markup_literally(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    label.setText(tooltip(HOSTILE))
    # A QLabel in AutoText renders rich text: what a user would see is the literal source.
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(tooltip(HOSTILE))
    assert doc.toPlainText().replace("\u2029", "\n") == HOSTILE
    assert tooltip("") == ""


def test_set_plain(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    set_plain(label, HOSTILE)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == HOSTILE


def _answer(prompt, key: str) -> str:
    QTimer.singleShot(0, lambda: prompt.button_for(key).click())
    return prompt.ask()


def _holder(name: str = "<i>Anna</i>") -> Holder:
    return Holder(name, "laptop-7", datetime(2026, 11, 21, 14, 5), "LibreOffice", Path("x"))


@pytest.mark.parametrize("key", ["read_only", "anyway", "cancel"])
def test_lock_prompt(qtbot, key):
    prompt = LockPrompt(None, Path("share") / "<b>plan&amp;.xlsx", [_holder()])
    qtbot.addWidget(prompt)
    assert prompt.textFormat() == Qt.TextFormat.PlainText
    assert "<i>Anna</i> (on laptop-7, LibreOffice) since 21 Nov 2026 14:05" in prompt.text()
    assert "<b>plan&amp;.xlsx is open" in prompt.text()
    assert _answer(prompt, key) == key


def test_lock_prompt_escape_cancels(qtbot):
    prompt = LockPrompt(None, Path("plan.xlsx"), [_holder()])
    qtbot.addWidget(prompt)
    assert prompt.escapeButton() is prompt.button_for("cancel")
    assert prompt.defaultButton() is prompt.button_for("read_only")


@pytest.mark.parametrize("key", ["save_as", "reload", "overwrite", "cancel"])
def test_changed_on_disk_prompt(qtbot, key):
    prompt = ChangedOnDiskPrompt(None, Path("plan.xlsx"))
    qtbot.addWidget(prompt)
    assert "changed by someone else" in prompt.text()
    assert _answer(prompt, key) == key


def test_deleted_file_cannot_be_reloaded(qtbot):
    prompt = ChangedOnDiskPrompt(None, Path("plan.xlsx"), deleted=True)
    qtbot.addWidget(prompt)
    assert "deleted or moved" in prompt.text()
    with pytest.raises(StopIteration):
        prompt.button_for("reload")


def test_write_back_prompt_lists_losses(qtbot):
    losses = ["a slicer on sheet 'Data'", "<script>"]
    prompt = WriteBackPrompt(None, Path("theirs.xlsx"), losses)
    qtbot.addWidget(prompt)
    assert "• a slicer on sheet 'Data'" in prompt.informativeText()
    assert prompt.defaultButton() is prompt.button_for("save_as_ramdesk")
    assert _answer(prompt, "write_back") == "write_back"


def test_guard_open_free_file_locks_it(qtbot, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"data")
    guard = guard_open(None, path)
    assert guard is not None and not guard.read_only
    assert libreoffice_lock_path(path).exists()
    guard.release()
    assert not libreoffice_lock_path(path).exists()


@pytest.mark.parametrize(
    ("answer", "read_only", "ours"),
    [("read_only", True, False), ("anyway", False, True), ("cancel", None, False)],
)
def test_guard_open_when_someone_has_it(qtbot, tmp_path, monkeypatch, answer, read_only, ours):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"data")
    lock = libreoffice_lock_path(path)
    lock.write_text(",jdoe,other-pc,21.11.2026 14:05,file:///x;")
    asked = []

    def ask(prompt):
        asked.append(prompt.text())
        return answer

    monkeypatch.setattr(LockPrompt, "ask", ask)
    guard = guard_open(None, path)
    assert asked and "jdoe (on other-pc, LibreOffice)" in asked[0]
    owner = lock.read_text()
    assert ("ramdesk:pid=" in owner) is ours
    if not ours:
        assert "jdoe" in owner  # their lock is left alone
    if read_only is None:
        assert guard is None
    else:
        assert guard.read_only is read_only
        guard.release()


def test_confirm_overwrite(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"ours")
    guard = FileGuard(path)
    assert confirm_overwrite(None, guard, path) == "save"
    assert confirm_overwrite(None, guard, tmp_path / "other.xlsx") == "save"
    path.write_bytes(b"theirs, longer")
    answers = iter(["overwrite", "reload", "save_as", "cancel"])
    monkeypatch.setattr(ChangedOnDiskPrompt, "ask", lambda prompt: next(answers))
    assert [confirm_overwrite(None, guard, path) for _ in range(4)] == [
        "save",
        "reload",
        "save_as",
        "cancel",
    ]
    guard.saved(path)
    assert confirm_overwrite(None, guard, path) == "save"
    guard.release()


def test_guard_follows_save_as(qtbot, tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    first.write_bytes(b"x")
    guard = FileGuard(first)
    second.write_bytes(b"y")
    guard.saved(second)
    assert not libreoffice_lock_path(first).exists()
    assert libreoffice_lock_path(second).exists()
    assert guard.path == second and not guard.changed_on_disk()
    guard.release()


def test_file_problem_message_is_plain(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    safety.show_file_problem(None, "<b>x.xlsx</b>: is empty (0 bytes).")
    assert shown[0].textFormat() == Qt.TextFormat.PlainText
    assert shown[0].text() == "<b>x.xlsx</b>: is empty (0 bytes)."


def test_default_recovery_folder_is_a_user_folder():
    folder = safety.default_recovery_folder()
    assert folder.name == "recovery" and folder.is_absolute()
    assert os.sep in str(folder)


def _their_workbook(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Task", "PM", "Dev"])
    ws.append(["Plan", "A", "R"])
    ws.append(["Build", "I", "A/R"])
    wb.save(path)
    return path


def _imported(path: Path):
    import ramdesk.io as rio
    from ramdesk.ui.document import Document

    matrix = rio.load(path)
    return Document(matrix, None)


def test_save_into_their_workbook(qtbot, tmp_path):
    import ramdesk.io as rio
    from ramdesk.model import SetCells

    theirs = _their_workbook(tmp_path / "theirs.xlsx")
    doc = _imported(theirs)
    guard = FileGuard(theirs)
    m = doc.matrix
    doc.apply(SetCells.one(m.deliverables[0], m.roles[1], "C"))
    assert doc.modified
    assert safety.save_into_their_workbook(None, doc, guard) == "saved"
    assert not doc.modified and doc.path is None
    again = rio.load(theirs)
    assert again.code(again.deliverables[0], again.roles[1]) == "C"
    assert not guard.changed_on_disk()  # our own save is not "someone else's change"
    guard.release()


def test_save_into_their_workbook_when_it_cannot(qtbot, tmp_path, monkeypatch):
    from ramdesk.model import MoveRow

    theirs = _their_workbook(tmp_path / "theirs.xlsx")
    before = theirs.read_bytes()
    doc = _imported(theirs)
    doc.apply(MoveRow(doc.matrix.deliverables[0], None, 1))
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert safety.save_into_their_workbook(None, doc) == "save_as"
    assert shown and shown[0].startswith("theirs.xlsx: cannot be written back: rows were moved")
    assert theirs.read_bytes() == before and doc.modified


@pytest.mark.parametrize(
    ("answer", "result"), [("save_as_ramdesk", "save_as"), ("cancel", "cancel")]
)
def test_save_into_their_workbook_offers_ramdesk_workbook(
    qtbot, tmp_path, monkeypatch, answer, result
):
    from ramdesk.model import SetNote

    theirs = _their_workbook(tmp_path / "theirs.xlsx")
    before = theirs.read_bytes()
    doc = _imported(theirs)
    m = doc.matrix
    doc.apply(SetNote(m.deliverables[0], m.roles[0], "agreed by mail"))
    asked = []
    monkeypatch.setattr(WriteBackPrompt, "ask", lambda prompt: asked.append(prompt) or answer)
    assert safety.save_into_their_workbook(None, doc) == result
    assert "notes" in asked[0].informativeText()
    assert theirs.read_bytes() == before


def test_save_into_their_workbook_changed_on_disk(qtbot, tmp_path, monkeypatch):
    from ramdesk.model import SetCells

    theirs = _their_workbook(tmp_path / "theirs.xlsx")
    doc = _imported(theirs)
    guard = FileGuard(theirs)
    doc.apply(SetCells.one(doc.matrix.deliverables[0], doc.matrix.roles[0], "C"))
    theirs.write_bytes(theirs.read_bytes() + b"\0")  # a colleague saved meanwhile
    monkeypatch.setattr(ChangedOnDiskPrompt, "ask", lambda prompt: "save_as")
    assert safety.save_into_their_workbook(None, doc, guard) == "save_as"
    guard.release()
