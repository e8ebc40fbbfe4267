"""The Checker: a full check once, then only what each edit touched."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ramdesk.model import Change, Deliverable, Matrix, Person, Role

from .checks import (
    Context,
    check_person,
    check_person_on,
    check_role,
    check_row,
    conflict_rows,
)
from .problem import SEVERITY_RANK, Problem


@dataclass
class Refreshed:
    """The subjects whose problems changed in one refresh (for the UI to repaint)."""

    deliverables: set[Deliverable] = field(default_factory=set)
    roles: set[Role] = field(default_factory=set)
    people: set[Person] = field(default_factory=set)
    full: bool = False

    def __bool__(self) -> bool:
        return self.full or bool(self.deliverables or self.roles or self.people)


@dataclass(frozen=True)
class Health:
    """The matrix-level view: how much of the matrix is sound, and what it holds."""

    deliverables: int
    #: Deliverables with at least one code and no error.
    valid: int
    #: Deliverables with someone approving and someone doing (an A and an R in RACI).
    covered: int
    #: Deliverables with no code at all.
    empty: int
    #: How many cells hold each code.
    codes: dict[str, int]
    #: How many problems of each severity.
    problems: dict[str, int]

    @property
    def share_valid(self) -> float:
        return 1.0 if not self.deliverables else self.valid / self.deliverables

    @property
    def share_covered(self) -> float:
        return 1.0 if not self.deliverables else self.covered / self.deliverables

    @property
    def score(self) -> int:
        """0-100: the mean of the valid and the covered shares, as a percentage."""
        return round(50 * (self.share_valid + self.share_covered))


class Checker:
    """Keeps the problems of one matrix current; subscribes to its changes."""

    def __init__(self, matrix: Matrix) -> None:
        self.matrix = matrix
        self._rows: dict[Deliverable, list[Problem]] = {}
        self._roles: dict[Role, list[Problem]] = {}
        self._people: dict[Person, list[Problem]] = {}
        self._pd: dict[tuple[Person, Deliverable], list[Problem]] = {}
        self._pd_by_d: dict[Deliverable, set[Person]] = {}
        self._pd_by_p: dict[Person, set[Deliverable]] = {}
        self._cells_by_role: dict[Role, set[Deliverable]] = {}
        self._invalid: set[Deliverable] = set()
        self._counts = {"error": 0, "warning": 0, "info": 0}
        self._full = True
        self._dirty_rows: set[Deliverable] = set()
        self._dirty_roles: set[Role] = set()
        self._dirty_people: set[Person] = set()
        self._dirty_pd: set[tuple[Person, Deliverable]] = set()
        #: People whose roles changed: every deliverable they may conflict on is re-checked.
        self._dirty_reach: set[Person] = set()
        self._all_roles = self._all_people = False
        self._ctx: Context | None = None
        #: all() in order, kept until the next edit (sorting 20,000 problems is not free).
        self._sorted: list[Problem] | None = None
        #: Each person's weighted load, kept until their roles or those roles' cells change.
        self._loads: dict[Person, float] = {}
        matrix.subscribe(self._on_change)

    def close(self) -> None:
        self.matrix.unsubscribe(self._on_change)

    # ------------------------------------------------------------------ change tracking
    def _on_change(self, change: Change) -> None:
        self._sorted = None
        if change.scheme or self._full:
            self._full = True
            return
        m = self.matrix
        if _is_large(m, change):
            # Re-checking item by item costs ~20 us a cell: past a share of the matrix a
            # full check (~0.25 s at 10,000 x 200) is cheaper, and its result the same.
            self._full = True
            self._clear_dirty(full=True)
            return
        self._dirty_rows |= change.deliverables
        self._dirty_roles |= change.roles
        for d, r in change.cells:
            if m.contains(r):
                for p in m._pred[r]:
                    self._dirty_people.add(p)
                    self._dirty_pd.add((p, d))
        if change.rows:
            self._all_roles = self._all_people = True
            for d in change.deliverables:
                for p in self._pd_by_d.get(d, ()):
                    self._dirty_pd.add((p, d))
                if m.contains(d):
                    for r, _text in m.row_cells(d):
                        for p in m._pred[r]:
                            self._dirty_pd.add((p, d))
        if change.columns or change.people_list:
            self._all_roles = self._all_people = True
        cells_only = {r for _d, r in change.cells}
        if change.rows:
            cells_only |= change.roles  # a row's cells came or went; nobody's roles changed
        people = set(change.people)  # edits name the people whose roles they change
        if not people and (change.roles - cells_only or change.columns):
            # an edit that does not say who: assume every holder's reach may have changed
            for r in change.roles:
                if m.contains(r):
                    people.update(m._pred[r])
        self._dirty_people |= people
        self._dirty_reach |= people
        for r in cells_only:
            if m.contains(r):  # their load changed with the cells
                self._dirty_people.update(m._pred[r])

    # ------------------------------------------------------------------ recomputing
    def refresh(self) -> Refreshed:
        """Bring the problems up to date; returns what changed since the last refresh."""
        m = self.matrix
        if self._full:
            self._full_check()
            return Refreshed(full=True)
        out = Refreshed()
        ctx = self._ctx
        assert ctx is not None
        total = len(m.deliverables)
        for d in self._dirty_rows:
            problems = check_row(ctx, d) if m.contains(d) else []
            if self._store_row(d, problems):
                out.deliverables.add(d)
            self._update_valid(d)  # emptiness counts even when no rule reports it
        for p in self._dirty_reach:
            for d in self._pd_by_p.get(p, ()):
                self._dirty_pd.add((p, d))
            if m.contains(p):
                for d in conflict_rows(ctx, p):
                    self._dirty_pd.add((p, d))
        roles = m.roles if self._all_roles else [r for r in self._dirty_roles if m.contains(r)]
        has_people = bool(m._people)
        for r in roles:
            if self._store(self._roles, r, check_role(ctx, r, total, has_people)):
                out.roles.add(r)
        for r in self._dirty_roles:
            if not m.contains(r) and self._store(self._roles, r, []):
                out.roles.add(r)
        loads = self._loads
        for p in self._dirty_people:
            loads.pop(p, None)
        people = m.people if self._all_people else [p for p in self._dirty_people if m.contains(p)]
        for p in people:
            if self._store(self._people, p, check_person(ctx, p, total, loads)):
                out.people.add(p)
        for p in self._dirty_people:
            if not m.contains(p) and self._store(self._people, p, []):
                out.people.add(p)
        for p, d in self._dirty_pd:
            alive = m.contains(p) and m.contains(d)
            if self._store_pd(p, d, check_person_on(ctx, p, d) if alive else []):
                out.deliverables.add(d)
                out.people.add(p)
        for d in out.deliverables:
            self._update_valid(d)
        self._clear_dirty()
        return out

    def _clear_dirty(self, full: bool = False) -> None:
        self._dirty_rows = set()
        self._dirty_roles = set()
        self._dirty_people = set()
        self._dirty_pd = set()
        self._dirty_reach = set()
        self._all_roles = self._all_people = False
        self._full = full

    def _full_check(self) -> None:
        # No cyclic garbage collection while a large matrix's problems are made: each pass
        # would rescan the hundred thousand new, live objects (reference counting still frees
        # what is dropped).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            self._check_everything()
        finally:
            if was_enabled:
                gc.enable()

    def _check_everything(self) -> None:
        m = self.matrix
        self._sorted = None
        self._ctx = ctx = Context(m)
        for name in (
            "_rows",
            "_roles",
            "_people",
            "_pd",
            "_pd_by_d",
            "_pd_by_p",
            "_cells_by_role",
            "_loads",
        ):
            setattr(self, name, {})
        self._invalid = set()
        self._counts = {"error": 0, "warning": 0, "info": 0}
        deliverables = m.deliverables
        total = len(deliverables)
        # The bulk of a full check: stored directly, not through _store_row's bookkeeping.
        rows, by_role, invalid, counts = (
            self._rows,
            self._cells_by_role,
            self._invalid,
            self._counts,
        )
        row_counts = m._row_counts
        for d in deliverables:
            problems = check_row(ctx, d)
            if not problems:
                continue
            rows[d] = problems
            for p in problems:
                counts[p.severity] += 1
                if p.role is not None:
                    by_role.setdefault(p.role, set()).add(d)
                if p.severity == "error":
                    invalid.add(d)
        has_people = bool(m._people)
        for r in m.roles:
            problems = check_role(ctx, r, total, has_people)
            if problems:
                self._store(self._roles, r, problems)
        for p in m.people:
            problems = check_person(ctx, p, total, self._loads)
            if problems:
                self._store(self._people, p, problems)
            for d in conflict_rows(ctx, p):
                problems = check_person_on(ctx, p, d)
                if problems:
                    self._store_pd(p, d, problems)
        for d in deliverables:
            if not row_counts[d]:
                invalid.add(d)
        self._clear_dirty()

    def _store(self, table: dict, key: Any, problems: list[Problem]) -> bool:
        old = table.get(key, [])
        if old == problems:
            return False
        counts = self._counts
        for p in old:
            counts[p.severity] -= 1
        for p in problems:
            counts[p.severity] += 1
        if problems:
            table[key] = problems
        else:
            table.pop(key, None)
        return True

    def _store_row(self, d: Deliverable, problems: list[Problem]) -> bool:
        old = self._rows.get(d, [])
        if not self._store(self._rows, d, problems):
            return False
        for p in old:
            if p.role is not None:
                self._cells_by_role.get(p.role, set()).discard(d)
        for p in problems:
            if p.role is not None:
                self._cells_by_role.setdefault(p.role, set()).add(d)
        self._update_valid(d)
        return True

    def _store_pd(self, p: Person, d: Deliverable, problems: list[Problem]) -> bool:
        if not self._store(self._pd, (p, d), problems):
            return False
        if problems:
            self._pd_by_d.setdefault(d, set()).add(p)
            self._pd_by_p.setdefault(p, set()).add(d)
        else:
            self._pd_by_d.get(d, set()).discard(p)
            self._pd_by_p.get(p, set()).discard(d)
        self._update_valid(d)
        return True

    def _update_valid(self, d: Deliverable) -> None:
        m = self.matrix
        bad = (
            not m.contains(d)
            or not m._row_counts[d]
            or any(p.severity == "error" for p in self._rows.get(d, ()))
            or any(
                q.severity == "error"
                for person in self._pd_by_d.get(d, ())
                for q in self._pd.get((person, d), ())
            )
        )
        if bad and m.contains(d):
            self._invalid.add(d)
        else:
            self._invalid.discard(d)

    # ------------------------------------------------------------------ reading
    def problems(
        self,
        deliverable: Deliverable | None = None,
        role: Role | None = None,
        person: Person | None = None,
    ) -> list[Problem]:
        """Problems, optionally only those about a deliverable, a role, and/or a person."""
        self.refresh()
        if deliverable is None and role is None and person is None:
            return self.all()
        found: Iterable[Problem]
        if deliverable is not None:
            found = list(self._rows.get(deliverable, ()))
            for p in self._pd_by_d.get(deliverable, ()):
                found.extend(self._pd[(p, deliverable)])
        elif role is not None:
            found = list(self._roles.get(role, ()))
            for d in self._cells_by_role.get(role, ()):
                found.extend(self._rows[d])
        else:
            found = list(self._people.get(person, ()))  # type: ignore[arg-type]
            for d in self._pd_by_p.get(person, ()):  # type: ignore[arg-type]
                found.extend(self._pd[(person, d)])
        out = [
            p
            for p in found
            if (deliverable is None or p.deliverable is deliverable)
            and (role is None or p.role is role)
            and (person is None or p.person is person)
        ]
        out.sort(key=lambda p: SEVERITY_RANK[p.severity])
        return out

    def all(self) -> list[Problem]:
        """Every problem, most serious first, then in matrix order."""
        self.refresh()
        if self._sorted is not None:
            return list(self._sorted)
        m = self.matrix
        found: list[Problem] = []
        for table in (self._rows, self._pd, self._roles, self._people):
            for problems in table.values():
                found.extend(problems)
        self._sorted = found = _in_order(m, found)
        return list(found)

    def counts(self) -> dict[str, int]:
        """How many problems of each severity."""
        self.refresh()
        return dict(self._counts)

    def invalid_deliverables(self) -> set[Deliverable]:
        """Deliverables that are empty or have an error."""
        self.refresh()
        return set(self._invalid)

    def health(self) -> float:
        """Share of deliverables with at least one code and no error (1.0 for no deliverables)."""
        self.refresh()
        total = len(self.matrix.deliverables)
        return 1.0 if total == 0 else (total - len(self._invalid)) / total

    def summary(self) -> Health:
        """Shares of valid and covered deliverables, counts per code and per severity."""
        self.refresh()
        m = self.matrix
        ctx = self._ctx
        assert ctx is not None
        approve, do = ctx.approve, ctx.do or ctx.approve
        covered = empty = 0
        for d in m.deliverables:
            counts = m._row_counts[d]
            if not counts:
                empty += 1
            elif not approve.isdisjoint(counts) and not do.isdisjoint(counts):
                covered += 1
        total = len(m.deliverables)
        return Health(
            deliverables=total,
            valid=total - len(self._invalid),
            covered=covered,
            empty=empty,
            codes=dict(sorted(m.code_totals().items())),
            problems=dict(self._counts),
        )

    @property
    def context(self) -> Context:
        self.refresh()
        assert self._ctx is not None
        return self._ctx


#: A change touching more cells than this and than the matrix has deliverables is checked by
#: a full check instead of item by item (a full check costs about as much as re-checking one
#: cell per deliverable).
LARGE_CELLS = 4000


def _is_large(m: Matrix, change: Change) -> bool:
    """Whether re-checking what a change touched would cost more than a full check."""
    touched = max(len(change.cells), len(change.deliverables) * 4)
    return touched > LARGE_CELLS and touched > len(m._row_counts)


def _in_order(m: Matrix, found: list[Problem]) -> list[Problem]:
    """Problems by severity, then deliverable, role, person (matrix order) and rule.

    Each problem's place is one integer (the five ranks packed), so sorting a hundred thousand
    problems compares small ints instead of tuples built by a Python key function."""
    rows = {d: i for i, d in enumerate(m.deliverables)}
    rows[None] = len(rows)  # after every deliverable, as a deliverable no longer there
    roles = {r: i for i, r in enumerate(m.roles, start=1)}
    roles[None] = 0  # problems of no role come first
    people = {p: i for i, p in enumerate(m.people, start=1)}
    people[None] = 0
    rules = {rule: i for i, rule in enumerate(sorted(set(map(attrgetter("rule"), found))))}
    n_rows, gone_row = len(rows), len(rows) - 1
    n_roles, gone_role = len(roles) + 1, len(roles)
    n_people, gone_person = len(people) + 1, len(people)
    n_rules = max(1, len(rules))
    rank, row_of, role_of, person_of = SEVERITY_RANK, rows.get, roles.get, people.get
    keys = [
        (
            (
                (rank[p.severity] * n_rows + row_of(p.deliverable, gone_row)) * n_roles
                + role_of(p.role, gone_role)
            )
            * n_people
            + person_of(p.person, gone_person)
        )
        * n_rules
        + rules[p.rule]
        for p in found
    ]
    return list(map(found.__getitem__, sorted(range(len(found)), key=keys.__getitem__)))
