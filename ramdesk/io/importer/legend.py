"""Legends: the cells that say what each letter means ("R: Responsible", "A | Accountable")."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .grid import Grid
from .tokens import clean_text, legend_entries, meaning_matches, names_a_code

_LEGEND_TITLES = {"legend", "key", "symbol", "code", "codes", "letter", "meaning", "légende"}


@dataclass
class Legend:
    """Letters and their meanings as a file defines them, and the cells that hold them."""

    entries: dict[str, str] = field(default_factory=dict)
    cells: set[tuple[int, int]] = field(default_factory=set)
    sheet: str = ""

    def __bool__(self) -> bool:
        return bool(self.entries)

    def add(self, letter: str, meaning: str) -> None:
        self.entries.setdefault(letter.upper(), clean_text(meaning))


def _single_letter(text: str) -> str | None:
    t = text.strip().strip(":=").strip()
    if 1 <= len(t) <= 2 and t.isalpha():
        return t.upper()
    return None


def _cell_entries(v: str) -> list[tuple[str, str]]:
    if len(v) < 3 or len(v) > 200 or not any(ch in v for ch in ":=-–—"):
        return []
    return legend_entries(v)


def _meaning_like(v: str) -> bool:
    first = v.split(maxsplit=1)[0] if v.strip() else ""
    return len(first) >= 3 and first.strip("()[]:-–,.").replace("-", "").isalpha()


def _pair(v: str, nxt: str) -> tuple[str, str] | None:
    """A letter | meaning pair ("R" | "Responsible - does the work"), or None."""
    if not v or not nxt or len(v) > 4 or len(nxt) <= 3:
        return None
    letter = _single_letter(v)
    if letter is None or not _meaning_like(nxt):
        return None
    meaning = clean_text(nxt)
    return (letter, meaning) if meaning_matches(letter, meaning) or names_a_code(meaning) else None


def find_legend(grid: Grid) -> Legend:
    """Every legend in one sheet: entries written in cells, and letter | meaning pairs."""
    legend = Legend(sheet=grid.name)
    in_cell: list[tuple[int, int, list[tuple[str, str]]]] = []
    pairs: list[tuple[int, int, str, str]] = []
    rows = grid.rows
    counts = grid.column_counts()
    # Look only where a legend can be: texts with entries, letters beside meaning-like text.
    entries_of = {v: e for col in counts for v in col if v and (e := _cell_entries(v))}
    if entries_of:
        # A legend says once what a letter means. The same "R - Responsible" in many cells is
        # a code picked from a dropdown list that spells out its meaning: the grid, not a legend.
        times: Counter[str] = Counter()
        for col in counts:
            times.update({v: n for v, n in col.items() if v in entries_of})
        repeated = {v for v, n in times.items() if n > 2}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v in entries_of and v not in repeated:
                    in_cell.append((r, c, entries_of[v]))
    for c in range(len(counts) - 1):
        letters = {x for v in counts[c] if v and len(v) <= 4 and (x := _single_letter(v))}
        if not letters:
            continue
        initials = {x[0] for x in letters}
        # A legend has at least two meanings beside letters they start with.
        meanings = sum(
            1
            for v in counts[c + 1]
            if v
            and len(v) > 3
            and (v.lstrip()[:1].upper() in initials or names_a_code(v))
            and _meaning_like(v)
        )
        if meanings >= 2:
            for r, row in enumerate(rows):
                found = _pair(row[c], row[c + 1])
                if found is not None:
                    pairs.append((r, c, *found))
    # One cell with several entries is a legend by itself; single entries need company nearby.
    at = {(r, c) for r, c, _e in in_cell}
    rows_with = Counter(r for r, _c, _e in in_cell)
    for r, c, entries in in_cell:
        near = (
            len(entries) > 1
            or rows_with[r] > 1
            or any((r + d, c) in at for d in (-3, -2, -1, 1, 2, 3))
        )
        if near:
            for letter, meaning in entries:
                legend.add(letter, meaning)
            legend.cells.add((r, c))
    at = {(r, c) for r, c, _l, _m in pairs}
    for r, c, letter, meaning in pairs:
        if any((r + d, c) in at for d in (-2, -1, 1, 2)):
            legend.add(letter, meaning)
            row = rows[r]
            end = c
            while end < len(row) and row[end].strip():
                legend.cells.add((r, end))
                end += 1
    _take_titles(grid, legend)
    return legend


def _take_titles(grid: Grid, legend: Legend) -> None:
    """The legend's own heading ("Legend", "Symbol | Meaning") belongs to it too."""
    if not legend.cells:
        return
    top = min(r for r, _c in legend.cells)
    cols = {c for _r, c in legend.cells}
    for r in (top - 1, top - 2):
        if r < 0:
            continue
        row = grid.rows[r]
        texts = [(c, clean_text(v)) for c, v in enumerate(row) if v.strip()]
        if (
            texts
            and all(t.casefold().strip(":") in _LEGEND_TITLES for _c, t in texts)
            and any(c in cols or c - 1 in cols or c + 1 in cols for c, _t in texts)
        ):
            legend.cells.update((r, c) for c, _t in texts)
            return
