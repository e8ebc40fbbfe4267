"""Styles and merged ranges of an OpenDocument spreadsheet, read straight from its XML.

python-calamine reads an .ods file's values but neither its styles nor its merged ranges. Phases
marked only by a fill or bold text, and bands merged over the role columns, carry meaning, so
they are read here: one streaming pass over content.xml (expat, entity declarations refused),
done at most once per file and only when a merge or a style is asked for. Repeated rows and
columns (LibreOffice writes `number-rows-repeated="1048576"` for the empty rest of a sheet) are
kept as runs, never expanded.
"""

from __future__ import annotations

import re
import zipfile
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from .grid import CellStyle, Merge

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0 "
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0 "
_NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0 "

T_TABLE = _TABLE + "table"
T_ROW = _TABLE + "table-row"
T_CELL = _TABLE + "table-cell"
T_COVERED = _TABLE + "covered-table-cell"
T_COLUMN = _TABLE + "table-column"
A_NAME = _TABLE + "name"
A_STYLE = _TABLE + "style-name"
A_DEFAULT = _TABLE + "default-cell-style-name"
A_COLS_REP = _TABLE + "number-columns-repeated"
A_ROWS_REP = _TABLE + "number-rows-repeated"
A_COLS_SPAN = _TABLE + "number-columns-spanned"
A_ROWS_SPAN = _TABLE + "number-rows-spanned"

S_STYLE = _STYLE + "style"
S_DEFAULT_STYLE = _STYLE + "default-style"
S_CELL_PROPS = _STYLE + "table-cell-properties"
S_TEXT_PROPS = _STYLE + "text-properties"
A_S_NAME = _STYLE + "name"
A_S_FAMILY = _STYLE + "family"
A_S_PARENT = _STYLE + "parent-style-name"
A_S_DATA = _STYLE + "data-style-name"
A_BACKGROUND = _FO + "background-color"
A_WEIGHT = _FO + "font-weight"

O_BODY = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 body"
N_NUMBER = _NUMBER + "number"
N_STYLES = {
    _NUMBER + "number-style": "",
    _NUMBER + "currency-style": "",
    _NUMBER + "percentage-style": "%",
    _NUMBER + "text-style": "@",
}
A_N_DECIMALS = _NUMBER + "decimal-places"
A_N_MIN_DECIMALS = _NUMBER + "min-decimal-places"
A_N_GROUPING = _NUMBER + "grouping"

#: Merged ranges kept per file at most (a sheet of absurdly many merges keeps the first ones).
_MAX_MERGES = 200_000
_CHUNK = 1 << 20
_PLAIN = CellStyle()


class _Refused(ValueError):
    """The XML declares entities: refused, as defusedxml would."""


def _refuse(*_args: object) -> None:
    raise _Refused("entity declarations are not allowed")


def _parse(path: Path, part: str, start: Callable, end: Callable | None = None) -> None:
    """Stream one part of the zip through expat, with namespaces and without entities."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    with zipfile.ZipFile(path) as z, z.open(part) as f:
        while chunk := f.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


@dataclass
class _RawStyle:
    """A cell style as written: its own properties, unresolved (None = inherited)."""

    parent: str = ""
    fill: str | None = None
    bold: bool | None = None
    data_style: str | None = None


@dataclass
class _Sheet:
    """What one sheet's cells carry, as runs: never one entry per repeated row or column."""

    merges: list[Merge] = field(default_factory=list)
    #: Row runs: starts (for bisect) and (end, cell runs, row default style id).
    row_starts: list[int] = field(default_factory=list)
    row_runs: list[tuple[int, list[int], list[tuple[int, int]], int]] = field(default_factory=list)
    column_starts: list[int] = field(default_factory=list)
    column_runs: list[tuple[int, int]] = field(default_factory=list)

    def style_id(self, r: int, c: int) -> int:
        """The id of a cell's style: its own, else its row's default, else its column's."""
        i = bisect_right(self.row_starts, r) - 1
        if i >= 0:
            end, starts, runs, row_default = self.row_runs[i]
            if r < end:
                j = bisect_right(starts, c) - 1
                if j >= 0 and c < runs[j][0]:
                    return runs[j][1]
                if row_default >= 0:
                    return row_default
        j = bisect_right(self.column_starts, c) - 1
        if j >= 0 and c < self.column_runs[j][0]:
            return self.column_runs[j][1]
        return 0


class OdsStyles:
    """The cell styles and merged ranges of one .ods file, read on first need."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._resolver: _Resolver | None = None
        self._spans = False
        self._sheets: dict[str, _Sheet] | None = None

    # ------------------------------------------------------------------ the public side
    def merges(self, sheet: str) -> list[Merge]:
        """The merged ranges of a sheet, 0-based and inclusive ([] when unreadable)."""
        self._prepare()
        if not self._spans:
            return []
        found = self._scan().get(sheet)
        return list(found.merges) if found is not None else []

    def loader(self, sheet: str) -> Callable[[Iterable[tuple[int, int]]], dict]:
        """A StyleLoader for one sheet (cells in plain style are left out of its answer)."""

        def load(cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], CellStyle]:
            resolver = self._prepare()
            if not resolver.meaningful:
                return {}  # no style of the file says anything: no need to read the cells
            found = self._scan().get(sheet)
            if found is None:
                return {}
            styles = resolver.styles
            out: dict[tuple[int, int], CellStyle] = {}
            for r, c in cells:
                sid = found.style_id(r, c)
                if sid:
                    out[(r, c)] = styles[sid]
            return out

        return load

    # ------------------------------------------------------------------ reading
    def _prepare(self) -> _Resolver:
        """The styles (styles.xml, and content.xml up to its body), and whether any cell spans
        others: cheap, and enough to skip reading the cells when nothing there can matter."""
        if self._resolver is None:
            resolver = _Resolver()
            try:
                with zipfile.ZipFile(self.path) as z:
                    names = set(z.namelist())
                if "styles.xml" in names:
                    named = _StyleReader(resolver)
                    _parse(self.path, "styles.xml", named.start)
                head = _StyleReader(resolver, stop_at_body=True)
                try:
                    _parse(self.path, "content.xml", head.start)
                except _Stop:
                    pass
                used, self._spans = _survey(self.path, "content.xml")
                resolver.settle(used)
            except Exception:  # noqa: BLE001 - styles are a hint; a broken part loses only them
                resolver = _Resolver()
                self._spans = False
            self._resolver = resolver
        return self._resolver

    def _scan(self) -> dict[str, _Sheet]:
        if self._sheets is None:
            try:
                reader = _ContentReader(self._prepare())
                _parse(self.path, "content.xml", reader.start, reader.end)
                self._sheets = reader.sheets
            except Exception:  # noqa: BLE001 - styles are a hint; a broken part loses only them
                self._sheets = {}
        return self._sheets


class _Stop(Exception):
    """The part has been read as far as needed."""


_STYLE_NAME = re.compile(rb'style-name="([^"<>&]+)"')


def _survey(path: Path, part: str) -> tuple[set[str], bool]:
    """The style names a part mentions, and whether any cell spans others: a scan of its bytes
    in chunks (no XML parsing, never the whole part in memory)."""
    names: set[bytes] = set()
    spans = False
    rest = b""
    with zipfile.ZipFile(path) as z, z.open(part) as f:
        while chunk := f.read(_CHUNK):
            data = rest + chunk
            cut = data.rfind(b">") + 1
            data, rest = data[:cut], data[cut:]
            names.update(_STYLE_NAME.findall(data))
            spans = spans or b"-spanned=" in data
    return {n.decode("utf-8", "replace") for n in names}, spans


class _Resolver:
    """Cell styles as written, resolved through their parents to what they mean."""

    def __init__(self) -> None:
        self.raw: dict[str, _RawStyle] = {}
        self.formats: dict[str, str] = {}
        self.default = _RawStyle()
        #: Resolved styles by id; id 0 is plain.
        self.styles: list[CellStyle] = [_PLAIN]
        self.ids: dict[str, int] = {}
        self.meaningful = False

    def settle(self, used: Iterable[str]) -> None:
        """Whether any style that the cells may use says anything (LibreOffice's named styles
        "Good", "Bad", "Heading" ... are always there, used or not)."""
        self.meaningful = any(self.style_id(name) for name in used)

    def style_id(self, name: str) -> int:
        """The id of a named style (0 when it means nothing)."""
        sid = self.ids.get(name)
        if sid is None:
            sid = self._resolve(name)
            self.ids[name] = sid
        return sid

    def _resolve(self, name: str) -> int:
        fill = bold = data = None
        seen: set[str] = set()
        style = self.raw.get(name)
        while style is not None and name not in seen:
            seen.add(name)
            fill = style.fill if fill is None else fill
            bold = style.bold if bold is None else bold
            data = style.data_style if data is None else data
            name = style.parent
            style = self.raw.get(name)
        fill = self.default.fill if fill is None else fill
        bold = self.default.bold if bold is None else bold
        fmt = self.formats.get(data or "", "")
        cell = CellStyle(fill or "", bool(bold), fmt)
        if cell == _PLAIN:
            return 0
        try:
            return self.styles.index(cell)
        except ValueError:
            self.styles.append(cell)
            return len(self.styles) - 1


class _StyleReader:
    """Collects `style:style` of the table-cell family and the number styles they use."""

    def __init__(self, resolver: _Resolver, stop_at_body: bool = False) -> None:
        self.raw = resolver.raw
        self.formats = resolver.formats
        self.resolver = resolver
        self.stop_at_body = stop_at_body
        self.current: _RawStyle | None = None
        self.number: str | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == S_STYLE:
            self.number = None
            if attrs.get(A_S_FAMILY) == "table-cell" and A_S_NAME in attrs:
                self.current = _RawStyle(attrs.get(A_S_PARENT, ""), data_style=attrs.get(A_S_DATA))
                self.raw[attrs[A_S_NAME]] = self.current
            else:
                self.current = None
        elif name == S_DEFAULT_STYLE:
            self.number = None
            self.current = self.resolver.default if attrs.get(A_S_FAMILY) == "table-cell" else None
        elif name == S_CELL_PROPS:
            if self.current is not None and A_BACKGROUND in attrs:
                colour = attrs[A_BACKGROUND].strip().lower()
                self.current.fill = "" if colour in ("", "transparent") else colour.upper()
        elif name == S_TEXT_PROPS:
            if self.current is not None and A_WEIGHT in attrs:
                self.current.bold = _is_bold(attrs[A_WEIGHT])
        elif name in N_STYLES:
            self.current = None
            self.number = attrs.get(A_S_NAME)
            if self.number is not None:
                self.formats[self.number] = N_STYLES[name]
        elif name == N_NUMBER:
            if self.number is not None:
                self.formats[self.number] = _number_format(attrs, self.formats[self.number])
        elif name == O_BODY and self.stop_at_body:
            raise _Stop


def _is_bold(weight: str) -> bool:
    weight = weight.strip().lower()
    if weight in ("bold", "bolder"):
        return True
    return weight.isdigit() and int(weight) >= 600


def _number_format(attrs: dict[str, str], kind: str) -> str:
    """An Excel-like format code for what apply_number_format needs: fixed decimals."""
    if kind == "@":
        return "@"
    try:
        decimals = int(attrs.get(A_N_DECIMALS, "0"))
        least = int(attrs.get(A_N_MIN_DECIMALS, str(decimals)))
    except ValueError:
        return ""
    if decimals <= 0 or least != decimals:
        return ""  # shown as General would show it, as far as decimals go
    whole = "#,##0" if attrs.get(A_N_GROUPING) == "true" else "0"
    return f"{whole}.{'0' * decimals}{kind}"


class _ContentReader:
    """content.xml's sheets: their columns, rows and cells as runs of style ids, and merges."""

    def __init__(self, resolver: _Resolver) -> None:
        self.style_id = resolver.style_id
        self.style_reader = _StyleReader(resolver)
        self.sheets: dict[str, _Sheet] = {}
        self.sheet: _Sheet | None = None
        self.depth = 0
        self.row = 0
        self.col = 0
        self.column = 0
        self.row_repeat = 1
        self.row_default = -1
        self.starts: list[int] = []
        self.runs: list[tuple[int, int]] = []
        self.merge_count = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name in (T_CELL, T_COVERED):
            if self.depth != 1:
                return
            n = max(1, int(attrs.get(A_COLS_REP, 1)))
            col = self.col
            self.col = col + n
            style = attrs.get(A_STYLE)
            if style is not None:
                sid = self.style_id(style)
                runs = self.runs
                if runs and runs[-1][0] == col and runs[-1][1] == sid:
                    runs[-1] = (col + n, sid)
                else:
                    self.starts.append(col)
                    runs.append((col + n, sid))
            if A_COLS_SPAN in attrs or A_ROWS_SPAN in attrs:
                self._merge(attrs, col, n)
        elif name == T_ROW:
            if self.depth != 1:
                return
            self.col = 0
            self.starts = []
            self.runs = []
            self.row_repeat = max(1, int(attrs.get(A_ROWS_REP, 1)))
            default = attrs.get(A_DEFAULT)
            self.row_default = self.style_id(default) if default is not None else -1
        elif name == T_COLUMN:
            if self.depth != 1 or self.sheet is None:
                return
            n = max(1, int(attrs.get(A_COLS_REP, 1)))
            default = attrs.get(A_DEFAULT)
            if default is not None:
                sid = self.style_id(default)
                if sid:
                    self.sheet.column_starts.append(self.column)
                    self.sheet.column_runs.append((self.column + n, sid))
            self.column += n
        elif name == T_TABLE:
            self.depth += 1
            if self.depth == 1:
                self.sheet = _Sheet()
                self.sheets.setdefault(attrs.get(A_NAME, ""), self.sheet)
                self.row = 0
                self.column = 0
        elif self.depth == 0:
            self.style_reader.start(name, attrs)

    def end(self, name: str) -> None:
        if name == T_ROW:
            if self.depth != 1 or self.sheet is None:
                return
            end = self.row + self.row_repeat
            if self.runs or self.row_default >= 0:
                self.sheet.row_starts.append(self.row)
                self.sheet.row_runs.append((end, self.starts, self.runs, self.row_default))
            self.row = end
        elif name == T_TABLE:
            self.depth -= 1

    def _merge(self, attrs: dict[str, str], col: int, n: int) -> None:
        try:
            width = int(attrs.get(A_COLS_SPAN, 1))
            height = int(attrs.get(A_ROWS_SPAN, 1))
        except ValueError:
            return
        if (width <= 1 and height <= 1) or n != 1 or self.sheet is None:
            return
        # A merged cell in a repeated row is merged in each repetition (a few at most).
        for k in range(min(self.row_repeat, 100)):
            if self.merge_count >= _MAX_MERGES:
                return
            top = self.row + k
            self.sheet.merges.append(Merge(top, col, top + height - 1, col + width - 1))
            self.merge_count += 1
