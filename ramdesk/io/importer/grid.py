"""The neutral grid every reader produces: a sheet's text, its merged ranges, and lazy styles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import compress


@dataclass(frozen=True)
class CellStyle:
    """The look of a cell where it carries meaning: fill colour, bold text, number format."""

    fill: str = ""
    bold: bool = False
    number_format: str = ""


#: Asks a file for the styles of some cells: {(row, column): CellStyle}, missing = plain.
StyleLoader = Callable[[Iterable[tuple[int, int]]], dict[tuple[int, int], CellStyle]]


@dataclass(frozen=True)
class Merge:
    """A merged range, 0-based and inclusive."""

    top: int
    left: int
    bottom: int
    right: int

    def __contains__(self, cell: tuple[int, int]) -> bool:
        r, c = cell
        return self.top <= r <= self.bottom and self.left <= c <= self.right


@dataclass
class Grid:
    """One sheet as text: `rows[r][c]` is the cell as the user sees it ("" when blank)."""

    name: str
    rows: list[list[str]]
    merges: list[Merge] = field(default_factory=list)
    #: Loads styles on demand (None where the format keeps none, as CSV).
    style_loader: StyleLoader | None = None
    #: The sheet is hidden in its workbook (an old copy, a helper sheet).
    hidden: bool = False
    _styles: dict[tuple[int, int], CellStyle] = field(default_factory=dict, repr=False)
    _styled: set[tuple[int, int]] = field(default_factory=set, repr=False)
    _column_counts: list[Counter[str]] | None = field(default=None, repr=False)
    _merge_rows: dict[int, list[Merge]] | None = field(default=None, repr=False)

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def square(self) -> None:
        """Pad every row to the sheet's width (CSV rows differ in length)."""
        width = self.width
        for row in self.rows:
            if len(row) < width:
                row.extend([""] * (width - len(row)))

    def column_counts(self) -> list[Counter[str]]:
        """How often each text occurs in each column (computed once; counting runs in C)."""
        if self._column_counts is None:
            self.square()
            counts = []
            for col in zip(*self.rows, strict=True):
                # Blanks (most cells of a sheet) are counted by difference, not one by one.
                column = Counter(compress(col, col))
                blank = len(col) - sum(column.values())
                if blank:
                    column[""] = blank
                counts.append(column)
            self._column_counts = counts
        return self._column_counts

    def value(self, r: int, c: int) -> str:
        if 0 <= r < len(self.rows):
            row = self.rows[r]
            if 0 <= c < len(row):
                return row[c]
        return ""

    def styles(self, cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], CellStyle]:
        """The styles of these cells (loaded once from the file; plain where unknown)."""
        wanted = [cell for cell in cells if cell not in self._styled]
        if wanted and self.style_loader is not None:
            try:
                self._styles.update(self.style_loader(wanted))
            except Exception:  # noqa: BLE001 - styles are a hint; a broken style part loses none
                self.style_loader = None
        self._styled.update(wanted)
        return {cell: self._styles[cell] for cell in cells if cell in self._styles}

    @property
    def has_styles(self) -> bool:
        return self.style_loader is not None

    def merge_at(self, r: int, c: int) -> Merge | None:
        """The merged range holding a cell, if any (indexed by row: sheets have many merges)."""
        if not self.merges:
            return None
        if self._merge_rows is None:
            index: dict[int, list[Merge]] = {}
            for m in self.merges:
                # Huge merges (whole columns) are rare; index at most a sheet's worth of rows.
                for row in range(m.top, min(m.bottom, m.top + 100_000) + 1):
                    index.setdefault(row, []).append(m)
            self._merge_rows = index
        for m in self._merge_rows.get(r, ()):
            if m.left <= c <= m.right:
                return m
        return None


def column_name(c: int) -> str:
    """Spreadsheet column letters for a 0-based index (0 -> "A", 27 -> "AB")."""
    name = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        name = chr(65 + rem) + name
    return name


def cell_ref(r: int, c: int) -> str:
    """A cell reference as spreadsheets write it ("B5") for 0-based row and column."""
    return f"{column_name(c)}{r + 1}"
