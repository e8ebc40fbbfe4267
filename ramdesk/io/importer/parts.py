"""What layout detection finds: the parts of one matrix in a sheet, and what it left out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


@dataclass
class Skipped:
    """A cell left out of the matrix, with why (shown in the preview and reports)."""

    ref: str
    text: str
    reason: str


class RowCells(Mapping[int, str]):
    """A task row's role cells as column -> stored text (codes found, "" dropped), worked out
    when first read: building ten thousand dicts of fifty cells is most of a large import's
    planning, and the matrix is filled from `values` directly."""

    __slots__ = ("columns", "values", "texts", "stored", "_cells")

    def __init__(
        self,
        columns: list[int],
        values: tuple[str, ...] | list[str],
        texts: set[str],
        stored: Mapping[str, str],
    ) -> None:
        #: The role columns, and the cell of each as written ("" where blank or hidden).
        self.columns = columns
        self.values = values
        #: The distinct non-blank texts among `values`.
        self.texts = texts
        #: Text as written -> text stored in the matrix ("" for none).
        self.stored = stored
        self._cells: dict[int, str] | None = None

    def _dict(self) -> dict[int, str]:
        if self._cells is None:
            stored = self.stored
            self._cells = {
                c: t
                for c, t in zip(self.columns, map(stored.__getitem__, self.values), strict=False)
                if t
            }
        return self._cells

    def __getitem__(self, column: int) -> str:
        return self._dict()[column]

    def __iter__(self) -> Iterator[int]:
        return iter(self._dict())

    def __len__(self) -> int:
        return len(self._dict())

    def __repr__(self) -> str:
        return f"RowCells({self._dict()!r})"


@dataclass
class PlannedRow:
    """A row of the matrix to build: a group or a deliverable, and where it came from."""

    kind: str  # "group" or "deliverable"
    row: int
    name: str
    #: Role column -> the text of its cell (deliverables only).
    cells: Mapping[int, str] = field(default_factory=dict)
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
