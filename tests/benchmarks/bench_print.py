"""Benchmark: printing matrices to PDF against plain text painted on as many pages.

Run: .venv/bin/python tests/benchmarks/bench_print.py [--repeat 3] [--sizes 300x40,L]

Each measurement runs in a fresh process (so peak memory is that of one export):
- export: `export_pdf` of a generated matrix (tests.benchmarks.generate), fit to page width on
  A4 with the default options (problems marked), timed from the matrix in memory to the PDF on
  disk; the peak resident memory of the whole process (Python, Qt, the matrix) is reported.
- baseline: QPdfWriter painting the same number of A4 pages, each filled with 60 lines of plain
  text, in a process that builds the same matrix first (so the memory baseline holds it too).
Figures are medians of --repeat runs, quoted beside the baseline as a ratio. Bars (issue 5):
PDF of L (10,000 x 200) <= 30 s and <= 500 MB; of 300 x 40 <= 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

BARS = {"L": (30.0, 500.0), "300x40": (2.0, None)}


def _size(name: str) -> tuple[int, int]:
    from tests.benchmarks.generate import SIZES

    if name in SIZES:
        return SIZES[name]
    rows, roles = name.lower().split("x")
    return int(rows), int(roles)


def child(kind: str, size: str, out: str, pages: int) -> None:
    """One measurement; prints JSON {seconds, pages, peak_mb}."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from tests.benchmarks.generate import generate

    app = QGuiApplication([])  # noqa: F841 - kept alive for the painting
    matrix = generate(*_size(size))
    if kind == "export":
        from ramdesk.ui.printing import export_pdf

        start = time.perf_counter()
        count = export_pdf(matrix, out)
        seconds = time.perf_counter() - start
    else:
        seconds, count = _baseline(out, pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "pages": count, "peak_mb": peak}))


def _baseline(out: str, pages: int) -> tuple[float, int]:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

    start = time.perf_counter()
    writer = QPdfWriter(out)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape)
    writer.setResolution(1200)
    painter = QPainter(writer)
    font = QFont()
    font.setPointSizeF(8)
    painter.setFont(font)
    step = writer.height() / 62
    line = "Deliverable 0042 · Responsible, Accountable, Consulted, Informed · plain text " * 2
    for page in range(pages):
        if page:
            writer.newPage()
        for i in range(60):
            painter.drawText(QPointF(0, step * (i + 1)), f"{page}.{i} {line}")
    painter.end()
    return time.perf_counter() - start, pages


def measure(kind: str, size: str, pages: int = 0) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = str(Path(folder) / "out.pdf")
        done = subprocess.run(
            [sys.executable, __file__, "--child", kind, size, out, str(pages)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["file_mb"] = Path(out).stat().st_size / 1e6
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sizes", default="300x40,L")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, size, out, pages = args.child
        child(kind, size, out, int(pages))
        return 0
    failed = False
    for size in args.sizes.split(","):
        exports = [measure("export", size) for _ in range(args.repeat)]
        pages = exports[0]["pages"]
        bases = [measure("baseline", size, pages) for _ in range(args.repeat)]
        t = statistics.median(r["seconds"] for r in exports)
        tb = statistics.median(r["seconds"] for r in bases)
        mem = statistics.median(r["peak_mb"] for r in exports)
        memb = statistics.median(r["peak_mb"] for r in bases)
        rows, roles = _size(size)
        print(
            f"{size} ({rows} x {roles}), {pages} pages, {exports[0]['file_mb']:.1f} MB PDF:\n"
            f"  export   {t:7.2f} s  peak {mem:6.0f} MB\n"
            f"  baseline {tb:7.2f} s  peak {memb:6.0f} MB  (plain text on {pages} pages)\n"
            f"  ratio    {t / tb:7.2f} x time, {mem / memb:.2f} x memory   "
            f"(medians of {args.repeat})"
        )
        bar_t, bar_mem = BARS.get(size, (None, None))
        if bar_t is not None:
            ok = t <= bar_t and (bar_mem is None or mem <= bar_mem)
            failed |= not ok
            limit = f"<= {bar_t:g} s" + (f", <= {bar_mem:g} MB" if bar_mem else "")
            print(f"  bar      {limit}: {'met' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
