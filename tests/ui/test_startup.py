"""The first window appears fast: what it does not show is imported and started after it paints.

Each check of what a fresh process imports runs in a subprocess (this test process has imported
everything already).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from ramdesk.model import SetCells
from ramdesk.ui.app import create_window

ROOT = Path(__file__).resolve().parents[2]

#: Never needed to show the example: files, printing, other panels, the graph library.
NOT_AT_START = (
    "networkx",
    "openpyxl",
    "xlsxwriter",
    "python_calamine",
    "defusedxml",
    "odf",
    "csv",
    "PySide6.QtPrintSupport",
    "ramdesk.io",
    "ramdesk.ui.safety",
    "ramdesk.ui.printing",
    "ramdesk.ui.workload_panel",
    "ramdesk.ui.workload_chart",
    "ramdesk.ui.compare_view",
    "ramdesk.ui.import_preview",
    "ramdesk.ui.scheme_dialog",
    "ramdesk.ui.rules_dialog",
    "ramdesk.ui.reassign_dialog",
)

FIRST_WINDOW = """
import json, sys, tempfile
from PySide6.QtCore import QSettings
from ramdesk.ui.app import create_window
folder = tempfile.mkdtemp()
window = create_window(QSettings(folder + "/settings.ini", QSettings.Format.IniFormat))
window.show()
from PySide6.QtWidgets import QApplication
app = QApplication.instance()
app.processEvents(); window.repaint(); app.processEvents()
painted = sorted(sys.modules)
state = {
    "rows": window.grid.model().rowCount(),
    "errors": window.document.checker.counts().get("error", 0),
    "listed": window.problems_panel.model.rowCount(),
    "started": window.started,
    "collecting": __import__("gc").isenabled(),
}
window.finish_start()
started = sorted(sys.modules)
state["started_after"] = window.started
state["keeper"] = type(window.recovery_keeper).__name__
window.document.undo_stack.setClean()
window.close()
print(json.dumps({"painted": painted, "started": started, "state": state}))
"""


def _fresh(code: str, **env: str) -> dict:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), **env)
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def first_window() -> dict:
    return _fresh(FIRST_WINDOW)


def test_the_first_window_shows_the_example_with_its_problems(first_window):
    state = first_window["state"]
    assert state["rows"] > 50
    assert state["errors"] > 0  # the example holds conflicts on purpose: a newcomer sees them
    assert state["listed"] >= state["errors"]
    assert not state["started"]  # the deferred start-up work has not run when it paints


def test_garbage_collection_is_back_on_once_the_window_is_built(first_window):
    assert first_window["state"]["collecting"]


def test_building_a_window_keeps_garbage_collection_as_it_was(qtbot, tmp_path):
    import gc

    from PySide6.QtCore import QSettings

    from ramdesk.ui.app import create_window

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    gc.disable()
    try:
        window = create_window(settings)
        qtbot.addWidget(window)
        assert not gc.isenabled()  # not switched on behind a caller who had it off
    finally:
        gc.enable()
    window2 = create_window(settings)
    qtbot.addWidget(window2)
    assert gc.isenabled()
    for w in (window, window2):
        w.document.undo_stack.setClean()


@pytest.mark.parametrize("module", NOT_AT_START)
def test_what_the_first_window_does_not_show_is_not_imported(first_window, module):
    loaded = set(first_window["painted"])
    assert not {m for m in loaded if m == module or m.startswith(module + ".")}


def test_the_deferred_start_brings_the_recovery_keeper(first_window):
    state = first_window["state"]
    assert state["started_after"]
    assert state["keeper"] == "RecoveryKeeper"
    assert "ramdesk.ui.safety" in first_window["started"]
    # Still nothing of the file formats: the keeper writes ramdesk's own record.
    assert "openpyxl" not in first_window["started"]
    assert "networkx" not in first_window["started"]


def test_the_editor_entry_point_paints_finishes_starting_and_closes(tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
        RAMDESK_SMOKE_TEST="1",
        XDG_CONFIG_HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path),
    )
    out = subprocess.run(
        [sys.executable, "-m", "ramdesk"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "window shown, painted and closed" in out.stdout


def test_the_version_of_the_command_line_imports_no_qt_and_no_matrix():
    code = (
        "import sys\n"
        "from ramdesk.__main__ import main\n"
        "main(['--version'])\n"
        "print(sorted(sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    version, loaded = out.stdout.strip().splitlines()[-2:]
    assert version.startswith("ramdesk ")
    assert not set(json.loads(loaded.replace("'", '"'))) & {
        "PySide6",
        "networkx",
        "ramdesk.model",
        "ramdesk.io",
    }


# ---------------------------------------------------------------------------- in this process
@pytest.fixture
def window(qtbot, tmp_path):
    """The window on the example, not shown yet (the conftest's is shown at once)."""
    win = create_window(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win, before_close_func=lambda w: w.document.undo_stack.setClean())
    return win


def test_the_deferred_start_runs_a_moment_after_the_first_paint(qtbot, window):
    assert not window.started
    with qtbot.waitSignal(window.sig_painted, timeout=5000):
        window.show()
    assert not window.started
    with qtbot.waitSignal(window.sig_started, timeout=5000):
        pass
    assert window.started
    assert window.recovery_keeper is not None


def test_an_edit_before_the_deferred_start_is_recorded_at_once(window, tmp_path):
    assert not window.started
    matrix = window.document.matrix
    deliverable, role = matrix.deliverables[0], matrix.roles[-1]
    window.document.apply(SetCells.one(deliverable, role, "C"))
    record = window.recovery_keeper.record
    assert record.file.exists()  # written by the edit, not waiting for the deferred start
    window.finish_start()  # later, the deferred start keeps the same keeper
    assert window.recovery_keeper.record is record


def test_a_window_closed_before_the_deferred_start_never_starts(qtbot, window):
    window.show()
    window.close()
    qtbot.wait(window.START_DELAY_MS + 100)
    assert window._recovery_keeper is None


def test_the_legend_opens_wide_enough_to_read(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    legend = window.docks["legend"]
    wide_enough = window.legend.fontMetrics().horizontalAdvance("x" * 28)
    if window.tabifiedDockWidgets(legend):  # a narrow screen: a tab beside the people panel
        assert window.tabifiedDockWidgets(legend) == [window.docks["people"]]
        assert window.docks["people"].width() >= wide_enough
    else:
        # Room for "Accountable" and a few words of its meaning per line, not a few letters.
        assert legend.width() >= wide_enough


def test_on_a_wide_screen_the_legend_has_its_own_panel(qtbot, window):
    window.resize(1540, 900)
    window._default_dock_sizes()
    window.show()
    qtbot.waitExposed(window)
    legend = window.docks["legend"]
    assert not window.tabifiedDockWidgets(legend)
    assert legend.width() >= window.legend.fontMetrics().horizontalAdvance("x" * 28)


def test_a_saved_layout_is_kept(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = create_window(settings)
    qtbot.addWidget(first, before_close_func=lambda w: w.document.undo_stack.setClean())
    first.show()
    qtbot.waitExposed(first)
    first.docks["legend"].hide()  # the user closed it
    first.docks["history"].show()
    first.close()
    again = create_window(settings)
    qtbot.addWidget(again, before_close_func=lambda w: w.document.undo_stack.setClean())
    again.show()
    qtbot.waitExposed(again)
    assert not again.docks["legend"].isVisible()
    assert again.docks["history"].isVisible()


def test_the_editor_asks_about_crashed_work_after_its_first_paint(tmp_path):
    code = """
import json
from PySide6.QtWidgets import QApplication
from ramdesk.ui import app
from ramdesk.ui.main_window import MainWindow

seen = {}

def offer(self):
    seen.update(painted=self._start_posted, started=self.started, rows=self.grid.model().rowCount())
    self.document.undo_stack.setClean()
    self.close()
    QApplication.instance().quit()
    return False

MainWindow.offer_recovery = offer
seen["exit"] = app.main([])
print(json.dumps(seen))
"""
    seen = _fresh(code, XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))
    assert seen == {"painted": True, "started": True, "rows": seen["rows"], "exit": 0}
    assert seen["rows"] > 50
