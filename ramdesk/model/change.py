"""What an edit changed: enough for the editor to undo it and re-check only what it touched."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .edits import Edit


@dataclass
class Change:
    """The footprint of one applied edit."""

    #: Cells whose codes or note changed, as (deliverable, role).
    cells: set[tuple[Any, Any]] = field(default_factory=set)
    #: Deliverables whose own data, cells, or place changed (also inserted and removed ones).
    deliverables: set[Any] = field(default_factory=set)
    #: Groups whose own data or place changed.
    groups: set[Any] = field(default_factory=set)
    #: Roles whose own data, cells, holders, or place changed.
    roles: set[Any] = field(default_factory=set)
    #: People whose data or roles changed.
    people: set[Any] = field(default_factory=set)
    #: The order or nesting of rows changed (insert, remove, move, group, ungroup).
    rows: bool = False
    #: The order of columns or role groups changed.
    columns: bool = False
    #: The list of people changed.
    people_list: bool = False
    #: The scheme or the rule settings changed: everything must be re-checked.
    scheme: bool = False
    #: The matrix's own fields (name, properties) changed.
    meta: bool = False
    #: The edit that undoes this one.
    inverse: Edit | None = None
    _sides: tuple[int, tuple[set[Any], set[Any]]] | None = field(
        default=None, repr=False, compare=False
    )

    def merge(self, other: Change) -> None:
        """Add another change's footprint to this one (for a batch)."""
        self.cells |= other.cells
        self.deliverables |= other.deliverables
        self.groups |= other.groups
        self.roles |= other.roles
        self.people |= other.people
        self.rows |= other.rows
        self.columns |= other.columns
        self.people_list |= other.people_list
        self.scheme |= other.scheme
        self.meta |= other.meta

    @property
    def structural(self) -> bool:
        return self.rows or self.columns or self.people_list or self.scheme

    def cell_sides(self) -> tuple[set[Any], set[Any]]:
        """The deliverables and the roles of the changed cells, worked out once (a Delete on
        every cell of a big matrix changes half a million cells)."""
        if self._sides is None or self._sides[0] != len(self.cells):
            cells = self.cells
            sides = (set(map(itemgetter(0), cells)), set(map(itemgetter(1), cells)))
            self._sides = (len(cells), sides)
        return self._sides[1]
