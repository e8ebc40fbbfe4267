"""Importing colleagues' spreadsheets of any layout: xlsx, xlsm, ods, xls, csv and tsv.

`read_matrix(path)` gives the best matrix of a file; `detect(path)` gives every candidate with
what was found (sheet, header rows, task column, role columns, groups, legend, scheme, skipped
cells) so a preview can show it and `Detection.build(candidate, overrides)` can apply a user's
corrections. The built matrix's `source` is an `ImportSource` recording where everything came from.
"""

from __future__ import annotations

from .detect import Candidate, Detection, Overrides, build_matrix, detect, read_matrix
from .grid import CellStyle, Grid, Merge, cell_ref, column_name
from .legend import Legend
from .parts import Layout, Skipped
from .readers import Workbook, read_workbook
from .source import ImportSource

__all__ = [
    "Candidate",
    "CellStyle",
    "Detection",
    "Grid",
    "ImportSource",
    "Layout",
    "Legend",
    "Merge",
    "Overrides",
    "Skipped",
    "Workbook",
    "build_matrix",
    "cell_ref",
    "column_name",
    "detect",
    "read_matrix",
    "read_workbook",
]
