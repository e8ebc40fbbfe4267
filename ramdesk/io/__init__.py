"""Reading and writing matrices: ramdesk's workbook, other spreadsheets, CSV. Imports no Qt."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FileProblem, NotAMatrix, ReadError, WriteError

if TYPE_CHECKING:
    from ramdesk.model import Matrix

__all__ = [
    "FileProblem",
    "NotAMatrix",
    "ReadError",
    "Source",
    "WriteError",
    "load",
    "save",
]

#: What `save` can write, by suffix.
SAVE_SUFFIXES = (".xlsx", ".csv")
_ZIP_MAGIC = b"PK\x03\x04"


def __getattr__(name: str) -> Any:
    if name == "Source":  # lazily: the reader module pulls in the model
        from .workbook_read import Source

        return Source
    raise AttributeError(name)


def load(path: str | os.PathLike[str], sheet: str | None = None) -> Matrix:
    """Read a matrix: ramdesk's own workbook, or any spreadsheet holding a responsibility matrix."""
    target = Path(path)
    _check(target)
    from .workbook_read import NotRamdeskWorkbook, is_ramdesk_workbook, read_workbook

    if _is_zip(target) and is_ramdesk_workbook(target):
        from .workbook_write import SHEET_MATRIX

        if sheet is None or sheet == SHEET_MATRIX:
            try:
                return read_workbook(target)
            except NotRamdeskWorkbook:
                pass  # someone's own sheet happens to carry the name: read it as theirs
    try:
        from ramdesk.io.importer import read_matrix
    except ImportError:
        raise ReadError(
            target,
            "is not a ramdesk workbook, and other spreadsheet layouts are not supported yet.",
        ) from None
    return read_matrix(target, sheet=sheet)


def save(matrix: Matrix, path: str | os.PathLike[str], layout: str | None = None) -> None:
    """Write a matrix by the file's suffix: .xlsx (ramdesk's workbook, or back into a colleague's
    workbook when the matrix came from one), .csv (the grid as a spreadsheet shows it)."""
    target = Path(path)
    suffix = target.suffix.lower()
    if layout not in (None, "ramdesk", "source"):
        raise WriteError(target, f"cannot be written in the layout “{layout}”.")
    if target.is_dir():
        raise WriteError(target, "is a folder; choose a file name to save to.")
    if suffix == ".csv":
        from .csv_out import write_grid_csv

        write_grid_csv(matrix, target)
        return
    if suffix != ".xlsx":
        known = ", ".join(SAVE_SUFFIXES)
        raise WriteError(
            target,
            f"cannot be written: ramdesk saves {known} files, not “{target.suffix or 'no suffix'}”.",
        )
    if layout != "ramdesk" and _from_colleague(matrix):
        try:
            from ramdesk.io.writeback import write_back
        except ImportError:
            write_back = None
        if write_back is not None:
            write_back(matrix, target)
            return
    from .workbook_write import write_workbook

    write_workbook(matrix, target)


def _from_colleague(matrix: Matrix) -> bool:
    """True when the matrix was read from someone's spreadsheet, not from ramdesk's workbook."""
    source = matrix.source
    if source is None:
        return False
    get = source.get if isinstance(source, dict) else lambda key: getattr(source, key, None)
    if get("layout") == "ramdesk":
        return False
    # Only a workbook can take the changes back in its own layout; a CSV becomes a workbook.
    return str(get("format") or "xlsx").lower() in ("xlsx", "xlsm")


def _check(target: Path) -> None:
    """Refuse a missing, empty, damaged or hostile file with one sentence, before reading it."""
    try:
        from .safety import check_file
    except ImportError:
        check_file = None
    if check_file is not None:
        check_file(target)
        return
    try:
        info = target.stat()
    except FileNotFoundError:
        raise ReadError(target, "does not exist (it may have been moved or deleted).") from None
    except OSError as exc:
        raise ReadError(target, f"cannot be read: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(target, "is a folder, not a file.")
    if info.st_size == 0:
        raise ReadError(target, "is empty (0 bytes).")
    if target.suffix.lower() in (".xlsx", ".xlsm") and not zipfile.is_zipfile(target):
        raise ReadError(target, "is not a valid workbook or is damaged.")


def _is_zip(target: Path) -> bool:
    try:
        with open(target, "rb") as f:
            return f.read(4) == _ZIP_MAGIC
    except OSError:
        return False
