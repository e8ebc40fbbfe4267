"""A Document: one open matrix with its undo stack, file and checker; what every panel talks to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QUndoCommand, QUndoStack

from ramdesk.model import Change, Edit, Matrix
from ramdesk.rules import Checker, Refreshed

#: An edit of more cells than this shows a busy pointer while it is applied.
BUSY_CELLS = 50_000


class EditCommand(QUndoCommand):
    """Wraps a pure edit: redo applies it, undo applies its inverse."""

    def __init__(self, document: Document, edit: Edit, text: str | None = None) -> None:
        super().__init__(text or getattr(edit, "label", "Edit"))
        self._document = document
        self._edit = edit
        self._inverse: Edit | None = None

    def redo(self) -> None:
        change = self._document._apply_now(self._edit)
        self._inverse = change.inverse

    def undo(self) -> None:
        if self._inverse is not None:
            change = self._document._apply_now(self._inverse)
            self._edit = change.inverse or self._edit


class Document(QObject):
    """The open matrix. Every change goes through `apply` so it is undoable and re-checked."""

    #: After every applied edit (also undo/redo), once problems are current: the Change.
    sig_changed = Signal(object)
    #: Problems changed: a ramdesk.rules.Refreshed saying for which subjects.
    sig_problems = Signal(object)
    #: The whole matrix was replaced (new, open, reload): views must reset.
    sig_replaced = Signal()
    #: The file path or the modified flag changed.
    sig_file_changed = Signal()

    def __init__(
        self,
        matrix: Matrix | None = None,
        path: str | Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.matrix: Matrix = matrix if matrix is not None else Matrix()
        self.path: Path | None = Path(path) if path is not None else None
        self.read_only = False
        #: Anything a feature keeps per document (file stamp, lock, recovery record ...).
        self.extras: dict[str, Any] = {}
        self.checker = Checker(self.matrix)
        self.checker.refresh()

    # ------------------------------------------------------------------ editing
    def apply(self, edit: Edit, text: str | None = None) -> None:
        """Apply an edit as one undoable step."""
        self.undo_stack.push(EditCommand(self, edit, text))

    def begin_macro(self, text: str) -> None:
        """Start a group of edits that one Ctrl+Z undoes (a paste, a fill)."""
        self.undo_stack.beginMacro(text)

    def end_macro(self) -> None:
        self.undo_stack.endMacro()

    def _apply_now(self, edit: Edit) -> Change:
        app = QCoreApplication.instance()
        # A bulk edit of a big matrix may take a second: the pointer says so meanwhile.
        busy = isinstance(app, QGuiApplication) and len(getattr(edit, "cells", ())) > BUSY_CELLS
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            change = self.matrix.apply(edit)
            refreshed = self.checker.refresh()
            self.sig_changed.emit(change)
            if refreshed:
                self.sig_problems.emit(refreshed)
        finally:
            if busy:
                QGuiApplication.restoreOverrideCursor()
        return change

    # ------------------------------------------------------------------ replacing
    def replace(
        self, matrix: Matrix, path: str | Path | None = None, checker: Checker | None = None
    ) -> None:
        """Show another matrix in this document (open, new, reload); clears the undo history.

        `checker` may be one already built for `matrix` (off the window's thread, for big files).
        """
        self.checker.close()
        self.matrix = matrix
        self.path = Path(path) if path is not None else None
        self.checker = checker if checker is not None else Checker(matrix)
        self.checker.refresh()
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.sig_replaced.emit()
        self.sig_problems.emit(Refreshed(full=True))
        self.sig_file_changed.emit()

    def use_checker(self, checker: Checker) -> None:
        """Swap in a checker freshly built for this matrix (a full re-check run elsewhere)."""
        if checker.matrix is not self.matrix:
            raise ValueError("the checker belongs to another matrix")
        self.checker.close()
        self.checker = checker
        self.checker.refresh()
        self.sig_problems.emit(Refreshed(full=True))

    # ------------------------------------------------------------------ state
    def _on_clean_changed(self, _clean: bool) -> None:
        self.sig_file_changed.emit()

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def mark_saved(self, path: str | Path | None = None) -> None:
        if path is not None:
            self.path = Path(path)
        self.undo_stack.setClean()
        self.sig_file_changed.emit()

    @property
    def title(self) -> str:
        name = self.path.name if self.path is not None else self.matrix.name
        return f"{name}{' *' if self.modified else ''}"
