"""Setting many cells at once (a paste, a fill, clearing a selection) is the same as setting them
one by one: cells, counters, odd cells, the rows holding each code, the footprint and the undo."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramdesk.model import Deliverable, Matrix, SetCells, edits
from ramdesk.model.serialize import from_data, to_data
from tests.benchmarks.generate import generate

from .random_edits import cell_texts, matrices


def _state(m: Matrix) -> dict:
    ds, rs = m.deliverables, m.roles
    return {
        "snapshot": m.snapshot(),
        "row_counts": [dict(m.row_counts(d)) for d in ds],
        "role_counts": [dict(m.role_counts(r)) for r in rs],
        "multi": [m.multi_code_cells(d) for d in ds],
        "odd": [{rs.index(r) for r in m.odd_cells(d)} for d in ds],
        "with": [
            {
                letter: {ds.index(d) for d in m.deliverables_with(r, letter)}
                for letter in (*m.scheme.letters, "zz", "X")
            }
            for r in rs
        ],
    }


def _twins(matrix: Matrix) -> tuple[Matrix, Matrix]:
    data = to_data(matrix)
    return from_data(data), from_data(data)


@given(matrices(max_rows=8, max_roles=12), st.data())
def test_many_cells_at_once_equal_one_by_one(matrix: Matrix, data) -> None:
    one, many = _twins(matrix)
    if not one.deliverables or not one.roles:
        return
    # Rows holding each code worked out before the edit in one of them (kept, or dropped).
    for r in many.roles:
        many.deliverables_with(r, "R")
    picks = data.draw(
        st.lists(
            st.tuples(
                st.integers(0, len(one.deliverables) - 1),
                st.integers(0, len(one.roles) - 1),
                cell_texts(one.scheme),
            ),
            max_size=60,
        )
    )
    if data.draw(st.booleans()):  # a row at a time, as the grid lists a selection
        picks.sort(key=lambda pick: pick[0])

    def cells(m: Matrix) -> list:
        return [(m.deliverables[i], m.roles[j], text) for i, j, text in picks]

    saved = edits.BULK_CELLS
    try:
        edits.BULK_CELLS = 10**9
        change_one = one.apply(SetCells(cells(one)))
        edits.BULK_CELLS = -1
        change_many = many.apply(SetCells(cells(many)))
        assert _state(many) == _state(one)

        def footprint(m: Matrix, change) -> tuple:
            ds, rs = m.deliverables, m.roles
            return (
                {(ds.index(d), rs.index(r)) for d, r in change.cells},
                {ds.index(d) for d in change.deliverables},
                {rs.index(r) for r in change.roles},
            )

        assert footprint(many, change_many) == footprint(one, change_one)
        before = _state(from_data(to_data(matrix)))
        one.apply(change_one.inverse)
        many.apply(change_many.inverse)
        assert _state(many) == _state(one) == before
    finally:
        edits.BULK_CELLS = saved


def test_a_big_paste_and_its_undo_on_a_realistic_matrix() -> None:
    m = generate(400, 30)
    before = _state(m)
    ds, rs = m.deliverables, m.roles
    block = [
        (d, r, "a / r" if (i + j) % 5 else "zz")
        for i, d in enumerate(ds[50:150])
        for j, r in enumerate(rs[3:20])
    ]
    assert len(block) > edits.BULK_CELLS
    change = m.apply(SetCells(block, "Paste"))
    assert m.code(ds[51], rs[4]) == "A/R" and m.code(ds[50], rs[3]) == "zz"
    assert rs[3] in m.odd_cells(ds[50])
    again = from_data(to_data(m))
    assert _state(again)["row_counts"] == _state(m)["row_counts"]
    assert _state(again)["role_counts"] == _state(m)["role_counts"]
    m.apply(change.inverse)
    assert _state(m) == before


def test_a_bulk_edit_outside_the_matrix_changes_nothing() -> None:
    m = generate(60, 8)
    before = m.snapshot()
    cells = [(d, r, "") for d in m.deliverables for r in m.roles]
    cells.append((Deliverable("Elsewhere"), m.roles[0], "R"))
    assert len(cells) > edits.BULK_CELLS
    with pytest.raises(ValueError):
        m.apply(SetCells(cells))
    assert m.snapshot() == before
