"""Readers: xlsx, xlsm, ods, xls and csv/tsv into neutral grids (values by python-calamine)."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ramdesk.io.errors import ReadError

from .grid import CellStyle, Grid, Merge
from .ods_styles import OdsStyles
from .xls_styles import XlsStyles
from .xlsx_styles import XlsxStyles, apply_number_format

XLSX_SUFFIXES = {".xlsx", ".xlsm", ".xltx", ".xltm"}
TEXT_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
#: Beyond this many numeric cells, number formats are not looked up (a matrix has few numbers).
_MAX_FORMATTED_NUMBERS = 5000


@dataclass
class Workbook:
    """Every sheet of a file as a grid, with what is worth telling about the file."""

    path: Path
    format: str
    sheets: list[Grid]
    #: The file carries macros (never run; reported).
    macros: bool = False
    notes: list[str] = field(default_factory=list)


def read_workbook(path: str | Path) -> Workbook:
    """Read every sheet of a spreadsheet or CSV file; ReadError with one sentence if it cannot."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "The file does not exist.")
    if path.is_dir():
        raise ReadError(path, "This is a folder, not a file.")
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except OSError as e:
        raise ReadError(path, f"The file cannot be opened ({e.strerror or e}).") from None
    if not head:
        raise ReadError(path, "The file is empty.")
    fmt = _format_of(path, head)
    if fmt == "csv":
        return _read_text(path)
    _check_container(path, fmt)
    return _read_calamine(path, fmt)


def _format_of(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        if suffix == ".ods":
            return "ods"
        try:
            with zipfile.ZipFile(path) as z:
                if "content.xml" in z.namelist() and "xl/workbook.xml" not in z.namelist():
                    return "ods"
        except Exception:  # noqa: BLE001 - zipfile raises many kinds on damaged files
            raise ReadError(path, "The file is damaged: its zip container is broken.") from None
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if suffix in XLSX_SUFFIXES or suffix in (".ods", ".xls"):
        raise ReadError(
            path, f"The file is not a valid {suffix[1:]} spreadsheet (it may be damaged)."
        )
    return "csv"


def _check_container(path: Path, fmt: str) -> None:
    """Refuse hostile, encrypted or broken containers before any library unpacks them."""
    try:
        safety = importlib.import_module("ramdesk.io.safety")
    except ImportError:
        safety = None
    if safety is not None and hasattr(safety, "check_file"):
        safety.check_file(path)
        return
    if fmt == "xls":
        return
    try:
        with zipfile.ZipFile(path) as z:
            total = 0
            for info in z.infolist():
                if info.flag_bits & 0x1:
                    raise ReadError(path, "The file is encrypted; save it without a password.")
                total += info.file_size
                if info.compress_size and info.file_size / info.compress_size > 1000:
                    raise ReadError(path, "The file expands to an absurd size; not opened.")
            if total > 2_000_000_000:
                raise ReadError(path, "The file expands to more than 2 GB; not opened.")
    except ReadError:
        raise
    except Exception:  # noqa: BLE001 - zipfile raises many kinds on damaged files
        raise ReadError(path, "The file is damaged: its zip container is broken.") from None


def _read_calamine(path: Path, fmt: str) -> Workbook:
    from python_calamine import CalamineWorkbook

    macros = False
    styles: XlsxStyles | OdsStyles | XlsStyles | None = None
    if fmt == "xlsx":
        try:
            with zipfile.ZipFile(path) as z:
                macros = any(n.lower().endswith("vbaproject.bin") for n in z.namelist())
            styles = XlsxStyles(path)
        except Exception:  # noqa: BLE001 - styles are optional; values still read
            styles = None
    elif fmt in ("ods", "xls"):
        # Read lazily, on the detection's first question; never fails (no styles then).
        styles = OdsStyles(path) if fmt == "ods" else XlsStyles(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception as e:  # noqa: BLE001 - calamine raises its own error types
        raise ReadError(path, f"The file cannot be read as a spreadsheet ({_short(e)}).") from None
    hidden = _hidden_sheets(book)
    sheets: list[Grid] = []
    for name in names:
        try:
            sheet = book.get_sheet_by_name(name)
            raw = sheet.to_python(skip_empty_area=False)
            # Older python-calamine releases know no merged ranges: read on without them.
            ranges = getattr(sheet, "merged_cell_ranges", None) or ()
            merges = [Merge(a[0], a[1], b[0], b[1]) for a, b in ranges]
            if not merges and isinstance(styles, OdsStyles):
                merges = styles.merges(name)  # python-calamine gives none for .ods
        except Exception:  # noqa: BLE001 - one broken sheet must not hide the others
            continue
        rows, numbers = _texts(raw)
        loader = styles.loader(name) if styles is not None else None
        grid = Grid(name, rows, merges, loader, hidden=name in hidden)
        if loader is not None and numbers and len(numbers) <= _MAX_FORMATTED_NUMBERS:
            _format_numbers(grid, raw, numbers)
        sheets.append(grid)
    if not sheets and names:
        raise ReadError(path, "No sheet of the file could be read (it may be damaged).")
    notes = ["The file contains macros; they were not run."] if macros else []
    return Workbook(path, fmt, sheets, macros, notes)


def _hidden_sheets(book) -> set[str]:
    """The names of the sheets a workbook hides (hidden or very hidden)."""
    try:
        return {
            m.name
            for m in book.sheets_metadata
            if "visible" not in str(getattr(m, "visible", "visible")).lower().rsplit(".", 1)[-1]
        }
    except Exception:  # noqa: BLE001 - an older python-calamine: every sheet counts as shown
        return set()


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:120]


_STR_ONLY = {str}


def _texts(raw: list[list]) -> tuple[list[list[str]], list[tuple[int, int]]]:
    """Cell values as the text a user sees; also where the numbers are (for their formats)."""
    rows: list[list[str]] = []
    numbers: list[tuple[int, int]] = []
    for r, row in enumerate(raw):
        if set(map(type, row)) <= _STR_ONLY:
            rows.append(row)
            continue
        out = []
        for c, v in enumerate(row):
            if type(v) is str:
                out.append(v)
            else:
                if type(v) is float or type(v) is int:
                    numbers.append((r, c))
                out.append(_text(v))
        rows.append(out)
    # Trailing blank rows say nothing.
    while rows and not any(rows[-1]):
        rows.pop()
    return rows, numbers


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return str(v)
    return str(v)


def _format_numbers(grid: Grid, raw: list[list], numbers: list[tuple[int, int]]) -> None:
    styles = grid.styles(numbers)
    for (r, c), style in styles.items():
        text = apply_number_format(float(raw[r][c]), style.number_format)
        if text is not None and r < len(grid.rows):
            grid.rows[r][c] = text


def _read_text(path: Path) -> Workbook:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(path, "This is not a spreadsheet or a text table (binary content).")
    text, encoding = _decode(data)
    delimiter = ("\t" if path.suffix.lower() in (".tsv", ".tab") else None) or _delimiter(text)
    try:
        rows = [list(map(str, row)) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as e:
        raise ReadError(path, f"The text table cannot be read ({e}).") from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    notes = [f"Read as text encoded {encoding}."] if encoding not in ("utf-8", "utf-8-sig") else []
    grid = Grid(path.stem, rows)
    return Workbook(path, "csv", [grid], False, notes)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _delimiter(text: str) -> str:
    sample = [line for line in text[:65536].splitlines() if line.strip()][:50]
    best, best_score = ",", -1.0
    for d in (",", ";", "\t", "|"):
        counts = [line.count(d) for line in sample]
        if not counts or max(counts) == 0:
            continue
        # A delimiter splits most lines into the same number of fields.
        common = max(set(counts), key=counts.count)
        score = counts.count(common) / len(counts) * (1 + min(common, 20) / 20)
        if common == 0:
            continue
        if score > best_score:
            best, best_score = d, score
    return best


__all__ = ["CellStyle", "Workbook", "read_workbook"]
