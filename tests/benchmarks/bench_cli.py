"""Benchmark: `ramdesk check` as a whole process, beside the cost of starting Python at all.

Run: .venv/bin/python tests/benchmarks/bench_cli.py [--size S] [--repeat 7]

The S matrix (200 deliverables x 20 roles, tests/benchmarks/generate.py) is saved as ramdesk's
workbook in a temporary folder; every command then runs as a fresh process, as a user or a CI
job would run it. Figures are medians of --repeat runs, each row quoted beside two baselines
measured in the same run: `python -c pass` (the interpreter's own start) and
`python -c "import networkx"` (one heavy library; `info` imports it for its graph question).
Bar: `ramdesk check` on S <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

BAR_SECONDS = 1.0


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    return time.perf_counter() - start, done.returncode


def median_of(command: list[str], repeat: int, cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    timed(command, cwd, env)  # warm the file cache; not counted
    runs = [timed(command, cwd, env) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), runs[-1][1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="S", choices=("S", "M", "L"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    from ramdesk.io import save
    from tests.benchmarks.generate import SIZES, generate

    python = sys.executable
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory(prefix="ramdesk-bench-cli-") as folder:
        work = Path(folder)
        rows, roles = SIZES[args.size]
        book = work / f"{args.size}.xlsx"
        save(generate(rows, roles), book, layout="ramdesk")
        ramdesk = [python, "-m", "ramdesk"]
        cases = [
            ("python -c pass", [python, "-c", "pass"]),
            ('python -c "import networkx"', [python, "-c", "import networkx"]),
            ("ramdesk --version", [*ramdesk, "--version"]),
            ("ramdesk check --help", [*ramdesk, "check", "--help"]),
            (f"ramdesk check {book.name}", [*ramdesk, "check", book.name]),
            (f"ramdesk check --json {book.name}", [*ramdesk, "check", "--json", book.name]),
            (f"ramdesk info {book.name}", [*ramdesk, "info", book.name]),
            ("ramdesk check example", [*ramdesk, "check", "example"]),
        ]
        medians: dict[str, float] = {}
        print(
            f"{args.size} = {rows} deliverables x {roles} roles, {book.stat().st_size // 1024} KB; "
            f"medians of {args.repeat} runs; Python {sys.version.split()[0]}"
        )
        print(f"{'command':42} {'median':>9} {'x pass':>7} {'x networkx':>11}  exit")
        for label, command in cases:
            seconds, code = median_of(command, args.repeat, work, env)
            medians[label] = seconds
            base = medians["python -c pass"]
            nx = medians.get('python -c "import networkx"', seconds)
            print(
                f"{label:42} {seconds * 1000:7.0f} ms {seconds / base:7.1f} {seconds / nx:11.2f}  {code}"
            )
        check = medians[f"ramdesk check {book.name}"]
        verdict = "meets" if check <= BAR_SECONDS else "MISSES"
        print(
            f"ramdesk check on {args.size}: {check:.2f} s, {verdict} the bar of {BAR_SECONDS:.0f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
