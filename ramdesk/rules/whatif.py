"""What if: reassignments and role removals built as edits, previewed before they are made.

A preview applies the edit to the real matrix, reads the problems and loads, and applies the
inverse at once, all without notifying anyone; the problems come from a copy of the matrix's own
incremental checker fed the edit's change, so the preview runs exactly the code that runs after
the commit and sees the very same items. Committing is applying the same edit (one undo step).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ramdesk.model import (
    Batch,
    Deliverable,
    Edit,
    Hold,
    InsertPerson,
    Matrix,
    Person,
    Release,
    RemoveRole,
    Role,
    SetCells,
    SetNote,
    join_codes,
    split_codes,
)

from .checker import Checker
from .problem import Problem
from .workload import Load, Workload


# ---------------------------------------------------------------------------- building edits
def reassign_person(
    matrix: Matrix,
    person: Person,
    to: Person | str | None,
    roles: Iterable[Role] | None = None,
) -> Batch:
    """Hand a person's roles (all, or some) to someone else, a new person (a name), or nobody."""
    held = matrix.roles_of(person)
    chosen = list(held) if roles is None else [r for r in roles if r in held]
    edits: list[Edit] = []
    target = _target(matrix, to, edits)
    if target is person:
        raise ValueError(f"{person.name} cannot take over their own roles")
    for role in chosen:
        edits.append(Release(person, role))
        if target is not None and not _holds(matrix, target, role):
            edits.append(Hold(target, role))
    what = "roles" if roles is None or len(chosen) != 1 else f"role “{chosen[0].name}”"
    if target is None:
        label = f"Leave {_possessive(person.name)} {what} open"
    else:
        label = f"Hand {_possessive(person.name)} {what} to {target.name}"
    return Batch(tuple(edits), label)


def reassign_role(
    matrix: Matrix,
    role: Role,
    to: Person | str | None,
    holders: Iterable[Person] | None = None,
) -> Batch:
    """Give a role to someone else instead of its holders (all, or some), or leave the seat open."""
    current = matrix.holders(role)
    leaving = list(current) if holders is None else [p for p in holders if p in current]
    edits: list[Edit] = []
    target = _target(matrix, to, edits)
    for person in leaving:
        if person is not target:
            edits.append(Release(person, role))
    if target is not None and not _holds(matrix, target, role):
        edits.append(Hold(target, role))
    if target is None:
        label = f"Leave role “{role.name}” open"
    else:
        label = f"Give role “{role.name}” to {target.name}"
    return Batch(tuple(edits), label)


def _target(matrix: Matrix, to: Person | str | None, edits: list[Edit]) -> Person | None:
    if isinstance(to, str):
        name = " ".join(to.split())
        if not name:
            return None
        person = Person(name)
        edits.append(InsertPerson(person))
        return person
    if to is not None and not matrix.contains(to):
        raise ValueError(f"{to.name} is not in this matrix")
    return to


def _holds(matrix: Matrix, person: Person, role: Role) -> bool:
    return matrix.contains(person) and matrix.holds(person, role)


def _possessive(name: str) -> str:
    return f"{name}’" if name.endswith("s") else f"{name}’s"


# ---------------------------------------------------------------------------- removing a role
@dataclass
class Loss:
    """What a deliverable loses when a role goes."""

    deliverable: Deliverable
    #: The codes in the role's cell.
    codes: tuple[str, ...]
    #: Codes the deliverable would then have too few of (its only A, its only R ...).
    left_without: tuple[str, ...] = ()
    note: str = ""

    @property
    def critical(self) -> bool:
        return bool(self.left_without)


def removal_losses(matrix: Matrix, role: Role) -> list[Loss]:
    """Every deliverable that loses codes when a role is removed, in matrix order."""
    scheme = matrix.scheme
    minimums = {lim.code: lim.min for lim in scheme.row_limits if lim.min}
    acting = scheme.letters_of_kind("do", "approve")
    out: list[Loss] = []
    for d, text in matrix.column_cells(role):
        codes = split_codes(text)
        counts = matrix.row_counts(d)
        short = []
        for code in codes:
            need = minimums.get(code)
            if need is None and code in acting:
                need = 1  # no scheme limit: still, nobody left doing or approving it
            if need is not None and counts.get(code, 0) >= need > counts.get(code, 0) - 1:
                short.append(code)
        out.append(Loss(d, codes, tuple(short), matrix.note(d, role)))
    out.sort(key=lambda loss: matrix.index(loss.deliverable))
    return out


def remove_role(
    matrix: Matrix,
    role: Role,
    moves: Mapping[Deliverable, Role | None] | Role | None = None,
) -> Batch:
    """Remove a role, first handing its codes (and notes) per deliverable to other roles.

    `moves` names, per deliverable, the role that takes over the codes (None or absent: they
    go with the role); a single Role takes over every cell.
    """
    cells: list[tuple[Deliverable, Role, str]] = []
    notes: list[Edit] = []
    for loss in removal_losses(matrix, role):
        d = loss.deliverable
        target = moves if isinstance(moves, Role) else (moves or {}).get(d)
        if target is None or target is role:
            continue
        if not matrix.contains(target):
            raise ValueError(f"role “{target.name}” is not in this matrix")
        text = _merged(matrix, matrix.codes(d, target), loss.codes)
        cells.append((d, target, text))
        if loss.note:
            old = matrix.note(d, target)
            notes.append(SetNote(d, target, f"{old}\n{loss.note}" if old else loss.note))
    edits: list[Edit] = []
    if cells:
        edits.append(SetCells(tuple(cells), f"Hand codes of “{role.name}” on"))
    edits.extend(notes)
    edits.append(RemoveRole(role))
    return Batch(tuple(edits), f"Remove role “{role.name}”")


def _merged(matrix: Matrix, kept: tuple[str, ...], added: tuple[str, ...]) -> str:
    """Codes of two cells as one, in the scheme's order (codes it does not know go last)."""
    order = {letter: i for i, letter in enumerate(matrix.scheme.letters)}
    codes = list(dict.fromkeys((*kept, *added)))
    codes.sort(key=lambda c: order.get(c, len(order)))
    return join_codes(codes)


# ---------------------------------------------------------------------------- previewing
@dataclass
class Preview:
    """The matrix as it would be after an edit: problems and loads, and how they changed."""

    edit: Edit
    #: Every problem after the edit, most serious first.
    problems: list[Problem]
    #: Problems the edit would bring, and those it would clear.
    added: list[Problem]
    cleared: list[Problem]
    counts: dict[str, int]
    health: float
    #: Loads of every person before and after (a person only in one of them was added/removed).
    before: dict[Person, Load] = field(default_factory=dict)
    after: dict[Person, Load] = field(default_factory=dict)
    limit_before: float = 0.0
    limit: float = 0.0

    def changed_loads(self) -> list[tuple[Person, Load | None, Load | None]]:
        """People whose load the edit changes: (person, before, after), biggest change first."""
        out = []
        for person in {**self.before, **self.after}:
            old, new = self.before.get(person), self.after.get(person)
            if old is None or new is None or old.counts != new.counts:
                out.append((person, old, new))

        def delta(item: tuple[Person, Load | None, Load | None]) -> float:
            _p, old, new = item
            return -abs((new.load if new else 0.0) - (old.load if old else 0.0))

        return sorted(out, key=delta)


def preview(matrix: Matrix, edit: Edit, checker: Checker | None = None) -> Preview:
    """What the matrix would look like after `edit`; the matrix is left exactly as it was."""
    checker = checker if checker is not None else matrix.checker()
    before_problems = checker.all()
    workload = Workload(matrix)
    before = {x.subject: x for x in workload.people()}
    limit_before = workload.limit
    shadow = _fork(checker)
    order = _holding_order(matrix)
    change = edit.apply(matrix)
    try:
        shadow._on_change(change)
        after_problems = shadow.all()
        counts = shadow.counts()
        health = shadow.health()
        workload = Workload(matrix)
        after = {x.subject: x for x in workload.people()}
        limit = workload.limit
    finally:
        assert change.inverse is not None
        change.inverse.apply(matrix)
        _restore_holding_order(matrix, order)
    old = set(before_problems)
    new = set(after_problems)
    return Preview(
        edit=edit,
        problems=after_problems,
        added=[p for p in after_problems if p not in old],
        cleared=[p for p in before_problems if p not in new],
        counts=counts,
        health=health,
        before=before,  # type: ignore[arg-type]
        after=after,  # type: ignore[arg-type]
        limit_before=limit_before,
        limit=limit,
    )


def _holding_order(matrix: Matrix) -> list[tuple[dict, list]]:
    """Who holds what, in the order the graph lists it (undoing a release re-adds at the end)."""
    succ, pred = matrix._succ, matrix._pred
    out = [(succ[p], list(succ[p])) for p in matrix.people]
    out += [(pred[r], list(pred[r])) for r in matrix.roles]
    return out


def _restore_holding_order(matrix: Matrix, order: list[tuple[dict, list]]) -> None:
    # so "held by Ann, Bo" and a person's roles read as before once a preview is discarded
    for adjacency, keys in order:
        if list(adjacency) != keys and set(adjacency) == set(keys):
            items = [(k, adjacency[k]) for k in keys]
            adjacency.clear()
            adjacency.update(items)


def _fork(checker: Checker) -> Checker:
    """A detached copy of a checker (not subscribed to the matrix) that can be fed one change."""
    checker.refresh()
    shadow = Checker.__new__(Checker)
    for name, value in vars(checker).items():
        if isinstance(value, dict):
            value = {k: set(v) if isinstance(v, set) else v for k, v in value.items()}
        elif isinstance(value, (set, list)):
            value = type(value)(value)
        setattr(shadow, name, value)
    return shadow
