"""Starting the editor: `main(files)` for the command line, `create_window()` for tests."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

APP_NAME = "ramdesk"
ORGANIZATION = "ramdesk"


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName("ramdesk")
    from .icons import app_icon

    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def create_window(settings: QSettings | None = None, matrix=None):
    """A main window (on `settings`, e.g. an INI file in a test's tmp dir), showing `matrix`
    or the built-in example."""
    # Building the first window allocates hundreds of thousands of objects that all live on
    # (classes, Qt's enums, widgets): cyclic garbage collection would only walk them, 75 times.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _application()
        from .document import Document
        from .main_window import MainWindow
        from .window_files import load_example

        document = Document(matrix if matrix is not None else load_example())
        return MainWindow(settings=settings, document=document)
    finally:
        if collecting:
            gc.enable()


def main(files: list[str]) -> int:
    """Open a window per file given (none: the built-in example) and run until the last closes."""
    app = _application()
    windows = []
    paths = list(dict.fromkeys(str(Path(f).resolve()) for f in files if f))  # each file once
    if not paths:
        window = create_window()
        window.show()
        windows.append(window)
    for path in paths:
        window = create_window(matrix=_blank())
        window.show()
        if not window.open_path(Path(path), ask=False):
            window.file_new_example()
            window.document.undo_stack.setClean()
        windows.append(window)
    first = windows[0]
    if os.environ.get("RAMDESK_SMOKE_TEST"):
        return _smoke_test(app, first)
    # Asking about work a crash left behind waits for the first paint, like the rest of the
    # start-up work that is not on screen (see MainWindow.finish_start).
    if first.started:
        first.offer_recovery()
    else:
        first.sig_started.connect(first.offer_recovery, Qt.ConnectionType.SingleShotConnection)
    return int(app.exec())


def _smoke_test(app: QApplication, window) -> int:
    """RAMDESK_SMOKE_TEST=1: show the first window, let it paint, finish its start-up work, close
    it as a user would (a window that has not painted within 20 s fails)."""
    from PySide6.QtCore import QTimer

    state = {"ok": False}

    def close() -> None:
        window.repaint()
        state["ok"] = window.started and window.isVisible() and window.grid.model().rowCount() > 0
        window.document.undo_stack.setClean()
        window.close()
        app.quit()

    def painted() -> None:
        window.finish_start()  # the deferred start-up work, now rather than in a moment
        close()

    window.sig_painted.connect(painted, Qt.ConnectionType.SingleShotConnection)
    QTimer.singleShot(20000, close)
    app.exec()
    print("smoke test: window shown, painted and closed" if state["ok"] else "smoke test failed")
    return 0 if state["ok"] else 1


def _blank():
    from ramdesk.model import Matrix

    return Matrix("Untitled matrix")
