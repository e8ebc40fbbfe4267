"""Benchmark: importing .ods and .xls files with and without reading their styles.

Run: .venv/bin/python tests/benchmarks/bench_import_ods_xls.py [--rows 2000] [--roles 50] [--repeat 7]

The plain and styled matrices of bench_import.py are written as xlsx and converted by LibreOffice
(soffice must be on the PATH) to .ods and .xls. For each file, in the same run and interleaved:
- python-calamine's bare read (the floor);
- the full import (detection + model + full check) as ramdesk does it, styles included;
- the same import with the style pass switched off (no fills, bold or .ods merges read);
- the style pass alone (merges and the styles of every cell of the task column).
Figures are medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ramdesk.io.importer import readers  # noqa: E402
from ramdesk.io.importer.ods_styles import OdsStyles  # noqa: E402
from ramdesk.io.importer.xls_styles import XlsStyles  # noqa: E402
from tests.benchmarks.bench_import import (  # noqa: E402
    bare_calamine,
    full_import,
    timed,
    write_plain,
    write_styled,
)


class _NoStyles:
    def __init__(self, path: Path) -> None:
        pass

    def loader(self, sheet: str) -> None:
        return None

    def merges(self, sheet: str) -> list:
        return []


def without_styles(path: Path) -> None:
    saved = readers.OdsStyles, readers.XlsStyles
    readers.OdsStyles = readers.XlsStyles = _NoStyles
    try:
        full_import(path)
    finally:
        readers.OdsStyles, readers.XlsStyles = saved


def style_pass(path: Path) -> None:
    styles = OdsStyles(path) if path.suffix == ".ods" else XlsStyles(path)
    if isinstance(styles, OdsStyles):
        styles.merges("RACI")
    load = styles.loader("RACI")
    if load is not None:
        load((r, 0) for r in range(100_000))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--roles", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print("soffice (LibreOffice) is needed to write the .ods and .xls files")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        sources = [Path(tmp, "plain.xlsx"), Path(tmp, "styled.xlsx")]
        write_plain(sources[0], args.rows, args.roles)
        write_styled(sources[1], args.rows, args.roles)
        profile = Path(tmp, "profile").as_uri()
        for fmt in ("ods", "xls"):
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt]
                + ["--outdir", tmp, *map(str, sources)],
                check=True,
                capture_output=True,
                timeout=600,
            )
        print(f"{args.rows} x {args.roles}, 25 % filled; medians of {args.repeat} runs")
        for name in ("plain", "styled"):
            for fmt in ("ods", "xls"):
                path = Path(tmp, f"{name}.{fmt}")
                bare, ours, off, alone = [], [], [], []
                for _ in range(args.repeat):
                    bare.append(timed(bare_calamine, path))
                    ours.append(timed(full_import, path))
                    off.append(timed(without_styles, path))
                    alone.append(timed(style_pass, path))
                b, a, o, s = (statistics.median(x) for x in (bare, ours, off, alone))
                print(
                    f"{name:6s} .{fmt}: import {a:.3f} s, without styles {o:.3f} s "
                    f"(ratio {a / o:.2f}); style pass alone {s:.3f} s; "
                    f"calamine bare read {b:.3f} s (import / bare {a / b:.1f})"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
