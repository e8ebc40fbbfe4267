"""ramdesk.load and ramdesk.save: the right reader and writer, and one clear sentence on failure."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import openpyxl
import pytest

import ramdesk
from ramdesk.io import ReadError, WriteError
from ramdesk.model import Deliverable, Matrix, Role


def small() -> Matrix:
    m = Matrix("Small")
    role = Role("PM")
    m.load_role(role)
    d = Deliverable("Charter")
    m.load_row(d)
    m.load_cells([(d, role, "A")])
    return m


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "small.xlsx"
    ramdesk.save(small(), path)
    return path


def one_sentence(error: Exception, *words: str) -> None:
    text = str(error)
    assert "\n" not in text and "Traceback" not in text
    for word in words:
        assert word in text, text


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        ramdesk.load(tmp_path / "gone.xlsx")
    one_sentence(caught.value, "gone.xlsx", "does not exist")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as caught:
        ramdesk.load(path)
    one_sentence(caught.value, "empty.xlsx", "empty")


def test_folder(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        ramdesk.load(tmp_path)
    one_sentence(caught.value, "folder")


def test_text_renamed_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Task,PM\nCharter,A\n", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        ramdesk.load(path)
    one_sentence(caught.value, "notes.xlsx")


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_workbook(saved: Path, keep: float) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: int(len(data) * keep)])
    with pytest.raises(ReadError) as caught:
        ramdesk.load(saved)
    one_sentence(caught.value, "small.xlsx")


def test_damaged_hidden_data(saved: Path) -> None:
    book = openpyxl.load_workbook(saved)
    book["ramdesk"]["A3"] = "{not json"
    book.save(saved)
    with pytest.raises(ReadError) as caught:
        ramdesk.load(saved)
    one_sentence(caught.value, "small.xlsx", "damaged")


def test_workbook_from_a_newer_ramdesk(saved: Path) -> None:
    book = openpyxl.load_workbook(saved)
    book["ramdesk"]["B1"] = 99
    book.save(saved)
    with pytest.raises(ReadError) as caught:
        ramdesk.load(saved)
    one_sentence(caught.value, "newer ramdesk")


def test_header_removed(saved: Path) -> None:
    book = openpyxl.load_workbook(saved)
    ws = book["Matrix"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "Deliverable":
                cell.value = "Task"
    book.save(saved)
    with pytest.raises(ReadError) as caught:
        ramdesk.load(saved)
    one_sentence(caught.value, "Deliverable")


def test_other_workbooks_go_to_the_importer(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "theirs.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Task", "PM"])
    book.active.append(["Charter", "A"])
    book.save(path)
    calls = []
    fake = types.ModuleType("ramdesk.io.importer")
    fake.read_matrix = lambda p, sheet=None: calls.append((Path(p), sheet)) or small()
    monkeypatch.setitem(sys.modules, "ramdesk.io.importer", fake)
    ramdesk.load(path, sheet="Sheet")
    assert calls == [(path, "Sheet")]


def test_a_named_other_sheet_of_ramdesks_workbook_goes_to_the_importer(
    saved: Path, monkeypatch
) -> None:
    calls = []
    fake = types.ModuleType("ramdesk.io.importer")
    fake.read_matrix = lambda p, sheet=None: calls.append(sheet) or small()
    monkeypatch.setitem(sys.modules, "ramdesk.io.importer", fake)
    ramdesk.load(saved, sheet="Matrix")
    assert calls == []
    ramdesk.load(saved, sheet="People")
    assert calls == ["People"]


def test_save_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        ramdesk.save(small(), tmp_path / "matrix.pdf")
    one_sentence(caught.value, "matrix.pdf", ".xlsx", ".csv")
    assert not (tmp_path / "matrix.pdf").exists()


def test_save_into_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        ramdesk.save(small(), tmp_path / "no" / "such" / "m.xlsx")
    one_sentence(caught.value, "m.xlsx")


def test_save_onto_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "m.xlsx"
    folder.mkdir()
    with pytest.raises(WriteError) as caught:
        ramdesk.save(small(), folder)
    one_sentence(caught.value, "folder")


def test_failed_save_leaves_the_old_file_intact(saved: Path) -> None:
    before = saved.read_bytes()
    broken = small()
    broken.deliverables[0].name = "bad \udc80 text"  # cannot be encoded in a workbook
    with pytest.raises(WriteError) as caught:
        ramdesk.save(broken, saved)
    one_sentence(caught.value, "small.xlsx")
    assert saved.read_bytes() == before
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_save_into_a_read_only_folder(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(WriteError):
            ramdesk.save(small(), tmp_path / "m.xlsx")
    finally:
        tmp_path.chmod(0o700)


def test_matrix_from_a_colleagues_workbook_is_written_back(tmp_path: Path, monkeypatch) -> None:
    calls = []
    fake = types.ModuleType("ramdesk.io.writeback")
    fake.write_back = lambda m, p: calls.append(Path(p))
    monkeypatch.setitem(sys.modules, "ramdesk.io.writeback", fake)
    m = small()
    m.source = types.SimpleNamespace(path=tmp_path / "theirs.xlsx", format="xlsx")
    ramdesk.save(m, tmp_path / "copy.xlsx")
    assert calls == [tmp_path / "copy.xlsx"]
    ramdesk.save(m, tmp_path / "own.xlsx", layout="ramdesk")
    assert calls == [tmp_path / "copy.xlsx"]
    assert ramdesk.load(tmp_path / "own.xlsx").snapshot() == m.snapshot()


def test_matrix_from_a_csv_or_ramdesks_workbook_is_saved_as_ramdesks_workbook(
    saved: Path, tmp_path: Path, monkeypatch
) -> None:
    fake = types.ModuleType("ramdesk.io.writeback")
    fake.write_back = lambda m, p: pytest.fail("not a colleague's workbook")
    monkeypatch.setitem(sys.modules, "ramdesk.io.writeback", fake)
    m = ramdesk.load(saved)
    ramdesk.save(m, tmp_path / "again.xlsx")
    m.source = types.SimpleNamespace(path=tmp_path / "theirs.csv", format="csv")
    ramdesk.save(m, tmp_path / "from-csv.xlsx")
    assert ramdesk.load(tmp_path / "from-csv.xlsx").snapshot() == m.snapshot()


def test_unknown_layout(tmp_path: Path) -> None:
    with pytest.raises(WriteError):
        ramdesk.save(small(), tmp_path / "m.xlsx", layout="fancy")


def test_someone_elses_sheet_named_ramdesk_goes_to_the_importer(
    tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "theirs.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Task", "PM"])
    book.create_sheet("ramdesk").append(["our team's notes"])
    book.save(path)
    calls = []
    fake = types.ModuleType("ramdesk.io.importer")
    fake.read_matrix = lambda p, sheet=None: calls.append(sheet) or small()
    monkeypatch.setitem(sys.modules, "ramdesk.io.importer", fake)
    ramdesk.load(path)
    assert calls == [None]


def test_hidden_rows_pointing_at_themselves_do_not_hang(tmp_path: Path) -> None:
    import json

    from tests.io.test_workbook_edits import sample

    path = tmp_path / "loop.xlsx"
    ramdesk.save(sample(), path)
    book = openpyxl.load_workbook(path)
    data = book["ramdesk"]
    payload = json.loads("".join(data.cell(3 + i, 1).value for i in range(data["A2"].value)))
    payload["rows"][0][2] = 0  # "Phase 1" is its own parent
    payload["rows"][3][2] = 5  # "Phase 2" sits in a row below it
    data["A2"] = 1
    data["A3"] = json.dumps(payload)
    ws = book["Matrix"]
    ws.delete_rows(next(c.row for c in ws["A"] if c.value == "Phase 1"))
    book.save(path)
    loaded = ramdesk.load(path)
    assert [r.name for r in loaded.rows] == ["Charter", "Plan", "Phase 2", "Build", "Code"]
