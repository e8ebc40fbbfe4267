"""Legends: the cells that say what each letter means ("R: Responsible", "A | Accountable")."""

from __future__ import annotations

from dataclasses import dataclass, field

from .grid import Grid
from .tokens import clean_text, legend_entries, meaning_matches

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


def find_legend(grid: Grid) -> Legend:
    """Every legend in one sheet: entries written in cells, and letter | meaning pairs."""
    legend = Legend(sheet=grid.name)
    in_cell: list[tuple[int, int, list[tuple[str, str]]]] = []
    pairs: list[tuple[int, int, str, str]] = []
    rows = grid.rows
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if not v or len(v) > 200:
                continue
            entries = legend_entries(v)
            if entries:
                in_cell.append((r, c, entries))
                continue
            letter = _single_letter(v) if len(v) <= 4 else None
            if letter is not None and c + 1 < len(row):
                meaning = clean_text(row[c + 1])
                if len(meaning) > 2 and meaning_matches(letter, meaning):
                    pairs.append((r, c, letter, meaning))
    # One cell with several entries is a legend by itself; single entries need company nearby.
    for r, c, entries in in_cell:
        near = len(entries) > 1 or any(
            (abs(r2 - r) <= 3 and c2 == c) or (r2 == r and c2 != c)
            for r2, c2, _e in in_cell
            if (r2, c2) != (r, c)
        )
        if near:
            for letter, meaning in entries:
                legend.add(letter, meaning)
            legend.cells.add((r, c))
    for r, c, letter, meaning in pairs:
        if any(abs(r2 - r) <= 2 and c2 == c and (r2, c2) != (r, c) for r2, c2, _l, _m in pairs):
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
