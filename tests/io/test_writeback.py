"""Write-back into a colleague's workbook: changed cells change, everything else stays as it was."""

from __future__ import annotations

import csv
import hashlib
import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table

import ramdesk.io as rio
from ramdesk.io.errors import WriteError
from ramdesk.io.writeback import write_back, write_back_losses, write_back_problems
from ramdesk.io.xlsx_refs import Shift, shift_formula, shift_ranges
from ramdesk.model import Matrix, MoveRow, RemoveRole, RemoveRow, SetNote

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def _colleague_workbook(path: Path) -> Path:
    """A RACI sheet as a colleague would make one, with every feature that must survive."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "RACI"
    ws["A1"] = "Website relaunch — responsibilities"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:E1")
    header = ["Task", "PM", "Dev", "QA", "Accountables"]
    fill = PatternFill("solid", fgColor="DDEBF7")
    for c, text in enumerate(header, start=1):
        cell = ws.cell(3, c, text)
        cell.font = Font(bold=True)
        cell.fill = fill
    tasks = [
        ("Plan", "A", "R", "I"),
        ("Design", "A", "R", "C"),
        ("Build", "I", "A/R", "C"),
        ("Test", "I", "C", "A/R"),
        ("Launch", "A", "R", "R"),
    ]
    body = PatternFill("solid", fgColor="FFF2CC")
    for r, (task, *codes) in enumerate(tasks, start=4):
        ws.cell(r, 1, task)
        for c, code in enumerate(codes, start=2):
            cell = ws.cell(r, c, code)
            cell.fill = body
        ws.cell(r, 5, f'=COUNTIF(B{r}:D{r},"*A*")')
    ws["A10"] = "Total"
    ws["E10"] = "=SUM(E4:E8)"
    ws["A12"] = "Legend: R responsible, A accountable, C consulted, I informed"
    ws.merge_cells("A12:D12")
    ws["A13"] = "Project site"
    ws["A13"].hyperlink = "https://example.org/relaunch"
    ws["B5"].comment = Comment("Check with the agency", "Ann")
    ws["A12"].comment = Comment("Keep the legend", "Ann")
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 7
    ws.column_dimensions["C"].width = 9
    ws.column_dimensions["D"].width = 11
    ws.freeze_panes = "B4"
    validation = DataValidation(type="list", formula1='"R,A,C,I,A/R"', allow_blank=True)
    ws.add_data_validation(validation)
    validation.add("B4:D8")
    ws.conditional_formatting.add(
        "B4:D8",
        CellIsRule(operator="equal", formula=['"A"'], fill=PatternFill("solid", fgColor="F4B084")),
    )
    wb.defined_names["Assignments"] = DefinedName("Assignments", attr_text="RACI!$B$4:$D$8")
    ws.print_area = "A1:E13"
    summary = wb.create_sheet("Summary")
    summary["A1"] = "Deliverables"
    summary["B1"] = "=COUNTA(RACI!A4:A8)"
    summary["A2"] = "Launch owner"
    summary["B2"] = "='RACI'!B8"
    notes = wb.create_sheet("Notes")
    notes["A1"] = "Agreed in the kick-off on 3 March"
    wb.save(path)
    return path


def _table_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Matrix"
    ws.append(["Deliverable", "Owner", "Lead", "Team"])
    for i, codes in enumerate([("A", "R", "C"), ("A", "C", "R"), ("I", "A", "R")]):
        ws.append([f"Item {i + 1}", *codes])
    ws.add_table(Table(displayName="Raci", ref="A1:D4"))
    wb.save(path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cells(path: Path) -> dict[str, dict[tuple[int, int], tuple]]:
    """Every sheet's cells: value and style (the style index into an unchanged style table)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            (c.row, c.column): (c.value, tuple(c._style or ()))
            for row in ws.iter_rows()
            for c in row
        }
    return out


def _all_facts(path: Path) -> dict[str, dict]:
    """Per sheet: merges, column widths, validation, formatting, comments, links, panes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    return {
        ws.title: {
            "merges": sorted(str(m) for m in ws.merged_cells.ranges),
            "widths": {
                get_column_letter(i): d.width
                for d in ws.column_dimensions.values()
                if d.width and d.min
                for i in range(d.min, (d.max or d.min) + 1)
            },
            "validation": sorted(str(v.sqref) for v in ws.data_validations.dataValidation),
            "formatting": sorted(str(cf.sqref) for cf in ws.conditional_formatting),
            "comments": sorted(c.coordinate for row in ws.iter_rows() for c in row if c.comment),
            "links": sorted(c.coordinate for row in ws.iter_rows() for c in row if c.hyperlink),
            "freeze": ws.freeze_panes,
        }
        for ws in wb.worksheets
    }


def _sheet_facts(path: Path, title: str) -> dict:
    return _all_facts(path)[title]


def _find(items, name):
    return next(x for x in items if x.name == name)


# ---------------------------------------------------------------------------- generated workbooks
def test_changed_codes_touch_only_their_cells(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    digest = _digest(original)
    m = rio.load(original)
    assert [d.name for d in m.deliverables] == ["Plan", "Design", "Build", "Test", "Launch"]
    pm, dev, qa = (_find(m.roles, n) for n in ("PM", "Dev", "QA"))
    build, test = _find(m.deliverables, "Build"), _find(m.deliverables, "Test")
    m.set_code(build, pm, "C")
    m.set_code(test, dev, "")
    assert write_back_problems(m, tmp_path / "ours.xlsx") == []
    target = tmp_path / "ours.xlsx"
    rio.save(m, target)
    assert _digest(original) == digest  # their file untouched
    before, after = _cells(original), _cells(target)
    assert before.keys() == after.keys()
    for title in before:
        for place, (value, style) in before[title].items():
            if title == "RACI" and place in {(6, 2), (7, 3)}:
                continue
            assert after[title].get(place, (None, style)) == (value, style), (title, place)
    assert after["RACI"][(6, 2)] == ("C", before["RACI"][(6, 2)][1])
    assert after["RACI"].get((7, 3), (None,))[0] in (None, "")
    assert after["RACI"][(7, 3)][1] == before["RACI"][(7, 3)][1]  # the emptied cell keeps its look
    assert _sheet_facts(target, "RACI") == _sheet_facts(original, "RACI")
    # Every part but the sheet and the workbook (asked to recalculate) is byte for byte theirs.
    with zipfile.ZipFile(original) as a, zipfile.ZipFile(target) as b:
        assert a.namelist() == b.namelist()
        differ = {n for n in a.namelist() if a.read(n) != b.read(n)}
    assert differ == {"xl/worksheets/sheet1.xml", "xl/workbook.xml"}
    again = rio.load(target)
    assert again.code(_find(again.deliverables, "Build"), _find(again.roles, "PM")) == "C"
    assert again.code(_find(again.deliverables, "Test"), _find(again.roles, "Dev")) == ""


def test_new_deliverable_and_role_become_styled_rows_and_columns(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    pm, dev, qa = (_find(m.roles, n) for n in ("PM", "Dev", "QA"))
    launch = _find(m.deliverables, "Launch")
    review = m.add_deliverable("Review")  # after Launch: the sheet's row 9
    m.set_code(review, pm, "A")
    m.set_code(review, qa, "R")
    ops = m.add_role("Ops", index=3)  # after QA: the sheet's column E
    m.set_code(launch, ops, "R")
    m.set_code(review, ops, "C")
    target = tmp_path / "ours.xlsx"
    write_back(m, target)
    before, after = _cells(original), _cells(target)

    def moved(row: int, column: int) -> tuple[int, int]:
        return (row + 1 if row > 8 else row, column + 1 if column > 4 else column)

    formulas = {
        (4, 5): '=COUNTIF(B4:E4,"*A*")',  # the row's range takes in the new column
        (8, 5): '=COUNTIF(B8:E8,"*A*")',
        (10, 5): "=SUM(F4:F9)",  # moved right, and the total takes in the new row
    }
    for place, (value, style) in before["RACI"].items():
        new = moved(*place)
        if place in formulas:
            assert after["RACI"][new][0] == formulas[place], place
        elif isinstance(value, str) and value.startswith("="):
            continue
        else:
            assert after["RACI"].get(new, (None, style)) == (value, style), (place, new)
    # The new row: Review with its codes, styled like Launch's row.
    assert after["RACI"][(9, 1)][0] == "Review"
    assert [after["RACI"][(9, c)][0] for c in (2, 3, 4, 5)] == ["A", None, "R", "C"]
    assert after["RACI"][(9, 6)][0] == '=COUNTIF(B9:E9,"*A*")'  # the row's count, filled down
    for c in (1, 2, 3, 4):
        assert after["RACI"][(9, c)][1] == before["RACI"][(8, c)][1]
    # The new column: Ops, header and body styled like QA's.
    assert after["RACI"][(3, 5)][0] == "Ops"
    assert after["RACI"][(3, 5)][1] == before["RACI"][(3, 4)][1]
    assert after["RACI"][(8, 5)] == ("R", before["RACI"][(8, 4)][1])
    facts = _sheet_facts(target, "RACI")
    assert facts["merges"] == ["A13:D13", "A1:F1"]
    assert facts["widths"]["E"] == 11 and facts["widths"].get("F") is None  # Ops took QA's width
    assert facts["validation"] == ["B4:E9"] and facts["formatting"] == ["B4:E9"]
    assert facts["comments"] == ["A13", "B5"] and facts["links"] == ["A14"]
    with zipfile.ZipFile(target) as z:
        vml = next(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
    assert re.findall(r"<\w+:Row>(\d+)</\w+:Row>", vml) == ["4", "12"]  # the boxes follow
    assert facts["freeze"] == "B4"
    # Other sheets, defined names and the print area follow.
    assert after["Summary"][(1, 2)][0] == "=COUNTA(RACI!A4:A9)"
    assert after["Summary"][(2, 2)][0] == "='RACI'!B8"
    assert after["Notes"] == before["Notes"]
    wb = openpyxl.load_workbook(target)
    assert wb.defined_names["Assignments"].attr_text == "RACI!$B$4:$E$9"
    assert wb["RACI"].print_area in ("'RACI'!$A$1:$F$14", "RACI!$A$1:$F$14")
    again = rio.load(target)
    assert [d.name for d in again.deliverables][-1] == "Review"
    # (The count column, empty until Excel computes it, reads as a role of its own.)
    assert [r.name for r in again.roles] == ["PM", "Dev", "QA", "Ops", "Accountables"]
    assert again.code(_find(again.deliverables, "Launch"), _find(again.roles, "Ops")) == "R"


def test_drawings_and_comment_boxes_move_with_their_cells():
    from ramdesk.io.xlsx_patch import _shift_anchors, _shift_vml

    drawing = "<xdr:from><xdr:col>1</xdr:col><xdr:row>7</xdr:row></xdr:from><xdr:to><xdr:col>3</xdr:col><xdr:row>9</xdr:row></xdr:to>"
    moved = _shift_anchors(drawing, Shift("row", 8, 2))  # rows after sheet row 8 = index 8 on
    assert "<xdr:row>7</xdr:row>" in moved and "<xdr:row>11</xdr:row>" in moved
    vml = "<x:Anchor>1, 15, 11, 2, 3, 15, 15, 16</x:Anchor><x:Row>11</x:Row><x:Column>0</x:Column>"
    assert _shift_vml(vml, Shift("row", 8, 1)) == (
        "<x:Anchor>1, 15, 12, 2, 3, 15, 16, 16</x:Anchor><x:Row>12</x:Row><x:Column>0</x:Column>"
    )
    assert "<x:Column>1</x:Column>" in _shift_vml(vml, Shift("column", 0, 1))


def test_new_role_inside_an_excel_table(tmp_path):
    original = _table_workbook(tmp_path / "table.xlsx")
    m = rio.load(original)
    lead = _find(m.roles, "Lead")
    extra = m.add_role("Owner", index=m.role_index(lead) + 1)  # same name as a column: made unique
    m.set_code(m.deliverables[0], extra, "I")
    new = m.add_deliverable("Item 4")
    m.set_code(new, lead, "A")
    target = tmp_path / "out.xlsx"
    write_back(m, target)
    wb = openpyxl.load_workbook(target)
    table = wb["Matrix"].tables["Raci"]
    assert table.ref == "A1:E5"
    names = [c.name for c in table.tableColumns]
    assert names == ["Deliverable", "Owner", "Lead", "Owner 2", "Team"]
    assert [c.value for c in wb["Matrix"][1]] == names  # header cells match the table's names
    assert len({c.id for c in table.tableColumns}) == 5


def test_hostile_names_are_written_as_text(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    names = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@IMPORT", "<b>&amp;</b>"]
    for name in names:
        m.add_deliverable(name)
    target = tmp_path / "ours.xlsx"
    write_back(m, target)
    with zipfile.ZipFile(target) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    wb = openpyxl.load_workbook(target)
    ws = wb["RACI"]
    for row, name in enumerate(names, start=9):
        assert ws.cell(row, 1).value == name
        assert ws.cell(row, 1).data_type == "s"
    formulas = re.findall(r"<f>([^<]*)</f>", xml)
    assert formulas and all("COUNTIF" in f or "SUM" in f for f in formulas)  # theirs, filled down


def test_second_save_follows_the_new_layout(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    review = m.add_deliverable("Review")
    target = tmp_path / "ours.xlsx"
    write_back(m, target)
    m.set_code(review, m.roles[0], "A")
    m.set_code(m.deliverables[0], m.roles[0], "C")
    write_back(m, target)  # now into the file just written, where Review has a row
    again = rio.load(target)
    assert again.code(_find(again.deliverables, "Review"), again.roles[0]) == "A"
    assert again.code(again.deliverables[0], again.roles[0]) == "C"
    assert len(again.deliverables) == 6


def test_save_in_place_and_as_ramdesk_workbook(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    m.set_code(m.deliverables[0], m.roles[1], "C")
    rio.save(m, original)  # the colleague's own file, on purpose
    again = rio.load(original)
    assert again.code(again.deliverables[0], again.roles[1]) == "C"
    own = tmp_path / "ramdesk.xlsx"
    rio.save(m, own, layout="ramdesk")
    from ramdesk.io.workbook_read import is_ramdesk_workbook

    assert is_ramdesk_workbook(own)


def test_rows_moved_cannot_be_written_back(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    digest = _digest(original)
    m = rio.load(original)
    m.apply(MoveRow(m.deliverables[0], None, 4))
    problems = write_back_problems(m, tmp_path / "x.xlsx")
    assert problems and "moved" in problems[0]
    with pytest.raises(WriteError, match="moved"):
        write_back(m, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
    assert _digest(original) == digest


def test_removed_deliverable_and_role_take_their_row_and_column(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    m.apply(RemoveRow(_find(m.deliverables, "Design")))  # sheet row 5, with a comment on B5
    m.apply(RemoveRole(_find(m.roles, "Dev")))  # sheet column C
    target = tmp_path / "ours.xlsx"
    write_back(m, target)
    before, after = _cells(original), _cells(target)

    def kept(row: int, column: int) -> tuple[int, int] | None:
        if row == 5 or column == 3:
            return None
        return (row - 1 if row > 5 else row, column - 1 if column > 3 else column)

    formulas = {
        (4, 5): '=COUNTIF(B4:C4,"*A*")',
        (8, 5): '=COUNTIF(B7:C7,"*A*")',
        (10, 5): "=SUM(D4:D7)",
    }
    for place, (value, style) in before["RACI"].items():
        new = kept(*place)
        if new is None:
            continue
        if place in formulas:
            assert after["RACI"][new][0] == formulas[place], place
        elif not (isinstance(value, str) and value.startswith("=")):
            assert after["RACI"].get(new, (None, style)) == (value, style), (place, new)
    facts = _sheet_facts(target, "RACI")
    assert facts["merges"] == ["A11:C11", "A1:D1"]
    assert facts["validation"] == ["B4:C7"] and facts["formatting"] == ["B4:C7"]
    assert facts["comments"] == ["A11"]  # Design's comment went with its row
    assert facts["widths"] == {"A": 32, "B": 7, "C": 11}
    with zipfile.ZipFile(target) as z:
        vml = next(z.read(n).decode() for n in z.namelist() if n.endswith(".vml"))
    assert re.findall(r"<\w+:Row>(\d+)</\w+:Row>", vml) == ["10"]
    assert after["Summary"][(1, 2)][0] == "=COUNTA(RACI!A4:A7)"
    assert after["Summary"][(2, 2)][0] == "='RACI'!B7"
    wb = openpyxl.load_workbook(target)
    assert wb.defined_names["Assignments"].attr_text == "RACI!$B$4:$C$7"
    again = rio.load(target)
    assert [d.name for d in again.deliverables] == ["Plan", "Build", "Test", "Launch"]
    assert [r.name for r in again.roles] == ["PM", "QA", "Accountables"]
    assert again.code(_find(again.deliverables, "Test"), _find(again.roles, "QA")) == "A/R"


def test_a_reference_to_a_deleted_cell_becomes_ref_error(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    m.apply(RemoveRow(_find(m.deliverables, "Launch")))  # Summary!B2 points at its PM cell
    target = tmp_path / "ours.xlsx"
    write_back(m, target)
    assert _cells(target)["Summary"][(2, 2)][0] == "='RACI'!#REF!"


def test_removed_role_inside_an_excel_table(tmp_path):
    original = _table_workbook(tmp_path / "table.xlsx")
    m = rio.load(original)
    m.apply(RemoveRole(_find(m.roles, "Lead")))
    m.apply(RemoveRow(m.deliverables[1]))
    target = tmp_path / "out.xlsx"
    write_back(m, target)
    table = openpyxl.load_workbook(target)["Matrix"].tables["Raci"]
    assert table.ref == "A1:C3"
    assert [c.name for c in table.tableColumns] == ["Deliverable", "Owner", "Team"]
    again = rio.load(target)
    assert [d.name for d in again.deliverables] == ["Item 1", "Item 3"]


def test_wrong_ending_gone_original_and_other_formats(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    assert "Excel workbook" in write_back_problems(m, tmp_path / "x.ods")[0]
    assert "macros" in write_back_problems(m, tmp_path / "x.xlsm")[0]
    original.unlink()
    assert "no longer there" in write_back_problems(m, tmp_path / "x.xlsx")[0]
    csv = tmp_path / "raci.csv"
    csv.write_text("Task,PM,Dev\nPlan,A,R\nBuild,I,A\n")
    from_csv = rio.load(csv)
    assert "CSV" in write_back_problems(from_csv, tmp_path / "x.xlsx")[0]
    assert write_back_problems(Matrix(), tmp_path / "x.xlsx")


def test_losses_name_what_their_sheet_cannot_hold(tmp_path):
    m = rio.load(_colleague_workbook(tmp_path / "theirs.xlsx"))
    assert write_back_losses(m) == []
    m.apply(SetNote(m.deliverables[0], m.roles[0], "agreed by mail"))
    m.add_person("Ann", [m.roles[0]])
    losses = write_back_losses(m)
    assert any("notes" in x for x in losses) and any("people" in x for x in losses)


# ---------------------------------------------------------------------------- reference shifting
@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("SUM(C5:C20)", "SUM(C5:C22)"),
        ("SUM(C5:C10)", "SUM(C5:C12)"),  # ends where the rows go in: takes them in
        ("C11+$C$11+C$10", "C13+$C$13+C$10"),
        ("RACI!A11+'Other'!A11", "RACI!A13+'Other'!A11"),
        ('COUNTIF(B4:D11,"A11")', 'COUNTIF(B4:D13,"A11")'),
        ("SUM(C11:C12)", "SUM(C13:C14)"),
        ("LOG10(A11)", "LOG10(A13)"),
        ("Raci[[#This Row],[Q11]]", "Raci[[#This Row],[Q11]]"),
        ("[1]RACI!A20", "[1]RACI!A20"),
        ("11:12+A:A", "13:14+A:A"),
    ],
)
def test_shift_formula_rows(formula, expected):
    assert shift_formula(formula, Shift("row", 10, 2), "RACI", local=True) == expected


def test_shift_formula_columns_and_other_sheets():
    shift = Shift("column", 2, 1)
    assert shift_formula("SUM(B2:C9)+A:C", shift, "S", local=True) == "SUM(B2:D9)+A:D"
    assert shift_formula("C1+S!C1+'S'!C1", shift, "S", local=False) == "C1+S!D1+'S'!D1"


def test_shift_ranges_grow_only_when_asked():
    shift = Shift("row", 8, 1)
    assert shift_ranges("B4:D8 A1 A9", shift) == "B4:D8 A1 A10"
    assert shift_ranges("B4:D8 A8", shift, grow=True) == "B4:D9 A8"


# ---------------------------------------------------------------------------- real samples
def _sample_workbooks() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(SAMPLES.glob("*.xlsx"))


needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="the shared samples folder is absent"
)


@needs_samples
@pytest.mark.parametrize("sample", _sample_workbooks(), ids=lambda p: p.name[:36])
def test_samples_changed_codes(tmp_path, sample):
    digest = _digest(sample)
    m = rio.load(sample)
    source = m.source
    changed = {}
    for i, d in enumerate(m.deliverables[:6]):
        role = m.roles[i % len(m.roles)]
        new = "C" if m.code(d, role) != "C" else "I"
        m.set_code(d, role, new)
        changed[(source.rows[d] + 1, source.role_columns[role] + 1)] = new
    target = tmp_path / sample.name
    write_back(m, target)
    assert _digest(sample) == digest
    before, after = _cells(sample), _cells(target)
    for title in before:
        for place, (value, style) in before[title].items():
            if title == source.sheet and place in changed:
                assert after[title][place] == (changed[place], style)
                continue
            assert after[title].get(place, (None, style)) == (value, style), (title, place)
    assert _all_facts(target) == _all_facts(sample)
    with zipfile.ZipFile(sample) as a, zipfile.ZipFile(target) as b:
        assert a.namelist() == b.namelist()
        differ = {n for n in a.namelist() if a.read(n) != b.read(n)}
    assert differ <= {
        "xl/workbook.xml",
        *(n for n in a.namelist() if n.startswith("xl/worksheets/sheet")),
    }
    assert len(differ) <= 2


@needs_samples
@pytest.mark.parametrize("sample", _sample_workbooks(), ids=lambda p: p.name[:36])
def test_samples_new_rows_and_columns(tmp_path, sample):
    m = rio.load(sample)
    last = m.deliverables[-1]
    group = m.path(last)[-1] if m.path(last) else None
    added = m.add_deliverable("Added deliverable", group)
    role = m.add_role("Added role")
    m.set_code(added, m.roles[0], "A")
    m.set_code(m.deliverables[0], role, "R")
    # Names need not be unique (templates repeat them): compare by position.
    expected = [[m.code(d, r) for r in m.roles] for d in m.deliverables]
    target = tmp_path / sample.name
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the written file reads without complaint
        write_back(m, target)
        again = rio.load(target)
    assert [d.name for d in again.deliverables] == [d.name for d in m.deliverables]
    assert [r.name for r in again.roles] == [r.name for r in m.roles]
    assert [[again.code(d, r) for r in again.roles] for d in again.deliverables] == expected


def test_a_damaged_sheet_is_refused_not_made_worse(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    m.set_code(m.deliverables[0], m.roles[0], "C")
    # Since it was read, the sheet got mangled (a tolerant reader would still show it).
    with zipfile.ZipFile(original) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b'<row r="5"', b'<row r="5" ht="1<c r="E5">', 1
    )
    with zipfile.ZipFile(original, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(WriteError, match="damaged") as caught:
        write_back(m, tmp_path / "ours.xlsx")
    assert str(caught.value).startswith("ours.xlsx: ")
    assert not (tmp_path / "ours.xlsx").exists()


def test_a_hostile_original_is_refused(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    original.write_bytes(b"not a workbook any more")
    with pytest.raises(WriteError, match="could not read the original workbook"):
        write_back(m, tmp_path / "ours.xlsx")


@needs_samples
@pytest.mark.parametrize("sample", _sample_workbooks(), ids=lambda p: p.name[:36])
def test_samples_removed_rows_and_roles(tmp_path, sample):
    m = rio.load(sample)
    if len(m.deliverables) < 3 or len(m.roles) < 2:
        pytest.skip("too small a matrix to remove from")
    m.apply(RemoveRow(m.deliverables[len(m.deliverables) // 2]))
    m.apply(RemoveRole(m.roles[-1]))
    expected = [[m.code(d, r) for r in m.roles] for d in m.deliverables]
    target = tmp_path / sample.name
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_back(m, target)
        again = rio.load(target)
    assert [d.name for d in again.deliverables] == [d.name for d in m.deliverables]
    assert [r.name for r in again.roles] == [r.name for r in m.roles]
    assert [[again.code(d, r) for r in again.roles] for d in again.deliverables] == expected


def test_when_their_file_reads_differently_every_code_is_written(tmp_path, monkeypatch):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    m.set_code(_find(m.deliverables, "Build"), _find(m.roles, "PM"), "")
    m.set_code(_find(m.deliverables, "Plan"), _find(m.roles, "QA"), "C")
    import ramdesk.io.importer as importer

    def unreadable(*args, **kwargs):  # as if the layout had been corrected by hand
        raise rio.ReadError(original, "reads differently now")

    monkeypatch.setattr(importer, "read_matrix", unreadable)
    target = tmp_path / "ours.xlsx"
    write_back(m, target)
    monkeypatch.undo()
    again = rio.load(target)
    assert again.code(_find(again.deliverables, "Build"), _find(again.roles, "PM")) == ""
    assert again.code(_find(again.deliverables, "Plan"), _find(again.roles, "QA")) == "C"
    assert again.code(_find(again.deliverables, "Test"), _find(again.roles, "QA")) == "A/R"


def test_one_column_per_code_layout_is_not_written_back(tmp_path):
    original = _colleague_workbook(tmp_path / "theirs.xlsx")
    m = rio.load(original)
    m.source.code_columns = {"R": 2, "A": 3}  # as the importer marks that layout
    assert "one column per code" in write_back_problems(m, tmp_path / "x.xlsx")[0]


HOSTILE_NAMES = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@IMPORT(x)", '=HYPERLINK("http://x")']


def test_formula_like_names_stay_text_in_every_format(tmp_path):
    m = Matrix("Hostile")
    role = m.add_role(HOSTILE_NAMES[0])
    for name in HOSTILE_NAMES:
        m.set_code(m.add_deliverable(name), role, "A")
    own = tmp_path / "own.xlsx"
    rio.save(m, own, layout="ramdesk")
    with zipfile.ZipFile(own) as z:
        formulas = [
            f
            for n in z.namelist()
            if n.startswith("xl/worksheets/")
            for f in re.findall(rb"<f>([^<]*)</f>", z.read(n))
        ]
    assert not any(b"cmd" in f or b"HYPERLINK" in f or b"IMPORT" in f for f in formulas)
    wb = openpyxl.load_workbook(own)
    texts = {
        c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "s"
    }
    assert set(HOSTILE_NAMES) <= texts
    again = rio.load(own)
    assert [d.name for d in again.deliverables] == HOSTILE_NAMES
    grid = tmp_path / "grid.csv"
    rio.save(m, grid)
    with open(grid, encoding="utf-8-sig", newline="") as f:
        cells = [c for row in csv.reader(f) for c in row]
    assert "'" + HOSTILE_NAMES[1] in cells  # there, and neutralised
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@")), cell


def _group_column_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Phase", "Task", "PM", "Dev"])
    ws.append(["Planning", "Scope", "A", "R"])
    ws.append([None, "Budget", "A/R", "C"])
    ws.append(["Build", "Backend", "I", "A/R"])
    ws.append([None, "Frontend", "I", "A/R"])
    ws.append(["Run", "Support", "A", "R"])
    ws.append([None, "Reporting", "A/R", "I"])
    wb.save(path)
    return path


def test_groups_named_in_a_group_column(tmp_path):
    from ramdesk.model import SetField

    m = rio.load(_group_column_workbook(tmp_path / "phases.xlsx"))
    assert [g.name for g in m.groups] == ["Planning", "Build", "Run"]
    planning, build, run = m.groups
    m.apply(SetField(build, "name", "Construction"))
    first = m.add_deliverable("Kick-off", planning, 0)  # the group's name moves to it
    m.set_code(first, m.roles[0], "A")
    m.apply(RemoveRow(m.children(run)[0]))  # Run's name moves to Reporting
    launch = m.add_group("Launch")
    m.set_code(m.add_deliverable("Go live", launch), m.roles[0], "A")
    assert write_back_problems(m, tmp_path / "x.xlsx") == []
    target = tmp_path / "out.xlsx"
    write_back(m, target)
    ws = openpyxl.load_workbook(target).active
    assert [tuple(r[:2]) for r in ws.iter_rows(min_row=2, values_only=True)] == [
        ("Planning", "Kick-off"),
        (None, "Scope"),
        (None, "Budget"),
        ("Construction", "Backend"),
        (None, "Frontend"),
        ("Run", "Reporting"),
        ("Launch", "Go live"),
    ]
    again = rio.load(target)
    assert [(type(r).__name__, r.name) for r in again.rows] == [
        (type(r).__name__, r.name) for r in m.rows
    ]


def test_nested_groups_have_no_place_in_a_group_column(tmp_path):
    m = rio.load(_group_column_workbook(tmp_path / "phases.xlsx"))
    inner = m.add_group("Inner", m.groups[0])
    m.set_code(m.add_deliverable("Deep", inner), m.roles[0], "A")
    assert "groups inside groups" in write_back_problems(m, tmp_path / "x.xlsx")[0]


def _group_rows_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Task", "PM", "Dev", "QA"])
    band = PatternFill("solid", fgColor="BDD7EE")

    def group(name: str) -> None:
        ws.append([name])
        for c in range(1, 5):
            ws.cell(ws.max_row, c).fill = band
        ws.cell(ws.max_row, 1).font = Font(bold=True)

    group("1. Planning")
    ws.append(["Scope", "A", "R", "C"])
    ws.append(["Budget", "A/R", "C", "I"])
    group("2. Build")
    ws.append(["Backend", "I", "A/R", "C"])
    ws.append(["Frontend", "I", "A/R", "C"])
    group("3. Run")
    ws.append(["Support", "A", "R", "I"])
    wb.save(path)
    return path


def test_group_rows_added_renamed_and_removed(tmp_path):
    from ramdesk.model import SetField

    original = _group_rows_workbook(tmp_path / "phases.xlsx")
    m = rio.load(original)
    planning, build, run = m.groups
    m.apply(SetField(planning, "name", "1. Plan"))
    m.apply(RemoveRow(build))  # the group row and its deliverables go
    test = m.add_group("4. Test")
    m.set_code(m.add_deliverable("Acceptance", test), m.roles[2], "A")
    target = tmp_path / "out.xlsx"
    write_back(m, target)
    before, after = _cells(original), _cells(target)
    ws = openpyxl.load_workbook(target).active
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == [
        "1. Plan",
        "Scope",
        "Budget",
        "3. Run",
        "Support",
        "4. Test",
        "Acceptance",
    ]
    # The new group row looks like the other group rows; its deliverable like a deliverable.
    assert [after["Sheet"][(7, c)][1] for c in range(1, 5)] == [
        before["Sheet"][(5, c)][1] for c in range(1, 5)
    ]
    assert [after["Sheet"][(8, c)][1] for c in range(1, 5)] == [
        before["Sheet"][(9, c)][1] for c in range(1, 5)
    ]
    again = rio.load(target)
    assert [(type(r).__name__, r.name) for r in again.rows] == [
        (type(r).__name__, r.name) for r in m.rows
    ]


# ---------------------------------------------------------------------------- OpenDocument
def _ods(path: Path, rows: str) -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
        'office:version="1.3"><office:body><office:spreadsheet>'
        f'<table:table table:name="RACI">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def _text(value: str) -> str:
    return (
        '<table:table-cell table:style-name="ce1" office:value-type="string" '
        f'calcext:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def _row(*values: str) -> str:
    cells = "".join(_text(v) if v else '<table:table-cell table:style-name="ce2"/>' for v in values)
    return f"<table:table-row>{cells}</table:table-row>"


def test_opendocument_codes_and_names_written_back(tmp_path):
    from ramdesk.model import SetField

    rows = (
        _row("Task", "PM", "Dev", "QA")
        + _row("Plan", "A", "R", "")
        # Three empty cells in one repeated run: the code lands in the middle one.
        + "<table:table-row>"
        + _text("Build")
        + _text("A")
        + '<table:table-cell table:style-name="ce2" table:number-columns-repeated="2"/>'
        + "</table:table-row>"
        + _row("Test", "I", "C", "A/R")
        + '<table:table-row table:number-rows-repeated="1048572"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    original = _ods(tmp_path / "theirs.ods", rows)
    m = rio.load(original)
    assert [d.name for d in m.deliverables] == ["Plan", "Build", "Test"]
    plan, build, test = m.deliverables
    pm, dev, qa = m.roles
    m.set_code(build, qa, "C")
    m.set_code(test, pm, "")
    m.apply(SetField(plan, "name", "Planning"))
    m.apply(SetField(dev, "name", "Developers"))
    assert write_back_problems(m, tmp_path / "x.xlsx")[0].endswith("only to an .ods name.")
    target = tmp_path / "ours.ods"
    write_back(m, target)
    again = rio.load(target)
    assert [d.name for d in again.deliverables] == ["Planning", "Build", "Test"]
    assert [r.name for r in again.roles] == ["PM", "Developers", "QA"]
    assert [[again.code(d, r) for r in again.roles] for d in again.deliverables] == [
        ["A", "R", ""],
        ["A", "", "C"],
        ["", "C", "A/R"],
    ]
    with zipfile.ZipFile(target) as z:
        assert z.infolist()[0].filename == "mimetype"
        assert z.infolist()[0].compress_type == zipfile.ZIP_STORED
        content = z.read("content.xml").decode()
    # The run was split around the new code, each piece keeping the cells' style.
    assert (
        '<table:table-cell table:style-name="ce2"/>' + _text("C").replace("ce1", "ce2") in content
    )
    assert 'table:number-rows-repeated="1048572"' in content


def test_opendocument_refuses_added_rows(tmp_path):
    original = _ods(
        tmp_path / "theirs.ods", _row("Task", "PM") + _row("Plan", "A") + _row("Do", "R")
    )
    m = rio.load(original)
    m.set_code(m.add_deliverable("New"), m.roles[0], "A")
    assert "OpenDocument" in write_back_problems(m, tmp_path / "x.ods")[0]


@needs_samples
def test_opendocument_sample(tmp_path):
    sample = next(iter(SAMPLES.glob("*.ods")), None)
    if sample is None:
        pytest.skip("no OpenDocument sample")
    m = rio.load(sample)
    for i, d in enumerate(m.deliverables):
        role = m.roles[i % len(m.roles)]
        m.set_code(d, role, "C" if m.code(d, role) != "C" else "")
    expected = [[m.code(d, r) for r in m.roles] for d in m.deliverables]
    target = tmp_path / sample.name
    write_back(m, target)
    again = rio.load(target)
    assert [[again.code(d, r) for r in again.roles] for d in again.deliverables] == expected
    with zipfile.ZipFile(sample) as a, zipfile.ZipFile(target) as b:
        assert [n for n in a.namelist() if a.read(n) != b.read(n)] == ["content.xml"]


def test_a_layout_corrected_in_the_preview_still_writes_only_changed_codes(tmp_path):
    """Codes as they typed them ("i", "(C)", "r ") stay as typed when another cell changes,
    also when the user corrected the layout before opening (a column left out)."""
    from ramdesk.io.importer import Overrides, detect

    path = tmp_path / "theirs.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "RACI"
    rows = [
        ["Task", "PM", "Dev", "QA", "Notes"],
        ["Plan", "A", "i", "(C)", "x"],
        ["Build", "A", "r ", "c", ""],
        ["Test", "A", "C", "R", "y"],
    ]
    for row in rows:
        ws.append(row)
    wb.save(path)
    detection = detect(path)
    qa_column = 3
    roles = [c for c in detection.best.role_columns if c != qa_column]
    m = detection.build(overrides=Overrides(role_columns=roles))
    assert [r.name for r in m.roles] == ["PM", "Dev"]
    m.set_code(_find(m.deliverables, "Test"), _find(m.roles, "Dev"), "R")
    target = tmp_path / "ours.xlsx"
    write_back(m, target)
    after = openpyxl.load_workbook(target)["RACI"]
    assert [[c.value for c in row] for row in after.iter_rows()] == [
        ["Task", "PM", "Dev", "QA", "Notes"],
        ["Plan", "A", "i", "(C)", "x"],
        ["Build", "A", "r ", "c", None],
        ["Test", "A", "R", "R", "y"],
    ]
