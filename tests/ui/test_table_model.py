"""The grid's item model: an adapter over the matrix that follows every edit."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ramdesk.model import Deliverable, InsertRow, MoveRow, RemoveRole, SetCells
from ramdesk.ui.document import Document
from ramdesk.ui.table_model import MatrixModel

from .conftest import find

V, H = Qt.Orientation.Vertical, Qt.Orientation.Horizontal


def names(model):
    return [model.headerData(i, V) for i in range(model.rowCount())]


def test_qt_model_contract(qtmodeltester, matrix):
    model = MatrixModel(Document(matrix))
    qtmodeltester.check(model)


def test_model_contract_holds_through_edits_filters_and_the_person_view(qtmodeltester, matrix):
    doc = Document(matrix)
    model = MatrixModel(doc)
    qtmodeltester.check(model, force_py=True)
    doc.apply(InsertRow(Deliverable("Testing"), find(matrix.groups, "Build"), 0))
    doc.apply(RemoveRole(find(matrix.roles, "Designer")))
    model.set_row_filter(lambda d: "e" in d.name)
    model.set_collapsed(find(matrix.groups, "Design"), True)
    model.set_by_person(True)
    doc.undo_stack.undo()
    qtmodeltester.check(model, force_py=True)


def test_rows_groups_and_cells(matrix):
    model = MatrixModel(Document(matrix))
    assert names(model) == ["Design", "Wireframes", "Visual design", "Build", "Frontend", "Backend"]
    assert model.headerData(0, V, MatrixModel.KindRole) == "group"
    assert model.headerData(1, V, MatrixModel.DepthRole) == 1
    assert model.data(model.index(1, 1)) == "A"
    assert model.data(model.index(0, 1)) == ""  # a group row holds no codes
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(1, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.headerData(0, H, MatrixModel.BandRole).name == "Leads"


def test_set_data_is_an_undoable_edit(matrix):
    doc = Document(matrix)
    model = MatrixModel(doc)
    assert model.setData(model.index(1, 0), "i")
    assert (
        matrix.code(find(matrix.deliverables, "Wireframes"), find(matrix.roles, "Sponsor")) == "I"
    )
    doc.undo_stack.undo()
    assert model.data(model.index(1, 0)) == ""


def test_data_changed_covers_only_the_edited_cell(qtbot, matrix):
    doc = Document(matrix)
    model = MatrixModel(doc)
    seen = []
    model.dataChanged.connect(lambda a, b: seen.append((a.row(), a.column(), b.row(), b.column())))
    d, r = find(matrix.deliverables, "Frontend"), find(matrix.roles, "Sponsor")
    doc.apply(SetCells.one(d, r, "I"))
    assert (4, 0, 4, 0) in seen
    assert all(a == c for a, _b, c, _d in seen)  # never more than one row at a time


def test_a_bulk_edit_is_one_signal_over_the_block_it_spans():
    from tests.benchmarks.generate import generate

    big = generate(300, 20, seed=3)
    doc = Document(big)
    model = MatrixModel(doc)
    seen = []
    model.dataChanged.connect(lambda a, b: seen.append((a.row(), a.column(), b.row(), b.column())))
    rows = big.deliverables[10:260]
    cells = tuple((d, r, "R") for d in rows for r in big.roles[2:15])  # 3,250 cells
    doc.apply(SetCells(cells, "Fill"))
    positions = [model.row_of(d) for d in rows]
    block = (min(positions), 2, max(positions), 14)
    assert block in seen
    cell_signals = [s for s in seen if s == block or (s[1], s[3]) != (0, model.columnCount() - 1)]
    assert cell_signals == [block]  # besides rows whose problem marks changed


def test_problems_show_on_cells_row_headers_and_group_rollups(matrix):
    doc = Document(matrix)
    model = MatrixModel(doc)
    backend = model.row_of(find(matrix.deliverables, "Backend"))
    build = model.row_of(find(matrix.groups, "Build"))
    sponsor = model.column_of(find(matrix.roles, "Sponsor"))
    # Ada holds Sponsor and Project manager, both A on Backend: an error on both cells
    assert model.data(model.index(backend, sponsor), MatrixModel.SeverityRole) == "error"
    assert model.headerData(backend, V, MatrixModel.SeverityRole) == "error"
    assert model.headerData(build, V, MatrixModel.SeverityRole) == "error"
    assert model.data(model.index(build, sponsor), MatrixModel.SeverityRole) == "error"
    tip = model.data(model.index(backend, sponsor), Qt.ItemDataRole.ToolTipRole)
    assert "accountable" in tip and "Fix:" in tip
    # resolving it clears every mark
    doc.apply(SetCells.one(find(matrix.deliverables, "Backend"), find(matrix.roles, "Sponsor"), ""))
    assert model.data(model.index(backend, sponsor), MatrixModel.SeverityRole) is None
    assert model.headerData(build, V, MatrixModel.SeverityRole) is None


def test_collapse_and_filter_hide_rows_but_never_data(matrix):
    doc = Document(matrix)
    model = MatrixModel(doc)
    before = matrix.snapshot()
    model.set_collapsed(find(matrix.groups, "Design"), True)
    assert names(model) == ["Design", "Build", "Frontend", "Backend"]
    model.set_collapsed(find(matrix.groups, "Design"), False)
    model.set_row_filter(lambda d: d.name.startswith("F"))
    assert names(model) == ["Build", "Frontend"]
    model.set_row_filter(None)
    assert len(names(model)) == 6
    assert matrix.snapshot() == before


def test_a_filter_opens_the_collapsed_groups_holding_what_it_finds(matrix):
    doc = Document(matrix)
    model = MatrixModel(doc)
    model.set_all_collapsed(True)
    assert names(model) == ["Design", "Build"]
    model.set_row_filter(lambda d: d.name.startswith("F"))
    assert names(model) == ["Build", "Frontend"]
    assert model.shown_deliverables() == 1
    assert find(matrix.groups, "Build") not in model.collapsed
    assert find(matrix.groups, "Design") in model.collapsed  # found nothing: stays as it was
    model.set_row_filter(None)
    assert names(model) == ["Design", "Build", "Frontend", "Backend"]


def test_moving_a_row_keeps_the_model_in_step(matrix):
    doc = Document(matrix)
    model = MatrixModel(doc)
    backend = find(matrix.deliverables, "Backend")
    doc.apply(MoveRow(backend, find(matrix.groups, "Design"), 0))
    assert names(model)[1] == "Backend"
    doc.undo_stack.undo()
    assert names(model)[-1] == "Backend"


def test_person_view_shows_codes_through_every_role(matrix):
    doc = Document(matrix)
    model = MatrixModel(doc)
    model.set_by_person(True)
    assert [model.headerData(i, H) for i in range(model.columnCount())] == ["Ada", "Bo", "Cy"]
    backend = model.row_of(find(matrix.deliverables, "Backend"))
    assert model.data(model.index(backend, 0)) == "A"  # A twice through two roles, shown once
    tip = model.data(model.index(backend, 0), Qt.ItemDataRole.ToolTipRole)
    assert "as Sponsor" in tip and "as Project manager" in tip
    assert model.data(model.index(backend, 0), MatrixModel.SeverityRole) == "error"
    assert not model.flags(model.index(backend, 0)) & Qt.ItemFlag.ItemIsEditable
