"""Generated spreadsheets, one per layout pattern real RACI files show (written in tmp dirs)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Font, PatternFill

Cell = str | float | int | None
#: (group, deliverable, role, code) rows, one per code letter, as an importer must extract them.
Assignments = list[tuple[str, str, str, str]]

BOLD = Font(bold=True)
BLUE = PatternFill("solid", fgColor="BDD7EE")


def write_xlsx(
    path: Path,
    sheets: dict[str, Sequence[Sequence[Cell]]],
    merges: dict[str, list[str]] | None = None,
    bold_rows: dict[str, list[int]] | None = None,
    filled_rows: dict[str, list[int]] | None = None,
    number_formats: dict[str, dict[str, str]] | None = None,
) -> Path:
    """A workbook with these sheets (rows of values); rows 1-based for styles, like Excel."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        for r in (bold_rows or {}).get(name, []):
            for cell in ws[r]:
                cell.font = BOLD
        for r in (filled_rows or {}).get(name, []):
            for cell in ws[r]:
                cell.fill = BLUE
        for ref, fmt in (number_formats or {}).get(name, {}).items():
            ws[ref].number_format = fmt
    wb.save(path)
    return path


def write_csv(
    path: Path, rows: Sequence[Sequence[Cell]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as f:
        csv.writer(f, delimiter=delimiter).writerows(
            [["" if v is None else v for v in r] for r in rows]
        )
    return path


def expected_from_rows(
    header: Sequence[str], body: Sequence[tuple[str, str, Sequence[str]]]
) -> Assignments:
    """Assignments of simple rows: (group, deliverable, codes per role) with codes like "A/R"."""
    out: Assignments = []
    for group, task, codes in body:
        for role, code in zip(header, codes, strict=True):
            for letter in code.replace(" ", "").split("/"):
                if letter:
                    out.append((group, task, role, letter))
    return out


# --------------------------------------------------------------------------- the patterns
def clean_baseline(tmp: Path) -> tuple[Path, Assignments]:
    """ID column, task column, six role abbreviations in row 1."""
    roles = ["TPM", "SDM", "PM-T", "Lead SDE", "SDE", "Business"]
    body = [
        ("", "Requirements", ["A", "C", "C", "C", "C", "R"]),
        ("", "Planning", ["A", "R", "C", "", "I", "I"]),
        ("", "Design", ["C", "C", "I", "A", "R", "I"]),
    ]
    rows = [["Step Id", "Name", *roles]] + [[i + 1, t, *c] for i, (_g, t, c) in enumerate(body)]
    return write_xlsx(tmp / "baseline.xlsx", {"RACI": rows}), expected_from_rows(roles, body)


def banner_and_band_above(tmp: Path) -> tuple[Path, Assignments, dict[str, str]]:
    """Merged title over two rows, blank row, a band of role groups merged above the names."""
    roles = ["Sponsor", "Steering", "PM", "Dev\nLead", "Tester"]
    body = [
        ("", "Charter", ["A", "C", "R", "", "I"]),
        ("", "Build", ["I", "", "A", "R", "C"]),
        ("", "Test", ["", "I", "A", "C", "R"]),
    ]
    rows = [
        ["Big Programme  RACI", None, None, None, None, None],
        [None] * 6,
        [None] * 6,
        [None, "Governance", None, "Delivery", None, None],
        ["Deliverable", *roles],
        *[[t, *c] for _g, t, c in body],
    ]
    path = write_xlsx(
        tmp / "band_above.xlsx",
        {"Matrix": rows},
        merges={"Matrix": ["A1:F2", "B4:C4", "D4:F4"]},
        bold_rows={"Matrix": [4, 5]},
    )
    names = [r.replace("\n", " ") for r in roles]
    groups = {"Sponsor": "Governance", "Steering": "Governance", "PM": "Delivery"}
    return path, expected_from_rows(names, body), groups


def band_below_and_legend_above(tmp: Path) -> tuple[Path, Assignments]:
    """Legend above the matrix, role names with a group band below them, WBS numbers in tasks."""
    roles = ["Project Manager", "Sponsor", "Analyst", "Designer"]
    body = [
        ("", "1.1 Planning", ["R", "C", "A", "I"]),
        ("", "1.1.1 Business Case", ["R", "A", "C", ""]),
        ("", "1.2 Wireframe", ["I", "", "A", "R"]),
    ]
    rows = [
        [None, None, None, "RACI Matrix"],
        [],
        [None, "R", "Responsible", "does the work"],
        [None, "A", "Accountable", "owns the work"],
        [None, "C", "Consulted", "gives input"],
        [None, "I", "Informed", "kept up to date"],
        [],
        [],
        [None, None, "Roles", *roles],
        [None, None, "Packages/Tasks", "Steering Group", None, "Design Group", None],
        *[[None, None, t, *c] for _g, t, c in body],
    ]
    path = write_xlsx(
        tmp / "band_below.xlsx", {"Sheet1": rows}, merges={"Sheet1": ["D10:E10", "F10:G10"]}
    )
    return path, expected_from_rows(roles, body)


def styled_groups(tmp: Path) -> tuple[Path, Assignments]:
    """Filled group rows and bold group rows with no codes; a spacer row; a note below."""
    roles = ["Owner", "Team", "QA"]
    rows = [
        ["Task", *roles],
        ["Phase 1: Start", None, None, None],
        ["Kick-off", "A", "R", "I"],
        ["Plan", "A/R", "C", None],
        [None, None, None, None],
        ["Phase 2: Build", None, None, None],
        ["Code", "A", "R", "C"],
        ["Backlog grooming", None, None, None],
        ["Test", "I", "C", "A/R"],
        [],
        ["Updated weekly by the PMO", None, None, None],
    ]
    path = write_xlsx(
        tmp / "styled_groups.xlsx",
        {"RACI": rows},
        filled_rows={"RACI": [2]},
        bold_rows={"RACI": [1, 6]},
    )
    expected = expected_from_rows(
        roles,
        [
            ("Phase 1: Start", "Kick-off", ["A", "R", "I"]),
            ("Phase 1: Start", "Plan", ["A/R", "C", ""]),
            ("Phase 2: Build", "Code", ["A", "R", "C"]),
            ("Phase 2: Build", "Test", ["I", "C", "A/R"]),
        ],
    )
    return path, expected


def merged_band_groups(tmp: Path) -> tuple[Path, Assignments]:
    """Groups as bands merged across the role columns."""
    roles = ["Lead", "Dev"]
    rows = [
        ["#", "Activity", *roles],
        [None, "Discovery", None, None],
        [1, "Interviews", "A", "R"],
        [2, "Synthesis", "R/A", "C"],
        [None, "Delivery", None, None],
        [3, "Release", "A", "R"],
    ]
    path = write_xlsx(
        tmp / "merged_bands.xlsx", {"RACI": rows}, merges={"RACI": ["B2:D2", "B5:D5"]}
    )
    body = [
        ("Discovery", "Interviews", ["A", "R"]),
        ("Discovery", "Synthesis", ["R/A", "C"]),
        ("Delivery", "Release", ["A", "R"]),
    ]
    return path, expected_from_rows(roles, body)


def group_column(tmp: Path) -> tuple[Path, Assignments]:
    """A group column filled only on each group's first row, and a single role column."""
    rows = [
        ["Key Area", "Step", "Role"],
        ["Planning", "Refine requirements", "A"],
        [None, "Create spec", "A/R"],
        [None, "Sprint planning", "R/C"],
        ["Risk", "Risk analysis", "A"],
        [None, "Risk monitoring", "R/A"],
    ]
    body = [
        ("Planning", "Refine requirements", ["A"]),
        ("Planning", "Create spec", ["A/R"]),
        ("Planning", "Sprint planning", ["R/C"]),
        ("Risk", "Risk analysis", ["A"]),
        ("Risk", "Risk monitoring", ["R/A"]),
    ]
    return write_xlsx(tmp / "group_column.xlsx", {"TPM": rows}), expected_from_rows(["Role"], body)


def repeated_header_blocks(tmp: Path) -> tuple[Path, Assignments]:
    """Blocks of the same header repeated down one sheet, each under its own title."""
    roles = ["PM", "Dev", "Ops"]
    rows = [
        ["Website"],
        ["Task", *roles],
        ["Design", "A", "R", None],
        ["Launch", "A", "C", "R"],
        [],
        ["Mobile app"],
        ["Task", *roles],
        ["Prototype", "A", "R", "I"],
        ["Store listing", "R/A", None, "C"],
    ]
    body = [
        ("Website", "Design", ["A", "R", ""]),
        ("Website", "Launch", ["A", "C", "R"]),
        ("Mobile app", "Prototype", ["A", "R", "I"]),
        ("Mobile app", "Store listing", ["R/A", "", "C"]),
    ]
    return write_xlsx(tmp / "blocks.xlsx", {"Plan": rows}), expected_from_rows(roles, body)


def continued_task(tmp: Path) -> tuple[Path, Assignments]:
    """A task whose text continues on the next row beside code cells merged over both rows."""
    roles = ["PM", "Dev"]
    rows = [
        ["Task", *roles],
        ["Write the migration plan", "A", "R"],
        ["for the legacy billing system", None, None],
        ["Review", "R", "C"],
    ]
    path = write_xlsx(tmp / "continued.xlsx", {"RACI": rows}, merges={"RACI": ["B2:B3", "C2:C3"]})
    body = [
        ("", "Write the migration plan for the legacy billing system", ["A", "R"]),
        ("", "Review", ["R", "C"]),
    ]
    return path, expected_from_rows(roles, body)


def attributes_and_side_table(tmp: Path) -> tuple[Path, list[str]]:
    """ID shown as 3.10, status and due date columns; a side table after a blank column."""
    rows = [
        ["ID", "Deliverable", "Status", "PM", "Dev", "QA", None, "Budget", "Total"],
        [3.1, "Spec", "Done", "A", "R", "C", None, "Spec", 10],
        [3.2, "Build", "Open", "A", "R", "I", None, "Build", 20],
        [3.3, "Verify", "Open", "I", "C", "A/R", None, "Sum", "=I2+I3"],
    ]
    path = write_xlsx(
        tmp / "attributes.xlsx",
        {"RACI": rows},
        number_formats={"RACI": {"A2": "0.00", "A3": "0.00", "A4": "0.00"}},
    )
    return path, ["PM", "Dev", "QA"]


def decoy_workbook(tmp: Path) -> tuple[Path, Assignments]:
    """A register, an x-mark matrix and a legend sheet around the one real RACI sheet."""
    register = [
        ["Stakeholder", "Interest", "Influence"],
        ["Board", "High", "High"],
        ["Staff", "Low", "Medium"],
    ]
    xmarks = [["Task", "Ann", "Bob", "Cem"], ["Intro", "x", None, "x"], ["Wrap-up", None, "x", "x"]]
    legend = [["Legend"], ["R: Responsible"], ["A: Accountable"], ["C: Consulted"], ["I: Informed"]]
    roles = ["Ann", "Bob", "Cem"]
    body = [
        ("", "Budget", ["A", "R", "C"]),
        ("", "Hiring", ["R", "A", "I"]),
        ("", "Launch", ["C", "I", "A/R"]),
    ]
    raci = [["Deliverable", *roles], *[[t, *c] for _g, t, c in body]]
    path = write_xlsx(
        tmp / "decoys.xlsx",
        {"Register": register, "Attendance": xmarks, "RACI": raci, "Legend": legend},
    )
    return path, expected_from_rows(roles, body)


def spellings(tmp: Path) -> tuple[Path, Assignments]:
    """Codes in every spelling seen in real files."""
    cells = [
        ("A/R", "AR"), ("R/A", "RA"), ("RA", "RA"), ("R, C", "RC"), ("R et A", "RA"),
        ("R (A) ", "RA"), ("(R)", "R"), (" c / i ", "CI"), ("a", "A"), ("N", ""), ("-", ""),
        ("С", "C"), ("Responsible", "R"), ("Informed", "I"), ("i", "I"), ("R+A", "RA"),
    ]  # fmt: skip
    rows = [["Task", "Role"]] + [[f"Task {i}", text] for i, (text, _l) in enumerate(cells)]
    expected = [
        ("", f"Task {i}", "Role", letter)
        for i, (_t, letters) in enumerate(cells)
        for letter in letters
    ]
    return write_xlsx(tmp / "spellings.xlsx", {"RACI": rows}), expected


def legend_beside_paris(tmp: Path) -> tuple[Path, Assignments]:
    """A PARIS matrix whose legend sits to the right in the same rows."""
    roles = ["Lead", "Reviewer", "Sponsor"]
    body = [
        ("", "Charter", ["P", "R", "A"]),
        ("", "Design", ["P", "I", "A/S"]),
        ("", "Rollout", ["A/P", "R", "S"]),
    ]
    rows = [["Work package", *roles, None, None, None]]
    legend = [
        ("P", "Participant"),
        ("A", "Accountable"),
        ("R", "Review required"),
        ("I", "Input required"),
        ("S", "Sign-off required"),
    ]
    for i in range(max(len(body), len(legend))):
        row: list[Cell] = [None] * 7
        if i < len(body):
            row[0], row[1:4] = body[i][1], body[i][2]
        if i < len(legend):
            row[5], row[6] = legend[i]
        rows.append(row)
    return write_xlsx(tmp / "paris.xlsx", {"RAM": rows}), expected_from_rows(roles, body)


def custom_legend(tmp: Path) -> tuple[Path, Assignments]:
    """Letters no built-in scheme uses, defined by a legend below the matrix."""
    roles = ["Alice", "Bob"]
    body = [("", "Plan", ["O", "W"]), ("", "Execute", ["W", "E"]), ("", "Report", ["E", "O"])]
    rows = [
        ["Activity", *roles],
        *[[t, *c] for _g, t, c in body],
        [],
        ["O = Owner of the outcome"],
        ["W = Works on it"],
        ["E = Expert consulted"],
    ]
    return write_xlsx(tmp / "custom.xlsx", {"Sheet": rows}), expected_from_rows(roles, body)


def csv_sections(
    tmp: Path, delimiter: str = ",", encoding: str = "utf-8"
) -> tuple[Path, Assignments]:
    """Section rows with empty role cells are groups; names with accents."""
    roles = ["Équipe DevOps", "Client Team (w365)"]
    rows = [
        ["Activity/Deliverable", *roles],
        ["Infrastructure", "", ""],
        ["Server installation", "R/A", "I"],
        ["Backups", "R/A", "C"],
        ["Code", "", ""],
        ["Code review", "I", "R/A"],
    ]
    suffix = ".tsv" if delimiter == "\t" else ".csv"
    path = write_csv(tmp / f"sections_{encoding}{suffix}", rows, delimiter, encoding)
    body = [
        ("Infrastructure", "Server installation", ["R/A", "I"]),
        ("Infrastructure", "Backups", ["R/A", "C"]),
        ("Code", "Code review", ["I", "R/A"]),
    ]
    return path, expected_from_rows(roles, body)


def timetable(tmp: Path) -> Path:
    """A file called "Matriz RACI" that is a timetable."""
    rows = [
        ["Horario", "Lunes", "Martes", "Miércoles", "Jueves", "Viernes"],
        ["08:00", "Matemáticas", "Historia", "Física", "Química", "Inglés"],
        ["09:00", "Lengua", "Arte", "Matemáticas", "Biología", "Música"],
        ["10:00", "Recreo", "Recreo", "Recreo", "Recreo", "Recreo"],
        ["11:00", "Física", "Matemáticas", "Lengua", "Historia", "Deporte"],
    ]
    return write_xlsx(tmp / "Matriz RACI.xlsx", {"Horario": rows})


def two_matrices(tmp: Path) -> Path:
    """Two different matrices on two sheets, both worth offering."""
    a = [["Task", "PM", "Dev"], ["Plan", "A", "R"], ["Build", "A", "R"], ["Ship", "R/A", "C"]]
    b = [["Decision", "CEO", "CFO"], ["Budget", "A", "R"], ["Hiring", "I", "A"]]
    return write_xlsx(tmp / "two.xlsx", {"Project": a, "Decisions": b})


def header_merged_over_two_rows(tmp: Path) -> tuple[Path, Assignments, dict[str, str]]:
    """Task and one role merged over both header rows; a band over the other roles' names."""
    rows = [
        ["Task", "Sponsor", "Delivery", None, "Notes"],
        [None, None, "Dev", "QA", None],
        ["Spec", "A", "R", "C", "draft"],
        ["Build", "I", "R/A", "C", None],
    ]
    path = write_xlsx(
        tmp / "merged_header.xlsx",
        {"RACI": rows},
        merges={"RACI": ["A1:A2", "B1:B2", "C1:D1", "E1:E2"]},
    )
    body = [("", "Spec", ["A", "R", "C"]), ("", "Build", ["I", "R/A", "C"])]
    return (
        path,
        expected_from_rows(["Sponsor", "Dev", "QA"], body),
        {"Dev": "Delivery", "QA": "Delivery"},
    )


def legend_on_another_sheet(tmp: Path) -> tuple[Path, Assignments]:
    """A DACI matrix whose legend is on its own sheet."""
    roles = ["Lead", "Director", "Team"]
    body = [("", "Pick vendor", ["D", "A", "C"]), ("", "Set budget", ["C", "A/D", "I"])]
    raci = [["Decision", *roles], *[[t, *c] for _g, t, c in body]]
    legend = [["Key"], ["D = Driver"], ["A = Approver"], ["C = Contributor"], ["I = Informed"]]
    path = write_xlsx(tmp / "daci.xlsx", {"Decisions": raci, "Key": legend})
    return path, expected_from_rows(roles, body)


def write_ods(path: Path, sheets: dict[str, Sequence[Sequence[Cell]]]) -> Path:
    """An OpenDocument spreadsheet, as LibreOffice saves one (text cells, floats as numbers)."""
    import pytest

    pytest.importorskip("odf", reason="odfpy writes the OpenDocument fixtures")
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                if value is None or value == "":
                    tr.addElement(TableCell())
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                    tr.addElement(cell)
                else:
                    cell = TableCell(valuetype="string")
                    for line in str(value).split("\n"):
                        cell.addElement(P(text=line))
                    tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def ods_with_decoy(tmp: Path) -> tuple[Path, Assignments]:
    """A LibreOffice file: the matrix, and a risk register on a second sheet."""
    roles = ["Chef de projet", "Parents", "Magasin d’outil"]
    body = [
        ("", "Enlever les meubles", ["A/R", "R", ""]),
        ("", "Emprunter des outils", ["I", "I", "A"]),
        ("", "Peindre les murs", ["A/R", "C/R", ""]),
    ]
    matrix = [["Tâches", *roles], *[[t, *c] for _g, t, c in body]]
    risks = [
        ["Description des risques", "Probabilité", "Action préventive"],
        ["Météo", 0.3, "Prévoir de l’eau"],
        ["Coût", 0.5, "Respecter le budget"],
    ]
    path = write_ods(tmp / "matrice.ods", {"Feuille1": matrix, "Feuille2": risks})
    return path, expected_from_rows(roles, body)


def phase_filled_down(tmp: Path) -> tuple[Path, Assignments]:
    """A phase column repeated on every row of its phase."""
    rows = [
        ["Phase", "Task", "Lead", "Team"],
        ["Initiate", "Charter", "A", "R"],
        ["Initiate", "Kick-off", "A/R", "I"],
        ["Execute", "Build", "A", "R"],
        ["Execute", "Test", "C", "A/R"],
        ["Close", "Handover", "A", "R"],
    ]
    body = [(r[0], r[1], r[2:]) for r in rows[1:]]
    return write_xlsx(tmp / "phases.xlsx", {"Plan": rows}), expected_from_rows(
        ["Lead", "Team"], body
    )


def names_under_code_columns(tmp: Path) -> tuple[Path, Assignments]:
    """One column per code, the names of people in the cells."""
    rows = [
        ["Project RACI"],
        [],
        ["Task", "Responsible", "Accountable", "Consulted", "Informed"],
        ["Draft the plan", "Ann, Bob", "Cem", "Dana", None],
        ["Approve budget", "Cem", "Cem", "Ann and Bob", "Everyone"],
        ["Hire", "Dana", "Cem", None, "Ann; Bob"],
    ]
    expected = [
        ("", "Draft the plan", "Ann", "R"), ("", "Draft the plan", "Bob", "R"),
        ("", "Draft the plan", "Cem", "A"), ("", "Draft the plan", "Dana", "C"),
        ("", "Approve budget", "Cem", "R"), ("", "Approve budget", "Cem", "A"),
        ("", "Approve budget", "Ann", "C"), ("", "Approve budget", "Bob", "C"),
        ("", "Approve budget", "Everyone", "I"),
        ("", "Hire", "Dana", "R"), ("", "Hire", "Cem", "A"),
        ("", "Hire", "Ann", "I"), ("", "Hire", "Bob", "I"),
    ]  # fmt: skip
    return write_xlsx(tmp / "names.xlsx", {"RACI": rows}), expected


def numbered_outline(tmp: Path) -> tuple[Path, Assignments]:
    """No styles at all: rows numbered "1" over "1.1", "1.2" are groups; a totals row and column."""
    rows = [
        ["WBS", "Task", "PM", "Dev", "QA", "Total"],
        ["1", "Initiation", None, None, None, None],
        ["1.1", "Charter", "A", "R", None, 2],
        ["1.2", "Stakeholders", "A", "C", "N", 2],
        ["2", "Execution", None, None, None, None],
        ["2.1", "Build", "A", "R", "C", 3],
        ["2.2", "Verify", "I", "C", "A/R", 3],
        [None, "Count of R", 0, 2, 1, None],
    ]
    body = [
        ("Initiation", "Charter", ["A", "R", ""]),
        ("Initiation", "Stakeholders", ["A", "C", ""]),
        ("Execution", "Build", ["A", "R", "C"]),
        ("Execution", "Verify", ["I", "C", "A/R"]),
    ]
    return write_xlsx(tmp / "outline.xlsx", {"WBS": rows}), expected_from_rows(
        ["PM", "Dev", "QA"], body
    )


def marked_codes(tmp: Path) -> tuple[Path, Assignments]:
    """Codes with footnote marks: kept as written on their cells (flagged), columns still roles."""
    rows = [["Task", "PM", "Dev"], ["Plan", "A*", "R"], ["Build", "R?", "A"], ["Test", "I", "A/R"]]
    expected = [
        ("", "Plan", "PM", "A*"), ("", "Plan", "Dev", "R"), ("", "Build", "PM", "R?"),
        ("", "Build", "Dev", "A"), ("", "Test", "PM", "I"), ("", "Test", "Dev", "A"),
        ("", "Test", "Dev", "R"),
    ]  # fmt: skip
    return write_xlsx(tmp / "marked.xlsx", {"RACI": rows}), expected


def dropdown_spelled_codes(tmp: Path) -> tuple[Path, Assignments]:
    """Codes picked from a dropdown list that spells out each meaning ("R - Responsible"), with
    that list on a "Lists" sheet: the cells are codes, the list a legend."""
    spelled = {"R": "R - Responsible", "A": "A - Accountable", "C": "C - Consulted"}
    spelled["I"] = "I - Informed"
    roles = ["Owner", "Approver", "Reviewer", "Stakeholder"]
    body = [
        ("", "Policy draft", ["R", "A", "C", "I"]),
        ("", "Policy review", ["C", "A", "R", "I"]),
        ("", "Publication", ["R", "A", "", "I"]),
    ]
    rows = [["Policy lifecycle RACI"], ["Activity", *roles]]
    rows += [[t, *(spelled.get(c) for c in codes)] for _g, t, codes in body]
    lists = [[v] for v in spelled.values()]
    path = write_xlsx(tmp / "dropdown.xlsx", {"RACI": rows, "Lists": lists})
    return path, expected_from_rows(roles, body)


def legend_pairs_under_ids(tmp: Path) -> tuple[Path, Assignments]:
    """A legend of letter | meaning pairs below the matrix, its letters in the ID column: the
    legend's letters do not make the ID column a role, nor cut the matrix short."""
    roles = ["Sponsor", "Lead", "Team"]
    body = [
        ("Initiation", "Charter", ["A", "R", "C"]),
        ("Initiation", "Plan", ["I", "A/R", "C"]),
        ("Execution", "Build", ["I", "A", "R"]),
        ("Execution", "Notes", ["", "", ""]),
        ("Execution", "Verify", ["C", "A", "R"]),
    ]
    rows: list[list[Cell]] = [["ID", "Deliverable", *roles], [None, "Initiation"]]
    rows += [[f"1.{i}", t, *c] for i, (_g, t, c) in enumerate(body[:2], start=1)]
    rows += [[None, "Execution"]]
    rows += [[f"2.{i}", t, *c] for i, (_g, t, c) in enumerate(body[2:], start=1)]
    rows += [[], ["R", "Responsible"], ["A", "Accountable"], ["C", "Consulted"], ["I", "Informed"]]
    path = write_xlsx(tmp / "pairs.xlsx", {"RACI": rows}, bold_rows={"RACI": [1, 2, 5]})
    return path, expected_from_rows(roles, body)


def rating_columns(tmp: Path) -> tuple[Path, Assignments]:
    """One-letter ratings beside the roles ("RAG" R/A/G, "Prio" H/M/L) are row attributes, while
    a role named like a rating ("Risk", a department) that holds RACI codes stays a role."""
    roles = ["PM", "Dev", "Risk", "Sponsor"]
    body = [
        ("", "Plan", ["A/R", "C", "C", "I"]),
        ("", "Build", ["A", "R", "C", ""]),
        ("", "Test", ["A", "C", "R", ""]),
        ("", "Launch", ["R", "C", "I", "A"]),
    ]
    rag = ["G", "A", "R", "G"]
    prio = ["H", "M", "H", "L"]
    rows: list[list[Cell]] = [["Task", "RAG", *roles, "Prio"]]
    rows += [[t, rag[i], *c, prio[i]] for i, (_g, t, c) in enumerate(body)]
    path = write_xlsx(tmp / "ratings.xlsx", {"RACI": rows})
    return path, expected_from_rows(roles, body)


def spacer_between_role_groups(tmp: Path) -> tuple[Path, Assignments, dict[str, str]]:
    """A wholly empty narrow column between two groups of roles, a band of group names above:
    one matrix, both groups of roles (the smaller is not dropped)."""
    internal, external = ["PM", "Dev", "QA"], ["Brand Manager", "Legal"]
    roles = internal + external
    body = [
        ("", "Brief", ["R", "C", "", "A", "I"]),
        ("", "Draft", ["R", "", "C", "A", "C"]),
        ("", "Approve", ["C", "", "", "A", "R"]),
        ("", "Publish", ["R", "I", "C", "A", "I"]),
    ]
    rows: list[list[Cell]] = [
        [None, "Internal", None, None, None, "Client", None],
        ["Task", *internal, None, *external],
    ]
    rows += [[t, *c[:3], None, *c[3:]] for _g, t, c in body]
    path = write_xlsx(
        tmp / "spacer.xlsx",
        {"RACI": rows},
        merges={"RACI": ["B1:D1", "F1:G1"]},
        bold_rows={"RACI": [1, 2]},
    )
    groups = {r: "Internal" for r in internal} | {r: "Client" for r in external}
    return path, expected_from_rows(roles, body), groups


def _x_rows() -> tuple[list[str], list[tuple[str, str, list[str]]]]:
    roles = ["Site Manager", "Foreman", "Safety Officer", "Subcontractor"]
    body = [
        ("", "Daily inspection", ["A", "X", "X", ""]),
        ("", "Toolbox talks", ["A", "X", "", ""]),
        ("", "Permit to work", ["A", "", "X", "X"]),
        ("", "Incident reporting", ["A", "X", "X", "X"]),
    ]
    return roles, body


def x_defined_by_a_legend_below(tmp: Path) -> tuple[Path, Assignments]:
    """ "X" with a meaning the legend gives it ("X = Responsible"): a code of the file's own, not
    the tick of an "x" matrix (which would be refused)."""
    roles, body = _x_rows()
    rows: list[list[Cell]] = [["Activity", *roles]] + [[t, *c] for _g, t, c in body]
    rows += [[], ["X = Responsible (does the work)"], ["A = Approves"]]
    return write_xlsx(tmp / "x_below.xlsx", {"RACI": rows}), expected_from_rows(roles, body)


def x_defined_by_a_key_beside(tmp: Path) -> tuple[Path, Assignments]:
    """A "Key" table beside the matrix: "X | Responsible", "A | Accountable"."""
    roles, body = _x_rows()
    rows: list[list[Cell]] = [["Activity", *roles, None, "Key", None]]
    key = [("X", "Responsible"), ("A", "Accountable")]
    for i, (_g, t, c) in enumerate(body):
        rows.append([t, *c, None, *(key[i] if i < len(key) else (None, None))])
    return write_xlsx(tmp / "x_key.xlsx", {"RACI": rows}), expected_from_rows(roles, body)


def x_defined_in_a_title_line(tmp: Path) -> tuple[Path, Assignments]:
    """The legend in one cell above the matrix, after a title word: "Legend: X = Responsible, …"."""
    roles, body = _x_rows()
    rows: list[list[Cell]] = [["Legend: X = Responsible, A = Accountable, C = Consulted"], []]
    rows += [["Activity", *roles]] + [[t, *c] for _g, t, c in body]
    return write_xlsx(tmp / "x_title.xlsx", {"RACI": rows}), expected_from_rows(roles, body)


def documents_column(tmp: Path) -> tuple[Path, Assignments]:
    """Task | Description | Deliverable (file names) | roles: the documents are an attribute,
    the short names of the Task column are the deliverables."""
    roles = ["Owner", "Contributor", "Approver"]
    raw = [
        ("Kickoff", "Hold the kickoff meeting and agree goals", "kickoff.pptx", ["R", "C", "A"]),
        ("Charter", "Write and circulate the charter", "charter.docx", ["R", "C", "A"]),
        ("Risk log", "Create the risk register, review weekly", "risks.xlsx", ["A/R", "C", "I"]),
        ("Closeout", "Archive documents, release the team", "closeout.docx", ["R", "I", "A"]),
    ]
    rows: list[list[Cell]] = [["Task", "Description", "Deliverable", *roles]]
    rows += [[t, d, f, *c] for t, d, f, c in raw]
    body = [("", t, c) for t, _d, _f, c in raw]
    return write_xlsx(tmp / "documents.xlsx", {"RACI": rows}), expected_from_rows(roles, body)


def timeline_beside(tmp: Path) -> tuple[Path, Assignments]:
    """A plan's schedule next to the roles (Q1..Q4 and dates marked "X"): not roles, and the
    file is not taken for an x-matrix (it was refused)."""
    roles = ["Sponsor", "PM", "Lead", "Team"]
    body = [
        ("", "Charter", ["A", "R", "C", ""]),
        ("", "Design", ["I", "A", "R", "C"]),
        ("", "Build", ["", "A", "C", "R"]),
        ("", "Rollout", ["I", "A", "R", "C"]),
    ]
    periods = ["Q1", "Q2", "Q3", "Q4", "2026-01-05", "2026-01-12"]
    marks = [
        ["X", "", "", "", "X", ""],
        ["X", "X", "", "", "X", "X"],
        ["", "X", "X", "", "", "X"],
        ["", "", "X", "X", "", ""],
    ]
    rows: list[list[Cell]] = [["Task", *roles, "Owner", *periods]]
    rows += [[t, *c, "Ann", *m] for (_g, t, c), m in zip(body, marks, strict=True)]
    return write_xlsx(tmp / "timeline.xlsx", {"Plan": rows}), expected_from_rows(roles, body)


def punctuated_codes(tmp: Path) -> tuple[Path, Assignments]:
    """Codes typed with a full stop or a colon ("R.", "A:"), as hand-typed files have them."""
    roles = ["PM", "Dev", "QA"]
    body = [
        ("", "Plan", ["A.", "R.", "C:"]),
        ("", "Build", ["A:", "R.", "I."]),
        ("", "Test", ["A.", "C.", "R:"]),
    ]
    rows: list[list[Cell]] = [["Task", *roles]] + [[t, *c] for _g, t, c in body]
    clean = [(g, t, [c.rstrip(".:") for c in codes]) for g, t, codes in body]
    return write_xlsx(tmp / "punctuated.xlsx", {"RACI": rows}), expected_from_rows(roles, clean)


def subtotals_between(tmp: Path) -> tuple[Path, Assignments]:
    """A count per role after each phase ("Subtotal Planning": 2, 1, 0): not a deliverable."""
    roles = ["PM", "Dev", "QA"]
    body = [
        ("Planning", "Scope", ["A", "R", "C"]),
        ("Planning", "Schedule", ["A", "C", ""]),
        ("Delivery", "Build", ["A", "R", "C"]),
        ("Delivery", "Test", ["I", "C", "A/R"]),
    ]
    rows: list[list[Cell]] = [["Task", *roles], ["Planning"]]
    rows += [[t, *c] for _g, t, c in body[:2]] + [["Subtotal Planning", 2, 2, 0], ["Delivery"]]
    rows += [[t, *c] for _g, t, c in body[2:]] + [["Subtotal Delivery", 2, 2, 1]]
    path = write_xlsx(tmp / "subtotals.xlsx", {"RACI": rows}, bold_rows={"RACI": [2, 6]})
    return path, expected_from_rows(roles, body)


def codes_merged_down(tmp: Path) -> tuple[Path, Assignments]:
    """A code merged down over a phase's tasks ("A" for the whole phase, one cell): each task
    that has codes of its own gets it too."""
    roles = ["Sponsor", "PM", "Dev"]
    body = [
        ("", "Plan", ["A", "R", "C"]),
        ("", "Budget", ["A", "R", ""]),
        ("", "Hire", ["A", "C", "R"]),
        ("", "Build", ["I", "A", "R"]),
    ]
    rows: list[list[Cell]] = [["Task", *roles]]
    rows += [[t, c[0] if i in (0, 3) else None, *c[1:]] for i, (_g, t, c) in enumerate(body)]
    path = write_xlsx(tmp / "merged_down.xlsx", {"RACI": rows}, merges={"RACI": ["B2:B4"]})
    return path, expected_from_rows(roles, body)


def pages_under_one_title(tmp: Path) -> tuple[Path, Assignments]:
    """A long matrix laid out for printing: the same title ("… (page 2)") and header over each
    page. One matrix with no groups, not a group per page."""
    roles = ["PM", "Owner", "Lead"]
    letters = ["A", "R", "C", "I"]
    rows: list[list[Cell]] = []
    body: list[tuple[str, str, list[str]]] = []
    for page in range(3):
        rows += [[f"ACME programme – RACI (page {page + 1})"], ["Control", *roles]]
        for k in range(4):
            n = page * 4 + k
            codes = [letters[(n + j) % 4] for j in range(3)]
            rows.append([f"Control {n + 1:03d}", *codes])
            body.append(("", f"Control {n + 1:03d}", codes))
        rows.append([])
    return write_xlsx(tmp / "pages.xlsx", {"RACI": rows}), expected_from_rows(roles, body)


def hidden_old_copy(tmp: Path) -> tuple[Path, Assignments]:
    """A bigger old version of the matrix on a hidden sheet before the one on show: the one on
    show is the matrix (a hidden sheet's is read only when no sheet on show holds one)."""
    roles = ["PM", "Dev", "QA"]
    body = [("", "Plan", ["A", "R", "C"]), ("", "Build", ["A", "R", "I"])]
    old = [["Task", *roles]] + [[f"Old task {i}", "A", "R", "C"] for i in range(12)]
    rows: list[list[Cell]] = [["Task", *roles]] + [[t, *c] for _g, t, c in body]
    path = write_xlsx(tmp / "hidden_old.xlsx", {"RACI v1 (old)": old, "RACI": rows})
    wb = openpyxl.load_workbook(path)
    wb["RACI v1 (old)"].sheet_state = "hidden"
    wb.save(path)
    return path, expected_from_rows(roles, body)


def invisible_and_wide_characters(tmp: Path) -> tuple[Path, Assignments]:
    """Codes and names pasted from web pages with zero-width spaces and byte-order marks, and
    codes in full-width letters (East Asian keyboards): read as the letters they show."""
    roles = ["PM", "Tech Lead", "QA"]
    body = [
        ("", "Plan", ["A", "R", "C"]),
        ("", "Build", ["A", "R", "I"]),
        ("", "Test", ["A", "C", "R"]),
    ]
    written = [
        ["A\u200b", "\ufeffR", "C\u2060"],
        ["Ａ", "Ｒ", "Ｉ"],
        ["Ａ", "Ｃ\u200b", "R"],
    ]
    header: list[Cell] = ["Task", "PM", "Tech Lead\u200b", "QA"]
    rows: list[list[Cell]] = [header]
    rows += [[t + "\u200b", *w] for (_g, t, _c), w in zip(body, written, strict=True)]
    path = write_xlsx(tmp / "invisible.xlsx", {"RACI": rows})
    return path, expected_from_rows(roles, body)


def blank_template(tmp: Path) -> Path:
    """A RACI template not yet filled in: role names ("QA Lead", "PR Support") over tasks and no
    code anywhere. Not a matrix to open (the names are not codes)."""
    rows = [["Task", "Project Manager", "QA Lead", "PR Support", "Sponsor"]]
    rows += [[f"Task {i}", None, None, None, None] for i in range(1, 6)]
    return write_xlsx(tmp / "template.xlsx", {"RACI": rows})
