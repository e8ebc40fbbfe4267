"""ramdesk: the desktop editor for responsibility assignment matrices.

Scripts use the small public API::

    import ramdesk
    matrix = ramdesk.load("plan.xlsx")
    for problem in matrix.problems():
        print(problem.severity, problem.message)
    ramdesk.save(matrix, "plan-checked.xlsx")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ramdesk.model import Matrix

__all__ = ["__version__", "load", "save"]


def __getattr__(name: str) -> Any:
    # __version__ is looked up when asked: importlib.metadata costs ~30 ms, which every process
    # importing ramdesk (the editor's first window among them) would pay otherwise.
    if name == "__version__":
        from importlib import metadata

        try:
            version = metadata.version("ramdesk")
        except metadata.PackageNotFoundError:  # running from a checkout that was not installed
            version = "0.0.0+checkout"
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load(path: Any, sheet: str | None = None) -> Matrix:
    """Read a matrix from a file: ramdesk's workbook, or any spreadsheet holding a RACI matrix."""
    from ramdesk.io import load as _load

    return _load(path, sheet=sheet)


def save(matrix: Matrix, path: Any, layout: str | None = None) -> None:
    """Write a matrix to a file (by its suffix: .xlsx, .csv)."""
    from ramdesk.io import save as _save

    _save(matrix, path, layout=layout)
