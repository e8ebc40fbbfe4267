"""ramdesk: the desktop editor for responsibility assignment matrices.

Scripts use the small public API::

    import ramdesk
    matrix = ramdesk.load("plan.xlsx")
    for problem in matrix.problems():
        print(problem.severity, problem.message)
    ramdesk.save(matrix, "plan-checked.xlsx")
"""

from __future__ import annotations

from importlib import metadata as _metadata
from typing import TYPE_CHECKING, Any

try:
    __version__ = _metadata.version("ramdesk")
except _metadata.PackageNotFoundError:  # running from a checkout that was not installed
    __version__ = "0.0.0+checkout"

if TYPE_CHECKING:
    from ramdesk.model import Matrix

__all__ = ["__version__", "load", "save"]


def load(path: Any, sheet: str | None = None) -> Matrix:
    """Read a matrix from a file: ramdesk's workbook, or any spreadsheet holding a RACI matrix."""
    from ramdesk.io import load as _load

    return _load(path, sheet=sheet)


def save(matrix: Matrix, path: Any, layout: str | None = None) -> None:
    """Write a matrix to a file (by its suffix: .xlsx, .csv)."""
    from ramdesk.io import save as _save

    _save(matrix, path, layout=layout)
