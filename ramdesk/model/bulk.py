"""Filling a matrix from a whole grid of texts at once (readers of large files).

The cells of a 10,000 x 200 sheet are stored a row and a column at a time with C-level
iteration (`compress`, `zip`, `map`, `Counter`): no Python work per cell, only per row, per
column and per distinct text.
"""

from __future__ import annotations

import gc
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import compress, groupby, repeat, zip_longest
from operator import eq, is_not, itemgetter, not_
from typing import TYPE_CHECKING

from .codes import split_codes

if TYPE_CHECKING:
    from .items import Deliverable, Group, Person, Role, Row
    from .matrix import Matrix

#: Text -> the one edge data dict every cell holding it shares.
_cell_data: dict[str, dict[str, str]] = {}


def data_for(text: str) -> dict[str, str]:
    """The shared, never mutated data dict of the cells holding a text."""
    data = _cell_data.get(text)
    if data is None:
        text = sys.intern(text)
        data = _cell_data[text] = {"rel": "codes", "codes": text}
    return data


class CellData(dict):
    """Text -> the shared data dict of cells holding it (for bulk loading)."""

    def __missing__(self, text: str) -> dict[str, str]:
        data = self[text] = data_for(text)
        return data


class Loading:
    """Matrix's loaders for readers: no undo record, no notification."""

    def load_row(self: Matrix, row: Row, parent: Group | None = None) -> None:
        """Append a row while building a matrix."""
        self._add_row_nodes(row)
        self._attach_row(row, parent, None)

    def load_role(self: Matrix, role: Role) -> None:
        """Append a role while building a matrix."""
        if role.group is not None and role.group not in self._role_groups:
            self._role_groups.append(role.group)
        self._insert_role(role, None)

    def load_person(self: Matrix, person: Person, roles: Iterable[Role] = ()) -> None:
        """Append a person while building a matrix."""
        self._insert_person(person, None)
        for role in roles:
            self._hold(person, role)

    def load_cells(self: Matrix, cells: Iterable[tuple[Deliverable, Role, str]]) -> None:
        """Fill cells (canonical text) while building a matrix."""
        write = self._write_cell
        for deliverable, role, text in cells:
            write(deliverable, role, text)

    def load_grid(
        self: Matrix, deliverables: list[Deliverable], roles: list[Role], texts: list
    ) -> None:
        """Fill freshly loaded, empty deliverables from a grid of canonical texts (texts[i][j] for
        deliverables[i] and roles[j], "" for none; rows may be lists or tuples): the same result
        as load_cells, built a row and a column at a time so that reading a large file costs no
        Python work per cell."""
        load_grid(self, deliverables, roles, texts, CellData())

    def load_note(self: Matrix, deliverable: Deliverable, role: Role, note: str) -> None:
        self._write_note(deliverable, role, note)


def load_grid(
    matrix: Matrix,
    deliverables: list[Deliverable],
    roles: list[Role],
    texts: list,
    data_of: dict[str, dict[str, str]],
) -> None:
    """Fill freshly loaded, empty deliverables: texts[i][j] is the canonical text of
    deliverables[i] x roles[j] ("" for none). `data_of` gives each text's shared edge data."""
    pred, succ = matrix._pred, matrix._succ
    row_counts, row_multi, odd = matrix._row_counts, matrix._row_multi, matrix._odd
    known = matrix._known
    letters_of: dict[str, tuple[str, ...]] = {}
    for deliverable, row in zip(deliverables, texts, strict=False):
        cells = pred[deliverable]
        if cells:
            raise ValueError("load_grid fills empty deliverables only")
        filled = list(compress(row, row))
        if not filled:
            continue
        holders = list(compress(roles, row))
        cells.update(zip(holders, map(data_of.__getitem__, filled), strict=False))
        counts = row_counts[deliverable]
        multi = 0
        counted = Counter(filled)
        for text, n in counted.items():
            letters = letters_of.get(text)
            if letters is None:
                letters = letters_of[text] = split_codes(text)
            for letter in letters:
                counts[letter] = counts.get(letter, 0) + n
            if len(letters) > 1:
                multi += n
        if multi:
            row_multi[deliverable] = multi
        if not known.issuperset(counted):
            # Cells holding several codes or one the scheme does not know: the checks visit
            # only these (see Matrix.odd_cells).
            unusual = counted.keys() - known
            odd[deliverable] = dict.fromkeys(compress(holders, map(unusual.__contains__, filled)))
    columns = zip_longest(*texts, fillvalue="")
    for role, column in zip(roles, columns, strict=False):
        filled = list(compress(column, column))
        if not filled:
            continue
        succ[role].update(
            zip(compress(deliverables, column), map(data_of.__getitem__, filled), strict=False)
        )
        counts = matrix._role_counts[role]
        for text, n in Counter(filled).items():
            for letter in letters_of.get(text) or split_codes(text):
                counts[letter] = counts.get(letter, 0) + n
        # Per code, the rows holding it: worked out again when first asked for.
        matrix._role_code_rows.pop(role, None)


class Cells(Sequence):
    """(deliverable, role, text) triples kept as three lists: what a bulk edit wrote over, kept
    for its undo. Three objects instead of one tuple per cell, so the garbage collector does
    not have hundreds of thousands more objects to scan for each bulk edit in the history."""

    __slots__ = ("deliverables", "roles", "texts")

    def __init__(
        self, deliverables: list | None = None, roles: list | None = None, texts: list | None = None
    ) -> None:
        self.deliverables: list[Deliverable] = deliverables if deliverables is not None else []
        self.roles: list[Role] = roles if roles is not None else []
        self.texts: list[str] = texts if texts is not None else []

    def append(self, deliverable: Deliverable, role: Role, text: str) -> None:
        self.deliverables.append(deliverable)
        self.roles.append(role)
        self.texts.append(text)

    def reversed(self) -> Cells:
        return Cells(self.deliverables[::-1], self.roles[::-1], self.texts[::-1])

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return Cells(self.deliverables[index], self.roles[index], self.texts[index])
        return self.deliverables[index], self.roles[index], self.texts[index]

    def __iter__(self) -> Iterator[tuple[Deliverable, Role, str]]:
        return zip(self.deliverables, self.roles, self.texts, strict=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(map(eq, self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Cells({len(self)} cells)"


#: Stands for an empty cell while cells are written in bulk (never stored).
NO_DATA: dict[str, str] = {"rel": "codes", "codes": ""}
_FIRST, _ROLE, _TEXT = itemgetter(0), itemgetter(1), itemgetter(2)
_CODES = itemgetter("codes")


def write_cells(matrix: Matrix, cells: Iterable[tuple[Deliverable, Role, str]]) -> Cells:
    """Set many cells' canonical texts at once, in order; returns (deliverable, role, old
    text) of each write that changed a cell. The counters of the rows and columns touched
    are counted again afterwards (see recount), not kept cell by cell; the odd cells of a
    touched row are then listed in the row's cell order."""
    data_of = CellData()
    data_of[""] = NO_DATA
    changed = Cells()
    for deliverable, run in groupby(cells, _FIRST):
        write_row(matrix, deliverable, list(run), data_of, changed)
    if changed:
        recount(matrix, set(changed.deliverables), set(changed.roles))
    return changed


def write_row(
    matrix: Matrix,
    deliverable: Deliverable,
    run: list[tuple[Deliverable, Role, str]],
    data_of: dict[str, dict[str, str]],
    changed: Cells,
) -> None:
    """Write a run of one row's cells (canonical texts, in order) without keeping counters;
    append (deliverable, role, old text) of each change to `changed`. A run of distinct roles
    is written in C (compared, stored and removed a map at a time); see Matrix._write_cells."""
    row, succ = matrix._pred[deliverable], matrix._succ
    roles = list(map(_ROLE, run))
    if len(run) < 8 or len(set(roles)) != len(roles):
        for _d, role, text in run:
            old_data = row.get(role, NO_DATA)
            new_data = data_of[text]
            if old_data is new_data:
                continue
            if new_data is NO_DATA:
                del row[role]
                del succ[role][deliverable]
            else:
                row[role] = succ[role][deliverable] = new_data
            changed.append(deliverable, role, old_data["codes"])
        return
    olds = list(map(row.get, roles, repeat(NO_DATA)))
    news = list(map(data_of.__getitem__, map(_TEXT, run)))
    differ = list(map(is_not, olds, news))
    if not any(differ):
        return
    roles = list(compress(roles, differ))
    olds = list(compress(olds, differ))
    news = list(compress(news, differ))
    stored = list(map(is_not, news, repeat(NO_DATA)))
    put, put_data = list(compress(roles, stored)), list(compress(news, stored))
    row.update(zip(put, put_data, strict=True))
    _drain(map(dict.__setitem__, map(succ.__getitem__, put), repeat(deliverable), put_data))
    gone = list(compress(roles, map(not_, stored)))
    _drain(map(row.__delitem__, gone))
    _drain(map(dict.__delitem__, map(succ.__getitem__, gone), repeat(deliverable)))
    changed.deliverables.extend(repeat(deliverable, len(roles)))
    changed.roles.extend(roles)
    changed.texts.extend(map(_CODES, olds))


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """No cyclic garbage collection while a bulk edit makes hundreds of thousands of tuples:
    each pass would rescan every live object of a big matrix (reference counting still frees
    what is dropped)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _drain(calls: Iterable) -> None:
    """Run the calls of a lazy map, in C."""
    deque(calls, maxlen=0)


def recount(matrix: Matrix, deliverables: Iterable[Deliverable], roles: Iterable[Role]) -> None:
    """Count again the codes of some rows and columns from their cells (after a bulk write):
    the per-row and per-column counters, several-code cells, the odd-cell index, and the rows
    holding each code (dropped, to be worked out again when asked for)."""
    pred, succ = matrix._pred, matrix._succ
    known = matrix._known
    row_multi, odd = matrix._row_multi, matrix._odd
    letters_of: dict[str, tuple[str, ...]] = {}
    texts = itemgetter("codes")

    def count(cells: dict, counts: dict[str, int]) -> tuple[Counter, int]:
        counted = Counter(map(texts, cells.values()))
        counts.clear()
        multi = 0
        for text, n in counted.items():
            letters = letters_of.get(text)
            if letters is None:
                letters = letters_of[text] = split_codes(text)
            for letter in letters:
                counts[letter] = counts.get(letter, 0) + n
            if len(letters) > 1:
                multi += n
        return counted, multi

    row_counts = matrix._row_counts
    for deliverable in deliverables:
        cells = pred[deliverable]
        counted, multi = count(cells, row_counts[deliverable])
        if multi:
            row_multi[deliverable] = multi
        else:
            row_multi.pop(deliverable, None)
        if known.issuperset(counted):
            odd.pop(deliverable, None)
        else:
            unusual = counted.keys() - known
            odd[deliverable] = {r: None for r, data in cells.items() if data["codes"] in unusual}
    role_counts, code_rows = matrix._role_counts, matrix._role_code_rows
    for role in roles:
        count(succ[role], role_counts[role])
        code_rows.pop(role, None)


def code_rows(matrix: Matrix, role: Role) -> dict[str, set[Deliverable]]:
    """Per code, the deliverables on which a role holds it (a pass in C per distinct text)."""
    cells = matrix._succ[role]
    holders = list(cells)
    texts = list(map(itemgetter("codes"), cells.values()))
    distinct = set(texts)
    out: dict[str, set[Deliverable]] = {}
    if len(distinct) > 40:  # many odd texts: one pass in Python instead
        for deliverable, text in zip(holders, texts, strict=True):
            for letter in split_codes(text):
                out.setdefault(letter, set()).add(deliverable)
        return out
    for text in distinct:
        holding = list(compress(holders, map(eq, texts, repeat(text))))
        for letter in split_codes(text):
            held = out.get(letter)
            if held is None:
                out[letter] = set(holding)
            else:
                held.update(holding)
    return out


def odd_cells(matrix: Matrix) -> dict[Deliverable, dict[Role, None]]:
    """The index of Matrix.odd_cells worked out from every cell (after a change of scheme)."""
    known = matrix._known
    out: dict[Deliverable, dict[Role, None]] = {}
    for role in matrix._roles:
        for deliverable, data in matrix._succ[role].items():
            if data["codes"] not in known:
                out.setdefault(deliverable, {})[role] = None
    return out
