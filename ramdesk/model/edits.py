"""Edits are data with an inverse: apply one to a Matrix and get back a Change with its undo."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from .bulk import Cells, no_cyclic_gc
from .change import Change
from .codes import normalize
from .items import Deliverable, Group, Item, Person, Role, RoleGroup, Row
from .scheme import RuleSettings, Scheme

if TYPE_CHECKING:
    from .matrix import Matrix


class Edit:
    """Base of all edits. `apply` changes the matrix and returns a Change holding the inverse."""

    label = "Edit"

    def apply(self, matrix: Matrix) -> Change:  # pragma: no cover - abstract
        raise NotImplementedError


# ---------------------------------------------------------------------------- cells
@dataclass
class SetCells(Edit):
    """Set the codes of one or more cells (a typed letter, a paste, a fill)."""

    cells: Sequence[tuple[Deliverable, Role, str]]
    label: str = "Set codes"
    #: The texts are stored exactly as given (an undo restoring what was there), not read
    #: through the scheme.
    raw: bool = False

    @classmethod
    def one(cls, deliverable: Deliverable, role: Role, code: str) -> SetCells:
        text = normalize(code)
        what = f"Set {text}" if text else "Clear"
        return cls(
            ((deliverable, role, text),), f"{what} on “{deliverable.name}” for “{role.name}”"
        )

    def apply(self, matrix: Matrix) -> Change:
        if len(self.cells) > BULK_CELLS:
            with no_cyclic_gc():
                return self._apply_bulk(matrix)
        change = Change()
        undo: list[tuple[Deliverable, Role, str]] = []
        canonical = matrix.canonical
        contains = matrix.contains
        for deliverable, role, _text in self.cells:
            if not (
                isinstance(deliverable, Deliverable)
                and isinstance(role, Role)
                and contains(deliverable)
                and contains(role)
            ):
                raise ValueError("a cell can only be set on a deliverable and role of the matrix")
        for deliverable, role, text in self.cells:
            if not self.raw:
                text = canonical(text)
            old = matrix._write_cell(deliverable, role, text)
            if old != text:
                undo.append((deliverable, role, old))
                change.cells.add((deliverable, role))
                change.deliverables.add(deliverable)
                change.roles.add(role)
        undo.reverse()
        change.inverse = SetCells(tuple(undo), self.label, raw=True)
        return change

    def _apply_bulk(self, matrix: Matrix) -> Change:
        """The same as apply for many cells (a paste, a fill, clearing a selection): checked
        per distinct row, role and text, written in one pass, counters counted again after."""
        cells = self.cells
        if isinstance(cells, Cells):  # an undo: its columns as they are
            rows, roles = set(cells.deliverables), set(cells.roles)
        else:
            rows, roles = set(map(_FIRST, cells)), set(map(_SECOND, cells))
        contains = matrix.contains
        if not all(isinstance(d, Deliverable) and contains(d) for d in rows) or not all(
            isinstance(r, Role) and contains(r) for r in roles
        ):
            raise ValueError("a cell can only be set on a deliverable and role of the matrix")
        if not self.raw:
            canonical = matrix.canonical
            texts = {text: canonical(text) for text in set(map(_THIRD, cells))}
            cells = zip(
                map(_FIRST, cells),
                map(_SECOND, cells),
                map(texts.__getitem__, map(_THIRD, cells)),
                strict=True,
            )
        undo = matrix._write_cells(cells)
        change = Change()
        change.cells = set(zip(undo.deliverables, undo.roles, strict=True))
        change.deliverables = set(undo.deliverables)
        change.roles = set(undo.roles)
        change.inverse = SetCells(undo.reversed(), self.label, raw=True)
        return change


#: SetCells of more cells than this are written in one pass (see SetCells._apply_bulk).
BULK_CELLS = 200
_FIRST, _SECOND, _THIRD = itemgetter(0), itemgetter(1), itemgetter(2)


@dataclass
class SetNote(Edit):
    deliverable: Deliverable
    role: Role
    note: str
    label: str = "Set note"

    def apply(self, matrix: Matrix) -> Change:
        if not (matrix.contains(self.deliverable) and matrix.contains(self.role)):
            raise ValueError("a note can only be set on a deliverable and role of the matrix")
        old = matrix._write_note(self.deliverable, self.role, self.note)
        change = Change(cells={(self.deliverable, self.role)})
        change.inverse = SetNote(self.deliverable, self.role, old, self.label)
        return change


# ---------------------------------------------------------------------------- rows
@dataclass
class InsertRow(Edit):
    """Insert a deliverable or a group (with everything under it) under a parent at an index."""

    row: Row
    parent: Group | None = None
    index: int | None = None
    #: Cells and notes to restore (filled when this undoes a removal).
    cells: tuple[tuple[Deliverable, Role, str], ...] = ()
    notes: tuple[tuple[Deliverable, Role, str], ...] = ()
    label: str = "Insert row"

    def apply(self, matrix: Matrix) -> Change:
        if matrix.contains(self.row):
            raise ValueError(f"“{self.row.name}” is already in the matrix")
        if self.parent is not None and not matrix.contains(self.parent):
            raise ValueError(f"the group “{self.parent.name}” is not in the matrix")
        matrix._add_row_nodes(self.row)
        matrix._attach_row(self.row, self.parent, self.index)
        _restore_cells(matrix, self.cells, self.notes)
        change = _row_change(self.row)
        change.roles.update(role for _d, role, _t in self.cells)
        change.inverse = RemoveRow(self.row, self.label)
        return change


@dataclass
class RemoveRow(Edit):
    """Remove a deliverable, or a group with everything under it."""

    row: Row
    label: str = "Remove row"

    def apply(self, matrix: Matrix) -> Change:
        change = _row_change(self.row)
        cells: list[tuple[Deliverable, Role, str]] = []
        notes: list[tuple[Deliverable, Role, str]] = []
        for deliverable in change.deliverables:
            cells.extend((deliverable, role, text) for role, text in matrix.row_cells(deliverable))
            notes.extend(
                (deliverable, role, matrix.note(deliverable, role))
                for role in matrix.roles
                if matrix.note(deliverable, role)
            )
        change.roles.update(role for _d, role, _t in cells)
        parent, index = matrix._detach_row(self.row)
        matrix._remove_row_nodes(self.row)
        change.inverse = InsertRow(self.row, parent, index, tuple(cells), tuple(notes), self.label)
        return change


@dataclass
class MoveRow(Edit):
    """Move a row (and, for a group, its subtree) under another parent, at an index there."""

    row: Row
    parent: Group | None
    index: int
    label: str = "Move row"

    def apply(self, matrix: Matrix) -> Change:
        if not matrix.contains(self.row):
            raise ValueError(f"“{self.row.name}” is not in the matrix")
        if self.parent is not None and not matrix.contains(self.parent):
            raise ValueError(f"the group “{self.parent.name}” is not in the matrix")
        ancestor = self.parent
        while ancestor is not None:
            if ancestor is self.row:
                raise ValueError("a group cannot be moved into itself")
            ancestor = ancestor.parent
        old_parent, old_index = matrix._detach_row(self.row)
        matrix._attach_row(self.row, self.parent, self.index)
        change = _row_change(self.row)
        change.inverse = MoveRow(self.row, old_parent, old_index, self.label)
        return change


def _restore_cells(
    matrix: Matrix,
    cells: tuple[tuple[Deliverable, Role, str], ...],
    notes: tuple[tuple[Deliverable, Role, str], ...],
) -> None:
    """Write back the codes and notes a removal took away (an insert that undoes it)."""
    if len(cells) > BULK_CELLS:
        with no_cyclic_gc():
            matrix._write_cells(cells)
    else:
        for deliverable, role, text in cells:
            matrix._write_cell(deliverable, role, text)
    for deliverable, role, note in notes:
        matrix._write_note(deliverable, role, note)


def _row_change(row: Row) -> Change:
    change = Change(rows=True)
    stack = [row]
    while stack:
        r = stack.pop()
        if isinstance(r, Group):
            change.groups.add(r)
            stack.extend(r.children)
        else:
            change.deliverables.add(r)
    return change


# ---------------------------------------------------------------------------- columns
@dataclass
class InsertRole(Edit):
    role: Role
    index: int | None = None
    cells: tuple[tuple[Deliverable, Role, str], ...] = ()
    notes: tuple[tuple[Deliverable, Role, str], ...] = ()
    holders: tuple[Person, ...] = ()
    label: str = "Insert role"

    def apply(self, matrix: Matrix) -> Change:
        if matrix.contains(self.role):
            raise ValueError(f"the role “{self.role.name}” is already in the matrix")
        group = self.role.group
        if group is not None and group not in matrix.role_groups:
            raise ValueError(f"add the role group “{group.name}” to the matrix first")
        matrix._insert_role(self.role, self.index)
        _restore_cells(matrix, self.cells, self.notes)
        for person in self.holders:
            matrix._hold(person, self.role)
        change = Change(roles={self.role}, columns=True, people=set(self.holders))
        change.deliverables.update(d for d, _r, _t in self.cells)
        change.inverse = RemoveRole(self.role, self.label)
        return change


@dataclass
class RemoveRole(Edit):
    role: Role
    label: str = "Remove role"

    def apply(self, matrix: Matrix) -> Change:
        role = self.role
        cells = tuple((d, role, text) for d, text in matrix.column_cells(role))
        notes = tuple((d, r, n) for (d, r), n in matrix.notes.items() if r is role)
        holders = matrix.holders(role)
        index = matrix._remove_role(role)
        change = Change(roles={role}, columns=True, people=set(holders))
        change.deliverables.update(d for d, _r, _t in cells)
        change.inverse = InsertRole(role, index, cells, notes, holders, self.label)
        return change


@dataclass
class MoveRole(Edit):
    role: Role
    index: int
    label: str = "Move role"

    def apply(self, matrix: Matrix) -> Change:
        old = matrix._move_role(self.role, self.index)
        return Change(roles={self.role}, columns=True, inverse=MoveRole(self.role, old, self.label))


@dataclass
class InsertRoleGroup(Edit):
    group: RoleGroup
    index: int | None = None
    members: tuple[Role, ...] = ()
    label: str = "Insert role group"

    def apply(self, matrix: Matrix) -> Change:
        groups = matrix._role_groups
        if self.group in groups:
            raise ValueError(f"the role group “{self.group.name}” is already in the matrix")
        groups.insert(len(groups) if self.index is None else self.index, self.group)
        previous = tuple((role, role.group) for role in self.members)
        for role in self.members:
            role.group = self.group
        change = Change(roles=set(self.members), columns=True)
        change.inverse = RemoveRoleGroup(self.group, self.label, previous)
        return change


@dataclass
class RemoveRoleGroup(Edit):
    """Remove a band; its roles stay, outside any band."""

    group: RoleGroup
    label: str = "Remove role group"
    #: The bands its roles were in before (filled when this undoes an insertion).
    previous: tuple[tuple[Role, RoleGroup | None], ...] = ()

    def apply(self, matrix: Matrix) -> Change:
        index = matrix._role_groups.index(self.group)
        del matrix._role_groups[index]
        members = tuple(r for r in matrix.roles if r.group is self.group)
        for role in members:
            role.group = None
        for role, band in self.previous:
            role.group = band
        change = Change(roles=set(members), columns=True)
        change.inverse = InsertRoleGroup(self.group, index, members, self.label)
        return change


# ---------------------------------------------------------------------------- people
@dataclass
class InsertPerson(Edit):
    person: Person
    index: int | None = None
    roles: tuple[Role, ...] = ()
    label: str = "Add person"

    def apply(self, matrix: Matrix) -> Change:
        if matrix.contains(self.person):
            raise ValueError(f"“{self.person.name}” is already in the matrix")
        matrix._insert_person(self.person, self.index)
        for role in self.roles:
            matrix._hold(self.person, role)
        change = Change(people={self.person}, roles=set(self.roles), people_list=True)
        change.inverse = RemovePerson(self.person, self.label)
        return change


@dataclass
class RemovePerson(Edit):
    person: Person
    label: str = "Remove person"

    def apply(self, matrix: Matrix) -> Change:
        roles = matrix.roles_of(self.person)
        index = matrix._remove_person(self.person)
        change = Change(people={self.person}, roles=set(roles), people_list=True)
        change.inverse = InsertPerson(self.person, index, roles, self.label)
        return change


@dataclass
class Hold(Edit):
    """A person takes on a role."""

    person: Person
    role: Role
    label: str = "Assign role"

    def apply(self, matrix: Matrix) -> Change:
        _check_person_role(matrix, self.person, self.role)
        if matrix.holds(self.person, self.role):
            return Change(inverse=Batch((), self.label))
        matrix._hold(self.person, self.role)
        change = Change(people={self.person}, roles={self.role})
        change.inverse = Release(self.person, self.role, self.label)
        return change


@dataclass
class Release(Edit):
    """A person gives up a role."""

    person: Person
    role: Role
    label: str = "Unassign role"

    def apply(self, matrix: Matrix) -> Change:
        _check_person_role(matrix, self.person, self.role)
        if not matrix.holds(self.person, self.role):
            return Change(inverse=Batch((), self.label))
        matrix._release(self.person, self.role)
        change = Change(people={self.person}, roles={self.role})
        change.inverse = Hold(self.person, self.role, self.label)
        return change


def _check_person_role(matrix: Matrix, person: Person, role: Role) -> None:
    if not isinstance(person, Person) or not matrix.contains(person):
        raise ValueError(f"“{person.name}” is not a person of the matrix")
    if not isinstance(role, Role) or not matrix.contains(role):
        raise ValueError(f"“{role.name}” is not a role of the matrix")


# ---------------------------------------------------------------------------- fields
_FIELDS = {
    Deliverable: ("name", "description", "attributes"),
    Group: ("name", "description"),
    Role: ("name", "description", "group", "is_person"),
    RoleGroup: ("name", "description"),
    Person: ("name", "description", "email"),
}


@dataclass
class SetField(Edit):
    """Rename an item, or change its description or another of its fields."""

    item: Item
    field: str
    value: Any
    label: str = "Rename"

    def apply(self, matrix: Matrix) -> Change:
        if self.field not in _FIELDS[type(self.item)]:
            raise ValueError(f"{type(self.item).__name__} has no editable field {self.field!r}")
        if (
            self.field == "group"
            and self.value is not None
            and self.value not in matrix.role_groups
        ):
            raise ValueError(f"add the role group “{self.value.name}” to the matrix first")
        old = getattr(self.item, self.field)
        value = dict(self.value) if self.field == "attributes" else self.value
        setattr(self.item, self.field, value)
        change = Change(inverse=SetField(self.item, self.field, old, self.label))
        item = self.item
        if isinstance(item, Deliverable):
            change.deliverables.add(item)
        elif isinstance(item, Group):
            change.groups.add(item)
        elif isinstance(item, Role):
            change.roles.add(item)
            change.columns = self.field == "group"
        elif isinstance(item, RoleGroup):
            change.columns = True
        elif isinstance(item, Person):
            change.people.add(item)
        return change


@dataclass
class SetMatrixField(Edit):
    """Change the matrix's name or one of its properties (field "property:KEY")."""

    field: str
    value: str
    label: str = "Change matrix details"

    def apply(self, matrix: Matrix) -> Change:
        if self.field == "name":
            old = matrix.name
            matrix.name = self.value
        elif self.field.startswith("property:"):
            key = self.field.split(":", 1)[1]
            old = matrix.properties.pop(key, "")
            if self.value:
                matrix.properties[key] = self.value
        else:
            raise ValueError(f"a matrix has no field {self.field!r}")
        return Change(meta=True, inverse=SetMatrixField(self.field, old, self.label))


# ---------------------------------------------------------------------------- scheme, rules
@dataclass
class SetScheme(Edit):
    """Change the scheme; cells are rewritten through a mapping of codes (old -> new, "" drops).

    Codes the mapping does not name stay as they are (and are flagged by the checks when the new
    scheme does not know them): nothing is lost silently.
    """

    scheme: Scheme
    mapping: dict[str, str] = field(default_factory=dict)
    label: str = "Change scheme"

    def apply(self, matrix: Matrix) -> Change:
        old_scheme = matrix.scheme
        matrix.scheme = self.scheme
        rewrites: list[tuple[Deliverable, Role, str]] = []
        if self.mapping:
            for deliverable, role, text in list(matrix.filled_cells()):
                new = matrix.canonical("/".join(self.mapping.get(c, c) for c in text.split("/")))
                if new != text:
                    rewrites.append((deliverable, role, new))
        cells_change = SetCells(tuple(rewrites), raw=True).apply(matrix)
        change = Change(scheme=True)
        change.merge(cells_change)
        # Undo restores the old scheme first, then the exact old texts.
        change.inverse = Batch(
            (_RestoreScheme(old_scheme), cells_change.inverse),  # type: ignore[arg-type]
            self.label,
        )
        return change


@dataclass
class _RestoreScheme(Edit):
    scheme: Scheme
    label: str = "Change scheme"

    def apply(self, matrix: Matrix) -> Change:
        old = matrix.scheme
        matrix.scheme = self.scheme
        return Change(scheme=True, inverse=_RestoreScheme(old, self.label))


@dataclass
class SetSettings(Edit):
    """Switch rules on or off and change thresholds and weights for this matrix."""

    settings: RuleSettings
    label: str = "Change rule settings"

    def apply(self, matrix: Matrix) -> Change:
        old = matrix.settings
        matrix.settings = self.settings.copy()
        return Change(scheme=True, inverse=SetSettings(old, self.label))


# ---------------------------------------------------------------------------- batches
@dataclass
class Batch(Edit):
    """Several edits applied as one (a paste, a fill, a reassignment); undone as one."""

    edits: Iterable[Edit]
    label: str = "Edit"

    def __post_init__(self) -> None:
        self.edits = tuple(self.edits)  # a generator would be spent after the first apply

    def apply(self, matrix: Matrix) -> Change:
        change = Change()
        inverses: list[Edit] = []
        try:
            for edit in self.edits:
                part = edit.apply(matrix)
                change.merge(part)
                if part.inverse is not None:
                    inverses.append(part.inverse)
        except Exception:
            # All or nothing: take back what was already done before passing the error on.
            for inverse in reversed(inverses):
                inverse.apply(matrix)
            raise
        inverses.reverse()
        change.inverse = Batch(tuple(inverses), self.label)
        return change


def ungroup(matrix: Matrix, group: Group) -> Batch:
    """An edit that removes a group and puts its children where it stood."""
    parent = group.parent
    index = matrix.children(parent).index(group)
    moves = [MoveRow(child, parent, index + i) for i, child in enumerate(group.children)]
    return Batch((*moves, RemoveRow(group)), f"Ungroup “{group.name}”")


def indent(matrix: Matrix, row: Row) -> Edit | None:
    """Move a row into the group just above it (None when there is no such group)."""
    siblings = matrix.children(row.parent)
    i = siblings.index(row)
    if i == 0 or not isinstance(siblings[i - 1], Group):
        return None
    target = siblings[i - 1]
    return MoveRow(row, target, len(target.children), f"Indent “{row.name}”")


def outdent(matrix: Matrix, row: Row) -> Edit | None:
    """Move a row out of its group, just after it (None at the top level)."""
    parent = row.parent
    if parent is None:
        return None
    index = matrix.children(parent.parent).index(parent)
    return MoveRow(row, parent.parent, index + 1, f"Outdent “{row.name}”")
