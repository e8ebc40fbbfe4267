"""ramdesk's own workbook (.xlsx): a matrix anyone can open, print and edit in a spreadsheet.

Sheets: "Matrix" (title block, role-group band, header, group and deliverable rows, codes with a
dropdown and colours that follow the codes), "People", "Roles", "Scheme", "About", and a very
hidden "ramdesk" sheet holding the format version and the structure as JSON. The reader takes the
visible sheets as the truth and uses the hidden data to keep what a spreadsheet cannot show
(identities of duplicate names, empty groups, the scheme's rules).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ramdesk.model import Deliverable, Group, Matrix, Role, Scheme

from .atomic import atomic_path
from .errors import WriteError

MARKER = "ramdesk workbook"
#: Bumped when the reader must change to understand the file; a newer file is refused politely.
FORMAT_VERSION = 1

SHEET_MATRIX = "Matrix"
SHEET_PEOPLE = "People"
SHEET_ROLES = "Roles"
SHEET_SCHEME = "Scheme"
SHEET_ABOUT = "About"
SHEET_DATA = "ramdesk"

LABEL_DELIVERABLE = "Deliverable"
LABEL_DESCRIPTION = "Description"
PEOPLE_HEADER = ("Person", "E-mail", "Roles held", "Notes")
ROLES_HEADER = ("Role", "Description", "Names a person", "Held by (see People)")
ROLE_GROUPS_HEADER = ("Role group", "Description")
PROPERTIES_HEADER = ("Property", "Value")
#: Where the role-group table starts on the Roles sheet (column F).
ROLE_GROUPS_COL = 5
#: Separator of role names in the People sheet's "Roles held" column.
ROLE_SEPARATOR = "; "
YES = "yes"

#: Rows below the matrix that still get the dropdown and the colours, for colleagues' additions.
SPARE_ROWS = 200
#: Excel keeps at most this many characters in a cell; longer text lives in the hidden data.
CELL_LIMIT = 32767
_CHUNK = 30000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Excel's deepest indent.
_MAX_INDENT = 15


def color(text: str) -> str:
    """A scheme colour as "#RRGGBB" (grey when the scheme holds something else)."""
    value = text.strip().lstrip("#")
    if len(value) == 6 and all(ch in "0123456789abcdefABCDEF" for ch in value):
        return "#" + value.upper()
    return "#999999"


def pale(text: str, strength: float = 0.35) -> str:
    """A light tint of a scheme colour, so a black letter stays readable on it."""
    value = color(text)
    r, g, b = (int(value[i : i + 2], 16) for i in (1, 3, 5))

    def mix(c: int) -> int:
        return round(c * strength + 255 * (1 - strength))

    return f"#{mix(r):02X}{mix(g):02X}{mix(b):02X}"


def role_labels(roles: Iterable[Role]) -> dict[Role, str]:
    """How the People sheet names each role: its name, with "#2" when several share it."""
    roles = list(roles)
    count: dict[str, int] = {}
    for role in roles:
        count[role.name] = count.get(role.name, 0) + 1
    seen: dict[str, int] = {}
    out: dict[Role, str] = {}
    for role in roles:
        if count[role.name] > 1:
            seen[role.name] = seen.get(role.name, 0) + 1
            out[role] = f"{role.name} #{seen[role.name]}"
        else:
            out[role] = role.name
    return out


def dropdown_choices(scheme: Scheme) -> list[str]:
    """What the dropdown of a code cell offers: each code, then the pairs that may share a cell."""
    choices = list(scheme.letters)
    order = {letter: i for i, letter in enumerate(scheme.letters)}
    for pair in scheme.combinable:
        a, b = sorted(pair, key=lambda x: order.get(x, len(order)))
        for text in (f"{b}/{a}", f"{a}/{b}"):
            if text not in choices:
                choices.append(text)
    return choices


def attribute_keys(matrix: Matrix) -> list[str]:
    """Every attribute name used by a deliverable, in order of first use."""
    keys: dict[str, None] = {}
    for d in matrix.deliverables:
        for key in d.attributes:
            keys.setdefault(key, None)
    return list(keys)


def write_workbook(matrix: Matrix, path: str | Path) -> None:
    """Save a matrix as ramdesk's workbook, atomically (the old file stays intact on failure)."""
    target = Path(path)
    with atomic_path(target) as tmp:
        _write(matrix, tmp, target)


def _write(matrix: Matrix, tmp: Path, target: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(tmp),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
    )
    book.set_properties(
        {
            "title": _plain(matrix.name)[:255],
            "subject": _plain(f"{matrix.scheme.name} matrix"),
            "comments": MARKER,
        }
    )
    try:
        writer = _Writer(book, matrix)
        writer.write()
    finally:
        try:
            book.close()
        except Exception as exc:  # xlsxwriter raises its own types for I/O and size problems
            raise WriteError(target, f"could not be saved: {exc}") from exc


class _Writer:
    def __init__(self, book: Any, matrix: Matrix) -> None:
        self.book = book
        self.m = matrix
        self.scheme = matrix.scheme
        self._formats: dict[tuple, Any] = {}
        self.roles = matrix.roles
        self.rows = matrix.rows
        self.has_description = any(r.description for r in self.rows)
        self.attributes = attribute_keys(matrix)
        self.columns = [LABEL_DELIVERABLE]
        if self.has_description:
            self.columns.append(LABEL_DESCRIPTION)
        self.columns += self.attributes
        self.first_role = len(self.columns)
        self.labels = role_labels(self.roles)

    # ------------------------------------------------------------------ formats (cached)
    def fmt(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        f = self._formats.get(key)
        if f is None:
            f = self._formats[key] = self.book.add_format(props)
        return f

    def text(self, ws: Any, row: int, col: int, value: str, **props: Any) -> None:
        """Write text as text: a name starting with "=" never becomes a formula."""
        if value.startswith(_FORMULA_START):
            props["quote_prefix"] = True
        f = self.fmt(**props) if props else None
        if value:
            ws.write_string(row, col, value[:CELL_LIMIT], f)
        elif f is not None:
            ws.write_blank(row, col, None, f)

    # ------------------------------------------------------------------ sheets
    def write(self) -> None:
        layout = self.matrix_sheet()
        people_text = self.people_sheet()
        self.roles_sheet()
        self.scheme_sheet()
        self.about_sheet()
        layout["people_roles"] = people_text
        self.data_sheet(layout)

    def matrix_sheet(self) -> dict[str, Any]:
        m, scheme = self.m, self.scheme
        ws = self.book.add_worksheet(SHEET_MATRIX)
        ws.activate()
        n_cols = self.first_role + len(self.roles)
        # -- title block: name, scheme, legend, properties
        self.text(ws, 0, 0, m.name, bold=True, font_size=14)
        line = f"Scheme: {scheme.name}"
        if scheme.description:
            line += f" — {scheme.description}"
        self.text(ws, 1, 0, line, italic=True)
        legend: list[Any] = [self.fmt(bold=True), "Legend:"]
        for code in scheme.codes:
            legend += [
                self.fmt(bold=True, font_color=_readable(code.color)),
                f"   {code.letter}",
                f" {code.name}" if code.name else " ",
            ]
        if len(legend) > 2:
            ws.write_rich_string(2, 0, *legend)
        title_rows = 3
        if m.properties:
            props = "   ·   ".join(f"{k}: {v}" for k, v in m.properties.items())
            self.text(ws, 3, 0, props, font_color="#444444")
            title_rows = 4
        band_row = title_rows + 1
        header = band_row + 1
        first = header + 1

        # -- header: role-group band over role names
        header_fmt = {"bold": True, "bottom": 2, "valign": "bottom", "text_wrap": True}
        for c, label in enumerate(self.columns):
            self.text(ws, header, c, label, **header_fmt)
        rotate = len(self.roles) > 8
        role_head = dict(header_fmt, align="center", bg_color="#F2F2F2", border=1)
        if rotate:
            role_head["rotation"] = 90
        for i, role in enumerate(self.roles):
            props = dict(role_head, italic=True) if role.is_person else role_head
            self.text(ws, header, self.first_role + i, role.name, **props)
        band_fmt = {
            "bold": True,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#DDE4EE",
            "border": 1,
        }
        start = 0
        while start < len(self.roles):
            band = self.roles[start].group
            end = start
            while end + 1 < len(self.roles) and self.roles[end + 1].group is band:
                end += 1
            if band is not None:
                c0, c1 = self.first_role + start, self.first_role + end
                if c1 > c0:
                    ws.merge_range(band_row, c0, band_row, c1, "", self.fmt(**band_fmt))
                self.text(ws, band_row, c0, band.name, **band_fmt)
            start = end + 1
        longest = max((len(r.name) for r in self.roles), default=4)
        if rotate:
            ws.set_row(header, min(220, max(40, 6.5 * longest)))
        if rotate and any(r.group is not None for r in self.roles):
            ws.set_row(band_row, 30)  # room for a band name wrapped over narrow columns
        # -- rows
        codes = self.fmt(align="center", bold=True)
        codes_quoted = self.fmt(align="center", bold=True, quote_prefix=True)
        role_col = {role: self.first_role + i for i, role in enumerate(self.roles)}
        depth_of: dict[Any, int] = {}
        attr_col = {
            key: self.first_role - len(self.attributes) + i for i, key in enumerate(self.attributes)
        }
        notes: dict[Deliverable, list[tuple[Role, str]]] = {}
        for (d, role), note in m.notes.items():
            notes.setdefault(d, []).append((role, note))
        widest = len(LABEL_DELIVERABLE)
        write_string = ws.write_string
        for i, row in enumerate(self.rows):
            r = first + i
            depth = depth_of[row] = 0 if row.parent is None else depth_of[row.parent] + 1
            indent = min(depth, _MAX_INDENT)
            widest = max(widest, min(len(row.name), 80) + 2 * indent)
            if isinstance(row, Group):
                shade = _GROUP_SHADES[min(depth, len(_GROUP_SHADES) - 1)]
                self.text(ws, r, 0, row.name, bold=True, bg_color=shade, indent=indent)
                fill = self.fmt(bg_color=shade)
                for c in range(1, n_cols):
                    ws.write_blank(r, c, None, fill)
                if row.description:
                    self.text(ws, r, 1, row.description, bg_color=shade, italic=True)
                continue
            if indent:
                self.text(ws, r, 0, row.name, indent=indent)
            else:
                self.text(ws, r, 0, row.name)
            if row.description:
                self.text(ws, r, 1, row.description)
            for key, value in row.attributes.items():
                self.text(ws, r, attr_col[key], str(value))
            for role, text in m.row_cells(row):
                if text.startswith(_FORMULA_START):
                    write_string(r, role_col[role], text, codes_quoted)
                else:
                    write_string(r, role_col[role], text, codes)
            for role, note in notes.get(row, ()):
                ws.write_comment(
                    r, role_col[role], note[:CELL_LIMIT], {"x_scale": 2, "y_scale": 1.5}
                )

        # -- widths, panes, dropdowns, colours, printing
        ws.set_column(0, 0, min(60, widest + 2))
        if self.has_description:
            ws.set_column(1, 1, 40)
        for key in self.attributes:
            ws.set_column(attr_col[key], attr_col[key], min(30, max(8, len(key) + 2)))
        if self.roles:
            if rotate:
                ws.set_column(self.first_role, n_cols - 1, 5.5)
            else:
                ws.set_column(self.first_role, n_cols - 1, min(20, max(8, longest + 2)))
        ws.freeze_panes(first, self.first_role)
        last = first + len(self.rows) + SPARE_ROWS - 1
        if self.roles:
            self.code_rules(ws, first, last, self.first_role, n_cols - 1)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(band_row, header)
        ws.repeat_columns(0, 0)
        ws.hide_gridlines(0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_header(f"&L&B{_header_text(m.name)}&R{_header_text(scheme.name)}")
        ws.set_footer("&LPrinted &D&RPage &P of &N")
        return {
            "header_row": header,
            "band_row": band_row,
            "columns": self.columns,
            "description": self.has_description,
            "rows_written": len(self.rows),
        }

    def code_rules(self, ws: Any, first: int, last: int, c0: int, c1: int) -> None:
        """One dropdown and one colour rule per code over the whole code range, not per cell."""
        from xlsxwriter.utility import xl_rowcol_to_cell

        choices = dropdown_choices(self.scheme)
        source = choices
        if any("," in c or '"' in c for c in choices) or len(",".join(choices)) > 250:
            source = [c for c in self.scheme.letters if "," not in c and '"' not in c]
        if source and len(",".join(source)) <= 250:
            ws.data_validation(
                first,
                c0,
                last,
                c1,
                {
                    "validate": "list",
                    "source": source,
                    "ignore_blank": True,
                    "error_type": "warning",
                    "error_title": "Not a code of this scheme",
                    "error_message": (
                        f"{_plain(self.scheme.name)} codes: {', '.join(self.scheme.letters)}. "
                        "Keep this value anyway?"
                    )[:255],
                },
            )
        top_left = xl_rowcol_to_cell(first, c0)
        # Longer codes first, so "Su" is not coloured as "S"; compounds take their first code.
        for code in sorted(self.scheme.codes, key=lambda c: -len(c.letter)):
            letter = code.letter.replace('"', '""')
            ws.conditional_format(
                first,
                c0,
                last,
                c1,
                {
                    "type": "formula",
                    "criteria": f'=LEFT({top_left},{len(code.letter)})="{letter}"',
                    "format": self.fmt(bg_color=pale(code.color)),
                    "stop_if_true": True,
                },
            )

    def people_sheet(self) -> list[str]:
        m = self.m
        ws = self.book.add_worksheet(SHEET_PEOPLE)
        head = {"bold": True, "bottom": 2, "bg_color": "#F2F2F2"}
        for c, label in enumerate(PEOPLE_HEADER):
            self.text(ws, 0, c, label, **head)
        written = []
        for i, person in enumerate(m.people, start=1):
            held = ROLE_SEPARATOR.join(self.labels[r] for r in m.roles_of(person))
            written.append(held)
            self.text(ws, i, 0, person.name)
            self.text(ws, i, 1, person.email)
            self.text(ws, i, 2, held)
            self.text(ws, i, 3, person.description)
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 30)
        ws.set_column(2, 2, 50)
        ws.set_column(3, 3, 50)
        ws.freeze_panes(1, 1)
        _print_table(ws, title="People")
        if m.people:
            ws.autofilter(0, 0, len(m.people), len(PEOPLE_HEADER) - 1)
        return written

    def roles_sheet(self) -> None:
        m = self.m
        ws = self.book.add_worksheet(SHEET_ROLES)
        head = {"bold": True, "bottom": 2, "bg_color": "#F2F2F2"}
        for c, label in enumerate(ROLES_HEADER):
            self.text(ws, 0, c, label, **head)
        for i, role in enumerate(self.roles, start=1):
            self.text(ws, i, 0, role.name)
            self.text(ws, i, 1, role.description, text_wrap=True)
            self.text(ws, i, 2, YES if role.is_person else "")
            held = m.holders(role)
            self.text(ws, i, 3, ", ".join(p.name for p in held) if held else "(nobody: open seat)")
        for c, label in enumerate(ROLE_GROUPS_HEADER):
            self.text(ws, 0, ROLE_GROUPS_COL + c, label, **head)
        for i, band in enumerate(m.role_groups, start=1):
            self.text(ws, i, ROLE_GROUPS_COL, band.name)
            self.text(ws, i, ROLE_GROUPS_COL + 1, band.description, text_wrap=True)
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 60)
        ws.set_column(2, 2, 14)
        ws.set_column(3, 3, 40)
        ws.set_column(ROLE_GROUPS_COL, ROLE_GROUPS_COL, 24)
        ws.set_column(ROLE_GROUPS_COL + 1, ROLE_GROUPS_COL + 1, 40)
        ws.freeze_panes(1, 1)
        _print_table(ws, title="Roles")

    def scheme_sheet(self) -> None:
        scheme = self.scheme
        ws = self.book.add_worksheet(SHEET_SCHEME)
        head = {"bold": True, "bottom": 2, "bg_color": "#F2F2F2"}
        section = {"bold": True, "font_size": 12}
        self.text(ws, 0, 0, f"{scheme.name}", bold=True, font_size=14)
        self.text(ws, 1, 0, scheme.description, italic=True)
        r = 3
        cols = ("Code", "Name", "Kind", "Meaning", "Colour", "Weight", "Veto", "Also written")
        for c, label in enumerate(cols):
            self.text(ws, r, c, label, **head)
        for code in scheme.codes:
            r += 1
            self.text(ws, r, 0, code.letter, bold=True, align="center", bg_color=pale(code.color))
            self.text(ws, r, 1, code.name)
            self.text(ws, r, 2, code.kind)
            self.text(ws, r, 3, code.description, text_wrap=True)
            self.text(ws, r, 4, code.color, bg_color=color(code.color), font_color=_on(code.color))
            ws.write_number(r, 5, code.weight)
            self.text(ws, r, 6, YES if code.veto else "")
            self.text(ws, r, 7, ", ".join(code.aliases))
        for title, limits in (
            ("Limits per deliverable", scheme.row_limits),
            ("Limits per role (over the whole matrix)", scheme.role_limits),
        ):
            r += 2
            self.text(ws, r, 0, title, **section)
            r += 1
            for c, label in enumerate(("Code", "At least", "At most", "Too few is", "Too many is")):
                self.text(ws, r, c, label, **head)
            for lim in limits:
                r += 1
                self.text(ws, r, 0, lim.code, align="center")
                if lim.min is not None:
                    ws.write_number(r, 1, lim.min)
                if lim.max is not None:
                    ws.write_number(r, 2, lim.max)
                self.text(ws, r, 3, lim.below)
                self.text(ws, r, 4, lim.above)
        r += 2
        self.text(ws, r, 0, "Codes that may share a cell", **section)
        for pair in scheme.combinable:
            r += 1
            self.text(ws, r, 0, "/".join(sorted(pair)))
        r += 2
        self.text(ws, r, 0, "Codes one person must not hold on the same deliverable", **section)
        for a, b in scheme.separation:
            r += 1
            self.text(ws, r, 0, f"{a} and {b}")
        if scheme.together:
            r += 2
            self.text(ws, r, 0, "Codes that belong with one party on a deliverable", **section)
            for a, b in scheme.together:
                r += 1
                self.text(ws, r, 0, f"whoever is {a} should be {b}")
        settings = self.m.settings
        r += 2
        self.text(ws, r, 0, "Rule settings of this matrix", **section)
        for label, value in (
            ("Rules switched off", ", ".join(sorted(settings.disabled)) or "none"),
            (
                "Thresholds",
                ", ".join(f"{k} = {_num(v)}" for k, v in sorted(settings.thresholds.items()))
                or "defaults",
            ),
            (
                "Weights",
                ", ".join(f"{k} = {_num(v)}" for k, v in sorted(settings.weights.items()))
                or "the scheme's",
            ),
        ):
            r += 1
            self.text(ws, r, 0, label, bold=True)
            self.text(ws, r, 1, value)
        r += 2
        self.text(
            ws,
            r,
            0,
            "The scheme and its rules are edited in ramdesk; changes on this sheet are not read.",
            italic=True,
            font_color="#666666",
        )
        ws.set_column(0, 0, 20)
        ws.set_column(1, 1, 22)
        ws.set_column(2, 2, 12)
        ws.set_column(3, 3, 60)
        ws.set_column(4, 7, 14)
        _print_table(ws, title="Scheme", repeat=False)

    def about_sheet(self) -> None:
        from ramdesk import __version__

        m = self.m
        ws = self.book.add_worksheet(SHEET_ABOUT)
        self.text(ws, 0, 0, m.name, bold=True, font_size=14)
        lines = [
            f"A {self.scheme.name} responsibility matrix saved by ramdesk {__version__}.",
            "Edit the Matrix and People sheets freely: add or rename deliverables and roles, "
            "change codes (the dropdown lists them), add people. ramdesk reads your changes.",
            "Make a row bold to make it a group; indent it to nest it.",
        ]
        for i, line in enumerate(lines, start=2):
            self.text(ws, i, 0, line)
        r = len(lines) + 3
        head = {"bold": True, "bottom": 2, "bg_color": "#F2F2F2"}
        self.text(ws, r, 0, PROPERTIES_HEADER[0], **head)
        self.text(ws, r, 1, PROPERTIES_HEADER[1], **head)
        for key, value in m.properties.items():
            r += 1
            self.text(ws, r, 0, key)
            self.text(ws, r, 1, value)
        ws.set_column(0, 0, 30)
        ws.set_column(1, 1, 60)
        _print_table(ws, title="About", repeat=False)

    def data_sheet(self, layout: dict[str, Any]) -> None:
        """The hidden sheet: marker, format version, and the structure as JSON in chunks."""
        ws = self.book.add_worksheet(SHEET_DATA)
        ws.very_hidden()
        payload = structure(self.m)
        payload["layout"] = layout
        data = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
        chunks = [data[i : i + _CHUNK] for i in range(0, len(data), _CHUNK)] or [""]
        ws.write_string(0, 0, MARKER)
        ws.write_number(0, 1, FORMAT_VERSION)
        ws.write_number(1, 0, len(chunks))
        for i, chunk in enumerate(chunks):
            ws.write_string(2 + i, 0, chunk)


def structure(matrix: Matrix) -> dict[str, Any]:
    """What the hidden sheet keeps: everything but the codes and notes (the visible sheets hold those)."""
    role_pos = {r: i for i, r in enumerate(matrix.roles)}
    band_pos = {g: i for i, g in enumerate(matrix.role_groups)}
    row_pos: dict[Any, int] = {}
    rows: list[list[Any]] = []
    for i, row in enumerate(matrix.rows):
        row_pos[row] = i
        parent = row_pos[row.parent] if row.parent is not None else -1
        item: list[Any] = ["g" if isinstance(row, Group) else "d", row.name, parent]
        if row.description or (isinstance(row, Deliverable) and row.attributes):
            item.append(row.description)
        if isinstance(row, Deliverable) and row.attributes:
            item.append({str(k): str(v) for k, v in row.attributes.items()})
        rows.append(item)
    return {
        "format": "ramdesk-workbook",
        "version": FORMAT_VERSION,
        "name": matrix.name,
        "properties": dict(matrix.properties),
        "scheme": matrix.scheme.to_dict(),
        "settings": matrix.settings.to_dict(),
        "role_groups": [[g.name, g.description] for g in matrix.role_groups],
        "roles": [
            [r.name, r.description, band_pos.get(r.group, -1), r.is_person] for r in matrix.roles
        ],
        "people": [
            [p.name, p.description, p.email, [role_pos[r] for r in matrix.roles_of(p)]]
            for p in matrix.people
        ],
        "rows": rows,
    }


def _print_table(ws: Any, title: str, repeat: bool = True) -> None:
    """Side sheets print one page wide, landscape, with their header row on every page."""
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if repeat:
        ws.repeat_rows(0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer(f"&L{title}&RPage &P of &N")


_GROUP_SHADES = ("#C9D3E0", "#DCE3EC", "#E9EDF3", "#F2F4F7")


def _readable(text: str) -> str:
    """The scheme colour darkened enough to read as text on white."""
    value = color(text)
    r, g, b = (int(value[i : i + 2], 16) for i in (1, 3, 5))
    if 0.299 * r + 0.587 * g + 0.114 * b > 150:
        r, g, b = (round(c * 0.6) for c in (r, g, b))
    return f"#{r:02X}{g:02X}{b:02X}"


def _on(text: str) -> str:
    """Black or white, whichever reads better on a fill of this colour."""
    value = color(text)
    r, g, b = (int(value[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#FFFFFF"


def _plain(text: str) -> str:
    """Text without control characters, for document properties (XML that cannot escape them)."""
    return "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)


def _header_text(text: str) -> str:
    """Text for a print header: "&" is a control character there; Excel caps the header length."""
    return _plain(text).replace("&", "&&")[:80]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
