"""The File menu: new, open, save, recent files; slow work runs beside the window with progress."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QWidget

from ramdesk.model import Matrix, builtin_scheme

#: How many files Open Recent remembers.
RECENT_MAX = 10
OPEN_FILTER = (
    "Spreadsheets and matrices (*.xlsx *.xlsm *.ods *.xls *.csv *.json);;"
    "Excel workbooks (*.xlsx *.xlsm *.xls);;OpenDocument (*.ods);;CSV (*.csv);;"
    "ramdesk data (*.json);;All files (*)"
)
SAVE_FILTER = "ramdesk workbook (*.xlsx);;CSV, the grid only (*.csv)"


class Cancelled(Exception):
    """The user cancelled slow work."""


def run_with_progress(
    parent: QWidget, label: str, work: Callable[[], Any], cancellable: bool = True
) -> Any:
    """Run `work` in a thread; the window keeps painting, and after half a second a progress
    dialog appears (with Cancel when the result may be dropped). Re-raises what `work` raised."""
    result: dict[str, Any] = {}

    def target() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # handed back to the caller below
            result["error"] = exc

    # No cyclic garbage collection while the worker runs: a collection started there could
    # destroy Qt objects of the window's thread from the worker, which Qt does not allow.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_with_progress(parent, label, target, result, cancellable)
    finally:
        if collecting:
            _collect_again_after(result.get("thread"))


def _collect_again_after(thread: threading.Thread | None) -> None:
    """Switch garbage collection back on once the worker has ended (a cancelled one runs on)."""
    if thread is None or not thread.is_alive():
        gc.enable()
        return
    QTimer.singleShot(200, lambda: _collect_again_after(thread))


def _run_with_progress(
    parent: QWidget, label: str, target: Callable[[], None], result: dict, cancellable: bool
) -> Any:
    thread = threading.Thread(target=target, name="ramdesk-work", daemon=True)
    result["thread"] = thread
    thread.start()
    thread.join(0.05)
    if thread.is_alive():
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QProgressDialog

        loop = QEventLoop()
        dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, parent)
        dialog.setWindowTitle("ramdesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(450)
        if not cancellable:
            dialog.setCancelButton(None)
        cancelled = {"yes": False}

        def on_cancel() -> None:
            cancelled["yes"] = True
            loop.quit()

        dialog.canceled.connect(on_cancel)
        timer = QTimer()
        timer.setInterval(25)
        timer.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
        timer.start()
        started = time.monotonic()
        loop.exec()
        timer.stop()
        dialog.reset()
        dialog.deleteLater()
        if cancelled["yes"] and thread.is_alive():
            raise Cancelled(f"cancelled after {time.monotonic() - started:.1f} s")
        thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


class FileActions:
    """Mixed into MainWindow: everything about files.

    The dialogs are imported where they are asked for: the first window shows none of them, and
    PySide6 builds a class's enums when the class is first imported (~1 ms for a dialog's)."""

    # ------------------------------------------------------------------ asking
    def maybe_save(self) -> bool:
        """True when it is fine to drop the current matrix (saved, discarded, or unchanged)."""
        doc = self.document
        if not doc.modified:
            return True
        from PySide6.QtWidgets import QMessageBox

        answer = self.ask_save_changes()
        if answer == QMessageBox.StandardButton.Save:
            return self.file_save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_save_changes(self):
        """Save, Discard or Cancel (a QMessageBox.StandardButton)."""
        from PySide6.QtWidgets import QMessageBox

        name = self.document.path.name if self.document.path else self.document.matrix.name
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            f"“{name}” has changes that are not saved.",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText("Save them before closing?")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def report_error(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(self, title, text)

    # ------------------------------------------------------------------ new
    def file_new(self, scheme_key: str = "raci") -> bool:
        if not self.maybe_save():
            return False
        scheme = builtin_scheme(scheme_key)
        matrix = Matrix("Untitled matrix", scheme)
        self.document.replace(matrix, None)
        self.show_message(f"A blank {scheme.name} matrix: add deliverables (Ctrl+Enter) and roles.")
        return True

    def file_new_example(self) -> bool:
        if not self.maybe_save():
            return False
        self.document.replace(load_example(), None)
        return True

    # ------------------------------------------------------------------ open
    def file_open(self) -> bool:
        if not self.maybe_save():
            return False
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, "Open a matrix", self._last_folder(), OPEN_FILTER
        )
        if not path:
            return False
        return self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open a file: ramdesk's workbook directly, other spreadsheets through the import preview."""
        if ask and not self.maybe_save():
            return False
        target = Path(path)
        other = self._window_holding(target)
        if other is not None:  # one file, one window: two would each save over the other
            other.raise_()
            other.activateWindow()
            other.show_message(f"{target.name} is open in this window.")
            self.show_message(f"{target.name} is already open in another window: shown there.")
            return False
        self._remember_folder(target)
        guard = self._guard_open(target)
        if guard is None:  # someone has it open and the user cancelled
            return False
        try:
            matrix = self._read(target)
        except Cancelled:
            self.show_message(f"Opening {target.name} was cancelled.")
            return False
        except Exception as exc:  # noqa: BLE001 - a file problem is one sentence, never a traceback
            guard.release()
            self.report_error("Cannot open the file", _sentence(exc, target))
            self.forget_recent(target)
            return False
        if matrix is None:  # the import preview was cancelled
            guard.release()
            return False
        matrix, checker = matrix
        self.document.replace(matrix, target if _is_own(target) else None, checker=checker)
        self._adopt_guard(guard)
        if not _is_own(target):
            self.document.extras["imported_from"] = target
            if _writes_back(matrix):
                self.show_message(f"Imported from {target.name}: Save writes into their workbook.")
            else:
                self.show_message(f"Imported from {target.name}: Save writes a ramdesk workbook.")
        self.add_recent(target)
        return True

    def _read(self, target: Path):
        from ramdesk.rules import Checker

        def checked(matrix: Matrix):
            checker = Checker(matrix)
            checker.refresh()
            return matrix, checker

        if target.suffix.lower() == ".json":

            def work():
                import json

                from ramdesk.model.serialize import from_data

                with open(target, encoding="utf-8") as f:
                    return checked(from_data(json.load(f)))

            return run_with_progress(self, f"Opening {target.name}…", work)
        if not _is_own(target):
            preview = _import_preview()
            if preview is not None:
                matrix = preview(self, str(target))
                if matrix is None:
                    return None
                return run_with_progress(self, "Checking…", lambda: checked(matrix))

        def load():
            from ramdesk.io import load as io_load

            return checked(io_load(target))

        return run_with_progress(self, f"Opening {target.name}…", load)

    # ------------------------------------------------------------------ save
    def file_save(self) -> bool:
        doc = self.document
        if doc.path is None and not doc.read_only and _writes_back(doc.matrix):
            from .safety import save_into_their_workbook

            answer = save_into_their_workbook(self, doc, doc.extras.get("guard"))
            if answer == "saved":
                self.show_message(f"Saved into {Path(doc.matrix.source.path).name}.")
                return True
            if answer == "reload":
                return self.open_path(Path(doc.matrix.source.path), ask=False)
            if answer == "cancel":
                return False
            return self.file_save_as()
        if doc.path is None or doc.read_only or doc.path.suffix.lower() != ".xlsx":
            return self.file_save_as()
        return self.save_to(doc.path)

    def file_save_as(self) -> bool:
        doc = self.document
        suggested = (
            str(doc.path.with_suffix(".xlsx"))
            if doc.path is not None
            else str(Path(self._last_folder()) / f"{_safe_name(doc.matrix.name)}.xlsx")
        )
        from PySide6.QtWidgets import QFileDialog

        path, chosen = QFileDialog.getSaveFileName(self, "Save the matrix", suggested, SAVE_FILTER)
        if not path:
            return False
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
        return self.save_to(target)

    def save_to(self, target: str | Path) -> bool:
        """Write the matrix (atomically, by the io layer) and mark the document saved."""
        target = Path(target)
        matrix = self.document.matrix
        guard = self.document.extras.get("guard")
        if guard is not None and target.suffix.lower() == ".xlsx":
            from .safety import confirm_overwrite

            answer = confirm_overwrite(self, guard, target)
            if answer == "reload":
                return self.open_path(target, ask=False)
            if answer == "save_as":
                return self.file_save_as()
            if answer != "save":
                return False

        def work() -> None:
            from ramdesk.io import save as io_save

            io_save(matrix, target, layout="ramdesk")

        try:
            run_with_progress(self, f"Saving {target.name}…", work, cancellable=False)
        except Exception as exc:  # noqa: BLE001 - one sentence for the user; the old file is intact
            from ramdesk.io.errors import ReadOnlyTarget

            if isinstance(exc, ReadOnlyTarget):
                return self._offer_save_as(_sentence(exc, target))
            self.report_error("Cannot save", _sentence(exc, target))
            return False
        if target.suffix.lower() == ".xlsx":
            self.document.mark_saved(target)
            self._saved_guard(target)
            self.add_recent(target)
            self._remember_folder(target)
            self.show_message(f"Saved {target.name}.")
        else:
            self.show_message(
                f"Exported the grid to {target.name} (the matrix itself is not saved)."
            )
        return True

    def _offer_save_as(self, problem: str) -> bool:
        """The file may not be written over (read-only): say so, and offer another name."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.warning(
            self,
            "Cannot save",
            f"{problem}\n\nSave the matrix under another name?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        return answer == QMessageBox.StandardButton.Save and self.file_save_as()

    def run_full_check(self) -> None:
        """Check everything again (after changing many settings, or to be sure)."""
        from ramdesk.rules import Checker

        doc = self.document
        matrix = doc.matrix

        def work() -> Checker:
            checker = Checker(matrix)
            checker.refresh()
            return checker

        try:
            checker = run_with_progress(self, "Checking every deliverable…", work)
        except Cancelled:
            return
        except Exception as exc:  # noqa: BLE001
            self.report_error("Cannot check", str(exc))
            return
        if checker.matrix is not doc.matrix:
            checker.close()
            return
        doc.use_checker(checker)
        self.show_message("Checked everything again.")

    # ------------------------------------------------------------------ locks, recovery
    def _guard_open(self, target: Path):
        """Ask whether to open a file someone else has open; the guard holds our lock on it."""
        from .safety import FileGuard, guard_open

        if not _is_own(target) and target.suffix.lower() not in (".xlsx", ".xlsm", ".ods"):
            return FileGuard(target, read_only=True)  # CSV and .xls are never written back
        try:
            return guard_open(self, target)
        except OSError:
            return FileGuard(target, read_only=True)

    def _adopt_guard(self, guard) -> None:
        old = self.document.extras.pop("guard", None)
        # The same file opened again: the new guard holds the very lock file the old one made.
        if old is not None and old is not guard and old.path != guard.path:
            old.release()
        self.document.extras["guard"] = guard
        # A CSV or .xls is never written back: its guard is read-only, but the matrix is editable.
        writable_kind = guard.path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".json")
        self.document.read_only = bool(guard.read_only) and writable_kind

    def _saved_guard(self, target: Path) -> None:
        from .safety import FileGuard

        guard = self.document.extras.get("guard")
        try:
            if guard is None:
                self.document.extras["guard"] = FileGuard(target)
            else:
                guard.saved(target)
        except OSError:
            pass  # a lock we cannot write must not undo a save that worked
        self.document.read_only = False

    def arm_recovery(self) -> None:
        """Start the recovery keeper soon: a moment after the first paint (the window calls
        `start_recovery` then, see MainWindow.finish_start; importing its file machinery costs
        ~25 ms), or at once when the matrix changes or is replaced before, so no change goes
        unrecorded."""
        self._recovery_keeper = None
        self._early_matrix = self.document.matrix
        self._early_matrix.subscribe(self._change_before_recovery)
        self.document.sig_replaced.connect(self._replaced_before_recovery)

    def _change_before_recovery(self, _change) -> None:
        self.start_recovery()
        self._recovery_keeper.flush(force=True)  # the keeper was not listening to this one

    def _replaced_before_recovery(self) -> None:
        self.start_recovery()

    def _disarm_recovery(self) -> None:
        matrix = getattr(self, "_early_matrix", None)
        if matrix is None:
            return
        self._early_matrix = None
        with contextlib.suppress(ValueError):
            matrix.unsubscribe(self._change_before_recovery)
        with contextlib.suppress(RuntimeError, TypeError):
            self.document.sig_replaced.disconnect(self._replaced_before_recovery)

    def start_recovery(self) -> None:
        """Keep a recovery record of this window's document while it has unsaved changes."""
        self._disarm_recovery()
        if getattr(self, "_recovery_keeper", None) is not None:
            return
        from .safety import RecoveryKeeper

        self._recovery_keeper = RecoveryKeeper(self.document, self.recovery_folder())
        self._recovery_keeper.sig_problem.connect(self.show_message)

    @property
    def recovery_keeper(self):
        """The document's RecoveryKeeper (started now if the first paint has not come yet)."""
        if getattr(self, "_recovery_keeper", None) is None:
            self.start_recovery()
        return self._recovery_keeper

    def recovery_folder(self) -> Path:
        """Beside an INI settings file (tests, portable use), else the user's data folder."""
        from .safety import default_recovery_folder

        if self.settings.format() == QSettings.Format.IniFormat and self.settings.fileName():
            return Path(self.settings.fileName()).parent / "recovery"
        return default_recovery_folder()

    def stop_guarding(self) -> None:
        """The window closes on purpose: drop the recovery record and our lock."""
        self._disarm_recovery()
        keeper = getattr(self, "_recovery_keeper", None)
        if keeper is not None:
            keeper.close()
        guard = self.document.extras.pop("guard", None)
        if guard is not None:
            guard.release()

    def offer_recovery(self) -> bool:
        """At start: restore what a crash left unsaved (into this window); True if restored."""
        from .safety import offer_recovery

        restored = offer_recovery(self, self.recovery_folder())
        if not restored:
            return False
        (info, matrix), *others = restored
        self._restore(info, matrix)
        for info, matrix in others:  # each further matrix in a window of its own
            window = type(self)(settings=self.settings)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            FileActions.restored_windows.append(window)
            window.destroyed.connect(lambda _o=None, w=window: _forget(w))
            window.show()
            window._restore(info, matrix)
        if others:
            self.show_message(f"Restored {len(restored)} matrices, each in its own window.")
        return True

    #: Further windows opened to restore several matrices at once (kept alive here).
    restored_windows: list = []

    def _window_holding(self, target: Path):
        """Another window of this ramdesk that has `target` open (holds its lock), or None."""
        from PySide6.QtWidgets import QApplication

        try:
            wanted = target.resolve()
        except OSError:
            return None
        for widget in QApplication.topLevelWidgets():
            if widget is self or not isinstance(widget, FileActions) or not widget.isVisible():
                continue
            guard = widget.document.extras.get("guard")
            if guard is not None and not guard.read_only and guard.path.resolve() == wanted:
                return widget
        return None

    def _restore(self, info, matrix) -> None:
        from .safety import adopt_recovered

        self.recovery_keeper.close()
        self._recovery_keeper = adopt_recovered(self.document, info, matrix, self.recovery_folder())
        self._recovery_keeper.sig_problem.connect(self.show_message)
        self.show_message(f"Restored {info.describe()}: save it to keep it.")

    # ------------------------------------------------------------------ recent files, folder
    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if v]

    def add_recent(self, path: Path) -> None:
        files = [str(path.resolve())] + [f for f in self.recent_files() if f != str(path.resolve())]
        self.settings.setValue("files/recent", files[:RECENT_MAX])

    def forget_recent(self, path: Path) -> None:
        gone = str(path.resolve())
        self.settings.setValue("files/recent", [f for f in self.recent_files() if f != gone])

    def clear_recent(self) -> None:
        self.settings.setValue("files/recent", [])

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = self.recent_files()
        for i, name in enumerate(files, start=1):
            path = Path(name)
            action = menu.addAction(f"&{i % 10} {path.name}")
            action.setStatusTip(str(path))
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not files:
            empty = menu.addAction("No recent files")
            empty.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.actions["file.clear_recent"])

    def _last_folder(self) -> str:
        folder = str(self.settings.value("files/last_folder", "") or "")
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def _remember_folder(self, path: Path) -> None:
        self.settings.setValue("files/last_folder", str(path.resolve().parent))


def load_example() -> Matrix:
    """The built-in example (a blank RACI matrix when this installation lacks it)."""
    try:
        from ramdesk.examples import example_matrix

        return example_matrix()
    except Exception:  # noqa: BLE001 - a broken installation still opens a window
        return Matrix("Untitled matrix")


def _import_preview():
    try:
        from ramdesk.ui.import_preview import run_import_preview
    except ImportError:
        return None
    return run_import_preview


def _writes_back(matrix: Matrix) -> bool:
    from ramdesk.io.writeback import is_write_back

    return is_write_back(matrix)


def _is_own(target: Path) -> bool:
    """ramdesk's own workbook (or its data file): opened as is, saved back in place."""
    suffix = target.suffix.lower()
    if suffix == ".json":
        return True
    if suffix != ".xlsx":
        return False
    try:
        from ramdesk.io.workbook_read import is_ramdesk_workbook
    except ImportError:
        return False
    return is_ramdesk_workbook(target)


def _sentence(exc: BaseException, target: Path) -> str:
    from ramdesk.io import FileProblem

    if isinstance(exc, FileProblem):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{target.name}: {exc.strerror or exc}."
    return f"{target.name} could not be read or written ({type(exc).__name__}: {exc})."


def _safe_name(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -_." else "_" for c in name).strip()
    return cleaned[:80] or "matrix"


def _forget(window) -> None:
    if window in FileActions.restored_windows:
        FileActions.restored_windows.remove(window)
