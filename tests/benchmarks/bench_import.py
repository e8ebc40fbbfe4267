"""Benchmark: importing a large matrix against the bare reads of the same file.

Run: .venv/bin/python tests/benchmarks/bench_import.py [--rows 10000] [--roles 200] [--repeat 3]

Two workbooks are generated in a temporary folder:
- plain: an L grid (task column, role columns), 25 % of cells filled with RACI codes;
- styled: the same with a title, filled and bold group rows every 25 rows, a band of role groups
  merged over the role columns, and code cells filled.
Figures are medians of --repeat runs, each beside its baseline measured in the same run:
- plain import (detection + model + full check) / python-calamine's bare read   (bar: <= 3)
- plain import / LibreOffice's headless conversion of the file to CSV, timed as a whole process
  (bar: < 1; measured where `soffice` is on PATH, with a profile of its own, after one untimed
  run that creates the profile)
- styled import / openpyxl read-only bare read of the same file                 (bar: <= 1)
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ramdesk.io.importer import detect, read_matrix  # noqa: E402

CODES = ["R", "A", "C", "I", "A/R", "C", "I", "I"]
FILLS = {"R": "#F28E2B", "A": "#E15759", "C": "#59A14F", "I": "#4E79A7", "A/R": "#E15759"}


def write_plain(path: Path, rows: int, roles: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("RACI")
    ws.write_row(0, 0, ["Task"] + [f"Role {j + 1}" for j in range(roles)])
    for i in range(rows):
        ws.write_string(i + 1, 0, f"Task {i + 1}")
        for j in range(roles):
            if rnd.random() < 0.25:
                ws.write_string(i + 1, j + 1, rnd.choice(CODES))
    wb.close()


def write_styled(path: Path, rows: int, roles: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("RACI")
    title = wb.add_format({"bold": True, "font_size": 16})
    band = wb.add_format({"bold": True, "align": "center", "bg_color": "#DDDDDD"})
    head = wb.add_format({"bold": True, "text_wrap": True, "border": 1})
    group = wb.add_format({"bold": True, "bg_color": "#BDD7EE"})
    fills = {code: wb.add_format({"bg_color": colour}) for code, colour in FILLS.items()}
    ws.merge_range(0, 0, 0, 10, "Programme RACI", title)
    ws.write_string(2, 0, "", band)
    for start in range(0, roles, 10):
        end = min(roles, start + 10)
        if end - start > 1:
            ws.merge_range(2, start + 1, 2, end, f"Team {start // 10 + 1}", band)
        else:
            ws.write_string(2, start + 1, f"Team {start // 10 + 1}", band)
    ws.write_row(3, 0, ["Deliverable"] + [f"Role {j + 1}" for j in range(roles)], head)
    r = 4
    for i in range(rows):
        if i % 25 == 0:
            ws.write_string(r, 0, f"Phase {i // 25 + 1}", group)
            r += 1
        ws.write_string(r, 0, f"Task {i + 1}")
        for j in range(roles):
            if rnd.random() < 0.25:
                code = rnd.choice(CODES)
                ws.write_string(r, j + 1, code, fills.get(code))
        r += 1
    wb.close()


def bare_calamine(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()


def bare_openpyxl(path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    wb.close()


class LibreOffice:
    """LibreOffice converting a file to CSV headless, as a whole process (None if absent)."""

    def __init__(self, folder: Path) -> None:
        self.soffice = shutil.which("soffice") or shutil.which("libreoffice")
        # A profile of its own: never handed to (or locked by) a LibreOffice already running.
        self.profile = (folder / "lo-profile").as_uri()
        self.out = folder / "lo-out"

    def __bool__(self) -> bool:
        return self.soffice is not None

    def __call__(self, path: Path) -> None:
        assert self.soffice is not None
        target = self.out / f"{path.stem}.csv"
        target.unlink(missing_ok=True)
        subprocess.run(
            [
                self.soffice,
                f"-env:UserInstallation={self.profile}",
                "--headless",
                "--convert-to",
                "csv",
                "--outdir",
                str(self.out),
                str(path),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=600,
        )
        if not target.exists():
            raise RuntimeError(f"LibreOffice wrote no {target.name}")


def full_import(path: Path) -> None:
    matrix = read_matrix(path)
    matrix.checker().all()


def phases(path: Path) -> dict[str, float]:
    """Where an import's time goes: detection (with the read), building the model, the check."""
    t0 = time.perf_counter()
    detection = detect(path)
    t1 = time.perf_counter()
    matrix = detection.build()
    t2 = time.perf_counter()
    matrix.checker().all()
    t3 = time.perf_counter()
    return {"detect (read included)": t1 - t0, "build the model": t2 - t1, "full check": t3 - t2}


def safety_check(path: Path) -> None:
    try:
        from ramdesk.io.safety import check_file
    except ImportError:
        return
    check_file(path)


def timed(fn, path: Path) -> float:
    t = time.perf_counter()
    fn(path)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--roles", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        plain, styled = Path(tmp, "plain.xlsx"), Path(tmp, "styled.xlsx")
        write_plain(plain, args.rows, args.roles)
        write_styled(styled, args.rows, args.roles)
        size = f"{args.rows} x {args.roles}, 25 % filled"
        office = LibreOffice(Path(tmp))
        if office:
            office(plain)  # creates its profile: not timed
        else:
            print("LibreOffice (soffice) is not on PATH: its baseline is left out")
        for label, path, base_name, base in (
            ("plain", plain, "python-calamine bare read", bare_calamine),
            ("styled", styled, "openpyxl read-only bare read", bare_openpyxl),
        ):
            ours, theirs, safety, lo = [], [], [], []
            for _ in range(args.repeat):
                theirs.append(timed(base, path))
                ours.append(timed(full_import, path))
                safety.append(timed(safety_check, path))
                if label == "plain" and office:
                    lo.append(timed(office, path))
            a, b, s = (statistics.median(x) for x in (ours, theirs, safety))
            print(
                f"{label:6s} ({size}): import+check median {a:.2f} s; {base_name} median "
                f"{b:.2f} s; ratio {a / b:.2f}"
            )
            print(
                f"{'':6s} of which the zip safety check (ramdesk.io.safety) median {s:.2f} s; "
                f"without it {a - s:.2f} s, ratio {(a - s) / b:.2f}"
            )
            if lo:
                o = statistics.median(lo)
                print(
                    f"{'':6s} LibreOffice headless conversion to CSV median {o:.2f} s; "
                    f"import+check / LibreOffice ratio {a / o:.2f}"
                )
            parts = [phases(path) for _ in range(args.repeat)]
            print(
                f"{'':6s} phases (medians): "
                + "; ".join(
                    f"{name} {statistics.median(p[name] for p in parts):.2f} s" for name in parts[0]
                )
            )
            if label == "styled":
                c = statistics.median(timed(bare_calamine, path) for _ in range(args.repeat))
                print(f"{'':6s} styled file, python-calamine bare read median {c:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
