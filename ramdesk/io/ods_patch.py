"""Patching a colleague's OpenDocument spreadsheet where it stands: set the text of cells.

OpenDocument compresses repeated rows and cells (`number-rows-repeated`, `number-columns-
repeated`); a cell to change is first split out of its run, then given its new text, keeping its
style and any comment on it. Everything else in content.xml, and every other part, is kept.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from .xlsx_refs import attr_escape

_ROW = re.compile(
    r"<table:table-row(?=[\s/>])(?P<a>[^>]*?)(?:/>|>(?P<body>.*?)</table:table-row>)", re.S
)
_CELL = re.compile(
    r"<table:(?P<kind>covered-table-cell|table-cell)\b(?P<a>[^>]*?)"
    r"(?:/>|>(?P<body>.*?)</table:(?P=kind)>)",
    re.S,
)
_ROWS_REPEATED = re.compile(r'\stable:number-rows-repeated="(\d+)"')
_COLUMNS_REPEATED = re.compile(r'\stable:number-columns-repeated="(\d+)"')
# What a cell says about its value: all replaced when the cell gets new text.
_VALUE_ATTRIBUTES = re.compile(
    r"\s(?:office:(?:value-type|value|date-value|time-value|boolean-value|string-value|currency)"
    r'|calcext:value-type|table:formula)="[^"]*"'
)
_ANNOTATION = re.compile(r"<office:annotation\b.*?</office:annotation>", re.S)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class OdsSheet:
    """One table of content.xml whose cells can be given new text."""

    def __init__(self, content: str, name: str) -> None:
        m = re.search(rf'<table:table\b[^>]*\stable:name="{re.escape(attr_escape(name))}"', content)
        if m is None:
            raise ValueError(f"the workbook no longer has the sheet “{name}”")
        end = content.find("</table:table>", m.end())
        if end < 0:
            raise ValueError(f"the sheet “{name}” is damaged")
        self.before, self.table, self.after = (
            content[: m.end()],
            content[m.end() : end],
            content[end:],
        )

    def xml(self) -> str:
        return self.before + self.table + self.after

    def set_text(self, row: int, column: int, text: str) -> None:
        """Give the cell at (row, column), 0-based, this text (empty: no value), as text."""
        match, first = self._find(_ROW, self.table, row, _ROWS_REPEATED)
        if match is None:
            raise ValueError(f"row {row + 1} is not in the sheet")
        before, single, after = _split(match.group(0), first, row, _ROWS_REPEATED, "rows")
        single = self._set_in_row(single, column, text)
        self.table = (
            self.table[: match.start()] + before + single + after + self.table[match.end() :]
        )

    def _set_in_row(self, row_xml: str, column: int, text: str) -> str:
        m = _ROW.match(row_xml)
        body = m.group("body") if m else None
        if body is None:
            raise ValueError("a row without cells")
        cell, first = self._find(_CELL, body, column, _COLUMNS_REPEATED)
        if cell is None:
            raise ValueError(f"column {column + 1} is not in the sheet")
        if cell.group("kind") == "covered-table-cell":
            raise ValueError("the cell is hidden under a merged cell")
        before, single, after = _split(cell.group(0), first, column, _COLUMNS_REPEATED, "columns")
        single = _with_text(single, text)
        body = body[: cell.start()] + before + single + after + body[cell.end() :]
        start = row_xml.index(">") + 1
        return row_xml[:start] + body + "</table:table-row>"

    @staticmethod
    def _find(pattern: re.Pattern[str], text: str, index: int, repeats: re.Pattern[str]):
        """The element (row or cell) covering position `index`, and the position it starts at."""
        position = 0
        for m in pattern.finditer(text):
            r = repeats.search(m.group("a"))
            count = int(r.group(1)) if r else 1
            if position <= index < position + count:
                return m, position
            position += count
        return None, position


def _split(
    xml: str, first: int, index: int, repeats: re.Pattern[str], what: str
) -> tuple[str, str, str]:
    """A repeated element as (the ones before, the one at `index`, the ones after)."""
    r = repeats.search(xml)
    count = int(r.group(1)) if r else 1
    if count == 1:
        return "", xml, ""
    attribute = f"table:number-{what}-repeated"

    def times(n: int) -> str:
        if n <= 0:
            return ""
        if n == 1:
            return repeats.sub("", xml, count=1)
        return repeats.sub(f' {attribute}="{n}"', xml, count=1)

    return times(index - first), times(1), times(first + count - index - 1)


def _with_text(cell_xml: str, text: str) -> str:
    m = _CELL.match(cell_xml)
    attributes = _VALUE_ATTRIBUTES.sub("", m.group("a")) if m else ""
    attributes = attributes.rstrip("/").rstrip()
    body = m.group("body") or "" if m else ""
    notes = "".join(_ANNOTATION.findall(body))
    text = _NOT_XML.sub("", text)
    if text:
        attributes += ' office:value-type="string" calcext:value-type="string"'
        paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
        return f"<table:table-cell{attributes}>{notes}{paragraphs}</table:table-cell>"
    if notes:
        return f"<table:table-cell{attributes}>{notes}</table:table-cell>"
    return f"<table:table-cell{attributes}/>"


__all__ = ["OdsSheet"]
