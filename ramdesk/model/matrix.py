"""The Matrix: deliverables x roles, people who hold roles, codes in cells; networkx inside.

The graph is a DiGraph (networkx's layout; networkx itself is imported only for graph
questions, see .graph) with four kinds of edge:
    person --holds--> role --codes--> deliverable --in--> group --in--> group
A cell is the edge role -> deliverable; its data dict is shared by every cell with the same text
(so a filled cell costs two dict entries and nothing more), and is never mutated in place.
Counters per deliverable and per role are kept on every write so checks never re-scan, and so
is an index of the few cells the cell checks must look at (several codes, or an unknown one).
Nothing outside this package touches the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

from . import bulk
from .builtin_schemes import RACI
from .change import Change
from .codes import join_codes, normalize, split_codes
from .graph import DiGraph
from .items import Deliverable, Group, Item, Person, Role, RoleGroup, Row
from .scheme import RuleSettings, Scheme

if TYPE_CHECKING:
    import networkx as nx

_HOLDS: dict[str, str] = {"rel": "holds"}
_IN: dict[str, str] = {"rel": "in"}
_EMPTY: frozenset = frozenset()


class Matrix(bulk.Loading):
    """A responsibility assignment matrix."""

    def __init__(self, name: str = "Untitled matrix", scheme: Scheme = RACI) -> None:
        self.name = name
        self._scheme = scheme
        #: The scheme's letters: a cell holding anything else is odd (see odd_cells).
        self._known: frozenset[str] = frozenset(scheme.letters)
        self._canonical_cache: dict[str, str] = {}
        self.settings = RuleSettings()
        #: Free fields shown in titles and printouts (version, author, project ...).
        self.properties: dict[str, str] = {}
        #: Where the matrix was read from (set by readers; used to write back).
        self.source: Any = None
        self._g = DiGraph()
        # The graph's adjacency dicts, read directly on hot paths (cells are read millions of
        # times; the public views cost a wrapper object per access).
        self._succ: dict[Any, dict[Any, dict]] = self._g._succ
        self._pred: dict[Any, dict[Any, dict]] = self._g._pred
        self._top: list[Row] = []
        self._roles: list[Role] = []
        self._role_groups: list[RoleGroup] = []
        self._people: list[Person] = []
        self._notes: dict[tuple[Deliverable, Role], str] = {}
        self._row_counts: dict[Deliverable, dict[str, int]] = {}
        self._role_counts: dict[Role, dict[str, int]] = {}
        # Per role and code, the deliverables holding it: lets the person checks intersect
        # two roles' approvals as sets instead of walking every cell a person can reach.
        # Worked out for a role when first asked for (see _code_rows), then kept on writes.
        self._role_code_rows: dict[Role, dict[str, set[Deliverable]]] = {}
        self._row_multi: dict[Deliverable, int] = {}
        # Per deliverable, the roles whose cell holds several codes or a code the scheme does
        # not know, in the order they became so (dicts as ordered sets).
        self._odd: dict[Deliverable, dict[Role, None]] = {}
        self._listeners: list[Callable[[Change], None]] = []
        self._rows_cache: tuple[Row, ...] | None = None
        self._deliverables_cache: tuple[Deliverable, ...] | None = None
        self._row_index: dict[Row, int] | None = None
        self._deliverable_index: dict[Deliverable, int] | None = None
        self._role_index: dict[Role, int] | None = None
        self._checker: Any = None

    @property
    def scheme(self) -> Scheme:
        return self._scheme

    @scheme.setter
    def scheme(self, scheme: Scheme) -> None:
        self._scheme = scheme
        self._canonical_cache = {}
        known = frozenset(scheme.letters)
        if known != self._known:
            self._known = known
            self._odd = bulk.odd_cells(self)

    # ------------------------------------------------------------------ reading: rows
    @property
    def rows(self) -> tuple[Row, ...]:
        """Groups and deliverables in display order (a group comes before its children)."""
        if self._rows_cache is None:
            out: list[Row] = []
            stack: list[Iterator[Row]] = [iter(self._top)]
            while stack:
                for row in stack[-1]:
                    out.append(row)
                    if isinstance(row, Group):
                        stack.append(iter(row.children))
                        break
                else:
                    stack.pop()
            self._rows_cache = tuple(out)
        return self._rows_cache

    @property
    def deliverables(self) -> tuple[Deliverable, ...]:
        """Deliverables in display order."""
        if self._deliverables_cache is None:
            self._deliverables_cache = tuple(r for r in self.rows if isinstance(r, Deliverable))
        return self._deliverables_cache

    @property
    def groups(self) -> tuple[Group, ...]:
        return tuple(r for r in self.rows if isinstance(r, Group))

    @property
    def top_level(self) -> tuple[Row, ...]:
        return tuple(self._top)

    def children(self, parent: Group | None) -> tuple[Row, ...]:
        return tuple(self._top if parent is None else parent.children)

    def row_index(self, row: Row) -> int:
        if self._row_index is None:
            self._row_index = {r: i for i, r in enumerate(self.rows)}
        return self._row_index[row]

    def index(self, deliverable: Deliverable) -> int:
        """Position of a deliverable among the deliverables."""
        if self._deliverable_index is None:
            self._deliverable_index = {d: i for i, d in enumerate(self.deliverables)}
        return self._deliverable_index[deliverable]

    def depth(self, row: Row) -> int:
        depth, parent = 0, row.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        return depth

    def path(self, row: Row) -> tuple[Group, ...]:
        """The groups a row sits in, outermost first."""
        out: list[Group] = []
        parent = row.parent
        while parent is not None:
            out.append(parent)
            parent = parent.parent
        return tuple(reversed(out))

    def deliverables_in(self, group: Group) -> list[Deliverable]:
        """Every deliverable under a group, at any depth, in display order."""
        out: list[Deliverable] = []
        stack: list[Row] = list(reversed(group.children))
        while stack:
            row = stack.pop()
            if isinstance(row, Deliverable):
                out.append(row)
            else:
                stack.extend(reversed(row.children))
        return out

    def contains(self, item: Item) -> bool:
        return item in self._g

    # ------------------------------------------------------------------ reading: columns, people
    @property
    def roles(self) -> tuple[Role, ...]:
        return tuple(self._roles)

    @property
    def role_groups(self) -> tuple[RoleGroup, ...]:
        return tuple(self._role_groups)

    def role_index(self, role: Role) -> int:
        if self._role_index is None:
            self._role_index = {r: i for i, r in enumerate(self._roles)}
        return self._role_index[role]

    @property
    def people(self) -> tuple[Person, ...]:
        return tuple(self._people)

    def holders(self, role: Role) -> tuple[Person, ...]:
        """The people who hold a role (none: an open seat)."""
        return tuple(self._pred[role])

    def roles_of(self, person: Person) -> tuple[Role, ...]:
        """The roles a person holds, in column order."""
        held = self._succ[person]
        if len(held) < 2:
            return tuple(held)
        return tuple(sorted(held, key=self.role_index))

    def holds(self, person: Person, role: Role) -> bool:
        return role in self._succ[person]

    # ------------------------------------------------------------------ reading: cells
    def code(self, deliverable: Deliverable, role: Role) -> str:
        """The cell's text: "" for none, "A" for one code, "A/R" for two."""
        data = self._pred[deliverable].get(role)
        return data["codes"] if data is not None else ""

    def codes(self, deliverable: Deliverable, role: Role) -> tuple[str, ...]:
        data = self._pred[deliverable].get(role)
        return split_codes(data["codes"]) if data is not None else ()

    def note(self, deliverable: Deliverable, role: Role) -> str:
        return self._notes.get((deliverable, role), "")

    @property
    def notes(self) -> Mapping[tuple[Deliverable, Role], str]:
        return self._notes

    def row_cells(self, deliverable: Deliverable) -> Iterator[tuple[Role, str]]:
        """The filled cells of a row as (role, text), in no particular order."""
        for role, data in self._pred[deliverable].items():
            yield role, data["codes"]

    def filled_roles(self, deliverable: Deliverable) -> list[Role]:
        """The roles with a code on a row, in no particular order (cheaper than row_cells)."""
        return list(self._pred[deliverable])

    def column_cells(self, role: Role) -> Iterator[tuple[Deliverable, str]]:
        """The filled cells of a column as (deliverable, text), in no particular order."""
        for deliverable, data in self._succ[role].items():
            yield deliverable, data["codes"]

    def row_counts(self, deliverable: Deliverable) -> Mapping[str, int]:
        """How many cells of a row hold each code."""
        return self._row_counts[deliverable]

    def role_counts(self, role: Role) -> Mapping[str, int]:
        """How many cells of a column hold each code."""
        return self._role_counts[role]

    def deliverables_with(self, role: Role, letter: str) -> AbstractSet[Deliverable]:
        """The deliverables on which a role holds a code (a live view: do not change it)."""
        return self._code_rows(role).get(letter, _EMPTY)

    def _code_rows(self, role: Role) -> dict[str, set[Deliverable]]:
        rows = self._role_code_rows.get(role)
        if rows is None:
            rows = self._role_code_rows[role] = bulk.code_rows(self, role)
        return rows

    def filled_in_row(self, deliverable: Deliverable) -> int:
        return len(self._pred[deliverable])

    def filled_in_column(self, role: Role) -> int:
        return len(self._succ[role])

    def multi_code_cells(self, deliverable: Deliverable) -> int:
        """How many cells of a row hold more than one code."""
        return self._row_multi.get(deliverable, 0)

    def odd_cells(self, deliverable: Deliverable) -> tuple[Role, ...]:
        """The roles whose cell on a row holds several codes or a code the scheme does not
        know: the only cells a cell-level check needs to read."""
        return tuple(self._odd.get(deliverable, ()))

    def filled_cells(self) -> Iterator[tuple[Deliverable, Role, str]]:
        for role in self._roles:
            for deliverable, data in self._succ[role].items():
                yield deliverable, role, data["codes"]

    def cell_count(self) -> int:
        return sum(len(self._succ[r]) for r in self._roles)

    def code_totals(self) -> dict[str, int]:
        """How many times each code occurs in the whole matrix."""
        totals: dict[str, int] = {}
        for counts in self._role_counts.values():
            for letter, n in counts.items():
                totals[letter] = totals.get(letter, 0) + n
        return totals

    def person_codes(self, person: Person, deliverable: Deliverable) -> list[tuple[Role, str]]:
        """What a person holds on a deliverable through each of their roles."""
        cells = self._pred[deliverable]
        out = []
        for role in self._succ[person]:
            data = cells.get(role)
            if data is not None:
                out.append((role, data["codes"]))
        return out

    def reach(self, person: Person) -> set[Deliverable]:
        """Every deliverable a person has any code on, through any role."""
        out: set[Deliverable] = set()
        for role in self._succ[person]:
            out.update(self._succ[role])
        return out

    def canonical(self, text: str | None) -> str:
        """A cell text as stored: "a / r" -> "A/R", "Responsible" -> "R" (see
        Scheme.letter_for); a token the scheme does not know is kept as written, for the checks
        to flag."""
        if not text:
            return ""
        cached = self._canonical_cache.get(text)
        if cached is not None:
            return cached
        scheme = self._scheme
        out = []
        for token in split_codes(normalize(text)):
            out.append(scheme.letter_for(token) or token)
        result = join_codes(out)
        if len(self._canonical_cache) < 50_000:
            self._canonical_cache[text] = result
        return result

    # ------------------------------------------------------------------ editing
    def apply(self, edit: Any) -> Change:
        """Apply an edit (see ramdesk.model.edits); returns what changed, with its inverse."""
        change = edit.apply(self)
        self._notify(change)
        return change

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        """Call listener(change) after every applied edit."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # convenience: every one goes through an edit, so it is undoable and re-checked.
    def set_code(self, deliverable: Deliverable, role: Role, code: str) -> Change:
        from .edits import SetCells

        return self.apply(SetCells.one(deliverable, role, code))

    def add_deliverable(
        self, name: str, group: Group | None = None, index: int | None = None, description: str = ""
    ) -> Deliverable:
        from .edits import InsertRow

        row = Deliverable(name, description)
        self.apply(InsertRow(row, group, index))
        return row

    def add_group(
        self,
        name: str,
        parent: Group | None = None,
        index: int | None = None,
        description: str = "",
    ) -> Group:
        from .edits import InsertRow

        group = Group(name, description)
        self.apply(InsertRow(group, parent, index))
        return group

    def add_role(
        self,
        name: str,
        index: int | None = None,
        group: RoleGroup | None = None,
        description: str = "",
    ) -> Role:
        from .edits import InsertRole

        role = Role(name, description, group)
        self.apply(InsertRole(role, index))
        return role

    def add_role_group(self, name: str, index: int | None = None) -> RoleGroup:
        from .edits import InsertRoleGroup

        group = RoleGroup(name)
        self.apply(InsertRoleGroup(group, index))
        return group

    def add_person(self, name: str, roles: Iterable[Role] = (), email: str = "") -> Person:
        from .edits import Hold, InsertPerson

        person = Person(name, email=email)
        self.apply(InsertPerson(person))
        for role in roles:
            self.apply(Hold(person, role))
        return person

    def problems(
        self,
        deliverable: Deliverable | None = None,
        role: Role | None = None,
        person: Person | None = None,
    ) -> list:
        """The problems the checks find, most serious first; optionally only those about one
        deliverable, role and/or person."""
        return self.checker().problems(deliverable=deliverable, role=role, person=person)

    def checker(self) -> Any:
        """The incremental checker attached to this matrix (created on first use)."""
        if self._checker is None:
            from ramdesk.rules import Checker

            self._checker = Checker(self)
        return self._checker

    # ------------------------------------------------------------------ primitives (for edits)
    def _invalidate_rows(self) -> None:
        self._rows_cache = self._deliverables_cache = None
        self._row_index = self._deliverable_index = None

    def _write_cell(self, deliverable: Deliverable, role: Role, text: str) -> str:
        """Set a cell's canonical text; returns the old text. Keeps the counters."""
        cells = self._pred[deliverable]
        old_data = cells.get(role)
        old = old_data["codes"] if old_data is not None else ""
        if old == text:
            return old
        row_counts = self._row_counts[deliverable]
        role_counts = self._role_counts[role]
        code_rows = self._role_code_rows.get(role)
        known = self._known
        if old:
            old_codes = split_codes(old)
            for letter in old_codes:
                if code_rows is not None:
                    rows = code_rows[letter]
                    rows.discard(deliverable)
                    if not rows:
                        del code_rows[letter]
                n = row_counts[letter] - 1
                if n:
                    row_counts[letter] = n
                else:
                    del row_counts[letter]
                n = role_counts[letter] - 1
                if n:
                    role_counts[letter] = n
                else:
                    del role_counts[letter]
            if len(old_codes) > 1:
                n = self._row_multi[deliverable] - 1
                if n:
                    self._row_multi[deliverable] = n
                else:
                    del self._row_multi[deliverable]
            if old not in known:
                odd = self._odd[deliverable]
                del odd[role]
                if not odd:
                    del self._odd[deliverable]
        if text:
            new_codes = split_codes(text)
            for letter in new_codes:
                row_counts[letter] = row_counts.get(letter, 0) + 1
                role_counts[letter] = role_counts.get(letter, 0) + 1
                if code_rows is not None:
                    rows = code_rows.get(letter)
                    if rows is None:
                        code_rows[letter] = {deliverable}
                    else:
                        rows.add(deliverable)
            if text not in known:
                odd = self._odd.get(deliverable)
                if odd is None:
                    self._odd[deliverable] = {role: None}
                else:
                    odd[role] = None
            if len(new_codes) > 1:
                self._row_multi[deliverable] = self._row_multi.get(deliverable, 0) + 1
            data = bulk.data_for(text)
            cells[role] = data
            self._succ[role][deliverable] = data
        else:
            del cells[role]
            del self._succ[role][deliverable]
        return old

    def _write_cells(self, cells: Iterable[tuple[Deliverable, Role, str]]) -> bulk.Cells:
        """Set many cells' canonical texts at once, in order (see bulk.write_cells)."""
        return bulk.write_cells(self, cells)

    def _write_note(self, deliverable: Deliverable, role: Role, note: str) -> str:
        old = self._notes.pop((deliverable, role), "")
        if note:
            self._notes[(deliverable, role)] = note
        return old

    def _siblings(self, parent: Group | None) -> list[Row]:
        return self._top if parent is None else parent.children

    def _attach_row(self, row: Row, parent: Group | None, index: int | None) -> None:
        siblings = self._siblings(parent)
        siblings.insert(len(siblings) if index is None else index, row)
        row.parent = parent
        if parent is not None:
            self._g.add_edge(row, parent)
            self._succ[row][parent] = self._pred[parent][row] = _IN
        self._invalidate_rows()

    def _detach_row(self, row: Row) -> tuple[Group | None, int]:
        parent = row.parent
        siblings = self._siblings(parent)
        index = siblings.index(row)
        del siblings[index]
        if parent is not None:
            self._g.remove_edge(row, parent)
        row.parent = None
        self._invalidate_rows()
        return parent, index

    def _add_row_nodes(self, row: Row) -> None:
        """Add a detached row (and, for a group, its whole subtree) to the graph."""
        self._g.add_node(row)
        if isinstance(row, Deliverable):
            self._row_counts[row] = {}
        else:
            for child in row.children:
                self._add_row_nodes(child)
                self._succ[child][row] = self._pred[row][child] = _IN

    def _remove_row_nodes(self, row: Row) -> None:
        if isinstance(row, Group):
            for child in row.children:
                self._remove_row_nodes(child)
        else:
            for role, _text in list(self.row_cells(row)):
                self._write_cell(row, role, "")
            if self._notes:
                for role in self._roles:  # a note may sit on an empty cell
                    self._notes.pop((row, role), None)
            del self._row_counts[row]
        self._g.remove_node(row)

    def _insert_role(self, role: Role, index: int | None) -> None:
        self._roles.insert(len(self._roles) if index is None else index, role)
        self._g.add_node(role)
        self._role_counts[role] = {}
        self._role_index = None

    def _remove_role(self, role: Role) -> int:
        index = self._roles.index(role)
        for deliverable, _text in list(self.column_cells(role)):
            self._write_cell(deliverable, role, "")
        for key in [key for key in self._notes if key[1] is role]:
            del self._notes[key]  # a note may sit on an empty cell
        del self._roles[index]
        del self._role_counts[role]
        self._role_code_rows.pop(role, None)
        self._g.remove_node(role)
        self._role_index = None
        return index

    def _move_role(self, role: Role, index: int) -> int:
        old = self._roles.index(role)
        del self._roles[old]
        self._roles.insert(index, role)
        self._role_index = None
        return old

    def _hold(self, person: Person, role: Role) -> None:
        self._g.add_edge(person, role)
        self._succ[person][role] = self._pred[role][person] = _HOLDS

    def _release(self, person: Person, role: Role) -> None:
        self._g.remove_edge(person, role)

    def _insert_person(self, person: Person, index: int | None) -> None:
        self._people.insert(len(self._people) if index is None else index, person)
        self._g.add_node(person)

    def _remove_person(self, person: Person) -> int:
        index = self._people.index(person)
        del self._people[index]
        self._g.remove_node(person)
        return index

    # ------------------------------------------------------------------ comparing
    def snapshot(self) -> dict[str, Any]:
        """Everything the matrix holds as plain data, items named by position (for tests)."""
        rows = self.rows
        row_pos = {r: i for i, r in enumerate(rows)}
        role_pos = {r: i for i, r in enumerate(self._roles)}
        group_pos = {g: i for i, g in enumerate(self._role_groups)}
        return {
            "name": self.name,
            "properties": dict(self.properties),
            "scheme": self.scheme.to_dict(),
            "settings": self.settings.to_dict(),
            "rows": [
                (
                    r.kind,
                    r.name,
                    r.description,
                    row_pos[r.parent] if r.parent is not None else None,
                    dict(r.attributes) if isinstance(r, Deliverable) else None,
                )
                for r in rows
            ],
            "role_groups": [(g.name, g.description) for g in self._role_groups],
            "roles": [
                (r.name, r.description, group_pos.get(r.group), r.is_person) for r in self._roles
            ],
            "people": [
                (p.name, p.description, p.email, sorted(role_pos[r] for r in self._succ[p]))
                for p in self._people
            ],
            "cells": sorted((row_pos[d], role_pos[r], text) for d, r, text in self.filled_cells()),
            "notes": sorted(
                (row_pos[d], role_pos[r], note) for (d, r), note in self._notes.items()
            ),
        }

    def graph_view(self) -> nx.DiGraph:
        """A read-only networkx view of the relationship graph, for graph questions in the core."""
        return self._g.as_networkx()

    def __repr__(self) -> str:
        return (
            f"<Matrix {self.name!r} {self.scheme.name}: {len(self.deliverables)} deliverables, "
            f"{len(self._roles)} roles, {len(self._people)} people>"
        )
