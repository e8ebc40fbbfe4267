"""Styles of chosen cells in an xlsx, read straight from its XML (fast, and never runs macros).

openpyxl would do, but reading every style of a large sheet costs more than reading its values;
a matrix needs only a few: the fill and boldness of task cells, the number format of IDs.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from defusedxml import ElementTree

from .grid import CellStyle

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?\bs="(\d+)"')
_CELL_SWAPPED = re.compile(rb'<c\b[^>]*?\bs="(\d+)"[^>]*?\br="([A-Z]{1,3})(\d+)"')
# Built-in number formats that show decimals (ECMA-376 18.8.30).
_BUILTIN_FORMATS = {2: "0.00", 4: "#,##0.00", 10: "0.00%", 11: "0.00E+00"}


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


class XlsxStyles:
    """The styles part of one workbook, and where each sheet's XML lives."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            self.sheet_parts = self._sheet_parts(z, names)
            styles = z.read("xl/styles.xml") if "xl/styles.xml" in names else b""
        self.xf: list[tuple[str, bool, str]] = []
        if styles:
            self._read_styles(styles)

    @staticmethod
    def _sheet_parts(z: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
        if "xl/workbook.xml" not in names:
            return {}
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        targets: dict[str, str] = {}
        rels_name = "xl/_rels/workbook.xml.rels"
        if rels_name in names:
            for rel in ElementTree.fromstring(z.read(rels_name)).iter(f"{_PKG_NS}Relationship"):
                target = rel.get("Target", "")
                part = target.lstrip("/") if target.startswith("/") else "xl/" + target
                targets[rel.get("Id", "")] = posixpath.normpath(part)
        out: dict[str, str] = {}
        for sheet in book.iter(f"{_NS}sheet"):
            part = targets.get(sheet.get(f"{_REL_NS}id", ""))
            if part in names:
                out[sheet.get("name", "")] = part
        return out

    def _read_styles(self, data: bytes) -> None:
        root = ElementTree.fromstring(data)
        formats = dict(_BUILTIN_FORMATS)
        for fmt in root.iter(f"{_NS}numFmt"):
            formats[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        bold: list[bool] = []
        fonts = root.find(f"{_NS}fonts")
        for font in fonts if fonts is not None else ():
            b = font.find(f"{_NS}b")
            bold.append(b is not None and b.get("val", "1").lower() not in ("0", "false"))
        fills: list[str] = []
        fills_el = root.find(f"{_NS}fills")
        for fill in fills_el if fills_el is not None else ():
            fills.append(_fill_colour(fill))
        xfs = root.find(f"{_NS}cellXfs")
        for xf in xfs if xfs is not None else ():
            font = int(xf.get("fontId", "0") or 0)
            fill = int(xf.get("fillId", "0") or 0)
            fmt = int(xf.get("numFmtId", "0") or 0)
            self.xf.append(
                (
                    fills[fill] if fill < len(fills) else "",
                    bold[font] if font < len(bold) else False,
                    formats.get(fmt, ""),
                )
            )

    def loader(self, sheet: str):
        """A StyleLoader for one sheet (None when the sheet's XML cannot be found)."""
        part = self.sheet_parts.get(sheet)
        if part is None or not self.xf:
            return None

        def load(cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], CellStyle]:
            wanted = set(cells)
            rows = sorted({r for r, _c in wanted})
            with zipfile.ZipFile(self.path) as z:
                data = z.read(part)
            out: dict[tuple[int, int], CellStyle] = {}
            row_set = set(rows)
            for chunk in _row_chunks(data, rows):
                self._scan(chunk, wanted, row_set, out)
            return out

        return load

    def _scan(
        self,
        data: bytes,
        wanted: set[tuple[int, int]],
        rows: set[int],
        out: dict[tuple[int, int], CellStyle],
    ) -> None:
        xf = self.xf
        for pattern, swapped in ((_CELL, False), (_CELL_SWAPPED, True)):
            for m in pattern.finditer(data):
                if swapped:
                    s, col, row = m.groups()
                else:
                    col, row, s = m.groups()
                r = int(row) - 1
                if r not in rows:
                    continue
                cell = (r, _column_index(col))
                if cell in wanted and cell not in out:
                    i = int(s)
                    if i < len(xf):
                        fill, bold, fmt = xf[i]
                        out[cell] = CellStyle(fill, bold, fmt)


def _row_chunks(data: bytes, rows: list[int]) -> Iterable[bytes]:
    """The XML of just these rows (0-based, sorted), found by their tags; the whole sheet when
    its rows are not tagged the usual way."""
    if data.find(b'<row r="') < 0:
        yield data
        return
    pos = 0
    for r in rows:
        tag = b'<row r="%d"' % (r + 1)
        start = data.find(tag, pos)
        if start < 0:
            start = data.find(tag)
            if start < 0:
                continue
        end = data.find(b"</row>", start)
        end = len(data) if end < 0 else end
        yield data[start:end]
        pos = end


def _fill_colour(fill) -> str:
    pattern = fill.find(f"{_NS}patternFill")
    if pattern is not None:
        if pattern.get("patternType", "none") in ("none", "gray125"):
            return ""
        fg = pattern.find(f"{_NS}fgColor")
        if fg is not None:
            if fg.get("rgb"):
                rgb = fg.get("rgb", "")
                return "#" + rgb[-6:].upper()
            if fg.get("theme") is not None:
                return f"theme:{fg.get('theme')}:{fg.get('tint', '0')}"
            if fg.get("indexed") is not None:
                idx = fg.get("indexed")
                return "" if idx in ("64", "65") else f"indexed:{idx}"
        return "pattern"
    if fill.find(f"{_NS}gradientFill") is not None:
        return "gradient"
    return ""


def apply_number_format(value: float, fmt: str) -> str | None:
    """How a number shows under a format with fixed decimals ("0.00" -> "3.10"); None if not so."""
    if not fmt or fmt in ("General", "@"):
        return None
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", section)
    m = re.search(r"[0#?,]*\.([0#?]+)", section)
    if m is None:
        return None
    if "%" in section or "E+" in section.upper():
        return None
    decimals = m.group(1).count("0")
    text = f"{value:,.{decimals}f}" if "," in section.split(".")[0] else f"{value:.{decimals}f}"
    return text
