"""Styles of an old Excel .xls (BIFF8) file, by xlrd: fills and bold text, which mark phases,
and number formats, which make an ID 3.1 show as "3.10".

Values still come from python-calamine, which is many times faster; xlrd is asked only when the
detection wants the styles of some cells, reads only the sheet asked for, and is optional: without
it (or on a file it cannot read) the import goes on without styles.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Callable, Iterable
from pathlib import Path

from .grid import CellStyle

#: Larger files are imported without styles: xlrd reads every cell of the sheet in Python, about
#: 0.1 s per MB (a 2,000 x 50 sheet, 0.45 MB: 0.04 s; 10,000 x 200, 7.5 MB: 0.75 s).
MAX_STYLED_BYTES = 16 * 1024 * 1024
#: Colour indexes that mean "the system's colour" (no fill chosen).
_SYSTEM_COLOURS = {64, 65, 0x7FFF}
_PLAIN = CellStyle()


def xlrd_available() -> bool:
    """Whether xlrd can be imported (it is a dependency, but an optional one at run time)."""
    try:
        return importlib.util.find_spec("xlrd") is not None
    except (ImportError, ValueError):  # ValueError: a module blanked out in sys.modules
        return False


class XlsStyles:
    """The cell styles of one .xls file, read by xlrd on first need, one sheet at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._book = None
        self._failed = False
        self._by_xf: dict[int, CellStyle] = {}

    def loader(self, sheet: str) -> Callable[[Iterable[tuple[int, int]]], dict] | None:
        """A StyleLoader for one sheet; None when styles cannot be read (no xlrd, huge file)."""
        if not xlrd_available():
            return None
        try:
            if self.path.stat().st_size > MAX_STYLED_BYTES:
                return None
        except OSError:
            return None

        def load(cells: Iterable[tuple[int, int]]) -> dict[tuple[int, int], CellStyle]:
            book = self._open()
            if book is None:
                return {}
            try:
                ws = book.sheet_by_name(sheet)
            except Exception:  # noqa: BLE001 - xlrd raises XLRDError and others on odd sheets
                return {}
            out: dict[tuple[int, int], CellStyle] = {}
            nrows = ws.nrows
            for r, c in cells:
                if not 0 <= r < nrows or not 0 <= c < ws.row_len(r):
                    continue
                style = self._style(book, ws.cell_xf_index(r, c))
                if style is not _PLAIN:
                    out[(r, c)] = style
            return out

        return load

    def _open(self):
        if self._book is None and not self._failed:
            try:
                import xlrd

                self._book = xlrd.open_workbook(
                    str(self.path),
                    formatting_info=True,
                    on_demand=True,
                    logfile=io.StringIO(),  # xlrd writes its warnings to stdout by default
                    verbosity=0,
                )
            except Exception:  # noqa: BLE001 - xlrd fails in many ways on damaged files
                self._failed = True
        return self._book

    def _style(self, book, xf_index: int) -> CellStyle:
        style = self._by_xf.get(xf_index)
        if style is None:
            style = _resolve(book, xf_index)
            self._by_xf[xf_index] = style
        return style


def _resolve(book, xf_index: int) -> CellStyle:
    if not 0 <= xf_index < len(book.xf_list):
        return _PLAIN
    xf = book.xf_list[xf_index]
    fill = ""
    background = xf.background
    if background.fill_pattern:
        index = background.pattern_colour_index
        rgb = book.colour_map.get(index) if index not in _SYSTEM_COLOURS else None
        if rgb is not None and tuple(rgb) != (255, 255, 255):  # white is no fill to the eye
            fill = "#{:02X}{:02X}{:02X}".format(*rgb)
        elif rgb is None and index not in _SYSTEM_COLOURS:
            fill = f"indexed:{index}"
    bold = False
    if 0 <= xf.font_index < len(book.font_list):
        font = book.font_list[xf.font_index]
        # LibreOffice leaves the bold flag clear and says it with the weight alone.
        bold = bool(font.bold) or font.weight >= 600
    fmt = book.format_map.get(xf.format_key)
    number_format = fmt.format_str if fmt is not None else ""
    style = CellStyle(fill, bold, number_format if number_format != "General" else "")
    return _PLAIN if style == _PLAIN else style
