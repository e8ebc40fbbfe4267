"""Read ramdesk's own workbook back, picking up what a colleague changed in a spreadsheet.

The visible sheets are the truth: rows, role columns, codes, notes (cell comments), descriptions,
attributes, people. The hidden "ramdesk" sheet keeps what a spreadsheet cannot show (which of two
same-named roles a person holds, empty groups, the scheme and its rules) and lets unchanged rows
and roles keep their structure; rows and columns a colleague added are placed by their neighbours
and formatting (a bold row is a group, its indent is its depth).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element

from ramdesk.model import (
    Deliverable,
    Group,
    InsertRoleGroup,
    Matrix,
    Person,
    Role,
    RoleGroup,
    RuleSettings,
    Scheme,
)

from .errors import ReadError
from .workbook_write import (
    CELL_LIMIT,
    FORMAT_VERSION,
    LABEL_DELIVERABLE,
    LABEL_DESCRIPTION,
    MARKER,
    PROPERTIES_HEADER,
    ROLE_GROUPS_COL,
    SHEET_ABOUT,
    SHEET_DATA,
    SHEET_MATRIX,
    SHEET_PEOPLE,
    SHEET_ROLES,
    YES,
    role_labels,
)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass(frozen=True)
class Source:
    """Where a matrix was read from: the file, its layout ("ramdesk" or another), the sheet."""

    path: Path
    layout: str
    sheet: str | None = None


class NotRamdeskWorkbook(ReadError):
    """The file has a sheet called like ramdesk's data sheet, but it is someone else's."""


def is_ramdesk_workbook(path: str | Path) -> bool:
    """True when the file is an xlsx holding ramdesk's hidden data sheet (a cheap look)."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml")
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError, ValueError):
        return False
    return f'name="{SHEET_DATA}"'.encode() in workbook


def read_workbook(path: str | Path) -> Matrix:
    """Read ramdesk's workbook; ReadError with one clear sentence when that is impossible."""
    from python_calamine import CalamineWorkbook

    target = Path(path)
    try:
        book = CalamineWorkbook.from_path(str(target))
    except Exception as exc:  # calamine raises its own error types for every damaged part
        raise ReadError(target, f"cannot be read as a workbook: {_reason(exc)}.") from None
    try:
        payload = _payload(target, book)
        names = book.sheet_names
        matrix_sheet = SHEET_MATRIX if SHEET_MATRIX in names else names[0]
        grid = book.get_sheet_by_name(matrix_sheet)
        merges = grid.merged_cell_ranges or []
        values = grid.to_python(skip_empty_area=False)
        people = _sheet(book, SHEET_PEOPLE)
        roles = _sheet(book, SHEET_ROLES)
        about = _sheet(book, SHEET_ABOUT)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(target, f"cannot be read as a workbook: {_reason(exc)}.") from None
    finally:
        book.close()
    try:
        reader = _Reader(target, payload, matrix_sheet, values, merges, people, roles, about)
        matrix = reader.read()
    except ReadError:
        raise
    except Exception as exc:  # hidden data a colleague or a tool damaged: one sentence
        raise ReadError(
            target, f"is a ramdesk workbook, but its hidden data is damaged ({_reason(exc)})."
        ) from None
    matrix.source = Source(target, "ramdesk", matrix_sheet)
    return matrix


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _sheet(book: Any, name: str) -> list[list[Any]]:
    if name not in book.sheet_names:
        return []
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _payload(target: Path, book: Any) -> dict[str, Any]:
    if SHEET_DATA not in book.sheet_names:
        raise NotRamdeskWorkbook(target, "is not a ramdesk workbook (its data sheet is missing).")
    rows = book.get_sheet_by_name(SHEET_DATA).to_python(skip_empty_area=False)
    if not rows or not rows[0] or rows[0][0] != MARKER:
        raise NotRamdeskWorkbook(
            target, "is not a ramdesk workbook (its data sheet is not ramdesk's)."
        )
    try:
        version = int(rows[0][1])
        count = int(rows[1][0])
        text = "".join(str(rows[2 + i][0]) for i in range(count))
        payload = json.loads(text)
    except (ValueError, TypeError, IndexError):
        raise ReadError(
            target, "is a ramdesk workbook, but its hidden data sheet is damaged."
        ) from None
    if version > FORMAT_VERSION:
        raise ReadError(
            target,
            f"was saved by a newer ramdesk (workbook format {version}); update ramdesk to open it.",
        )
    if not isinstance(payload, dict):
        raise ReadError(target, "is a ramdesk workbook, but its hidden data sheet is damaged.")
    return payload


def text_of(value: Any) -> str:
    """A cell value as the text a user sees (numbers without ".0", dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ") if value.time() != _dt.time() else value.date().isoformat()
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def _full(visible: str, kept: str) -> str:
    """The visible text, unless it is the hidden text cut at Excel's cell limit."""
    if len(kept) > CELL_LIMIT and visible == kept[:CELL_LIMIT]:
        return kept
    return visible


def align(old: Sequence[str], new: Sequence[str]) -> list[int | None]:
    """For each new name, the index of the old name it continues (renames pair up in place)."""
    old, new = list(old), list(new)
    if old == new:
        return list(range(len(new)))
    # A colleague's edits are local: match the unchanged start and end directly.
    head = 0
    while head < len(old) and head < len(new) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < len(old) - head and tail < len(new) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    out: list[int | None] = list(range(head)) + [None] * (len(new) - head)
    for k in range(tail):
        out[len(new) - 1 - k] = len(old) - 1 - k
    middle_old, middle_new = old[head : len(old) - tail], new[head : len(new) - tail]
    # Past a few million comparisons, let difflib skip very common names (many "TBD" rows).
    quick = len(middle_old) * len(middle_new) > 4_000_000
    matcher = SequenceMatcher(None, middle_old, middle_new, autojunk=quick)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or tag == "replace":
            for k in range(min(i2 - i1, j2 - j1)):
                out[head + j1 + k] = head + i1 + k
    return out


class _Reader:
    def __init__(
        self,
        target: Path,
        payload: dict[str, Any],
        sheet: str,
        values: list[list[Any]],
        merges: list[Any],
        people: list[list[Any]],
        roles: list[list[Any]],
        about: list[list[Any]],
    ) -> None:
        self.target = target
        self.p = payload
        self.sheet = sheet
        self.values = values
        self.merges = merges
        self.people_rows = people
        self.roles_rows = roles
        self.about_rows = about
        self.layout: dict[str, Any] = payload.get("layout", {})

    def read(self) -> Matrix:
        p = self.p
        scheme = Scheme.from_dict(p["scheme"])
        matrix = self.m = Matrix(str(p.get("name", "Untitled matrix")), scheme)
        matrix.properties = {str(k): str(v) for k, v in p.get("properties", {}).items()}
        matrix.settings = RuleSettings.from_dict(p.get("settings", {}))
        header = self._header_row()
        if header == int(self.layout.get("header_row", -1)) and self.values[0]:
            matrix.name = _full(text_of(self.values[0][0]), matrix.name)
        matrix.properties = self._properties(matrix.properties)
        self._columns(header)
        self._roles(header)
        self._rows(header)
        self._people()
        return matrix

    def _properties(self, kept: dict[str, str]) -> dict[str, str]:
        """The About sheet's table of properties, as a colleague may have edited it."""
        rows = [
            [text_of(v) for v in row[:2]] + [""] * (2 - len(row[:2])) for row in self.about_rows
        ]
        start = next((i + 1 for i, row in enumerate(rows) if row == list(PROPERTIES_HEADER)), None)
        if start is None:
            return kept
        table = rows[start:]
        while len(table) > len(kept) and not any(table[-1]):
            table.pop()
        table += [["", ""]] * (len(kept) - len(table))
        old = list(kept.items())
        out: dict[str, str] = {}
        for i, (key, value) in enumerate(table):
            if i >= len(old) and not key and not value:
                continue
            if i < len(old):
                key, value = _full(key, old[i][0]), _full(value, old[i][1])
            out[key] = value
        return out

    # ------------------------------------------------------------------ layout
    def _header_row(self) -> int:
        values = self.values
        recorded = int(self.layout.get("header_row", 5))

        def first_cell(r: int) -> str:
            return text_of(values[r][0]).strip() if r < len(values) and values[r] else ""

        if first_cell(recorded) == LABEL_DELIVERABLE:
            return recorded
        found = [r for r in range(1, min(len(values), 500)) if first_cell(r) == LABEL_DELIVERABLE]
        if not found:
            raise ReadError(
                self.target,
                f"is a ramdesk workbook, but its {self.sheet} sheet has no “{LABEL_DELIVERABLE}” "
                "header any more.",
            )
        return min(found, key=lambda r: abs(r - recorded))

    def _columns(self, header: int) -> None:
        labels = [str(c) for c in self.layout.get("columns", [LABEL_DELIVERABLE])][1:]
        # Padded: a column with a blank heading and no values lies beyond what the reader sees.
        cells = [text_of(v) for v in self.values[header]] + [""] * len(labels)
        has_description = bool(self.layout.get("description", labels[:1] == [LABEL_DESCRIPTION]))
        # (is the description column, header) of the columns written between names and roles.
        expected = [(i == 0 and has_description, label) for i, label in enumerate(labels)]
        self.description_col: int | None = None
        self.attribute_cols: list[tuple[str, int]] = []
        c = 1
        # A colleague may have deleted some of these columns: match the ones still there.
        while c < len(cells):
            found = next((i for i, (_d, label) in enumerate(expected) if label == cells[c]), None)
            if found is None:
                break
            is_description, label = expected[found]
            if is_description:
                self.description_col = c
            else:
                self.attribute_cols.append((label, c))
            expected = expected[found + 1 :]
            c += 1
        self.first_role = max(c, 1)
        last = len(cells)
        while last > self.first_role and not cells[last - 1]:
            last -= 1
        kept = [str(r[0]) for r in self.p.get("roles", ())]
        missing = len(kept) - (last - self.first_role)
        if missing > 0 and not any(kept[len(kept) - missing :]):
            # The last roles have no name, so their header cells look empty: they still count.
            last += missing
        self.end_role = last

    # ------------------------------------------------------------------ roles and bands
    def _roles(self, header: int) -> None:
        p, m = self.p, self.m
        cells = self.values[header]
        names = [
            text_of(cells[c]) if c < len(cells) else ""
            for c in range(self.first_role, self.end_role)
        ]
        kept = p.get("roles", [])
        kept_bands = [RoleGroup(str(n), str(d)) for n, d in p.get("role_groups", [])]
        match = align([str(r[0]) for r in kept], names)
        bands = self._band_names(header - 1)
        sheet_rows = self._roles_sheet()
        sheet_match = align([r[0] for r in sheet_rows], names)
        used_bands: dict[str, RoleGroup] = {}
        new_bands: list[RoleGroup] = []
        self.roles: list[Role] = []
        self.role_from_kept: dict[int, Role] = {}
        for k, name in enumerate(names):
            j = match[k]
            old = kept[j] if j is not None else None
            description = str(old[1]) if old is not None else ""
            is_person = bool(old[3]) if old is not None else False
            s = sheet_match[k]
            if s is not None:
                description = _full(sheet_rows[s][1], description)
                is_person = sheet_rows[s][2]
            band_name = bands.get(self.first_role + k)
            band: RoleGroup | None = None
            old_band_index = old[2] if old is not None else -1
            if (
                band_name is None
                and isinstance(old_band_index, int)
                and 0 <= old_band_index < len(kept_bands)
                and kept_bands[old_band_index].name == ""
            ):
                band = kept_bands[old_band_index]  # a band without a name shows nothing
            if band_name is not None:
                old_band = old[2] if old is not None else -1
                if (
                    isinstance(old_band, int)
                    and 0 <= old_band < len(kept_bands)
                    and kept_bands[old_band].name == band_name
                ):
                    band = kept_bands[old_band]
                else:
                    band = used_bands.get(band_name) or next(
                        (b for b in kept_bands if b.name == band_name), None
                    )
                    if band is None:
                        band = RoleGroup(band_name)
                        new_bands.append(band)
                used_bands.setdefault(band_name, band)
            if old is not None:
                name = _full(name, str(old[0]))
            role = Role(name, description, band, is_person)
            self.roles.append(role)
            if j is not None:
                self.role_from_kept[j] = role
        for band in self._band_descriptions(kept_bands + new_bands):
            m.apply(InsertRoleGroup(band))
        for role in self.roles:
            m.load_role(role)

    def _band_names(self, row: int) -> dict[int, str]:
        """Column -> the role-group band above it (merged across its roles)."""
        if row < 0 or row >= len(self.values):
            return {}
        cells = self.values[row]
        out: dict[int, str] = {}
        for (r0, c0), (r1, c1) in self.merges:
            if r0 <= row <= r1:
                name = text_of(self.values[r0][c0]) if c0 < len(self.values[r0]) else ""
                if name != "":
                    for c in range(c0, c1 + 1):
                        out[c] = name
        for c in range(self.first_role, min(self.end_role, len(cells))):
            if c not in out:
                name = text_of(cells[c])
                if name != "":
                    out[c] = name
        return out

    def _roles_sheet(self) -> list[tuple[str, str, bool]]:
        out: list[tuple[str, str, bool]] = []
        if not self.roles_rows:
            return out  # the sheet was deleted: the hidden data still knows the roles
        for row in self.roles_rows[1:]:
            cells = [text_of(v) for v in row[:3]] + [""] * (3 - len(row[:3]))
            out.append((cells[0], cells[1], cells[2].strip().casefold() == YES))
        kept = len(self.p.get("roles", ()))
        while len(out) > kept and not any(out[-1]):
            out.pop()
        out += [("", "", False)] * (kept - len(out))
        return out

    def _band_descriptions(self, bands: list[RoleGroup]) -> list[RoleGroup]:
        """Role groups in kept order with the descriptions the Roles sheet gives them."""
        rows = []
        for row in self.roles_rows[1:] if self.roles_rows else ():
            name = text_of(row[ROLE_GROUPS_COL]) if len(row) > ROLE_GROUPS_COL else ""
            desc = text_of(row[ROLE_GROUPS_COL + 1]) if len(row) > ROLE_GROUPS_COL + 1 else ""
            rows.append((name, desc))
        kept_count = len(self.p.get("role_groups", []))
        while len(rows) > kept_count and not any(rows[-1]):
            rows.pop()
        if self.roles_rows:
            rows += [("", "")] * (kept_count - len(rows))
        match = align([r[0] for r in rows], [b.name for b in bands])
        used = {role.group for role in self.roles if role.group is not None}
        out = []
        for k, band in enumerate(bands):
            if k >= kept_count and band not in used:
                continue
            if match[k] is not None:
                band.description = _full(rows[match[k]][1], band.description)
            out.append(band)
        return out

    # ------------------------------------------------------------------ rows
    def _rows(self, header: int) -> None:
        m, values = self.m, self.values
        kept = self.p.get("rows", [])
        first = header + 1
        last = len(values)
        while last > first and not any(v != "" and v is not None for v in values[last - 1]):
            last -= 1
        rows = values[first:last]
        # Blank rows at the end (an empty group, an unnamed deliverable) hold no cell at all.
        rows += [[] for _ in range(first + len(kept) - max(last, first))]
        names = [text_of(r[0]) if r else "" for r in rows]
        match = align([str(k[1]) for k in kept], names)
        r0, r1 = self.first_role, self.end_role
        desc_col = self.description_col
        objects: dict[int, Group | Deliverable] = {}
        for j in match:
            if j is not None:
                item = kept[j]
                objects[j] = Group() if item[0] == "g" else Deliverable()
        new_rows = [k for k, j in enumerate(match) if j is None and _filled(rows[k])]
        styles = self._styles(first, new_rows) if new_rows else {}
        children: dict[Group | None, list[Group | Deliverable]] = {}
        path: list[Group] = []
        parent_of: dict[Group | Deliverable, Group | None] = {}
        cells_of: list[tuple[Deliverable, list[Any]]] = []
        row_objects: dict[int, Group | Deliverable] = {}
        for k, j in enumerate(match):
            row = rows[k]
            if j is None:
                if not _filled(row):
                    continue
                bold, indent = styles.get(k, (False, None))
                has_codes = any(v != "" and v is not None for v in row[r0:r1])
                obj: Group | Deliverable = Group() if bold and not has_codes else Deliverable()
                if indent is None:
                    # No formatting to go by: below a group row means inside it, below a
                    # deliverable means beside it.
                    indent = len(path)
                if indent <= 0 or not path:
                    parent = None
                else:
                    parent = path[min(indent, len(path)) - 1]
                old_name = ""
                old_desc = ""
                old_attrs: dict[str, str] = {}
            else:
                item = kept[j]
                obj = objects[j]
                # Parents come before their children in the hidden data; anything else is damage.
                parent_j = int(item[2]) if int(item[2]) < j else -1
                while parent_j >= 0 and parent_j not in objects:
                    above = int(kept[parent_j][2])
                    parent_j = above if above < parent_j else -1
                parent = objects[parent_j] if parent_j >= 0 else None  # type: ignore[assignment]
                old_name = str(item[1])
                old_desc = str(item[3]) if len(item) > 3 else ""
                old_attrs = item[4] if len(item) > 4 else {}
            obj.name = _full(names[k], old_name)
            if desc_col is not None and desc_col < len(row):
                obj.description = _full(text_of(row[desc_col]), old_desc)
            if isinstance(obj, Deliverable):
                attrs = {}
                for key, c in self.attribute_cols:
                    value = text_of(row[c]) if c < len(row) else ""
                    if value or key in old_attrs:
                        attrs[key] = _full(value, str(old_attrs.get(key, "")))
                obj.attributes = attrs
                cells_of.append((obj, row))
            children.setdefault(parent, []).append(obj)
            row_objects[k] = obj
            parent_of[obj] = parent
            path = [obj] if isinstance(obj, Group) else []
            while parent is not None:
                path.append(parent)
                parent = parent_of.get(parent)
            path.reverse()
        # Load top-down so every parent is in the matrix before its children.
        stack: list[tuple[Group | Deliverable, Group | None]] = [
            (row, None) for row in reversed(children.get(None, []))
        ]
        while stack:
            row, parent = stack.pop()
            m.load_row(row, parent)
            if isinstance(row, Group):
                stack.extend((child, row) for child in reversed(children.get(row, [])))
        width = r1 - r0
        block = [row[r0:r1] for _d, row in cells_of]
        block = [r if len(r) == width else r + [""] * (width - len(r)) for r in block]
        distinct = set().union(*block)
        distinct.discard("")
        canonical = _Canonical(m.canonical)
        if any(canonical[v] != v for v in distinct):
            block = [list(map(canonical.__getitem__, r)) for r in block]
        m.load_grid([d for d, _row in cells_of], self.roles[:width], block)
        self._notes(header, row_objects)

    def _notes(self, header: int, row_objects: dict[int, Group | Deliverable]) -> None:
        """Cell comments: notes on code cells; a comment on a name or a role header (a
        colleague's, ramdesk writes none there) is kept in that item's description."""
        comments = _comments(self.target, self.sheet)
        first = header + 1
        for (r, c), note in sorted(comments.items()):
            if not note:
                continue
            item: Any = None
            if r == header and self.first_role <= c < self.end_role:
                item = self.roles[c - self.first_role]
            elif r >= first and r - first in row_objects:
                row = row_objects[r - first]
                if self.first_role <= c < self.end_role and isinstance(row, Deliverable):
                    self.m.load_note(row, self.roles[c - self.first_role], note)
                    continue
                if c < self.first_role:
                    item = row
            if item is not None and note not in item.description:
                item.description = f"{item.description}\n{note}" if item.description else note

    def _styles(self, first: int, new_rows: list[int]) -> dict[int, tuple[bool, int | None]]:
        """(bold, indent) of the name cell of rows a colleague added, from the sheet's styles."""
        wanted = {first + k + 1: k for k in new_rows}  # spreadsheet rows count from 1
        try:
            with zipfile.ZipFile(self.target) as archive:
                part = _sheet_part(archive, self.sheet)
                xfs = _cell_formats(archive)
                if part is None:
                    return {}
                xml = archive.read(part)
        except (OSError, zipfile.BadZipFile, KeyError):
            return {}
        out: dict[int, tuple[bool, int | None]] = {}
        for match in re.finditer(rb'<c r="A(\d+)"([^>]*)>', xml):
            k = wanted.get(int(match.group(1)))
            if k is None:
                continue
            style = re.search(rb'\bs="(\d+)"', match.group(2))
            index = int(style.group(1)) if style else 0
            bold, indent = xfs[index] if index < len(xfs) else (False, 0)
            out[k] = (bold, indent)
        return out

    # ------------------------------------------------------------------ people
    def _people(self) -> None:
        m = self.m
        kept = self.p.get("people", [])
        written = self.layout.get("people_roles", [])
        rows = [
            [text_of(v) for v in row[:4]] + [""] * (4 - len(row[:4]))
            for row in self.people_rows[1:]
        ]
        if not self.people_rows:  # the sheet was deleted: the hidden data still knows them
            rows = [
                [str(k[0]), str(k[2]), written[i] if i < len(written) else "", str(k[1])]
                for i, k in enumerate(kept)
            ]
        while len(rows) > len(kept) and not any(rows[-1]):
            rows.pop()
        rows += [["", "", "", ""] for _ in range(len(kept) - len(rows))]
        match = align([str(k[0]) for k in kept], [r[0] for r in rows])
        labels = {label: role for role, label in role_labels(self.roles).items()}
        for k, (name, email, held, notes) in enumerate(rows):
            j = match[k]
            if j is None and not any((name, email, held, notes)):
                continue
            old = kept[j] if j is not None else None
            if old is not None and j < len(written) and held == written[j]:
                roles = [self.role_from_kept[i] for i in old[3] if i in self.role_from_kept]
            else:
                roles = self._resolve_roles(held, labels)
            person = Person(
                _full(name, str(old[0])) if old else name.strip(),
                _full(notes, str(old[1])) if old else notes,
                email if old else email.strip(),
            )
            seen: list[Role] = []
            for role in roles:
                if role not in seen:
                    seen.append(role)
            m.load_person(person, seen)

    def _resolve_roles(self, held: str, labels: dict[str, Role]) -> list[Role]:
        """Role names typed in the People sheet; a name no column has becomes a new role."""
        out = []
        by_name: dict[str, Role] = {}
        by_fold: dict[str, Role] = {}
        for role in self.roles:
            by_name.setdefault(role.name.strip(), role)
            by_fold.setdefault(role.name.strip().casefold(), role)
        for part in re.split(r"[;\n]", held):
            name = part.strip()
            if not name:
                continue
            role = labels.get(name) or by_name.get(name) or by_fold.get(name.casefold())
            if role is None:
                role = Role(name)
                self.roles.append(role)
                self.m.load_role(role)
                by_name[name] = by_fold[name.casefold()] = role
            out.append(role)
        return out


class _Canonical(dict):
    """Cell value -> canonical code text, computed once per distinct value."""

    def __init__(self, canonical: Any) -> None:
        super().__init__()
        self.canonical = canonical
        self[""] = ""

    def __missing__(self, value: Any) -> str:
        text = self[value] = self.canonical(value if isinstance(value, str) else text_of(value))
        return text


def _filled(row: list[Any]) -> bool:
    return any(v != "" and v is not None for v in row)


# ---------------------------------------------------------------------- package parts
def _parse(data: bytes) -> Element:
    from defusedxml.ElementTree import fromstring

    return fromstring(data)


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip path of a sheet's XML, found through the workbook's relationships."""
    book = _parse(archive.read("xl/workbook.xml"))
    rid = None
    for node in book.iter(f"{_NS}sheet"):
        if node.get("name") == sheet:
            rid = node.get(f"{_REL_NS}id")
    if rid is None:
        return None
    rels = _parse(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
        if rel.get("Id") == rid:
            return _resolve("xl/workbook.xml", rel.get("Target", ""))
    return None


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for piece in (PurePosixPath(base).parent / target).parts:
        if piece == "..":
            if parts:
                parts.pop()
        elif piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _cell_formats(archive: zipfile.ZipFile) -> list[tuple[bool, int]]:
    """(bold, indent) of every cell format in the workbook's styles."""
    styles = _parse(archive.read("xl/styles.xml"))
    fonts = []
    for font in styles.iter(f"{_NS}font"):
        b = font.find(f"{_NS}b")
        fonts.append(b is not None and b.get("val", "1") not in ("0", "false"))
    out = []
    xfs = styles.find(f"{_NS}cellXfs")
    for xf in xfs if xfs is not None else ():
        font = int(xf.get("fontId", "0"))
        align_node = xf.find(f"{_NS}alignment")
        indent = int(align_node.get("indent", "0")) if align_node is not None else 0
        out.append((fonts[font] if font < len(fonts) else False, indent))
    return out


def _comments(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """Cell notes of a sheet: (row, column) counted from 0 -> text (an author's name line dropped)."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_part(archive, sheet)
            if part is None:
                return {}
            rels_name = str(
                PurePosixPath(part).parent / "_rels" / (PurePosixPath(part).name + ".rels")
            )
            if rels_name not in archive.namelist():
                return {}
            rels = _parse(archive.read(rels_name))
            target = None
            for rel in rels.iter(f"{_PKG_REL_NS}Relationship"):
                if rel.get("Type", "").endswith("/comments"):
                    target = _resolve(part, rel.get("Target", ""))
            if target is None:
                return {}
            root = _parse(archive.read(target))
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}
    except Exception:  # a damaged or hostile comments part: the notes are lost, not the matrix
        return {}
    out = {}
    for comment in root.iter(f"{_NS}comment"):
        ref = comment.get("ref", "")
        cell = _cell_ref(ref)
        text_node = comment.find(f"{_NS}text")
        if cell is None or text_node is None:
            continue
        out[cell] = _comment_text(text_node)
    return out


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """Undo the _xHHHH_ escapes the file format uses for control characters."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _comment_text(node: Element) -> str:
    return _unescape(_comment_runs(node))


def _comment_runs(node: Element) -> str:
    runs = node.findall(f"{_NS}r")
    if not runs:
        return "".join(t.text or "" for t in node.iter(f"{_NS}t"))
    texts = []
    for i, run in enumerate(runs):
        text = "".join(t.text or "" for t in run.iter(f"{_NS}t"))
        props = run.find(f"{_NS}rPr")
        bold = props is not None and props.find(f"{_NS}b") is not None
        # Excel starts a colleague's note with their name in bold: "Ann Smith:\n".
        if i == 0 and bold and text.rstrip().endswith(":") and len(runs) > 1:
            continue
        texts.append(text)
    out = "".join(texts)
    return out.lstrip("\n") if len(texts) < len(runs) else out


def _cell_ref(ref: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", ref)
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1
