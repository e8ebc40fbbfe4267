"""Styles and merged ranges of an OpenDocument spreadsheet, read straight from its content.xml.

python-calamine reads an .ods file's values but neither its styles nor its merged ranges. Phases
marked only by a fill or bold text, and bands merged over the role columns, carry meaning, so
they are read here (merges when the sheets are read, styles only when the detection asks for
some cells), without parsing every cell in Python:

- the styles themselves (a few hundred at most) are parsed by expat (ods_cell_styles);
- the sheets are walked row by row over the raw bytes, in chunks: a row's tag says how often it
  repeats, the end of the row is found by a byte search, and only the rows that matter have
  their cells looked at (those asked about, up to the last column asked; for merges, those
  holding a spanning cell). Nothing there is expanded: no entity, no repeated row or column
  (LibreOffice writes `number-rows-repeated="1048576"` for the empty rest of every sheet).

Sub-tables inside cells (which spreadsheet applications do not write) are not followed.
"""

from __future__ import annotations

import html
import re
import zipfile
from bisect import bisect_left
from collections.abc import Callable, Iterable
from pathlib import Path

from .grid import CellStyle, Merge
from .ods_cell_styles import StyleTable, read_styles

#: Merged ranges kept per file at most (a sheet of absurdly many merges keeps the first ones).
_MAX_MERGES = 200_000
_CHUNK = 1 << 20
_TABLE_NS = b"urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_PREFIX = re.compile(rb'xmlns:([A-Za-z_][\w.-]*)=["\']' + re.escape(_TABLE_NS) + rb'["\']')
_ATTR = re.compile(rb"""([\w.-]+):([\w.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_STOP = object()


class OdsStyles:
    """The cell styles and merged ranges of one .ods file, read on first need."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._table: StyleTable | None = None
        self._merges: dict[str, list[Merge]] | None = None

    def merges(self, sheet: str) -> list[Merge]:
        """The merged ranges of a sheet, 0-based and inclusive ([] when unreadable)."""
        if self._merges is None:
            try:
                self._merges = _Walk(self.path).merges()
            except Exception:  # noqa: BLE001 - merges are a hint; a broken part loses only them
                self._merges = {}
        return list(self._merges.get(sheet, []))

    def loader(self, sheet: str) -> Callable[[Iterable[tuple[int, int]]], dict]:
        """A StyleLoader for one sheet (cells in plain style are left out of its answer)."""

        def load(cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], CellStyle]:
            table = self._styles()
            if not table.meaningful:
                return {}  # no style of the file says anything: no need to look at the cells
            wanted: dict[int, list[int]] = {}
            for r, c in cells:
                if r >= 0 and c >= 0:
                    wanted.setdefault(r, []).append(c)
            if not wanted:
                return {}
            names = _Walk(self.path).cell_styles(sheet, wanted)
            out: dict[tuple[int, int], CellStyle] = {}
            for cell, name in names.items():
                sid = table.style_id(name)
                if sid:
                    out[cell] = table.styles[sid]
            return out

        return load

    def _styles(self) -> StyleTable:
        if self._table is None:
            try:
                self._table = read_styles(self.path)
            except Exception:  # noqa: BLE001 - styles are a hint; a broken part loses only them
                self._table = StyleTable()
        return self._table


def _attrs(raw: bytes, prefix: bytes) -> dict[bytes, bytes]:
    """The attributes of a tag in the table namespace, by local name."""
    return {
        local: value or alt  # one of the two quotes matched; findall gives b"" for the other
        for p, local, value, alt in _ATTR.findall(raw)
        if p == prefix
    }


def _name(value: bytes | None) -> str | None:
    if value is None:
        return None
    text = value.decode("utf-8", "replace")
    return html.unescape(text) if "&" in text else text


def _count(value: bytes | None) -> int:
    try:
        return max(1, int(value)) if value is not None else 1
    except ValueError:
        return 1


class _Walk:
    """One walk over the rows of content.xml."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sheet: str | None = None
        self.row = 0
        self.column = 0

    # ------------------------------------------------------------------ what a walk is for
    def merges(self) -> dict[str, list[Merge]]:
        found: dict[str, list[Merge]] = {}
        total = 0

        def on_row(tag: dict, repeat: int, buf: bytes, start: int, end: int) -> None:
            nonlocal total
            if buf.find(b"-spanned", start, end) < 0 or self.sheet is None:
                return
            for col, n, cell in self._cells(buf, start, end):
                width = _count(cell.get(b"number-columns-spanned"))
                height = _count(cell.get(b"number-rows-spanned"))
                if (width > 1 or height > 1) and n == 1:
                    # A merged cell in a repeated row is merged in each repetition (a few).
                    for k in range(min(repeat, 100)):
                        if total >= _MAX_MERGES:
                            return
                        top = self.row + k
                        merge = Merge(top, col, top + height - 1, col + width - 1)
                        found.setdefault(self.sheet, []).append(merge)
                        total += 1

        self._walk(on_row)
        return found

    def cell_styles(self, sheet: str, wanted: dict[int, list[int]]) -> dict[tuple[int, int], str]:
        """The style name of each wanted cell of a sheet: its own, else its row's default, else
        its column's (cells in no style are left out)."""
        rows = sorted(wanted)
        last = rows[-1]
        columns: list[tuple[int, int, str]] = []  # (first, end, default style) of this sheet
        out: dict[tuple[int, int], str] = {}
        seen = False

        def on_column(attrs: dict[bytes, bytes]) -> None:
            if self.sheet == sheet:
                default = _name(attrs.get(b"default-cell-style-name"))
                n = _count(attrs.get(b"number-columns-repeated"))
                if default is not None:
                    columns.append((self.column, self.column + n, default))

        def on_row(tag: dict, repeat: int, buf: bytes, start: int, end: int) -> object:
            nonlocal seen
            if self.sheet != sheet:
                return _STOP if seen else None
            seen = True
            i = bisect_left(rows, self.row)
            here = []
            while i < len(rows) and rows[i] < self.row + repeat:
                here.append(rows[i])
                i += 1
            if here:
                need = {c for r in here for c in wanted[r]}
                own = self._styles_of(buf, start, end, max(need))
                row_default = _name(tag.get(b"default-cell-style-name"))
                for c in need:
                    name = own.get(c) or row_default or _column_default(columns, c)
                    if name:
                        for r in here:
                            if c in wanted[r]:
                                out[(r, c)] = name
            return _STOP if self.row + repeat > last else None

        self._walk(on_row, on_column)
        return out

    def _styles_of(self, buf: bytes, start: int, end: int, last: int) -> dict[int, str]:
        """The style named on each cell of a row, up to column `last` (its own, not defaults)."""
        out: dict[int, str] = {}
        for col, n, cell in self._cells(buf, start, end):
            name = _name(cell.get(b"style-name"))
            if name is not None:
                for c in range(col, min(col + n, last + 1)):
                    out[c] = name
            if col + n > last:
                break
        return out

    def _cells(self, buf: bytes, start: int, end: int):
        """(first column, repeat, attributes) of each cell of a row."""
        col = 0
        for m in self.cell_tag.finditer(buf, start, end):
            cell = _attrs(m.group(1), self.prefix)
            n = _count(cell.get(b"number-columns-repeated"))
            yield col, n, cell
            col += n

    # ------------------------------------------------------------------ the walk
    def _walk(self, on_row: Callable, on_column: Callable | None = None) -> None:
        with zipfile.ZipFile(self.path) as z, z.open("content.xml") as f:
            head = f.read(_CHUNK)
            found = _PREFIX.search(head)
            if found is None:
                return  # not OpenDocument as written by anyone: no table namespace declared
            p = re.escape(found.group(1))
            self.prefix = found.group(1)
            self.cell_tag = re.compile(rb"<" + p + rb":(?:covered-)?table-cell(?=[\s/>])([^>]*)>")
            tags = re.compile(rb"<" + p + rb":(table|table-row|table-column)(?=[\s/>])([^>]*)>")
            row_end = b"</" + self.prefix + b":table-row>"
            # Chunks are cut after the last row that ends in them; what follows waits for the
            # next chunk (joined only once a row ends: a long header is not copied over and over).
            pending: list[bytes] = []
            chunk, tail = head, b""
            while True:
                pending.append(chunk)
                if chunk and row_end not in tail + chunk[: len(row_end)] and row_end not in chunk:
                    tail = chunk[-len(row_end) :]
                    chunk = f.read(_CHUNK)
                    continue
                buf = b"".join(pending)
                cut = buf.rfind(row_end) + len(row_end) if chunk else len(buf)
                if self._rows(buf, cut, tags, row_end, on_row, on_column) is _STOP or not chunk:
                    return
                pending = [buf[cut:]]
                tail = buf[-len(row_end) :]
                chunk = f.read(_CHUNK)

    def _rows(self, buf, cut, tags, row_end, on_row, on_column) -> object:
        """Each table, column and row that starts and ends before `cut`."""
        pos = 0
        while (m := tags.search(buf, pos, cut)) is not None:
            kind, raw = m.group(1), m.group(2)
            attrs = _attrs(raw, self.prefix)
            if kind == b"table-row":
                if raw.endswith(b"/"):
                    end = pos = m.end()
                else:
                    end = buf.find(row_end, m.end(), cut)
                    end = cut if end < 0 else end
                    pos = end + len(row_end)
                repeat = _count(attrs.get(b"number-rows-repeated"))
                if on_row(attrs, repeat, buf, m.end(), end) is _STOP:
                    return _STOP
                self.row += repeat
            elif kind == b"table":
                self.sheet = _name(attrs.get(b"name")) or ""
                self.row = self.column = 0
                pos = m.end()
            else:
                if on_column is not None:
                    on_column(attrs)
                self.column += _count(attrs.get(b"number-columns-repeated"))
                pos = m.end()
        return None


def _column_default(columns: list[tuple[int, int, str]], c: int) -> str | None:
    for first, end, name in columns:
        if first <= c < end:
            return name
    return None
