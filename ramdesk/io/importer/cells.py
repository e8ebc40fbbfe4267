"""Every cell of a sheet classified once: a code, "nobody", text, a number; and small helpers
that read header rows. The kinds are counted per column and per row in C (Counter) so that
sheets of millions of cells are classified in a fraction of a second."""

from __future__ import annotations

import re
from collections import Counter
from operator import itemgetter

from .grid import Grid
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


class Kinds(dict):
    """Text -> kind of cell, computed on first sight (dict lookups stay in C on hot paths)."""

    def __init__(self, vocab: Vocabulary) -> None:
        super().__init__()
        self.vocab = vocab
        self[""] = EMPTY

    def __missing__(self, v: str) -> int:
        t = v.strip()
        if not t:
            k = EMPTY
        elif t.casefold() in TICK_MARKS and t.upper() not in self.vocab.legend:
            k = TICK  # a mark of involvement, unless the file's legend says what it means
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
        self.kinds = kinds = Kinds(vocab)
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
                if k != WEAK:
                    self.col_strong[c] -= 1
            elif k == TEXT:
                self.col_text[c] -= 1
        self._body: dict[tuple[int, ...], list[bool]] = {}
        self._texts: dict[tuple[int, ...], list[set[str]]] = {}

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
        texts_of: list[set[str]] = [set()] * len(rows)
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
            # Most rows hold a few distinct texts and no plain text: their kinds settle it
            # without counting (a sheet's rows hold millions of cells).
            distinct = set(values)
            distinct.discard("")
            texts_of[r] = distinct
            found = {kinds[v] for v in distinct}
            if TEXT not in found:
                flags[r] = not found.isdisjoint(CODED)
                continue
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
        self._texts[key] = texts_of
        return flags

    def row_texts(self, columns: list[int]) -> list[set[str]] | None:
        """Per row, the distinct non-blank texts in these columns (legend cells left out), when
        body_flags has read them already (do not change the sets)."""
        return self._texts.get(tuple(columns))


#: How a text float() reads starts (sign, point, digit, "inf", "nan"); "," is read as ".".
_NUMBER_START = frozenset("+-.,iInN")


def _is_number(t: str) -> bool:
    # A cheap look at the first character spares a raised ValueError per task name.
    first = t[:1]
    if first not in _NUMBER_START and not first.isdigit() and not first.isspace():
        return False
    try:
        float(t.replace(",", "."))
    except ValueError:
        return False
    return True


def texty(cells: Cells, r: int, columns: list[int]) -> bool:
    """Mostly plain text (names), not codes written as words."""
    kinds = [cells.kind(r, c) for c in columns]
    texts = sum(1 for k in kinds if k == TEXT)
    return texts >= 1 and texts >= sum(1 for k in kinds if k != EMPTY) / 2


def filled_count(grid: Grid, r: int, columns: list[int]) -> int:
    row = grid.rows[r]
    return sum(1 for c in columns if c < len(row) and row[c].strip())


def row_names(grid: Grid, r: int, columns: list[int]) -> list[str]:
    return [clean_text(grid.value(r, c)).casefold() for c in columns]


def same_names(a: list[str], b: list[str]) -> bool:
    pairs = [(x, y) for x, y in zip(a, b, strict=False) if x or y]
    return bool(pairs) and sum(x == y for x, y in pairs) >= 0.6 * len(pairs)


def merged_into(grid: Grid, r: int, c: int, header: int) -> bool:
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


CODE_OR_BLANK = frozenset({EMPTY, NONE, CODE, TICK, WEAK})
