"""Each layout pattern real RACI files show, on generated spreadsheets (no samples needed)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from ramdesk.io.errors import NotAMatrix, ReadError
from ramdesk.io.importer import ImportSource, Overrides, detect, read_matrix
from ramdesk.model import Matrix, builtin_scheme

from . import fixtures_import as fx


def assignments(matrix: Matrix) -> Counter:
    out: Counter = Counter()
    for d in matrix.deliverables:
        path = matrix.path(d)
        group = path[-1].name if path else ""
        for role, _text in matrix.row_cells(d):
            for code in matrix.codes(d, role):
                out[(group, d.name, role.name, code)] += 1
    return out


@pytest.mark.parametrize(
    "make",
    [
        fx.clean_baseline,
        fx.band_below_and_legend_above,
        fx.styled_groups,
        fx.merged_band_groups,
        fx.group_column,
        fx.repeated_header_blocks,
        fx.continued_task,
        fx.decoy_workbook,
        fx.spellings,
        fx.legend_beside_paris,
        fx.custom_legend,
        fx.csv_sections,
        fx.legend_on_another_sheet,
        fx.ods_with_decoy,
        fx.phase_filled_down,
        fx.names_under_code_columns,
        fx.numbered_outline,
        fx.marked_codes,
        fx.dropdown_spelled_codes,
        fx.legend_pairs_under_ids,
        fx.rating_columns,
        fx.x_defined_by_a_legend_below,
        fx.x_defined_by_a_key_beside,
        fx.x_defined_in_a_title_line,
        fx.documents_column,
        fx.timeline_beside,
        fx.punctuated_codes,
        fx.subtotals_between,
        fx.codes_merged_down,
        fx.pages_under_one_title,
        fx.hidden_old_copy,
        fx.invisible_and_wide_characters,
    ],
    ids=lambda f: f.__name__,
)
def test_pattern_imports_to_exactly_its_assignments(tmp_path: Path, make) -> None:
    path, expected = make(tmp_path)[:2]
    assert assignments(read_matrix(path)) == Counter(expected)


def test_banner_and_band_above_make_role_groups(tmp_path: Path) -> None:
    path, expected, groups = fx.banner_and_band_above(tmp_path)
    matrix = read_matrix(path)
    assert assignments(matrix) == Counter(expected)
    # The newline inside "Dev\nLead" is one space; the band names the role groups.
    assert [r.name for r in matrix.roles] == ["Sponsor", "Steering", "PM", "Dev Lead", "Tester"]
    for role in matrix.roles:
        if role.name in groups:
            assert role.group is not None and role.group.name == groups[role.name]
    assert [g.name for g in matrix.role_groups] == ["Governance", "Delivery"]
    assert matrix.source.name_row == 4 and 3 in matrix.source.band_rows
    # The band was read as role groups: it is not also listed among what was left out.
    left_out = {s.text for s in detect(path).best.skipped}
    assert not left_out & {"Governance", "Delivery"}


def test_band_below_the_names_is_role_groups_and_legend_above_is_skipped(tmp_path: Path) -> None:
    path, _expected = fx.band_below_and_legend_above(tmp_path)
    detection = detect(path)
    matrix = detection.build()
    src = matrix.source
    assert src.name_row == 8 and src.band_rows == (9,)
    assert {r.name: r.group.name for r in matrix.roles if r.group} == {
        "Project Manager": "Steering Group",
        "Sponsor": "Steering Group",
        "Analyst": "Design Group",
        "Designer": "Design Group",
    }
    assert (2, 1) in src.legend_cells
    # WBS numbers stay in the names; they are not groups.
    assert not matrix.groups and matrix.deliverables[0].name == "1.1 Planning"


def test_styled_group_rows_spacers_and_notes(tmp_path: Path) -> None:
    path, _expected = fx.styled_groups(tmp_path)
    detection = detect(path)
    matrix = detection.build()
    assert [g.name for g in matrix.groups] == ["Phase 1: Start", "Phase 2: Build"]
    # A plain row with no codes between coded rows is a task nobody is assigned to yet.
    names = [d.name for d in matrix.deliverables]
    assert "Backlog grooming" in names and "Updated weekly by the PMO" not in names
    skipped = {s.ref: s for s in detection.best.skipped}
    assert "A11" in skipped and "below" in skipped["A11"].reason


def test_ids_keep_their_shown_digits_and_side_tables_are_ignored(tmp_path: Path) -> None:
    path, roles = fx.attributes_and_side_table(tmp_path)
    matrix = read_matrix(path)
    assert [r.name for r in matrix.roles] == roles
    assert [d.attributes.get("ID") for d in matrix.deliverables] == ["3.10", "3.20", "3.30"]
    assert [d.attributes.get("Status") for d in matrix.deliverables] == ["Done", "Open", "Open"]
    assert all("Budget" not in d.attributes for d in matrix.deliverables)
    assert matrix.source.attribute_columns == {"ID": 0, "Status": 2}


def test_decoys_lose_to_the_real_matrix_and_the_legend_sheet_is_used(tmp_path: Path) -> None:
    path, _expected = fx.decoy_workbook(tmp_path)
    detection = detect(path)
    assert detection.best.sheet == "RACI"
    # The x-mark matrix may be offered, never first; the legend is never a matrix.
    assert all(c.sheet != "Legend" for c in detection.candidates)
    assert detection.build().scheme.key == "raci"


def test_several_matrices_are_offered_and_one_is_chosen_by_sheet(tmp_path: Path) -> None:
    path = fx.two_matrices(tmp_path)
    detection = detect(path)
    assert [c.sheet for c in detection.candidates] == ["Project", "Decisions"]
    matrix = read_matrix(path, sheet="Decisions")
    assert [d.name for d in matrix.deliverables] == ["Budget", "Hiring"]
    assert matrix.source.sheet == "Decisions"
    assert matrix.source.other_matrices == ("Project",)  # said, so none is missed unknowingly
    assert read_matrix(path).source.other_matrices == ("Decisions",)
    with pytest.raises(ReadError, match="no sheet"):
        read_matrix(path, sheet="Nope")


def test_legend_chooses_the_scheme(tmp_path: Path) -> None:
    paris = read_matrix(fx.legend_beside_paris(tmp_path)[0])
    assert paris.scheme.key == "paris"
    custom = read_matrix(fx.custom_legend(tmp_path)[0])
    assert custom.scheme.key == "custom"
    assert {c.letter: c.name for c in custom.scheme.codes} == {
        "O": "Owner of the outcome",
        "W": "Works on it",
        "E": "Expert consulted",
    }
    assert custom.scheme.code("O").kind == "approve"
    # Every code of the file is known to the scheme: no "unknown code" problems.
    assert not [p for p in custom.problems() if p.rule == "cell.unknown"]


def test_unknown_tokens_are_kept_and_flagged(tmp_path: Path) -> None:
    rows = [["Task", "PM", "Dev"], ["Plan", "A", "R"], ["Build", "A", "Z?"], ["Ship", "A", "R"]]
    matrix = read_matrix(fx.write_xlsx(tmp_path / "odd.xlsx", {"RACI": rows}))
    build = matrix.deliverables[1]
    dev = matrix.roles[1]
    assert matrix.code(build, dev) == "Z?"
    assert any(p.rule == "cell.unknown" for p in matrix.problems(deliverable=build))


def test_rule_violations_open_and_show_as_problems(tmp_path: Path) -> None:
    rows = [["Task", "PM", "Dev", "QA"], ["Plan", "A", "A", "R"], ["Build", "R", "C", "I"]]
    matrix = read_matrix(fx.write_xlsx(tmp_path / "bad.xlsx", {"RACI": rows}))
    rules = {p.rule for p in matrix.problems()}
    assert len(matrix.deliverables) == 2 and rules  # opened, with problems to show


def test_duplicate_role_names_stay_two_roles(tmp_path: Path) -> None:
    rows = [["Task", "Engineer", "Engineer"], ["Plan", "A", "R"], ["Build", "R", "A"]]
    matrix = read_matrix(fx.write_xlsx(tmp_path / "dup.xlsx", {"RACI": rows}))
    assert [r.name for r in matrix.roles] == ["Engineer", "Engineer"]
    assert matrix.code(matrix.deliverables[0], matrix.roles[1]) == "R"


def test_a_timetable_is_refused_politely(tmp_path: Path) -> None:
    with pytest.raises(NotAMatrix) as info:
        read_matrix(fx.timetable(tmp_path))
    message = str(info.value)
    assert message.startswith("Matriz RACI.xlsx:") and "No responsibility matrix" in message


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-8"), (";", "cp1252"), (",", "utf-16")],
)
def test_csv_delimiters_and_encodings(tmp_path: Path, delimiter: str, encoding: str) -> None:
    path, expected = fx.csv_sections(tmp_path, delimiter, encoding)
    matrix = read_matrix(path)
    assert assignments(matrix) == Counter(expected)
    assert matrix.source.format == "csv"


def test_macros_are_reported_never_run(tmp_path: Path) -> None:
    path, _expected = fx.clean_baseline(tmp_path)
    macro = tmp_path / "with_macros.xlsm"
    import zipfile

    with zipfile.ZipFile(path) as src, zipfile.ZipFile(macro, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 64)
    detection = detect(macro)
    assert detection.workbook.macros
    assert any("macros" in note for note in detection.notes)
    assert detection.build().source.macros


def test_source_records_every_place(tmp_path: Path) -> None:
    path, _expected = fx.group_column(tmp_path)
    matrix = read_matrix(path)
    src = matrix.source
    assert isinstance(src, ImportSource)
    assert (src.format, src.sheet, src.task_column, src.group_column) == ("xlsx", "TPM", 1, 0)
    assert [src.column_of(r) for r in matrix.roles] == [2]
    assert [src.row_of(d) for d in matrix.deliverables] == [1, 2, 3, 4, 5]
    assert [src.row_of(g) for g in matrix.groups] == [1, 4]
    assert set(matrix.groups) == src.column_groups


def test_continued_rows_are_recorded(tmp_path: Path) -> None:
    path, _expected = fx.continued_task(tmp_path)
    matrix = read_matrix(path)
    first = matrix.deliverables[0]
    assert matrix.source.continued_rows == {first: (2,)}


def test_overrides_change_header_task_roles_and_scheme(tmp_path: Path) -> None:
    path, _expected = fx.clean_baseline(tmp_path)
    detection = detect(path)
    best = detection.best
    assert best.task_column == 1 and best.role_columns == [2, 3, 4, 5, 6, 7]
    fewer = detection.build(best, Overrides(role_columns=[2, 3]))
    assert [r.name for r in fewer.roles] == ["TPM", "SDM"]
    rasci = detection.build(best, Overrides(scheme=builtin_scheme("rasci")))
    assert rasci.scheme.key == "rasci"
    by_id = detection.build(best, Overrides(task_column=0))
    assert [d.name for d in by_id.deliverables] == ["1", "2", "3"]
    # The header moved down one row: the first task becomes the names.
    lower = detection.build(best, Overrides(header_row=1))
    assert [r.name for r in lower.roles][:2] == ["A", "C"]
    assert [d.name for d in lower.deliverables] == ["Planning", "Design"]


def test_overrides_can_pick_another_sheet(tmp_path: Path) -> None:
    path = fx.two_matrices(tmp_path)
    detection = detect(path)
    matrix = detection.build(overrides=Overrides(sheet="Decisions"))
    assert matrix.source.sheet == "Decisions"


def test_names_merged_over_two_header_rows_beside_a_band(tmp_path: Path) -> None:
    path, expected, groups = fx.header_merged_over_two_rows(tmp_path)
    matrix = read_matrix(path)
    assert assignments(matrix) == Counter(expected)
    assert {r.name: (r.group.name if r.group else "") for r in matrix.roles} == {
        "Sponsor": "",
        **groups,
    }
    assert matrix.source.header_rows == (0, 1)
    assert matrix.deliverables[0].attributes == {"Notes": "draft"}


def test_a_legend_on_another_sheet_chooses_the_scheme(tmp_path: Path) -> None:
    matrix = read_matrix(fx.legend_on_another_sheet(tmp_path)[0])
    assert matrix.scheme.key == "daci"


def test_names_under_code_columns_become_people(tmp_path: Path) -> None:
    matrix = read_matrix(fx.names_under_code_columns(tmp_path)[0])
    assert [r.name for r in matrix.roles] == ["Ann", "Bob", "Cem", "Dana", "Everyone"]
    assert all(r.is_person for r in matrix.roles)
    assert matrix.source.code_columns == {"R": 1, "A": 2, "C": 3, "I": 4}
    assert matrix.source.role_columns == {}


def test_matrices_stacked_or_side_by_side_on_one_sheet_are_each_offered(tmp_path: Path) -> None:
    stacked = [
        ["Task", "PM", "Dev"], ["Plan", "A", "R"], ["Build", "A", "R"], [], [],
        ["Decision", "CEO", "CFO", "COO"], ["Budget", "A", "R", "C"], ["Hiring", "I", "A", "R"],
        ["Office", "C", "I", "A"],
    ]  # fmt: skip
    detection = detect(fx.write_xlsx(tmp_path / "stacked.xlsx", {"S": stacked}))
    assert [c.label for c in detection.candidates] == ["S", "S #2"]
    assert [len(c.deliverable_rows) for c in detection.candidates] == [3, 2]
    second = read_matrix(tmp_path / "stacked.xlsx", sheet="S #2")
    assert [r.name for r in second.roles] == ["PM", "Dev"]
    assert second.name == "stacked – S #2"
    assert (second.source.sheet, second.source.sheet_choice) == ("S", "S #2")
    beside = [
        ["Task", "PM", "Dev", None, "Decision", "CEO", "CFO"],
        ["Plan", "A", "R", None, "Budget", "A", "R"],
        ["Build", "A", "R", None, "Hiring", "I", "A"],
    ]
    detection = detect(fx.write_xlsx(tmp_path / "beside.xlsx", {"S": beside}))
    names = sorted(tuple(d for d in c.layout.role_names) for c in detection.candidates)
    assert names == [("CEO", "CFO"), ("PM", "Dev")]
    assert "(from E1)" in " ".join(c.describe() for c in detection.candidates)


def test_ratings_beside_the_roles_are_kept_as_attributes(tmp_path: Path) -> None:
    matrix = read_matrix(fx.rating_columns(tmp_path)[0])
    assert [r.name for r in matrix.roles] == ["PM", "Dev", "Risk", "Sponsor"]
    assert [(d.attributes.get("RAG"), d.attributes.get("Prio")) for d in matrix.deliverables] == [
        ("G", "H"), ("A", "M"), ("R", "H"), ("G", "L"),
    ]  # fmt: skip
    assert matrix.scheme.name == "RACI"


def test_a_spacer_column_between_groups_of_roles_keeps_both(tmp_path: Path) -> None:
    path, expected, groups = fx.spacer_between_role_groups(tmp_path)
    matrix = read_matrix(path)
    assert assignments(matrix) == Counter(expected)
    assert {r.name: r.group.name if r.group else "" for r in matrix.roles} == groups
    assert [g.name for g in matrix.role_groups] == ["Internal", "Client"]


def test_a_legend_meaning_with_a_hyphen_is_part_of_the_legend(tmp_path: Path) -> None:
    path = fx.legend_beside_paris(tmp_path)[0]
    detection = detect(path)
    assert detection.legends["RAM"].entries["S"] == "Sign-off required"


def test_a_matrix_only_on_a_hidden_sheet_is_still_found(tmp_path: Path) -> None:
    path, expected = fx.hidden_old_copy(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["RACI"]
    ws.delete_rows(1, ws.max_row)  # the sheet on show says only where to look
    ws["A1"] = "See the other sheet."
    wb.save(path)
    assert len(read_matrix(path).deliverables) == 12


def test_a_blank_template_is_not_a_matrix_made_of_its_role_names(tmp_path: Path) -> None:
    with pytest.raises(NotAMatrix):
        read_matrix(fx.blank_template(tmp_path))


def test_a_sheet_asked_for_spares_the_search_of_big_other_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    detect_module = importlib.import_module("ramdesk.io.importer.detect")
    path = fx.two_matrices(tmp_path)
    assert {c.sheet for c in detect(path, "Decisions").candidates} == {"Project", "Decisions"}
    monkeypatch.setattr(detect_module, "BIG_SHEET", 4)  # as if "Project" were a big data log
    assert {c.sheet for c in detect(path, "Decisions").candidates} == {"Decisions"}
    assert [d.name for d in read_matrix(path, sheet="Decisions").deliverables] == [
        "Budget",
        "Hiring",
    ]
    assert {c.sheet for c in detect(path).candidates} == {"Project", "Decisions"}


def test_formulas_never_calculated_are_named_when_no_matrix_is_found(tmp_path: Path) -> None:
    """A workbook written by a program (openpyxl here) keeps formulas without their values:
    the refusal says so, and how to get the values."""
    rows = [["Task", "PM", "Dev"], ["Plan", '="A"', '="R"'], ["Build", '="A"', '="C"']]
    path = fx.write_xlsx(tmp_path / "formulas.xlsx", {"RACI": rows})
    with pytest.raises(NotAMatrix, match="4 cells hold formulas whose values were never"):
        read_matrix(path)
    with pytest.raises(NotAMatrix) as caught:
        read_matrix(fx.blank_template(tmp_path))
    assert "formulas" not in str(caught.value)
