"""Errors a reader or writer raises for a file: one clear sentence, never a traceback."""

from __future__ import annotations

from pathlib import Path


class FileProblem(Exception):
    """A file could not be read or written; `str()` is the sentence shown to the user."""

    def __init__(self, path: str | Path | None, problem: str) -> None:
        self.path = Path(path) if path is not None else None
        self.problem = problem
        where = f"{self.path.name}: " if self.path is not None else ""
        super().__init__(f"{where}{problem}")


class ReadError(FileProblem):
    """The file cannot be read as a matrix (missing, empty, broken, hostile, not a RAM)."""


class WriteError(FileProblem):
    """The file cannot be written (permission, disk full, locked); the old file is intact."""


class ReadOnlyTarget(WriteError):
    """The file to write over is marked read-only: it is left as it is."""


class NotAMatrix(ReadError):
    """The file reads fine but holds no responsibility matrix."""
