"""The compare-roles dialog and the workload across matrices, driven like a user."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ramdesk.model import Matrix, RemoveRole, SetCells
from ramdesk.ui.compare_view import AcrossMatricesDialog, CompareRolesDialog, ComparisonModel
from ramdesk.ui.document import Document


def programme() -> tuple[Matrix, dict]:
    m = Matrix("Programme")
    plan = m.add_group("Planning")
    ds = [m.add_deliverable(f"D{i}", plan) for i in range(5)]
    pm = m.add_role("Project manager", description="Drives delivery on schedule.")
    tl = m.add_role("Technical lead", description="Leads the technical planning.")
    qa = m.add_role("QA")
    m.add_person("Ann", [pm])
    m.add_person("Bo", [tl])
    for role, codes in ((pm, "AARC."), (tl, "ARA.I"), (qa, "I..AA")):
        for d, code in zip(ds, codes, strict=True):
            if code != ".":
                m.set_code(d, role, code)
    return m, {"ds": ds, "pm": pm, "tl": tl, "qa": qa}


@pytest.fixture
def dialog(qtbot):
    m, x = programme()
    doc = Document(m)
    dlg = CompareRolesDialog(doc)
    qtbot.addWidget(dlg)
    return dlg, doc, x


def rows(dlg: CompareRolesDialog) -> list[list[str]]:
    model = dlg.proxy
    return [
        [model.index(r, c).data() or "" for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_picks_the_role_that_collides_most(dialog):
    dlg, _doc, x = dialog
    assert dlg.role_a() is x["pm"]
    assert dlg.role_b() is x["tl"]  # shares A and R with the PM


def test_side_by_side_content(dialog, qtmodeltester):
    dlg, _doc, x = dialog
    qtmodeltester.check(dlg.model)
    headers = [dlg.model.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(5)]
    assert headers == ["", "Group", "Deliverable", "Project manager", "Technical lead"]
    content = rows(dlg)
    assert [r[2:] for r in content] == [
        ["D0", "A", "A"],
        ["D1", "A", "R"],
        ["D2", "R", "A"],
        ["D3", "C", ""],
        ["D4", "", "I"],
    ]
    assert [r[0] for r in content] == ["▲", "", "", "", ""]  # only D0: both approve
    assert {r[1] for r in content} == {"Planning"}
    card = dlg.card_a.toPlainText()
    assert "Drives delivery on schedule." in card and "held by Ann" in card
    assert "Accountable for 2" in card
    assert "Both approve 1 deliverable" in dlg.summary.text()


def test_filters(dialog):
    dlg, _doc, x = dialog
    wanted = {
        "both_approve": ["D0"],
        "both_do": [],
        "both": ["D0", "D1", "D2"],
        "only_a": ["D3"],
        "only_b": ["D4"],
        "clash": ["D0"],
        "all": ["D0", "D1", "D2", "D3", "D4"],
    }
    for key, names in wanted.items():
        dlg.filter.setCurrentIndex(dlg.filter.findData(key))
        assert [r[2] for r in rows(dlg)] == names, key
    assert dlg.count.text() == "5 of 5 deliverables"


def test_swap_and_choose(dialog):
    dlg, _doc, x = dialog
    dlg.swap()
    assert (dlg.role_a(), dlg.role_b()) == (x["tl"], x["pm"])
    dlg.second.setCurrentIndex(dlg.second.findData(x["qa"]))
    assert dlg.comparison.b.role is x["qa"]
    assert dlg.comparison.both_approve == []
    assert [line.deliverable.name for line in dlg.comparison.both] == ["D0", "D4"]


def test_follows_edits(dialog):
    dlg, doc, x = dialog
    doc.apply(SetCells(((x["ds"][1], x["tl"], "A"),)))
    assert len(dlg.comparison.both_approve) == 2
    doc.undo_stack.undo()
    assert len(dlg.comparison.both_approve) == 1
    doc.apply(RemoveRole(x["tl"]))
    assert dlg.first.count() == 2 and dlg.role_b() is not x["tl"]


def test_renamed_role_shows_its_new_name(dialog):
    from ramdesk.model import SetField

    dlg, doc, x = dialog
    doc.apply(SetField(x["tl"], "name", "Architect"))
    assert dlg.second.currentText() == "Architect"
    assert dlg.model.headerData(4, Qt.Orientation.Horizontal, 0) == "Architect"


def test_double_click_selects_the_cell(dialog, qtbot):
    dlg, _doc, x = dialog
    dlg.show()
    index = dlg.proxy.index(1, 4)
    rect = dlg.table.visualRect(index)
    qtbot.waitExposed(dlg)
    # a double click counts on the cell the first press landed on, as with a real mouse
    qtbot.mouseClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(dlg.sig_select, timeout=1000) as blocker:
        qtbot.mouseDClick(dlg.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [x["ds"][1], x["tl"]]
    assert dlg.proxy.data(index, ComparisonModel.LineRole).deliverable is x["ds"][1]


def test_no_roles(qtbot):
    dlg = CompareRolesDialog(Document(Matrix()))
    qtbot.addWidget(dlg)
    assert dlg.summary.text() == "No roles yet."
    assert dlg.proxy.rowCount() == 0


# ---------------------------------------------------------------------------- across matrices
def project(name: str, people: list[tuple[str, str]]) -> Matrix:
    m = Matrix(name)
    ds = [m.add_deliverable(f"{name} {i}") for i in range(6)]
    for person, codes in people:
        role = m.add_role(f"{person} role")
        m.add_person(person, [role])
        for d, code in zip(ds, codes, strict=False):
            m.set_code(d, role, code)
    return m


def test_across_matrices_sum_and_merge(qtbot):
    doc = Document(project("Alpha", [("Katherine Ito", "RR"), ("Bo", "A")]))
    dlg = AcrossMatricesDialog(doc)
    qtbot.addWidget(dlg)
    dlg.add_matrix(project("Beta", [("katherine  ito", "A"), ("Kathy Ito", "R")]), "beta.xlsx")
    table = dlg.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Person", "Total", "Strain", "Alpha", "beta.xlsx"]
    first = [table.item(0, c).text() for c in range(table.columnCount())]
    assert first[:2] == ["▲ Katherine Ito", "11"]  # overloaded in Alpha
    assert first[2:] == ["115%", "8", "3"]  # 8/9.6 + 3/9.6 of the two limits
    assert dlg.suggested.count() == 1
    dlg.merge_suggestion(dlg.suggested.item(0))
    assert table.rowCount() == 2
    assert table.item(0, 1).text() == "15"
    assert "Kathy Ito" in table.item(0, 0).text()
    again = AcrossMatricesDialog(doc)  # opened again: same files, same merges
    qtbot.addWidget(again)
    assert again.files.count() == 2 and again.table.rowCount() == 2
    table.selectRow(0)
    dlg.split_selected()
    assert table.rowCount() == 3


def test_unreadable_file_is_reported_not_raised(qtbot, tmp_path: Path):
    doc = Document(project("Alpha", [("Ann", "R")]))
    dlg = AcrossMatricesDialog(doc)
    qtbot.addWidget(dlg)
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    assert dlg.add_path(bad) is False
    assert dlg.message.text().startswith("Could not add broken.xlsx")
    assert dlg.files.count() == 1


def test_text_from_files_stays_text_in_tooltips(qtbot):
    m = Matrix()
    d = m.add_deliverable("<b>x</b>", description="<img src=x onerror=alert(1)>")
    a = m.add_role("a", description="<i>lead</i>")
    b = m.add_role("b")
    m.set_code(d, a, "A")
    m.set_code(d, b, "C")
    dlg = CompareRolesDialog(Document(m))
    qtbot.addWidget(dlg)
    tip = dlg.proxy.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img" in tip and "<img" not in tip
    assert dlg.proxy.index(0, 2).data() == "<b>x</b>"
    assert "&lt;i&gt;" in dlg.first.itemData(0, Qt.ItemDataRole.ToolTipRole)
