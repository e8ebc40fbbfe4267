"""The crash-recovery keeper: a Document's unsaved changes kept in a record as they happen.

A big matrix's first snapshot is made while the user is idle after opening (or saving), a
slice of ~20 ms at a time on a timer, so the first edit only writes that text and a journal
line; the later snapshots that fold the journal in are made the same way.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from ramdesk.io.recovery import RecoveryRecord
from ramdesk.model import Change, Matrix

from .document import Document


def default_recovery_folder() -> Path:
    """Where recovery records live: the user's data folder for ramdesk."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".ramdesk") / "recovery"


class RecoveryKeeper(QObject):
    """Keeps a recovery record of a Document while it has unsaved changes.

    Small matrices are snapshotted after every edit. When a snapshot gets slow (a huge matrix),
    edits of cells are appended to the record's journal at once and folded into a snapshot
    later, made a slice at a time while the user is idle; other edits are snapshotted at once.
    A huge matrix's first snapshot is made the same way while nothing is unsaved yet, so the
    first edit only writes it and a journal line. Either way every edit is in the record when
    `apply` returns. A save (the undo stack clean again) or `close()` removes it.
    """

    #: The record could not be written (data folder full or gone): a sentence for the status bar.
    sig_problem = Signal(str)

    #: A snapshot faster than this is taken at once, after every edit.
    immediate_seconds = 0.02
    #: A snapshot slower than this waits for a pause in editing of `pause_factor` times its own
    #: duration (a 1 s snapshot of a huge matrix: after 20 s without an edit).
    pause_seconds = 0.2
    pause_factor = 20
    #: A matrix with more filled cells than this gets its first snapshot made beforehand.
    prepare_cells = 20_000
    #: The longest a slice of making a snapshot holds the window.
    slice_seconds = 0.02

    def __init__(
        self,
        document: Document,
        folder: str | Path | None = None,
        *,
        max_delay_ms: int = 2000,
        record: RecoveryRecord | None = None,
    ) -> None:
        super().__init__(document)
        self.document = document
        self.folder = Path(folder) if folder is not None else default_recovery_folder()
        self.max_delay_ms = max_delay_ms
        self.record = record or self._new_record()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fold)
        # Making a snapshot a slice at a time: each timeout runs one slice.
        self._steps: Iterator[None] | None = None
        self._stepper = QTimer(self)
        self._stepper.setInterval(0)
        self._stepper.timeout.connect(self._step)
        self._dirty = False
        self._reported: str | None = None
        # Every change of the matrix, not only those through the undo stack, is recorded.
        self._matrix = document.matrix
        self._matrix.subscribe(self._on_changed)
        document.sig_file_changed.connect(self._on_file_changed)
        document.sig_replaced.connect(self._on_replaced)
        if record is not None:
            self.flush(force=True)
        else:
            self._prepare_first()

    def _new_record(self) -> RecoveryRecord:
        return RecoveryRecord(self.folder, original=self.document.path, title=self._title())

    def _title(self) -> str:
        doc = self.document
        return doc.path.name if doc.path is not None else doc.matrix.name

    @property
    def preparing(self) -> bool:
        """Whether a snapshot is being made a slice at a time."""
        return self._steps is not None

    def _on_changed(self, change: Change) -> None:
        if isinstance(change, Change) and not (
            change.cells
            or change.deliverables
            or change.groups
            or change.roles
            or change.people
            or change.structural
            or change.meta
        ):
            return  # nothing changed (a code set to what it was): the record still holds it all
        self._dirty = True
        matrix = self.document.matrix
        record = self.record
        if self._steps is not None:
            self._stop_steps()  # the matrix changed under it: made again at the next pause
        elif record.prepared is not None:
            # The first edit: the snapshot made while idle holds the matrix as it was just
            # before it; written now, with this edit journaled on top.
            record.title = self._title()
            if (
                isinstance(change, Change)
                and self._guarded(record.save_prepared)
                and record.journal(matrix, change)
            ):
                self._report(True)
                self._schedule_fold()
                return
            self.flush()
            return
        if record.last_duration <= self.immediate_seconds:
            self.flush()
            return
        # A big matrix: an edit of cells is appended to the journal at once (every edit
        # survives a crash), the snapshot that folds the journal in is made a little later.
        if isinstance(change, Change) and record.journal(matrix, change):
            self._schedule_fold()
            return
        self.flush()  # rows, roles, scheme, a huge change: a snapshot holds that

    def _schedule_fold(self) -> None:
        slow = self.record.last_duration
        if slow >= self.pause_seconds:
            # Fold the journal in once the user pauses (every edit is already safe in it).
            self._timer.start(max(self.max_delay_ms, int(slow * self.pause_factor * 1000)))
        elif not self._timer.isActive():
            self._timer.start(self.max_delay_ms)

    def _on_file_changed(self) -> None:
        # A save, or undo back to the saved state: the file on disk holds it all.
        self.record.original = self.document.path
        self.record.title = self._title()
        if not self.document.modified:
            self._timer.stop()
            self._dirty = False
            self.record.discard()
            self._prepare_first()

    def _on_replaced(self) -> None:
        self._timer.stop()
        self._stop_steps()
        self._dirty = False
        self.record.discard()
        self._follow_matrix()
        self.record = self._new_record()
        self._prepare_first()

    def _follow_matrix(self, matrix: Matrix | None = None) -> None:
        if self._matrix is not None:
            with contextlib.suppress(ValueError):
                self._matrix.unsubscribe(self._on_changed)
        self._matrix = matrix if matrix is not None else self.document.matrix
        if self._matrix is not None:
            self._matrix.subscribe(self._on_changed)

    # ------------------------------------------------------------------ snapshots in slices
    def _prepare_first(self) -> None:
        """Nothing unsaved: make the first snapshot beforehand if taking it would be slow."""
        if self._steps is not None or self.record.prepared is not None:
            return  # being made, or made (and dropped at any change): of the matrix as it is
        matrix = self._matrix
        if matrix is not None and matrix.cell_count() > self.prepare_cells:
            self._start_steps()

    def _start_steps(self) -> None:
        self._steps = self.record.prepare(self.document.matrix)
        self._stepper.start()

    def _stop_steps(self) -> None:
        self._stepper.stop()
        self._steps = None
        self.record.prepared = None

    def _step(self) -> None:
        """One slice of making a snapshot; when it is done while an edit is waiting to be
        folded in, it is written."""
        steps = self._steps
        if steps is None:
            self._stepper.stop()
            return
        deadline = time.perf_counter() + self.slice_seconds
        try:
            while True:  # at least one step a slice
                next(steps)
                if time.perf_counter() >= deadline:
                    return
        except StopIteration:
            pass
        except Exception as exc:  # noqa: BLE001 - recovery must never break the window
            self._stop_steps()
            self.record.problem = f"Crash recovery is not working: {exc}"
            self._report(False)
            return
        self._stepper.stop()
        self._steps = None
        if self._dirty and self.record.exists:
            # Folding the journal in: the snapshot holds the matrix as it is now.
            self._dirty = False
            self.record.title = self._title()
            self._report(self._guarded(self.record.save_prepared))

    def _fold(self) -> None:
        """The pause after journaled edits: fold them into a snapshot, in slices if slow."""
        if not self._dirty or self._steps is not None:
            return
        if self.record.last_duration <= self.slice_seconds or not self.record.exists:
            self.flush()
        else:
            self._start_steps()

    # ------------------------------------------------------------------ writing
    def flush(self, force: bool = False) -> None:
        """Write the snapshot now if there are unsaved changes."""
        self._timer.stop()
        # Not gated on `modified`: an edit is announced before the undo stack leaves its clean
        # state; the clean-state signal that follows a return to the saved state discards.
        if not (self._dirty or force):
            return
        self._stop_steps()
        self._dirty = False
        self.record.title = self._title()
        self._report(self._guarded(lambda: self.record.save(self.document.matrix)))

    def _guarded(self, write: Callable[[], bool]) -> bool:
        try:
            return write()
        except Exception as exc:  # noqa: BLE001 - recovery must never break an edit
            self.record.problem = f"Crash recovery is not working: {exc}"
            return False

    def _report(self, saved: bool) -> None:
        if saved:
            self._reported = None
        elif self.record.problem != self._reported:
            self._reported = self.record.problem
            self.sig_problem.emit(self.record.problem or "")

    def close(self) -> None:
        """The document closes on purpose (saved, or the user chose to discard): drop the record."""
        self._timer.stop()
        self._stop_steps()
        self.record.discard()
        if self._matrix is not None:
            with contextlib.suppress(ValueError):
                self._matrix.unsubscribe(self._on_changed)
            self._matrix = None
