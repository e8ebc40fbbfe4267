"""Edits of a big matrix in an open document: the first edit, and bulk edits with their undo.

    python -m tests.benchmarks.bench_edits [--size L] [--repeat 3]

Each edit goes through a Document (undo stack, checker refresh) with its crash-recovery keeper
writing into a temporary folder, as in the window; the grid's painting is measured by
bench_ui. Figures are medians, beside baselines measured in the same run on the same matrix:
a full check (`Checker.refresh` from scratch) and a bulk load of every cell
(`Matrix.load_grid`). Bulk edits:
- Delete over the whole matrix (every filled cell cleared), and its undo;
- a paste of a 1,000 x 100 block of codes, and its undo;
- a fill down of one row's codes over 5,000 rows, and its undo;
- inserting a role, removing a role with all its cells (and their undos);
- a change of scheme (RACI -> RASCI) and back.
The first edit is a typed code on a freshly opened document (the recovery keeper's first
record), beside the edits that follow it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _fresh(size: str):
    from tests.benchmarks.generate import SIZES, generate

    return generate(*SIZES[size])


def _document(matrix, folder: str):
    from PySide6.QtCore import QCoreApplication

    from ramdesk.ui.document import Document
    from ramdesk.ui.safety import RecoveryKeeper

    QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    doc = Document(matrix)
    keeper = RecoveryKeeper(doc, folder)
    return doc, keeper


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _applying(doc, edit) -> float:
    t = time.perf_counter()
    doc.apply(edit)
    return time.perf_counter() - t


def baselines(size: str, repeat: int) -> tuple[float, float]:
    from ramdesk.model import Matrix
    from ramdesk.rules import Checker

    checks = []
    for _ in range(repeat):  # the first check of a fresh matrix (nothing worked out yet)
        fresh = _fresh(size)
        checks.append(_timed(lambda m=fresh: Checker(m).refresh()))
    matrix = _fresh(size)
    deliverables, roles = list(matrix.deliverables), list(matrix.roles)
    grid = [[matrix.code(d, r) for r in roles] for d in deliverables]
    loads = []
    for _ in range(repeat):
        target = Matrix("copy", matrix.scheme)
        for r in roles:
            target._insert_role(r.__class__(r.name), None)
        copies = [d.__class__(d.name) for d in deliverables]
        for d in copies:
            target.load_row(d)
        new_roles = list(target.roles)
        loads.append(_timed(lambda t=target, c=copies, n=new_roles: t.load_grid(c, n, grid)))
    return _median(checks), _median(loads)


def _idle(keeper) -> tuple[float, float]:
    """Run the event loop until the keeper has made its snapshot beforehand: (the longest the
    loop was held at once, the time it took)."""
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    longest, started = 0.0, time.perf_counter()
    while getattr(keeper, "preparing", False):  # (an older keeper made none)
        t = time.perf_counter()
        app.processEvents()
        longest = max(longest, time.perf_counter() - t)
    return longest, time.perf_counter() - started


def first_edit(size: str, repeat: int) -> dict[str, float]:
    from ramdesk.model import SetCells

    out: dict[str, list[float]] = {}
    for _ in range(repeat):
        matrix = _fresh(size)
        with tempfile.TemporaryDirectory() as folder:
            doc, keeper = _document(matrix, folder)
            longest, took = _idle(keeper)
            out.setdefault("slice", []).append(longest)
            out.setdefault("idle", []).append(took)
            d, r = matrix.deliverables[5], matrix.roles[3]
            out.setdefault("first", []).append(_applying(doc, SetCells.one(d, r, "C")))
            for i in range(10):
                d = matrix.deliverables[10 + i]
                out.setdefault("later", []).append(_applying(doc, SetCells.one(d, r, "I")))
            doc.undo_stack.setClean()
            keeper.close()
            # An edit at once, before the snapshot made while idle is ready: taken then.
            doc2, keeper2 = _document(_fresh(size), folder)
            d, r = doc2.matrix.deliverables[5], doc2.matrix.roles[3]
            out.setdefault("at once", []).append(_applying(doc2, SetCells.one(d, r, "C")))
            doc2.undo_stack.setClean()
            keeper2.close()
    return {k: _median(v) for k, v in out.items()}


def bulk(size: str, repeat: int) -> dict[str, list[float]]:
    from ramdesk.model import InsertRole, RemoveRole, Role, SetCells, SetScheme, builtin_scheme

    out: dict[str, list[float]] = {}

    def record(name: str, seconds: float) -> None:
        out.setdefault(name, []).append(seconds)

    for _ in range(repeat):
        matrix = _fresh(size)
        with tempfile.TemporaryDirectory() as folder:
            doc, keeper = _document(matrix, folder)
            stack = doc.undo_stack
            ds, rs = matrix.deliverables, matrix.roles
            doc.apply(SetCells.one(ds[0], rs[0], "R"))  # the first edit is measured apart

            # Row by row, as the grid lists a selection's filled cells.
            cells = tuple((d, r, "") for d in ds for r, _t in matrix.row_cells(d))
            record("delete everything", _applying(doc, SetCells(cells, "Clear")))
            record("  undo delete", _timed(stack.undo))

            letters = ["R", "A", "C", "I", "A/R", ""]
            block = tuple(
                (ds[100 + i], rs[10 + j], letters[(i * 7 + j) % len(letters)])
                for i in range(1000)
                for j in range(100)
            )
            record("paste 1,000 x 100", _applying(doc, SetCells(block, "Paste")))
            record("  undo paste", _timed(stack.undo))

            top = ds[2000]
            fill = tuple((d, r, matrix.code(top, r)) for d in ds[2001:7001] for r in rs[:100])
            record("fill down 5,000 rows", _applying(doc, SetCells(fill, "Fill")))
            record("  undo fill", _timed(stack.undo))

            role = Role("New role")
            record("insert a role", _applying(doc, InsertRole(role, 5)))
            record("  undo insert", _timed(stack.undo))
            busiest = max(rs, key=matrix.filled_in_column)
            record("remove a role", _applying(doc, RemoveRole(busiest)))
            record("  undo remove", _timed(stack.undo))

            rasci = builtin_scheme("rasci")
            record("change of scheme", _applying(doc, SetScheme(rasci)))
            record("  undo change", _timed(stack.undo))
            stack.setClean()
            keeper.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="L")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("first", "bulk"), default=None)
    args = parser.parse_args(argv)
    check, load = baselines(args.size, args.repeat)
    print(
        f"{args.size}: baselines: a full check {check:.3f} s, loading every cell "
        f"(load_grid) {load:.3f} s (medians of {args.repeat})"
    )
    if args.only in (None, "first"):
        f = first_edit(args.size, args.repeat)
        print(
            f"first edit after opening (once idle) {f['first'] * 1000:.1f} ms median, the edits "
            f"after it {f['later'] * 1000:.1f} ms, ratio {f['first'] / f['later']:.1f}; "
            f"first / full check {f['first'] / check:.3f}; its snapshot made beforehand in "
            f"{f['idle']:.2f} s of idle time, the window held at most {f['slice'] * 1000:.1f} ms "
            f"at a time; a first edit before that is ready {f['at once'] * 1000:.1f} ms"
        )
    if args.only in (None, "bulk"):
        for name, values in bulk(args.size, args.repeat).items():
            m = _median(values)
            print(
                f"{name:<22} {m:7.3f} s median  / full check {m / check:5.2f}  "
                f"/ load_grid {m / load:5.2f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
