"""Speed and memory of the core (model + rules), each figure beside a baseline from the same run.

    python -m tests.benchmarks.bench_core [--sizes S,M,L] [--repeat N] [--edits N] [--json OUT]

For every size (see generate.SIZES):
- build: generating the matrix, beside adding the same cells to a bare networkx DiGraph;
- full check: a fresh Checker's first refresh, beside one plain pass that counts every cell's
  codes (the least work any re-scanning checker must do);
- edit: `matrix.apply(SetCells.one(...))` then `checker.refresh()`, median and p95 over many
  random edits, beside a naive networkx re-scan of the edited row and column, and the same
  re-scan over plain dicts; structural edits (rows, holders) beside a full check;
- memory (largest size only): the model under tracemalloc, beside a bare networkx DiGraph holding
  one edge (with its own attribute dict) per filled cell; and what the checker adds.
Targets (issue 2): full check of L <= 0.25 s; edit + re-check at L median <= 0.2 ms, p95 <= 1 ms,
no slower than at S; model of L <= 150 MB. Figures are medians; ratios are figure / baseline.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from ramdesk.model import Deliverable, Hold, InsertRow, Matrix, RemoveRow, SetCells
from ramdesk.rules import Checker

from .generate import SIZES, generate

TARGETS = {
    "full_check_L_s": 0.25,
    "edit_L_median_ms": 0.2,
    "edit_L_p95_ms": 1.0,
    "model_L_MB": 150.0,
}


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of fn over repeat runs, in seconds."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_graph(matrix: Matrix) -> nx.DiGraph:
    """The same roles, deliverables and cells in a networkx graph, the way one usually writes it."""
    graph = nx.DiGraph()
    graph.add_nodes_from(matrix.roles)
    graph.add_nodes_from(matrix.deliverables)
    graph.add_edges_from((r, d, {"codes": text}) for d, r, text in matrix.filled_cells())
    return graph


def count_every_cell(matrix: Matrix) -> int:
    """Baseline for a full check: visit every cell once and count its codes per row."""
    found = 0
    for d in matrix.deliverables:
        counts: dict[str, int] = {}
        for _role, text in matrix.row_cells(d):
            for letter in text.split("/"):
                counts[letter] = counts.get(letter, 0) + 1
        found += counts.get("A", 0) != 1
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def edit_times(matrix: Matrix, checker: Checker, n: int, seed: int) -> list[float]:
    """Seconds per single-cell edit + incremental re-check, for n random edits."""
    rnd = random.Random(seed)
    deliverables, roles = matrix.deliverables, matrix.roles
    texts = ["A", "R", "C", "I", "", "", "A/R"]
    out = []
    for _ in range(n):
        d, r = rnd.choice(deliverables), rnd.choice(roles)
        old = matrix.code(d, r)
        text = rnd.choice([t for t in texts if t != old])
        edit = SetCells.one(d, r, text)
        start = time.perf_counter()
        matrix.apply(edit)
        checker.refresh()
        out.append(time.perf_counter() - start)
    return out


def structural_times(matrix: Matrix, checker: Checker, n: int, seed: int) -> list[float]:
    """Seconds per structural edit + re-check: insert and remove a row, a person takes a role."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        deliverables, roles, people = matrix.deliverables, matrix.roles, matrix.people
        if i % 3 == 0:
            d = rnd.choice(deliverables)
            edit: Any = InsertRow(Deliverable(f"New {i}"), d.parent, 0)
        elif i % 3 == 1:
            edit = RemoveRow(rnd.choice(deliverables))
        else:
            edit = Hold(rnd.choice(people), rnd.choice(roles))
        start = time.perf_counter()
        matrix.apply(edit)
        checker.refresh()
        out.append(time.perf_counter() - start)
    return out


def rescan_times(matrix: Matrix, n: int, seed: int) -> tuple[list[float], list[float]]:
    """Baselines for one edit: re-scan the edited row and column, via networkx and via dicts."""
    rnd = random.Random(seed)
    graph = bare_graph(matrix)
    rows: dict[Any, dict[Any, str]] = {}
    cols: dict[Any, dict[Any, str]] = {}
    for d, r, text in matrix.filled_cells():
        rows.setdefault(d, {})[r] = text
        cols.setdefault(r, {})[d] = text
    deliverables, roles = matrix.deliverables, matrix.roles
    naive, indexed = [], []
    for _ in range(n):
        d, r = rnd.choice(deliverables), rnd.choice(roles)
        start = time.perf_counter()
        counts: dict[str, int] = {}
        for _u, _v, text in graph.in_edges(d, data="codes"):
            for letter in text.split("/"):
                counts[letter] = counts.get(letter, 0) + 1
        for _u, _v, text in graph.out_edges(r, data="codes"):
            for letter in text.split("/"):
                counts[letter] = counts.get(letter, 0) + 1
        naive.append(time.perf_counter() - start)
        start = time.perf_counter()
        counts = {}
        for text in rows.get(d, {}).values():
            for letter in text.split("/"):
                counts[letter] = counts.get(letter, 0) + 1
        for text in cols.get(r, {}).values():
            for letter in text.split("/"):
                counts[letter] = counts.get(letter, 0) + 1
        indexed.append(time.perf_counter() - start)
    return naive, indexed


def traced_bytes(build: Callable[[], Any]) -> tuple[int, Any]:
    """Bytes still allocated by build()'s result (tracemalloc), and the result."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = build()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after - before, result


def bench_size(name: str, repeat: int, edits: int, memory: bool) -> dict[str, float]:
    n_rows, n_roles = SIZES[name]
    out: dict[str, float] = {}
    out["build_s"] = median_time(lambda: generate(n_rows, n_roles), max(1, repeat // 2))
    matrix = generate(n_rows, n_roles)
    out["cells"] = matrix.cell_count()
    out["build_baseline_s"] = median_time(lambda: bare_graph(matrix), max(1, repeat // 2))

    def full() -> None:
        checker = Checker(matrix)
        checker.refresh()
        checker.close()

    out["full_check_s"] = median_time(full, repeat)
    out["full_check_baseline_s"] = median_time(lambda: count_every_cell(matrix), repeat)
    checker = Checker(matrix)
    out["problems"] = len(checker.all())
    times = edit_times(matrix, checker, edits, seed=1)
    naive, indexed = rescan_times(matrix, edits, seed=1)
    out["edit_median_ms"] = statistics.median(times) * 1e3
    out["edit_p95_ms"] = percentile(times, 0.95) * 1e3
    out["rescan_networkx_median_ms"] = statistics.median(naive) * 1e3
    out["rescan_dicts_median_ms"] = statistics.median(indexed) * 1e3
    structural = structural_times(matrix, checker, max(30, edits // 50), seed=2)
    out["structural_median_ms"] = statistics.median(structural) * 1e3
    fresh = Checker(matrix)
    out["incremental_equals_full"] = float(
        {p.key() for p in fresh.all()} == {p.key() for p in checker.all()}
    )
    checker.close()
    fresh.close()
    if memory:
        del matrix, checker, fresh
        model_bytes, matrix = traced_bytes(lambda: generate(n_rows, n_roles))
        graph_bytes, graph = traced_bytes(lambda: bare_graph(matrix))
        del graph
        checker_bytes, checker = traced_bytes(lambda: _checked(matrix))
        out["model_MB"] = model_bytes / 1e6
        out["bare_graph_MB"] = graph_bytes / 1e6
        out["checker_MB"] = checker_bytes / 1e6
    return out


def _checked(matrix: Matrix) -> Checker:
    checker = Checker(matrix)
    checker.refresh()
    return checker


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def report(results: dict[str, dict[str, float]]) -> list[str]:
    lines = []
    for name, r in results.items():
        rows, roles = SIZES[name]
        lines.append(
            f"{name} ({rows}×{roles}, {int(r['cells'])} filled cells, {int(r['problems'])} problems)"
        )
        lines.append(
            f"  build          {r['build_s'] * 1e3:9.1f} ms   bare networkx graph "
            f"{r['build_baseline_s'] * 1e3:8.1f} ms   ratio {ratio(r['build_s'], r['build_baseline_s'])}"
        )
        lines.append(
            f"  full check     {r['full_check_s'] * 1e3:9.1f} ms   one counting pass   "
            f"{r['full_check_baseline_s'] * 1e3:8.1f} ms   ratio "
            f"{ratio(r['full_check_s'], r['full_check_baseline_s'])}"
        )
        lines.append(
            f"  edit+recheck   median {r['edit_median_ms']:.3f} ms, p95 {r['edit_p95_ms']:.3f} ms"
            f"   re-scan row+column: networkx {r['rescan_networkx_median_ms']:.3f} ms "
            f"(ratio {ratio(r['edit_median_ms'], r['rescan_networkx_median_ms'])}), "
            f"dicts {r['rescan_dicts_median_ms']:.3f} ms "
            f"(ratio {ratio(r['edit_median_ms'], r['rescan_dicts_median_ms'])})"
        )
        lines.append(
            f"  row or holder  median {r['structural_median_ms']:.3f} ms"
            f"   (insert/remove a row, a person takes a role) beside a full check: ratio "
            f"{ratio(r['structural_median_ms'] / 1e3, r['full_check_s'])}"
        )
        if not r["incremental_equals_full"]:
            lines.append("  !! incremental problems differ from a fresh full check")
        if "model_MB" in r:
            lines.append(
                f"  memory         model {r['model_MB']:.1f} MB   bare networkx graph "
                f"{r['bare_graph_MB']:.1f} MB   ratio {ratio(r['model_MB'], r['bare_graph_MB'])}"
                f"   (checker adds {r['checker_MB']:.1f} MB)"
            )
    if "L" in results:
        lar = results["L"]
        checks = [
            ("full check of L", lar["full_check_s"], TARGETS["full_check_L_s"], "s"),
            ("edit at L, median", lar["edit_median_ms"], TARGETS["edit_L_median_ms"], "ms"),
            ("edit at L, p95", lar["edit_p95_ms"], TARGETS["edit_L_p95_ms"], "ms"),
        ]
        if "model_MB" in lar:
            checks.append(("model of L", lar["model_MB"], TARGETS["model_L_MB"], "MB"))
        lines.append("targets")
        for label, value, target, unit in checks:
            verdict = "meets" if value <= target else "MISSES"
            lines.append(f"  {label:20} {value:8.3f} {unit:3} target {target:g} {unit}: {verdict}")
        if "S" in results:
            flat = lar["edit_median_ms"] / results["S"]["edit_median_ms"]
            verdict = "flat" if flat <= 1.25 else "GROWS"
            lines.append(
                f"  edit median L / S    {flat:8.2f}×     (no slower than at S): {verdict}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated sizes (S, M, L)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per median (default 5)")
    parser.add_argument("--edits", type=int, default=3000, help="random edits per size")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    largest = max(sizes, key=lambda s: SIZES[s][0] * SIZES[s][1])
    results = {}
    for name in sizes:
        print(f"measuring {name} ...", file=sys.stderr, flush=True)
        results[name] = bench_size(name, args.repeat, args.edits, memory=name == largest)
    print(f"Python {sys.version.split()[0]}, networkx {nx.__version__}")
    print("\n".join(report(results)))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
