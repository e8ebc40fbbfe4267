"""What goes on the paper, as plain data: which rows and roles, which marks, what each card says.

Nothing here paints or measures; the layout turns this into pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ramdesk.model import Deliverable, Group, Matrix, Person, Role, Row
from ramdesk.rules import SEVERITY_RANK, Problem

from .options import PrintOptions

#: The order card sections follow, whatever the scheme calls its codes.
_KIND_ORDER = ("approve", "do", "support", "review", "consult", "inform", "out")
#: How a card introduces each kind of code ("Accountable for", "Consulted on").
_KIND_WORD = {
    "approve": "for",
    "do": "for",
    "support": "on",
    "review": "on",
    "consult": "on",
    "inform": "on",
    "out": "on",
}
NO_PHASE = "Not in a phase"


class UnknownSubject(ValueError):
    """A person or role named for printing is not in the matrix (str() says which exist)."""


@dataclass
class Selection:
    """The rows and roles a matrix printout shows."""

    rows: tuple[Row, ...]
    roles: tuple[Role, ...]
    #: Roles drawn highlighted (the person's own columns on a person's printout).
    highlighted: frozenset[Role] = frozenset()
    #: What the subset is, for the title block ("Responsibilities of Ana Ruiz"); "" for all.
    description: str = ""
    #: The person or role whose responsibilities these are.
    subject: Person | Role | None = None

    @property
    def deliverable_count(self) -> int:
        return sum(1 for r in self.rows if isinstance(r, Deliverable))


@dataclass
class Marks:
    """Where problems are, by their most serious severity."""

    cells: dict[tuple[Deliverable, Role], str] = field(default_factory=dict)
    rows: dict[Deliverable, str] = field(default_factory=dict)
    roles: dict[Role, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _find(items: Sequence[Any], name: str) -> Any | None:
    wanted = name.strip().casefold()
    for item in items:
        if item.name.strip().casefold() == wanted:
            return item
    return None


def resolve_person(matrix: Matrix, who: Person | Role | str) -> Person | Role:
    """A person by name (or a role whose header names a person); raises UnknownSubject."""
    if not isinstance(who, str):
        return who
    found = _find(matrix.people, who) or _find([r for r in matrix.roles if r.is_person], who)
    if found is None:
        found = _find(matrix.roles, who)
    if found is None:
        names = ", ".join(p.name for p in matrix.people[:12]) or "none"
        raise UnknownSubject(f"Nobody called “{who}” is in this matrix (people: {names}).")
    return found


def resolve_role(matrix: Matrix, role: Role | str) -> Role:
    """A role by name; raises UnknownSubject."""
    if not isinstance(role, str):
        return role
    found = _find(matrix.roles, role)
    if found is None:
        names = ", ".join(r.name for r in matrix.roles[:12]) or "none"
        raise UnknownSubject(f"No role called “{role}” is in this matrix (roles: {names}).")
    return found


def _rows_for(matrix: Matrix, keep: set[Deliverable]) -> tuple[Row, ...]:
    """The matrix rows showing `keep` with every group they sit in, in display order."""
    groups: set[Group] = set()
    for d in keep:
        parent = d.parent
        while parent is not None and parent not in groups:
            groups.add(parent)
            parent = parent.parent
    return tuple(r for r in matrix.rows if r in keep or r in groups)


def select(matrix: Matrix, options: PrintOptions, problems: Sequence[Problem] = ()) -> Selection:
    """The rows and roles to print for these options."""
    roles = matrix.roles
    if options.person is not None:
        subject = resolve_person(matrix, options.person)
        own = matrix.roles_of(subject) if isinstance(subject, Person) else (subject,)
        keep = set(matrix.reach(subject)) if isinstance(subject, Person) else set()
        for role in own:
            keep.update(d for d, _text in matrix.column_cells(role))
        return Selection(
            _rows_for(matrix, keep),
            _involved(matrix, keep, own),
            frozenset(own),
            f"Responsibilities of {subject.name}",
            subject,
        )
    if options.role is not None:
        role = resolve_role(matrix, options.role)
        keep = {d for d, _text in matrix.column_cells(role)}
        return Selection(
            _rows_for(matrix, keep),
            _involved(matrix, keep, (role,)),
            frozenset((role,)),
            f"Responsibilities of the role {role.name}",
            role,
        )
    if options.deliverables is not None:
        keep = {d for d in options.deliverables if matrix.contains(d)}
        return Selection(_rows_for(matrix, keep), roles, description="Selected deliverables")
    if options.group is not None:
        group = options.group
        if not matrix.contains(group):
            raise UnknownSubject(f"The group “{group.name}” is no longer in this matrix.")
        keep = set(matrix.deliverables_in(group))
        rows = _rows_for(matrix, keep)
        if group not in rows:
            rows = tuple(r for r in matrix.rows if r is group or r in set(rows))
        return Selection(rows, roles, description=f"Group: {group.name}")
    if options.problem_rows:
        keep = {p.deliverable for p in problems if p.deliverable is not None}
        return Selection(_rows_for(matrix, keep), roles, description="Deliverables with problems")
    return Selection(matrix.rows, roles)


def _involved(matrix: Matrix, rows: set[Deliverable], own: Sequence[Role]) -> tuple[Role, ...]:
    """The subject's roles and every role with a code on their deliverables, in column order."""
    used = set(own)
    for d in rows:
        used.update(r for r, _text in matrix.row_cells(d))
    return tuple(r for r in matrix.roles if r in used)


def marks(problems: Sequence[Problem]) -> Marks:
    """Where to draw problem marks: on a cell, a deliverable's name, or a role's header."""
    out = Marks(problems=list(problems))

    def worse(table: dict, key: Any, severity: str) -> None:
        old = table.get(key)
        if old is None or SEVERITY_RANK[severity] < SEVERITY_RANK[old]:
            table[key] = severity

    for p in problems:
        if p.deliverable is not None and p.role is not None:
            worse(out.cells, (p.deliverable, p.role), p.severity)
        elif p.deliverable is not None:
            worse(out.rows, p.deliverable, p.severity)
        elif p.role is not None:
            worse(out.roles, p.role, p.severity)
    return out


# ---------------------------------------------------------------------- cards
@dataclass
class CardItem:
    """One deliverable on a card, with how the subject holds it."""

    name: str
    #: Sub-groups between the phase and the deliverable ("Network › Design").
    where: str = ""
    #: Through which role, when the person holds several.
    via: str = ""


@dataclass
class CardSection:
    """Everything the subject holds one code on: "Accountable for (12)"."""

    letter: str
    heading: str
    phases: list[tuple[str, list[CardItem]]]

    @property
    def count(self) -> int:
        return sum(len(items) for _phase, items in self.phases)


@dataclass
class Card:
    """A one-page handout for a person or a role."""

    title: str
    #: "Project manager — runs the project day to day", one line per role (or per holder).
    about: list[str]
    sections: list[CardSection]
    #: Said when there is nothing to list.
    empty: str = ""


def card_subjects(matrix: Matrix, options: PrintOptions) -> list[Person | Role]:
    """Whom the cards are for: one person or role if the options name one, else everyone."""
    if options.person is not None:
        return [resolve_person(matrix, options.person)]
    if options.role is not None:
        return [resolve_role(matrix, options.role)]
    if options.cards == "roles":
        return list(matrix.roles)
    people: list[Person | Role] = list(matrix.people)
    # Columns that name a person directly get a card too: they are somebody.
    people += [r for r in matrix.roles if r.is_person and not matrix.holders(r)]
    return people


def _phase_of(matrix: Matrix, d: Deliverable) -> tuple[str, str]:
    path = matrix.path(d)
    if not path:
        return NO_PHASE, ""
    return path[0].name or "(unnamed group)", " › ".join(g.name for g in path[1:])


def build_card(matrix: Matrix, subject: Person | Role) -> Card:
    """What a card lists: per code (in the scheme's words), per phase, in matrix order."""
    scheme = matrix.scheme
    if isinstance(subject, Person):
        roles = matrix.roles_of(subject)
        about = [_describe(r) for r in roles] or ["Holds no role in this matrix."]
        title = subject.name or "(unnamed person)"
    else:
        roles = (subject,)
        holders = matrix.holders(subject)
        about = [_describe(subject)]
        if holders:
            about.append("Held by " + ", ".join(p.name for p in holders) + ".")
        elif not subject.is_person:
            about.append("Nobody holds this role yet.")
        title = subject.name or "(unnamed role)"
    several = len(roles) > 1
    found: dict[str, list[tuple[Deliverable, str]]] = {}
    for role in roles:
        for d, text in matrix.column_cells(role):
            for letter in text.split("/"):
                found.setdefault(letter, []).append((d, role.name if several else ""))
    sections: list[CardSection] = []
    known = list(scheme.codes)
    known.sort(key=lambda c: _KIND_ORDER.index(c.kind) if c.kind in _KIND_ORDER else 99)
    letters = [c.letter for c in known] + sorted(k for k in found if scheme.code(k) is None)
    for letter in letters:
        held = found.get(letter)
        if not held:
            continue
        code = scheme.code(letter)
        if code is not None:
            heading = f"{code.name} {_KIND_WORD.get(code.kind, 'on')}"
        else:
            heading = f"Marked “{letter}” (not a code of {scheme.name}) on"
        held.sort(key=lambda pair: matrix.index(pair[0]))
        phases: dict[str, list[CardItem]] = {}
        seen: set[tuple[Deliverable, str]] = set()
        for d, via in held:
            if (d, via) in seen:
                continue
            seen.add((d, via))
            phase, where = _phase_of(matrix, d)
            phases.setdefault(phase, []).append(CardItem(d.name or "(unnamed)", where, via))
        sections.append(CardSection(letter, heading, list(phases.items())))
    empty = "" if sections else "No responsibilities recorded in this matrix."
    return Card(title, about, sections, empty)


def _describe(role: Role) -> str:
    name = role.name or "(unnamed role)"
    return f"{name} — {role.description}" if role.description else name
