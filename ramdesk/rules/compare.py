"""Compare two roles: what each is accountable, responsible, consulted, informed for — and where
they collide (both approve, or both do, the same deliverable): the PM vs technical lead question.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ramdesk.model import Deliverable, Group, Matrix, Person, Role, split_codes


@dataclass
class Side:
    """One of the two roles: who holds it, its R&R text, and its codes."""

    role: Role
    holders: tuple[Person, ...]
    #: Deliverables per code letter, in matrix order.
    by_code: dict[str, list[Deliverable]] = field(default_factory=dict)

    @property
    def description(self) -> str:
        return self.role.description

    def count(self, letter: str) -> int:
        return len(self.by_code.get(letter, ()))


@dataclass
class Line:
    """One deliverable where at least one of the two roles holds a code."""

    deliverable: Deliverable
    path: tuple[Group, ...]
    #: The cell text of each role ("" for none).
    a: str
    b: str
    both_approve: bool = False
    both_do: bool = False

    @property
    def both(self) -> bool:
        return bool(self.a and self.b)

    @property
    def clash(self) -> bool:
        return self.both_approve or self.both_do

    @property
    def same(self) -> bool:
        return self.a == self.b


@dataclass
class RoleComparison:
    """Side by side: two roles over one matrix."""

    a: Side
    b: Side
    #: Codes in the scheme's order, for columns of counts.
    letters: tuple[str, ...]
    #: Every deliverable either role touches, in matrix order.
    lines: list[Line]
    #: People holding both roles (their clashes are one person's).
    shared_holders: tuple[Person, ...] = ()

    @property
    def both_approve(self) -> list[Line]:
        """Deliverables where both roles approve (both hold an A)."""
        return [x for x in self.lines if x.both_approve]

    @property
    def both_do(self) -> list[Line]:
        """Deliverables where both roles do the work (both hold an R)."""
        return [x for x in self.lines if x.both_do]

    @property
    def both(self) -> list[Line]:
        return [x for x in self.lines if x.both]

    @property
    def only_a(self) -> list[Line]:
        return [x for x in self.lines if x.a and not x.b]

    @property
    def only_b(self) -> list[Line]:
        return [x for x in self.lines if x.b and not x.a]

    def summary(self) -> list[str]:
        """The findings in a few sentences, most important first."""
        a, b = self.a.role.name, self.b.role.name
        out: list[str] = []
        if self.both_approve:
            out.append(f"Both approve {_n(len(self.both_approve))}: decide who answers for them.")
        if self.both_do:
            out.append(f"Both do the work on {_n(len(self.both_do))}.")
        out.append(
            f"Involved together on {_n(len(self.both))}; only “{a}” on {len(self.only_a)}, "
            f"only “{b}” on {len(self.only_b)}."
        )
        if self.shared_holders:
            names = ", ".join(p.name for p in self.shared_holders)
            out.append(f"Held by the same person: {names}.")
        return out


def _n(count: int) -> str:
    return f"{count} deliverable{'s' if count != 1 else ''}"


def compare_roles(matrix: Matrix, a: Role, b: Role) -> RoleComparison:
    """Compare two roles of a matrix."""
    scheme = matrix.scheme
    approve = scheme.letters_of_kind("approve")
    do = scheme.letters_of_kind("do")
    letters = list(scheme.letters)
    sides = (Side(a, matrix.holders(a)), Side(b, matrix.holders(b)))
    cells_a = dict(matrix.column_cells(a))
    cells_b = dict(matrix.column_cells(b)) if b is not a else cells_a
    touched = set(cells_a) | set(cells_b)
    order = sorted(touched, key=matrix.index)
    lines: list[Line] = []
    for d in order:
        ta, tb = cells_a.get(d, ""), cells_b.get(d, "")
        ca, cb = split_codes(ta), split_codes(tb)
        for side, codes in zip(sides, (ca, cb), strict=True):
            for letter in codes:
                side.by_code.setdefault(letter, []).append(d)
                if letter not in letters:
                    letters.append(letter)  # unknown codes are shown, never hidden
        lines.append(
            Line(
                d,
                matrix.path(d),
                ta,
                tb,
                both_approve=bool(approve.intersection(ca) and approve.intersection(cb)),
                both_do=bool(do.intersection(ca) and do.intersection(cb)),
            )
        )
    shared = tuple(p for p in sides[0].holders if p in sides[1].holders)
    return RoleComparison(sides[0], sides[1], tuple(letters), lines, shared)
