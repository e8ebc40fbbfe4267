"""RecoveryKeeper with the real Document: records while unsaved, gone when saved, back after a kill."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from ramdesk.io import recovery
from ramdesk.io.recovery import pending, restore
from ramdesk.model import Matrix, SetCells
from ramdesk.model.serialize import to_data
from ramdesk.ui.document import Document
from ramdesk.ui.safety import RecoveryDialog, RecoveryKeeper, adopt_recovered, offer_recovery

ROOT = Path(__file__).resolve().parents[2]


def _document(path: Path | None = None) -> tuple[Document, object, object]:
    m = Matrix("Launch")
    pm = m.add_role("PM")
    plan = m.add_deliverable("Plan")
    return Document(m, path), pm, plan


def _records(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{recovery.SUFFIX}")) if folder.exists() else []


def _as_if_crashed(folder: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    for file in _records(folder):
        data = json.loads(file.read_text())
        data["pid"] = dead.pid
        file.write_text(json.dumps(data))


def test_record_follows_the_modified_flag(qtbot, tmp_path):
    doc, pm, plan = _document(tmp_path / "launch.xlsx")
    keeper = RecoveryKeeper(doc, tmp_path / "rec")
    assert _records(tmp_path / "rec") == []  # nothing unsaved yet
    doc.apply(SetCells.one(plan, pm, "A"))
    (file,) = _records(tmp_path / "rec")
    data = json.loads(file.read_text())
    assert data["original"] == str(tmp_path / "launch.xlsx")
    assert data["title"] == "launch.xlsx"
    doc.undo_stack.undo()  # back to the saved state: nothing to recover
    assert _records(tmp_path / "rec") == []
    doc.undo_stack.redo()
    assert len(_records(tmp_path / "rec")) == 1
    doc.mark_saved()
    assert _records(tmp_path / "rec") == []
    doc.apply(SetCells.one(plan, pm, "R"))
    keeper.close()
    assert _records(tmp_path / "rec") == []


def test_every_edit_is_in_the_record(qtbot, tmp_path):
    doc, pm, plan = _document()
    RecoveryKeeper(doc, tmp_path)
    for code in "RACI":
        doc.apply(SetCells.one(plan, pm, code))
        (file,) = _records(tmp_path)
        m = restore(file)
        assert m.code(m.deliverables[0], m.roles[0]) == code


def test_big_matrices_journal_cell_edits_and_snapshot_later(qtbot, tmp_path):
    from ramdesk.model import InsertRow

    doc, pm, plan = _document()
    keeper = RecoveryKeeper(doc, tmp_path, max_delay_ms=300)
    keeper.pause_factor = 0.5  # fold the journal in half a snapshot's time after the last edit
    keeper.record.last_duration = 1.0  # as if the matrix were huge
    doc.apply(SetCells.one(plan, pm, "A"))  # no snapshot yet: one is taken
    (file,) = _records(tmp_path)
    keeper.record.last_duration = 1.0
    snapshot = file.read_bytes()
    doc.apply(SetCells.one(plan, pm, "R"))  # journaled, the snapshot untouched
    assert file.read_bytes() == snapshot and keeper.record.journal_file.exists()
    m = restore(file)
    assert m.code(m.deliverables[0], m.roles[0]) == "R"  # snapshot + journal
    qtbot.waitUntil(lambda: not keeper.record.journal_file.exists(), timeout=3000)
    keeper.record.last_duration = 1.0
    doc.apply(InsertRow(type(plan)("Build"), None, None))  # structure: snapshot at once
    m = restore(file)
    assert [d.name for d in m.deliverables] == ["Plan", "Build"]
    assert m.code(m.deliverables[0], m.roles[0]) == "R"
    keeper.close()
    assert not file.exists() and not keeper.record.journal_file.exists()


def test_a_slow_snapshot_waits_for_a_pause_in_typing(qtbot, tmp_path):
    doc, pm, plan = _document()
    keeper = RecoveryKeeper(doc, tmp_path, max_delay_ms=300)
    doc.apply(SetCells.one(plan, pm, "A"))  # the first snapshot
    keeper.record.last_duration = 1.0  # a huge matrix: a snapshot takes a second
    doc.apply(SetCells.one(plan, pm, "R"))
    assert keeper._timer.isActive() and keeper._timer.interval() >= 20_000
    keeper.record.last_duration = 1.0
    doc.apply(SetCells.one(plan, pm, "C"))  # each edit pushes the snapshot further back
    assert keeper._timer.isActive() and keeper._timer.interval() >= 20_000
    assert keeper.record.journal_file.exists()  # meanwhile every edit is in the journal
    keeper.close()


def test_replacing_the_matrix_starts_a_new_record(qtbot, tmp_path):
    doc, pm, plan = _document()
    keeper = RecoveryKeeper(doc, tmp_path)
    doc.apply(SetCells.one(plan, pm, "A"))
    first = keeper.record.file
    doc.replace(Matrix("Other"))
    assert not first.exists() and keeper.record.file != first


def test_unwritable_data_folder_is_reported_once(qtbot, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("x")
    doc, pm, plan = _document()
    keeper = RecoveryKeeper(doc, blocked / "rec")
    with qtbot.waitSignal(keeper.sig_problem) as caught:
        doc.apply(SetCells.one(plan, pm, "A"))
    assert "Crash recovery is not working" in caught.args[0]
    problems = []
    keeper.sig_problem.connect(problems.append)
    doc.apply(SetCells.one(plan, pm, "R"))
    assert problems == []  # said once, not at every edit
    assert doc.modified  # the work itself is untouched


def test_recovery_dialog_and_adoption(qtbot, tmp_path):
    doc, pm, plan = _document(tmp_path / "launch.xlsx")
    RecoveryKeeper(doc, tmp_path)
    doc.apply(SetCells.one(plan, pm, "A"))
    expected = to_data(doc.matrix)
    _as_if_crashed(tmp_path)

    def choose():
        dialog = next(w for w in _top_levels() if isinstance(w, RecoveryDialog))
        assert "launch.xlsx" in dialog.list.item(0).text()
        dialog.restore_button.click()

    QTimer.singleShot(0, choose)
    ((info, matrix),) = offer_recovery(None, tmp_path)
    assert to_data(matrix) == expected
    assert info.original == tmp_path / "launch.xlsx"
    fresh = Document()
    keeper = adopt_recovered(fresh, info, matrix, tmp_path)
    assert fresh.modified and fresh.path is None
    assert pending(tmp_path) == []  # ours now
    assert len(_records(tmp_path)) == 1
    fresh.mark_saved(tmp_path / "saved.xlsx")
    assert _records(tmp_path) == []
    keeper.close()


def test_decide_later_keeps_records(qtbot, tmp_path):
    doc, pm, plan = _document()
    RecoveryKeeper(doc, tmp_path)
    doc.apply(SetCells.one(plan, pm, "A"))
    _as_if_crashed(tmp_path)
    QTimer.singleShot(0, lambda: _dialog().later_button.click())
    assert offer_recovery(None, tmp_path) == []
    assert len(pending(tmp_path)) == 1


def test_discard_all_deletes_after_confirmation(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    doc, pm, plan = _document()
    RecoveryKeeper(doc, tmp_path)
    doc.apply(SetCells.one(plan, pm, "A"))
    _as_if_crashed(tmp_path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    QTimer.singleShot(0, lambda: _dialog().discard_button.click())
    assert offer_recovery(None, tmp_path) == []
    assert _records(tmp_path) == []


def _top_levels():
    from PySide6.QtWidgets import QApplication

    return QApplication.topLevelWidgets()


def _dialog() -> RecoveryDialog:
    return next(w for w in _top_levels() if isinstance(w, RecoveryDialog) and w.isVisible())


# The editor: a real Document and RecoveryKeeper in a Qt event loop, taking edits from stdin.
EDITOR = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, sys.argv[1])
    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtWidgets import QApplication
    from ramdesk.model import Deliverable, InsertRow, Matrix, SetCells
    from ramdesk.ui.document import Document
    from ramdesk.ui.safety import RecoveryKeeper

    app = QApplication([])
    m = Matrix("Work")
    roles = [m.add_role(f"Role {i}") for i in range(4)]
    doc = Document(m, sys.argv[3])
    keeper = RecoveryKeeper(doc, sys.argv[2])
    state = {"i": 0, "rows": []}

    def edit():
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        i = state["i"]
        if i % 5 == 0:
            row = Deliverable(f"D{len(state['rows'])}")
            doc.apply(InsertRow(row, None, None))
            state["rows"].append(row)
        else:
            doc.apply(SetCells.one(state["rows"][-1], roles[i % 4], "RACI"[i % 4]))
        state["i"] += 1
        print(i, flush=True)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(edit)
    app.exec()
    """
)


def _expected(edits: int) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    last = ""
    for i in range(edits):
        if i % 5 == 0:
            last = f"D{len(rows)}"
            rows[last] = {}
        else:
            rows[last][f"Role {i % 4}"] = "RACI"[i % 4]
    return rows


def _contents(m: Matrix) -> dict[str, dict[str, str]]:
    return {d.name: {r.name: m.code(d, r) for r in m.roles if m.code(d, r)} for d in m.deliverables}


def test_killed_editor_window_recovers_every_edit(qtbot, tmp_path):
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    rng = random.Random(6)
    for round_ in range(3):
        folder = tmp_path / f"data{round_}"
        original = tmp_path / "work.xlsx"
        process = subprocess.Popen(
            [sys.executable, str(script), str(ROOT), str(folder), str(original)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        )
        finished = rng.randrange(1, 60)
        for i in range(finished):
            process.stdin.write("edit\n")
            process.stdin.flush()
            assert int(process.stdout.readline()) == i
        time.sleep(rng.random() * 0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        process.stdin.close()
        process.stdout.close()
        (info,) = pending(folder)
        assert info.original == original and info.title == "work.xlsx"
        assert _contents(restore(info)) == _expected(finished)


def test_a_vanished_share_costs_nothing(qtbot, tmp_path):
    import shutil

    import pytest

    import ramdesk.io as rio
    from ramdesk.io.errors import ReadError, WriteError

    share = tmp_path / "share"
    share.mkdir()
    path = share / "launch.xlsx"
    doc, pm, plan = _document()
    rio.save(doc.matrix, path)
    doc.mark_saved(path)
    keeper = RecoveryKeeper(doc, tmp_path / "rec")
    doc.apply(SetCells.one(plan, pm, "A"))
    shutil.rmtree(share)  # the network share drops out
    with pytest.raises(WriteError) as caught:
        rio.save(doc.matrix, path)
    assert str(caught.value).startswith("launch.xlsx: could not be saved")
    assert "does not exist" in str(caught.value)
    assert doc.modified and doc.matrix.code(plan, pm) == "A"  # the work is still in the window
    (record,) = _records(tmp_path / "rec")  # and in recovery
    recovered = restore(record)
    assert recovered.code(recovered.deliverables[0], recovered.roles[0]) == "A"
    with pytest.raises(ReadError, match="does not exist"):
        rio.load(path)
    keeper.close()


def test_changes_made_outside_the_undo_stack_are_recorded_too(qtbot, tmp_path):
    doc, pm, plan = _document()
    keeper = RecoveryKeeper(doc, tmp_path)
    doc.matrix.set_code(plan, pm, "A")  # straight into the model (an import, a script)
    (file,) = _records(tmp_path)
    m = restore(file)
    assert m.code(m.deliverables[0], m.roles[0]) == "A"
    other = Matrix("Other")
    doc.replace(other)
    other.add_role("QA")
    (file,) = _records(tmp_path)
    assert [r.name for r in restore(file).roles] == ["QA"]
    keeper.close()
    other.add_role("Ops")  # after close: nothing is recorded
    assert _records(tmp_path) == []


def test_matrices_restored_together_each_get_a_window(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from ramdesk.ui.app import create_window
    from ramdesk.ui.window_files import FileActions

    folder = tmp_path / "recovery"  # where a window on tmp_path/settings.ini keeps records
    for name in ("alpha.xlsx", "beta.xlsx"):
        doc, pm, plan = _document(tmp_path / name)
        RecoveryKeeper(doc, folder)
        doc.apply(SetCells.one(plan, pm, "A"))
    _as_if_crashed(folder)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = create_window(settings)
    qtbot.addWidget(window)
    QTimer.singleShot(0, lambda: _dialog().restore_button.click())
    assert window.offer_recovery()
    others = list(FileActions.restored_windows)
    try:
        assert len(others) == 1
        for w in (window, *others):
            m = w.document.matrix
            assert m.code(m.deliverables[0], m.roles[0]) == "A"  # the edit made before the crash
        assert all(w.document.modified for w in (window, *others))
        assert "each in its own window" in window.statusBar().currentMessage()
    finally:
        for w in (window, *others):
            w.document.undo_stack.setClean()
        for w in others:
            w.close()
        FileActions.restored_windows.clear()
