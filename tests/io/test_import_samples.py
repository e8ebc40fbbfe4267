"""The importer against real spreadsheets colleagues shared, scored like the samples' score.py."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from ramdesk.io.importer import detect, read_matrix
from ramdesk.model import Matrix

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"
EXPECTED = sorted(SAMPLES.glob("*.expected.csv")) if SAMPLES.is_dir() else []

pytestmark = pytest.mark.skipif(
    not EXPECTED, reason=f"the real sample spreadsheets are not here ({SAMPLES} is absent)"
)


def norm(text: str) -> str:
    """score.py's normalisation: NFC, whitespace runs to one space, trimmed, casefolded."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def expected_rows(path: Path) -> list[tuple[str, str, str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return [
        (norm(r.get("group", "")), norm(r["deliverable"]), norm(r["role"]), norm(r["code"]))
        for r in rows
        if any(v.strip() for v in r.values() if v)
    ]


def actual_rows(matrix: Matrix) -> list[tuple[str, str, str, str]]:
    out = []
    for d in matrix.deliverables:
        path = matrix.path(d)
        group = path[-1].name if path else ""
        for role, _text in matrix.row_cells(d):
            for code in matrix.codes(d, role):
                out.append((norm(group), norm(d.name), norm(role.name), norm(code)))
    return out


def f1(expected: list, actual: list) -> float:
    e, a = Counter(expected), Counter(actual)
    tp = sum((e & a).values())
    if not e and not a:
        return 1.0
    if not tp:
        return 0.0
    p, r = tp / sum(a.values()), tp / sum(e.values())
    return 2 * p * r / (p + r)


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name[:40])
def test_sample_imports_to_its_expected_assignments(expected: Path) -> None:
    source = expected.with_name(expected.name.removesuffix(".expected.csv"))
    matrix = read_matrix(source)
    want, got = expected_rows(expected), actual_rows(matrix)
    assert f1([t[1:] for t in want], [t[1:] for t in got]) >= 0.98
    assert f1(want, got) >= 0.95


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda p: p.name[:40])
def test_sample_detection_names_where_everything_came_from(expected: Path) -> None:
    source = expected.with_name(expected.name.removesuffix(".expected.csv"))
    detection = detect(source)
    matrix = detection.build()
    src = matrix.source
    assert src.path == source and src.sheet == detection.best.sheet
    assert set(src.role_columns) == set(matrix.roles)
    assert all(d in src.rows for d in matrix.deliverables)
    # Nothing imported sits in the header rows or the legend.
    used_rows = set(src.rows.values())
    assert not used_rows & set(src.header_rows)
    assert not {(r, c) for r in used_rows for c in src.role_columns.values()} & set(
        src.legend_cells
    )
    assert 0 < detection.best.confidence <= 1
