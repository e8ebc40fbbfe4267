"""Cheap checks a reader runs before it opens a file: refuse what is broken or hostile early.

Files come from colleagues and the internet, so they are untrusted: a zip bomb, an entity
expansion, an absurd sheet size or an encrypted workbook must end in one clear sentence before
any real memory is spent. `check_file` only looks at headers and the first bytes of parts; a
normal workbook passes in about a millisecond.
"""

from __future__ import annotations

import mmap
import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import ReadError

#: Formats stored as zip archives of XML parts.
ZIP_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".ods", ".ots"})
#: Formats that are plain text.
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".tab"})

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: No responsibility matrix comes near these; far beyond them a file is broken or hostile.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024
MAX_ENTRIES = 10_000
#: Deflate cannot exceed about 1032:1; spreadsheets' XML stays well under 200:1.
MAX_RATIO = 250
#: Below this size a part's ratio does not matter (tiny parts compress oddly).
RATIO_FLOOR_BYTES = 4 * 1024 * 1024
#: Excel's own limits; a sheet claiming more is not a real sheet.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
#: A matrix of more cells than this is not something anyone edits; readers would drown.
MAX_SHEET_CELLS = 20_000_000
#: Readers hold a sheet as a dense grid from its first to its last filled cell; past this many
#: cells that grid alone would take hundreds of megabytes (a native reader aborts the app).
MAX_FILLED_AREA = 8_000_000
#: How much of an XML part to look at for a DOCTYPE or a <dimension>.
HEAD_BYTES = 16 * 1024
#: Sheets are scanned for their filled cells in pieces of this size.
SCAN_BYTES = 1024 * 1024
SCAN_OVERLAP = 4096

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([^\"]*)\"")
# A cell with a value, formula or inline text (styled empty cells do not make readers allocate).
_FILLED_CELL = re.compile(
    rb"<(?:\w+:)?c\s[^>]*?\br=\"\$?([A-Za-z]+)\$?([0-9]+)\"[^>]*(?<!/)>\s*<(?:\w+:)?(?:v|is|f)\b"
)
# Literal-led patterns, so the scan skips ahead at C speed (any false hit only means a closer look).
_WIDE_CELL = re.compile(rb'r="\$?[A-Za-z]{3,}\$?[0-9]')
_HIGH_ROW = re.compile(rb'r="\$?[A-Za-z]{1,2}\$?([1-9][0-9]{4,})"')
_ODS_ROW = re.compile(rb"<(/?)table:(table-row|table)(?=[\s/>])([^>]*?)(/?)>")
_ROW_END = b"</table:table-row>"
_ROWS_REPEATED = re.compile(rb"number-rows-repeated\s*=\s*[\"']([0-9]{1,12})[\"']")
_COLUMNS_REPEATED = re.compile(rb"number-columns-repeated\s*=\s*[\"']([0-9]{1,12})[\"']")
_UNIQUE_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\buniqueCount=\"([0-9]{1,20})\"")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,4})\$?([0-9]{1,8})$")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def check_file(path: str | Path) -> None:
    """Raise ReadError if the file is missing, empty, unreadable, damaged, encrypted or hostile."""
    target = Path(path)
    head = _open_head(target)
    suffix = target.suffix.lower()
    if head.startswith(OLE_MAGIC):
        _check_ole(target, suffix)
    elif head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        _check_zip(target)
    elif suffix in ZIP_SUFFIXES:
        raise ReadError(target, f"is not a valid workbook or is damaged{_looks_like(head)}.")


def _open_head(target: Path) -> bytes:
    """Stat and open the file; return its first bytes."""
    try:
        info = target.stat()
    except FileNotFoundError:
        raise ReadError(target, "does not exist (it may have been moved or deleted).") from None
    except PermissionError:
        raise ReadError(target, "cannot be read: permission denied.") from None
    except OSError as exc:
        raise ReadError(target, f"cannot be read: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(target, "is a folder, not a file.")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(target, "is not a regular file.")
    if info.st_size == 0:
        raise ReadError(target, "is empty (0 bytes).")
    if info.st_size > MAX_FILE_BYTES:
        size = info.st_size / (1024 * 1024)
        raise ReadError(target, f"is too large to be a matrix ({size:,.0f} MB).")
    try:
        with open(target, "rb") as f:
            return f.read(512)
    except PermissionError:
        raise ReadError(target, "cannot be read: permission denied.") from None
    except OSError as exc:
        raise ReadError(target, f"cannot be read: {exc.strerror or exc}.") from None


def _looks_like(head: bytes) -> str:
    """A hint for the user about what a file that is not a workbook seems to be."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html")):
        return " (it is a web page, perhaps a failed download)"
    if text.startswith(b"%pdf"):
        return " (it is a PDF document)"
    if text.startswith(b"<?xml"):
        return " (it is a single XML file, not a workbook archive)"
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return ""
        return " (it is a text file renamed)"
    return ""


def _check_ole(target: Path, suffix: str) -> None:
    """An OLE compound file: a legacy .xls, or an Office file encrypted with a password."""
    if _ole_is_encrypted(target):
        raise ReadError(target, "is password-protected; remove the password in Excel and retry.")
    if suffix in ZIP_SUFFIXES:
        raise ReadError(target, "is not a valid workbook or is damaged (it is an old-style file).")


def _ole_is_encrypted(target: Path) -> bool:
    """Whether the compound file holds the streams of an encrypted OOXML package."""
    try:
        with open(target, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            return m.find(_ENCRYPTED_STREAM) >= 0 or m.find(_ENCRYPTION_INFO) >= 0
    except (OSError, ValueError):
        return False


def _check_zip(target: Path) -> None:
    """Refuse damaged archives, encrypted entries, bombs, DOCTYPEs and absurd sheets."""
    damaged = "is not a valid workbook or is damaged (perhaps an incomplete download)."
    try:
        with zipfile.ZipFile(target) as archive:
            entries = archive.infolist()
            _check_entries(target, entries)
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")) and entry.file_size:
                    _check_part(target, archive, entry)
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError):
        raise ReadError(target, damaged) from None
    except NotImplementedError:
        raise ReadError(
            target, "is not a valid workbook (it uses an unsupported compression)."
        ) from None
    except RuntimeError:  # zipfile raises it for an encrypted entry
        raise ReadError(target, "is password-protected; remove the password and retry.") from None
    except OSError as exc:
        raise ReadError(target, f"cannot be read: {exc.strerror or exc}.") from None
    except Exception:  # zlib.error and friends: any decompression failure means damage
        raise ReadError(target, damaged) from None


def _check_entries(target: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Look at the archive's directory only: counts, declared sizes, ratios, encryption."""
    if not entries:
        raise ReadError(target, "is not a valid workbook or is damaged (the archive is empty).")
    if len(entries) > MAX_ENTRIES:
        raise ReadError(target, f"is refused: it holds {len(entries):,} parts, far too many.")
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise ReadError(target, "is password-protected; remove the password and retry.")
        total += entry.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise ReadError(target, "is refused: it unpacks to an absurd size (a zip bomb?).")
        if entry.file_size > RATIO_FLOOR_BYTES and (
            entry.compress_size == 0 or entry.file_size / entry.compress_size > MAX_RATIO
        ):
            raise ReadError(
                target, "is refused: it is compressed to an absurd ratio (a zip bomb?)."
            )


def _check_part(target: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Read the head of one XML part: no DOCTYPE (entity bombs), no absurd <dimension>."""
    with archive.open(entry) as stream:
        head = stream.read(HEAD_BYTES)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ReadError(
            target, "is refused: it contains XML declarations (DOCTYPE/ENTITY) no workbook uses."
        )
    if "worksheets/" in entry.filename:
        match = _DIMENSION.search(head)
        if match:
            _check_dimension(target, match.group(1).decode("ascii", "replace"))
        _check_filled_area(target, archive, entry)
    elif entry.filename.endswith("sharedStrings.xml"):
        # Readers reserve room for the announced number of strings up front; each takes at
        # least five bytes ("<si/>"), so a count beyond that is a lie (and an allocation bomb).
        match = _UNIQUE_COUNT.search(head)
        if match and int(match.group(1)) > entry.file_size // 5 + 1:
            raise ReadError(
                target, "is not a valid workbook or is damaged (its list of texts is corrupt)."
            )
    elif entry.filename == "content.xml":
        _check_ods_area(target, archive, entry)


def _check_filled_area(target: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Refuse a sheet whose filled cells lie so far apart that the grid between them is absurd."""
    # Fast pass: with no column past ZZ, the grid is at most (highest row) x 702 cells whatever
    # the cells hold; rows of five digits or more are few, so finding the highest is cheap.
    # Only when that bound is too loose look at every filled cell.
    highest = 9_999
    for text in _pieces(archive, entry):
        if _WIDE_CELL.search(text):
            break
        for digits in _HIGH_ROW.findall(text):
            if len(digits) > 7:
                highest = 1 << 40
                break
            highest = max(highest, int(digits))
    else:
        if highest * 702 <= MAX_FILLED_AREA:
            return
    top = left = 1 << 40
    bottom = right = 0
    for text in _pieces(archive, entry):
        for match in _FILLED_CELL.finditer(text):
            letters, digits = match.groups()
            if len(letters) > 3 or len(digits) > 7:  # beyond XFD or row 9,999,999: no sheet
                raise ReadError(
                    target,
                    "is not a valid workbook or is damaged (a cell lies beyond a sheet's end).",
                )
            row = int(digits)
            column = column_number(letters.decode("ascii"))
            top, bottom = min(top, row), max(bottom, row)
            left, right = min(left, column), max(right, column)
    if not bottom:
        return
    height, width = bottom - top + 1, right - left + 1
    if bottom > EXCEL_MAX_ROWS or right > EXCEL_MAX_COLUMNS:
        raise ReadError(
            target, "is not a valid workbook or is damaged (a cell lies beyond a sheet's end)."
        )
    if height * width > MAX_FILLED_AREA:
        raise ReadError(
            target,
            f"is refused: a sheet's filled cells span {height:,} rows × {width:,} columns, "
            "far beyond a matrix.",
        )


def _check_dimension(target: Path, ref: str) -> None:
    """Refuse a sheet that claims more rows or columns than any real sheet can hold."""
    corners = ref.split(":")
    if len(corners) > 2:
        raise ReadError(target, f"is not a valid workbook or is damaged (sheet size {ref!r}).")
    cells = [_CELL_REF.match(corner.strip()) for corner in corners if corner.strip()]
    if not cells or any(c is None for c in cells):
        return  # an odd or missing dimension is harmless: readers count cells themselves
    rows = [int(c.group(2)) for c in cells if c]
    columns = [column_number(c.group(1)) for c in cells if c]
    height = max(rows) - min(rows) + 1
    width = max(columns) - min(columns) + 1
    if max(rows) > EXCEL_MAX_ROWS or max(columns) > EXCEL_MAX_COLUMNS:
        raise ReadError(target, f"is not a valid workbook or is damaged (a sheet claims {ref}).")
    if height * width > MAX_SHEET_CELLS:
        raise ReadError(
            target,
            f"is refused: a sheet claims {height:,} rows × {width:,} columns, far beyond a matrix.",
        )


def _check_ods_area(target: Path, archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """The same for OpenDocument, whose rows and cells say how often they repeat."""
    with archive.open(entry) as stream:
        for rows, columns in ods_filled_areas(stream):
            if rows * columns > MAX_FILLED_AREA:
                raise ReadError(
                    target,
                    f"is refused: a sheet's filled cells span {rows:,} rows × {columns:,} "
                    "columns, far beyond a matrix.",
                )


def ods_filled_areas(stream: BinaryIO) -> Iterator[tuple[int, int]]:
    """(rows, columns) a sheet's filled cells span so far, after each row that has one.

    Rows are found by their tags; inside a row, its cells are counted at C speed (a count of
    cell tags and the sum of their repeats up to the row's last filled cell), so a sheet of a
    million cells costs a pass over its rows, not a Python step per cell."""
    rows = columns = cursor = 0
    buf = b""
    eof = False
    while not eof:
        chunk = stream.read(SCAN_BYTES)
        eof = not chunk
        buf += chunk
        limit = len(buf) if eof else buf.rfind(b">") + 1
        pos, keep = 0, limit
        while (match := _ODS_ROW.search(buf, pos, limit)) is not None:
            closing, name, attributes, empty = match.groups()
            pos = match.end()
            if name == b"table":
                if not closing:
                    rows = columns = cursor = 0  # a new sheet: its own grid
                continue
            if closing:
                continue
            repeat = _repeats(attributes, _ROWS_REPEATED)
            if empty:
                cursor += repeat
                continue
            end = buf.find(_ROW_END, pos, limit)
            if end < 0:
                if eof:  # a truncated file: what there is of the row counts
                    end = limit
                else:
                    keep = match.start()  # the rest of the row comes with the next piece
                    break
            width = _filled_width(buf, pos, end)
            if width:
                rows = max(rows, cursor + repeat)
                columns = max(columns, width)
                yield rows, columns
            cursor += repeat
            pos = end + len(_ROW_END)
        buf = buf[keep:]


def _filled_width(buf: bytes, start: int, end: int) -> int:
    """How many columns a row's cells between `start` and `end` span up to its last filled one."""
    last = max(
        buf.rfind(b"</table:table-cell>", start, end),
        buf.rfind(b"</table:covered-table-cell>", start, end),
        buf.rfind(b"value-type", start, end),  # a filled cell written as an empty tag
    )
    if last < 0:
        return 0
    cells = buf.count(b"<table:table-cell", start, last) + buf.count(
        b"<table:covered-table-cell", start, last
    )
    repeats = _COLUMNS_REPEATED.findall(buf, start, last)
    return cells + sum(max(1, int(n)) for n in repeats) - len(repeats)


def _repeats(attributes: bytes, pattern: re.Pattern[bytes]) -> int:
    match = pattern.search(attributes)
    return max(1, int(match.group(1))) if match else 1


def _pieces(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> Iterator[bytes]:
    """A part's bytes in overlapping pieces, so a tag cut in two is seen whole in one of them."""
    with archive.open(entry) as stream:
        rest = b""
        while chunk := stream.read(SCAN_BYTES):
            text = rest + chunk
            yield text
            rest = text[-SCAN_OVERLAP:]


def column_number(letters: str) -> int:
    """Excel column letters to a 1-based number ("A" -> 1, "AA" -> 27)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + (ord(letter) - ord("A") + 1)
    return number


def is_zip_workbook(path: str | Path) -> bool:
    """Whether the file starts like a zip archive (xlsx, ods), whatever its name says."""
    try:
        with open(path, "rb") as f:
            return f.read(4) in (ZIP_MAGIC, EMPTY_ZIP_MAGIC)
    except OSError:
        return False


__all__ = ["check_file", "column_number", "is_zip_workbook"]
