"""References in a workbook's XML: cells, ranges and formulas, moved when rows or columns are
inserted or deleted, the way a spreadsheet program moves them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .safety import column_number


def column_letters(number: int) -> str:
    """1 -> "A", 27 -> "AA"."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------------------- shifting references
@dataclass(frozen=True)
class Shift:
    """Insert `count` rows (or columns) after row (column) `at`, 1-based; a negative `count`
    deletes the -count rows (columns) after `at`."""

    axis: str  # "row" or "column"
    at: int
    count: int

    @property
    def deleting(self) -> bool:
        return self.count < 0

    def kept(self, n: int) -> int | None:
        """Where place `n` goes; None when it is deleted."""
        if n <= self.at:
            return n
        if self.count < 0 and n <= self.at - self.count:
            return None
        return n + self.count

    def moved(self, n: int) -> int:
        """Like `kept`, a deleted place landing on the first place after the gap (for anchors)."""
        new = self.kept(n)
        return self.at + 1 if new is None else new

    def span(self, low: int, high: int, grow: bool) -> tuple[int, int] | None:
        """A range's ends after the shift (None: all of it deleted); `grow`: a range ending just
        at `at` takes in inserted places."""
        if self.count < 0:
            new_low, new_high = self.kept(low), self.kept(high)
            new_low = self.at + 1 if new_low is None else new_low
            new_high = self.at if new_high is None else new_high
            return (new_low, new_high) if new_low <= new_high else None
        new_low, new_high = self.moved(low), self.moved(high)
        if grow and high == self.at and low < high:
            new_high += self.count
        return new_low, new_high


_SHEET = r"(?:\[\d+\])?(?:'(?:[^']|'')+'|[^\W\d][\w.]*)"
_FORMULA_TOKEN = re.compile(
    r"(?P<string>\"(?:[^\"]|\"\")*\")"
    r"|(?P<bracket>\[[^\]]*\](?!\s*(?:'|[^\W\d])[^!]*!))"
    rf"|(?<![\w.$'\]])(?:(?P<sheet>{_SHEET})!)?"
    r"(?:(?P<c1>\$?[A-Za-z]{1,3})(?P<r1>\$?[0-9]{1,7})(?::(?P<c2>\$?[A-Za-z]{1,3})(?P<r2>\$?[0-9]{1,7}))?"
    r"|(?P<cc1>\$?[A-Za-z]{1,3}):(?P<cc2>\$?[A-Za-z]{1,3})"
    r"|(?P<rr1>\$?[0-9]{1,7}):(?P<rr2>\$?[0-9]{1,7}))"
    r"(?![\w(!.])"
)


def _sheet_key(text: str) -> str:
    if text.startswith("'"):
        text = text[1:-1].replace("''", "'")
    return text.casefold()


def shift_formula(formula: str, shift: Shift, sheet: str, local: bool) -> str:
    """Move the references in `formula` that point into `sheet`; `local`: unqualified ones too."""
    own = sheet.casefold()

    def replace(m: re.Match[str]) -> str:
        if m.group("string") or m.group("bracket"):
            return m.group(0)
        qualifier = m.group("sheet")
        if qualifier is not None:
            if qualifier.startswith("[") or _sheet_key(qualifier) != own:
                return m.group(0)
        elif not local:
            return m.group(0)
        prefix = f"{qualifier}!" if qualifier else ""
        if m.group("c1"):
            if m.group("c2"):
                # A range ending just where the new rows or columns go takes them in: a total
                # over the matrix's rows, a count across its roles, must count the new ones.
                moved = shift_ranges(
                    f"{m.group('c1')}{m.group('r1')}:{m.group('c2')}{m.group('r2')}",
                    shift,
                    grow=True,
                )
            else:
                moved = _move_cell(m.group("c1"), m.group("r1"), shift)
            return prefix + (moved or "#REF!")
        if m.group("cc1") and shift.axis == "column":
            ends = [column_number(x.lstrip("$")) for x in (m.group("cc1"), m.group("cc2"))]
            span = shift.span(ends[0], ends[1], grow=True)
            if span is None:
                return prefix + "#REF!"
            marks = ["$" if x.startswith("$") else "" for x in (m.group("cc1"), m.group("cc2"))]
            return (
                prefix + f"{marks[0]}{column_letters(span[0])}:{marks[1]}{column_letters(span[1])}"
            )
        if m.group("rr1") and shift.axis == "row":
            ends = [int(x.lstrip("$")) for x in (m.group("rr1"), m.group("rr2"))]
            span = shift.span(ends[0], ends[1], grow=True)
            if span is None:
                return prefix + "#REF!"
            marks = ["$" if x.startswith("$") else "" for x in (m.group("rr1"), m.group("rr2"))]
            return prefix + f"{marks[0]}{span[0]}:{marks[1]}{span[1]}"
        return m.group(0)

    return _FORMULA_TOKEN.sub(replace, formula)


def _move_cell(column: str, row: str, shift: Shift) -> str:
    """A single cell reference moved; "" when its row or column is deleted."""
    if shift.axis == "row":
        place = shift.kept(int(row.lstrip("$")))
        return "" if place is None else column + ("$" if row.startswith("$") else "") + str(place)
    place = shift.kept(column_number(column.lstrip("$")))
    if place is None:
        return ""
    return ("$" if column.startswith("$") else "") + column_letters(place) + row


RANGE = re.compile(
    r"^(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?::(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7}))?$"
)


def shift_ranges(text: str, shift: Shift, grow: bool = False) -> str:
    """Move a space-separated list of ranges ("A1:C5 E7"); `grow` as in `Shift.span`. Ranges
    wholly deleted leave the list ("" when none is left)."""
    out = []
    for part in text.split():
        m = RANGE.match(part)
        if not m:
            out.append(part)
            continue
        d1, c1, e1, r1, d2, c2, e2, r2 = m.groups()
        if c2 is None:
            d2, c2, e2, r2 = d1, c1, e1, r1
            single = True
        else:
            single = False
        rows: tuple[int, int] | None = (int(r1), int(r2))
        cols: tuple[int, int] | None = (column_number(c1), column_number(c2))
        if shift.axis == "row":
            rows = shift.span(*rows, grow)
        else:
            cols = shift.span(*cols, grow)
        if rows is None or cols is None:
            continue  # all of it deleted
        first = f"{d1}{column_letters(cols[0])}{e1}{rows[0]}"
        if single and rows[0] == rows[1] and cols[0] == cols[1]:
            out.append(first)
        else:
            out.append(f"{first}:{d2}{column_letters(cols[1])}{e2}{rows[1]}")
    return " ".join(out)


def sub_attribute(xml: str, names: str, change: Callable[[str], str]) -> str:
    pattern = re.compile(rf'(\s(?:{names})=")([^"]*)(")')
    return pattern.sub(lambda m: m.group(1) + change(unescape(m.group(2))) + m.group(3), xml)


def sub_element_text(xml: str, names: str, change: Callable[[str], str]) -> str:
    pattern = re.compile(rf"(<((?:\w+:)?(?:{names}))(?:\s[^>]*)?>)([^<]*)(</\2>)")
    return pattern.sub(
        lambda m: m.group(1) + escape(change(unescape(m.group(3)))) + m.group(4), xml
    )


def unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def attr_escape(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def offset_formula(formula: str, rows: int, columns: int) -> str:
    """A formula copied `rows` down and `columns` right: relative references move, $ ones stay."""

    def move(text: str, by: int, letters: bool) -> str:
        if text.startswith("$") or not by:
            return text
        if letters:
            n = column_number(text) + by
            return column_letters(n) if n >= 1 else "#REF!"
        n = int(text) + by
        return str(n) if n >= 1 else "#REF!"

    def replace(m: re.Match[str]) -> str:
        if m.group("string") or m.group("bracket"):
            return m.group(0)
        prefix = f"{m.group('sheet')}!" if m.group("sheet") else ""
        if m.group("c1"):
            ends = [(m.group("c1"), m.group("r1"))]
            if m.group("c2"):
                ends.append((m.group("c2"), m.group("r2")))
            return prefix + ":".join(move(c, columns, True) + move(r, rows, False) for c, r in ends)
        if m.group("cc1"):
            return prefix + ":".join(
                move(x, columns, True) for x in (m.group("cc1"), m.group("cc2"))
            )
        return prefix + ":".join(move(x, rows, False) for x in (m.group("rr1"), m.group("rr2")))

    return _FORMULA_TOKEN.sub(replace, formula)
