"""The other common layout: one column per code ("Responsible", "Accountable" ...), names in cells.

    Task            | Responsible   | Accountable | Consulted
    Draft the plan  | Ann, Bob      | Cem         | Dana

Each name becomes a role (a person named in the file); each name under a code's column gets
that code on the row. Tried only on sheets where no ordinary matrix was found.
"""

from __future__ import annotations

import re
from collections import Counter

from .cells import CODE, TEXT, WEAK, Cells
from .grid import Grid, cell_ref
from .layout import task_column_of
from .parts import Layout, PlannedRow, Skipped
from .rows import row_attributes
from .tokens import clean_text

_NAME_SPLIT = re.compile(r"\s*(?:[,;/&+\n]|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)


def find_name_layouts(grid: Grid, cells: Cells) -> list[Layout]:
    """Matrices whose columns are codes and whose cells hold the names of people or roles."""
    out: list[Layout] = []
    r = 0
    while r < grid.height:
        columns = _code_header(grid, cells, r)
        if columns is None:
            r += 1
            continue
        layout = _layout(grid, cells, r, columns)
        if layout is None:
            r += 1
            continue
        out.append(layout)
        r = layout.last_row + 1
    return out


def _code_header(grid: Grid, cells: Cells, r: int) -> dict[int, str] | None:
    """Column -> letter, when a row names at least two different codes and little else."""
    found: dict[int, str] = {}
    for c, v in enumerate(grid.rows[r]):
        if not v or (r, c) in cells.hidden:
            continue
        if cells.kind_of(v) in (CODE, WEAK):
            codes = cells.vocab.parse(v.strip())
            if codes and len(codes) == 1:
                found[c] = codes[0]
    letters = list(found.values())
    if len(found) < 2 or len(set(letters)) != len(letters):
        return None
    return found


def _layout(grid: Grid, cells: Cells, header: int, columns: dict[int, str]) -> Layout | None:
    code_cols = sorted(columns)
    body: list[int] = []
    blank = 0
    r = header + 1
    while r < grid.height and blank < 2:
        row = grid.rows[r]
        if not any(v.strip() for v in row):
            blank += 1
            r += 1
            continue
        blank = 0
        kinds = [cells.kind(r, c) for c in code_cols]
        if any(k in (CODE, WEAK) for k in kinds) and not any(k == TEXT for k in kinds):
            break  # codes, not names: an ordinary matrix or a legend
        body.append(r)
        r += 1
    texts = sum(1 for r in body for c in code_cols if cells.kind(r, c) == TEXT)
    if len(body) < 1 or texts < 2:
        return None
    task = task_column_of(grid, cells, code_cols, body)
    if task is None or task in columns:
        return None
    people: list[str] = []
    index: dict[str, int] = {}
    plan: list[PlannedRow] = []
    skipped: list[Skipped] = []
    used: Counter[str] = Counter()
    attributes = {
        c: clean_text(grid.value(header, c)) or f"Column {c + 1}"
        for c in range(min(task, *code_cols), max(task, *code_cols) + 1)
        if c != task and c not in columns and any(grid.value(r, c).strip() for r in body)
    }
    for r in body:
        name = clean_text(grid.value(r, task))
        if not name:
            for c in code_cols:
                if grid.value(r, c).strip():
                    skipped.append(Skipped(cell_ref(r, c), clean_text(grid.value(r, c)), "no task"))
            continue
        held: dict[str, list[str]] = {}
        for c in code_cols:
            for person in _NAME_SPLIT.split(grid.value(r, c)):
                person = clean_text(person)
                if not person or cells.vocab.parse(person) == ():
                    continue
                if person not in index:
                    index[person] = len(people)
                    people.append(person)
                held.setdefault(person, []).append(columns[c])
                used[columns[c]] += 1
        p = PlannedRow("deliverable", r, name, {}, row_attributes(grid, r, attributes))
        p.people = {person: "/".join(letters) for person, letters in held.items()}
        plan.append(p)
    if not people or not plan:
        return None
    return Layout(
        sheet=grid.name,
        name_row=header,
        band_rows=(),
        task_column=task,
        role_columns=code_cols,
        role_names=people,
        role_groups=[""] * len(people),
        group_column=None,
        attribute_columns=attributes,
        first_row=body[0],
        last_row=body[-1],
        plan=plan,
        skipped=skipped,
        codes=sum(used.values()),
        known=sum(used.values()),
        unknown_cells=0,
        ticks=0,
        used=used,
        code_columns=dict(columns),
    )
