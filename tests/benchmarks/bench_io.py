"""Benchmark: open and save ramdesk's own workbook, beside the fastest plain ways to do the same.

Run: .venv/bin/python tests/benchmarks/bench_io.py [--size L] [--repeat 5]

The matrix comes from tests/benchmarks/generate.py (L = 10,000 deliverables x 200 roles, about
25 % of cells filled). Every figure is the median of --repeat runs, quoted beside a baseline
measured in the same run, as a ratio:
- open = ramdesk.load (read + model) + a full check (`matrix.checker().refresh()`), beside
  python-calamine just reading the matrix sheet's cell values. Bar: <= 3x.
- save = ramdesk's formatted workbook (title, bands, group rows, dropdowns, colours, print
  set-up, people, roles, scheme, hidden data), beside xlsxwriter writing the same values
  unformatted (names, role names, codes). Bar: <= 1.5x. openpyxl's write-only mode is shown for
  reference.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

OPEN_BAR = 3.0
SAVE_BAR = 1.5


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def calamine_values(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    try:
        return book.get_sheet_by_name("Matrix").to_python(skip_empty_area=False)
    finally:
        book.close()


def plain_cells(matrix) -> tuple[list[str], list[tuple[int, str, list[tuple[int, str]]]]]:
    """The values a plain writer writes: role names, and per row its name and filled cells."""
    position = {role: i for i, role in enumerate(matrix.roles)}
    rows = []
    for i, row in enumerate(matrix.rows, start=1):
        cells = []
        if row.kind == "deliverable":
            cells = [(position[role], text) for role, text in matrix.row_cells(row)]
        rows.append((i, row.name, cells))
    return [r.name for r in matrix.roles], rows


def xlsxwriter_plain(path: Path, header: list[str], rows) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Matrix")
    for j, name in enumerate(header, start=1):
        sheet.write_string(0, j, name)
    for i, name, cells in rows:
        sheet.write_string(i, 0, name)
        for j, text in cells:
            sheet.write_string(i, j + 1, text)
    book.close()


def openpyxl_write_only(path: Path, header: list[str], rows) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Matrix")
    sheet.append(["", *header])
    width = len(header)
    for _i, name, cells in rows:
        line: list[str | None] = [name] + [None] * width
        for j, text in cells:
            line[j + 1] = text
        sheet.append(line)
    book.save(str(path))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="L", choices=("S", "M", "L"))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-openpyxl", action="store_true", help="skip the openpyxl reference")
    args = parser.parse_args(argv)

    import ramdesk
    from tests.benchmarks.generate import SIZES, generate

    rows_n, roles_n = SIZES[args.size]
    matrix = generate(rows_n, roles_n)
    print(
        f"{args.size}: {len(matrix.deliverables):,} deliverables x {len(matrix.roles)} roles, "
        f"{matrix.cell_count():,} filled cells; medians of {args.repeat} runs"
    )
    ok = True
    with tempfile.TemporaryDirectory(prefix="ramdesk-bench-io-") as folder:
        work = Path(folder)
        book = work / "matrix.xlsx"
        ramdesk.save(matrix, book, layout="ramdesk")
        print(f"workbook: {book.stat().st_size / 1e6:.1f} MB")

        # -- open
        calamine_values(book)  # warm the file cache and imports; not counted
        base = median_time(lambda: calamine_values(book), args.repeat)

        def open_and_check() -> None:
            loaded = ramdesk.load(book)
            loaded.checker().refresh()

        open_and_check()
        ours = median_time(open_and_check, args.repeat)
        ratio = ours / base
        ok &= ratio <= OPEN_BAR
        try:
            from ramdesk.io.safety import check_file
        except ImportError:
            check_file = None
        print(f"open  calamine values only      {base:7.3f} s  (baseline)")
        print(
            f"open  ramdesk load + full check {ours:7.3f} s  {ratio:5.2f}x  "
            f"(bar {OPEN_BAR}x: {'met' if ratio <= OPEN_BAR else 'MISSED'})"
        )
        if check_file is not None:
            safety = median_time(lambda: check_file(book), args.repeat)
            rest = ours - safety
            print(f"      of which safety checks    {safety:7.3f} s  {safety / base:5.2f}x")
            print(f"      of which the rest         {rest:7.3f} s  {rest / base:5.2f}x")

        # -- save
        header, rows = plain_cells(matrix)
        plain = work / "plain.xlsx"
        base = median_time(lambda: xlsxwriter_plain(plain, header, rows), args.repeat)
        out = work / "saved.xlsx"
        ours = median_time(lambda: ramdesk.save(matrix, out, layout="ramdesk"), args.repeat)
        ratio = ours / base
        ok &= ratio <= SAVE_BAR
        print(f"save  xlsxwriter plain values   {base:7.3f} s  (baseline)")
        print(
            f"save  ramdesk workbook          {ours:7.3f} s  {ratio:5.2f}x  "
            f"(bar {SAVE_BAR}x: {'met' if ratio <= SAVE_BAR else 'MISSED'})"
        )
        if not args.no_openpyxl:
            ref = work / "openpyxl.xlsx"
            other = median_time(lambda: openpyxl_write_only(ref, header, rows), args.repeat)
            print(
                f"save  openpyxl write-only       {other:7.3f} s  {other / base:5.2f}x  (reference)"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
