"""check_file refuses missing, broken, encrypted and hostile files with one clear sentence."""

from __future__ import annotations

import io
import os
import re
import struct
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramdesk.io.errors import ReadError
from ramdesk.io.safety import check_file, column_number

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "samples"


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "RACI"
    ws.append(["Deliverable", "PM", "Dev"])
    ws.append(["Plan", "A/R", "C"])
    wb.save(path)
    return path


def _rezip(source: Path, target: Path, change) -> Path:
    """Copy a zip, letting `change(name, data)` return new data (or None to drop the part)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = change(item.filename, src.read(item))
            if data is not None:
                dst.writestr(item.filename, data)
    return target


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(ReadError) as caught:
        check_file(path)
    message = str(caught.value)
    assert message.startswith(path.name + ": ")
    for word in words:
        assert word in message
    return message


def test_a_normal_workbook_passes(tmp_path):
    check_file(_workbook(tmp_path / "ok.xlsx"))


def test_missing_file(tmp_path):
    _refused(tmp_path / "gone.xlsx", "does not exist")


def test_folder(tmp_path):
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    _refused(folder, "folder")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    _refused(empty, "empty")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file(tmp_path):
    path = _workbook(tmp_path / "secret.xlsx")
    path.chmod(0)
    try:
        _refused(path, "permission denied")
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(
    ("content", "hint"),
    [
        (b"Deliverable,PM\nPlan,A\n", "text file renamed"),
        (b"<html><body>Sign in</body></html>", "web page"),
        (b"%PDF-1.7 ...", "PDF"),
        (b"\x00\x01\x02\x03garbage", "damaged"),
    ],
)
def test_not_a_workbook(tmp_path, content, hint):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(content)
    _refused(path, "not a valid workbook", hint)


def test_csv_is_not_checked_as_zip(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("Deliverable,PM\nPlan,A\n")
    check_file(path)


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_truncated_download(tmp_path, keep):
    whole = _workbook(tmp_path / "whole.xlsx").read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: int(len(whole) * keep)])
    _refused(cut, "not a valid workbook or is damaged")


def test_corrupted_part(tmp_path):
    data = bytearray(_workbook(tmp_path / "whole.xlsx").read_bytes())
    # Flip bytes in the middle of the first compressed part: the CRC or inflate fails.
    header = struct.unpack("<4s5H3L2H", data[:30])
    start = 30 + header[9] + header[10]
    for i in range(start + 2, start + 40):
        data[i] ^= 0xFF
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(bytes(data))
    _refused(broken, "damaged")


def test_encrypted_ooxml_compound_file(tmp_path):
    # What Excel writes for a workbook with a password: an OLE file with these streams.
    body = bytearray(4096)
    body[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    names = (
        "EncryptionInfo".encode("utf-16-le") + b"\x00" * 8 + "EncryptedPackage".encode("utf-16-le")
    )
    body[1024 : 1024 + len(names)] = names
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes(body))
    _refused(path, "password-protected")


def test_old_style_file_named_xlsx(tmp_path):
    body = bytearray(4096)
    body[:8] = bytes.fromhex("d0cf11e0a1b11ae1")
    path = tmp_path / "old.xlsx"
    path.write_bytes(bytes(body))
    _refused(path, "old-style")


def test_zip_entry_flagged_encrypted(tmp_path):
    source = _workbook(tmp_path / "plain.xlsx")
    data = bytearray(source.read_bytes())
    # Set the "encrypted" bit in every central directory record.
    index = data.find(b"PK\x01\x02")
    while index >= 0:
        data[index + 8] |= 0x1
        index = data.find(b"PK\x01\x02", index + 4)
    path = tmp_path / "zipcrypto.xlsx"
    path.write_bytes(bytes(data))
    _refused(path, "password-protected")


def test_zip_bomb_ratio(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (64 * 1024 * 1024))
    tracemalloc.start()
    try:
        _refused(path, "zip bomb")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024  # refused from the directory, nothing inflated


def test_zip_bomb_declared_total(tmp_path):
    # Many parts that together claim far more than any matrix; the directory alone says so.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for i in range(3):
            z.writestr(f"xl/media/blob{i}.bin", b"x")
    data = bytearray(buffer.getvalue())
    index = data.find(b"PK\x01\x02")
    while index >= 0:
        struct.pack_into("<L", data, index + 24, 300 * 1024 * 1024)  # uncompressed size
        index = data.find(b"PK\x01\x02", index + 4)
    path = tmp_path / "claims.xlsx"
    path.write_bytes(bytes(data))
    _refused(path, "absurd")


def test_too_many_parts(tmp_path):
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for i in range(10_001):
            z.writestr(f"p/{i}", b"")
    _refused(path, "too many")


@pytest.mark.parametrize(
    ("ref", "refused"),
    [
        ("A1:C10", False),
        ("A1", False),
        ("B2:XFD1048576", True),
        ("A1:ZZZZ5", True),
        ("A1:A99999999", True),
        ("A1:Z1000000", True),
        ("nonsense", False),
    ],
)
def test_sheet_dimension(tmp_path, ref, refused):
    source = _workbook(tmp_path / "plain.xlsx")

    def change(name, data):
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)
        return data

    path = _rezip(source, tmp_path / "big.xlsx", change)
    if refused:
        _refused(path)
    else:
        check_file(path)


ENTITY_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
"""


def _entity_workbook(tmp_path: Path) -> Path:
    """A workbook whose sheet declares entities and uses one in a cell."""
    source = _workbook(tmp_path / "plain.xlsx")

    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            return ENTITY_DTD + data.replace(b"<t>Plan</t>", b"<t>&lol3;</t>")
        return data

    return _rezip(source, tmp_path / "entities.xlsx", change)


def test_entity_expansion_refused_by_check(tmp_path):
    _refused(_entity_workbook(tmp_path), "DOCTYPE")


def test_openpyxl_itself_refuses_entities(tmp_path):
    # Readers that skip check_file are still safe: openpyxl parses through defusedxml.
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    with pytest.raises(Exception) as caught:
        openpyxl.load_workbook(_entity_workbook(tmp_path))
    chain, error = [], caught.value
    while error is not None:
        chain.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    assert {"EntitiesForbidden", "DTDForbidden"} & set(chain), chain


def test_column_number():
    assert [column_number(x) for x in ("A", "z", "AA", "XFD")] == [1, 26, 27, 16384]


def _samples() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(
        p for p in SAMPLES.iterdir() if p.suffix in {".xlsx", ".ods"} or p.name.endswith("raci.csv")
    )


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="the shared samples folder is absent")
@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.name[:40])
def test_real_samples_pass(sample):
    check_file(sample)


def _with_cells(tmp_path: Path, cells: bytes) -> Path:
    source = _workbook(tmp_path / "plain.xlsx")

    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            return data.replace(b"</sheetData>", cells + b"</sheetData>")
        return data

    return _rezip(source, tmp_path / "far.xlsx", change)


@pytest.mark.parametrize(
    ("cells", "refused"),
    [
        # Two filled cells at opposite corners: a dense reader would need 17 billion cells.
        (b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', True),
        (b'<row r="900000"><c r="ZZ900000" t="inlineStr"><is><t>x</t></is></c></row>', True),
        (b'<row r="5000"><c r="XFD5000"><f>1+1</f></c></row>', True),
        (b'<row r="99999999"><c r="A99999999"><v>1</v></c></row>', True),
        # Refs no sheet can have: a native reader overflowed on them and reserved terabytes.
        (b'<row r="3"><c r="E2111111111111111111111"><v>1</v></c></row>', True),
        (b'<row r="3"><c r="ABCD3"><v>1</v></c></row>', True),
        # Far away but narrow, or styled and empty: harmless.
        (b'<row r="200000"><c r="B200000"><v>1</v></c></row>', False),
        (b'<row r="1048576"><c r="XFD1048576" s="1"/></row>', False),
        (b'<row r="9999"><c r="ZZ9999"><v>1</v></c></row>', False),
    ],
)
def test_filled_cells_far_apart(tmp_path, cells, refused):
    path = _with_cells(tmp_path, cells)
    if refused:
        _refused(path)
    else:
        check_file(path)


def _ods(tmp_path: Path, rows: str) -> Path:
    """A minimal OpenDocument spreadsheet whose one table has `rows`."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="RACI">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "sheet.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    return path


FILLED = '<table:table-cell office:value-type="string"><text:p>R</text:p></table:table-cell>'


@pytest.mark.parametrize(
    ("rows", "refused"),
    [
        # What LibreOffice writes: trailing empty cells and rows repeated to the sheet's end.
        (
            f'<table:table-row>{FILLED}<table:table-cell table:number-columns-repeated="16383"/>'
            '</table:table-row><table:table-row table:number-rows-repeated="1048575">'
            '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>',
            False,
        ),
        # A filled cell repeated across 10,000 columns on 9,000 rows: 90 million cells.
        (
            '<table:table-row table:number-rows-repeated="9000">'
            + FILLED.replace(
                "<table:table-cell ", '<table:table-cell table:number-columns-repeated="10000" '
            )
            + "</table:table-row>",
            True,
        ),
        # Filled cells far apart: one at the top left, one after a million empty rows and columns.
        (
            f"<table:table-row>{FILLED}</table:table-row>"
            '<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>'
            '<table:table-row><table:table-cell table:number-columns-repeated="16000"/>'
            f"{FILLED}</table:table-row>",
            True,
        ),
    ],
    ids=["libreoffice-padding", "repeated-filled", "far-apart"],
)
def test_opendocument_repeats(tmp_path, rows, refused):
    path = _ods(tmp_path, rows)
    if refused:
        _refused(path, "far beyond a matrix")
    else:
        check_file(path)


def test_shared_strings_count_that_cannot_be_true(tmp_path):
    source = _workbook(tmp_path / "plain.xlsx")
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" '
        b'uniqueCount="%d"><si><t>Plan</t></si><si><t>A</t></si></sst>'
    )

    def add(count):
        path = tmp_path / f"sst{count}.xlsx"
        path.write_bytes(source.read_bytes())
        with zipfile.ZipFile(path, "a") as z:
            z.writestr("xl/sharedStrings.xml", strings % count)
        return path

    check_file(add(2))
    _refused(add(299_999_999), "damaged")


_CELL_KINDS = {
    "filled": FILLED,
    "empty": "<table:table-cell/>",
    "styled": '<table:table-cell table:style-name="ce1"/>',
    "value": '<table:table-cell office:value-type="float" office:value="3"/>',
    "covered": "<table:covered-table-cell/>",
    "covered-text": "<table:covered-table-cell><text:p>x</text:p></table:covered-table-cell>",
}


@st.composite
def _ods_sheets(draw):
    """Sheets as rows of (row repeat, [(cell kind, column repeat)])."""
    sheets = []
    for _ in range(draw(st.integers(1, 1))):
        rows = draw(
            st.lists(
                st.tuples(
                    st.integers(1, 5),
                    st.lists(
                        st.tuples(st.sampled_from(sorted(_CELL_KINDS)), st.integers(0, 4)),
                        max_size=6,
                    ),
                ),
                max_size=8,
            )
        )
        sheets.append(rows)
    return sheets


def _ods_xml(sheets) -> bytes:
    out = []
    for rows in sheets:
        out.append('<table:table table:name="S">')
        for repeat, cells in rows:
            attr = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
            if not cells:
                out.append(f"<table:table-row{attr}/>")
                continue
            out.append(f"<table:table-row{attr}>")
            for kind, columns in cells:
                tag = _CELL_KINDS[kind]
                if columns != 1:
                    name = "covered-table-cell" if kind.startswith("covered") else "table-cell"
                    tag = tag.replace(
                        f"<table:{name}",
                        f"<table:{name} table:number-columns-repeated='{columns}'",
                        1,
                    )
                out.append(tag)
            out.append("</table:table-row>")
        out.append("</table:table>")
    return "".join(out).encode()


def _expected_area(rows) -> tuple[int, int]:
    """What the last sheet's filled cells span, counted cell by cell."""
    height = width = cursor = 0
    for repeat, cells in rows:
        column, last = 0, 0
        for kind, columns in cells:
            column += max(1, columns)
            if kind in ("filled", "value", "covered-text"):
                last = column
        if last:
            height, width = cursor + repeat, max(width, last)
        cursor += repeat
    return height, width


@settings(max_examples=200, deadline=None)
@given(_ods_sheets(), st.sampled_from([7, 64, 1 << 20]))
def test_opendocument_area_counts_what_a_cell_by_cell_count_finds(sheets, piece):
    from ramdesk.io import safety

    data = _ods_xml(sheets)
    old = safety.SCAN_BYTES
    safety.SCAN_BYTES = piece  # rows cut across pieces anywhere
    try:
        areas = list(safety.ods_filled_areas(io.BytesIO(data)))
    finally:
        safety.SCAN_BYTES = old
    assert (areas[-1] if areas else (0, 0)) == _expected_area(sheets[0])


def test_each_opendocument_sheet_spans_its_own_area():
    from ramdesk.io.safety import ods_filled_areas

    wide = [(1, [("filled", 1), ("empty", 50), ("filled", 1)])]
    tall = [(1, [("filled", 1)]), (90, []), (1, [("filled", 1)])]
    areas = list(ods_filled_areas(io.BytesIO(_ods_xml([wide, tall]))))
    assert areas == [(1, 52), (1, 1), (92, 1)]  # the second sheet is not 92 x 52
