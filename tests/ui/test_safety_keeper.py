"""RecoveryKeeper on big matrices: the first snapshot made beforehand while idle, in slices, and
bulk edits; every edit still survives a kill."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ramdesk.io import recovery
from ramdesk.io.recovery import pending, restore
from ramdesk.model import Deliverable, InsertRow, Matrix, SetCells
from ramdesk.model.serialize import to_data
from ramdesk.ui.document import Document
from ramdesk.ui.safety import RecoveryKeeper

ROOT = Path(__file__).resolve().parents[2]


def _matrix(rows: int = 60, roles: int = 12) -> Matrix:
    m = Matrix("Big")
    rs = [m.add_role(f"Role {j}") for j in range(roles)]
    for i in range(rows):
        d = Deliverable(f"D{i}")
        m.load_row(d)
        m.load_cells((d, r, "RACI"[(i + j) % 4]) for j, r in enumerate(rs) if (i * j) % 3 != 1)
    return m


def _records(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{recovery.SUFFIX}")) if folder.exists() else []


@pytest.fixture
def eager(monkeypatch):
    """Every matrix counts as big: its first snapshot is made beforehand, in tiny slices."""
    monkeypatch.setattr(RecoveryKeeper, "prepare_cells", 0)
    monkeypatch.setattr(RecoveryKeeper, "slice_seconds", 0.0)


def test_the_first_snapshot_is_made_while_idle_and_written_at_the_first_edit(
    qtbot, tmp_path, eager
):
    m = _matrix()
    before = to_data(m)
    doc = Document(m)
    keeper = RecoveryKeeper(doc, tmp_path)
    assert keeper.preparing
    steps = []
    keeper._stepper.timeout.connect(lambda: steps.append(1))
    qtbot.waitUntil(lambda: not keeper.preparing, timeout=5000)
    assert len(steps) > 5  # a slice at a time, the window free between them
    assert keeper.record.prepared is not None
    assert _records(tmp_path) == []  # nothing unsaved: no record
    d, r = m.deliverables[3], m.roles[2]
    doc.apply(SetCells.one(d, r, "A/R"))
    (file,) = _records(tmp_path)
    assert keeper.record.journal_file.exists()  # the edit journaled on the prepared snapshot
    restored = restore(file)
    assert restored.code(restored.deliverables[3], restored.roles[2]) == "A/R"
    doc.undo_stack.undo()
    assert _records(tmp_path) == []  # back to the saved state
    assert to_data(m) == before
    qtbot.waitUntil(lambda: keeper.record.prepared is not None, timeout=5000)
    keeper.close()


def test_an_edit_while_the_snapshot_is_being_made_drops_it(qtbot, tmp_path, eager):
    m = _matrix()
    doc = Document(m)
    keeper = RecoveryKeeper(doc, tmp_path)
    keeper._step()  # one slice made, not the rest
    assert keeper.preparing
    doc.apply(SetCells.one(m.deliverables[0], m.roles[0], "I"))
    assert not keeper.preparing and keeper.record.prepared is None
    (file,) = _records(tmp_path)
    assert restore(file).snapshot() == m.snapshot()
    keeper.close()


def test_a_first_edit_of_rows_takes_a_whole_snapshot(qtbot, tmp_path, eager):
    m = _matrix()
    doc = Document(m)
    keeper = RecoveryKeeper(doc, tmp_path)
    qtbot.waitUntil(lambda: not keeper.preparing, timeout=5000)
    doc.apply(InsertRow(Deliverable("New"), None, 2))
    (file,) = _records(tmp_path)
    assert not keeper.record.journal_file.exists()
    assert restore(file).snapshot() == m.snapshot()
    keeper.close()


def test_journaled_edits_are_folded_in_slices_and_an_edit_meanwhile_is_kept(qtbot, tmp_path, eager):
    m = _matrix()
    doc = Document(m)
    keeper = RecoveryKeeper(doc, tmp_path, max_delay_ms=10)
    keeper.pause_factor = 0
    qtbot.waitUntil(lambda: not keeper.preparing, timeout=5000)
    doc.apply(SetCells.one(m.deliverables[0], m.roles[0], "C"))
    journal = keeper.record.journal_file
    assert journal.exists()
    keeper.record.last_duration = 1.0  # slow: folded in slices
    qtbot.waitUntil(lambda: keeper.preparing, timeout=5000)
    doc.apply(SetCells.one(m.deliverables[1], m.roles[1], "A"))  # drops the slices
    assert journal.exists()
    (file,) = _records(tmp_path)
    assert restore(file).snapshot() == m.snapshot()
    keeper.record.last_duration = 1.0
    qtbot.waitUntil(lambda: not journal.exists(), timeout=5000)  # folded at the next pause
    assert restore(file).snapshot() == m.snapshot()
    keeper.close()


def test_a_huge_change_is_snapshotted_not_journaled(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(recovery, "JOURNAL_CELLS", 10)
    m = _matrix()
    doc = Document(m)
    keeper = RecoveryKeeper(doc, tmp_path)
    doc.apply(SetCells.one(m.deliverables[0], m.roles[0], "C"))
    keeper.record.last_duration = 1.0  # as if slow: cell edits journaled
    doc.apply(SetCells.one(m.deliverables[0], m.roles[1], "C"))
    assert keeper.record.journal_file.exists()
    everything = tuple((d, r, "") for d in m.deliverables for r in m.roles)
    doc.apply(SetCells(everything, "Clear"))
    assert not keeper.record.journal_file.exists()  # a snapshot took it (and the journal)
    (file,) = _records(tmp_path)
    assert restore(file).cell_count() == 0
    keeper.close()


# The editor: a big matrix in a Document with its keeper, making the first snapshot while idle,
# then one edit per line read (single cells, blocks, clearing everything, rows), printing a
# digest of the matrix after each.
EDITOR = textwrap.dedent(
    """
    import hashlib, os, random, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, sys.argv[1])
    from PySide6.QtCore import QSocketNotifier, QTimer
    from PySide6.QtWidgets import QApplication
    from ramdesk.model import Deliverable, InsertRow, SetCells
    from ramdesk.ui.document import Document
    from ramdesk.ui.safety import RecoveryKeeper
    from tests.ui.test_safety_keeper import _matrix, digest

    app = QApplication([])
    RecoveryKeeper.prepare_cells = 0
    RecoveryKeeper.slice_seconds = 0.001
    m = _matrix(120, 16)
    doc = Document(m)
    keeper = RecoveryKeeper(doc, sys.argv[2], max_delay_ms=5)
    keeper.pause_factor = 0.01
    rng = random.Random(int(sys.argv[3]))

    def edit():
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        if line.startswith("ready"):
            print("ready" if not keeper.preparing else "busy", flush=True)
            return
        ds, rs = m.deliverables, m.roles
        kind = rng.random()
        if kind < 0.6:
            doc.apply(SetCells.one(rng.choice(ds), rng.choice(rs), rng.choice("RACI ")))
        elif kind < 0.8:
            top, left = rng.randrange(len(ds)), rng.randrange(len(rs))
            block = [(d, r, rng.choice(["R", "A", "C/I", "", "zz"]))
                     for d in ds[top:top + 40] for r in rs[left:left + 8]]
            doc.apply(SetCells(block, "Paste"))
        elif kind < 0.85:
            doc.apply(SetCells([(d, r, "") for d in ds for r in rs], "Clear"))
        elif kind < 0.9:
            doc.undo_stack.undo()
        else:
            doc.apply(InsertRow(Deliverable(f"N{rng.random()}"), None, rng.randrange(len(ds))))
        print(digest(m), flush=True)

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(edit)
    app.exec()
    """
)


def digest(m: Matrix) -> str:
    """The rows' names and every cell, as a short text."""
    cells = [(d.name, r.name, m.code(d, r)) for d in m.deliverables for r in m.roles]
    return hashlib.sha1(repr(cells).encode()).hexdigest()


def test_killed_editor_of_a_big_matrix_keeps_every_edit(qtbot, tmp_path):
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    rng = random.Random(11)
    for round_ in range(4):
        folder = tmp_path / f"data{round_}"
        process = subprocess.Popen(
            [sys.executable, str(script), str(ROOT), str(folder), str(round_)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        )
        if round_ % 2 == 0:  # wait for the snapshot made while idle (else edit at once)
            for _ in range(500):
                process.stdin.write("ready\n")
                process.stdin.flush()
                if process.stdout.readline().strip() == "ready":
                    break
                time.sleep(0.01)
        last = None
        for _ in range(rng.randrange(1, 40)):
            process.stdin.write("edit\n")
            process.stdin.flush()
            last = process.stdout.readline().strip()
            time.sleep(rng.random() * 0.02)  # folds in slices may be under way
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        process.stdin.close()
        process.stdout.close()
        infos = pending(folder)
        assert len(infos) <= 1
        if not infos:  # every edit was undone: nothing to recover
            assert last == digest(_matrix(120, 16))
            continue
        assert digest(restore(infos[0])) == last, round_


def test_a_bulk_edit_shows_a_busy_pointer_while_it_is_applied(qtbot, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    from ramdesk.ui import document as document_module

    monkeypatch.setattr(document_module, "BUSY_CELLS", 10)
    m = _matrix()
    doc = Document(m)
    seen = []
    m.subscribe(lambda _change: seen.append(QGuiApplication.overrideCursor() is not None))
    doc.apply(SetCells([(d, m.roles[0], "R") for d in m.deliverables], "Fill"))
    doc.apply(SetCells.one(m.deliverables[0], m.roles[1], "C"))
    assert seen == [True, False]
    assert QGuiApplication.overrideCursor() is None
