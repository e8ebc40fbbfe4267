"""Patching a colleague's xlsx where it stands: set cells, insert rows and columns, keep the rest.

Loading a workbook into a library and saving it again drops what the library does not know
(extension lists, slicers, sparklines, images, x14 validation and formatting ...). This module
instead edits the package's XML as text: the one sheet's cells, plus every reference a row or
column insertion moves (formulas on every sheet, merges, conditional formatting, validation,
hyperlinks, tables, comments, drawings, charts, defined names, column widths). Every other part
is copied byte for byte.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape

from .atomic import atomic_path
from .safety import column_number
from .xlsx_refs import (
    RANGE,
    Shift,
    attr_escape,
    column_letters,
    offset_formula,
    shift_formula,
    shift_ranges,
    sub_attribute,
    sub_element_text,
    unescape,
)

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# ---------------------------------------------------------------------------- the sheet's cells
_ROW = re.compile(r"<(?P<p>(?:\w+:)?)row\b(?P<a>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)row>)", re.S)
_CELL = re.compile(r"<(?P<p>(?:\w+:)?)c\b(?P<a>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p)c>)", re.S)
_R_ATTR = re.compile(r'\sr="([^"]*)"')
_SHEET_DATA = re.compile(
    r"<(?P<p>(?:\w+:)?)sheetData\b[^>]*?(?:/>|>(?P<body>.*?)</(?P=p)sheetData>)", re.S
)
# Characters XML 1.0 cannot hold at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Cell:
    column: int
    attributes: str  # without r=
    body: str | None  # None: self-closing

    @property
    def style(self) -> str | None:
        m = re.search(r'\ss="([^"]*)"', self.attributes)
        return m.group(1) if m else None

    @property
    def has_formula(self) -> bool:
        return self.body is not None and re.search(r"<(?:\w+:)?f\b", self.body) is not None


@dataclass
class Row:
    number: int
    attributes: str  # without r=
    cells: dict[int, Cell] = field(default_factory=dict)


class Sheet:
    """A worksheet's XML with its cells as objects; everything else stays text."""

    def __init__(self, xml: str) -> None:
        m = _SHEET_DATA.search(xml)
        if m is None:
            raise ValueError("the sheet has no cell data")
        self.prefix = m.group("p")
        self.before, self.after = xml[: m.start()], xml[m.end() :]
        opening = re.match(r"<(?:\w+:)?sheetData\b[^>]*?(?=/?>)", m.group(0))
        self.opening = (opening.group(0) if opening else f"<{self.prefix}sheetData") + ">"
        self.rows: dict[int, Row] = {}
        number = 0
        for rm in _ROW.finditer(m.group("body") or ""):
            attributes = rm.group("a")
            r = _R_ATTR.search(attributes)
            number = int(r.group(1)) if r and r.group(1).isdigit() else number + 1
            row = Row(number, _R_ATTR.sub("", attributes))
            column = 0
            for cm in _CELL.finditer(rm.group("body") or ""):
                ca = cm.group("a")
                ref = _R_ATTR.search(ca)
                letters = re.match(r"[A-Za-z]+", ref.group(1)) if ref else None
                column = column_number(letters.group(0)) if letters else column + 1
                row.cells[column] = Cell(column, _R_ATTR.sub("", ca), cm.group("body"))
            self.rows[number] = row
        self.formulas_touched = False

    def xml(self) -> str:
        p = self.prefix
        parts = [self.opening]
        for number in sorted(self.rows):
            row = self.rows[number]
            parts.append(f'<{p}row r="{number}"{row.attributes}')
            if not row.cells:
                parts.append("/>")
                continue
            parts.append(">")
            for column in sorted(row.cells):
                cell = row.cells[column]
                ref = f"{column_letters(column)}{number}"
                if cell.body is None:
                    parts.append(f'<{p}c r="{ref}"{cell.attributes}/>')
                else:
                    parts.append(f'<{p}c r="{ref}"{cell.attributes}>{cell.body}</{p}c>')
            parts.append(f"</{p}row>")
        parts.append(f"</{p}sheetData>")
        return self.before + "".join(parts) + self.after

    def cell(self, row: int, column: int) -> Cell | None:
        r = self.rows.get(row)
        return r.cells.get(column) if r else None

    def set_text(self, row: int, column: int, text: str, style: str | None = None) -> None:
        """Write `text` (always as text, never a formula) into a cell, keeping its style."""
        r = self.rows.setdefault(row, Row(row, ""))
        old = r.cells.get(column)
        if old is not None and old.has_formula:
            self.formulas_touched = True
        keep = old.style if old is not None else style
        attributes = f' s="{keep}"' if keep is not None else ""
        text = _NOT_XML.sub("", text)
        if not text:
            r.cells[column] = Cell(column, attributes, None)
            return
        space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
        p = self.prefix
        body = f"<{p}is><{p}t{space}>{escape(text)}</{p}t></{p}is>"
        r.cells[column] = Cell(column, attributes + ' t="inlineStr"', body)

    def insert_rows(self, shift: Shift, templates: list[int | None]) -> None:
        """Make room for `shift.count` rows after `shift.at`; new row k looks like `templates[k]`
        (a row number before the shift), its cells empty but styled."""
        rows = {}
        for number, row in self.rows.items():
            new = shift.moved(number)
            row.number = new
            rows[new] = row
        self.rows = rows
        for k in range(shift.count):
            template = templates[k] if k < len(templates) else None
            model = self.rows.get(shift.moved(template)) if template is not None else None
            number = shift.at + 1 + k
            attributes = re.sub(r'\sspans="[^"]*"', "", model.attributes) if model else ""
            row = Row(number, attributes)
            if model is not None:
                for column, cell in model.cells.items():
                    style = cell.style
                    row.cells[column] = Cell(column, f' s="{style}"' if style else "", None)
            self.rows[number] = row

    def insert_columns(self, shift: Shift, template: int | None, rows: range) -> None:
        """Make room for `shift.count` columns after `shift.at`, styled like column `template`."""
        for row in self.rows.values():
            row.attributes = re.sub(r'\sspans="[^"]*"', "", row.attributes)
            row.cells = {shift.moved(c): cell for c, cell in row.cells.items()}
            for cell in row.cells.values():
                cell.column = shift.moved(cell.column)
        if template is None:
            return
        model_column = shift.moved(template)
        for number in rows:
            row = self.rows.get(number)
            model = row.cells.get(model_column) if row else None
            if row is None or model is None:
                continue
            style = model.style
            for k in range(shift.count):
                column = shift.at + 1 + k
                row.cells[column] = Cell(column, f' s="{style}"' if style else "", None)

    def delete(self, shift: Shift) -> None:
        """Remove the rows (columns) `shift` deletes and close the gap."""
        if shift.axis == "row":
            rows = {}
            for number, row in self.rows.items():
                new = shift.kept(number)
                if new is None:
                    if any(_is_shared_master(c) for c in row.cells.values()):
                        raise ValueError("a deleted row holds a formula other cells share")
                    continue
                row.number = new
                rows[new] = row
            self.rows = rows
            return
        for row in self.rows.values():
            row.attributes = re.sub(r'\sspans="[^"]*"', "", row.attributes)
            cells = {}
            for column, cell in row.cells.items():
                new = shift.kept(column)
                if new is None:
                    if _is_shared_master(cell):
                        raise ValueError("a deleted column holds a formula other cells share")
                    continue
                cell.column = new
                cells[new] = cell
            row.cells = cells

    def fill_formula(self, from_row: int, from_column: int, to_row: int, to_column: int) -> bool:
        """Copy a plain formula to an empty cell, its relative references moved along (as a
        spreadsheet's fill does): a new row gets the row's totals its neighbour has."""
        source = self.cell(from_row, from_column)
        if source is None or source.body is None:
            return False
        m = _PLAIN_FORMULA.search(source.body)
        if m is None:
            return False
        row = self.rows.setdefault(to_row, Row(to_row, ""))
        existing = row.cells.get(to_column)
        if existing is not None and existing.body:
            return False
        formula = offset_formula(unescape(m.group(1)), to_row - from_row, to_column - from_column)
        style = existing.style if existing is not None else source.style
        p = self.prefix
        row.cells[to_column] = Cell(
            to_column, f' s="{style}"' if style else "", f"<{p}f>{escape(formula)}</{p}f>"
        )
        return True


def _is_shared_master(cell: Cell) -> bool:
    return (
        bool(cell.body)
        and re.search(r"<(?:\w+:)?f\b[^>]*\st=\"shared\"[^>]*\sref=", cell.body) is not None
    )


_PLAIN_FORMULA = re.compile(r"<(?:\w+:)?f>([^<]*)</(?:\w+:)?f>")


# ---------------------------------------------------------------------------- the package
class Package:
    """An xlsx opened for patching: its parts in order, and where each sheet lives."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as archive:
            self.infos = archive.infolist()
            self.parts = {info.filename: archive.read(info) for info in self.infos}
        #: The parts as read, to compare against.
        self.original = dict(self.parts)
        self.changed: set[str] = set()
        self.removed: set[str] = set()

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def put(self, name: str, text: str) -> None:
        data = text.encode("utf-8")
        if data != self.parts.get(name):
            self.parts[name] = data
            self.changed.add(name)

    def rels(self, name: str) -> dict[str, tuple[str, str]]:
        """Relationships of a part: id -> (type, resolved part name)."""
        path = PurePosixPath(name)
        rels_name = str(path.parent / "_rels" / f"{path.name}.rels")
        if rels_name not in self.parts:
            return {}
        found = {}
        for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)/?>", self.text(rels_name)):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            if attrs.get("TargetMode") == "External" or "Target" not in attrs:
                continue
            target = unescape(attrs["Target"])
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = _normalise(str(path.parent / target))
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), resolved)
        return found

    def workbook_name(self) -> str:
        """The workbook part, as the package's root relationships name it."""
        root = self.parts.get("_rels/.rels", b"").decode("utf-8", "replace")
        for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)/?>", root):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            if attrs.get("Type", "").endswith("/officeDocument"):
                name = _normalise(unescape(attrs.get("Target", "")))
                if name in self.parts:
                    return name
        return "xl/workbook.xml"

    def sheets(self) -> dict[str, str]:
        """Sheet name -> its part name, in workbook order."""
        book = self.workbook_name()
        rels = self.rels(book)
        found = {}
        for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", self.text(book)):
            attrs = m.group(1)
            name = re.search(r'\sname="([^"]*)"', attrs)
            rid = re.search(r'\s(?:\w+:)?id="([^"]*)"', attrs)
            if name and rid and rid.group(1) in rels:
                found[unescape(name.group(1))] = rels[rid.group(1)][1]
        return found

    def related(self, part: str, kind: str) -> list[str]:
        return [
            t for k, t in self.rels(part).values() if k.endswith("/" + kind) and t in self.parts
        ]

    def drop_calc_chain(self) -> None:
        """Forget the formula calculation order; Excel rebuilds it (stale after a move)."""
        book = self.workbook_name()
        for rid, (kind, target) in self.rels(book).items():
            if kind.endswith("/calcChain"):
                self.removed.add(target)
                rels_name = str(
                    PurePosixPath(book).parent / "_rels" / (PurePosixPath(book).name + ".rels")
                )
                self.put(
                    rels_name,
                    re.sub(
                        rf'<(?:\w+:)?Relationship\b[^>]*\sId="{re.escape(rid)}"[^>]*/>',
                        "",
                        self.text(rels_name),
                    ),
                )
                types = "[Content_Types].xml"
                self.put(
                    types,
                    re.sub(
                        rf'<(?:\w+:)?Override\b[^>]*PartName="/{re.escape(target)}"[^>]*/>',
                        "",
                        self.text(types),
                    ),
                )

    def recalculate_on_open(self) -> None:
        """Ask the spreadsheet program to recompute every formula when it opens the file."""
        book = self.workbook_name()
        xml = self.text(book)
        m = re.search(r"<(?P<p>(?:\w+:)?)calcPr\b(?P<a>[^>]*?)(?P<end>/?)>", xml)
        if m:
            attrs = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", m.group("a"))
            new = f'<{m.group("p")}calcPr{attrs} fullCalcOnLoad="1"{m.group("end")}>'
            xml = xml[: m.start()] + new + xml[m.end() :]
        else:
            root = re.search(r"<((?:\w+:)?)workbook\b", xml)
            prefix = root.group(1) if root else ""
            # calcPr goes before these, or last (the schema fixes the order).
            later = re.search(
                r"<(?:\w+:)?(?:oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|"
                r"webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b|</(?:\w+:)?workbook>",
                xml,
            )
            if later:
                new = f'<{prefix}calcPr fullCalcOnLoad="1"/>'
                xml = xml[: later.start()] + new + xml[later.start() :]
        self.put(book, xml)

    def save(self, target: Path) -> None:
        """Write the package: unchanged parts as they were, in their order and compression."""
        with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w") as out:
            for info in self.infos:
                if info.filename in self.removed:
                    continue
                clone = zipfile.ZipInfo(info.filename, info.date_time)
                clone.compress_type = info.compress_type
                clone.external_attr = info.external_attr
                clone.create_system = info.create_system
                out.writestr(clone, self.parts[info.filename])


def _normalise(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
            continue
        parts.append(piece)
    return "/".join(parts)


# ---------------------------------------------------------------------------- applying shifts
_FORMULA_ELEMENTS = "f|formula|formula1|formula2"


def apply_shift(
    package: Package, sheet_name: str, sheet_part: str, sheet: Sheet, shift: Shift
) -> None:
    """Move every reference into the sheet that `shift` displaces, across the whole package."""
    # This sheet (sheetData rows and cells were moved by the Sheet itself).
    head, tail = sheet.before, sheet.after
    if shift.deleting:
        head, tail = _drop_deleted(head, shift), _drop_deleted(tail, shift)
    head, tail = (_shift_sheet_text(x, shift, sheet_name, local=True) for x in (head, tail))
    if shift.axis == "column":
        head = _shift_cols(head, shift)
    sheet.before, sheet.after = head, tail
    for row in sheet.rows.values():
        for cell in row.cells.values():
            if cell.body and "<" in cell.body and re.search(r"<(?:\w+:)?f\b", cell.body):
                cell.body = _shift_sheet_text(cell.body, shift, sheet_name, local=True)
    # Other sheets' formulas that name this sheet.
    for _name, part in package.sheets().items():
        if part == sheet_part or part not in package.parts:
            continue
        xml = package.text(part)
        if sheet_name.casefold() in xml.casefold() or "'" in xml:
            package.put(part, _shift_sheet_text(xml, shift, sheet_name, local=False))
    # Defined names (print areas, filters, named ranges) and pivot sources.
    book = package.workbook_name()
    package.put(
        book,
        sub_element_text(
            package.text(book),
            "definedName",
            lambda f: shift_formula(f, shift, sheet_name, local=False),
        ),
    )
    for part in list(package.parts):
        if part.startswith("xl/pivotCache/") and part.endswith(".xml") and "_rels" not in part:
            xml = package.text(part)
            m = re.search(r"<(?:\w+:)?worksheetSource\b[^>]*>", xml)
            if m and re.search(rf'\ssheet="{re.escape(attr_escape(sheet_name))}"', m.group(0)):
                moved = sub_attribute(
                    m.group(0), "ref", lambda t: shift_ranges(t, shift, grow=True)
                )
                package.put(part, xml[: m.start()] + moved + xml[m.end() :])
        elif part.startswith("xl/charts/") and part.endswith(".xml") and "_rels" not in part:
            xml = package.text(part)
            package.put(
                part,
                sub_element_text(
                    xml, "f", lambda f: shift_formula(f, shift, sheet_name, local=False)
                ),
            )
    # Parts belonging to this sheet: tables, comments, drawings (and their legacy VML).
    for table in package.related(sheet_part, "table"):
        package.put(table, _shift_table(package.text(table), shift))
    for comments in package.related(sheet_part, "comments"):
        xml = package.text(comments)
        if shift.deleting:
            xml = _drop_elements(xml, "comment", lambda tag, body: _gone(tag, "ref", shift))
        package.put(comments, sub_attribute(xml, "ref", lambda t: shift_ranges(t, shift)))
    for drawing in package.related(sheet_part, "drawing"):
        package.put(drawing, _shift_anchors(package.text(drawing), shift))
    for vml in package.related(sheet_part, "vmlDrawing"):
        package.put(vml, _shift_vml(package.text(vml), shift))


def _shift_sheet_text(xml: str, shift: Shift, sheet: str, local: bool) -> str:
    formula = lambda f: shift_formula(f, shift, sheet, local)  # noqa: E731
    xml = sub_element_text(xml, _FORMULA_ELEMENTS + "|xm:f", formula)
    if not local:
        return xml
    xml = sub_attribute(xml, "ref", lambda t: shift_ranges(t, shift))
    xml = sub_attribute(xml, "sqref", lambda t: shift_ranges(t, shift, grow=True) or "A1")
    xml = sub_element_text(xml, "xm:sqref", lambda t: shift_ranges(t, shift, grow=True))
    xml = sub_attribute(xml, "topLeftCell|activeCell", lambda t: shift_ranges(t, shift) or "A1")
    return xml


def _drop_elements(xml: str, name: str, doomed) -> str:
    """Remove every `name` element (any prefix) for which `doomed(start_tag, whole)` is true."""
    pattern = re.compile(
        rf"<(?P<p>(?:\w+:)?){name}\b(?P<a>[^>]*?)(?:/>|>(?P<body>.*?)</(?P=p){name}>)", re.S
    )
    return pattern.sub(lambda m: "" if doomed(m.group("a"), m.group(0)) else m.group(0), xml)


def _gone(attributes: str, attribute: str, shift: Shift) -> bool:
    """Whether every range an attribute names lies in deleted rows or columns."""
    m = re.search(rf'\s{attribute}="([^"]*)"', attributes)
    return m is not None and bool(m.group(1).strip()) and not shift_ranges(m.group(1), shift)


def _drop_deleted(xml: str, shift: Shift) -> str:
    """Before a deletion: remove merges, links, validation and formatting that only covered
    the deleted cells (as a spreadsheet program does), and recount their lists."""
    xml = _drop_elements(xml, "mergeCell", lambda a, _w: _gone(a, "ref", shift))
    xml = _drop_elements(xml, "hyperlink", lambda a, _w: _gone(a, "ref", shift))
    for name in ("protectedRange", "ignoredError"):
        xml = _drop_elements(xml, name, lambda a, _w: _gone(a, "sqref", shift))

    def covers_nothing(attributes: str, whole: str) -> bool:
        if _gone(attributes, "sqref", shift):
            return True
        m = re.search(r"<(?:\w+:)?sqref>([^<]*)</(?:\w+:)?sqref>", whole)
        return m is not None and bool(m.group(1).strip()) and not shift_ranges(m.group(1), shift)

    xml = _drop_elements(xml, "conditionalFormatting", covers_nothing)
    xml = _drop_elements(xml, "dataValidation", covers_nothing)
    for parent, child in (("mergeCells", "mergeCell"), ("dataValidations", "dataValidation")):
        xml = _recount(xml, parent, child)
    return xml


def _recount(xml: str, parent: str, child: str) -> str:
    pattern = re.compile(
        rf"<(?P<p>(?:\w+:)?){parent}\b(?P<a>[^>]*?)>(?P<body>.*?)</(?P=p){parent}>", re.S
    )

    def fix(m: re.Match[str]) -> str:
        n = len(re.findall(rf"<(?:\w+:)?{child}\b", m.group("body")))
        if n == 0:
            return ""  # an empty list is not allowed: drop it
        attributes = re.sub(r'\scount="\d+"', f' count="{n}"', m.group("a"))
        return f"<{m.group('p')}{parent}{attributes}>{m.group('body')}</{m.group('p')}{parent}>"

    return pattern.sub(fix, xml)


def _shift_cols(xml: str, shift: Shift) -> str:
    """Column widths: later columns move; the column the new ones copy lends them its width."""

    def move(m: re.Match[str]) -> str:
        tag = m.group(0)
        lo = int(re.search(r'\smin="(\d+)"', tag).group(1))
        hi = int(re.search(r'\smax="(\d+)"', tag).group(1))
        if shift.deleting:
            span = shift.span(lo, hi, grow=False)
            if span is None:
                return ""
            lo, hi = span
        elif lo > shift.at:
            lo, hi = lo + shift.count, hi + shift.count
        elif hi >= shift.at:
            hi += shift.count
        tag = re.sub(r'\smin="\d+"', f' min="{lo}"', tag)
        return re.sub(r'\smax="\d+"', f' max="{hi}"', tag)

    return re.sub(
        r'<(?:\w+:)?col\b(?=[^>]*\smin="\d+")(?=[^>]*\smax="\d+")[^>]*?(?:/>|>\s*</(?:\w+:)?col>)',
        move,
        xml,
    )


def _shift_table(xml: str, shift: Shift) -> str:
    if shift.deleting and shift.axis == "column":
        m = re.search(r'<(?:\w+:)?table\b[^>]*\sref="([^"]*)"', xml)
        ends = RANGE.match(m.group(1)) if m else None
        if ends:
            left = column_number(ends.group(2))
            columns = list(
                re.finditer(
                    r"<(?P<p>(?:\w+:)?)tableColumn\b[^>]*?(?:/>|>.*?</(?P=p)tableColumn>)",
                    xml,
                    re.S,
                )
            )
            doomed = [c for i, c in enumerate(columns) if shift.kept(left + i) is None]
            for c in reversed(doomed):
                xml = xml[: c.start()] + xml[c.end() :]
            if doomed:
                xml = re.sub(
                    r'(<(?:\w+:)?tableColumns\b[^>]*\scount=")(\d+)(")',
                    lambda x: f"{x.group(1)}{int(x.group(2)) - len(doomed)}{x.group(3)}",
                    xml,
                )
    return sub_attribute(xml, "ref", lambda t: shift_ranges(t, shift, grow=True))


def _shift_anchors(xml: str, shift: Shift) -> str:
    tag = "row" if shift.axis == "row" else "col"

    def move(m: re.Match[str]) -> str:
        index = int(m.group(2))  # 0-based
        new = max(shift.at, index + shift.count) if index >= shift.at else index
        return f"{m.group(1)}{new}{m.group(3)}"

    return re.sub(rf"(<(?:\w+:)?{tag}>)(\d+)(</(?:\w+:)?{tag}>)", move, xml)


def _shift_vml(xml: str, shift: Shift) -> str:
    tag = "Row" if shift.axis == "row" else "Column"
    if shift.deleting:
        # The comment boxes of deleted cells go with them.
        def doomed(_tag: str, body: str) -> bool:
            m = re.search(rf"<(?:\w+:)?{tag}>(\d+)</(?:\w+:)?{tag}>", body)
            return m is not None and shift.kept(int(m.group(1)) + 1) is None

        xml = _drop_elements(xml, "shape", doomed)

    def move_one(m: re.Match[str]) -> str:
        index = int(m.group(2))
        new = max(shift.at, index + shift.count) if index >= shift.at else index
        return f"{m.group(1)}{new}{m.group(3)}"

    xml = re.sub(rf"(<(?:\w+:)?{tag}>)(\d+)(</(?:\w+:)?{tag}>)", move_one, xml)

    def move_anchor(m: re.Match[str]) -> str:
        values = [v.strip() for v in m.group(2).split(",")]
        if len(values) != 8 or not all(v.lstrip("-").isdigit() for v in values):
            return m.group(0)
        numbers = [int(v) for v in values]
        for i in (2, 6) if shift.axis == "row" else (0, 4):
            if numbers[i] >= shift.at:
                numbers[i] = max(shift.at, numbers[i] + shift.count)
        return m.group(1) + ", ".join(str(n) for n in numbers) + m.group(3)

    return re.sub(r"(<(?:\w+:)?Anchor>)([^<]*)(</(?:\w+:)?Anchor>)", move_anchor, xml)


def _tables_at(package: Package, sheet_part: str, row: int, column: int):
    """Tables of the sheet whose header row is `row` and whose columns include `column`."""
    for table in package.related(sheet_part, "table"):
        xml = package.text(table)
        m = re.search(r'<(?:\w+:)?table\b[^>]*\sref="([^"]*)"', xml)
        ends = RANGE.match(m.group(1)) if m else None
        if not ends:
            continue
        left = column_number(ends.group(2))
        right = column_number(ends.group(6) or ends.group(2))
        header = re.search(r'<(?:\w+:)?table\b[^>]*\sheaderRowCount="0"', xml) is None
        if header and int(ends.group(4)) == row and left <= column <= right:
            yield table, xml, left


def rename_table_column(package: Package, sheet_part: str, row: int, column: int, name: str) -> str:
    """A renamed header inside a table renames its table column too; returns the name used."""
    for table, xml, left in _tables_at(package, sheet_part, row, column):
        columns = list(re.finditer(r"<(?:\w+:)?tableColumn\b[^>]*?\sname=\"([^\"]*)\"", xml))
        index = column - left
        if index >= len(columns):
            continue
        others = {unescape(c.group(1)).casefold() for i, c in enumerate(columns) if i != index}
        unique, n = name or "Column", 2
        while unique.casefold() in others:
            unique, n = f"{name} {n}", n + 1
        m = columns[index]
        start, end = m.span(1)
        package.put(table, xml[:start] + attr_escape(unique) + xml[end:])
        return unique
    return name


def add_table_columns(
    package: Package, sheet_part: str, after: int, names: list[str]
) -> dict[str, str]:
    """New columns inside a table need a tableColumn each; returns the names the table took."""
    taken: dict[str, str] = {}
    for table in package.related(sheet_part, "table"):
        xml = package.text(table)
        m = re.search(r'<(?:\w+:)?table\b[^>]*\sref="([^"]*)"', xml)
        if not m:
            continue
        ends = RANGE.match(m.group(1))
        if not ends:
            continue
        left = column_number(ends.group(2))
        right = column_number(ends.group(6) or ends.group(2))
        if not left <= after <= right:
            continue
        columns = list(
            re.finditer(
                r"<(?P<p>(?:\w+:)?)tableColumn\b[^>]*?(?:/>|>.*?</(?P=p)tableColumn>)", xml, re.S
            )
        )
        if len(columns) != right - left + 1:
            continue
        existing = {
            unescape(n).casefold()
            for n in re.findall(r'\sname="([^"]*)"', "".join(c.group(0) for c in columns))
        }
        ids = [int(i) for i in re.findall(r'<(?:\w+:)?tableColumn\b[^>]*\sid="(\d+)"', xml)]
        next_id = max(ids, default=0) + 1
        new_columns = []
        prefix = columns[0].group("p")
        for name in names:
            unique, n = name or "Column", 2
            while unique.casefold() in existing:
                unique, n = f"{name} {n}", n + 1
            existing.add(unique.casefold())
            taken[name] = unique
            new_columns.append(
                f'<{prefix}tableColumn id="{next_id}" name="{attr_escape(unique)}"/>'
            )
            next_id += 1
        at = columns[after - left].end()
        xml = xml[:at] + "".join(new_columns) + xml[at:]
        xml = re.sub(
            r'(<(?:\w+:)?tableColumns\b[^>]*\scount=")(\d+)(")',
            lambda c: f"{c.group(1)}{int(c.group(2)) + len(names)}{c.group(3)}",
            xml,
        )
        package.put(table, xml)
    return taken


__all__ = [
    "Package",
    "Sheet",
    "Shift",
    "add_table_columns",
    "rename_table_column",
    "apply_shift",
    "column_letters",
    "offset_formula",
    "shift_formula",
    "shift_ranges",
]
