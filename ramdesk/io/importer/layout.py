"""Layout detection: where a sheet's matrix is (header rows, task column, role columns, groups).

A matrix is a block of rows holding codes under a row of names; everything else on the sheet
(titles, legends, notes, side tables) is named and skipped, never read as tasks or roles.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter

from .grid import Grid, Merge, cell_ref, column_name
from .tokens import TICK_MARKS, Vocabulary, clean_text

# Kinds of cell.
EMPTY, CODE, NONE, TEXT, NUMBER, TICK, WEAK = range(7)
#: Codes beyond doubt: one letter, letters with separators ("A/R", "R (A)"), tick marks.
CODED = frozenset({CODE, TICK})
#: Also codes written as one word or run of letters ("Owner", "RA", "QA"): in a header row
#: these are names, in a column of codes they are codes.
CODEISH = frozenset({CODE, TICK, WEAK})
_DECORATED = re.compile(r"^[(\[]?[^\W\d_]{1,2}[)\]]?[*?!+'’]{1,2}$")
_ONE_WORD = re.compile(r"^\W*[^\W\d_]{2,}\W*$")

#: Headers of columns that describe a row rather than name a role.
ATTRIBUTE_WORDS = {
    "id", "no", "nr", "#", "ref", "wbs", "status", "priority", "date", "due", "due date", "start",
    "end", "deadline", "notes", "note", "comments", "comment", "remarks", "description",
    "document", "documents", "owner", "progress", "%", "effort",
}  # fmt: skip


@dataclass
class Skipped:
    """A cell left out of the matrix, with why (shown in the preview and reports)."""

    ref: str
    text: str
    reason: str


@dataclass
class PlannedRow:
    """A row of the matrix to build: a group or a deliverable, and where it came from."""

    kind: str  # "group" or "deliverable"
    row: int
    name: str
    #: Role column -> the text of its cell (deliverables only).
    cells: dict[int, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    #: Rows below whose text continued the name (merged code cells beside them).
    continued: tuple[int, ...] = ()
    #: A group from a group column: its row, and True when it encloses section rows.
    outer: bool = False
    #: In a matrix of names under code columns: name -> the codes of its cells ("R/A").
    people: dict[str, str] = field(default_factory=dict)


@dataclass
class Layout:
    """Where one matrix lies in a sheet."""

    sheet: str
    name_row: int | None
    band_rows: tuple[int, ...]
    task_column: int
    role_columns: list[int]
    role_names: list[str]
    role_groups: list[str]
    group_column: int | None
    attribute_columns: dict[int, str]
    first_row: int
    last_row: int
    plan: list[PlannedRow]
    skipped: list[Skipped]
    codes: int
    known: int
    unknown_cells: int
    ticks: int
    #: How often each letter is used.
    used: Counter[str] = field(default_factory=Counter)
    #: For a matrix of names under code columns ("Responsible" | "Accountable"): column -> code;
    #: then `role_names` are the names found in the cells, and `role_columns` the code columns.
    code_columns: dict[int, str] = field(default_factory=dict)

    @property
    def header_rows(self) -> tuple[int, ...]:
        rows = set(self.band_rows)
        if self.name_row is not None:
            rows.add(self.name_row)
        return tuple(sorted(rows))


class _Kinds(dict):
    """Text -> kind of cell, computed on first sight (dict lookups stay in C on hot paths)."""

    def __init__(self, vocab: Vocabulary) -> None:
        super().__init__()
        self.vocab = vocab
        self[""] = EMPTY

    def __missing__(self, v: str) -> int:
        t = v.strip()
        if not t:
            k = EMPTY
        elif t.casefold() in TICK_MARKS:
            k = TICK
        else:
            parsed = self.vocab.parse(t)
            if parsed is None:
                # "A*", "R?": a code with a mark; kept as written, but its column is codes.
                k = NUMBER if _is_number(t) else WEAK if _DECORATED.match(t) else TEXT
            elif parsed:
                k = WEAK if _ONE_WORD.match(t) else CODE
            else:
                k = NONE
        if len(self) < 50_000:
            self[v] = k
        return k


class Cells:
    """A grid's cells classified once (codes, none-marks, text, numbers), legend cells blanked."""

    def __init__(self, grid: Grid, vocab: Vocabulary, hidden: set[tuple[int, int]]) -> None:
        self.grid = grid
        self.vocab = vocab
        self.hidden = hidden
        self.kinds = kinds = _Kinds(vocab)
        width = grid.width
        counts = grid.column_counts()
        self.col_codes = [0] * width
        self.col_text = [0] * width
        self.col_filled = [0] * width
        self.col_strong = [0] * width
        for c, column in enumerate(counts):
            n_code = n_text = n_filled = n_strong = 0
            for v, n in column.items():
                k = kinds[v]
                if k != EMPTY:
                    n_filled += n
                if k in CODEISH:
                    n_code += n
                    if k != WEAK:
                        n_strong += n
                elif k == TEXT:
                    n_text += n
            self.col_codes[c], self.col_text[c], self.col_filled[c] = n_code, n_text, n_filled
            self.col_strong[c] = n_strong
        for r, c in hidden:
            k = self.kind_of(grid.value(r, c))
            if k == EMPTY:
                continue
            self.col_filled[c] -= 1
            if k in CODEISH:
                self.col_codes[c] -= 1
            elif k == TEXT:
                self.col_text[c] -= 1
        self._body: dict[tuple[int, ...], list[bool]] = {}

    def kind_of(self, v: str) -> int:
        return self.kinds[v]

    def kind(self, r: int, c: int) -> int:
        if (r, c) in self.hidden:
            return EMPTY
        return self.kinds[self.grid.value(r, c)]

    def body_flags(self, columns: list[int]) -> list[bool]:
        """Per row: does it hold codes (at least as many as other text) in these columns?"""
        key = tuple(columns)
        flags = self._body.get(key)
        if flags is not None:
            return flags
        rows = self.grid.rows
        kinds = self.kinds
        flags = [False] * len(rows)
        contiguous = columns == list(range(columns[0], columns[-1] + 1))
        pick = itemgetter(*columns) if not contiguous else None
        a, b = columns[0], columns[-1] + 1
        hidden_rows = {r for r, c in self.hidden if a <= c < b}
        for r, row in enumerate(rows):
            values = row[a:b] if pick is None else pick(row)
            if len(columns) == 1:
                values = (values,) if pick is not None else values
            if r in hidden_rows:
                values = [
                    v for c, v in zip(columns, values, strict=False) if (r, c) not in self.hidden
                ]
            n_code = n_weak = n_text = 0
            for v, n in Counter(values).items():
                k = kinds[v]
                if k in CODED:
                    n_code += n
                elif k == WEAK:
                    n_weak += n
                elif k == TEXT:
                    n_text += n
            flags[r] = n_code >= 1 and n_code + n_weak >= n_text
        self._body[key] = flags
        return flags


def _is_number(t: str) -> bool:
    try:
        float(t.replace(",", "."))
    except ValueError:
        return False
    return True


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
    clusters: list[list[int]] = []
    for c in columns:
        if clusters and not any(cells.col_filled[x] == 0 for x in range(clusters[-1][-1] + 1, c)):
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


def _is_body(grid: Grid, cells: Cells, r: int, columns: list[int]) -> bool:
    return cells.body_flags(columns)[r]


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
    while r < height:
        if not _is_body(grid, cells, r, cluster):
            r += 1
            continue
        header = None
        for h in range(r - 1, max(-1, r - 14), -1):
            if _header_like(grid, cells, h, span):
                header = h
                break
        if header is not None and not _texty(cells, header, span):
            # Codes written as words ("RA") under the real names: the names are higher up.
            for h in range(header - 1, max(-1, header - 4), -1):
                if _header_like(grid, cells, h, span) and _texty(cells, h, span):
                    header = h
                    break
        # Names above a sparser band: the fuller row holds the names.
        if (
            header is not None
            and header > 0
            and _header_like(grid, cells, header - 1, span)
            and _filled(grid, header - 1, span) > _filled(grid, header, span)
        ):
            header -= 1
        blocks.append((r, header))
        # Skip to a header row whose names differ: that starts another matrix.
        names = _names(grid, header, span) if header is not None else None
        r += 1
        while r < height:
            if (
                not _is_body(grid, cells, r, cluster)
                and _header_like(grid, cells, r, span)
                and _texty(cells, r, span)
            ):
                other = _names(grid, r, span)
                if names is not None and not _same_names(names, other):
                    nxt = r + 1
                    while nxt < height and not grid.rows[nxt]:
                        nxt += 1
                    if any(
                        _is_body(grid, cells, x, cluster) for x in range(r + 1, min(height, r + 4))
                    ):
                        break
            r += 1
    return blocks


def _texty(cells: Cells, r: int, columns: list[int]) -> bool:
    """Mostly plain text (names), not codes written as words."""
    kinds = [cells.kind(r, c) for c in columns]
    texts = sum(1 for k in kinds if k == TEXT)
    return texts >= 1 and texts >= sum(1 for k in kinds if k != EMPTY) / 2


def _filled(grid: Grid, r: int, columns: list[int]) -> int:
    row = grid.rows[r]
    return sum(1 for c in columns if c < len(row) and row[c].strip())


def _names(grid: Grid, r: int, columns: list[int]) -> list[str]:
    return [clean_text(grid.value(r, c)).casefold() for c in columns]


def _same_names(a: list[str], b: list[str]) -> bool:
    pairs = [(x, y) for x, y in zip(a, b, strict=False) if x or y]
    return bool(pairs) and sum(x == y for x, y in pairs) >= 0.6 * len(pairs)


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
    body = [r for r in range(first, last + 1) if _is_body(grid, cells, r, cluster)]
    if role_columns is None:
        role_columns = _role_columns(grid, cells, header, cluster, body)
    if not role_columns:
        return None
    if role_columns != cluster:
        # Rows whose only codes sit in columns the first pass left out still belong.
        last = max(last, _last_body_row(grid, cells, role_columns, first, header, span))
        body = [r for r in range(first, last + 1) if _is_body(grid, cells, r, role_columns)]
    band_rows = _band_rows(grid, cells, header, first, role_columns)
    if task_column is None:
        task_column = _task_column(grid, cells, role_columns, body)
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
    plan, stats, used = _plan(
        grid, cells, header, first, last, task_column, role_columns, group_column, attributes,
        skipped,
    )  # fmt: skip
    if any(p.kind == "header" for p in plan):
        # Blocks under a repeated header: each block is a group, the first one titled above it.
        if header is not None and plan and plan[0].kind != "group":
            title = _title_above(grid, cells, header)
            if title is not None:
                plan.insert(0, PlannedRow("group", title[0], title[1]))
        plan = [p for p in plan if p.kind != "header"]
    _skip_around(grid, cells, header, first, last, role_columns, task_column, attributes, skipped)
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
) -> None:
    """Name what is left out above the header (titles, notes) and beside the matrix."""
    top = min([header] if header is not None else [first])
    for r in range(max(0, top - 40), top):
        for c, v in enumerate(grid.rows[r]):
            if v.strip() and (r, c) not in cells.hidden:
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
    names = _names(grid, header, span) if header is not None else None
    last = first
    for r in range(first, grid.height):
        if _is_body(grid, cells, r, cluster) or _soft_body(cells, r, cluster):
            last = r
        elif (
            names is not None
            and _header_like(grid, cells, r, span)
            and _texty(cells, r, span)
            and not _same_names(names, _names(grid, r, span))
        ):
            break
    return last


def _soft_body(cells: Cells, r: int, columns: list[int]) -> bool:
    """Codes written only as words or letter runs, and no other text: still the body."""
    kinds = [cells.kind(r, c) for c in columns]
    return any(k == WEAK for k in kinds) and all(k in _CODE_OR_BLANK for k in kinds)


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
            and not _merged_into(grid, r, c, header)
        ]
        if not texts or not _texty(cells, r, span):
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


def _merged_into(grid: Grid, r: int, c: int, header: int) -> bool:
    """The cell is merged down (or up) into the header row: a name over two rows."""
    m = grid.merge_at(r, c)
    return m is not None and m.top <= header <= m.bottom and m.top != m.bottom


def header_text(grid: Grid, header: int | None, c: int) -> str:
    """A column's header text, also when merged from the row above."""
    if header is None:
        return ""
    text = clean_text(grid.value(header, c))
    if not text:
        m = grid.merge_at(header, c)
        if m is not None:
            text = clean_text(grid.value(m.top, m.left))
    return text


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
    # Named columns just right of the codes, with nothing below yet, are roles not yet used.
    c = coded[-1] + 1
    while c < grid.width:
        name = header_text(grid, header, c)
        if not name or name.casefold() in ATTRIBUTE_WORDS:
            break
        if any(cells.kind(r, c) not in _CODE_OR_BLANK for r in body):
            break
        coded.append(c)
        c += 1
    # Named columns just left of the codes holding codes written as words ("RA") or nothing.
    c = coded[0] - 1
    while c >= 0:
        name = header_text(grid, header, c)
        if not name or name.casefold() in ATTRIBUTE_WORDS:
            break
        kinds = [cells.kind(r, c) for r in body]
        if any(k not in _CODE_OR_BLANK for k in kinds):
            break
        coded.insert(0, c)
        c -= 1
    return coded


_CODE_OR_BLANK = frozenset({EMPTY, NONE, CODE, TICK, WEAK})


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


def _code_text(column: Counter[str], kinds: _Kinds) -> tuple[int, int]:
    n_code = n_text = 0
    for v, n in column.items():
        k = kinds[v]
        if k in CODEISH:
            n_code += n
        elif k == TEXT:
            n_text += n
    return n_code, n_text


def _task_column(grid: Grid, cells: Cells, role_columns: list[int], body: list[int]) -> int | None:
    """The column naming the tasks: the most distinct text, longest, not headed like an ID."""

    def score(c: int) -> float:
        texts = [grid.rows[r][c] for r in body if cells.kind(r, c) == TEXT]
        if not texts:
            return 0.0
        distinct = len(set(texts))
        length = sum(map(len, texts)) / len(texts)
        return distinct * (1 + min(length, 40) / 40)

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
            if header is not None and _merged_into(grid, band, c, header):
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
def _plan(
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
    names = _names(grid, header, span) if header is not None else None
    plan: list[PlannedRow] = []
    stored = _Stored(cells.vocab)
    pick = itemgetter(*roles) if len(roles) > 1 else None
    role_set = set(roles)
    hidden_here = {(r, c) for r, c in hidden if first <= r <= last and c in role_set}
    seen: list[str] = []
    current_outer = ""
    for r in range(first, last + 1):
        row = rows[r]
        if not any(row):
            continue
        values = pick(row) if pick is not None else (row[roles[0]],)
        # compress/filter/map keep the per-cell work in C on large sheets.
        cells_of = list(zip(compress(roles, values), filter(None, values), strict=True))
        if hidden_here:
            cells_of = [(c, v) for c, v in cells_of if (r, c) not in hidden_here]
        if (
            names is not None
            and r != header
            and _repeats_header(grid, r, header, roles, task)
            and _same_names(names, _names(grid, r, span))
        ):
            skipped.append(Skipped(cell_ref(r, roles[0]), "", "header repeated"))
            plan.append(PlannedRow("header", r, ""))
            continue
        texts = [v for _c, v in cells_of]
        seen.extend(texts)
        coded = {
            c: t
            for c, t in zip([c for c, _v in cells_of], map(stored.__getitem__, texts), strict=True)
            if t
        }
        task_text = clean_text(grid.value(r, task)) if (r, task) not in hidden else ""
        if group_column is not None:
            outer = clean_text(grid.value(r, group_column))
            if outer and outer != current_outer:
                plan.append(PlannedRow("group", r, outer, outer=True))
                current_outer = outer
        # Role cells written "N" or "-" say "nobody": still a task, unless the task is "N" too.
        if coded or (cells_of and task_text):
            name = task_text
            if not name or cells.kind(r, task) == NONE:
                if not coded:
                    skipped.append(Skipped(cell_ref(r, task), task_text, "filler row"))
                    continue
                name = name or _row_label(grid, r, attributes) or f"Row {r + 1}"
            pr = PlannedRow("deliverable", r, name, coded, _attrs(grid, r, attributes))
            plan.append(pr)
            continue
        texts = [
            (c, clean_text(v))
            for c, v in enumerate(row)
            if v.strip() and (r, c) not in hidden and c != group_column
        ]
        if not texts:
            continue
        plan.append(PlannedRow("text", r, task_text, {}, _attrs(grid, r, attributes)))
    plan = _resolve_text_rows(grid, cells, plan, task, roles, group_column, attributes, skipped)
    codes = known = unknown = ticks = 0
    used: Counter[str] = Counter()
    letters = cells.vocab.letters
    for v, n in Counter(seen).items():
        parsed = cells.vocab.parse(v.strip())
        if parsed is None:
            unknown += n
        elif parsed:
            codes += n * len(parsed)
            known += n * sum(1 for x in parsed if x in letters and x != "X")
            ticks += n * (parsed == ("X",))
            for x in parsed:
                used[x] += n
    stats = {"codes": codes, "known": known, "unknown_cells": unknown, "ticks": ticks}
    return plan, stats, used


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


def _attrs(grid: Grid, r: int, attributes: dict[int, str]) -> dict[str, str]:
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
    return out
