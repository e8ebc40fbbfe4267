"""Safety costs and a larger fuzz run, each figure beside a baseline measured in the same run.

    python -m tests.benchmarks.bench_fuzz [--cases 5000] [--seed 7] [--repeat 31]

- check_file: the pre-read safety check of each sample workbook, median of --repeat runs, beside
  the baseline of opening the same file's zip directory (`zipfile.ZipFile(path).infolist()`)
  and beside a full `ramdesk.io.load` of it; ratios are check / baseline.
- snapshot: one recovery snapshot (`RecoveryRecord.save`) of generated matrices S and M, beside
  the baseline `json.dumps(to_data(matrix))` of the same matrix.
- write-back: changing six codes in each sample and writing back, beside `ramdesk.io.load`.
- fuzz: --cases mutated files through `ramdesk.io.load` and `ramdesk check` (tests/test_fuzz.py);
  prints outcomes, per-case median and slowest, and every failure with its input and traceback.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.test_fuzz import _generated as generated_sources
from tests.test_fuzz import _samples, failures, report, run


def _median(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_check(repeat: int) -> None:
    from ramdesk.io import load
    from ramdesk.io.safety import check_file

    print("check_file (ms): file | check | zip directory | ratio | full load | ratio")
    for path in _samples():
        if path.suffix not in (".xlsx", ".ods"):
            continue
        check = _median(lambda p=path: check_file(p), repeat)
        base = _median(lambda p=path: zipfile.ZipFile(p).infolist(), repeat)
        full = _median(lambda p=path: load(p), max(3, repeat // 5))
        print(
            f"  {path.name[:44]:44} {check * 1e3:6.2f} {base * 1e3:6.2f} {check / base:6.1f}x"
            f" {full * 1e3:7.1f} {check / full:6.3f}x"
        )


def bench_snapshot(repeat: int, folder: Path) -> None:
    from ramdesk.io.recovery import RecoveryRecord
    from ramdesk.model.serialize import to_data
    from tests.benchmarks.generate import SIZES, generate

    print("recovery snapshot (ms): size | save | json.dumps(to_data) | ratio")
    for size in ("S", "M"):
        matrix = generate(*SIZES[size])
        record = RecoveryRecord(folder / size)
        save = _median(lambda m=matrix, r=record: r.save(m), max(3, repeat // 3))
        base = _median(lambda m=matrix: json.dumps(to_data(m)), max(3, repeat // 3))
        print(f"  {size} {save * 1e3:8.1f} {base * 1e3:8.1f} {save / base:6.2f}x")


def bench_write_back(repeat: int, folder: Path) -> None:
    from ramdesk.io import load
    from ramdesk.io.writeback import write_back

    print("write-back of six changed codes (ms): file | write | load | ratio")
    for path in _samples():
        if path.suffix != ".xlsx":
            continue
        matrix = load(path)
        for i, d in enumerate(matrix.deliverables[:6]):
            role = matrix.roles[i % len(matrix.roles)]
            matrix.set_code(d, role, "C" if matrix.code(d, role) != "C" else "I")
        target = folder / path.name
        source = matrix.source
        keep = (source.path, dict(source.rows), dict(source.role_columns))

        def write(m=matrix, t=target, s=source, k=keep):
            s.path, s.rows, s.role_columns = k[0], dict(k[1]), dict(k[2])
            write_back(m, t)

        took = _median(write, max(3, repeat // 5))
        base = _median(lambda p=path: load(p), max(3, repeat // 5))
        print(f"  {path.name[:44]:44} {took * 1e3:7.1f} {base * 1e3:7.1f} {took / base:6.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=31)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_check(args.repeat)
        bench_snapshot(args.repeat, folder)
        bench_write_back(args.repeat, folder)
        sources = _samples() + generated_sources(folder / "sources")
        started = time.perf_counter()
        results = run(sources, 0, args.cases, args.seed, folder / "cases")
        elapsed = time.perf_counter() - started
        outcomes = [r["outcome"] for r in results.values()]
        seconds = sorted(r.get("seconds", 0.0) for r in results.values())
        print(
            f"fuzz: {len(results)} cases in {elapsed:.1f} s; read {outcomes.count('matrix')}, "
            f"refused {outcomes.count('message')}, failed {len(failures(results))}; per case "
            f"median {statistics.median(seconds) * 1e3:.1f} ms, slowest {seconds[-1] * 1e3:.0f} ms"
        )
        if failures(results):
            print(report(results))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
