"""Opening the FILE of a command: a spreadsheet, ramdesk's matrix data, or the built-in example."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CommandError

if TYPE_CHECKING:
    from ramdesk.model import Matrix

#: Typed in place of FILE, it means the built-in example (unless a file has that name).
EXAMPLE = "example"
#: ramdesk's matrix data as JSON (ramdesk.model.serialize), e.g. the example's own file.
DATA_SUFFIX = ".json"


@dataclass
class Opened:
    """A matrix and where it came from, for messages and reports."""

    matrix: Matrix
    #: The file as the user typed it ("example" for the built-in one).
    label: str
    path: Path | None
    #: The sheet the matrix was read from, where the file has sheets.
    sheet: str | None
    #: "ramdesk" for ramdesk's own workbook; another name for a colleague's layout.
    layout: str | None = None


def open_matrix(file: str, sheet: str | None = None) -> Opened:
    """Read the matrix a command works on; any failure is a CommandError naming the file."""
    if file == EXAMPLE and not os.path.lexists(file):
        from ramdesk.examples import example_matrix

        return Opened(_guard(file, example_matrix), EXAMPLE, None, None)
    path = Path(file)
    _check_path(file, path)
    if path.suffix.lower() == DATA_SUFFIX:
        return Opened(_guard(file, lambda: _read_data(file, path)), file, path, None)
    matrix = _guard(file, lambda: _read_spreadsheet(file, path, sheet))
    layout = getattr(matrix.source, "layout", None)
    return Opened(matrix, file, path, _sheet_of(matrix, sheet), layout)


def _check_path(label: str, path: Path) -> None:
    """The cheap, common mistakes, said plainly before any reader runs."""
    if not os.path.lexists(path):
        raise CommandError(f"{label}: no such file")
    if not path.exists():
        raise CommandError(f"{label}: is a link to a file that does not exist")
    if path.is_dir():
        raise CommandError(f"{label}: is a folder, not a file")
    if not os.access(path, os.R_OK):
        raise CommandError(f"{label}: permission denied (you may not read this file)")


def _guard(label: str, read: Any) -> Matrix:
    """Turn every way reading can fail into one sentence about `label`."""
    from ramdesk.io.errors import FileProblem

    try:
        return read()
    except CommandError:
        raise
    except FileProblem as exc:
        raise CommandError(f"{label}: {exc.problem}") from exc
    except MemoryError as exc:
        raise CommandError(f"{label}: too large to read into memory") from exc
    except OSError as exc:
        raise CommandError(f"{label}: cannot be read: {exc.strerror or exc}") from exc
    except RecursionError as exc:
        raise CommandError(f"{label}: is nested too deeply to read") from exc
    except Exception as exc:  # a reader's bug must still end as one line about this file
        detail = " ".join(str(exc).split())[:200]
        kind = type(exc).__name__
        raise CommandError(
            f"{label}: cannot be read (unexpected {kind}{': ' + detail if detail else ''})"
        ) from exc


def _read_data(label: str, path: Path) -> Matrix:
    from ramdesk.model.serialize import from_data

    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except UnicodeDecodeError as exc:
        raise CommandError(f"{label}: is not text (expected ramdesk's matrix data)") from exc
    except json.JSONDecodeError as exc:
        raise CommandError(
            f"{label}: is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    try:
        return from_data(data)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        reason = str(exc) if isinstance(exc, ValueError) else "its contents are not complete"
        raise CommandError(f"{label}: is not ramdesk's matrix data ({reason})") from exc


def _read_spreadsheet(label: str, path: Path, sheet: str | None) -> Matrix:
    try:
        from ramdesk.io import load
    except ImportError as exc:
        raise CommandError(
            f"{label}: cannot be read: this installation of ramdesk has no spreadsheet reader "
            f"({exc})"
        ) from exc
    return load(path, sheet=sheet)


def _sheet_of(matrix: Matrix, asked: str | None) -> str | None:
    source = getattr(matrix, "source", None)
    for name in ("sheet", "sheet_name"):
        value = getattr(source, name, None)
        if isinstance(value, str) and value:
            return value
    if isinstance(source, dict) and isinstance(source.get("sheet"), str):
        return source["sheet"]
    return asked
