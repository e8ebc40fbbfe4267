"""Where an imported matrix came from, cell by cell: what writing changes back needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ramdesk.model import Group, Role, Row


@dataclass
class ImportSource:
    """The layout of the colleague's file a matrix was read from (0-based rows and columns)."""

    #: The file read.
    path: Path
    #: "xlsx", "ods", "xls" or "csv".
    format: str
    #: The sheet the matrix is on (for CSV, the file's stem).
    sheet: str
    #: Every header row, top to bottom: the role names and any band of role groups.
    header_rows: tuple[int, ...]
    #: The row of role names (None when the matrix had no header).
    name_row: int | None
    #: Rows holding the role-group band(s).
    band_rows: tuple[int, ...]
    #: The column of deliverable names.
    task_column: int
    #: The column of group names filled on each group's first row, if the file has one.
    group_column: int | None
    #: The column of each role.
    role_columns: dict[Role, int]
    #: The row of each deliverable and group.
    rows: dict[Row, int]
    #: Rows whose text continued a deliverable's name (deliverable -> extra rows).
    continued_rows: dict[Row, tuple[int, ...]] = field(default_factory=dict)
    #: Other columns kept as deliverable attributes: attribute name -> column.
    attribute_columns: dict[str, int] = field(default_factory=dict)
    #: First and last row of the matrix body.
    first_row: int = 0
    last_row: int = 0
    #: The legend's sheet and cells (empty when the file has none).
    legend_sheet: str = ""
    legend_cells: tuple[tuple[int, int], ...] = ()
    #: Groups that came from the group column rather than from a row of their own.
    column_groups: set[Group] = field(default_factory=set)
    #: The file carries macros (never run).
    macros: bool = False
    #: What to pass as `sheet=` to read the same matrix again: the sheet's name, or "Sheet #2"
    #: for a further matrix on the same sheet.
    sheet_choice: str = ""
    #: The other matrices found in the file ("Sheet #2", "Team B"): what `sheet=` may choose.
    other_matrices: tuple[str, ...] = ()
    #: A file with one column per code and names in the cells: code -> its column (then
    #: `role_columns` is empty; each role is a name found in those cells).
    code_columns: dict[str, int] = field(default_factory=dict)

    def row_of(self, item: Row) -> int | None:
        """The sheet row an item was read from (None for one added since)."""
        return self.rows.get(item)

    def column_of(self, role: Role) -> int | None:
        """The sheet column a role was read from (None for one added since)."""
        return self.role_columns.get(role)
