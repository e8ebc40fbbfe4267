"""Layout detection: where a sheet's matrix is (header rows, task column, role columns, groups).

A matrix is a block of rows holding codes under a row of names; everything else on the sheet
(titles, legends, notes, side tables) is named and skipped, never read as tasks or roles.
"""

from __future__ import annotations

import re
from collections import Counter

from .cells import (
    CODE,
    CODE_OR_BLANK,
    CODEISH,
    NUMBER,
    TEXT,
    TICK,
    WEAK,
    Cells,
    Kinds,
    filled_count,
    header_text,
    merged_into,
    row_names,
    same_names,
    texty,
)
from .grid import Grid, Merge, cell_ref, column_name
from .headers import ATTRIBUTE_WORDS, ratings_beside, schedule_beside
from .parts import Layout, PlannedRow, Skipped
from .rows import plan_rows
from .tokens import clean_text


# ---------------------------------------------------------------------------- finding matrices
def find_layouts(grid: Grid, cells: Cells) -> list[Layout]:
    """Every matrix on one sheet, best first."""
    roleish = [
        c
        for c in range(len(cells.col_codes))
        if (cells.col_strong[c] >= 1 or cells.col_codes[c] >= 2)
        and cells.col_codes[c] >= cells.col_text[c]
    ]
    out: list[Layout] = []
    for cluster in _clusters(roleish, cells):
        for first, header in _blocks(grid, cells, cluster):
            layout = analyse(grid, cells, header, cluster, first)
            if layout is not None and layout.codes > 0:
                out.append(layout)
    out.sort(key=lambda lay: -lay.known)
    return out


def _clusters(columns: list[int], cells: Cells) -> list[list[int]]:
    """Runs of code columns, each a matrix's roles. Columns with something in them join the
    columns beside them; so does a narrow spacer left wholly empty between groups of roles
    (when what follows it holds codes for sure: not a stray letter left of a legend)."""
    clusters: list[list[int]] = []
    filled = cells.col_filled
    for c in columns:
        gap = range(clusters[-1][-1] + 1, c) if clusters else range(0)
        empty = [x for x in gap if filled[x] == 0]
        spacer = len(empty) == len(gap) <= 2 and cells.col_strong[c] >= 2
        if clusters and (not empty or spacer):
            clusters[-1].append(c)
        else:
            clusters.append([c])
    return clusters


def _code_count(grid: Grid, cells: Cells, r: int, columns: list[int]) -> tuple[int, int]:
    row = grid.rows[r]
    n_code = n_text = 0
    kind_of = cells.kind_of
    hidden = cells.hidden
    for c in columns:
        if c < len(row) and row[c] and not (hidden and (r, c) in hidden):
            k = kind_of(row[c])
            if k in (CODE, TICK):
                n_code += 1
            elif k == TEXT:
                n_text += 1
    return n_code, n_text


def _header_like(grid: Grid, cells: Cells, r: int, columns: list[int]) -> bool:
    row = grid.rows[r]
    texts = sum(
        1
        for c in columns
        if c < len(row) and row[c].strip() and cells.kind(r, c) in (TEXT, NUMBER, CODE, WEAK)
    )
    n_code, _ = _code_count(grid, cells, r, columns)
    return texts >= max(1, 0.4 * len(columns)) and n_code < texts / 2 + (texts == 1)


def _blocks(grid: Grid, cells: Cells, cluster: list[int]) -> list[tuple[int, int | None]]:
    """(first body row, header row) of each matrix stacked in these columns."""
    span = list(range(cluster[0], cluster[-1] + 1))
    blocks: list[tuple[int, int | None]] = []
    r = 0
    height = grid.height
    is_body = cells.body_flags(cluster)
    while r < height:
        if not is_body[r]:
            r += 1
            continue
        header = None
        for h in range(r - 1, max(-1, r - 14), -1):
            if _header_like(grid, cells, h, span):
                header = h
                break
        if header is not None and not texty(cells, header, span):
            # Codes written as words ("RA") under the real names: the names are higher up.
            for h in range(header - 1, max(-1, header - 4), -1):
                if _header_like(grid, cells, h, span) and texty(cells, h, span):
                    header = h
                    break
        # Names above a sparser band: the fuller row holds the names.
        if (
            header is not None
            and header > 0
            and _header_like(grid, cells, header - 1, span)
            and filled_count(grid, header - 1, span) > filled_count(grid, header, span)
        ):
            header -= 1
        blocks.append((r, header))
        # Skip to a header row whose names differ: that starts another matrix.
        names = row_names(grid, header, span) if header is not None else None
        r += 1
        while r < height:
            if not is_body[r] and _header_like(grid, cells, r, span) and texty(cells, r, span):
                other = row_names(grid, r, span)
                if names is not None and not same_names(names, other):
                    nxt = r + 1
                    while nxt < height and not grid.rows[nxt]:
                        nxt += 1
                    if any(is_body[x] for x in range(r + 1, min(height, r + 4))):
                        break
            r += 1
    return blocks


# ---------------------------------------------------------------------------- one matrix
def analyse(
    grid: Grid,
    cells: Cells,
    header: int | None,
    cluster: list[int],
    first: int,
    task_column: int | None = None,
    role_columns: list[int] | None = None,
) -> Layout | None:
    """The layout of the matrix whose body starts at `first` under `header` (either may be forced)."""
    rows = grid.rows
    span = list(range(cluster[0], cluster[-1] + 1))
    last = _last_body_row(grid, cells, cluster, first, header, span)
    is_body = cells.body_flags(cluster)
    body = [r for r in range(first, last + 1) if is_body[r]]
    if role_columns is None:
        role_columns = _role_columns(grid, cells, header, cluster, body)
    if not role_columns:
        return None
    if role_columns != cluster:
        # Rows whose only codes sit in columns the first pass left out still belong.
        last = max(last, _last_body_row(grid, cells, role_columns, first, header, span))
        is_body = cells.body_flags(role_columns)
        body = [r for r in range(first, last + 1) if is_body[r]]
    band_rows = _band_rows(grid, cells, header, first, role_columns)
    if task_column is None:
        task_column = task_column_of(grid, cells, role_columns, body)
    if task_column is None:
        return None
    role_set = set(role_columns)
    role_names = [_role_name(grid, header, band_rows, c) for c in role_columns]
    role_groups = _role_groups(grid, header, band_rows, role_columns)
    group_column = _group_column(grid, cells, header, task_column, role_set, body)
    attributes = _attribute_columns(grid, cells, header, task_column, group_column, role_set, body)
    skipped: list[Skipped] = []
    # Section rows may sit between the header and the first coded row.
    if header is not None and header < first:
        first = max([header, *(b for b in band_rows if b > header)]) + 1
    plan, stats, used = plan_rows(
        grid, cells, header, first, last, task_column, role_columns, group_column, attributes,
        skipped,
    )  # fmt: skip
    if any(p.kind == "header" for p in plan):
        # Blocks under a repeated header: each block is a group, the first one titled above it.
        # (Not when the blocks are pages, each under the same title: see rows._page_titles.)
        pages = any(s.reason == "title repeated on each page" for s in skipped)
        if header is not None and plan and plan[0].kind != "group" and not pages:
            title = _title_above(grid, cells, header)
            if title is not None:
                plan.insert(0, PlannedRow("group", title[0], title[1]))
        plan = [p for p in plan if p.kind != "header"]
    band_cells = {(b, c) for b in band_rows for c in role_columns}  # they name the role groups
    _skip_around(
        grid, cells, header, first, last, role_columns, task_column, attributes, skipped, band_cells
    )
    for r in range(last + 1, min(grid.height, last + 40)):
        for c, v in enumerate(rows[r]):
            if v.strip() and (r, c) not in cells.hidden:
                skipped.append(Skipped(cell_ref(r, c), clean_text(v), "below the matrix"))
    return Layout(
        sheet=grid.name,
        name_row=header,
        band_rows=band_rows,
        task_column=task_column,
        role_columns=role_columns,
        role_names=role_names,
        role_groups=role_groups,
        group_column=group_column,
        attribute_columns=attributes,
        first_row=first,
        last_row=last,
        plan=plan,
        skipped=skipped,
        used=used,
        **stats,
    )


def _skip_around(
    grid: Grid,
    cells: Cells,
    header: int | None,
    first: int,
    last: int,
    roles: list[int],
    task: int,
    attributes: dict[int, str],
    skipped: list[Skipped],
    used: set[tuple[int, int]],
) -> None:
    """Name what is left out above the header (titles, notes) and beside the matrix; cells in
    `used` were read as part of the matrix."""
    top = min([header] if header is not None else [first])
    for r in range(max(0, top - 40), top):
        for c, v in enumerate(grid.rows[r]):
            if v.strip() and (r, c) not in cells.hidden and (r, c) not in used:
                skipped.append(Skipped(cell_ref(r, c), clean_text(v)[:80], "above the matrix"))
    right = max([*roles, task, *attributes]) + 1
    for r in range(top, min(last + 1, grid.height)):
        row = grid.rows[r]
        for c in range(right, min(len(row), right + 40)):
            if row[c].strip() and (r, c) not in cells.hidden:
                skipped.append(
                    Skipped(cell_ref(r, c), clean_text(row[c])[:80], "beside the matrix")
                )


def _title_above(grid: Grid, cells: Cells, header: int) -> tuple[int, str] | None:
    for r in range(header - 1, max(-1, header - 3), -1):
        texts = [
            clean_text(v)
            for c, v in enumerate(grid.rows[r])
            if v.strip() and (r, c) not in cells.hidden
        ]
        if len(texts) == 1:
            return r, texts[0]
        if texts:
            return None
    return None


def _last_body_row(
    grid: Grid, cells: Cells, cluster: list[int], first: int, header: int | None, span: list[int]
) -> int:
    names = row_names(grid, header, span) if header is not None else None
    last = first
    is_body = cells.body_flags(cluster)
    for r in range(first, grid.height):
        if is_body[r] or _soft_body(cells, r, cluster):
            last = r
        elif (
            names is not None
            and _header_like(grid, cells, r, span)
            and texty(cells, r, span)
            and not same_names(names, row_names(grid, r, span))
        ):
            break
    return last


def _soft_body(cells: Cells, r: int, columns: list[int]) -> bool:
    """Codes written only as words or letter runs, and no other text: still the body."""
    kinds = [cells.kind(r, c) for c in columns]
    return any(k == WEAK for k in kinds) and all(k in CODE_OR_BLANK for k in kinds)


def _band_rows(
    grid: Grid, cells: Cells, header: int | None, first: int, span: list[int]
) -> tuple[int, ...]:
    """Rows of role groups: just above the names, or between the names and the first task."""
    if header is None:
        return ()
    bands = []
    candidates = list(range(header + 1, first))
    if header > 0:
        candidates.append(header - 1)
    name_count = sum(1 for c in span if grid.value(header, c).strip())
    for r in candidates:
        texts = [
            c
            for c in span
            if grid.value(r, c).strip()
            and (r, c) not in cells.hidden
            and not merged_into(grid, r, c, header)
        ]
        if not texts or not texty(cells, r, span):
            continue
        spread = any((m := grid.merge_at(r, c)) is not None and m.right > m.left for c in texts)
        if r < header and len(texts) >= name_count and not spread:
            continue
        if r < header:
            # A banner merged over every role column is a title, not a band.
            m = grid.merge_at(r, texts[0])
            if len(texts) == 1 and (m is None or (m.left <= span[0] and m.right >= span[-1])):
                continue
        bands.append(r)
    return tuple(sorted(bands))


def _role_columns(
    grid: Grid, cells: Cells, header: int | None, cluster: list[int], body: list[int]
) -> list[int]:
    """Columns of codes under a name, and named columns inside or right after them still empty."""
    coded = []
    stats = _column_stats(grid, cells, body, cluster[0], cluster[-1] + 1)
    for c in range(cluster[0], cluster[-1] + 1):
        n_code, n_text = stats[c]
        if n_code and n_code >= n_text:
            coded.append(c)
        elif n_code == 0 and n_text == 0 and header is not None:
            name = header_text(grid, header, c)
            if name and name.casefold() not in ATTRIBUTE_WORDS:
                coded.append(c)
    if header is None or not coded:
        return coded
    ratings = ratings_beside(grid, cells, header, coded, body)
    ratings |= schedule_beside(grid, cells, header, coded, body)
    coded = [c for c in coded if c not in ratings]
    if not coded:
        return coded
    # Named columns just right of the codes, with nothing below yet, are roles not yet used.
    c = coded[-1] + 1
    while c < grid.width:
        name = header_text(grid, header, c)
        if not name or name.casefold() in ATTRIBUTE_WORDS or c in ratings:
            break
        if any(cells.kind(r, c) not in CODE_OR_BLANK for r in body):
            break
        coded.append(c)
        c += 1
    # Named columns just left of the codes holding codes written as words ("RA") or nothing.
    c = coded[0] - 1
    while c >= 0:
        name = header_text(grid, header, c)
        if not name or name.casefold() in ATTRIBUTE_WORDS or c in ratings:
            break
        kinds = [cells.kind(r, c) for r in body]
        if any(k not in CODE_OR_BLANK for k in kinds):
            break
        coded.insert(0, c)
        c -= 1
    return coded


def _column_stats(
    grid: Grid, cells: Cells, body: list[int], a: int, b: int
) -> dict[int, tuple[int, int]]:
    """(codes, other text) in each column a..b-1 over the body rows."""
    rows = grid.rows
    kinds = cells.kinds
    out: dict[int, tuple[int, int]] = {}
    if not body or a >= b:
        return out
    body_set = set(body)
    others = [r for r in range(len(rows)) if r not in body_set]
    if len(others) < len(body):
        # Most rows are the body: count whole columns (done once) and take the others out.
        counts = grid.column_counts()
        for c in range(a, b):
            column = counts[c].copy()
            column.subtract(rows[r][c] for r in others)
            out[c] = _code_text(column, kinds)
    else:
        columns = zip(*(rows[r][a:b] for r in body), strict=True)
        for c, column in enumerate(columns, start=a):
            out[c] = _code_text(Counter(column), kinds)
    for r, c in cells.hidden:
        if c in out and r in body:
            k = cells.kind_of(grid.value(r, c))
            n_code, n_text = out[c]
            out[c] = (n_code - (k in CODEISH), n_text - (k == TEXT))
    return out


def _code_text(column: Counter[str], kinds: Kinds) -> tuple[int, int]:
    n_code = n_text = 0
    for v, n in column.items():
        k = kinds[v]
        if k in CODEISH:
            n_code += n
        elif k == TEXT:
            n_text += n
    return n_code, n_text


_FILE_NAME = re.compile(
    r"^[^\s/\\][^/\\]*\.(?:docx?|xlsx?|xlsm|pptx?|pdf|mpp|vsdx?|txt|csv|md|png|jpe?g|zip)$",
    re.IGNORECASE,
)


def task_column_of(
    grid: Grid, cells: Cells, role_columns: list[int], body: list[int]
) -> int | None:
    """The column naming the tasks: the most distinct text, longest, not headed like an ID."""

    rows, kinds, hidden = grid.rows, cells.kinds, cells.hidden

    def score(c: int) -> float:
        texts = [
            v for r in body if kinds[v := rows[r][c]] == TEXT and not (hidden and (r, c) in hidden)
        ]
        if not texts:
            return 0.0
        distinct = len(set(texts))
        length = sum(map(len, texts)) / len(texts)
        # A column of file names ("charter.docx") lists each task's documents, not the tasks.
        files = sum(1 for v in texts if _FILE_NAME.match(v.strip())) > len(texts) / 2
        return distinct * (1 + min(length, 40) / 40) * (0.3 if files else 1.0)

    def header_penalty(c: int) -> float:
        top = body[0] if body else 0
        for r in range(top - 1, max(-1, top - 4), -1):
            name = clean_text(grid.value(r, c)).casefold()
            if name:
                return 0.3 if name in ATTRIBUTE_WORDS else 1.0
        return 1.0

    for columns in (range(role_columns[0]), range(role_columns[-1] + 1, grid.width)):
        scored = [(score(c) * header_penalty(c), c) for c in columns]
        scored = [(s, c) for s, c in scored if s > 0]
        if scored:
            return max(scored, key=lambda x: (x[0], x[1]))[1]
    # No text anywhere: numbered rows.
    left_any = [c for c in range(role_columns[0]) if any(grid.value(r, c).strip() for r in body)]
    return left_any[-1] if left_any else None


def _role_name(grid: Grid, header: int | None, bands: tuple[int, ...], c: int) -> str:
    if header is not None:
        name = clean_text(grid.value(header, c))
        if name:
            return name
        # A name merged over two header rows sits in the upper one.
        for r in (*bands, header - 1):
            m = grid.merge_at(r, c) if r >= 0 else None
            if m is not None and m.left == m.right == c:
                name = clean_text(grid.value(m.top, m.left))
                if name:
                    return name
        m = grid.merge_at(header, c)
        if m is not None:
            name = clean_text(grid.value(m.top, m.left))
            if name:
                return name
    return f"Column {column_name(c)}"


def _role_groups(
    grid: Grid, header: int | None, bands: tuple[int, ...], role_columns: list[int]
) -> list[str]:
    groups = [""] * len(role_columns)
    for band in bands:
        merges = [m for m in grid.merges if m.top <= band <= m.bottom]
        current = ""
        for i, c in enumerate(role_columns):
            v = clean_text(grid.value(band, c))
            m = _merge_in(merges, band, c)
            if header is not None and merged_into(grid, band, c, header):
                current, v, m = "", "", None  # a name over two rows, not a group
            elif m is not None:
                v = clean_text(grid.value(m.top, m.left))
            elif v == "" and merges:
                current = ""  # with merges known, a blank cell ends the band
            if v:
                current = v
            # The band's text is not this column's own name (merged over two rows).
            if (
                current
                and not groups[i]
                and (header is None or clean_text(grid.value(header, c)) != current)
            ):
                groups[i] = current
    return groups


def _merge_in(merges: list[Merge], r: int, c: int) -> Merge | None:
    for m in merges:
        if (r, c) in m:
            return m
    return None


def _group_column(
    grid: Grid, cells: Cells, header: int | None, task: int, roles: set[int], body: list[int]
) -> int | None:
    """A column left of the tasks filled only on each group's first row."""
    if not body:
        return None
    for c in range(task - 1, -1, -1):
        if c in roles:
            continue
        filled = [r for r in body if grid.value(r, c).strip()]
        if not filled or filled[0] != body[0]:
            continue
        if any(cells.kind(r, c) != TEXT for r in filled):
            continue
        if len(filled) <= 0.7 * len(body) and len(body) >= 3:
            return c
        if _filled_down(grid, c, filled, body) and header_text(grid, header, c).casefold() not in (
            ATTRIBUTE_WORDS
        ):
            return c
    return None


def _filled_down(grid: Grid, c: int, filled: list[int], body: list[int]) -> bool:
    """A group name repeated on every row of its group ("Phase 1", "Phase 1", "Phase 2")."""
    if len(body) < 4 or len(filled) < 0.9 * len(body):
        return False
    values = [clean_text(grid.value(r, c)) for r in body]
    runs = [v for i, v in enumerate(values) if v and (i == 0 or values[i - 1] != v)]
    distinct = set(runs)
    return len(runs) == len(distinct) and len(distinct) <= 0.7 * len(body)


def _attribute_columns(
    grid: Grid,
    cells: Cells,
    header: int | None,
    task: int,
    group: int | None,
    roles: set[int],
    body: list[int],
) -> dict[int, str]:
    """Columns that describe each row (ID, status, dates) touching the matrix; side tables not."""
    used = roles | {task} | ({group} if group is not None else set())
    lo, hi = min(used), max(used)
    out: dict[int, str] = {}

    def take(c: int) -> bool:
        if not any(grid.value(r, c).strip() for r in body):
            return bool(header is not None and grid.value(header, c).strip())
        name = header_text(grid, header, c)
        out[c] = name or f"Column {column_name(c)}"
        return True

    for c in range(lo, hi + 1):
        if c not in used:
            take(c)
    c = lo - 1
    while c >= 0 and take(c):
        c -= 1
    c = hi + 1
    while c < grid.width and take(c):
        c += 1
    return {c: name for c, name in out.items() if not any((r, c) in cells.hidden for r in body)}


# ---------------------------------------------------------------------------- the rows
