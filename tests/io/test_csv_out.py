"""CSV exports: the grid as a spreadsheet shows it, and the long list of assignments."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ramdesk
from ramdesk.io.csv_out import (
    assignments_csv,
    grid_csv,
    neutralize,
    write_assignments_csv,
    write_grid_csv,
)
from ramdesk.model import Deliverable, Group, Matrix, Role

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def programme() -> Matrix:
    m = Matrix("Programme")
    pm, lead, ops = Role("PM"), Role("Tech lead"), Role("Opérations")
    for role in (pm, lead, ops):
        m.load_role(role)
    phase, platform = Group("Build"), Group("Network, core")
    m.load_row(phase)
    m.load_row(platform, phase)
    design = Deliverable("Design")
    m.load_row(design, platform)
    budget = Deliverable("Budget")
    m.load_row(budget, phase)
    loose = Deliverable("=SUM(A1:A9)")
    m.load_row(loose)
    m.load_cells(
        [
            (design, pm, "A"),
            (design, lead, "R/A"),
            (design, ops, "C"),
            (budget, pm, "A/R"),
            (loose, ops, "I"),
        ]
    )
    return m


def test_grid_csv_is_the_grid_a_spreadsheet_shows() -> None:
    assert grid_csv(programme()) == (
        "group,deliverable,PM,Tech lead,Opérations\n"
        '"Build / Network, core",Design,A,R/A,C\n'
        "Build,Budget,A/R,,\n"
        ",'=SUM(A1:A9),,,I\n"
    )


def test_grid_csv_file_has_a_bom_for_excel(tmp_path: Path) -> None:
    path = tmp_path / "grid.csv"
    ramdesk.save(programme(), path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Opérations".encode() in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["group", "deliverable", "PM", "Tech lead", "Opérations"]
    assert rows[3] == ["", "'=SUM(A1:A9)", "", "", "I"]


def test_assignments_csv_one_row_per_code_letter() -> None:
    assert assignments_csv(programme()) == (
        "group,deliverable,role,code\n"
        '"Network, core",Design,PM,A\n'
        '"Network, core",Design,Tech lead,R\n'
        '"Network, core",Design,Tech lead,A\n'
        '"Network, core",Design,Opérations,C\n'
        "Build,Budget,PM,A\n"
        "Build,Budget,PM,R\n"
        ",=SUM(A1:A9),Opérations,I\n"
    )


def test_assignments_csv_can_be_made_safe_for_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    write_assignments_csv(programme(), path, safe=True)
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in data
    assert data.decode().splitlines()[-1] == ",'=SUM(A1:A9),Opérations,I"


@given(st.text(max_size=8))
def test_neutralize_only_touches_formula_like_text(text: str) -> None:
    out = neutralize(text)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert out == "'" + text
    else:
        assert out == text


def test_write_grid_failure_is_a_write_error(tmp_path: Path) -> None:
    from ramdesk.io import WriteError

    with pytest.raises(WriteError):
        write_grid_csv(programme(), tmp_path / "missing" / "grid.csv")


def matrix_from_expected(path: Path) -> Matrix:
    """A matrix holding exactly the assignments of a sample's expected CSV."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    m = Matrix(path.name)
    groups: dict[str, Group] = {}
    roles: dict[str, list[Role]] = {}
    current: tuple[str, str] | None = None
    deliverable: Deliverable | None = None
    used: Counter[str] = Counter()
    for row in rows:
        key = (row["group"], row["deliverable"])
        if key != current:
            current, used = key, Counter()
            parent = None
            if row["group"]:
                parent = groups.get(row["group"])
                if parent is None:
                    parent = groups[row["group"]] = Group(row["group"])
                    m.load_row(parent)
            deliverable = Deliverable(row["deliverable"])
            m.load_row(deliverable, parent)
        name = row["role"]
        same = roles.setdefault(name, [])
        # A name seen again on the same deliverable with the same code is a second column.
        k = used[(name, row["code"])]
        used[(name, row["code"])] += 1
        while len(same) <= k:
            same.append(Role(name))
            m.load_role(same[-1])
        role = same[k]
        old = m.code(deliverable, role)
        m.load_cells([(deliverable, role, f"{old}/{row['code']}" if old else row["code"])])
    return m


@pytest.mark.parametrize(
    "expected",
    sorted(SAMPLES.glob("*.expected.csv")) if SAMPLES.is_dir() else [],
    ids=lambda p: p.name[:30],
)
def test_assignments_csv_matches_the_expected_format_of_the_samples(expected: Path) -> None:
    matrix = matrix_from_expected(expected)
    ours = assignments_csv(matrix)
    text = expected.read_text(encoding="utf-8")
    assert ours.splitlines()[0] == text.splitlines()[0] == "group,deliverable,role,code"
    assert Counter(ours.splitlines()[1:]) == Counter(text.splitlines()[1:])


def test_samples_are_there_for_the_format_check() -> None:
    if not SAMPLES.is_dir():
        pytest.skip(f"the sample spreadsheets are not beside the project ({SAMPLES})")
    assert list(SAMPLES.glob("*.expected.csv"))
