"""The editor window: the grid in the middle, problems, people and the legend in docks."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QPaintEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from ramdesk.model import Deliverable, SetField

from . import grid_edits
from .actions import MENUS, TOOLBAR, ActionId, build_actions
from .document import Document
from .filter_bar import FilterBar
from .grid import DIRECTIONS, GridView
from .icons import app_icon, icon
from .legend import LegendPanel
from .people_panel import PeoplePanel
from .problems_panel import ProblemsPanel
from .style import SEVERITY_MARKS
from .window_files import FileActions

A = ActionId

#: Menu hooks filled by other parts of the editor: action -> (module, function or class).
HOOKS = {
    A.PRINT_PREVIEW: ("ramdesk.ui.printing", "show_print_preview"),
    A.PRINT: ("ramdesk.ui.printing", "print_document"),
    A.EXPORT_PDF: ("ramdesk.ui.printing", "export_pdf_dialog"),
    A.PAGE_SETUP: ("ramdesk.ui.printing", "page_setup"),
    A.WORKLOAD: ("ramdesk.ui.workload_panel", "WorkloadPanel"),
    A.COMPARE: ("ramdesk.ui.compare_view", "CompareRolesDialog"),
    A.REASSIGN: ("ramdesk.ui.reassign_dialog", "ReassignDialog"),
}


#: What the view by person (read-only: its columns are people) does not offer.
PERSON_VIEW_READ_ONLY = (
    A.INSERT_ROLE,
    A.DELETE_ROLES,
    A.ROLE_LEFT,
    A.ROLE_RIGHT,
    A.GROUP_ROLES,
    A.REMOVE_BAND,
    A.PASTE,
    A.CUT,
    A.CLEAR,
    A.FILL_DOWN,
    A.FILL_RIGHT,
    A.EDIT_CELL,
    A.RENAME,
    A.DESCRIBE,
    A.INSERT_DELIVERABLE,
    A.INSERT_GROUP,
    A.DELETE_ROWS,
    A.INDENT,
    A.OUTDENT,
    A.UNGROUP,
    A.ROW_UP,
    A.ROW_DOWN,
)


class MainWindow(QMainWindow, FileActions):
    """One window, one Document.

    What a newcomer sees is built before the first paint; what they do not see (the recovery
    keeper and its file machinery, the offer to restore a crashed session) starts a moment after
    it, or at once when it is needed sooner, see `finish_start`.
    """

    #: The window has painted for the first time.
    sig_painted = Signal()
    #: The start-up work deferred until after the first paint is done.
    sig_started = Signal()

    #: How long after the first paint the deferred start-up work runs: the first frame is on
    #: screen well before, and a user can hardly act sooner (what acts sooner starts it at once).
    START_DELAY_MS = 300

    def __init__(self, settings: QSettings | None = None, document: Document | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        self.document = document if document is not None else Document(parent=self)
        if self.document.parent() is None:
            self.document.setParent(self)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setObjectName("ramdesk-main-window")

        self.grid = GridView(self.document, self)
        self.filter_bar = FilterBar(self.document, self.grid.matrix_model, self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.grid)
        self.setCentralWidget(central)

        self.actions = build_actions(self, self._resolve)
        self.problems_panel = ProblemsPanel(self.document, self)
        self.people_panel = PeoplePanel(self.document, self)
        self.legend = LegendPanel(self.document, self)
        self.undo_view = QUndoView(self.document.undo_stack, self)
        self.undo_view.setEmptyLabel("The matrix as opened")
        self.undo_view.setAccessibleName("Undo history")
        self.docks: dict[str, QDockWidget] = {}
        self._add_dock(
            "problems",
            "Problems",
            self.problems_panel,
            Qt.DockWidgetArea.BottomDockWidgetArea,
            "F7",
        )
        self._add_dock(
            "people",
            "People and Roles",
            self.people_panel,
            Qt.DockWidgetArea.LeftDockWidgetArea,
            "Ctrl+Shift+E",
        )
        self._add_dock(
            "legend", "Legend", self.legend, Qt.DockWidgetArea.RightDockWidgetArea, "Ctrl+Shift+L"
        )
        self._add_dock(
            "history",
            "Undo History",
            self.undo_view,
            Qt.DockWidgetArea.RightDockWidgetArea,
            "Ctrl+Shift+H",
        )
        self.docks["history"].hide()
        self._workload_dock: QDockWidget | None = None

        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._wire_hooks()

        self.problems_panel.sig_locate.connect(self.locate)
        self.people_panel.sig_locate.connect(self._locate_item)
        self.grid.sig_message.connect(self.show_message)
        self.grid.row_header.sig_move_requested.connect(
            lambda a, b: self._editable() and grid_edits.move_row_to(self.grid, a, b)
        )
        self.grid.role_header.sig_move_requested.connect(
            lambda a, b: self._editable() and grid_edits.move_role_to(self.grid, a, b)
        )
        self.grid.row_header.sig_rename_requested.connect(self._rename_row_at)
        self.grid.role_header.sig_rename_requested.connect(self._rename_column_at)
        self.grid.selectionModel().currentChanged.connect(self._on_current_changed)
        self.grid.matrix_model.sig_rows_changed.connect(self._on_rows_changed)
        self.filter_bar.sig_message.connect(self.show_message)
        self.people_panel.sig_message.connect(self.show_message)

        doc = self.document
        doc.sig_file_changed.connect(self._update_title)
        doc.sig_changed.connect(lambda change: self._update_title() if change.meta else None)
        doc.sig_problems.connect(lambda _r: self._status_timer.start())
        doc.sig_replaced.connect(self._on_replaced)
        doc.undo_stack.canUndoChanged.connect(self.actions[A.UNDO].setEnabled)
        doc.undo_stack.canRedoChanged.connect(self.actions[A.REDO].setEnabled)
        doc.undo_stack.undoTextChanged.connect(
            lambda t: self.actions[A.UNDO].setText(f"&Undo {t}" if t else "&Undo")
        )
        doc.undo_stack.redoTextChanged.connect(
            lambda t: self.actions[A.REDO].setText(f"&Redo {t}" if t else "&Redo")
        )
        self.actions[A.UNDO].setEnabled(False)
        self.actions[A.REDO].setEnabled(False)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(60)
        self._status_timer.timeout.connect(self.update_status)

        self.restore_layout()
        self._update_title()
        self.update_status()
        self._on_current_changed()
        self.resize_default()
        self._started = False
        self._start_posted = False
        self.arm_recovery()

    # ------------------------------------------------------------------ building
    def _resolve(self, name: str) -> Callable:
        found = getattr(self, name, None)
        if found is None:
            return lambda *a: self.show_message(f"{name} is not available.")
        return found

    def _add_dock(self, key: str, title: str, widget: QWidget, area, shortcut: str) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{key}")
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        toggle = dock.toggleViewAction()
        toggle.setShortcut(shortcut)
        toggle.setStatusTip(f"Show or hide the {title} panel")
        self.docks[key] = dock

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menus: dict[str, QMenu] = {}
        for title, entries in MENUS:
            menu = bar.addMenu(title)
            menu.setToolTipsVisible(True)
            self.menus[title.replace("&", "")] = menu
            for entry in entries:
                if entry == "-":
                    menu.addSeparator()
                elif entry.startswith("@"):
                    self._submenu(menu, entry[1:])
                else:
                    menu.addAction(self.actions[entry])
        directions = QActionGroup(self)
        for d in DIRECTIONS:
            directions.addAction(self.actions[f"edit.move_after_typing.{d}"])

    def _submenu(self, menu: QMenu, name: str) -> None:
        if name == "new":
            sub = menu.addMenu(icon("document-new"), "New &with Scheme")
            from ramdesk.model import BUILTIN_SCHEMES

            for scheme in BUILTIN_SCHEMES:
                action = sub.addAction(f"{scheme.name}")
                action.setStatusTip(f"A blank matrix: {scheme.description}")
                action.triggered.connect(lambda _c=False, k=scheme.key: self.file_new(k))
            sub.addSeparator()
            sub.addAction(self.actions[A.NEW_EXAMPLE])
        elif name == "recent":
            self.recent_menu = menu.addMenu(icon("recent"), "Open &Recent")
            self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        elif name == "history":
            action = menu.addAction(icon("recent"), "Undo &History")
            action.setStatusTip(
                "Every change since the matrix was opened; click one to go back to it"
            )
            action.triggered.connect(
                lambda: (self.docks["history"].show(), self.docks["history"].raise_())
            )
        elif name == "direction":
            sub = menu.addMenu("A&fter Typing a Code")
            for d in DIRECTIONS:
                sub.addAction(self.actions[f"edit.move_after_typing.{d}"])
        elif name == "panels":
            sub = menu.addMenu("Pa&nels")
            self.panels_menu = sub
            for key in ("problems", "people", "legend", "history"):
                sub.addAction(self.docks[key].toggleViewAction())

    def _build_toolbar(self) -> None:
        bar = QToolBar("&Main Toolbar", self)
        bar.setObjectName("toolbar-main")
        bar.setAccessibleName("Main toolbar")
        for entry in TOOLBAR:
            if entry == "-":
                bar.addSeparator()
            else:
                bar.addAction(self.actions[entry])
        self.addToolBar(bar)
        self.toolbar = bar
        self.menus["View"].insertAction(self.actions[A.WORKLOAD], bar.toggleViewAction())

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.counts_label = QLabel(self)
        self.counts_label.setAccessibleName("Problem counts")
        self.counts_label.setToolTip("Problems in this matrix (F8 goes to the next one)")
        self.health_label = QLabel(self)
        self.health_label.setToolTip(
            "Health: the share of deliverables with at least one code and no error"
        )
        self.rows_label = QLabel(self)
        self.scheme_label = QLabel(self)
        self.zoom_label = QLabel(self)
        for label in (
            self.rows_label,
            self.scheme_label,
            self.zoom_label,
            self.health_label,
            self.counts_label,
        ):
            status.addPermanentWidget(label)

    def _wire_hooks(self) -> None:
        """Disable menu entries whose module is not part of this installation."""
        for action_id, (module, _name) in HOOKS.items():
            try:
                present = importlib.util.find_spec(module) is not None
            except (ImportError, ValueError):
                present = False
            if not present:
                action = self.actions[action_id]
                action.setEnabled(False)
                action.setToolTip(
                    f"{action.text().replace('&', '')}: not available in this installation"
                )

    def _hook(self, action_id: str):
        module, name = HOOKS[action_id]
        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError) as exc:
            self.actions[action_id].setEnabled(False)
            self.show_message(f"Not available in this installation ({exc}).")
            return None

    # ------------------------------------------------------------------ state
    def resize_default(self) -> None:
        """A first window big enough for the grid, its filters and both side panels, as far as
        the screen allows; then the side panels as wide as their contents ask."""
        if not self.settings.contains("window/geometry"):
            width, height = 1540, 900
            screen = self.screen()
            if screen is not None:
                room = screen.availableGeometry()
                width = max(640, min(width, room.width() - 40))
                height = max(480, min(height, room.height() - 60))
            self.resize(width, height)
        if not self._layout_restored:
            self._default_dock_sizes()

    def _default_dock_sizes(self) -> None:
        """A dock otherwise opens as narrow as its widget can get (the legend's text was cut to
        a few letters); where the window is too narrow for both side panels beside the grid and
        its filters, the legend shares the people panel's place as a tab."""
        people, legend = self.docks["people"], self.docks["legend"]
        wanted = [self.people_panel.sizeHint().width(), self.legend.sizeHint().width()]
        room = self.width() - self.centralWidget().minimumSizeHint().width() - 24
        if room < sum(wanted):
            self.tabifyDockWidget(people, legend)
            people.raise_()
            self.resizeDocks([people], [max(wanted)], Qt.Orientation.Horizontal)
        else:
            if self.tabifiedDockWidgets(legend):  # the window has grown since
                self.removeDockWidget(legend)
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, legend)
                legend.show()
            self.resizeDocks([people, legend], wanted, Qt.Orientation.Horizontal)

    def restore_layout(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = s.value("window/state")
        self._layout_restored = isinstance(state, QByteArray | bytes) and self.restoreState(
            QByteArray(state)
        )
        direction = str(s.value("editing/direction", "right"))
        if direction not in DIRECTIONS:
            direction = "right"
        self.actions[f"edit.move_after_typing.{direction}"].setChecked(True)
        self.grid.move_direction = direction
        try:
            zoom = float(s.value("view/zoom", 1.0))
        except (TypeError, ValueError):
            zoom = 1.0
        rotated = str(s.value("view/rotated", "false")).lower() == "true"
        self.actions[A.ROTATE].setChecked(rotated)
        if rotated != self.grid.role_header.rotated or zoom != self.grid.zoom:
            self.grid.role_header.set_rotated(rotated)
            self.grid.apply_zoom(zoom)  # the grid measures itself again (fonts, names)

    def save_layout(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("editing/direction", self.grid.move_direction)
        s.setValue("view/zoom", self.grid.zoom)
        s.setValue("view/rotated", self.grid.role_header.rotated)
        s.sync()

    def _update_title(self) -> None:
        doc = self.document
        name = doc.path.name if doc.path is not None else doc.matrix.name
        self.setWindowTitle(f"{name}[*] — ramdesk")
        self.setWindowModified(doc.modified)
        self.actions[A.SAVE].setEnabled(not doc.read_only)

    def update_status(self) -> None:
        checker = self.document.checker
        counts = checker.counts()
        parts = []
        for severity, word in (("error", "error"), ("warning", "warning"), ("info", "note")):
            n = counts.get(severity, 0)
            parts.append(f"{SEVERITY_MARKS[severity]} {n} {word}{'s' if n != 1 else ''}")
        self.counts_label.setText("   ".join(parts))
        self.health_label.setText(f"Health {checker.health():.0%}")
        self.scheme_label.setText(self.document.matrix.scheme.name)
        self.zoom_label.setText(f"{self.grid.zoom:.0%}")
        model = self.grid.matrix_model
        self._on_rows_changed(model.shown_deliverables(), len(self.document.matrix.deliverables))

    def _on_rows_changed(self, shown: int, total: int) -> None:
        if self.grid.matrix_model.row_filter is not None:
            self.rows_label.setText(f"{shown} of {total} deliverables shown")
        else:
            self.rows_label.setText(f"{total} deliverable{'s' if total != 1 else ''}")

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def _on_replaced(self) -> None:
        self.grid.fit_names()
        self.filter_bar.reset()
        self._update_title()
        self.update_status()
        if self.grid.matrix_model.rowCount() and self.grid.matrix_model.columnCount():
            first = next(
                (i for i, r in enumerate(self.grid.matrix_model.rows) if r.kind == "deliverable"),
                0,
            )
            self.grid.setCurrentIndex(self.grid.matrix_model.index(first, 0))

    def _on_current_changed(self, *_args) -> None:
        index = self.grid.currentIndex()
        model = self.grid.matrix_model
        row = model.row_item(index.row()) if index.isValid() else None
        col = model.column_item(index.column()) if index.isValid() and model.columns else None
        self.people_panel.show_current(row, col)

    # ------------------------------------------------------------------ navigation (public)
    def select_cell(self, deliverable, role=None) -> bool:
        """Show and select a cell (or a row); clears a filter that hides it."""
        model = self.grid.matrix_model
        if not self.document.matrix.contains(deliverable):
            return False
        if model.row_filter is not None and model.row_of(deliverable) is None:
            self.filter_bar.clear()
            self.show_message("The row filter was cleared to show the problem.")
        if role is None and model.columns:
            current = self.grid.currentIndex()
            role = model.column_item(current.column()) if current.isValid() else model.columns[0]
        found = self.grid.select_cell(deliverable, role)
        if found:
            self.grid.setFocus()
        return found

    def filter_rows(self, predicate: Callable[[Deliverable], bool], label: str) -> None:
        """Show only the rows `predicate` accepts, saying so with `label`; never changes data."""
        self.filter_bar.set_custom(predicate, label)

    def locate(self, problem) -> None:
        """Select where a problem lives."""
        m = self.document.matrix
        model = self.grid.matrix_model
        column = None
        if model.by_person:
            column = problem.person
            if column is None and problem.role is not None and m.contains(problem.role):
                holders = m.holders(problem.role)
                column = holders[0] if holders else None
        else:
            column = problem.role
            if column is None and problem.person is not None and m.contains(problem.person):
                if problem.deliverable is not None:
                    held = m.person_codes(problem.person, problem.deliverable)
                    column = held[0][0] if held else None
                if column is None:
                    roles = m.roles_of(problem.person)
                    column = roles[0] if roles else None
            if column is None and problem.deliverable is not None:
                column = self._cell_of_row_problem(problem)
        if problem.deliverable is not None:
            self.select_cell(problem.deliverable, column)
        elif column is not None and model.column_of(column) is not None:
            j = model.column_of(column)
            self.grid.selectColumn(j)
            self.grid.scrollTo(model.index(0, j))
            self.grid.setFocus()
        self.show_message(problem.message)

    def _cell_of_row_problem(self, problem):
        """The role to land on for a problem of a whole row: the first cell holding the code it
        is about ("2 × A": an A), else the first role (never the column the cursor was in, where
        a Delete would clear an unrelated code)."""
        m, columns = self.document.matrix, self.grid.matrix_model.columns
        code = problem.param("code")
        if code and m.contains(problem.deliverable):
            for role in columns:
                if code in m.codes(problem.deliverable, role):
                    return role
        return columns[0] if columns else None

    def _locate_item(self, item) -> None:
        model = self.grid.matrix_model
        if isinstance(item, Deliverable):
            self.select_cell(item)
        elif model.column_of(item) is not None:
            self.grid.selectColumn(model.column_of(item))

    def next_problem(self) -> None:
        if self.problems_panel.step(True) is None:
            self._no_problem_to_go_to()

    def previous_problem(self) -> None:
        if self.problems_panel.step(False) is None:
            self._no_problem_to_go_to()

    def _no_problem_to_go_to(self) -> None:
        total = sum(self.document.checker.counts().values())
        if total:
            self.show_message(
                f"No problem matches the Problems panel's filters ({total} in all): "
                "show all problems there to go through them."
            )
        else:
            self.show_message("No problems: every check passes.")

    def recheck(self) -> None:
        self.run_full_check()

    # ------------------------------------------------------------------ edit menu
    def undo(self) -> None:
        self.people_panel.commit_descriptions()  # typing not yet saved is what Undo takes back
        self.document.undo_stack.undo()

    def redo(self) -> None:
        self.people_panel.commit_descriptions()
        self.document.undo_stack.redo()

    def cut(self) -> None:
        grid_edits.cut(self.grid)

    def copy(self) -> None:
        grid_edits.copy(self.grid)

    def paste(self) -> None:
        grid_edits.paste(self.grid)

    def clear_cells(self) -> None:
        self.grid.clear_selected()

    def select_all(self) -> None:
        self.grid.selectAll()

    def fill_down(self) -> None:
        grid_edits.fill(self.grid, down=True)

    def fill_right(self) -> None:
        grid_edits.fill(self.grid, down=False)

    def edit_cell(self) -> None:
        index = self.grid.currentIndex()
        if index.isValid():
            self.grid.edit(index)

    def set_direction_right(self, on: bool) -> None:
        if on:
            self.grid.move_direction = "right"

    def set_direction_down(self, on: bool) -> None:
        if on:
            self.grid.move_direction = "down"

    def set_direction_none(self, on: bool) -> None:
        if on:
            self.grid.move_direction = "none"

    def _ask_text(self, title: str, label: str, text: str = "") -> str | None:
        from PySide6.QtWidgets import QInputDialog

        value, ok = QInputDialog.getText(self, title, label, text=text)
        return value if ok else None

    def _current_items(self):
        index = self.grid.currentIndex()
        model = self.grid.matrix_model
        if not index.isValid():
            return None, None
        return model.row_item(index.row()), (
            model.column_item(index.column()) if model.columns else None
        )

    def _target_item(self):
        """The current row, or its role when a whole column is selected. In a matrix of one
        row, one cell is a whole column too: there the row it is (a name is renamed with a
        double-click)."""
        row, col = self._current_items()
        index = self.grid.currentIndex()
        selection = self.grid.selectionModel()
        if (
            col is not None
            and index.isValid()
            and selection.isColumnSelected(index.column())
            and (row is None or self.grid.matrix_model.rowCount() > 1)
        ):
            return col
        if row is None and col is None:
            self.show_message(
                "Choose what to rename: a cell's row, a selected column, or double-click a name."
            )
        return row

    def rename_current(self, name: str | None = None) -> bool:
        """Rename the current row (or, when a column is selected, its role)."""
        item = self._target_item()
        if item is None:
            return False
        return self._rename(item, name)

    def _rename(self, item, name: str | None = None) -> bool:
        what = item.kind.replace("_", " ")
        if name is None:
            name = self._ask_text(
                f"Rename {what}", f"New name for the {what} “{item.name}”:", item.name
            )
        if name is None:
            return False
        return grid_edits.rename(self.grid, item, name)

    def _rename_row_at(self, row: int) -> None:
        if self._editable():
            self._rename(self.grid.matrix_model.row_item(row))

    def _rename_column_at(self, column: int) -> None:
        if self._editable():
            self._rename(self.grid.matrix_model.column_item(column))

    def _editable(self) -> bool:
        """False, and a word why, in the view by person (read-only)."""
        if self.grid.matrix_model.by_person:
            self.show_message(self.grid.read_only_message())
            return False
        return True

    def describe_current(self, text: str | None = None) -> bool:
        item = self._target_item()
        if item is None:
            return False
        if text is None:
            from PySide6.QtWidgets import QInputDialog

            value, ok = QInputDialog.getMultiLineText(
                self, "Describe", f"What “{item.name}” is about:", item.description
            )
            if not ok:
                return False
            text = value
        if text == item.description:
            return False
        self.document.apply(SetField(item, "description", text, f"Describe “{item.name}”"))
        return True

    # ------------------------------------------------------------------ rows and columns
    def insert_deliverable(self, name: str = "New deliverable") -> None:
        grid_edits.insert_deliverable(self.grid, name)

    def insert_group(self, name: str = "New group") -> None:
        grid_edits.insert_group(self.grid, name)

    def delete_rows(self) -> None:
        if grid_edits.remove_rows(self.grid) == 0:
            self.show_message("Select the rows to delete first.")

    def indent_rows(self) -> None:
        grid_edits.indent_rows(self.grid)

    def outdent_rows(self) -> None:
        grid_edits.indent_rows(self.grid, out=True)

    def ungroup_current(self) -> None:
        if not grid_edits.ungroup_current(self.grid):
            self.show_message("Put the cursor on a group row to ungroup it.")

    def move_row_up(self) -> None:
        grid_edits.move_rows(self.grid, -1)

    def move_row_down(self) -> None:
        grid_edits.move_rows(self.grid, 1)

    def insert_role(self, name: str = "New role") -> None:
        if self.grid.matrix_model.by_person:
            self.show_message("Switch to the view by role to add roles.")
            return
        grid_edits.insert_role(self.grid, name)

    def delete_roles(self) -> None:
        if self.grid.matrix_model.by_person:
            return
        grid_edits.remove_roles(self.grid)

    def move_role_left(self) -> None:
        grid_edits.move_roles(self.grid, -1)

    def move_role_right(self) -> None:
        grid_edits.move_roles(self.grid, 1)

    def group_roles(self, name: str | None = None) -> None:
        if name is None:
            name = self._ask_text(
                "Group roles", "Name of the band over the selected roles:", "Team"
            )
        if name:
            grid_edits.group_roles(self.grid, name.strip() or "Team")

    def remove_band(self) -> None:
        if not grid_edits.remove_role_group(self.grid):
            self.show_message("The current role is not under a band.")

    # ------------------------------------------------------------------ view
    def toggle_by_person(self, on: bool) -> None:
        current = self._current_items()[0]
        self.grid.matrix_model.set_by_person(on)
        for key in PERSON_VIEW_READ_ONLY:
            self.actions[key].setEnabled(not on)
        if on and not self.document.matrix.people:
            self.show_message("No people yet: add them in the People and Roles panel.")
        elif on:
            self.show_message(
                "View by person: read-only; each cell shows what a person holds through all their roles."
            )
        else:
            self.show_message("View by role: cells can be edited again.")
        if current is not None:
            self.grid.select_cell(current, None)
        self.grid.viewport().update()

    def toggle_rotated(self, on: bool) -> None:
        self.grid.set_rotated(on)

    def zoom_in(self) -> None:
        self.grid.apply_zoom(round(self.grid.zoom + 0.1, 2))
        self.update_status()

    def zoom_out(self) -> None:
        self.grid.apply_zoom(round(self.grid.zoom - 0.1, 2))
        self.update_status()

    def zoom_reset(self) -> None:
        self.grid.apply_zoom(1.0)
        self.update_status()

    def collapse_all(self) -> None:
        self.grid.matrix_model.set_all_collapsed(True)

    def expand_all(self) -> None:
        self.grid.matrix_model.set_all_collapsed(False)

    def focus_filter(self) -> None:
        self.filter_bar.focus_text()

    def clear_filter(self) -> None:
        self.filter_bar.clear()

    # ------------------------------------------------------------------ hooks to other parts
    def print_preview(self) -> None:
        self._say_printed_by_role()
        hook = self._hook(A.PRINT_PREVIEW)
        if hook is not None:
            hook(self, self.document)

    def print_document(self) -> None:
        self._say_printed_by_role()
        hook = self._hook(A.PRINT)
        if hook is not None:
            hook(self, self.document)

    def export_pdf(self) -> None:
        self._say_printed_by_role()
        hook = self._hook(A.EXPORT_PDF)
        if hook is not None:
            hook(self, self.document)

    def _say_printed_by_role(self) -> None:
        if self.grid.matrix_model.by_person:
            self.show_message(
                "Printed by role, as the matrix is kept: the view by person is for the screen "
                "(for one person's part, print their responsibility card)."
            )

    def page_setup(self) -> None:
        hook = self._hook(A.PAGE_SETUP)
        if hook is not None:
            hook(self, self.document)

    def next_panel(self, step: int = 1) -> None:
        """F6 / Shift+F6: the keyboard focus goes round the grid and the panels on show."""
        from PySide6.QtWidgets import QApplication

        stops: list[QWidget] = [self.grid]
        stops += [
            dock.widget()
            for dock in self.docks.values()
            if dock.isVisible() and dock.widget() is not None
        ]
        focus = QApplication.focusWidget()
        here = next(
            (
                i
                for i, w in enumerate(stops)
                if focus is not None and (w is focus or w.isAncestorOf(focus))
            ),
            0,
        )
        target = stops[(here + step) % len(stops)]
        if target.focusPolicy() == Qt.FocusPolicy.NoFocus:
            target = next(
                (
                    w
                    for w in target.findChildren(QWidget)
                    if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisible() and w.isEnabled()
                ),
                target,
            )
        target.setFocus(Qt.FocusReason.TabFocusReason)
        name = target.accessibleName() or target.window().windowTitle()
        self.show_message(f"Keyboard focus: {name}.")

    def previous_panel(self) -> None:
        self.next_panel(-1)

    def show_workload(self) -> None:
        if self._workload_dock is None:
            panel_class = self._hook(A.WORKLOAD)
            if panel_class is None:
                return
            panel = panel_class(self.document, self)
            panel.sig_filter_person.connect(self._filter_by_person)
            panel.sig_filter_role.connect(self._filter_by_role)
            panel.sig_select_group.connect(self._show_group)
            dock = QDockWidget("Workload", self)
            dock.setObjectName("dock-workload")
            dock.setWidget(panel)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self._workload_dock = dock
            self.docks["workload"] = dock
        self._workload_dock.show()
        self._workload_dock.raise_()

    def _filter_by_person(self, person) -> None:
        """A person's bar was clicked: only the rows where they hold a code."""
        m = self.document.matrix
        self.filter_rows(
            lambda d: bool(m.person_codes(person, d)), f"rows where {person.name} holds a code"
        )
        self.show_message(f"Showing the deliverables {person.name} holds a code on.")

    def _filter_by_role(self, role) -> None:
        m = self.document.matrix
        self.filter_rows(lambda d: bool(m.code(d, role)), f"rows where {role.name} has a code")
        self.show_message(f"Showing the deliverables {role.name} has a code on.")

    def _show_group(self, group) -> None:
        if self.document.matrix.contains(group):
            self.grid.matrix_model.set_collapsed(group, False)
            self.select_cell(group)

    def compare_roles(self) -> None:
        dialog_class = self._hook(A.COMPARE)
        if dialog_class is not None:
            dialog_class(self.document, self).exec()

    def reassign(self) -> None:
        dialog_class = self._hook(A.REASSIGN)
        if dialog_class is not None:
            dialog_class(self.document, self).exec()

    # ------------------------------------------------------------------ matrix menu
    def choose_scheme(self) -> None:
        from .scheme_dialog import SchemeDialog

        SchemeDialog(self.document, self).exec()
        self.update_status()

    def edit_rules(self) -> None:
        from .rules_dialog import RulesDialog

        RulesDialog(self.document, self).exec()

    def edit_properties(self) -> None:
        from .rules_dialog import PropertiesDialog

        PropertiesDialog(self.document, self).exec()

    # ------------------------------------------------------------------ help
    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        import ramdesk

        QMessageBox.about(
            self,
            "About ramdesk",
            f"<h3>ramdesk {ramdesk.__version__}</h3>"
            "<p>The desktop editor for responsibility assignment matrices: RACI, RASCI, PARIS, "
            "DACI, RAPID and your own schemes.</p><p>Licensed under the MIT licence.</p>",
        )

    def show_keys(self) -> None:
        self.docks["legend"].show()
        self.docks["legend"].raise_()

    # ------------------------------------------------------------------ after the first paint
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._start_posted:
            self._start_posted = True
            # Both are dropped if the window goes first.
            QTimer.singleShot(0, self, self.sig_painted.emit)
            QTimer.singleShot(self.START_DELAY_MS, self, self.finish_start)

    def finish_start(self) -> None:
        """The start-up work that waits until after the first paint (fine to call any time)."""
        if self._started:
            return
        self._started = True
        self.start_recovery()
        self.sig_started.emit()

    @property
    def started(self) -> bool:
        return self._started

    # ------------------------------------------------------------------ window events
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.save_layout()
        self._started = True  # nothing more to start for a window that closes
        self.stop_guarding()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_path(files[0]))
