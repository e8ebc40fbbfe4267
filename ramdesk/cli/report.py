"""`ramdesk check` and `ramdesk info`: problems and contents, for people and for programs."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import EXIT_ERRORS_FOUND, EXIT_OK, CommandError
from .opening import Opened, open_matrix

if TYPE_CHECKING:
    from ramdesk.model import Matrix
    from ramdesk.rules import Problem

SEVERITIES = ("error", "warning", "info")
#: How each severity is headed and counted in the text report.
HEADINGS = {"error": "Errors", "warning": "Warnings", "info": "Notes"}
NOUNS = {
    "error": ("error", "errors"),
    "warning": ("warning", "warnings"),
    "info": ("note", "notes"),
}
PATH_SEPARATOR = " › "


# ---------------------------------------------------------------------------- check
def run_check(options: argparse.Namespace) -> int:
    """Check every file; the exit status is the worst of them."""
    found: list[dict[str, Any]] = []
    failing = SEVERITIES[: SEVERITIES.index(options.fail_on) + 1]
    several = len(options.files) > 1
    printed = False

    def check(opened: Opened) -> int:
        nonlocal printed
        problems = opened.matrix.problems()
        if options.json:
            found.extend(problem_data(opened, p) for p in problems)
        elif options.summary:
            print(f"{opened.label}: {_summary(opened.matrix, problems)}")
        else:
            if several and printed:
                print()
            print(check_text(opened, problems, brief=options.brief), end="")
            printed = True
        failed = any(p.severity in failing for p in problems)
        return EXIT_ERRORS_FOUND if failed else EXIT_OK

    worst = for_each_file(options.files, options.sheet, check, "checked")
    if options.json:
        print(json.dumps(found, ensure_ascii=False, indent=2, default=_jsonable))
    return worst


def for_each_file(
    files: list[str], sheet: str | None, work: Callable[[Opened], int], doing: str
) -> int:
    """Open each file and work on it; one file's failure is one line and the others go on.

    Returns the worst exit status. With a single file, its failure is raised as it is.
    """
    worst = EXIT_OK
    for file in files:
        try:
            opened = open_matrix(file, sheet)
            try:
                status = work(opened)
            except (CommandError, BrokenPipeError, KeyboardInterrupt):
                raise
            except Exception as exc:  # a bug in a check must not hide the other files
                kind = type(exc).__name__
                detail = " ".join(str(exc).split())[:200]
                raise CommandError(
                    f"{file}: could not be {doing} (unexpected {kind}{': ' if detail else ''}"
                    f"{detail})"
                ) from exc
        except CommandError as exc:
            if len(files) == 1:
                raise
            sys.stdout.flush()  # keep the report and the failure in the order they happened
            print(f"ramdesk: {exc}", file=sys.stderr)
            status = exc.exit_code
        worst = max(worst, status)
    return worst


def problem_data(opened: Opened, p: Problem) -> dict[str, Any]:
    """One problem as plain data."""
    m = opened.matrix
    d, r = p.deliverable, p.role
    return {
        "file": opened.label,
        "rule": p.rule,
        "severity": p.severity,
        "deliverable": d.name if d is not None else None,
        "groups": [g.name for g in m.path(d)] if d is not None else [],
        "row": m.index(d) + 1 if d is not None and m.contains(d) else None,
        "role": r.name if r is not None else None,
        "column": m.role_index(r) + 1 if r is not None and m.contains(r) else None,
        "person": p.person.name if p.person is not None else None,
        "message": p.message,
        "fix": p.fix,
        "params": {k: _jsonable(v) for k, v in p.params},
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple | list | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return getattr(value, "name", str(value))


def check_text(opened: Opened, problems: list[Problem], brief: bool = False) -> str:
    """The problems as a person reads them: by severity, then by where they are."""
    m = opened.matrix
    lines = [_title(opened)]
    for severity in SEVERITIES:
        chosen = [p for p in problems if p.severity == severity]
        if not chosen:
            continue
        lines.append("")
        lines.append(f"{HEADINGS[severity]} ({len(chosen)})")
        places: dict[tuple[str, int], list[Problem]] = {}
        for p in chosen:
            places.setdefault(_place_key(p), []).append(p)
        for grouped in places.values():
            lines.append(f"  {_place(m, grouped[0])}")
            for p in grouped:
                lines.append(f"    - {p.message}")
                if not brief and p.fix:
                    lines.append(f"      → {p.fix}")
    lines.append("")
    lines.append(_summary(m, problems))
    return "\n".join(lines) + "\n"


def _title(opened: Opened) -> str:
    """The file, the sheet and the matrix's name, each only when it says something new."""
    m = opened.matrix
    stem = opened.path.stem if opened.path is not None else opened.label
    title = opened.label
    if opened.sheet and opened.sheet != stem and opened.layout != "ramdesk":
        title += f" [{opened.sheet}]"
    if m.name and m.name not in (stem, opened.sheet):
        title += f": {m.name}"
    return f"{title} ({m.scheme.name})"


def _place_key(p: Problem) -> tuple[str, int]:
    if p.deliverable is not None:
        return ("deliverable", id(p.deliverable))
    if p.role is not None:
        return ("role", id(p.role))
    if p.person is not None:
        return ("person", id(p.person))
    return ("matrix", 0)


def _place(m: Matrix, p: Problem) -> str:
    if p.deliverable is not None:
        d = p.deliverable
        where = PATH_SEPARATOR.join(g.name for g in m.path(d))
        return f"{d.name}" + (f"  ({where})" if where else "")
    if p.role is not None:
        held = ", ".join(x.name for x in m.holders(p.role)) if m.contains(p.role) else ""
        return f"Role: {p.role.name}" + (f"  (held by {held})" if held else "")
    if p.person is not None:
        roles = ", ".join(r.name for r in m.roles_of(p.person)) if m.contains(p.person) else ""
        return f"Person: {p.person.name}" + (f"  ({roles})" if roles else "")
    return "The whole matrix"


def _summary(m: Matrix, problems: list[Problem]) -> str:
    counts = {s: 0 for s in SEVERITIES}
    for p in problems:
        counts[p.severity] = counts.get(p.severity, 0) + 1
    total = len(m.deliverables)
    valid = total - len(m.checker().invalid_deliverables())
    noun = "deliverable" if total == 1 else "deliverables"
    health = f"health {_percent(m.checker().health())} ({valid} of {total} {noun} valid)"
    if not problems:
        return f"No problems; {health}."
    found = ", ".join(_count(counts[s], s) for s in SEVERITIES if counts[s])
    return f"{found}; {health}."


def _count(n: int, severity: str) -> str:
    one, many = NOUNS[severity]
    return f"{n} {one if n == 1 else many}"


def _percent(share: float) -> str:
    # Never round a matrix with a problem up to 100 %, nor one without any down to 0 %.
    value = round(share * 100)
    if value == 100 and share < 1:
        value = 99
    if value == 0 and share > 0:
        value = 1
    return f"{value} %"


# ---------------------------------------------------------------------------- info
def run_info(options: argparse.Namespace) -> int:
    """Describe every file; 2 when one could not be read."""
    out: list[dict[str, Any]] = []
    several = len(options.files) > 1
    printed = False

    def describe(opened: Opened) -> int:
        nonlocal printed
        data = info_data(opened)
        if options.json:
            out.append(data)
        else:
            if several and printed:
                print()
            print(info_text(data), end="")
            printed = True
        return EXIT_OK

    status = for_each_file(options.files, options.sheet, describe, "described")
    if options.json:
        print(json.dumps(out if several else out[0], ensure_ascii=False, indent=2))
    return status


def info_data(opened: Opened) -> dict[str, Any]:
    """What a matrix holds, as plain data."""
    m = opened.matrix
    scheme = m.scheme
    groups = m.groups
    totals = m.code_totals()
    letters = [c.letter for c in scheme.codes]
    codes = {x: totals.get(x, 0) for x in letters}
    codes.update({x: n for x, n in sorted(totals.items()) if x not in codes and n})
    checker = m.checker()
    counts = checker.counts()
    return {
        "file": opened.label,
        "sheet": opened.sheet,
        "name": m.name,
        "scheme": {"key": scheme.key, "name": scheme.name, "codes": letters},
        "deliverables": len(m.deliverables),
        "groups": len(groups),
        "group_depth": 1 + max((m.depth(g) for g in groups), default=-1),
        "roles": len(m.roles),
        "role_groups": len(m.role_groups),
        "people": len(m.people),
        "people_with_several_roles": sum(1 for p in m.people if len(m.roles_of(p)) > 1),
        "open_seats": sum(1 for r in m.roles if not r.is_person and not m.holders(r)),
        "filled_cells": m.cell_count(),
        "codes": codes,
        "unknown_codes": sorted(x for x in totals if x not in letters and totals[x]),
        "problems": {s: counts.get(s, 0) for s in SEVERITIES},
        "valid_deliverables": len(m.deliverables) - len(checker.invalid_deliverables()),
        "health": round(checker.health(), 4),
        "collisions": _collision_data(m),
        "properties": dict(m.properties),
        "other_matrices": list(getattr(m.source, "other_matrices", ())),
    }


#: How many colliding pairs of roles `info` lists (the worst first).
COLLISIONS_LISTED = 20


def _collision_data(m: Matrix) -> dict[str, Any]:
    """Pairs of roles that both approve, or both do, the same deliverables (the worst first)."""
    from ramdesk.rules.collisions import collisions

    found = collisions(m)
    return {
        "approve_pairs": sum(1 for c in found.pairs if c.approve),
        "do_pairs": sum(1 for c in found.pairs if c.do),
        "worst": [
            {
                "roles": [c.a.name, c.b.name],
                "both_approve": c.approve,
                "both_do": c.do,
                "held_by": [p.name for p in c.shared],
            }
            for c in found.pairs[:COLLISIONS_LISTED]
        ],
    }


def info_text(data: dict[str, Any]) -> str:
    """The contents as a person reads them."""
    rows: list[tuple[str, str]] = [("File", data["file"])]
    if data["sheet"]:
        rows.append(("Sheet", data["sheet"]))
    rows.append(("Matrix", data["name"]))
    if data.get("other_matrices"):
        others = ", ".join(f"“{name}”" for name in data["other_matrices"])
        rows.append(("Other matrices", f"{others} (choose one with --sheet)"))
    scheme = data["scheme"]
    rows.append(("Scheme", f"{scheme['name']} ({', '.join(scheme['codes'])})"))
    deliverables = f"{data['deliverables']}"
    if data["groups"]:
        depth = data["group_depth"]
        levels = f", {depth} levels deep" if depth > 1 else ""
        deliverables += f" in {_plural(data['groups'], 'group')}{levels}"
    rows.append(("Deliverables", deliverables))
    roles = f"{data['roles']}"
    if data["role_groups"]:
        roles += f" in {_plural(data['role_groups'], 'role group')}"
    if data["open_seats"] and data["people"]:
        roles += f"; {_plural(data['open_seats'], 'open seat')}"
    rows.append(("Roles", roles))
    people = f"{data['people']}"
    if data["people_with_several_roles"]:
        people += f" ({data['people_with_several_roles']} holding more than one role)"
    rows.append(("People", people))
    codes = ", ".join(f"{x} {n}" for x, n in data["codes"].items())
    rows.append(("Assignments", f"{data['filled_cells']} cells; codes: {codes or 'none'}"))
    if data["unknown_codes"]:
        rows.append(("Unknown codes", ", ".join(data["unknown_codes"])))
    problems = data["problems"]
    found = ", ".join(_count(problems[s], s) for s in SEVERITIES if problems[s])
    rows.append(("Problems", found or "none"))
    valid = f"{data['valid_deliverables']} of {data['deliverables']} deliverables"
    rows.append(("Health", f"{_percent(data['health'])} ({valid} with a code and no error)"))
    rows.extend(_collision_rows(data["collisions"]))
    for key, value in data["properties"].items():
        rows.append((key, value))
    width = max(len(k) for k, _ in rows) + 2
    return "".join(f"{k + ':' if k else '':<{width}}{' '.join(str(v).split())}\n" for k, v in rows)


def _collision_rows(found: dict[str, Any]) -> list[tuple[str, str]]:
    """ "Collisions" and the three worst pairs, when roles collide at all."""
    approve, do = found["approve_pairs"], found["do_pairs"]
    if not approve and not do:
        return [("Collisions", "none (no two roles both approve or both do a deliverable)")]
    counts = []
    if approve:
        counts.append(f"{_plural(approve, 'pair')} of roles both approve deliverables")
    if do:
        counts.append(f"{_plural(do, 'pair')} both do them")
    rows = [("Collisions", "; ".join(counts))]
    for pair in found["worst"][:3]:
        a, b = pair["roles"]
        both = []
        if pair["both_approve"]:
            both.append(f"both approve {_plural(pair['both_approve'], 'deliverable')}")
        if pair["both_do"]:
            both.append(f"both do {_plural(pair['both_do'], 'deliverable')}")
        rows.append(("", f"“{a}” and “{b}”: {' and '.join(both)}"))
    return rows


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
