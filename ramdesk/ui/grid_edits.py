"""What the Edit menu does to the grid: clipboard, fill, and rows and columns; each one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ramdesk.model import (
    Batch,
    Deliverable,
    Edit,
    Group,
    InsertRole,
    InsertRoleGroup,
    InsertRow,
    MoveRole,
    MoveRow,
    RemoveRole,
    RemoveRoleGroup,
    RemoveRow,
    Role,
    RoleGroup,
    Row,
    SetCells,
    SetField,
    indent,
    outdent,
    split_codes,
    ungroup,
)

from .grid import GridView
from .tsv import parse_tsv, to_tsv


# ---------------------------------------------------------------------------- clipboard
def copy_text(grid: GridView) -> str:
    """The selection as tab-separated text (unselected cells inside its rectangle stay empty)."""
    rect = grid.selected_rect()
    if rect is None:
        return ""
    top, left, bottom, right = rect
    model = grid.matrix_model
    ranges = grid.selected_ranges() or [(top, left, top, left)]
    whole = len(ranges) == 1  # one rectangle: every cell inside it is chosen

    def chosen(r: int, c: int) -> bool:
        return whole or any(t <= r <= b and lo <= c <= hi for t, lo, b, hi in ranges)

    matrix = model.matrix
    columns = model.columns
    rows = []
    for r in range(top, bottom + 1):
        item = model.row_item(r)
        if item.kind != "deliverable":
            continue
        rows.append(
            [
                (
                    model.person_text(item, columns[c])
                    if model.by_person
                    else matrix.code(item, columns[c])
                )  # type: ignore[arg-type]
                if chosen(r, c)
                else ""
                for c in range(left, right + 1)
            ]
        )
    return to_tsv(rows) if rows else ""


def _one_block(grid: GridView) -> bool:
    """Whether the selection is one rectangle of cells (or ranges that fill one)."""
    ranges = grid.selected_ranges()
    rect = grid.selected_rect()
    if len(ranges) <= 1 or rect is None:
        return True
    top, left, bottom, right = rect
    chosen = sum((b - t + 1) * (r - lo + 1) for t, lo, b, r in ranges)
    return chosen >= (bottom - top + 1) * (right - left + 1)


def copy(grid: GridView) -> bool:
    if not _one_block(grid):
        grid.sig_message.emit(
            "Copy takes one block of cells: select a single rectangle (the cells between "
            "separate blocks would be pasted as blanks)."
        )
        QApplication.beep()
        return False
    text = copy_text(grid)
    if text:
        QApplication.clipboard().setText(text)
        grid.sig_message.emit("Copied.")
    return bool(text)


def cut(grid: GridView) -> None:
    if copy(grid):
        grid.clear_selected()


def _is_code(matrix, text: str) -> bool:
    text = text.strip()
    if not text:
        return True
    scheme = matrix.scheme
    return all(scheme.code(c) is not None for c in split_codes(matrix.canonical(text)))


def _codeish(matrix, text: str) -> bool:
    """A code of the scheme, or letters that read as codes of another ("V", "A/S"): never taken
    for the name of a new row or role when a block is pasted."""
    if _is_code(matrix, text):
        return True
    parts = split_codes(text.strip())
    return bool(parts) and all(len(p) == 1 and p.isalpha() for p in parts)


def _header_row(matrix, block: list[list[str]]) -> bool:
    """Whether a pasted block's first row names roles: its first cell is no code, and most of
    the others are names, over rows below it."""
    if len(block[0]) < 2 or len(block) < 2:
        return False
    first = block[0][0].strip()
    others = [c for c in block[0][1:] if c.strip()]
    names = sum(1 for c in others if not _codeish(matrix, c))
    return not (first and _codeish(matrix, first)) and names * 2 > len(others)


def paste(grid: GridView, text: str | None = None) -> bool:
    """Paste a tab-separated block: codes into cells, names into new rows and roles; one step."""
    if text is None:
        text = QApplication.clipboard().text()
    block = [row for row in parse_tsv(text or "")]
    while block and not any(c.strip() for c in block[-1]):
        block.pop()
    if not block:
        grid.sig_message.emit("Nothing to paste: the clipboard holds no text.")
        return False
    document = grid.document
    if document.read_only or grid.matrix_model.by_person:
        grid.sig_message.emit("This view is read-only: switch to the view by role to paste.")
        return False
    matrix = document.matrix
    model = grid.matrix_model
    width = len(block[0])
    header = _header_row(matrix, block)
    body = block[1:] if header else block
    names = all(not _codeish(matrix, r[0]) or not r[0].strip() for r in body) and any(
        not _codeish(matrix, r[0]) for r in body
    )
    names_only_column = width == 1 and names
    names_only_row = (
        len(block) == 1
        and width > 1
        and all(not _codeish(matrix, c) for c in block[0] if c.strip())
    )
    edits: list[Edit] = []
    rect = grid.selected_rect()
    top, left = (rect[0], rect[1]) if rect is not None else (0, 0)

    if names_only_row and not header:
        roles = [Role(name.strip()) for name in block[0] if name.strip()]
        at = _role_insert_index(grid)
        edits.extend(InsertRole(role, at + i) for i, role in enumerate(roles))
        document.apply(Batch(tuple(edits), f"Paste {len(roles)} roles"))
        grid.sig_message.emit(f"Added {len(roles)} roles from the clipboard.")
        return True

    # columns the codes go to: existing from the current one on, or named by a header row
    data_width = width - 1 if names and not names_only_column else width
    if header:
        columns: list[Role] = []
        existing = {r.name.strip().casefold(): r for r in matrix.roles}
        at = _role_insert_index(grid)
        for name in block[0][width - data_width :]:
            role = existing.get(name.strip().casefold())
            if role is None:
                role = Role(name.strip() or "New role")
                edits.append(InsertRole(role, at))
                at += 1
            columns.append(role)
    else:
        if not model.columns and data_width:
            grid.sig_message.emit("Add roles first: there is no column to paste codes into.")
            return False
        start = left if names else left
        columns = list(model.columns[start : start + data_width])  # type: ignore[arg-type]
    # rows: new deliverables for pasted names, or the visible deliverables from the current row
    if names:
        parent, index = _row_insert_place(grid)
        targets: list[Deliverable] = []
        for i, row in enumerate(body):
            d = Deliverable(row[0].strip() or "New deliverable")
            edits.append(InsertRow(d, parent, index + i))
            targets.append(d)
        values = [row[1:] for row in body]
    else:
        visible = [r for r in model.rows[top:] if r.kind == "deliverable"]
        if len(body) == 1 and width == 1:
            # one value onto a selection: fill it
            cells = tuple((d, r, body[0][0].strip()) for d, r in grid._editable_selection())
            if cells:
                document.apply(SetCells(cells, f"Paste into {len(cells)} cells"))
                return True
        targets = visible[: len(body)]  # type: ignore[assignment]
        values = body
    cells = []
    for d, row in zip(targets, values, strict=False):
        for role, value in zip(columns, row, strict=False):
            cells.append((d, role, value.strip()))
    if cells:
        edits.append(SetCells(tuple(cells), "Paste"))
    if not edits:
        return False
    clipped = len(body) - len(targets) if not names else 0
    clipped_cols = max(0, data_width - len(columns))
    label = f"Paste {len(body)} × {data_width}"
    document.apply(Batch(tuple(edits), label))
    if clipped or clipped_cols:
        grid.sig_message.emit(
            f"Pasted what fits: {clipped} rows and {clipped_cols} columns were beyond the grid."
        )
    unknown = sum(1 for _d, _r, v in cells if not _is_code(matrix, v))
    if unknown:
        grid.sig_message.emit(
            f"Pasted; {unknown} cells hold text that is not a code of {matrix.scheme.name} "
            "(kept, and listed under Problems)."
        )
    return True


# ---------------------------------------------------------------------------- fill
def fill(grid: GridView, down: bool = True) -> bool:
    """Copy the first selected cell of each column down (or of each row right), as one step;
    each block of a selection of several is filled by itself."""
    model = grid.matrix_model
    if grid.document.read_only or model.by_person:
        return False
    ranges = grid.selected_ranges()
    if not ranges:
        rect = grid.selected_rect()
        ranges = [rect] if rect is not None else []
    cells: list = []
    for rect in ranges:
        cells.extend(_fill_block(grid, rect, down))
    if not cells:
        grid.sig_message.emit(
            "Nothing to fill: select the cell to copy and the cells "
            + ("below it." if down else "to its right.")
        )
        return False
    grid.document.apply(SetCells(tuple(cells), "Fill down" if down else "Fill right"))
    return True


def _fill_block(grid: GridView, rect: tuple[int, int, int, int], down: bool) -> list:
    model = grid.matrix_model
    matrix = grid.document.matrix
    top, left, bottom, right = rect
    if down and top == bottom:
        top = next(
            (r for r in range(top - 1, -1, -1) if model.row_item(r).kind == "deliverable"), top
        )
    if not down and left == right and left > 0:
        left -= 1
    cells = []
    if down:
        for c in range(left, right + 1):
            role = model.column_item(c)
            source = next(
                (
                    model.row_item(r)
                    for r in range(top, bottom + 1)
                    if model.row_item(r).kind == "deliverable"
                ),
                None,
            )
            if source is None:
                continue
            value = matrix.code(source, role)  # type: ignore[arg-type]
            for r in range(top, bottom + 1):
                d = model.row_item(r)
                if d is not source and d.kind == "deliverable":
                    cells.append((d, role, value))
    else:
        for r in range(top, bottom + 1):
            d = model.row_item(r)
            if d.kind != "deliverable":
                continue
            value = matrix.code(d, model.column_item(left))  # type: ignore[arg-type]
            cells.extend((d, model.column_item(c), value) for c in range(left + 1, right + 1))
    return cells


# ---------------------------------------------------------------------------- rows
def _row_insert_place(grid: GridView) -> tuple[Group | None, int]:
    """Where a new row goes: after the current deliverable, or first inside the current group."""
    model = grid.matrix_model
    matrix = grid.document.matrix
    current = grid.currentIndex()
    if not current.isValid() or not model.rows:
        return None, len(matrix.top_level)
    item = model.row_item(current.row())
    if item.kind == "group" and item not in model.collapsed:
        return item, 0  # type: ignore[return-value]
    siblings = matrix.children(item.parent)
    return item.parent, siblings.index(item) + 1


def _role_insert_index(grid: GridView) -> int:
    current = grid.currentIndex()
    model = grid.matrix_model
    if not current.isValid() or model.by_person or not model.columns:
        return len(grid.document.matrix.roles)
    return grid.document.matrix.role_index(model.column_item(current.column())) + 1  # type: ignore[arg-type]


def insert_deliverable(grid: GridView, name: str = "New deliverable") -> Deliverable:
    parent, index = _row_insert_place(grid)
    d = Deliverable(name)
    grid.document.apply(InsertRow(d, parent, index, label=f"Insert deliverable “{name}”"))
    grid.select_cell(d, grid.matrix_model.columns[0] if grid.matrix_model.columns else None)
    return d


def insert_group(grid: GridView, name: str = "New group") -> Group:
    """A new group; the selected rows (if any) move into it, all in one step."""
    matrix = grid.document.matrix
    rows = [r for r in grid.selected_rows() if matrix.contains(r)]
    group = Group(name)
    if rows:
        first = rows[0]
        parent = first.parent
        left = len(rows)
        rows = [r for r in rows if r.parent is parent]
        left -= len(rows)
        index = matrix.children(parent).index(first)
        edits: list[Edit] = [InsertRow(group, parent, index)]
        edits.extend(MoveRow(r, group, i) for i, r in enumerate(rows))
        grid.document.apply(Batch(tuple(edits), f"Group {len(rows)} rows as “{name}”"))
        if left:
            where = f"“{parent.name}”" if parent is not None else "the top level"
            grid.sig_message.emit(
                f"Grouped the {len(rows)} selected rows under {where}; {left} in other groups "
                "were left where they are (a group holds rows of one level)."
            )
    else:
        parent, index = _row_insert_place(grid)
        grid.document.apply(InsertRow(group, parent, index, label=f"Insert group “{name}”"))
    grid.select_cell(group, grid.matrix_model.columns[0] if grid.matrix_model.columns else None)
    return group


def remove_rows(grid: GridView) -> int:
    """Delete the selected deliverables and groups (a group with what is under it)."""
    rows = grid.selected_rows()
    chosen = set(rows)
    # a row inside a removed group goes with it
    rows = [r for r in rows if not any(g in chosen for g in grid.document.matrix.path(r))]
    if not rows:
        return 0
    label = f"Delete “{rows[0].name}”" if len(rows) == 1 else f"Delete {len(rows)} rows"
    grid.document.apply(Batch(tuple(RemoveRow(r) for r in reversed(rows)), label))
    return len(rows)


def ungroup_current(grid: GridView) -> bool:
    item = _current_row(grid)
    if item is None or item.kind != "group":
        return False
    grid.document.apply(ungroup(grid.document.matrix, item))  # type: ignore[arg-type]
    return True


def row_move_place(grid: GridView, item: Row, delta: int) -> tuple[Group | None, int] | None:
    """Where Move Row Up (-1) or Down (+1) takes a row: one line on screen, crossing at most one
    group's edge, as in an outliner. A deliverable beside an open group goes into it (at its end
    going up, at its start going down); at its own group's edge it goes out, into the open group
    beyond (same ends) or beside its group. A group passes a whole neighbour, and at its
    parent's edge goes out beside it (Indent puts a group into another). Each move is undone by
    the opposite one. None at the very top or bottom of the matrix."""
    matrix = grid.document.matrix
    collapsed = grid.matrix_model.collapsed
    deliverable = item.kind == "deliverable"
    parent = item.parent
    siblings = matrix.children(parent)
    index = siblings.index(item) + delta
    if 0 <= index < len(siblings):
        neighbour = siblings[index]
        if deliverable and isinstance(neighbour, Group) and neighbour not in collapsed:
            return neighbour, len(neighbour.children) if delta < 0 else 0
        return parent, index
    if parent is None:
        return None
    outer = matrix.children(parent.parent)
    at = outer.index(parent)
    beside = at + delta
    if deliverable and 0 <= beside < len(outer):
        neighbour = outer[beside]
        if isinstance(neighbour, Group) and neighbour not in collapsed:
            return neighbour, len(neighbour.children) if delta < 0 else 0
    return parent.parent, at if delta < 0 else at + 1


def move_rows(grid: GridView, delta: int) -> bool:
    """Move the current row up or down one place (Ctrl+Shift+Up/Down), across its group's edge
    when it is at one (see row_move_place); one undo step, the cursor stays on the row."""
    item = _current_row(grid)
    if item is None:
        return False
    if grid.document.read_only:
        grid.sig_message.emit(grid.read_only_message())
        return False
    place = row_move_place(grid, item, delta)
    if place is None:
        where = "first" if delta < 0 else "last"
        grid.sig_message.emit(f"“{item.name}” is the {where} row of the matrix: it cannot move.")
        return False
    parent, index = place
    old = item.parent
    if parent is old:
        label = f"Move “{item.name}”"
    elif old is not None and parent is old.parent:
        label = f"Move “{item.name}” out of “{old.name}”"
    else:
        label = f"Move “{item.name}” into “{parent.name}”"  # type: ignore[union-attr]
    column = _current_column(grid)
    grid.document.apply(MoveRow(item, parent, index, label))
    grid.select_cell(item, column)
    return True


def move_row_to(grid: GridView, source: int, target: int) -> bool:
    """Drop a row onto another: it takes that row's place (and parent)."""
    model = grid.matrix_model
    item, dest = model.row_item(source), model.row_item(target)
    matrix = grid.document.matrix
    if item is dest or (item.kind == "group" and item in matrix.path(dest)):
        return False
    siblings = list(matrix.children(dest.parent))
    index = siblings.index(dest)
    if item.parent is dest.parent and siblings.index(item) < index:
        pass  # removing it first shifts the target up by one; landing after dest is intended
    elif target > source:
        index += 1
    grid.document.apply(MoveRow(item, dest.parent, index, f"Move “{item.name}”"))
    grid.select_cell(item, _current_column(grid))
    return True


def indent_rows(grid: GridView, out: bool = False) -> bool:
    """Move the selected rows into the group above them (or out of their group), one step."""
    document = grid.document
    matrix = document.matrix
    rows = grid.selected_rows()
    column = _current_column(grid)
    step = outdent if out else indent
    if not any(step(matrix, row) is not None for row in rows):
        grid.sig_message.emit(
            "Nothing to outdent: the row is at the top level."
            if out
            else "To indent a row, put it just below a group."
        )
        return False
    document.begin_macro(("Outdent" if out else "Indent") + f" {len(rows)} rows")
    try:
        for row in rows:  # each move changes where the next one lands: compute them one by one
            edit = step(matrix, row)
            if edit is not None:
                document.apply(edit)
    finally:
        document.end_macro()
    if rows:
        grid.select_cell(rows[0], column)
    return True


def _current_row(grid: GridView) -> Row | None:
    current = grid.currentIndex()
    if not current.isValid():
        return None
    return grid.matrix_model.row_item(current.row())


def _current_column(grid: GridView):
    current = grid.currentIndex()
    if not current.isValid() or not grid.matrix_model.columns:
        return None
    return grid.matrix_model.column_item(current.column())


# ---------------------------------------------------------------------------- columns
def insert_role(grid: GridView, name: str = "New role") -> Role:
    current = _current_column(grid)
    group = current.group if isinstance(current, Role) else None
    role = Role(name, group=group)
    grid.document.apply(InsertRole(role, _role_insert_index(grid), label=f"Insert role “{name}”"))
    row = _current_row(grid)
    if row is not None:
        grid.select_cell(row, role)
    else:
        grid.sig_message.emit(
            f"Added the role “{name}”: double-click its name to rename it; "
            "Ctrl+Enter adds a deliverable."
        )
    return role


def remove_roles(grid: GridView) -> int:
    roles = [r for r in grid.selected_columns() if isinstance(r, Role)]
    if not roles:
        return 0
    label = f"Delete role “{roles[0].name}”" if len(roles) == 1 else f"Delete {len(roles)} roles"
    grid.document.apply(Batch(tuple(RemoveRole(r) for r in reversed(roles)), label))
    return len(roles)


def _band_run(roles, at: int) -> tuple[int, int]:
    """First and last index of the band around roles[at] (the role alone outside bands)."""
    band = roles[at].group
    first = last = at
    if band is not None:
        while first > 0 and roles[first - 1].group is band:
            first -= 1
        while last + 1 < len(roles) and roles[last + 1].group is band:
            last += 1
    return first, last


def role_move_edit(matrix, role: Role, delta: int) -> Edit | None:
    """What Move Role Left (-1) or Right (+1) does, keeping bands whole: within a band (or
    between roles outside bands) the role swaps places; at a band's edge it crosses the edge
    and stays put, joining the band beyond (or leaving its own); a band of one role moves with
    it past the whole band beside it. None at the first or last column."""
    roles = matrix.roles
    at = matrix.role_index(role)
    target = at + delta
    if not 0 <= target < len(roles):
        return None
    neighbour = roles[target]
    if neighbour.group is role.group:
        return MoveRole(role, target, f"Move role “{role.name}”")
    first, last = _band_run(roles, at)
    if role.group is not None and first == last:  # a band of its own: it moves along
        first, last = _band_run(roles, target)
        return MoveRole(role, first if delta < 0 else last, f"Move role “{role.name}”")
    if neighbour.group is None:
        label = f"Move role “{role.name}” out of “{role.group.name}”"  # type: ignore[union-attr]
    else:
        label = f"Move role “{role.name}” into “{neighbour.group.name}”"
    return SetField(role, "group", neighbour.group, label)


def move_roles(grid: GridView, delta: int) -> bool:
    """Move the current role left or right one place (see role_move_edit); one undo step."""
    role = _current_column(grid)
    if not isinstance(role, Role):
        if grid.matrix_model.by_person:
            grid.sig_message.emit("Switch to the view by role to move roles.")
        return False
    if grid.document.read_only:
        grid.sig_message.emit(grid.read_only_message())
        return False
    edit = role_move_edit(grid.document.matrix, role, delta)
    if edit is None:
        where = "first" if delta < 0 else "last"
        grid.sig_message.emit(f"“{role.name}” is the {where} role: it cannot move.")
        return False
    grid.document.apply(edit)
    row = _current_row(grid)
    if row is not None:
        grid.select_cell(row, role)
    return True


def move_role_to(grid: GridView, source: int, target: int) -> bool:
    model = grid.matrix_model
    role, dest = model.column_item(source), model.column_item(target)
    if not isinstance(role, Role) or not isinstance(dest, Role) or role is dest:
        return False
    index = grid.document.matrix.role_index(dest)
    edits: list[Edit] = [MoveRole(role, index)]
    if role.group is not dest.group:
        edits.append(SetField(role, "group", dest.group))
    grid.document.apply(Batch(tuple(edits), f"Move role “{role.name}”"))
    return True


def group_roles(grid: GridView, name: str = "New role group") -> RoleGroup | None:
    """Put the selected roles under a new band."""
    roles = [r for r in grid.selected_columns() if isinstance(r, Role)]
    if not roles:
        return None
    band = RoleGroup(name)
    matrix = grid.document.matrix
    edits: list[Edit] = [InsertRoleGroup(band, None, tuple(roles))]
    # a band is drawn over neighbouring columns: bring its roles together after the first
    first = matrix.role_index(roles[0])
    for i, role in enumerate(roles[1:], start=1):  # sorted, so each lands just after the last
        edits.append(MoveRole(role, first + i))
    grid.document.apply(Batch(tuple(edits), f"Group {len(roles)} roles as “{name}”"))
    return band


def remove_role_group(grid: GridView) -> bool:
    role = _current_column(grid)
    if not isinstance(role, Role) or role.group is None:
        return False
    grid.document.apply(RemoveRoleGroup(role.group, f"Remove band “{role.group.name}”"))
    return True


def rename(grid: GridView, item, name: str) -> bool:
    name = " ".join(name.split())
    if not name:
        grid.sig_message.emit("A name cannot be empty: the name is unchanged.")
        return False
    if name == item.name:
        return False
    grid.document.apply(SetField(item, "name", name, f"Rename “{item.name}” to “{name}”"))
    return True
