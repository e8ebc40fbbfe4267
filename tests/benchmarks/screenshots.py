"""The README's screenshots of the editor: on the built-in example, and on a matrix with many
problems (120 generated deliverables x 40 roles).

    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.screenshots [FOLDER]

FOLDER defaults to resources/screenshots (editor.png, problems.png). Each window gets settings
of its own in a temporary folder, so what a developer chose (zoom, rotated names) stays out.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1500, 920)


def shoot(folder: Path) -> list[Path]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ramdesk.ui.app import create_window
    from tests.benchmarks.generate import generate

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    with tempfile.TemporaryDirectory() as home:
        for name, matrix in (("editor", None), ("problems", generate(120, 40))):
            settings = QSettings(str(Path(home) / f"{name}.ini"), QSettings.Format.IniFormat)
            window = create_window(settings, matrix=matrix)
            window.resize(*SIZE)
            window.show()
            end = time.monotonic() + 0.8  # the start-up work deferred after the first paint
            while time.monotonic() < end:
                app.processEvents()
            path = folder / f"{name}.png"
            window.grab().save(str(path))
            saved.append(path)
            window.document.undo_stack.setClean()
            window.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    folder = Path(args[0]) if args else Path("resources/screenshots")
    for path in shoot(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
