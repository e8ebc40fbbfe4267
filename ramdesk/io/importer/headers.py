"""What a column's header says about it: a row's attribute (ID, status, dates) or a rating of
each row ("RAG", "Priority"), not a role."""

from __future__ import annotations

import re

from .cells import EMPTY, NONE, TICK, Cells, header_text
from .grid import Grid

#: Headers of columns that describe a row rather than name a role.
ATTRIBUTE_WORDS = {
    "id", "no", "nr", "#", "ref", "wbs", "status", "priority", "date", "due", "due date", "start",
    "end", "deadline", "notes", "note", "comments", "comment", "remarks", "description",
    "document", "documents", "owner", "progress", "%", "effort",
}  # fmt: skip


def ratings_beside(
    grid: Grid, cells: Cells, header: int, coded: list[int], body: list[int]
) -> set[int]:
    """Columns of one-letter ratings beside the roles ("RAG" R/A/G, "Priority" H/M/L): a
    rating's name, and letters no role column uses."""
    rated = [c for c in coded if _rating_name(header_text(grid, header, c))]
    if not rated:
        return set()
    parse = cells.vocab.parse

    def letters(c: int) -> set[str]:
        out: set[str] = set()
        for r in body:
            out.update(parse(grid.value(r, c)) or ())
        return out

    used = set().union(*(letters(c) for c in coded if c not in rated))
    return {c for c in rated if letters(c) - used}


#: Words of a column that rates each row rather than naming a role.
_RATING_WORDS = {
    "rag", "status", "priority", "prio", "risk", "impact", "severity", "likelihood", "urgency",
    "probability", "complexity", "effort", "size", "health", "state", "criticality", "level",
}  # fmt: skip


def _rating_name(name: str) -> bool:
    words = [w for w in re.split(r"[^\w%]+", name.casefold()) if w]
    return 0 < len(words) <= 3 and words[0] in _RATING_WORDS


#: Headers of a schedule beside the roles: quarters, months, weeks, sprints, dates, years.
_PERIOD = re.compile(
    r"^(?:q[1-4]|h[12]|(?:w|wk|week|sprint|phase)\s*\d+|(?:19|20)\d\d|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|"
    r"january|february|march|april|june|july|august|september|october|november|december|"
    r"\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?(?:\s.*)?)"
    r"(?:[\s'’-]*(?:(?:19|20)?\d\d))?$",
    re.IGNORECASE,
)


def schedule_beside(
    grid: Grid, cells: Cells, header: int | None, coded: list[int], body: list[int]
) -> set[int]:
    """Columns of a timeline next to the roles ("Q1", "Jan", "2026-03-02" marked "X"): ticks
    only, under the name of a period or in a run of three and more, beside role columns that
    hold letter codes. They are the plan's schedule, not roles (unless a legend defines X)."""
    if "X" in cells.vocab.legend:
        return set()
    kind_of = cells.kind_of
    counts = grid.column_counts()  # the distinct texts of each column: a handful, not a row each
    ticks = []
    for c in coded:
        texts = set(counts[c])
        if header is not None:
            texts.discard(grid.value(header, c))
        kinds = {kind_of(v) for v in texts}
        if TICK in kinds and kinds <= {TICK, EMPTY, NONE}:
            ticks.append(c)
    if not ticks or len(ticks) == len(coded):
        return set()
    named = {c for c in ticks if header is not None and _PERIOD.match(header_text(grid, header, c))}
    return set(ticks) if len(ticks) >= 3 else named
