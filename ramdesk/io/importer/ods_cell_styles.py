"""The cell styles of an OpenDocument file: what each named style means for a matrix.

Reads `style:style` elements of the table-cell family (fill, bold, number format, parent) from
styles.xml and from the automatic styles at the top of content.xml, with expat: streamed, and
refusing entity declarations as defusedxml would.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from .grid import CellStyle

_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0 "
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0 "
_NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0 "

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

_CHUNK = 1 << 20
_PLAIN = CellStyle()


class _Refused(ValueError):
    """The XML declares entities: refused, as defusedxml would."""


def _refuse(*_args: object) -> None:
    raise _Refused("entity declarations are not allowed")


def _parse(path: Path, part: str, start: Callable) -> None:
    """Stream one part of the zip through expat, with namespaces and without entities."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = start
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


class _Stop(Exception):
    """The part has been read as far as needed."""


def read_styles(path: Path) -> StyleTable:
    """The cell styles of an .ods file: named ones (styles.xml) and automatic ones (the top of
    content.xml, read up to where the sheets begin)."""
    table = StyleTable()
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
    if "styles.xml" in names:
        _parse(path, "styles.xml", _StyleReader(table).start)
    try:
        _parse(path, "content.xml", _StyleReader(table, stop_at_body=True).start)
    except _Stop:
        pass
    table.meaningful = any(table.style_id(name) for name in list(table.raw))
    return table


class StyleTable:
    """The cell styles of a file as written, resolved through their parents to what they mean."""

    def __init__(self) -> None:
        self.raw: dict[str, _RawStyle] = {}
        self.formats: dict[str, str] = {}
        self.default = _RawStyle()
        #: Resolved styles by id; id 0 is plain.
        self.styles: list[CellStyle] = [_PLAIN]
        self.ids: dict[str, int] = {}
        #: Whether any style says anything (else no cell needs to be looked at).
        self.meaningful = False

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

    def __init__(self, table: StyleTable, stop_at_body: bool = False) -> None:
        self.raw = table.raw
        self.formats = table.formats
        self.table = table
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
            self.current = self.table.default if attrs.get(A_S_FAMILY) == "table-cell" else None
        elif name == S_CELL_PROPS:
            if self.current is not None and A_BACKGROUND in attrs:
                colour = attrs[A_BACKGROUND].strip().lower()
                # White is no fill to the eye (LibreOffice writes it where Excel wrote none).
                plain = colour in ("", "transparent", "#ffffff", "white")
                self.current.fill = "" if plain else colour.upper()
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
