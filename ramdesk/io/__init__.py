"""Reading and writing matrices: ramdesk's workbook, other spreadsheets, CSV. Imports no Qt."""

from __future__ import annotations

from .errors import FileProblem, NotAMatrix, ReadError, WriteError

__all__ = ["FileProblem", "NotAMatrix", "ReadError", "WriteError"]
