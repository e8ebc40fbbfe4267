"""The rows of one matrix: which are tasks, groups, continued names, notes; and their cells."""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain
from operator import itemgetter

from .cells import NONE, NUMBER, TEXT, Cells, row_names, same_names
from .grid import Grid, cell_ref
from .parts import PlannedRow, RowCells, Skipped
from .tokens import Vocabulary, clean_text


def plan_rows(
    grid: Grid,
    cells: Cells,
    header: int | None,
    first: int,
    last: int,
    task: int,
    roles: list[int],
    group_column: int | None,
    attributes: dict[int, str],
    skipped: list[Skipped],
) -> tuple[list[PlannedRow], dict[str, int], Counter[str]]:
    rows = grid.rows
    hidden = cells.hidden
    span = list(range(roles[0], roles[-1] + 1))
    names = row_names(grid, header, span) if header is not None else None
    plan: list[PlannedRow] = []
    stored = _Stored(cells.vocab)
    # A row's role cells in one C-level call: a slice when the roles are side by side.
    a, b = roles[0], roles[-1] + 1
    pick = itemgetter(*roles) if roles != span else None  # two roles or more: a tuple
    role_set = set(roles)
    hidden_here = {(r, c) for r, c in hidden if first <= r <= last and c in role_set}
    hidden_rows = {r for r, _c in hidden_here}
    # The distinct texts of each row, as finding the body read them (None: read them here).
    texts_of = cells.row_texts(roles)
    repeated: list[int] = []
    current_outer = ""
    merged_down = _merged_codes(grid, roles, first, last)
    for r in range(first, last + 1):
        row = rows[r]
        if not any(row):
            continue
        values = row[a:b] if pick is None else pick(row)
        if r in hidden_rows:
            values = [
                "" if (r, c) in hidden_here else v for c, v in zip(roles, values, strict=True)
            ]
        if (
            names is not None
            and r != header
            and _repeats_header(grid, r, header, roles, task)
            and same_names(names, row_names(grid, r, span))
        ):
            skipped.append(Skipped(cell_ref(r, roles[0]), "", "header repeated"))
            plan.append(PlannedRow("header", r, ""))
            repeated.append(r)
            continue
        # The distinct texts decide the row (a row of fifty codes holds a handful of texts).
        if texts_of is None:
            texts = set(values)
            texts.discard("")
        else:
            texts = texts_of[r]
        task_text = clean_text(grid.value(r, task)) if (r, task) not in hidden else ""
        kinds = {cells.kind_of(v) for v in texts}
        if NUMBER in kinds and kinds <= {NUMBER, NONE}:  # "0" is also a mark for "nobody"
            # Counts under each role ("Subtotal", "Count of A"): a totals row, wherever it is.
            where = cell_ref(r, task) if task_text else cell_ref(r, roles[0])
            skipped.append(Skipped(where, task_text, "a row of counts"))
            continue
        coded = any(map(stored.__getitem__, texts)) if texts else False
        if group_column is not None:
            outer = clean_text(grid.value(r, group_column))
            if outer and outer != current_outer:
                plan.append(PlannedRow("group", r, outer, outer=True))
                current_outer = outer
        # Role cells written "N" or "-" say "nobody": still a task, unless the task is "N" too.
        if coded or (texts and task_text):
            name = task_text
            if not name or cells.kind(r, task) == NONE:
                if not coded:
                    skipped.append(Skipped(cell_ref(r, task), task_text, "filler row"))
                    continue
                name = name or _row_label(grid, r, attributes) or f"Row {r + 1}"
            if r in merged_down and coded:
                # A code merged down over rows that have codes of their own ("A" for the
                # whole phase): each of them has it (rows without, continue a task's name).
                filled = merged_down[r]
                values = [filled.get(c, v) for c, v in zip(roles, values, strict=True)]
                texts = set(values) - {""}
            row_cells = RowCells(roles, values, texts, stored)
            pr = PlannedRow("deliverable", r, name, row_cells, row_attributes(grid, r, attributes))
            plan.append(pr)
            continue
        if not any(
            v.strip() and (r, c) not in hidden and c != group_column for c, v in enumerate(row)
        ):
            continue
        plan.append(PlannedRow("text", r, task_text, {}, row_attributes(grid, r, attributes)))
    plan = _resolve_text_rows(grid, cells, plan, task, roles, group_column, attributes, skipped)
    seen = _role_texts(grid, roles, first, last, repeated, hidden_here)
    codes = known = unknown = ticks = 0
    used: Counter[str] = Counter()
    letters = cells.vocab.letters
    # "X" is a mark of involvement, unless the file's legend says what it means.
    tick = "" if "X" in cells.vocab.legend else "X"
    for v, n in seen.items():
        parsed = cells.vocab.parse(v.strip())
        if parsed is None:
            unknown += n
        elif parsed:
            codes += n * len(parsed)
            known += n * sum(1 for x in parsed if x in letters and x != tick)
            ticks += n * (parsed == (tick,))
            for x in parsed:
                used[x] += n
    stats = {"codes": codes, "known": known, "unknown_cells": unknown, "ticks": ticks}
    return plan, stats, used


def _role_texts(
    grid: Grid,
    roles: list[int],
    first: int,
    last: int,
    repeated: list[int],
    hidden: set[tuple[int, int]],
) -> Counter[str]:
    """How often each text is written in the role columns of rows first..last, not counting
    repeated header rows and legend cells. From the sheet's column counts when the matrix is
    most of the sheet (counted once, in C), taking the rows around it out."""
    rows = grid.rows
    pick = itemgetter(*roles)
    single = len(roles) == 1
    height = len(rows)

    def count(row_numbers) -> Counter[str]:
        picked = (pick(rows[r]) for r in row_numbers)
        return Counter(chain.from_iterable(((v,) for v in picked) if single else picked))

    outside = chain(range(first), range(last + 1, height))
    if 2 * (last + 1 - first) > height:
        columns = grid.column_counts()
        total: Counter[str] = Counter()
        for c in roles:
            total.update(columns[c])
        total.subtract(count(outside))
    else:
        total = count(range(first, last + 1))
    total.subtract(count(repeated))
    skip = set(repeated)
    total.subtract(rows[r][c] for r, c in hidden if r not in skip)
    return Counter({v: n for v, n in total.items() if v and n > 0})


class _Stored(dict):
    """Cell text -> the text stored in the matrix ("" for blank or "none"; unknown kept as is)."""

    def __init__(self, vocab: Vocabulary) -> None:
        super().__init__()
        self.vocab = vocab

    def __missing__(self, v: str) -> str:
        parsed = self.vocab.parse(v.strip())
        text = clean_text(v) if parsed is None else "/".join(parsed)
        if len(self) < 50_000:
            self[v] = text
        return text


def _repeats_header(grid: Grid, r: int, header: int, roles: list[int], task: int) -> bool:
    """A cheap first test: the row starts like the header (the full comparison follows)."""
    row, head = grid.rows[r], grid.rows[header]
    return any(row[c] and row[c] == head[c] for c in (task, roles[0], roles[-1]))


def _row_label(grid: Grid, r: int, attributes: dict[int, str]) -> str:
    for c in attributes:
        v = clean_text(grid.value(r, c))
        if v:
            return v
    return ""


def row_attributes(grid: Grid, r: int, attributes: dict[int, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for c, name in attributes.items():
        v = clean_text(grid.value(r, c))
        if v:
            key = name
            n = 2
            while key in out:
                key = f"{name} ({n})"
                n += 1
            out[key] = v
    return out


def _wbs_parent(grid: Grid, id_columns: list[int], r: int, after: list[PlannedRow]) -> bool:
    """The row's number heads the next task's ("2" over "2.1"): a group in a numbered outline."""
    following = next((q for q in after if q.kind == "deliverable"), None)
    if following is None:
        return False
    for c in id_columns:
        mine, theirs = grid.value(r, c).strip(), grid.value(following.row, c).strip()
        if mine and theirs.startswith(mine.rstrip(".") + ".") and len(theirs) > len(mine):
            return True
    return False


def _style_key(style) -> tuple[str, bool]:
    return (style.fill, style.bold) if style is not None else ("", False)


def _resolve_text_rows(
    grid: Grid,
    cells: Cells,
    plan: list[PlannedRow],
    task: int,
    roles: list[int],
    group_column: int | None,
    attributes: dict[int, str],
    skipped: list[Skipped],
) -> list[PlannedRow]:
    """Decide what each row without codes is: a group, a continued task name, a task not yet
    assigned, or a note."""
    text_rows = [p for p in plan if p.kind == "text"]
    deliverables = [p for p in plan if p.kind == "deliverable"]
    styles: dict = {}
    if text_rows and grid.has_styles:
        sample = [(p.row, task) for p in deliverables[:200]]
        styles = grid.styles(sample + [(p.row, c) for p in text_rows for c in (task, *roles[:1])])
    usual = Counter(_style_key(styles.get((p.row, task))) for p in deliverables[:200])
    usual_style = usual.most_common(1)[0][0] if usual else ("", False)
    id_columns = [
        c
        for c in attributes
        if deliverables
        and sum(1 for p in deliverables if grid.value(p.row, c).strip()) >= 0.8 * len(deliverables)
    ]
    # Styles tell groups only where some row without codes looks unlike the tasks.
    informative = grid.has_styles and any(
        _style_key(styles.get((p.row, task))) != usual_style for p in text_rows
    )
    out: list[PlannedRow] = []
    for i, p in enumerate(plan):
        if p.kind != "text":
            out.append(p)
            continue
        r = p.row
        row = grid.rows[r]
        texts = [(c, clean_text(v)) for c, v in enumerate(row) if v.strip()]
        name = p.name
        band = None
        for c in roles:
            m = grid.merge_at(r, c)
            if m is not None and m.right > m.left and clean_text(grid.value(m.top, m.left)):
                band = m
                break
        if not name:
            # Section text may sit in another column left of the roles, or in a merged band.
            left = [
                t
                for c, t in texts
                if c < roles[0] and c != group_column and cells.kind(r, c) == TEXT
            ]
            if band is not None:
                name = clean_text(grid.value(band.top, band.left))
            elif left:
                name = left[0]
        if not name:
            for c, t in texts:
                skipped.append(Skipped(cell_ref(r, c), t, "note inside the matrix"))
            continue
        prev = out[-1] if out else None
        # A task name continued on the next row, beside code cells merged down over both rows.
        if prev is not None and prev.kind == "deliverable" and prev.row < r:
            merged = any(
                (m := grid.merge_at(prev.row, c)) is not None and m.bottom >= r for c in prev.cells
            )
            if merged:
                prev.name = f"{prev.name} {name}"
                prev.continued = (*prev.continued, r)
                continue
        next_kind = next((q.kind for q in plan[i + 1 :] if q.kind != "text"), None)
        style = _style_key(styles.get((r, task)))
        distinct = informative and style != usual_style and bool(style[0] or style[1])
        no_id = bool(id_columns) and not any(grid.value(r, c).strip() for c in id_columns)
        if (
            band is not None
            or distinct
            or no_id
            or _wbs_parent(grid, id_columns, r, plan[i + 1 :])
            or (not informative and next_kind in ("deliverable", "header"))
            or next_kind == "header"
        ):
            out.append(PlannedRow("group", r, name))
        elif next_kind is None:
            for c, t in texts:
                skipped.append(Skipped(cell_ref(r, c), t, "note below the matrix"))
        else:
            out.append(PlannedRow("deliverable", r, name, {}, p.attributes))
    return _page_titles(out, skipped, task)


#: "(page 2)", "p. 3 of 7", "– continued": what a title repeated on each printed page adds.
_PAGE_MARK = re.compile(
    r"[\s(\[–-]*(?:(?:page|pg\.?|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?|cont(?:inued|'d|\.)?)[\s)\]]*",
    re.IGNORECASE,
)


def _page_titles(plan: list[PlannedRow], skipped: list[Skipped], task: int) -> list[PlannedRow]:
    """Rows over each repeated header that all say the same ("ACME RACI (page 2)", "(page 3)")
    are the title of every printed page, not groups."""
    over = [
        p
        for p, nxt in zip(plan, plan[1:], strict=False)
        if p.kind == "group" and not p.outer and nxt.kind == "header"
    ]
    if len(over) < 2 or len({_PAGE_MARK.sub(" ", p.name).strip().casefold() for p in over}) > 1:
        return plan
    for p in over:
        skipped.append(Skipped(cell_ref(p.row, task), p.name, "title repeated on each page"))
    titles = {id(p) for p in over}
    return [p for p in plan if id(p) not in titles]


def _merged_codes(grid: Grid, roles: list[int], first: int, last: int) -> dict[int, dict[int, str]]:
    """Row -> {column: text} for role cells under the top of a merge one column wide."""
    out: dict[int, dict[int, str]] = {}
    role_set = set(roles)
    for m in grid.merges:
        if m.left != m.right or m.left not in role_set or m.bottom <= m.top:
            continue
        text = grid.value(m.top, m.left)
        if not text.strip():
            continue
        for r in range(max(m.top + 1, first), min(m.bottom, last) + 1):
            if not grid.value(r, m.left).strip():
                out.setdefault(r, {})[m.left] = text
    return out
