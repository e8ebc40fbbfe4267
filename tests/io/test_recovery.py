"""Crash recovery records: kept while unsaved, listed after a crash, restored up to the last edit."""

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

import pytest

from ramdesk.io import recovery
from ramdesk.io.errors import ReadError
from ramdesk.io.recovery import RecoveryRecord, pending, restore
from ramdesk.model import Matrix
from ramdesk.model.serialize import to_data

ROOT = Path(__file__).resolve().parents[2]


def _matrix() -> Matrix:
    m = Matrix("Launch")
    pm = m.add_role("PM")
    dev = m.add_role("Dev")
    phase = m.add_group("Phase 1")
    plan = m.add_deliverable("Plan", phase)
    m.set_code(plan, pm, "A")
    m.set_code(plan, dev, "R")
    m.add_person("Anna", [pm, dev])
    return m


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _as_if_crashed(record: RecoveryRecord) -> None:
    """Rewrite a record as if a process that no longer runs had written it."""
    data = json.loads(record.file.read_text())
    data["pid"] = _dead_pid()
    record.file.write_text(json.dumps(data))


def test_round_trip(tmp_path):
    m = _matrix()
    record = RecoveryRecord(tmp_path, original=tmp_path / "launch.xlsx", title="launch.xlsx")
    assert record.save(m)
    assert pending(tmp_path) == []  # our own record, while we run, is not offered
    _as_if_crashed(record)
    (info,) = pending(tmp_path)
    assert info.title == "launch.xlsx"
    assert info.original == tmp_path / "launch.xlsx"
    assert (time.time() - info.changed_at.timestamp()) < 60
    assert "unsaved changes from" in info.describe()
    assert to_data(restore(info)) == to_data(m)


def test_discard_after_save(tmp_path):
    record = RecoveryRecord(tmp_path)
    record.save(_matrix())
    assert record.exists
    record.discard()
    assert not record.exists and list(tmp_path.iterdir()) == []
    record.discard()  # twice is fine


def test_a_running_ramdesk_keeps_its_records(tmp_path):
    record = RecoveryRecord(tmp_path)
    record.save(_matrix())
    data = json.loads(record.file.read_text())
    data["pid"] = 1  # alive: another ramdesk window
    record.file.write_text(json.dumps(data))
    assert pending(tmp_path) == []


def test_newest_first_and_adopt(tmp_path):
    first = RecoveryRecord(tmp_path, title="old")
    first.save(_matrix())
    second = RecoveryRecord(tmp_path, title="new")
    m = _matrix()
    m.add_deliverable("More")
    second.save(m)
    for r, when in ((first, 1000), (second, 2000)):
        data = json.loads(r.file.read_text())
        data["changed_at"] = time.time() - when
        data["pid"] = _dead_pid()
        r.file.write_text(json.dumps(data))
    infos = pending(tmp_path)
    assert [i.title for i in infos] == ["old", "new"]
    adopted = RecoveryRecord.adopt(infos[1])
    assert adopted.file == second.file
    adopted.save(restore(infos[1]))
    assert [i.title for i in pending(tmp_path)] == ["old"]  # now ours again


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[]", b'{"format": "ramdesk-recovery"}', b"\xff\xfe", b'{"format":"x"}'],
)
def test_damaged_records_are_skipped(tmp_path, content):
    (tmp_path / f"x{recovery.SUFFIX}").write_bytes(content)
    assert pending(tmp_path) == []
    with pytest.raises(ReadError):
        restore(tmp_path / f"x{recovery.SUFFIX}")


def test_restore_of_a_record_with_a_broken_matrix(tmp_path):
    record = RecoveryRecord(tmp_path)
    record.save(_matrix())
    data = json.loads(record.file.read_text())
    data["matrix"]["rows"] = [{"deliverable": "x", "codes": [[99, "A"]]}]
    record.file.write_text(json.dumps(data))
    with pytest.raises(ReadError, match="damaged"):
        restore(record.file)


def test_missing_folder_is_made_and_unwritable_one_is_reported(tmp_path):
    record = RecoveryRecord(tmp_path / "a" / "b")
    assert record.save(_matrix())
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    broken = RecoveryRecord(blocked / "sub")
    assert not broken.save(_matrix())
    assert broken.problem and "Crash recovery" in broken.problem


def test_absent_folder_lists_nothing(tmp_path):
    assert pending(tmp_path / "never") == []


# An editor process: on each line from its input it makes one edit, snapshots, and says so.
EDITOR = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from ramdesk.io.recovery import RecoveryRecord
    from ramdesk.model import Matrix

    m = Matrix("Work")
    record = RecoveryRecord(sys.argv[2], original="projects/work.xlsx", title="work.xlsx")
    roles = [m.add_role(f"Role {i}") for i in range(5)]
    rows = []
    codes = "RACI"
    i = 0
    for _ in sys.stdin:
        if i % 7 == 0:
            rows.append(m.add_deliverable(f"Deliverable {len(rows)}"))
        else:
            m.set_code(rows[-1], roles[i % 5], codes[i % 4])
        record.save(m)
        print(i, flush=True)
        i += 1
    """
)


def _expected(edits: int) -> dict[str, dict[str, str]]:
    """What the editor's matrix holds after `edits` edits, replayed without the model."""
    rows: dict[str, dict[str, str]] = {}
    last = ""
    for i in range(edits):
        if i % 7 == 0:
            last = f"Deliverable {len(rows)}"
            rows[last] = {}
        else:
            rows[last][f"Role {i % 5}"] = "RACI"[i % 4]
    return rows


def _contents(m: Matrix) -> dict[str, dict[str, str]]:
    return {d.name: {r.name: m.code(d, r) for r in m.roles if m.code(d, r)} for d in m.deliverables}


def _kill_mid_edit(tmp_path: Path, source: str, seed: int, rounds: int, most: int):
    """Run an editor process, let it finish some edits, kill it during the next one.

    Yields (recovery folder, number of finished edits) for each round."""
    script = tmp_path / "editor.py"
    script.write_text(source)
    rng = random.Random(seed)
    for round_ in range(rounds):
        folder = tmp_path / f"data{round_}"
        process = subprocess.Popen(
            [sys.executable, str(script), str(ROOT), str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        finished = rng.randrange(1, most)
        for i in range(finished):
            process.stdin.write("edit\n")
            process.stdin.flush()
            assert int(process.stdout.readline()) == i
        process.stdin.write("edit\n")  # one more, killed somewhere along the way
        process.stdin.flush()
        time.sleep(rng.random() * 0.004)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        process.stdin.close()
        process.stdout.close()
        yield folder, finished


def test_killed_editor_loses_no_edit(tmp_path):
    for folder, finished in _kill_mid_edit(tmp_path, EDITOR, seed=6, rounds=6, most=120):
        (info,) = pending(folder)
        assert info.original == Path("projects/work.xlsx")
        recovered = restore(info)
        # Every finished edit is there; the one in flight is there whole or not at all.
        assert _contents(recovered) in (_expected(finished), _expected(finished + 1))


def test_a_recovered_import_can_still_be_written_back(tmp_path):
    import openpyxl

    import ramdesk.io as rio
    from ramdesk.io.writeback import write_back
    from ramdesk.model import RemoveRow

    theirs = tmp_path / "theirs.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Task", "PM", "Dev"])
    for task, pm, dev in (("Plan", "A", "R"), ("Build", "I", "A/R"), ("Test", "C", "R")):
        ws.append([task, pm, dev])
    wb.save(theirs)
    m = rio.load(theirs)
    m.set_code(m.deliverables[0], m.roles[1], "C")
    m.apply(RemoveRow(m.deliverables[1]))  # Build's row must still go after recovery
    m.set_code(m.add_deliverable("Launch"), m.roles[0], "A")
    record = RecoveryRecord(tmp_path / "rec")
    record.save(m)
    recovered = restore(record.file)
    assert recovered.source is not None and recovered.source.path == theirs
    write_back(recovered, tmp_path / "ours.xlsx")
    again = rio.load(tmp_path / "ours.xlsx")
    assert [d.name for d in again.deliverables] == ["Plan", "Test", "Launch"]
    assert again.code(again.deliverables[0], again.roles[1]) == "C"


def test_a_matrix_of_our_own_has_no_source_to_keep(tmp_path):
    record = RecoveryRecord(tmp_path)
    record.save(_matrix())
    assert json.loads(record.file.read_text())["source"] is None
    assert restore(record.file).source is None


# ---------------------------------------------------------------------------- the journal
def test_journal_between_snapshots(tmp_path):
    from ramdesk.io.recovery import cells_only
    from ramdesk.model import SetNote

    m = _matrix()
    plan = m.deliverables[0]
    pm, dev = m.roles
    record = RecoveryRecord(tmp_path)
    assert not record.journal(m, m.set_code(plan, pm, "R"))  # no snapshot yet
    record.save(m)
    assert record.journal(m, m.set_code(plan, pm, "C"))
    assert record.journal(m, m.apply(SetNote(plan, dev, "ask the vendor")))
    change = m.set_code(plan, dev, "I")
    assert cells_only(change) and record.journal(m, change)
    restored = restore(record.file)
    assert restored.code(restored.deliverables[0], restored.roles[0]) == "C"
    assert restored.note(restored.deliverables[0], restored.roles[1]) == "ask the vendor"
    assert restored.code(restored.deliverables[0], restored.roles[1]) == "I"
    record.save(m)  # the snapshot folds the journal in
    assert not record.journal_file.exists()
    record.discard()
    assert list(tmp_path.iterdir()) == []


def test_structural_changes_are_not_journaled(tmp_path):
    from ramdesk.model import InsertRow, SetField

    m = _matrix()
    record = RecoveryRecord(tmp_path)
    record.save(m)
    assert not record.journal(m, m.apply(InsertRow(type(m.deliverables[0])("New"), None, None)))
    assert not record.journal(m, m.apply(SetField(m.roles[0], "name", "Lead")))


def test_journal_lines_of_an_older_snapshot_and_torn_lines_are_ignored(tmp_path):
    m = _matrix()
    plan = m.deliverables[0]
    pm = m.roles[0]
    record = RecoveryRecord(tmp_path)
    record.save(m)
    record.journal(m, m.set_code(plan, pm, "C"))
    stale = record.journal_file.read_text()
    record.save(m)  # a new generation; then as if a kill had left the old line behind
    record.journal_file.write_text(stale.replace('"C"', '"I"') + '{"g": "torn')
    restored = restore(record.file)
    assert restored.code(restored.deliverables[0], restored.roles[0]) == "C"


# An editor of a big matrix: a snapshot for structure, the journal for each edit of cells.
JOURNAL_EDITOR = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, sys.argv[1])
    from ramdesk.io.recovery import RecoveryRecord
    from ramdesk.model import Matrix

    m = Matrix("Work")
    record = RecoveryRecord(sys.argv[2], title="work.xlsx")
    roles = [m.add_role(f"Role {i}") for i in range(5)]
    rows = []
    i = 0
    for _ in sys.stdin:
        if i % 7 == 0:
            rows.append(m.add_deliverable(f"Deliverable {len(rows)}"))
            record.save(m)
        else:
            change = m.set_code(rows[-1], roles[i % 5], "RACI"[i % 4])
            assert record.journal(m, change)
        print(i, flush=True)
        i += 1
    """
)


def test_killed_editor_loses_no_journaled_edit(tmp_path):
    for folder, finished in _kill_mid_edit(tmp_path, JOURNAL_EDITOR, seed=7, rounds=4, most=80):
        (info,) = pending(folder)
        assert _contents(restore(info)) in (_expected(finished), _expected(finished + 1))
