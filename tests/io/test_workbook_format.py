"""What a colleague sees in ramdesk's workbook: text stays text, dropdowns, colours, printing."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

import ramdesk
from ramdesk.io.workbook_write import dropdown_choices, pale
from ramdesk.model import Code, Deliverable, Group, Matrix, Person, Role, RoleGroup, Scheme
from ramdesk.model import builtin_scheme as scheme_of


def formula_like() -> Matrix:
    scheme = Scheme(
        "custom",
        "Signs",
        (Code("=", "Equals", "do"), Code("+A", "Plus", "approve"), Code("@", "At", "inform")),
        combinable=(frozenset({"=", "+A"}),),
    )
    m = Matrix('=HYPERLINK("http://x")', scheme)
    m.properties = {"=cmd": "+1"}
    role = Role("=1+1", "-2", RoleGroup("@band"))
    m.load_role(role)
    group = Group("+group", "=desc")
    m.load_row(group)
    d = Deliverable("-deliverable", "@d", {"=ID": "=A1"})
    m.load_row(d, group)
    m.load_cells([(d, role, "=/+A")])
    m.load_note(d, role, "=note")
    m.load_person(Person("=Person", "=notes", "=mail"), [role])
    return m


def test_formula_like_text_is_written_as_text_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "signs.xlsx"
    matrix = formula_like()
    ramdesk.save(matrix, path)
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in archive.read(name), name
    ws = book["Matrix"]
    starts = [
        cell
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@"
    ]
    assert starts and all(cell.quotePrefix for cell in starts if cell.row > 4)
    loaded = ramdesk.load(path)
    assert loaded.snapshot() == matrix.snapshot()


def big() -> Matrix:
    m = Matrix("Rollout", scheme_of("raci-vs"))
    m.properties = {"Version": "2", "Owner": "PMO"}
    band = RoleGroup("Team")
    roles = [Role(f"Role {i}", group=band if i < 4 else None) for i in range(12)]
    for role in roles:
        m.load_role(role)
    phase = Group("Phase")
    m.load_row(phase)
    for i in range(30):
        d = Deliverable(f"Deliverable {i}")
        m.load_row(d, phase)
        m.load_cells([(d, roles[i % 12], "A"), (d, roles[(i + 1) % 12], "R")])
    return m


@pytest.fixture
def workbook(tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "rollout.xlsx"
    ramdesk.save(big(), path)
    return openpyxl.load_workbook(path)


def test_sheets_and_hidden_marker(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ["Matrix", "People", "Roles", "Scheme", "About", "ramdesk"]
    assert workbook["ramdesk"].sheet_state == "veryHidden"
    assert workbook["Matrix"].sheet_state == "visible"
    assert workbook["ramdesk"]["A1"].value == "ramdesk workbook"


def test_dropdown_covers_every_code_cell_with_one_rule(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Matrix"]
    rules = ws.data_validations.dataValidation
    assert len(rules) == 1
    rule = rules[0]
    assert rule.type == "list"
    assert rule.errorStyle == "warning"  # a colleague may still type something else
    offered = rule.formula1.strip('"').split(",")
    assert offered == dropdown_choices(scheme_of("raci-vs"))
    assert "A/R" in offered and "R/A" in offered
    first, last = str(rule.sqref).split(":")
    assert first == "B8"  # title, scheme, legend, properties, gap, band, header
    assert last.startswith("M")


def test_colours_follow_the_codes_as_typed(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Matrix"]
    ranges = list(ws.conditional_formatting)
    assert len(ranges) == 1
    rules = ranges[0].rules
    scheme = scheme_of("raci-vs")
    assert len(rules) == len(scheme.codes)
    fills = {}
    for rule in rules:
        formula = rule.formula[0]
        letter = formula.split('="')[1].rstrip('"')
        fills[letter] = rule.dxf.fill.bgColor.rgb[-6:]
        assert rule.stopIfTrue
    for code in scheme.codes:
        assert fills[code.letter] == pale(code.color).lstrip("#")
    # Two-character codes come before one-character codes, so "Su" is not coloured as "S".
    order = [rule.formula[0].split('="')[1].rstrip('"') for rule in rules]
    assert [len(x) for x in order] == sorted((len(x) for x in order), reverse=True)


def test_prints_well(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Matrix"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 is the default, left out of the file
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$6:$7"
    assert ws.print_title_cols == "$A:$A"
    assert ws.freeze_panes == "B8"


def test_title_band_group_rows_and_legend(workbook: openpyxl.Workbook) -> None:
    ws = workbook["Matrix"]
    assert ws["A1"].value == "Rollout"
    assert ws["A2"].value.startswith("Scheme: RACI-VS")
    assert "Accountable" in ws["A3"].value and "Verifier" in ws["A3"].value
    assert "Version: 2" in ws["A4"].value
    assert "B6:E6" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["B6"].value == "Team"
    assert ws["A8"].value == "Phase" and ws["A8"].font.b and ws["A8"].fill.fgColor.rgb
    assert ws["A9"].value == "Deliverable 0" and ws["A9"].alignment.indent == 1
    assert not ws["A9"].font.b


def test_people_roles_and_scheme_sheets(tmp_path: Path) -> None:
    m = big()
    m.load_person(Person("Ann", "Part time", "ann@example.org"), [m.roles[0], m.roles[5]])
    path = tmp_path / "p.xlsx"
    ramdesk.save(m, path)
    book = openpyxl.load_workbook(path)
    people = [[c.value for c in row] for row in book["People"].iter_rows()]
    assert people[0] == ["Person", "E-mail", "Roles held", "Notes"]
    assert people[1] == ["Ann", "ann@example.org", "Role 0; Role 5", "Part time"]
    roles = book["Roles"]
    assert roles["A2"].value == "Role 0" and roles["D2"].value == "Ann"
    assert roles["D3"].value == "(nobody: open seat)"
    scheme = [c.value for row in book["Scheme"].iter_rows() for c in row if c.value]
    assert "Verifier" in scheme and "Limits per deliverable" in scheme


def test_duplicate_role_names_are_told_apart_on_the_people_sheet(tmp_path: Path) -> None:
    m = Matrix("Twins")
    a, b = Role("Analyst"), Role("Analyst")
    m.load_role(a)
    m.load_role(b)
    m.load_person(Person("Ann"), [b])
    path = tmp_path / "t.xlsx"
    ramdesk.save(m, path)
    assert openpyxl.load_workbook(path)["People"]["C2"].value == "Analyst #2"
    loaded = ramdesk.load(path)
    assert loaded.roles_of(loaded.people[0]) == (loaded.roles[1],)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_a_workbook_saved_again_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    matrix = formula_like()
    m2 = big()
    m2.load_note(m2.deliverables[3], m2.roles[2], "Ask the PMO")
    m2.deliverables[0].attributes = {"ID": "001"}
    for name, m in (("signs", matrix), ("rollout", m2)):
        ramdesk.save(m, tmp_path / f"{name}.xlsx")
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(tmp_path / "signs.xlsx"),
            str(tmp_path / "rollout.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert ramdesk.load(out / "signs.xlsx").snapshot() == matrix.snapshot()
    assert ramdesk.load(out / "rollout.xlsx").snapshot() == m2.snapshot()
