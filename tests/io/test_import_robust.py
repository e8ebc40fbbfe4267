"""Generated grids import to what they were generated from; broken files fail with a sentence."""

from __future__ import annotations

import random
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramdesk.io.errors import ReadError
from ramdesk.io.importer import read_matrix

from . import fixtures_import as fx
from .test_import_patterns import assignments

ROLE_NAMES = ["Sponsor", "Project Manager", "Analyst", "Tester", "Designer", "Ops", "Legal", "CFO"]
TASK_WORDS = ["Plan", "Design", "Build", "Review", "Deploy", "Budget", "Train", "Audit", "Report"]
# (as written in the cell, the letters it gives)
SPELLINGS = [
    ("R", "R"), ("A", "A"), ("C", "C"), ("I", "I"), ("A/R", "AR"), ("R/A", "RA"), ("RA", "RA"),
    ("R, C", "RC"), ("R et A", "RA"), ("R (A)", "RA"), ("(R)", "R"), ("c / i ", "CI"), ("a", "A"),
    ("i", "I"), ("Responsible", "R"), ("С", "C"),
]  # fmt: skip
BLANKS = ["", "", "", "N", "-"]


@st.composite
def matrices(draw):
    """A matrix as a spreadsheet would hold it, and the assignments it holds."""
    n_roles = draw(st.integers(1, 6))
    roles = [draw(st.sampled_from(ROLE_NAMES)) for _ in range(n_roles)]
    n_tasks = draw(st.integers(2, 12))
    grouped = draw(st.booleans())
    rows: list[tuple[str, str, list[str]]] = []  # (kind, name, cells)
    expected: list[tuple[str, str, str, str]] = []
    group = ""
    for i in range(n_tasks):
        if grouped and (i == 0 or draw(st.integers(0, 3)) == 0):
            group = f"Phase {i + 1}"
            rows.append(("group", group, []))
        task = f"{draw(st.sampled_from(TASK_WORDS))} {i + 1}"
        cells = []
        for role in roles:
            filled = draw(st.integers(0, 2)) > 0
            text, letters = (
                draw(st.sampled_from(SPELLINGS)) if filled else (draw(st.sampled_from(BLANKS)), "")
            )
            cells.append(text)
            expected.extend((group, task, role, letter) for letter in letters)
        if not any(c.strip() not in ("", "N", "-") for c in cells):
            cells[0] = "A"
            expected.append((group, task, roles[0], "A"))
        rows.append(("task", task, cells))
    # Letters run together ("RA") or words alone could be initials or names: a grid holding
    # nothing else is ambiguous, and real matrices always have some lone letters. Give it one.
    certain = {text for text, _letters in SPELLINGS if text not in ("RA", "Responsible")}
    tasks = [r for r in rows if r[0] == "task"]
    if not any(c in certain for _k, _n, cells in tasks for c in cells):
        _kind, task, cells = tasks[0]
        old = cells[0]
        old_letters = dict(SPELLINGS).get(old, "")
        for letter in old_letters:
            expected.remove((_group_of(rows, task), task, roles[0], letter))
        cells[0] = "A"
        expected.append((_group_of(rows, task), task, roles[0], "A"))
    return {
        "roles": roles,
        "rows": rows,
        "expected": expected,
        "offset": draw(st.integers(0, 4)),
        "title": draw(st.booleans()),
        "id_column": draw(st.booleans()),
        "legend": draw(st.sampled_from(["none", "below", "beside"])),
    }


def _group_of(rows: list[tuple[str, str, list[str]]], task: str) -> str:
    group = ""
    for kind, name, _cells in rows:
        if kind == "group":
            group = name
        elif name == task:
            return group
    return group


def lay_out(m: dict, csv: bool) -> tuple[list[list], list[int]]:
    """Rows of cells for a sheet, and the 1-based rows that are group rows (styled in xlsx)."""
    lead = 1 if m["id_column"] else 0
    width = lead + 1 + len(m["roles"])
    sheet: list[list] = [[None] * width for _ in range(m["offset"])]
    if m["title"] and m["offset"]:
        sheet[0][0] = "Responsibilities for the programme"
    sheet.append([*(["ID"] if lead else []), "Task", *m["roles"]])
    groups: list[int] = []
    legend = [("R", "Responsible"), ("A", "Accountable"), ("C", "Consulted"), ("I", "Informed")]
    n = 0
    for kind, name, cells in m["rows"]:
        if kind == "group":
            sheet.append([*([None] if lead else []), name, *([None] * len(m["roles"]))])
            groups.append(len(sheet))
        else:
            n += 1
            sheet.append([*([str(n)] if lead else []), name, *cells])
    if m["legend"] == "below":
        sheet.append([])
        sheet.extend([[None] * lead + [f"{letter}: {word}"] for letter, word in legend])
    elif m["legend"] == "beside" and not csv:
        first_body = m["offset"] + 1
        for i, (letter, word) in enumerate(legend):
            r = first_body + i
            while len(sheet) <= r:
                sheet.append([])
            row = sheet[r]
            row.extend([None] * (width + 1 - len(row)))
            row.extend([letter, word])
    return sheet, groups


@given(matrices(), st.booleans())
@settings(max_examples=40)
def test_generated_grids_import_to_their_assignments(m: dict, as_csv: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sheet, groups = lay_out(m, as_csv)
        if as_csv:
            path = fx.write_csv(Path(tmp) / "grid.csv", sheet)
        else:
            path = fx.write_xlsx(
                Path(tmp) / "grid.xlsx",
                {"Sheet1": sheet},
                bold_rows={"Sheet1": groups},
                filled_rows={"Sheet1": groups},
            )
        matrix = read_matrix(path)
        assert assignments(matrix) == Counter(m["expected"])
        assert [r.name for r in matrix.roles] == m["roles"]


def _valid_files(tmp: Path) -> list[Path]:
    return [
        fx.clean_baseline(tmp)[0],
        fx.banner_and_band_above(tmp)[0],
        fx.csv_sections(tmp)[0],
    ]


def _attempt(path: Path) -> None:
    """Reading gives a matrix or a ReadError with a sentence: never another error, never a hang."""
    start = time.perf_counter()
    try:
        read_matrix(path)
    except ReadError as e:
        text = str(e)
        assert text.startswith(path.name) and len(text) > len(path.name) + 10
        assert "Traceback" not in text
    assert time.perf_counter() - start < 20


@pytest.mark.slow
def test_truncated_and_mutated_files_fail_clearly(tmp_path: Path) -> None:
    rnd = random.Random(7)
    for source in _valid_files(tmp_path):
        data = source.read_bytes()
        for i in range(25):
            cut = tmp_path / f"cut{i}{source.suffix}"
            cut.write_bytes(data[: rnd.randrange(1, len(data))])
            _attempt(cut)
            bent = bytearray(data)
            for _ in range(rnd.randint(1, 40)):
                bent[rnd.randrange(len(bent))] = rnd.randrange(256)
            mutated = tmp_path / f"mut{i}{source.suffix}"
            mutated.write_bytes(bytes(bent))
            _attempt(mutated)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.xlsx", b"", "empty"),
        ("text.xlsx", b"hello, this is not a workbook", "not a valid"),
        ("noise.xls", bytes(range(256)) * 4, "not a valid"),
        ("binary.csv", b"\x00\x01\x02" * 100, "binary"),
        ("only_header.csv", b"Task,PM,Dev\n", "No responsibility matrix"),
    ],
)
def test_hopeless_files_say_what_is_wrong(
    tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_matrix(path)
    assert words.casefold() in str(info.value).casefold()


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="does not exist"):
        read_matrix(tmp_path / "nope.xlsx")
    with pytest.raises(ReadError, match="folder"):
        read_matrix(tmp_path)
