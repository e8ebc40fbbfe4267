"""`ramdesk [FILE ...]`: start the editor, or say in one line why it cannot start here."""

from __future__ import annotations

from .errors import CommandError
from .qt import display_problem, missing_library_hint


def start_editor(files: list[str]) -> int:
    """Open the editor on the files (none: the built-in example); returns its exit status."""
    problem = display_problem()
    if problem is not None:
        raise CommandError(f"cannot start the editor: {problem}")
    try:
        from PySide6 import QtWidgets  # noqa: F401  (fails here when a system library is missing)
    except ImportError as exc:
        raise CommandError(
            f"cannot start the editor: Qt cannot be loaded: {missing_library_hint(str(exc))}"
        ) from exc
    try:
        from ramdesk.ui.app import main as gui_main
    except ImportError as exc:
        if isinstance(exc, ModuleNotFoundError) and (exc.name or "").startswith("ramdesk"):
            raise CommandError(
                "cannot start the editor: it is not part of this installation "
                "(the commands work: ramdesk --help)"
            ) from exc
        raise CommandError(f"cannot start the editor: {missing_library_hint(str(exc))}") from exc
    return int(gui_main(files) or 0)
