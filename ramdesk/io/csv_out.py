"""CSV exports: the grid as a spreadsheet shows it, and the long list of assignments."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from ramdesk.model import Group, Matrix, split_codes

from .atomic import atomic_path
from .errors import WriteError

#: Text a spreadsheet would run as a formula when it opens a CSV (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: How the grid CSV writes a deliverable's groups, outermost first.
PATH_SEPARATOR = " / "
ASSIGNMENTS_HEADER = ("group", "deliverable", "role", "code")


def neutralize(text: str) -> str:
    """Text that a spreadsheet opening the CSV will show as text, never evaluate."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def grid_rows(matrix: Matrix) -> Iterator[list[str]]:
    """The grid: a header, then one row per deliverable (group path, name, a code per role)."""
    roles = matrix.roles
    yield ["group", "deliverable", *(neutralize(r.name) for r in roles)]
    position = {role: i for i, role in enumerate(roles)}
    for d in matrix.deliverables:
        cells = [""] * len(roles)
        for role, text in matrix.row_cells(d):
            cells[position[role]] = neutralize(text)
        path = PATH_SEPARATOR.join(g.name for g in matrix.path(d))
        yield [neutralize(path), neutralize(d.name), *cells]


def assignment_rows(matrix: Matrix, safe: bool = False) -> Iterator[list[str]]:
    """One row per code per cell: group (the nearest enclosing group), deliverable, role, code.

    Rows follow the matrix (deliverables top to bottom, roles left to right, codes as written in
    the cell). Names are written as they are (the format other tools compare against); `safe`
    neutralizes formula-like text for a file meant for a spreadsheet.
    """
    clean = neutralize if safe else str
    yield list(ASSIGNMENTS_HEADER)
    position = {role: i for i, role in enumerate(matrix.roles)}
    for d in matrix.deliverables:
        parent: Group | None = d.parent
        group = clean(parent.name) if parent is not None else ""
        name = clean(d.name)
        for role, text in sorted(matrix.row_cells(d), key=lambda cell: position[cell[0]]):
            role_name = clean(role.name)
            for code in split_codes(text):
                yield [group, name, role_name, clean(code)]


def grid_csv(matrix: Matrix) -> str:
    """The grid CSV as text (no byte-order mark)."""
    return _text(grid_rows(matrix))


def assignments_csv(matrix: Matrix, safe: bool = False) -> str:
    """The assignments CSV as text."""
    return _text(assignment_rows(matrix, safe))


def write_grid_csv(matrix: Matrix, path: str | Path) -> None:
    """Write the grid CSV in UTF-8 with a byte-order mark, so Excel reads accents right."""
    _write(path, grid_rows(matrix), bom=True)


def write_assignments_csv(matrix: Matrix, path: str | Path, safe: bool = False) -> None:
    """Write the assignments CSV (header group,deliverable,role,code), UTF-8, LF line ends."""
    _write(path, assignment_rows(matrix, safe), bom=False)


def _text(rows: Iterator[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def _write(path: str | Path, rows: Iterator[list[str]], bom: bool) -> None:
    target = Path(path)
    with atomic_path(target) as tmp:
        try:
            with open(tmp, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
                csv.writer(f, lineterminator="\r\n" if bom else "\n").writerows(rows)
        except UnicodeEncodeError as exc:
            raise WriteError(
                target,
                f"could not be saved: a name holds text that cannot be written ({exc.reason}).",
            ) from None
