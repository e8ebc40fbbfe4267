"""What layout detection finds: the parts of one matrix in a sheet, and what it left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


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
