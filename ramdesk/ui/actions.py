"""Every action of the window: ids as constants, one table, one factory that builds them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from .icons import icon

SK = QKeySequence.StandardKey


class ActionId:
    """Names of the window's actions (`window.actions[ActionId.SAVE]`)."""

    NEW = "file.new"
    NEW_EXAMPLE = "file.new_example"
    OPEN = "file.open"
    SAVE = "file.save"
    SAVE_AS = "file.save_as"
    PRINT_PREVIEW = "file.print_preview"
    PRINT = "file.print"
    EXPORT_PDF = "file.export_pdf"
    PAGE_SETUP = "file.page_setup"
    CLEAR_RECENT = "file.clear_recent"
    QUIT = "file.quit"

    UNDO = "edit.undo"
    REDO = "edit.redo"
    CUT = "edit.cut"
    COPY = "edit.copy"
    PASTE = "edit.paste"
    CLEAR = "edit.clear"
    SELECT_ALL = "edit.select_all"
    FILL_DOWN = "edit.fill_down"
    FILL_RIGHT = "edit.fill_right"
    EDIT_CELL = "edit.edit_cell"
    RENAME = "edit.rename"
    DESCRIBE = "edit.describe"
    MOVE_RIGHT = "edit.move_after_typing.right"
    MOVE_DOWN = "edit.move_after_typing.down"
    MOVE_NONE = "edit.move_after_typing.none"

    INSERT_DELIVERABLE = "rows.insert_deliverable"
    INSERT_GROUP = "rows.insert_group"
    DELETE_ROWS = "rows.delete"
    INDENT = "rows.indent"
    OUTDENT = "rows.outdent"
    UNGROUP = "rows.ungroup"
    ROW_UP = "rows.move_up"
    ROW_DOWN = "rows.move_down"

    INSERT_ROLE = "columns.insert_role"
    DELETE_ROLES = "columns.delete"
    ROLE_LEFT = "columns.move_left"
    ROLE_RIGHT = "columns.move_right"
    GROUP_ROLES = "columns.group"
    REMOVE_BAND = "columns.remove_band"

    BY_PERSON = "view.by_person"
    ROTATE = "view.rotate_names"
    ZOOM_IN = "view.zoom_in"
    ZOOM_OUT = "view.zoom_out"
    ZOOM_RESET = "view.zoom_reset"
    NEXT_PANEL = "view.next_panel"
    PREVIOUS_PANEL = "view.previous_panel"
    COLLAPSE_ALL = "view.collapse_all"
    EXPAND_ALL = "view.expand_all"
    FILTER = "view.filter"
    CLEAR_FILTER = "view.clear_filter"
    WORKLOAD = "view.workload"

    SCHEME = "matrix.scheme"
    RULES = "matrix.rules"
    PROPERTIES = "matrix.properties"
    NEXT_PROBLEM = "matrix.next_problem"
    PREVIOUS_PROBLEM = "matrix.previous_problem"
    RECHECK = "matrix.recheck"
    COMPARE = "tools.compare"
    REASSIGN = "tools.reassign"

    ABOUT = "help.about"
    KEYS = "help.keys"


@dataclass(frozen=True)
class Spec:
    id: str
    text: str
    slot: str
    tip: str
    icon: str = ""
    keys: tuple = ()
    checkable: bool = False


A = ActionId
SPECS: tuple[Spec, ...] = (
    Spec(A.NEW, "&New", "file_new", "Start a blank matrix", "document-new", (SK.New,)),
    Spec(
        A.NEW_EXAMPLE,
        "New from the &Example",
        "file_new_example",
        "Open the built-in example matrix",
        "example",
    ),
    Spec(
        A.OPEN,
        "&Open…",
        "file_open",
        "Open a matrix or any spreadsheet holding one",
        "document-open",
        (SK.Open,),
    ),
    Spec(A.SAVE, "&Save", "file_save", "Save the matrix", "document-save", (SK.Save,)),
    Spec(
        A.SAVE_AS,
        "Save &As…",
        "file_save_as",
        "Save the matrix under a new name",
        "document-save-as",
        (SK.SaveAs, "Ctrl+Shift+S"),
    ),
    Spec(
        A.PRINT_PREVIEW,
        "Print Pre&view…",
        "print_preview",
        "See the printed pages",
        "document-print-preview",
        ("Ctrl+Shift+P",),
    ),
    Spec(A.PRINT, "&Print…", "print_document", "Print the matrix", "document-print", (SK.Print,)),
    Spec(
        A.EXPORT_PDF,
        "Export as P&DF…",
        "export_pdf",
        "Write the printed pages to a PDF file",
        "export-pdf",
        ("Ctrl+E",),
    ),
    Spec(A.PAGE_SETUP, "Page Set&up…", "page_setup", "Paper, orientation and what to print"),
    Spec(
        A.CLEAR_RECENT,
        "&Clear the List",
        "clear_recent",
        "Forget the recently opened files",
        "clear",
    ),
    Spec(A.QUIT, "&Quit", "close", "Close ramdesk", "application-exit", (SK.Quit, "Ctrl+Q")),
    Spec(A.UNDO, "&Undo", "undo", "Undo the last change", "edit-undo", (SK.Undo,)),
    Spec(
        A.REDO,
        "&Redo",
        "redo",
        "Redo the change just undone",
        "edit-redo",
        (SK.Redo, "Ctrl+Y", "Ctrl+Shift+Z"),
    ),
    Spec(A.CUT, "Cu&t", "cut", "Copy the selected codes and clear them", "edit-cut", (SK.Cut,)),
    Spec(
        A.COPY,
        "&Copy",
        "copy",
        "Copy the selected codes as tab-separated text (for Excel, LibreOffice)",
        "edit-copy",
        (SK.Copy,),
    ),
    Spec(
        A.PASTE,
        "&Paste",
        "paste",
        "Paste codes, or names to create rows or roles",
        "edit-paste",
        (SK.Paste,),
    ),
    Spec(A.CLEAR, "C&lear", "clear_cells", "Clear the selected cells", "edit-delete", ()),
    Spec(A.SELECT_ALL, "Select &All", "select_all", "Select every cell", "", (SK.SelectAll,)),
    Spec(
        A.FILL_DOWN,
        "Fill &Down",
        "fill_down",
        "Copy the top cell of the selection into the cells below",
        "fill-down",
        ("Ctrl+D",),
    ),
    Spec(
        A.FILL_RIGHT,
        "Fill Ri&ght",
        "fill_right",
        "Copy the left cell of the selection into the cells to its right",
        "fill-right",
        ("Ctrl+R",),
    ),
    Spec(
        A.EDIT_CELL,
        "Choose a C&ode…",
        "edit_cell",
        "Pick the cell's code from a list with meanings",
        "",
        ("F2",),
    ),
    Spec(
        A.RENAME,
        "Re&name…",
        "rename_current",
        "Rename the current deliverable, group or role",
        "rename",
        ("Ctrl+F2",),
    ),
    Spec(
        A.DESCRIBE,
        "Descri&be…",
        "describe_current",
        "Write what the current deliverable or role is about",
        "",
        ("Shift+F2",),
    ),
    Spec(
        A.MOVE_RIGHT,
        "Move &Right",
        "set_direction_right",
        "After typing a code, go to the cell on the right",
        checkable=True,
    ),
    Spec(
        A.MOVE_DOWN,
        "Move &Down",
        "set_direction_down",
        "After typing a code, go to the cell below",
        checkable=True,
    ),
    Spec(
        A.MOVE_NONE,
        "&Stay",
        "set_direction_none",
        "After typing a code, stay in the cell",
        checkable=True,
    ),
    Spec(
        A.INSERT_DELIVERABLE,
        "Insert &Deliverable",
        "insert_deliverable",
        "Add a deliverable below the current row",
        "row-insert",
        ("Ctrl+Return",),
    ),
    Spec(
        A.INSERT_GROUP,
        "Insert &Group",
        "insert_group",
        "Add a group (the selected rows go into it)",
        "group-insert",
        ("Ctrl+G",),
    ),
    Spec(
        A.DELETE_ROWS,
        "De&lete Rows",
        "delete_rows",
        "Delete the selected deliverables and groups",
        "edit-delete",
        ("Ctrl+Delete",),
    ),
    Spec(
        A.INDENT,
        "&Indent",
        "indent_rows",
        "Move the rows into the group above",
        "indent",
        ("Alt+Shift+Right",),
    ),
    Spec(
        A.OUTDENT,
        "&Outdent",
        "outdent_rows",
        "Move the rows out of their group",
        "outdent",
        ("Alt+Shift+Left",),
    ),
    Spec(
        A.UNGROUP,
        "U&ngroup",
        "ungroup_current",
        "Remove the group, keeping what is in it",
        "",
        ("Ctrl+Shift+G",),
    ),
    Spec(
        A.ROW_UP,
        "Move Row &Up",
        "move_row_up",
        "Move the current row up",
        "go-up",
        ("Ctrl+Shift+Up",),
    ),
    Spec(
        A.ROW_DOWN,
        "Move Row Do&wn",
        "move_row_down",
        "Move the current row down",
        "go-down",
        ("Ctrl+Shift+Down",),
    ),
    Spec(
        A.INSERT_ROLE,
        "Insert &Role",
        "insert_role",
        "Add a role after the current column",
        "column-insert",
        ("Ctrl+Shift+Return",),
    ),
    Spec(
        A.DELETE_ROLES,
        "&Delete Roles",
        "delete_roles",
        "Delete the selected roles",
        "edit-delete",
        ("Ctrl+Shift+Delete",),
    ),
    Spec(
        A.ROLE_LEFT,
        "Move Role &Left",
        "move_role_left",
        "Move the current role left",
        "go-left",
        ("Ctrl+Shift+Left",),
    ),
    Spec(
        A.ROLE_RIGHT,
        "Move Role R&ight",
        "move_role_right",
        "Move the current role right",
        "go-right",
        ("Ctrl+Shift+Right",),
    ),
    Spec(
        A.GROUP_ROLES,
        "&Group Roles Under a Band…",
        "group_roles",
        "Put the selected roles under a named band",
        "group-insert",
    ),
    Spec(
        A.REMOVE_BAND,
        "Remove the &Band",
        "remove_band",
        "Remove the band over the current role (the roles stay)",
    ),
    Spec(
        A.BY_PERSON,
        "View by &Person",
        "toggle_by_person",
        "Columns become people: what each person holds through all their roles",
        "view-person",
        ("Ctrl+Shift+V",),
        True,
    ),
    Spec(
        A.ROTATE,
        "&Rotated Role Names",
        "toggle_rotated",
        "Write role names upwards so narrow columns fit",
        "rotate",
        (),
        True,
    ),
    Spec(
        A.ZOOM_IN, "Zoom &In", "zoom_in", "Larger text and cells", "zoom-in", (SK.ZoomIn, "Ctrl+=")
    ),
    Spec(A.ZOOM_OUT, "Zoom &Out", "zoom_out", "Smaller text and cells", "zoom-out", (SK.ZoomOut,)),
    Spec(A.ZOOM_RESET, "&Actual Size", "zoom_reset", "Back to 100 %", "zoom-reset", ("Ctrl+0",)),
    Spec(
        A.NEXT_PANEL,
        "Ne&xt Panel",
        "next_panel",
        "Move the keyboard focus to the next panel (the grid, People, Problems, Legend …)",
        "",
        ("F6",),
    ),
    Spec(
        A.PREVIOUS_PANEL,
        "Pre&vious Panel",
        "previous_panel",
        "Move the keyboard focus to the previous panel",
        "",
        ("Shift+F6",),
    ),
    Spec(
        A.COLLAPSE_ALL, "&Collapse All Groups", "collapse_all", "Show only the groups", "collapse"
    ),
    Spec(A.EXPAND_ALL, "&Expand All Groups", "expand_all", "Show every row", "expand"),
    Spec(
        A.FILTER,
        "&Filter Rows…",
        "focus_filter",
        "Show only the rows that match",
        "filter",
        (SK.Find,),
    ),
    Spec(
        A.CLEAR_FILTER,
        "S&how All Rows",
        "clear_filter",
        "Remove the row filter",
        "clear",
        ("Ctrl+Shift+A",),
    ),
    Spec(
        A.WORKLOAD,
        "&Workload",
        "show_workload",
        "Who carries how much, across their roles",
        "workload",
    ),
    Spec(
        A.SCHEME,
        "&Scheme…",
        "choose_scheme",
        "Choose RACI, RASCI, PARIS … or define your own codes",
        "scheme",
    ),
    Spec(
        A.RULES,
        "&Rules and Thresholds…",
        "edit_rules",
        "Switch checks on or off and change limits for this matrix",
        "rules",
    ),
    Spec(A.PROPERTIES, "Matrix &Details…", "edit_properties", "Name, project, version, author"),
    Spec(
        A.NEXT_PROBLEM,
        "&Next Problem",
        "next_problem",
        "Go to the next problem",
        "problem-next",
        ("F8",),
    ),
    Spec(
        A.PREVIOUS_PROBLEM,
        "&Previous Problem",
        "previous_problem",
        "Go to the previous problem",
        "",
        ("Shift+F8",),
    ),
    Spec(
        A.RECHECK,
        "Check &Everything Again",
        "recheck",
        "Run every check over the whole matrix",
        "problems",
        ("F9",),
    ),
    Spec(
        A.COMPARE, "&Compare Two Roles…", "compare_roles", "Put two roles side by side", "compare"
    ),
    Spec(
        A.REASSIGN,
        "Re&assign…",
        "reassign",
        "Move codes from one role or person to another",
        "reassign",
    ),
    Spec(A.ABOUT, "&About ramdesk", "about", "Version and licence", "help-about"),
    Spec(
        A.KEYS,
        "&Keyboard and Codes",
        "show_keys",
        "How to enter codes fast",
        "legend",
        (SK.HelpContents,),
    ),
)

#: Menus: title -> action ids ("-" a separator, "@name" a submenu the window fills).
MENUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "&File",
        (
            A.NEW,
            "@new",
            A.OPEN,
            "@recent",
            "-",
            A.SAVE,
            A.SAVE_AS,
            "-",
            A.PRINT_PREVIEW,
            A.PRINT,
            A.EXPORT_PDF,
            A.PAGE_SETUP,
            "-",
            A.QUIT,
        ),
    ),
    (
        "&Edit",
        (
            A.UNDO,
            A.REDO,
            "@history",
            "-",
            A.CUT,
            A.COPY,
            A.PASTE,
            A.CLEAR,
            A.SELECT_ALL,
            "-",
            A.FILL_DOWN,
            A.FILL_RIGHT,
            A.EDIT_CELL,
            "@direction",
            "-",
            A.RENAME,
            A.DESCRIBE,
        ),
    ),
    (
        "&Rows",
        (
            A.INSERT_DELIVERABLE,
            A.INSERT_GROUP,
            A.DELETE_ROWS,
            "-",
            A.INDENT,
            A.OUTDENT,
            A.UNGROUP,
            "-",
            A.ROW_UP,
            A.ROW_DOWN,
        ),
    ),
    (
        "&Columns",
        (
            A.INSERT_ROLE,
            A.DELETE_ROLES,
            "-",
            A.ROLE_LEFT,
            A.ROLE_RIGHT,
            "-",
            A.GROUP_ROLES,
            A.REMOVE_BAND,
        ),
    ),
    (
        "&View",
        (
            A.BY_PERSON,
            A.ROTATE,
            "-",
            A.ZOOM_IN,
            A.ZOOM_OUT,
            A.ZOOM_RESET,
            "-",
            A.COLLAPSE_ALL,
            A.EXPAND_ALL,
            A.FILTER,
            A.CLEAR_FILTER,
            "-",
            "@panels",
            A.NEXT_PANEL,
            A.PREVIOUS_PANEL,
            A.WORKLOAD,
        ),
    ),
    (
        "&Matrix",
        (
            A.SCHEME,
            A.RULES,
            A.PROPERTIES,
            "-",
            A.NEXT_PROBLEM,
            A.PREVIOUS_PROBLEM,
            A.RECHECK,
            "-",
            A.COMPARE,
            A.REASSIGN,
        ),
    ),
    ("&Help", (A.KEYS, A.ABOUT)),
)

TOOLBAR = (
    A.NEW,
    A.OPEN,
    A.SAVE,
    "-",
    A.UNDO,
    A.REDO,
    "-",
    A.INSERT_DELIVERABLE,
    A.INSERT_GROUP,
    A.INSERT_ROLE,
    "-",
    A.BY_PERSON,
    A.ROTATE,
    A.ZOOM_IN,
    A.ZOOM_OUT,
    "-",
    A.NEXT_PROBLEM,
    A.SCHEME,
    A.PRINT_PREVIEW,
)


def build_actions(window: QWidget, resolve: Callable[[str], Callable]) -> dict[str, QAction]:
    """Every action of SPECS, connected to `resolve(spec.slot)`, with shortcuts and tips."""
    actions: dict[str, QAction] = {}
    for spec in SPECS:
        action = QAction(spec.text, window)
        action.setObjectName(spec.id)
        if spec.icon:
            action.setIcon(icon(spec.icon))
        keys: list[QKeySequence] = []
        for key in spec.keys:
            if isinstance(key, str):
                keys.append(QKeySequence(key))
            else:
                keys.extend(QKeySequence.keyBindings(key))
        unique = []
        for key in keys:
            if not key.isEmpty() and key not in unique:
                unique.append(key)
        if unique:
            action.setShortcuts(unique)
        shortcut = (
            f" ({unique[0].toString(QKeySequence.SequenceFormat.NativeText)})" if unique else ""
        )
        action.setToolTip(f"{spec.text.replace('&', '').rstrip('…')}{shortcut}: {spec.tip}")
        action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        slot = resolve(spec.slot)
        if spec.checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False, s=slot: s())
        actions[spec.id] = action
    return actions
