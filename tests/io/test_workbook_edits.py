"""A colleague edits ramdesk's workbook in a spreadsheet; ramdesk reads their changes."""

from __future__ import annotations

from copy import copy
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font

import ramdesk
from ramdesk.io.workbook_read import align
from ramdesk.model import Deliverable, Group, Matrix, Person, Role, RoleGroup, builtin_scheme


def sample() -> Matrix:
    m = Matrix("Office move", builtin_scheme("raci"))
    band = RoleGroup("Management", "Those who decide")
    pm, lead, dev = Role("PM", "Runs the project", band), Role("Lead", "", band), Role("Dev")
    for role in (pm, lead, dev):
        m.load_role(role)
    phase1, phase2, build = Group("Phase 1"), Group("Phase 2"), Group("Build")
    charter, plan, code = Deliverable("Charter"), Deliverable("Plan"), Deliverable("Code")
    m.load_row(phase1)
    m.load_row(charter, phase1)
    m.load_row(plan, phase1)
    m.load_row(phase2)
    m.load_row(build, phase2)
    m.load_row(code, build)
    m.load_cells(
        [
            (charter, pm, "A"),
            (charter, lead, "C"),
            (plan, pm, "A/R"),
            (plan, dev, "I"),
            (code, lead, "A"),
            (code, dev, "R"),
        ]
    )
    m.load_note(plan, dev, "Only the summary")
    m.load_person(Person("Ann", email="ann@example.org"), [pm, lead])
    m.load_person(Person("Bob"), [dev])
    return m


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "move.xlsx"
    ramdesk.save(sample(), path)
    return path


def header_row(ws) -> int:
    for row in range(1, 30):
        if ws.cell(row, 1).value == "Deliverable":
            return row
    raise AssertionError("no header")


def row_of(ws, name: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == name:
            return row
    raise AssertionError(name)


def col_of(ws, name: str) -> int:
    head = header_row(ws)
    for col in range(1, ws.max_column + 1):
        if ws.cell(head, col).value == name:
            return col
    raise AssertionError(name)


def edit(path: Path, change) -> Matrix:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    return ramdesk.load(path)


def cell(m: Matrix, deliverable: str, role: str) -> str:
    d = next(d for d in m.deliverables if d.name == deliverable)
    r = next(r for r in m.roles if r.name == role)
    return m.code(d, r)


def outline(m: Matrix) -> list[tuple[int, str, str]]:
    return [(m.depth(r), r.kind, r.name) for r in m.rows]


def test_unchanged_after_a_spreadsheet_saves_it(saved: Path) -> None:
    loaded = edit(saved, lambda book: None)
    assert loaded.snapshot() == sample().snapshot()


def test_changed_code_and_lowercase_typing(saved: Path) -> None:
    def change(book):
        ws = book["Matrix"]
        ws.cell(row_of(ws, "Charter"), col_of(ws, "Lead")).value = "r"
        ws.cell(row_of(ws, "Code"), col_of(ws, "Dev")).value = " a / r "
        ws.cell(row_of(ws, "Plan"), col_of(ws, "PM")).value = None

    m = edit(saved, change)
    assert cell(m, "Charter", "Lead") == "R"
    assert cell(m, "Code", "Dev") == "A/R"
    assert cell(m, "Plan", "PM") == ""
    assert cell(m, "Charter", "PM") == "A"


def test_row_typed_below_the_matrix(saved: Path) -> None:
    def change(book):
        ws = book["Matrix"]
        below = row_of(ws, "Code") + 1
        ws.cell(below, 1).value = "Go-live"
        ws.cell(below, col_of(ws, "PM")).value = "A"

    m = edit(saved, change)
    assert outline(m)[-1] == (0, "deliverable", "Go-live")
    assert cell(m, "Go-live", "PM") == "A"


def test_row_inserted_inside_a_group_keeps_the_group(saved: Path) -> None:
    def change(book):
        ws = book["Matrix"]
        at = row_of(ws, "Plan") + 1
        ws.insert_rows(at)
        ws.cell(at, 1).value = "Risk log"
        ws.cell(at, 1)._style = copy(ws.cell(at - 1, 1)._style)  # as Excel copies the row above
        ws.cell(at, col_of(ws, "Lead")).value = "R"

    m = edit(saved, change)
    assert outline(m) == [
        (0, "group", "Phase 1"),
        (1, "deliverable", "Charter"),
        (1, "deliverable", "Plan"),
        (1, "deliverable", "Risk log"),
        (0, "group", "Phase 2"),
        (1, "group", "Build"),
        (2, "deliverable", "Code"),
    ]
    assert cell(m, "Risk log", "Lead") == "R"
    assert cell(m, "Code", "Dev") == "R"  # rows below moved down and kept their codes
    assert m.note(m.deliverables[1], m.roles[2]) == "Only the summary"


def test_bold_row_becomes_a_group_and_indent_nests(saved: Path) -> None:
    def change(book):
        ws = book["Matrix"]
        below = row_of(ws, "Code") + 1
        ws.cell(below, 1).value = "Phase 3"
        ws.cell(below, 1).font = Font(bold=True)
        ws.cell(below + 1, 1).value = "Handover"
        ws.cell(below + 1, 1).alignment = Alignment(indent=1)
        ws.cell(below + 1, col_of(ws, "PM")).value = "A"

    m = edit(saved, change)
    assert outline(m)[-2:] == [(0, "group", "Phase 3"), (1, "deliverable", "Handover")]


def test_renamed_and_deleted_rows(saved: Path) -> None:
    def change(book):
        ws = book["Matrix"]
        ws.cell(row_of(ws, "Charter"), 1).value = "Project charter"
        ws.delete_rows(row_of(ws, "Plan"))

    m = edit(saved, change)
    assert outline(m) == [
        (0, "group", "Phase 1"),
        (1, "deliverable", "Project charter"),
        (0, "group", "Phase 2"),
        (1, "group", "Build"),
        (2, "deliverable", "Code"),
    ]
    assert cell(m, "Project charter", "PM") == "A"


def test_role_column_added_at_the_end_and_in_the_middle(saved: Path) -> None:
    def change(book):
        ws = book["Matrix"]
        head = header_row(ws)
        end = col_of(ws, "Dev") + 1
        ws.cell(head, end).value = "QA"
        ws.cell(row_of(ws, "Code"), end).value = "C"
        middle = col_of(ws, "Dev")
        ws.insert_cols(middle)
        ws.cell(head, middle).value = "Architect"
        ws.cell(row_of(ws, "Code"), middle).value = "c"

    m = edit(saved, change)
    assert [r.name for r in m.roles] == ["PM", "Lead", "Architect", "Dev", "QA"]
    assert cell(m, "Code", "QA") == "C"
    assert cell(m, "Code", "Architect") == "C"
    assert cell(m, "Code", "Dev") == "R"
    ann = m.people[0]
    assert [r.name for r in m.roles_of(ann)] == ["PM", "Lead"]
    assert m.roles[0].group is m.roles[1].group is not None
    assert m.roles[0].description == "Runs the project"


def test_person_added_and_roles_changed_on_the_people_sheet(saved: Path) -> None:
    def change(book):
        ws = book["People"]
        ws.append(["Cy", "cy@example.org", "dev; Tester", "Joins in May"])
        ws.cell(3, 3).value = "PM"  # Bob now holds PM instead of Dev

    m = edit(saved, change)
    names = [p.name for p in m.people]
    assert names == ["Ann", "Bob", "Cy"]
    cy = m.people[2]
    assert cy.email == "cy@example.org"
    assert cy.description == "Joins in May"
    assert [r.name for r in m.roles_of(cy)] == ["Dev", "Tester"]  # a new role for "Tester"
    assert [r.name for r in m.roles_of(m.people[1])] == ["PM"]


def test_note_added_and_description_changed(saved: Path) -> None:
    def change(book):
        ws = book["Matrix"]
        ws.cell(row_of(ws, "Charter"), col_of(ws, "Dev")).comment = Comment("Ask IT", "Ann")
        book["Roles"].cell(4, 2).value = "Writes the code"

    m = edit(saved, change)
    charter = m.deliverables[0]
    assert m.note(charter, m.roles[2]) == "Ask IT"
    assert m.roles[2].description == "Writes the code"


def test_deleted_people_and_roles_sheets_lose_nothing(saved: Path) -> None:
    def change(book):
        del book["People"]
        del book["Roles"]

    m = edit(saved, change)
    assert m.snapshot() == sample().snapshot()
    assert m.role_groups[0].description == "Those who decide"


@given(
    st.lists(st.sampled_from("abcd"), max_size=12), st.lists(st.sampled_from("abcde"), max_size=12)
)
def test_align_pairs_old_and_new_rows_in_order(old: list[str], new: list[str]) -> None:
    match = align(old, new)
    assert len(match) == len(new)
    used = [i for i in match if i is not None]
    assert used == sorted(set(used))  # in order, each old row continued at most once
    assert all(0 <= i < len(old) for i in used)
    if old == new:
        assert match == list(range(len(new)))
    if len(old) == len(new):  # renames in place keep every row
        assert sum(i is None for i in match) <= sum(a != b for a, b in zip(old, new, strict=True))


def test_align_is_quick_with_thousands_of_identical_names() -> None:
    old = ["TBD"] * 20000
    new = old[:7000] + ["New"] + old[7000:]
    match = align(old, new)
    assert match[7000] is None and match[7001] == 7000


def test_title_and_properties_edited(saved: Path) -> None:
    def change(book):
        book["Matrix"]["A1"] = "Office move 2027"
        about = book["About"]
        for row in about.iter_rows():
            if row[0].value == "Property":
                about.cell(row[0].row + 1, 1).value = "Sponsor"
                about.cell(row[0].row + 1, 2).value = "Finance"

    m = edit(saved, change)
    assert m.name == "Office move 2027"
    assert m.properties == {"Sponsor": "Finance"}


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    edits=st.lists(
        st.tuples(
            st.integers(0, 10_000),
            st.integers(0, 10_000),
            st.sampled_from(["", "r", "A", " c ", "a/r", "R, A", "i", "X"]),
        ),
        max_size=12,
    ),
)
def test_random_code_edits_are_all_picked_up(tmp_path_factory, seed: int, edits) -> None:
    from ramdesk.io.workbook_write import attribute_keys
    from tests.benchmarks.generate import generate

    matrix = generate(12, 5, seed=seed)
    path = tmp_path_factory.mktemp("edits") / "m.xlsx"
    ramdesk.save(matrix, path)
    book = openpyxl.load_workbook(path)
    ws = book["Matrix"]
    first = header_row(ws) + 1
    role_col = 2 + any(r.description for r in matrix.rows) + len(attribute_keys(matrix))
    expected = {}
    for row_pick, role_pick, text in edits:
        d = matrix.deliverables[row_pick % len(matrix.deliverables)]
        j = role_pick % len(matrix.roles)
        ws.cell(first + matrix.row_index(d), role_col + j).value = text or None
        expected[(matrix.index(d), j)] = matrix.canonical(text)
    book.save(path)
    loaded = ramdesk.load(path)
    for i, d in enumerate(matrix.deliverables):
        for j, role in enumerate(matrix.roles):
            want = expected.get((i, j), matrix.code(d, role))
            assert loaded.code(loaded.deliverables[i], loaded.roles[j]) == want
    assert [r.name for r in loaded.rows] == [r.name for r in matrix.rows]


def test_role_column_inserted_inside_a_band_joins_the_band(saved: Path) -> None:
    def change(book):
        ws = book["Matrix"]
        head = header_row(ws)
        lead = col_of(ws, "Lead")
        band = next(r for r in ws.merged_cells.ranges if r.min_row == head - 1)
        ws.unmerge_cells(str(band))
        ws.insert_cols(lead)
        ws.merge_cells(start_row=head - 1, start_column=2, end_row=head - 1, end_column=4)
        ws.cell(head, lead).value = "Deputy PM"

    m = edit(saved, change)
    assert [r.name for r in m.roles] == ["PM", "Deputy PM", "Lead", "Dev"]
    band = m.roles[0].group
    assert band is not None and band.name == "Management"
    assert m.roles[1].group is band and m.roles[2].group is band and m.roles[3].group is None
    assert m.role_groups == (band,)


def test_comments_on_names_and_headers_are_kept_as_descriptions(saved: Path) -> None:
    def change(book):
        ws = book["Matrix"]
        ws.cell(row_of(ws, "Code"), 1).comment = Comment("Includes the unit tests", "Bob")
        ws.cell(header_row(ws), col_of(ws, "Dev")).comment = Comment("Any developer", "Bob")

    m = edit(saved, change)
    assert m.deliverables[2].description == "Includes the unit tests"
    assert m.roles[2].description == "Any developer"
    assert m.roles[0].description == "Runs the project"


def test_deleted_description_column_leaves_the_other_columns_in_place(tmp_path: Path) -> None:
    m = sample()
    m.deliverables[0].description = "Signed by the board"
    m.deliverables[1].attributes = {"ID": "P-2"}
    path = tmp_path / "cols.xlsx"
    ramdesk.save(m, path)

    def change(book):
        book["Matrix"].delete_cols(col_of(book["Matrix"], "Description"))

    loaded = edit(path, change)
    assert [r.name for r in loaded.roles] == ["PM", "Lead", "Dev"]
    assert loaded.deliverables[1].attributes == {"ID": "P-2"}
    assert loaded.deliverables[0].description == ""
    assert cell(loaded, "Plan", "PM") == "A/R"
