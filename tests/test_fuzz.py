"""Fuzzing the readers: broken and hostile versions of real and generated files must end, quickly,
in a matrix or one clear message — never a traceback, a hang or unbounded memory.

The cases run in a worker process with a memory cap and a per-case alarm; the test watches it
and restarts it past a case that killed or hung it, so one bad input cannot hide the others.
Every failure names its case, how the input was made, and the traceback; the input itself is
kept in pytest's temporary folder to reproduce it:

    python -m tests.test_fuzz --seed 1 --first 0 --count 2000 --out fuzz-cases   (a larger run)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
import traceback
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"

#: CI budget: cases per run; about 10 ms each.
CASES = 1000
#: Seconds one case may take before it counts as a hang.
CASE_SECONDS = 10
#: Address-space cap for the worker: far above a normal load (~200 MB), far below the machine.
MEMORY_BYTES = 2 * 1024**3
#: Every how many cases `ramdesk check` runs too (it loads the file again, so not every time).
CHECK_EVERY = 4

HOSTILE_SNIPPETS = [
    b'<c r="XFD1048576"><v>1</v></c>',
    b'<row r="99999999"><c r="A99999999" t="s"><v>0</v></c></row>',
    b'<dimension ref="A1:XFD1048576"/>',
    b'<mergeCell ref="A1:XFD1048576"/>',
    b'<c r="A0" s="99999" t="s"><v>4294967296</v></c>',
    b'<c r="B2" t="e"><v>#REF!</v></c>',
    b'<c r="C3" t="n"><v>1e999999</v></c>',
    b'<c r="C4" t="n"><v>NaN</v></c>',
    b'<c r="D4" t="b"><v>maybe</v></c>',
    b'<c r="D5" t="d"><v>not-a-date</v></c>',
    b'<c r="E5" t="inlineStr"><is><t>=HYPERLINK("http://x","y")</t></is></c>',
    b"<si><t>" + b"\xe2\x80\xae" * 10 + b"A" * 100_000 + b"</t></si>",
    b"&#0;&#xFFFF;&#x110000;",
    b"\xff\xfe\xfd",
    b"<a>" * 500 + b"</a>" * 500,
    b'<col min="1" max="16384" width="1e308"/>',
    b'<sheet name="" sheetId="0" r:id="rId999"/>',
    b'<Relationship Id="rId1" Target="../../../../etc/passwd" Type="x"/>',
    b'table:number-columns-repeated="1073741824"',
    b'table:number-rows-repeated="1048576"',
    b'table:number-columns-spanned="16384"',
    b'<table:table-cell office:value-type="float" office:value="inf"/>',
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
]


# ---------------------------------------------------------------------------- the inputs
def _generated(folder: Path) -> list[Path]:
    """Files made here: ramdesk's workbook and CSV of a generated matrix, a plain grid."""
    import openpyxl

    from ramdesk.io import save
    from tests.benchmarks.generate import generate

    folder.mkdir(parents=True, exist_ok=True)
    matrix = generate(30, 8, seed=3)
    own = folder / "generated-ramdesk.xlsx"
    save(matrix, own, layout="ramdesk")
    grid_csv = folder / "generated-grid.csv"
    save(matrix, grid_csv)
    plain = folder / "generated-plain.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Task", "PM", "Dev", "QA", "Ops"])
    for i in range(20):
        ws.append([f"Task {i}", "A", "R", "C/I" if i % 3 else "", "I"])
    ws.merge_cells("A25:C25")
    ws["A25"] = "Legend: R responsible, A accountable"
    wb.save(plain)
    return [own, grid_csv, plain]


def _samples() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(
        p
        for p in SAMPLES.iterdir()
        if p.suffix in {".xlsx", ".ods", ".csv", ".xls"} and not p.name.endswith(".expected.csv")
    )


# ---------------------------------------------------------------------------- mutations
def _truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    k = rng.randrange(0, len(data))
    return data[:k], f"truncated to {k} of {len(data)} bytes"


def _flip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    out = bytearray(data)
    spots = sorted(rng.randrange(len(out)) for _ in range(rng.choice((1, 2, 8, 64))))
    for i in spots:
        out[i] ^= rng.randrange(1, 256)
    return bytes(out), f"flipped bytes at {spots[:8]}{'…' if len(spots) > 8 else ''}"


def _mutate_text(text: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One structural change to an XML or CSV text."""
    n = len(text) or 1
    a = rng.randrange(n)
    b = min(n, a + rng.choice((1, 8, 64, 512, 4096)))
    kind = rng.randrange(7)
    if kind == 0:
        return text[:a] + text[b:], f"deleted bytes {a}:{b}"
    if kind == 1:
        return text[:b] + text[a:b] * rng.choice((2, 50)) + text[b:], f"repeated bytes {a}:{b}"
    if kind == 2:
        snippet = rng.choice(HOSTILE_SNIPPETS)
        return text[:a] + snippet + text[a:], f"inserted {snippet[:48]!r} at {a}"
    if kind == 3:
        # A number replaced by something absurd: sizes, indexes, repeats, rows.
        digits = [i for i in range(max(0, a - 2000), min(n, a + 2000)) if text[i : i + 1].isdigit()]
        if digits:
            i = rng.choice(digits)
            new = rng.choice((b"0", b"-1", b"99999999", b"4294967297", b"1e308", b"x"))
            return text[:i] + new + text[i + 1 :], f"digit at {i} -> {new!r}"
        return text[:a] + b"\x00" + text[a:], f"NUL at {a}"
    if kind == 4:
        junk = bytes(rng.randrange(256) for _ in range(rng.choice((1, 16, 256))))
        return text[:a] + junk + text[b:], f"random bytes at {a}:{b}"
    if kind == 5:
        quote = text.find(b'"', a)
        if quote >= 0:
            return text[:quote] + text[quote + 1 :], f"dropped a quote at {quote}"
        return text[:a], f"cut at {a}"
    swap = text.replace(b"<", b"<", 1) if rng.random() < 0.5 else text.upper()
    return swap[:a] + swap[a:].swapcase()[:64] + swap[a + 64 :], f"case changed at {a}"


def _mutate_part(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Change the XML inside one part of a zip and zip it again, so parsers see the damage."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as src:
            items = [(i, src.read(i)) for i in src.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return _flip(data, rng)
    names = [i.filename for i, _ in items]
    xml = [k for k, n in enumerate(names) if n.endswith((".xml", ".rels"))] or list(
        range(len(names))
    )
    k = rng.choice(xml)
    drop = rng.random() < 0.08
    how = f"removed part {names[k]}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for j, (info, content) in enumerate(items):
            if j == k:
                if drop:
                    continue
                content, what = _mutate_text(content, rng)
                how = f"{names[k]}: {what}"
            dst.writestr(info.filename, content)
    return out.getvalue(), how


def _mutate_csv(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    kind = rng.randrange(5)
    if kind == 0:
        text = data.decode("utf-8", "replace")
        encoding = rng.choice(("utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"))
        return text.encode(encoding, "replace"), f"re-encoded as {encoding}"
    if kind == 1:
        return data + b"," * rng.choice((1000, 20000)) + b"\n", "a very wide row"
    if kind == 2:
        return data + (b"x," * 5 + b"\n") * rng.choice((1000, 30000)), "many extra rows"
    if kind == 3:
        return data.replace(b'"', b"", rng.randrange(1, 5)) + b'"unclosed', "unbalanced quotes"
    return _mutate_text(data, rng)


def make_case(sources: list[Path], case: int, seed: int) -> tuple[str, bytes, str]:
    """The case-th input: (suffix, bytes, how it was made), the same for the same seed."""
    rng = random.Random(seed * 1_000_003 + case)
    source = rng.choice(sources)
    data = source.read_bytes()
    suffix = source.suffix
    if rng.random() < 0.05:
        suffix = rng.choice((".xlsx", ".ods", ".csv", ".xls"))  # the wrong name for the content
    if source.suffix == ".csv":
        mutators: list[Callable] = [_mutate_csv, _truncate, _flip]
        weights = [6, 1, 1]
    else:
        mutators = [_mutate_part, _truncate, _flip]
        weights = [6, 1, 2]
    mutate = rng.choices(mutators, weights)[0]
    data, how = mutate(data, rng)
    if rng.random() < 0.2 and mutate is _mutate_part:
        data, more = _mutate_part(data, rng)
        how += f"; then {more}"
    return suffix, data, f"{source.name} [{mutate.__name__.strip('_')}] {how}"


# ---------------------------------------------------------------------------- the worker
class CaseTimeout(BaseException):
    """Raised by the alarm: a BaseException so a reader's `except Exception` cannot swallow it."""


def _on_alarm(signum, frame):
    raise CaseTimeout()


def _run_case(path: Path, check: bool) -> tuple[str, str]:
    """Load the file (and `ramdesk check` it, and write a change back into it): ("matrix" |
    "message", "") or ("bug", traceback)."""
    from ramdesk.io import FileProblem, load

    try:
        matrix = load(path)
        outcome = "matrix"
    except FileProblem as problem:
        text = str(problem)
        if "Traceback" in text or not text.startswith(path.name):
            return "bug", f"unclear message: {text!r}"
        hidden = _hidden_bug(problem)
        if hidden:
            return "bug", f"a bug reported as a message ({text!r}):\n{hidden}"
        outcome = "message"
    except CaseTimeout:
        return "timeout", "load took too long"
    except MemoryError:
        return "memory", "load ran out of memory"
    except BaseException:  # everything else is a bug to report
        return "bug", traceback.format_exc()
    if check:
        from ramdesk.cli import main as cli

        err = io.StringIO()
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                cli(["check", str(path)])
        except CaseTimeout:
            return "timeout", "ramdesk check took too long"
        except MemoryError:
            return "memory", "ramdesk check ran out of memory"
        except BaseException:
            return "bug", "ramdesk check: " + traceback.format_exc()
        if "Traceback" in err.getvalue() or "unexpected problem" in err.getvalue():
            return "bug", "ramdesk check: " + err.getvalue()
    if outcome == "matrix" and check:
        return _write_back_case(path, matrix)
    return outcome, ""


#: Errors that come from a mistake in the code, never from a damaged file.
PROGRAMMING_ERRORS = (NameError, AttributeError, TypeError, AssertionError, ZeroDivisionError)


def _hidden_bug(problem: BaseException) -> str:
    """The traceback of a programming error a reader turned into a message, if it did."""
    seen = set()
    cause = problem.__cause__ or problem.__context__
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, PROGRAMMING_ERRORS):
            return "".join(traceback.format_exception(type(cause), cause, cause.__traceback__))
        cause = cause.__cause__ or cause.__context__
    return ""


def _write_back_case(path: Path, matrix) -> tuple[str, str]:
    """A damaged workbook that still reads: a change written back ends in a file that reads
    again, or in a clear message."""
    from ramdesk.io import FileProblem, load
    from ramdesk.io.writeback import write_back

    if not matrix.deliverables or not matrix.roles or not hasattr(matrix.source, "role_columns"):
        return "matrix", ""
    target = path.with_name(f"written-{path.name}")
    try:
        d, r = matrix.deliverables[0], matrix.roles[0]
        matrix.set_code(d, r, "C" if matrix.code(d, r) != "C" else "I")
        matrix.add_deliverable("Added")
        matrix.add_role("Added")
        if len(matrix.deliverables) > 2:
            from ramdesk.model import RemoveRow

            matrix.apply(RemoveRow(matrix.deliverables[1]))
        write_back(matrix, target)
    except FileProblem as problem:
        if not str(problem).startswith(target.name):
            return "bug", f"write-back: unclear message: {problem}"
        return "matrix", ""
    except CaseTimeout:
        return "timeout", "write-back took too long"
    except BaseException:
        return "bug", "write-back: " + traceback.format_exc()
    try:
        load(target)
    except FileProblem as problem:
        return "bug", f"write-back made a file that does not read: {problem}"
    except BaseException:
        return "bug", "reading the written-back file: " + traceback.format_exc()
    finally:
        target.unlink(missing_ok=True)
    return "matrix", ""


def worker(sources: list[Path], first: int, count: int, seed: int, out: Path) -> None:
    """Run cases first..first+count-1, printing one JSON line per case (flushed at its start)."""
    import resource

    os.environ["RAMDESK_DEBUG"] = "1"  # the command line must raise bugs, not summarise them
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    signal.signal(signal.SIGALRM, _on_alarm)
    out.mkdir(parents=True, exist_ok=True)
    for case in range(first, first + count):
        suffix, data, how = make_case(sources, case, seed)
        path = out / f"case-{case}{suffix}"
        path.write_bytes(data)
        print(json.dumps({"start": case, "how": how, "file": str(path)}), flush=True)
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
        try:
            outcome, detail = _run_case(path, check=case % CHECK_EVERY == 0)
        except CaseTimeout:
            outcome, detail = "timeout", "took too long"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = time.perf_counter() - started
        print(
            json.dumps({"case": case, "outcome": outcome, "detail": detail, "seconds": seconds}),
            flush=True,
        )
        if outcome in ("matrix", "message"):
            path.unlink()


def run(sources: list[Path], first: int, count: int, seed: int, out: Path) -> dict:
    """Drive workers over the cases; restart past a case that killed or hung one."""
    results: dict[int, dict] = {}
    case = first
    end = first + count
    listing = out / "sources.txt"
    out.mkdir(parents=True, exist_ok=True)
    listing.write_text("\n".join(str(s) for s in sources))
    while case < end:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.test_fuzz", "--worker", "--sources", str(listing)]
            + ["--first", str(case), "--count", str(end - case), "--seed", str(seed)]
            + ["--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        current: dict | None = None
        for line in _lines(process, CASE_SECONDS * 3):
            record = json.loads(line)
            if "start" in record:
                current = record
                continue
            current = {**(current or {}), **record}
            results[record["case"]] = current
            case = record["case"] + 1
            current = None
        if process.poll() is None:  # no word for too long: hung in native code
            process.kill()
            verdict = "hang"
        else:
            verdict = f"worker died ({_status(process.returncode)})"
        process.wait()
        if current is not None:  # the case it was on when it died or hung
            results[current["start"]] = {
                **current,
                "case": current["start"],
                "outcome": "crash",
                "detail": verdict,
            }
            case = current["start"] + 1
        elif case < end:
            raise RuntimeError(f"the fuzz worker stopped before case {case}: {verdict}")
    return results


def _lines(process: subprocess.Popen, quiet_seconds: float) -> Iterator[str]:
    """The worker's lines, stopping when it ends or says nothing for `quiet_seconds`."""
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    while True:
        if not selector.select(timeout=quiet_seconds):
            return
        line = process.stdout.readline()
        if not line:
            return
        yield line


def _status(code: int | None) -> str:
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit status {code}"


def failures(results: dict) -> list[dict]:
    return [r for r in results.values() if r["outcome"] not in ("matrix", "message")]


def report(results: dict) -> str:
    """Failures grouped by their last traceback line, with one example each."""
    groups: dict[str, list[dict]] = {}
    for r in failures(results):
        lines = [x for x in r["detail"].strip().splitlines() if x.strip()]
        key = f"{r['outcome']}: {lines[-1] if lines else ''}"
        groups.setdefault(key, []).append(r)
    parts = []
    for key, cases in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        example = cases[0]
        parts.append(
            f"{len(cases)} × {key}\n  e.g. case {example['case']}: {example.get('how')}\n"
            f"  input: {example.get('file')}\n{_indent(example['detail'])}"
        )
    return "\n\n".join(parts)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-14:])


# ---------------------------------------------------------------------------- the test
@pytest.mark.slow
def test_broken_and_hostile_files_end_in_a_matrix_or_a_message(tmp_path):
    if os.name != "posix":
        pytest.skip("the fuzz harness uses POSIX alarms and memory limits")
    sources = _samples() + _generated(tmp_path / "sources")
    if not _samples():
        print("the shared samples folder is absent: fuzzing generated files only")
    started = time.perf_counter()
    results = run(sources, 0, CASES, seed=6, out=tmp_path / "cases")
    elapsed = time.perf_counter() - started
    assert len(results) == CASES
    outcomes = [r["outcome"] for r in results.values()]
    print(
        f"{CASES} cases in {elapsed:.1f} s: {outcomes.count('matrix')} read, "
        f"{outcomes.count('message')} refused with a message"
    )
    # Enough cases reach the readers (not all refused at the door) for the test to mean much.
    assert outcomes.count("matrix") > CASES // 10
    assert outcomes.count("message") > CASES // 10
    slow = sorted(results.values(), key=lambda r: -r.get("seconds", 0))[:3]
    assert not failures(results), report(results)
    assert all(r.get("seconds", 0) < CASE_SECONDS for r in slow)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true")
    parser.add_argument("--sources", type=Path)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--count", type=int, default=CASES)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.worker:
        sources = [Path(s) for s in args.sources.read_text().splitlines() if s]
        worker(sources, args.first, args.count, args.seed, args.out)
        return 0
    sources = _samples() + _generated(args.out / "sources")
    started = time.perf_counter()
    results = run(sources, args.first, args.count, args.seed, args.out)
    outcomes = [r["outcome"] for r in results.values()]
    seconds = sorted(r.get("seconds", 0.0) for r in results.values())
    print(
        f"{len(results)} cases in {time.perf_counter() - started:.1f} s; "
        f"read {outcomes.count('matrix')}, refused {outcomes.count('message')}, "
        f"failed {len(failures(results))}; per case median {seconds[len(seconds) // 2] * 1000:.1f} ms, "
        f"slowest {seconds[-1] * 1000:.0f} ms"
    )
    for r in sorted(results.values(), key=lambda r: -r.get("seconds", 0))[:3]:
        print(f"  slow: case {r['case']} {r.get('seconds', 0) * 1000:.0f} ms: {r.get('how')}")
    if failures(results):
        print(report(results))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
