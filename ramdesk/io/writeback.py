"""Saving a matrix back into the colleague's workbook it was read from, in their layout.

Changed codes go into their cells, renamed deliverables and roles into theirs, new deliverables
and roles become new rows and columns styled like their neighbours; everything else — other
sheets, formulas, formatting, widths, merges, comments, validation, conditional formatting,
print settings, defined names, images, extension data — stays as it was, because the package's
XML is patched where it stands (`xlsx_patch`) instead of being loaded and saved by a library.

What cannot be written into their layout is said before saving: `write_back_problems` (the
save is refused, Save As ramdesk workbook is the way) and `write_back_losses` (what of the matrix
their layout has no place for; the save still keeps everything of theirs).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from ramdesk.model import Deliverable, Group, Matrix, Role

from .errors import FileProblem, WriteError
from .ods_patch import OdsSheet
from .safety import check_file
from .xlsx_patch import Package, Sheet, Shift, add_table_columns, apply_shift, rename_table_column

#: Formats whose packages ramdesk can patch.
WRITABLE = {"xlsx", "xlsm", "xltx", "xltm"}
MACRO_SUFFIXES = {".xlsm", ".xltm"}


@dataclass
class Plan:
    """What a write-back will do, worked out before touching anything."""

    #: New rows: (after sheet row (1-based), items in order).
    new_rows: list[tuple[int, list[Group | Deliverable]]] = field(default_factory=list)
    #: New columns: (after sheet column (1-based), roles in order).
    new_columns: list[tuple[int, list[Role]]] = field(default_factory=list)
    #: Rows and roles removed since reading: their sheet rows and columns are deleted.
    removed_rows: list[Any] = field(default_factory=list)
    removed_columns: list[Role] = field(default_factory=list)
    #: Reasons the matrix cannot be written into this layout.
    problems: list[str] = field(default_factory=list)
    #: What of the matrix the layout has no place for.
    losses: list[str] = field(default_factory=list)


def is_write_back(matrix: Matrix) -> bool:
    """Whether the matrix came from a colleague's spreadsheet with a layout to write into."""
    source = matrix.source
    return source is not None and hasattr(source, "role_columns") and hasattr(source, "rows")


def write_back_problems(matrix: Matrix, path: str | Path | None = None) -> list[str]:
    """Why the matrix cannot be written back (empty when it can); each one sentence."""
    return _plan(matrix, Path(path) if path is not None else None).problems


def write_back_losses(matrix: Matrix) -> list[str]:
    """What of the matrix their layout cannot hold (kept only in a ramdesk workbook)."""
    return _plan(matrix, None).losses


def write_back(matrix: Matrix, path: str | Path) -> None:
    """Write the matrix into a copy of its source workbook at `path` (the original if the same).

    The original file is read, never changed unless `path` is the original; the save is atomic.
    Raises WriteError with one sentence when it cannot be done.
    """
    target = Path(path)
    plan = _plan(matrix, target)
    if plan.problems:
        raise WriteError(target, plan.problems[0])
    source = matrix.source
    try:
        check_file(source.path)  # their file is as untrusted as any: no bombs, no traps
        package = Package(Path(source.path))
    except FileProblem as problem:
        raise WriteError(
            target, f"could not read the original workbook: {problem.problem}"
        ) from None
    except Exception as exc:  # OSError, zipfile.BadZipFile and friends
        raise WriteError(target, f"could not read the original workbook ({exc}).") from None
    try:
        if str(source.format).lower() == "ods":
            rows, columns, shifts = _patch_ods(matrix, package)
        else:
            rows, columns, shifts = _patch(matrix, package, plan)
        _check_well_formed(package)
    except FileProblem:
        raise
    except (ValueError, KeyError, UnicodeDecodeError, RecursionError) as exc:
        raise WriteError(
            target,
            f"could not be written back into its workbook ({exc}); save it as a ramdesk workbook.",
        ) from None
    package.save(target)
    _follow(source, target, rows, columns, shifts)


# ---------------------------------------------------------------------------- planning
def _plan(matrix: Matrix, target: Path | None) -> Plan:
    plan = Plan()
    source = matrix.source
    if not is_write_back(matrix):
        plan.problems.append(
            "was not read from a colleague's spreadsheet, so there is no layout to write into."
        )
        return plan
    fmt = str(getattr(source, "format", "")).lower()
    if fmt not in WRITABLE | {"ods"}:
        kind = {
            "ods": "an OpenDocument spreadsheet",
            "xls": "an Excel 97–2003 workbook",
            "csv": "a CSV file",
        }.get(fmt, f"a {fmt} file")
        plan.problems.append(
            f"came from {kind}; ramdesk writes back only into Excel workbooks (.xlsx, .xlsm) — "
            "save it as a ramdesk workbook instead."
        )
        return plan
    original = Path(source.path)
    if not original.is_file():
        plan.problems.append(
            f"cannot be written back: its workbook {original.name} is no longer there — save it as a ramdesk workbook."
        )
        return plan
    if target is not None and fmt == "ods":
        if target.suffix.lower() not in {".ods", ".ots"}:
            plan.problems.append(
                "came from an OpenDocument spreadsheet and can be written back only to an .ods name."
            )
    elif target is not None:
        if target.suffix.lower() not in {".xlsx", ".xlsm", ".xltx", ".xltm"}:
            plan.problems.append(
                "can be written back only to an Excel workbook name (.xlsx, .xlsm)."
            )
        elif (original.suffix.lower() in MACRO_SUFFIXES) != (
            target.suffix.lower() in MACRO_SUFFIXES
        ):
            plan.problems.append(
                f"must keep the {original.suffix} ending: its workbook "
                + (
                    "carries macros."
                    if original.suffix.lower() in MACRO_SUFFIXES
                    else "has no macros."
                )
            )
    if getattr(source, "code_columns", None):
        plan.problems.append(
            "cannot be written back: its sheet has one column per code with names in the cells, "
            "a layout ramdesk reads but does not write — save it as a ramdesk workbook instead."
        )
        return plan
    if source.name_row is None:
        plan.problems.append("has no header row in its workbook to write role names into.")
    rows: dict[Any, int] = source.rows
    columns: dict[Role, int] = source.role_columns
    present_rows = set(matrix.rows)
    column_groups = getattr(source, "column_groups", set()) or set()
    # Removed deliverables, groups and roles take their rows and columns with them.
    plan.removed_rows = [r for r in rows if r not in present_rows and r not in column_groups]
    present_roles = set(matrix.roles)
    plan.removed_columns = [r for r in columns if r not in present_roles]
    known = [rows[r] for r in matrix.rows if r in rows]
    if known != sorted(known):
        plan.problems.append(
            "cannot be written back: rows were moved, and their sheet keeps its own order — "
            "save it as a ramdesk workbook instead."
        )
    known_columns = [columns[r] for r in matrix.roles if r in columns]
    if known_columns != sorted(known_columns):
        plan.problems.append(
            "cannot be written back: roles were moved, and their sheet keeps its own order — "
            "save it as a ramdesk workbook instead."
        )
    new_groups = [g for g in matrix.groups if g not in rows and g not in column_groups]
    if getattr(source, "group_column", None) is not None:
        # Their groups are names in a column, on each group's first row: one level only.
        if any(matrix.path(g) for g in matrix.groups):
            plan.problems.append(
                "cannot be written back: groups inside groups have no place in their group "
                "column — save it as a ramdesk workbook instead."
            )
        empty = [g.name for g in new_groups if not _first_deliverable(matrix, g)]
        if empty:
            plan.losses.append(f"new groups without deliverables ({', '.join(empty)})")
    if plan.problems:
        return plan
    _place_new_rows(matrix, source, plan)
    _place_new_columns(matrix, source, plan)
    _note_losses(matrix, plan)
    if fmt == "ods" and (
        plan.new_rows or plan.new_columns or plan.removed_rows or plan.removed_columns
    ):
        plan.problems.append(
            "cannot be written back: into an OpenDocument spreadsheet ramdesk writes changed "
            "codes and names, not added or removed rows and roles — save it as a ramdesk "
            "workbook instead."
        )
    return plan


def _last_row(source: Any, item: Any) -> int:
    """The last sheet row (0-based) an item occupies, its continued name rows included."""
    more = getattr(source, "continued_rows", {}).get(item, ())
    return max((source.rows[item], *more))


def _place_new_rows(matrix: Matrix, source: Any, plan: Plan) -> None:
    column_groups = getattr(source, "column_groups", set()) or set()
    header_end = max(source.header_rows or (source.name_row,))
    anchor = header_end
    run: list[Group | Deliverable] = []
    in_column = getattr(source, "group_column", None) is not None
    for item in matrix.rows:
        if item in column_groups or (in_column and isinstance(item, Group)):
            continue  # a group named in the group column has no row of its own
        if item in source.rows:
            if run:
                plan.new_rows.append((anchor + 1, run))
                run = []
            anchor = _last_row(source, item)
        else:
            run.append(item)
    if run:
        plan.new_rows.append((anchor + 1, run))


def _place_new_columns(matrix: Matrix, source: Any, plan: Plan) -> None:
    existing = [source.role_columns[r] for r in matrix.roles if r in source.role_columns]
    anchor = (min(existing) - 1) if existing else source.task_column
    run: list[Role] = []
    for role in matrix.roles:
        if role in source.role_columns:
            if run:
                plan.new_columns.append((anchor + 1, run))
                run = []
            anchor = source.role_columns[role]
        else:
            run.append(role)
    if run:
        plan.new_columns.append((anchor + 1, run))


def _note_losses(matrix: Matrix, plan: Plan) -> None:
    if matrix.notes:
        plan.losses.append(f"cell notes ({len(matrix.notes)}): their sheet has no place for them")
    described = sum(1 for d in matrix.deliverables if d.description)
    if described:
        plan.losses.append(f"descriptions of {described} deliverables")
    people = [p for p in matrix.people if matrix.roles_of(p)]
    if people and not all(r.is_person for r in matrix.roles):
        plan.losses.append(f"who holds which role ({len(people)} people)")
    if _custom_settings(matrix):
        plan.losses.append("the scheme's rules and settings (kept only in a ramdesk workbook)")


def _custom_settings(matrix: Matrix) -> bool:
    with contextlib.suppress(Exception):
        from ramdesk.model import RuleSettings

        return matrix.settings.to_dict() != RuleSettings().to_dict()
    return False


# ---------------------------------------------------------------------------- patching
def _patch(
    matrix: Matrix, package: Package, plan: Plan
) -> tuple[dict[Any, int], dict[Role, int], list[Shift]]:
    """Apply the plan to the package; returns where every row item and role now is (1-based)
    and the shifts made, in order."""
    source = matrix.source
    sheets = package.sheets()
    if source.sheet not in sheets or sheets[source.sheet] not in package.parts:
        raise ValueError(f"the workbook no longer has the sheet “{source.sheet}”")
    part = sheets[source.sheet]
    if not _well_formed(package.parts[part]):
        raise ValueError(f"its sheet “{source.sheet}” is damaged")
    sheet = Sheet(package.text(part))
    before = _original_cells(source)
    rows: dict[Any, int] = {item: r + 1 for item, r in source.rows.items()}
    continued = {
        item: [r + 1 for r in more] for item, more in getattr(source, "continued_rows", {}).items()
    }
    columns: dict[Role, int] = {role: c + 1 for role, c in source.role_columns.items()}
    task = source.task_column + 1
    name_row = source.name_row + 1
    group_rows = [rows[g] for g in source.rows if isinstance(g, Group)]
    shifts: list[Shift] = []
    structural = False
    # Rows, bottom first, so the anchors above keep their numbers.
    for after, items in sorted(plan.new_rows, key=lambda x: -x[0]):
        templates = [_row_template(item, after, rows, group_rows, source) for item in items]
        shift = Shift("row", after, len(items))
        sheet.insert_rows(shift, templates)
        apply_shift(package, source.sheet, part, sheet, shift)
        shifts.append(shift)
        _move_all(rows, continued, shift)
        name_row = shift.moved(name_row)
        for k, item in enumerate(items):
            rows[item] = after + 1 + k
            template = templates[k]
            if template is not None and isinstance(item, Deliverable):
                model = sheet.rows.get(shift.moved(template))
                for column in list(model.cells) if model else ():
                    if column != task:  # a code written later replaces a filled formula
                        sheet.fill_formula(shift.moved(template), column, after + 1 + k, column)
        structural = True
    # Columns, rightmost first.
    top = min(source.header_rows or (source.name_row,)) + 1
    bottom = max(rows.values(), default=name_row)
    for after, roles in sorted(plan.new_columns, key=lambda x: -x[0]):
        taken = add_table_columns(package, part, after, [r.name for r in roles])
        shift = Shift("column", after, len(roles))
        template = after if after >= min(columns.values(), default=after + 1) else after + 1
        sheet.insert_columns(shift, template, range(top, bottom + 1))
        apply_shift(package, source.sheet, part, sheet, shift)
        shifts.append(shift)
        for role in columns:
            columns[role] = shift.moved(columns[role])
        task = shift.moved(task)
        body = set(rows.values()) | set(range(top, name_row + 1))
        for k, role in enumerate(roles):
            columns[role] = after + 1 + k
            sheet.set_text(name_row, columns[role], taken.get(role.name, role.name))
            # Totals under the matrix (a count per role) are given to the new column too.
            for number in range(top, bottom + 5):
                if number not in body:
                    sheet.fill_formula(number, shift.moved(template), number, after + 1 + k)
        structural = True
    # Deletions, bottom and rightmost first, after the insertions (whose anchors stay).
    doomed_rows = {r for item in plan.removed_rows for r in (rows[item], *continued.get(item, ()))}
    for start, count in _runs(doomed_rows):
        shift = Shift("row", start - 1, -count)
        sheet.delete(shift)
        apply_shift(package, source.sheet, part, sheet, shift)
        shifts.append(shift)
        _keep_all(rows, shift)
        continued = {
            item: [k for r in more if (k := shift.kept(r)) is not None]
            for item, more in continued.items()
            if item in rows
        }
        structural = True
    for start, count in _runs({columns[role] for role in plan.removed_columns}):
        shift = Shift("column", start - 1, -count)
        sheet.delete(shift)
        apply_shift(package, source.sheet, part, sheet, shift)
        shifts.append(shift)
        _keep_all(columns, shift)
        task = shift.moved(task)
        structural = True
    # Values, now that everything sits where it ends up.
    written = False
    for role, column in columns.items():
        if role in source.role_columns and role.name != before["roles"].get(role):
            used = rename_table_column(package, part, name_row, column, role.name)
            sheet.set_text(name_row, column, used)
            written = True
    column_groups = getattr(source, "column_groups", set()) or set()
    group_column = source.group_column + 1 if source.group_column is not None else None
    for shift in shifts:
        if shift.axis == "column" and group_column is not None:
            group_column = shift.moved(group_column)
    if group_column is not None:
        written = _write_group_column(matrix, sheet, rows, group_column, before) or written
    for item, row in rows.items():
        new_item = item not in source.rows
        if item in column_groups or (group_column is not None and isinstance(item, Group)):
            continue
        if new_item or item.name != before["names"].get(item):
            sheet.set_text(row, task, item.name)
            for extra in continued.get(item, ()):
                sheet.set_text(extra, task, "")
            written = True
        if not isinstance(item, Deliverable):
            continue
        for role, column in columns.items():
            code = matrix.code(item, role)
            if new_item or role not in source.role_columns:
                if code:
                    sheet.set_text(row, column, code)
                    written = True
            elif before["codes"] is None or code != before["codes"].get((item, role), ""):
                sheet.set_text(row, column, code)
                written = True
    package.put(part, sheet.xml())
    if structural or sheet.formulas_touched:
        package.drop_calc_chain()
    if written or structural:
        package.recalculate_on_open()
    return rows, columns, shifts


def _well_formed(data: bytes) -> bool:
    try:
        ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError, DefusedXmlException):
        return False
    return True


def _check_well_formed(package: Package) -> None:
    """Never write a part broken that was whole: a last guard before anything is saved."""
    for name in package.changed:
        if not name.endswith((".xml", ".rels", ".vml")):
            continue
        if _well_formed(package.original[name]) and not _well_formed(package.parts[name]):
            raise ValueError(f"the patched {name} would not be valid XML")


def _row_template(
    item: Any, after: int, rows: dict[Any, int], group_rows: list[int], source: Any
) -> int | None:
    """The sheet row (1-based, before the shift) a new row copies its look from."""
    if isinstance(item, Group) and group_rows:
        return min(group_rows, key=lambda r: abs(r - after))
    body = [r for i, r in rows.items() if isinstance(i, Deliverable)]
    if not body:
        return None
    above = [r for r in body if r <= after]
    return max(above) if above else min(body)


def _patch_ods(
    matrix: Matrix, package: Package
) -> tuple[dict[Any, int], dict[Role, int], list[Shift]]:
    """Changed codes and names into an OpenDocument sheet (its rows and columns stay)."""
    source = matrix.source
    if "content.xml" not in package.parts or not _well_formed(package.parts["content.xml"]):
        raise ValueError("its content is damaged")
    sheet = OdsSheet(package.text("content.xml"), source.sheet)
    before = _original_cells(source)
    column_groups = getattr(source, "column_groups", set()) or set()
    for role, column in source.role_columns.items():
        if role.name != before["roles"].get(role):
            sheet.set_text(source.name_row, column, role.name)
    for item, row in source.rows.items():
        if item.name == before["names"].get(item):
            continue
        if item in column_groups:
            if source.group_column is not None:
                sheet.set_text(row, source.group_column, item.name)
        else:
            sheet.set_text(row, source.task_column, item.name)
    for item, row in source.rows.items():
        if not isinstance(item, Deliverable):
            continue
        for role, column in source.role_columns.items():
            code = matrix.code(item, role)
            if before["codes"] is None or code != before["codes"].get((item, role), ""):
                sheet.set_text(row, column, code)
    package.put("content.xml", sheet.xml())
    rows = {item: r + 1 for item, r in source.rows.items()}
    columns = {role: c + 1 for role, c in source.role_columns.items()}
    return rows, columns, []


def _first_deliverable(matrix: Matrix, group: Group) -> Deliverable | None:
    return next((d for d in matrix.children(group) if isinstance(d, Deliverable)), None)


def _write_group_column(
    matrix: Matrix, sheet: Sheet, rows: dict[Any, int], column: int, before: dict[str, Any]
) -> bool:
    """Each group's name on its first deliverable's row, moved there if that row changed."""
    written = False
    for group in matrix.groups:
        first = _first_deliverable(matrix, group)
        if first is None or first not in rows:
            continue
        was = rows.get(group)  # where its name stood (it follows that row through the shifts)
        now = rows[first]
        if was is not None and was != now:
            sheet.set_text(was, column, "")
        if was != now or group.name != before["names"].get(group):
            sheet.set_text(now, column, group.name)
            written = True
        rows[group] = now
    return written


def _runs(places: set[int]) -> list[tuple[int, int]]:
    """Consecutive places as (first, count), the last run first."""
    runs: list[list[int]] = []
    for place in sorted(places):
        if runs and place == runs[-1][0] + runs[-1][1]:
            runs[-1][1] += 1
        else:
            runs.append([place, 1])
    return [(first, count) for first, count in reversed(runs)]


def _keep_all(places: dict[Any, int], shift: Shift) -> None:
    """Move every place through a deletion; what was deleted leaves the map."""
    for item in list(places):
        new = shift.kept(places[item])
        if new is None:
            del places[item]
        else:
            places[item] = new


def _move_all(rows: dict[Any, int], continued: dict[Any, list[int]], shift: Shift) -> None:
    for item in rows:
        rows[item] = shift.moved(rows[item])
    for item, more in continued.items():
        continued[item] = [shift.moved(r) for r in more]


def _original_cells(source: Any) -> dict[str, Any]:
    """What the importer read from the original at each place: names and codes, by item
    ("codes" None when that cannot be known: then every code cell is written)."""
    from ramdesk.io.importer import Overrides, detect, read_matrix

    codes: dict[tuple[Deliverable, Role], str] = {}
    names: dict[Any, str] = {}
    roles: dict[Role, str] = {}
    unknown: dict[str, Any] = {"codes": None, "names": names, "roles": roles}
    path = Path(source.path)
    choice = getattr(source, "sheet_choice", "") or source.sheet
    # As detected; else with the layout as corrected by hand in the import preview.
    corrected = Overrides(
        sheet=source.sheet,
        header_row=source.name_row,
        task_column=source.task_column,
        role_columns=sorted(source.role_columns.values()),
    )
    readings = (
        lambda: read_matrix(path, sheet=choice),
        lambda: detect(path).build(overrides=corrected),
    )
    for read in readings:
        try:
            original = read()
        except FileProblem:
            return unknown  # every cell is written: nothing is assumed unchanged
        theirs = original.source
        # Only a reading with the very same layout says what each cell held (a file changed
        # since reads differently).
        if (
            getattr(theirs, "sheet", None) == source.sheet
            and set(theirs.rows.values()) == set(source.rows.values())
            and set(theirs.role_columns.values()) == set(source.role_columns.values())
        ):
            break
    else:
        return unknown
    at_row = {(type(item), r): item for item, r in theirs.rows.items()}
    at_column = {c: role for role, c in theirs.role_columns.items()}
    for item, r in source.rows.items():
        other = at_row.get((type(item), r))
        if other is not None:
            names[item] = other.name
    for role, c in source.role_columns.items():
        other = at_column.get(c)
        if other is not None:
            roles[role] = other.name
    for item, r in source.rows.items():
        other = at_row.get((Deliverable, r))
        if not isinstance(item, Deliverable) or other is None:
            continue
        for role, c in source.role_columns.items():
            their_role = at_column.get(c)
            if their_role is not None:
                codes[(item, role)] = original.code(other, their_role)
    return {"codes": codes, "names": names, "roles": roles}


def _follow(
    source: Any, target: Path, rows: dict[Any, int], columns: dict[Role, int], shifts: list[Shift]
) -> None:
    """After a save the matrix's source is the file just written, in its new layout."""

    def row(r: int) -> int:  # 0-based through every row shift
        for shift in shifts:
            if shift.axis == "row":
                r = shift.moved(r + 1) - 1
        return r

    def column(c: int) -> int:
        for shift in shifts:
            if shift.axis == "column":
                c = shift.moved(c + 1) - 1
        return c

    source.path = target
    source.rows = {item: r - 1 for item, r in rows.items()}
    source.role_columns = {role: c - 1 for role, c in columns.items()}
    source.continued_rows = {
        item: tuple(row(r) for r in more)
        for item, more in getattr(source, "continued_rows", {}).items()
        if item in rows
    }
    source.task_column = column(source.task_column)
    if source.group_column is not None:
        source.group_column = column(source.group_column)
    source.attribute_columns = {k: column(c) for k, c in source.attribute_columns.items()}
    if getattr(source, "legend_sheet", "") == source.sheet:
        source.legend_cells = tuple((row(r), column(c)) for r, c in source.legend_cells)
    body = list(source.rows.values())
    if body:
        source.first_row = min(body)
        source.last_row = max(body)


__all__ = ["is_write_back", "write_back", "write_back_losses", "write_back_problems"]
