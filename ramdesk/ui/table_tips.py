"""What the grid's tooltips say about a cell, a row and a role: codes and their meanings, who
holds the role, notes, and every problem with how to fix it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ramdesk.model import Item, Person, Role, Row, split_codes
from ramdesk.rules import Problem

from .style import SEVERITY_MARKS, SEVERITY_WORDS

if TYPE_CHECKING:
    from .table_model import MatrixModel


def code_lines(model: MatrixModel, codes: Sequence[str]) -> list[str]:
    scheme = model.document.matrix.scheme
    lines = []
    for letter in codes:
        code = scheme.code(letter)
        if code is None:
            lines.append(f"{letter}: not a code of {scheme.name}")
        else:
            what = f" — {code.description}" if code.description else ""
            lines.append(f"{letter}: {code.name}{what}")
    return lines


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    lines = []
    for p in problems:
        lines.append(f"{SEVERITY_MARKS[p.severity]} {SEVERITY_WORDS[p.severity]}: {p.message}")
        if p.fix:
            lines.append(f"    Fix: {p.fix}")
    return lines


def cell_tooltip(model: MatrixModel, row: Row, col: Item) -> str:
    if row.kind != "deliverable":
        return row_tooltip(model, row)
    m = model.document.matrix
    lines = [f"{row.name} — {col.name}"]
    if model.by_person:
        for role, text in m.person_codes(col, row):  # type: ignore[arg-type]
            for line in code_lines(model, split_codes(text)):
                lines.append(f"{line}  (as {role.name})")
        lines.append("Read-only here: switch to the view by role to change codes.")
    else:
        codes = m.codes(row, col)  # type: ignore[arg-type]
        lines.extend(code_lines(model, codes) if codes else ["No code"])
        holders = m.holders(col) if m.contains(col) else ()  # type: ignore[arg-type]
        if holders and codes:
            lines.append("Held by " + ", ".join(p.name for p in holders))
        note = m.note(row, col)  # type: ignore[arg-type]
        if note:
            lines.append(f"Note: {note}")
    lines.extend(problem_lines(model.cell_problems(row, col)))
    return "\n".join(lines)


def row_tooltip(model: MatrixModel, row: Row) -> str:
    m = model.document.matrix
    path = " › ".join(g.name for g in m.path(row))
    lines = [f"{path} › {row.name}" if path else row.name]
    if row.description:
        lines.append(row.description)
    info = model.row_info(row)
    if row.kind == "group":
        n = len(m.deliverables_in(row))  # type: ignore[arg-type]
        lines.append(f"{n} deliverable{'s' if n != 1 else ''}")
        if info.counts:
            lines.append(
                "Under this group: "
                + ", ".join(
                    f"{n} {SEVERITY_WORDS[s].lower()}{'s' if n != 1 else ''}"
                    for s, n in sorted(info.counts.items(), key=lambda kv: kv[0])
                )
            )
        lines.append("Click the arrow (or press Space on the name) to collapse or expand.")
    else:
        lines.extend(problem_lines(info.problems))
    return "\n".join(lines)


def column_tooltip(model: MatrixModel, col: Item) -> str:
    m = model.document.matrix
    lines = [col.name]
    if isinstance(col, Role):
        if col.group is not None:
            lines[0] = f"{col.group.name} › {col.name}"
        if col.description:
            lines.append(col.description)
        if m.contains(col):
            holders = m.holders(col)
            lines.append(
                "Held by " + ", ".join(p.name for p in holders)
                if holders
                else "Nobody holds this role (open seat)"
            )
            counts = m.role_counts(col)
            if counts:
                lines.append("Codes: " + ", ".join(f"{k} × {n}" for k, n in sorted(counts.items())))
    elif isinstance(col, Person) and m.contains(col):
        roles = m.roles_of(col)
        lines.append("Holds " + ", ".join(r.name for r in roles) if roles else "Holds no role")
    lines.extend(problem_lines(model.column_info(col)[1]))
    return "\n".join(lines)
