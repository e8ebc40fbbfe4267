"""Keeping a PM's work safe in the window: file prompts, locks, stamps and crash recovery.

- `plain`, `tooltip`, `set_plain`: show text that came from a file as text, never as markup.
- `LockPrompt`, `ChangedOnDiskPrompt`, `WriteBackPrompt`: the questions, each answered by a key.
- `FileGuard`: per document, the lock it holds and the stamp of the file it opened.
- `save_into_their_workbook`: Save of an imported matrix, written back into the colleague's file.
- `RecoveryKeeper`: snapshots a Document's unsaved changes, drops them once saved.
- `RecoveryDialog` / `offer_recovery`: at start, restore what a crash left behind.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ramdesk.io import locks, recovery
from ramdesk.io.atomic import FileStamp
from ramdesk.io.errors import FileProblem
from ramdesk.io.locks import FileLock, Holder
from ramdesk.io.recovery import RecoveryInfo, RecoveryRecord
from ramdesk.model import Matrix

from .document import Document
from .recovery_keeper import RecoveryKeeper, default_recovery_folder


# ---------------------------------------------------------------------------- text as text
def plain(text: str) -> str:
    """Text from a file made safe to embed in rich text: markup escaped, line breaks kept."""
    return html.escape(str(text), quote=True).replace("\n", "<br>")


def tooltip(text: str) -> str:
    """A tooltip that shows `text` literally (Qt guesses rich text for tooltips otherwise)."""
    return f"<qt>{plain(text)}</qt>" if text else ""


def set_plain(label: QLabel, text: str) -> None:
    """Show `text` in a label as plain text, whatever it looks like."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(str(text))


# ---------------------------------------------------------------------------- prompts
class Prompt(QMessageBox):
    """A question whose answer is a key; `ask()` shows it and returns the key ("cancel")."""

    def __init__(self, parent: QWidget | None, title: str, text: str, detail: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setIcon(QMessageBox.Icon.Warning)
        # File names and user names come from files: never let them render as markup.
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(text)
        if detail:
            self.setInformativeText(detail)
        self._keys: dict[QPushButton, str] = {}

    def add(self, key: str, text: str, role: QMessageBox.ButtonRole, *, default=False) -> None:
        button = self.addButton(text, role)
        self._keys[button] = key
        if default:
            self.setDefaultButton(button)
        if role == QMessageBox.ButtonRole.RejectRole:
            self.setEscapeButton(button)

    def button_for(self, key: str) -> QPushButton:
        """The button answering `key` (for tests and keyboard shortcuts)."""
        return next(b for b, k in self._keys.items() if k == key)

    @property
    def answer(self) -> str:
        return self._keys.get(self.clickedButton(), "cancel")  # type: ignore[arg-type]

    def ask(self) -> str:
        self.exec()
        return self.answer


class LockPrompt(Prompt):
    """Someone else has the file open: open read-only, open anyway, or cancel."""

    def __init__(self, parent: QWidget | None, path: Path, holders: Sequence[Holder]) -> None:
        who = "; ".join(h.describe() for h in holders) or "someone"
        super().__init__(
            parent,
            "File in use",
            f"{path.name} is open in another program: {who}.",
            "Open it read-only to look without changing it, or open it anyway if you are sure "
            "no one else is editing it — saving could then overwrite their changes.",
        )
        self.add("read_only", "Open Read-Only", QMessageBox.ButtonRole.AcceptRole, default=True)
        self.add("anyway", "Open Anyway", QMessageBox.ButtonRole.DestructiveRole)
        self.add("cancel", "Cancel", QMessageBox.ButtonRole.RejectRole)


class ChangedOnDiskPrompt(Prompt):
    """The file changed since it was opened: save under another name, reload, or overwrite."""

    def __init__(self, parent: QWidget | None, path: Path, *, deleted: bool = False) -> None:
        what = "was deleted or moved" if deleted else "was changed by someone else"
        super().__init__(
            parent,
            "File changed on disk",
            f"{path.name} {what} since you opened it.",
            "Save your version under another name to keep both, reload theirs (your unsaved "
            "changes are lost), or overwrite it with yours on purpose.",
        )
        self.add("save_as", "Save As…", QMessageBox.ButtonRole.AcceptRole, default=True)
        if not deleted:
            self.add("reload", "Reload Theirs", QMessageBox.ButtonRole.ResetRole)
        self.add("overwrite", "Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        self.add("cancel", "Cancel", QMessageBox.ButtonRole.RejectRole)


class WriteBackPrompt(Prompt):
    """Writing into a colleague's workbook would drop things: say what, offer ramdesk's format."""

    def __init__(self, parent: QWidget | None, path: Path, losses: Sequence[str]) -> None:
        super().__init__(
            parent,
            "Some features would be lost",
            f"Saving back into {path.name} would drop features the workbook uses:",
            "\n".join(f"• {loss}" for loss in losses)
            + "\n\nSave as a ramdesk workbook to keep their file as it is.",
        )
        self.add("save_as_ramdesk", "Save As ramdesk Workbook…", QMessageBox.ButtonRole.AcceptRole)
        self.add("write_back", "Save Anyway", QMessageBox.ButtonRole.DestructiveRole)
        self.add("cancel", "Cancel", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.button_for("save_as_ramdesk"))


def show_file_problem(parent: QWidget | None, problem: FileProblem | str, title: str = "") -> None:
    """One clear sentence about a file that could not be read or written."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or "ramdesk")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(str(problem))
    box.exec()


# ---------------------------------------------------------------------------- file guard
class FileGuard:
    """What ramdesk holds on a document's file: its lock, and the stamp taken at open or save."""

    def __init__(self, path: str | Path, *, read_only: bool = False, take_over: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self.stamp = FileStamp.of(self.path)
        self.lock = FileLock(self.path)
        if not read_only:
            self.lock.acquire(take_over=take_over)

    @staticmethod
    def others(path: str | Path) -> list[Holder]:
        """Who else has `path` open (stale ramdesk locks of this machine are cleared first)."""
        return locks.others(path)

    def changed_on_disk(self) -> bool:
        """Whether the file differs from what was opened or last saved."""
        return self.stamp is not None and self.stamp.changed()

    def saved(self, path: str | Path) -> None:
        """After a successful save to `path`: new stamp, and the lock follows a Save As."""
        path = Path(path)
        if path != self.path:
            if not self.read_only:
                self.lock.move_to(path)
            else:
                self.lock = FileLock(path)
                self.lock.acquire()
            self.path = path
            self.read_only = False
        self.stamp = FileStamp.of(path)

    def release(self) -> None:
        self.lock.release()


def guard_open(parent: QWidget | None, path: str | Path) -> FileGuard | None:
    """Before opening `path`: ask if someone has it open; None if the user cancelled."""
    path = Path(path)
    holders = FileGuard.others(path)
    if not holders:
        return FileGuard(path)
    answer = LockPrompt(parent, path, holders).ask()
    if answer == "cancel":
        return None
    return FileGuard(path, read_only=answer == "read_only", take_over=answer == "anyway")


def confirm_overwrite(parent: QWidget | None, guard: FileGuard | None, path: str | Path) -> str:
    """Before saving over `path`: "save" if safe, else the user's answer to the prompt."""
    if guard is None or Path(path) != guard.path or not guard.changed_on_disk():
        return "save"
    answer = ChangedOnDiskPrompt(parent, guard.path, deleted=not guard.path.exists()).ask()
    return "save" if answer == "overwrite" else answer


def save_into_their_workbook(
    parent: QWidget | None, document: Document, guard: FileGuard | None = None
) -> str:
    """Save of a matrix imported from a colleague's workbook: write it back into their file.

    Says why when it cannot (then returns "save_as": the caller offers Save As with ramdesk's
    workbook), lists what their layout cannot hold and lets the user choose ramdesk's workbook
    instead, and asks before overwriting a file someone changed since it was opened. Returns
    "saved", "save_as", "reload" or "cancel".
    """
    # Writing back is imported when asked for: the recovery keeper, which starts with every
    # window, would otherwise pay for it (~40 ms).
    from ramdesk.io.writeback import (
        is_write_back,
        write_back,
        write_back_losses,
        write_back_problems,
    )

    matrix = document.matrix
    if not is_write_back(matrix):
        return "save_as"
    theirs = Path(matrix.source.path)
    problems = write_back_problems(matrix, theirs)
    if problems:
        show_file_problem(
            parent, f"{theirs.name}: {problems[0]}", "Cannot save into their workbook"
        )
        return "save_as"
    losses = write_back_losses(matrix)
    if losses:
        answer = WriteBackPrompt(parent, theirs, losses).ask()
        if answer != "write_back":
            return "save_as" if answer == "save_as_ramdesk" else "cancel"
    answer = confirm_overwrite(parent, guard, theirs)
    if answer != "save":
        return answer
    try:
        write_back(matrix, theirs)
    except FileProblem as problem:
        show_file_problem(parent, problem, "Cannot save")
        return "cancel"
    document.mark_saved()
    if guard is not None:
        guard.saved(theirs)
    return "saved"


# ---------------------------------------------------------------------------- recovery
def adopt_recovered(
    document: Document, info: RecoveryInfo, matrix: Matrix, folder: str | Path | None = None
) -> RecoveryKeeper:
    """Show a restored matrix in `document` as unsaved work, still protected by its record.

    It opens untitled on purpose: the original may be a colleague's workbook whose layout the
    record does not keep, so the first save asks where (and in which format) to save.
    """
    matrix.name = matrix.name or info.title
    document.replace(matrix, None)
    document.undo_stack.resetClean()  # unsaved until the user saves it somewhere
    return RecoveryKeeper(document, folder or info.file.parent, record=RecoveryRecord.adopt(info))


class RecoveryDialog(QDialog):
    """At start: the matrices a crash left unsaved; tick those to restore."""

    def __init__(self, parent: QWidget | None, infos: Sequence[RecoveryInfo]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover unsaved work")
        self.infos = list(infos)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "ramdesk closed without saving these matrices. Restore them up to their last edit?"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget(self)
        for info in self.infos:
            where = f"\n{info.original}" if info.original is not None else ""
            item = QListWidgetItem(f"{info.describe()}{where}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(tooltip(str(info.original or info.title)))
            self.list.addItem(item)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = buttons.addButton(
            "Discard All", QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.later_button = buttons.addButton(
            "Decide Later", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        #: After exec: the records to restore, and those to delete.
        self.chosen: list[RecoveryInfo] = []
        self.dropped: list[RecoveryInfo] = []

    def _restore(self) -> None:
        ticked = [
            self.list.item(i).checkState() == Qt.CheckState.Checked for i in range(len(self.infos))
        ]
        self.chosen = [info for info, t in zip(self.infos, ticked, strict=True) if t]
        # Unticked ones stay for next time: nothing is deleted without an explicit "Discard".
        self.accept()

    def _discard(self) -> None:
        answer = QMessageBox.question(
            self,
            "Discard unsaved work",
            "Delete these unsaved changes for good?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.dropped = list(self.infos)
            self.accept()


def offer_recovery(
    parent: QWidget | None, folder: str | Path | None = None
) -> list[tuple[RecoveryInfo, Matrix]]:
    """At start: ask about leftover records; return the restored matrices with their records.

    The caller opens each matrix as a modified document (path = `info.original` if the user
    saves) and hands `RecoveryRecord.adopt(info)` to its RecoveryKeeper so it stays protected.
    """
    base = Path(folder) if folder is not None else default_recovery_folder()
    infos = recovery.pending(base)
    if not infos:
        return []
    dialog = RecoveryDialog(parent, infos)
    dialog.exec()
    for info in dialog.dropped:
        recovery.discard(info)
    restored = []
    for info in dialog.chosen:
        try:
            restored.append((info, recovery.restore(info)))
        except FileProblem as problem:
            show_file_problem(parent, problem, "Recover unsaved work")
            recovery.discard(info)
    return restored


__all__ = [
    "ChangedOnDiskPrompt",
    "FileGuard",
    "LockPrompt",
    "Prompt",
    "RecoveryDialog",
    "RecoveryKeeper",
    "WriteBackPrompt",
    "adopt_recovered",
    "confirm_overwrite",
    "default_recovery_folder",
    "guard_open",
    "offer_recovery",
    "plain",
    "save_into_their_workbook",
    "set_plain",
    "show_file_problem",
    "tooltip",
]
