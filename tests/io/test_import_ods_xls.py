"""OpenDocument and old Excel files import like the same matrix saved as xlsx: their fills, bold
text, number formats and merged ranges are read too (phases marked only by style, bands)."""

from __future__ import annotations

import csv
import sys
import time
import tracemalloc
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from ramdesk.cli import main
from ramdesk.io.errors import ReadError
from ramdesk.io.importer import read_matrix, readers, xls_styles
from ramdesk.io.importer.grid import CellStyle, Merge
from ramdesk.io.importer.ods_styles import OdsStyles
from ramdesk.io.importer.xls_styles import XlsStyles
from ramdesk.model import Matrix

from ..fixtures import make_xls
from ..fixtures.make_xls import PATTERNS

FIXTURES = Path(make_xls.__file__).resolve().parent
FILL = "#BDD7EE"


def assignments(matrix: Matrix) -> Counter:
    out: Counter = Counter()
    for d in matrix.deliverables:
        path = matrix.path(d)
        group = path[-1].name if path else ""
        for role, _text in matrix.row_cells(d):
            for code in matrix.codes(d, role):
                out[(group, d.name, role.name, code)] += 1
    return out


# ---------------------------------------------------------------------------- writing .ods
def _cell_ref(ref: str) -> tuple[int, int]:
    """ "B3" -> (2, 1), 0-based."""
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return int(ref[len(letters) :]) - 1, col - 1


def write_ods(
    path: Path,
    pattern: dict,
    *,
    named_fill: bool = False,
    tail_rows: int = 0,
    tail_style: bool = False,
) -> Path:
    """The pattern as LibreOffice would save it: automatic cell styles for bold, fill and number
    formats (the fill through a named style in styles.xml when `named_fill`), merged cells
    spanning covered ones, and optionally `tail_rows` empty rows written as one repeated row."""
    pytest.importorskip("odf", reason="odfpy writes the OpenDocument fixtures")
    from odf.number import Number, NumberStyle, TextContent
    from odf.number import TextStyle as NumberTextStyle
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableCellProperties, TextProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    two = NumberStyle(name="N2")
    two.addElement(Number(decimalplaces="2", minintegerdigits="1"))
    text = NumberTextStyle(name="N100")
    text.addElement(TextContent())
    doc.automaticstyles.addElement(two)
    doc.automaticstyles.addElement(text)
    if named_fill:
        accent = Style(name="Accent", family="table-cell")
        accent.addElement(TableCellProperties(backgroundcolor=FILL.lower()))
        doc.styles.addElement(accent)
    styles: dict[tuple[bool, bool, str], str] = {}

    def style_of(bold: bool, filled: bool, fmt: str) -> str | None:
        key = (bold, filled, fmt)
        if key == (False, False, ""):
            return None
        if key not in styles:
            name = f"ce{len(styles) + 1}"
            extra = {"parentstylename": "Accent"} if filled and named_fill else {}
            if fmt:
                extra["datastylename"] = "N2" if fmt == "0.00" else "N100"
            style = Style(name=name, family="table-cell", **extra)
            if filled and not named_fill:
                style.addElement(TableCellProperties(backgroundcolor=FILL.lower()))
            if bold:
                style.addElement(TextProperties(fontweight="bold"))
            doc.automaticstyles.addElement(style)
            styles[key] = name
        return styles[key]

    rows = pattern["rows"]
    width = max(len(r) for r in rows)
    bold_rows = {r - 1 for r in pattern.get("bold_rows", [])}
    filled_rows = {r - 1 for r in pattern.get("filled_rows", [])}
    formats = {_cell_ref(ref): fmt for ref, fmt in pattern.get("number_formats", {}).items()}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    covered: set[tuple[int, int]] = set()
    for rng in pattern.get("merges", []):
        (top, left), (bottom, right) = (_cell_ref(x) for x in rng.split(":"))
        spans[(top, left)] = (right - left + 1, bottom - top + 1)
        covered |= {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)}
        covered.discard((top, left))
    table = Table(name="RACI")
    for r, row in enumerate(rows):
        tr = TableRow()
        for c in range(width if r in bold_rows | filled_rows else len(row)):
            value = row[c] if c < len(row) else None
            attrs: dict = {}
            name = style_of(r in bold_rows, r in filled_rows, formats.get((r, c), ""))
            if name is not None:
                attrs["stylename"] = name
            if (r, c) in covered:
                tr.addElement(CoveredTableCell(**attrs))
                continue
            if (r, c) in spans:
                attrs["numbercolumnsspanned"], attrs["numberrowsspanned"] = spans[(r, c)]
            if value is None:
                tr.addElement(TableCell(**attrs))
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value, **attrs)
                cell.addElement(P(text=f"{value:.2f}" if (r, c) in formats else str(value)))
                tr.addElement(cell)
            else:
                cell = TableCell(valuetype="string", **attrs)
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
        table.addElement(tr)
    if tail_rows:
        name = style_of(False, True, "") if tail_style else None
        tail = TableRow(numberrowsrepeated=tail_rows)
        cell_attrs = {"stylename": name} if name else {}
        tail.addElement(TableCell(numbercolumnsrepeated=1024, **cell_attrs))
        table.addElement(tail)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def _file(kind: str, name: str, tmp_path: Path) -> Path:
    if kind == "xls":
        return FIXTURES / f"{name}.xls"
    if kind == "ods-libreoffice":
        return FIXTURES / f"{name}.ods"
    if kind == "ods":
        return write_ods(tmp_path / f"{name}.ods", PATTERNS[name])
    if kind == "ods-named-style":
        return write_ods(tmp_path / f"{name}.ods", PATTERNS[name], named_fill=True)
    return make_xls.write_xlsx(tmp_path / f"{name}.xlsx", PATTERNS[name])


KINDS = ["xlsx", "ods", "ods-named-style", "ods-libreoffice", "xls"]


# ---------------------------------------------------------------------------- the patterns
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", list(PATTERNS))
def test_each_format_imports_to_the_same_assignments(tmp_path: Path, name: str, kind: str) -> None:
    matrix = read_matrix(_file(kind, name, tmp_path))
    assert assignments(matrix) == Counter(PATTERNS[name]["expected"])


@pytest.mark.parametrize("kind", KINDS)
def test_role_groups_come_from_merged_bands_with_a_role_in_none(tmp_path: Path, kind: str) -> None:
    matrix = read_matrix(_file(kind, "merged_bands", tmp_path))
    groups = {r.name: r.group.name for r in matrix.roles if r.group is not None}
    assert groups == PATTERNS["merged_bands"]["role_groups"]
    assert [g.name for g in matrix.groups] == ["Discovery", "Build"]


@pytest.mark.parametrize("kind", KINDS)
def test_ids_show_as_written(tmp_path: Path, kind: str) -> None:
    typed = read_matrix(_file(kind, "bold_phases", tmp_path))
    assert [d.attributes.get("ID") for d in typed.deliverables] == [
        "1.1", "3.10", "2.1", "2.2", "2.3",
    ]  # fmt: skip
    numbers = read_matrix(_file(kind, "number_ids", tmp_path))
    assert [d.attributes.get("ID") for d in numbers.deliverables] == ["3.10", "3.20", "3.30"]


@pytest.mark.parametrize("kind", KINDS)
def test_the_legend_is_not_a_task_and_the_unassigned_task_stays_one(
    tmp_path: Path, kind: str
) -> None:
    matrix = read_matrix(_file(kind, "fill_phases", tmp_path))
    names = [d.name for d in matrix.deliverables]
    assert names == ["Interviews", "Synthesis", "Code", "Backlog grooming", "Test"]
    assert [g.name for g in matrix.groups] == ["Phase 1: Discover", "Phase 2: Build"]


class _NoStyles:
    def __init__(self, path: Path) -> None:
        pass

    def loader(self, sheet: str) -> None:
        return None

    def merges(self, sheet: str) -> list[Merge]:
        return []


@pytest.mark.parametrize("kind", ["ods", "ods-libreoffice", "xls"])
@pytest.mark.parametrize("name", ["fill_phases", "bold_phases", "number_ids"])
def test_the_styled_patterns_need_the_styles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, kind: str
) -> None:
    """Without the style pass these files import wrong: the tests above do test it."""
    path = _file(kind, name, tmp_path)
    monkeypatch.setattr(readers, "OdsStyles", _NoStyles)
    monkeypatch.setattr(readers, "XlsStyles", _NoStyles)
    matrix = read_matrix(path)
    ids = [d.attributes.get("ID") for d in matrix.deliverables]
    assert assignments(matrix) != Counter(PATTERNS[name]["expected"]) or "3.1" in ids


@pytest.mark.parametrize("kind", ["ods", "ods-libreoffice"])
@pytest.mark.parametrize("name", ["merged_bands", "continued_task"])
def test_ods_merges_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, kind: str
) -> None:
    """python-calamine gives no merged ranges for .ods: they come from the file's XML."""
    path = _file(kind, name, tmp_path)
    merges = OdsStyles(path).merges("RACI")
    expected = []
    for rng in PATTERNS[name]["merges"]:
        (top, left), (bottom, right) = (_cell_ref(x) for x in rng.split(":"))
        expected.append(Merge(top, left, bottom, right))
    assert merges == expected
    # Without them the task would not go on over two rows, and PMO would join the band on its
    # left (a blank cell ends a band only where merges are known).
    monkeypatch.setattr(readers, "OdsStyles", _NoStyles)
    matrix = read_matrix(path)
    groups = {r.name: r.group.name for r in matrix.roles if r.group is not None}
    assert (
        assignments(matrix) != Counter(PATTERNS[name]["expected"])
        or groups != PATTERNS[name]["role_groups"]
    )


# ---------------------------------------------------------------------------- styles read
def test_ods_styles_of_cells(tmp_path: Path) -> None:
    path = write_ods(tmp_path / "f.ods", PATTERNS["fill_phases"], named_fill=True)
    load = OdsStyles(path).loader("RACI")
    styles = load([(0, 0), (0, 3), (1, 0), (1, 3), (2, 0), (8, 0), (500, 500)])
    assert styles == {
        (0, 0): CellStyle(bold=True),
        (0, 3): CellStyle(bold=True),
        (1, 0): CellStyle(fill=FILL),
        (1, 3): CellStyle(fill=FILL),
    }
    numbers = write_ods(tmp_path / "n.ods", PATTERNS["number_ids"])
    assert OdsStyles(numbers).loader("RACI")([(1, 0), (1, 1)]) == {
        (1, 0): CellStyle(number_format="0.00")
    }
    assert OdsStyles(numbers).loader("No such sheet")([(1, 0)]) == {}


def test_xls_styles_of_cells() -> None:
    load = XlsStyles(FIXTURES / "fill_phases.xls").loader("RACI")
    assert load is not None
    styles = load([(0, 0), (1, 0), (1, 3), (2, 0), (60, 60)])
    assert styles[(0, 0)].bold and not styles[(0, 0)].fill
    # The .xls palette holds the nearest colour LibreOffice could find.
    assert styles[(1, 0)].fill.startswith("#") and not styles[(1, 0)].bold
    assert (2, 0) not in styles and (60, 60) not in styles
    numbers = XlsStyles(FIXTURES / "number_ids.xls").loader("RACI")
    assert numbers is not None
    assert numbers([(1, 0)])[(1, 0)].number_format == "0.00"


def _ods_xml(
    tmp_path: Path,
    body: str,
    styles: str = "",
    named: str = "",
    sheet: str = "RACI",
    prefix: str = "table",
) -> Path:
    """A minimal .ods with these automatic styles, table body, and named styles (the table
    namespace under another prefix if asked)."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles><office:body>"
        f'<office:spreadsheet><table:table table:name="{sheet}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    uri = "opendocument:xmlns:table:1.0"
    content = content.replace(uri, "URI").replace("table:", f"{prefix}:").replace("URI", uri)
    content = content.replace("xmlns:table=", f"xmlns:{prefix}=")
    path = tmp_path / "hand.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        if named:
            z.writestr(
                "styles.xml",
                f'<?xml version="1.0"?><office:document-styles {ns}><office:styles>{named}'
                "</office:styles></office:document-styles>",
            )
    return path


def _cell_style(name: str, fill: str = "", bold: bool = False, parent: str = "") -> str:
    parent_attr = f' style:parent-style-name="{parent}"' if parent else ""
    out = f'<style:style style:name="{name}" style:family="table-cell"{parent_attr}>'
    if fill:
        out += f'<style:table-cell-properties fo:background-color="{fill}"/>'
    if bold:
        out += '<style:text-properties fo:font-weight="bold"/>'
    return out + "</style:style>"


CELL = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'


def test_ods_column_and_row_defaults_repeats_and_covered_cells(tmp_path: Path) -> None:
    styles = _cell_style("colfill", fill="#ffcc00") + _cell_style("rowbold", bold=True)
    styles += _cell_style("plain") + _cell_style("child", parent="Heading")
    named = _cell_style("Heading", fill="#112233", bold=True)
    body = (
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:default-cell-style-name="colfill"/>'
        "<table:table-column/>"
        '<table:table-column table:default-cell-style-name="colfill"/>'
        '<table:table-column table:number-columns-repeated="1019"/>'
        # Row 0: a covered cell counts as a column; the cell after the span has its own style.
        '<table:table-row><table:table-cell table:number-columns-spanned="2" '
        f'table:number-rows-spanned="1"/><table:covered-table-cell/>{CELL}'
        f'<table:table-cell table:style-name="child"/></table:table-row>'
        # Rows 1-999,999: empty, repeated, bold by the row's default style.
        '<table:table-row table:number-rows-repeated="999999" '
        'table:default-cell-style-name="rowbold"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
        # Row 1,000,000: a plain style of its own hides the column's fill.
        '<table:table-row><table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell table:style-name="plain"/></table:table-row>'
    )
    path = _ods_xml(tmp_path, body, styles, named)
    ods = OdsStyles(path)
    assert ods.merges("RACI") == [Merge(0, 0, 0, 1)]
    got = ods.loader("RACI")([(0, 2), (0, 3), (0, 4), (5, 0), (999_999, 7), (1_000_000, 2)])
    assert got == {
        (0, 2): CellStyle(fill="#FFCC00"),  # the column's default style
        (0, 3): CellStyle(fill="#112233", bold=True),  # through its parent in styles.xml
        (0, 4): CellStyle(fill="#FFCC00"),  # past the row's last cell: the column's
        (5, 0): CellStyle(bold=True),
        (999_999, 7): CellStyle(bold=True),
    }


def test_ods_entity_declarations_are_never_expanded(tmp_path: Path) -> None:
    """A billion-laughs DTD: the styles part that declares it is refused, the rows are walked
    without expanding anything, and the import ends at once, with a matrix or a ReadError."""
    laughs = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    rows = "".join(
        f"<table:table-row>{CELL.replace('>x<', f'>{text}<')}{CELL.replace('>x<', '>A<')}"
        "</table:table-row>"
        for text in ("Task", "Plan", "Build")
    )
    path = _ods_xml(tmp_path, rows, _cell_style("bold", bold=True))
    with zipfile.ZipFile(path) as z:
        content = z.read("content.xml").decode()
    content = content.replace("?>", f"?><!DOCTYPE office:document-content [{laughs}]>", 1)
    content = content.replace('"RACI">', '"RACI" table:style-name="&l9;">')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("content.xml", content)
    ods = OdsStyles(path)
    start = time.perf_counter()
    assert ods.loader("RACI")([(0, 0)]) == {}
    assert ods.merges("RACI") == []
    try:
        read_matrix(path)
    except ReadError as e:
        assert str(e).startswith(path.name)
    assert time.perf_counter() - start < 5


def test_ods_rows_across_chunks_after_a_long_header(tmp_path: Path) -> None:
    """Rows are walked in chunks of the unpacked XML: a header longer than a chunk, and rows
    cut at chunk ends, still give each row its own style and merges."""
    styles = _cell_style("bold", bold=True) + _cell_style("fill", fill="#ff0000")
    styles += "".join(_cell_style(f"unused{i}", fill="#00ff00") for i in range(12_000))
    rows = []
    for i in range(30_000):
        style = "fill" if i == 29_999 else "bold" if i % 1000 == 999 else "none"
        span = ' table:number-columns-spanned="3"' if i in (1, 25_000) else ""
        rows.append(
            f'<table:table-row><table:table-cell table:style-name="{style}"{span} '
            f'office:value-type="string"><text:p>Task {i}</text:p></table:table-cell>'
            "</table:table-row>"
        )
    path = _ods_xml(tmp_path, "".join(rows), styles)
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("content.xml").file_size > 3 * 2**20
    ods = OdsStyles(path)
    assert ods.merges("RACI") == [Merge(1, 0, 1, 2), Merge(25_000, 0, 25_000, 2)]
    asked = [(0, 0), (998, 0), (999, 0), (1999, 0), (20_999, 0), (29_998, 0), (29_999, 0)]
    assert ods.loader("RACI")(asked) == {
        (999, 0): CellStyle(bold=True),
        (1999, 0): CellStyle(bold=True),
        (20_999, 0): CellStyle(bold=True),
        (29_999, 0): CellStyle(fill="#FF0000"),
    }


def test_ods_another_prefix_single_quotes_and_an_escaped_sheet_name(tmp_path: Path) -> None:
    body = (
        "<table:table-row><table:table-cell table:style-name='bold' "
        "table:number-columns-spanned='2'/><table:covered-table-cell/>"
        "<table:table-cell table:style-name = 'bold'/></table:table-row>"
    )
    path = _ods_xml(tmp_path, body, _cell_style("bold", bold=True), sheet="R&amp;D", prefix="t")
    ods = OdsStyles(path)
    assert ods.merges("R&D") == [Merge(0, 0, 0, 1)]
    assert ods.loader("R&D")([(0, 0), (0, 1), (0, 2)]) == {
        (0, 0): CellStyle(bold=True),
        (0, 2): CellStyle(bold=True),
    }


# ---------------------------------------------------------------------------- robustness
@pytest.mark.parametrize("tail_style", [False, True], ids=["empty", "filled"])
def test_a_million_repeated_rows_cost_neither_memory_nor_time(
    tmp_path: Path, tail_style: bool
) -> None:
    path = write_ods(
        tmp_path / "long.ods",
        PATTERNS["fill_phases"],
        tail_rows=1_048_576 - len(PATTERNS["fill_phases"]["rows"]),
        tail_style=tail_style,
    )
    tracemalloc.start()
    start = time.perf_counter()
    try:
        matrix = read_matrix(path)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert assignments(matrix) == Counter(PATTERNS["fill_phases"]["expected"])
    assert elapsed < 10, elapsed
    assert peak < 100 * 2**20, peak


def _truncated(tmp_path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path = tmp_path / f"cut{source.suffix}"
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize("kind", ["ods", "xls"])
def test_truncated_files_give_a_clear_read_error(tmp_path: Path, kind: str) -> None:
    path = _truncated(tmp_path, _file(kind, "merged_bands", tmp_path))
    with pytest.raises(ReadError) as info:
        read_matrix(path)
    text = str(info.value)
    assert text.startswith(path.name)
    assert "cannot be read" in text or "damaged" in text


def test_damaged_xls_sheet_stream_gives_a_read_error_or_a_matrix(tmp_path: Path) -> None:
    data = bytearray((FIXTURES / "fill_phases.xls").read_bytes())
    for i in range(1024, len(data), 7):
        data[i] = 0xFF
    path = tmp_path / "bent.xls"
    path.write_bytes(bytes(data))
    try:
        read_matrix(path)
    except ReadError as e:
        assert str(e).startswith(path.name)


def test_broken_ods_styles_leave_the_values(tmp_path: Path) -> None:
    """A styles part that is not XML costs the styles, not the file."""
    source = write_ods(tmp_path / "ok.ods", PATTERNS["merged_bands"])
    path = tmp_path / "bad_styles.ods"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            new.writestr(
                item, b"<office:document-styles><oops" if "styles" in item.filename else data
            )
    matrix = read_matrix(path)
    assert {a[1:] for a in assignments(matrix)} == {
        a[1:] for a in PATTERNS["merged_bands"]["expected"]
    }


def test_without_xlrd_xls_files_still_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "xlrd", None)
    assert XlsStyles(FIXTURES / "fill_phases.xls").loader("RACI") is None
    matrix = read_matrix(FIXTURES / "merged_bands.xls")
    assert assignments(matrix) == Counter(PATTERNS["merged_bands"]["expected"])


def test_big_xls_files_are_read_without_styles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xls_styles, "MAX_STYLED_BYTES", 1000)
    assert XlsStyles(FIXTURES / "fill_phases.xls").loader("RACI") is None
    matrix = read_matrix(FIXTURES / "merged_bands.xls")
    assert assignments(matrix) == Counter(PATTERNS["merged_bands"]["expected"])


# ---------------------------------------------------------------------------- command line
def test_check_an_xls_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(FIXTURES / "fill_phases.xls")])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in out + err and "fill_phases" in out


def test_export_an_ods_file_to_assignments(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write_ods(tmp_path / "bands.ods", PATTERNS["merged_bands"])
    out = tmp_path / "long.csv"
    assert main(["export", str(source), "--assignments", str(out)]) == 0, capsys.readouterr()
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["group", "deliverable", "role", "code"]
    assert Counter(map(tuple, rows[1:])) == Counter(PATTERNS["merged_bands"]["expected"])


def test_check_a_truncated_xls_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _truncated(tmp_path, FIXTURES / "bold_phases.xls")
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in out + err
