"""The model's index of odd cells (several codes, or a code the scheme does not know): the only
cells the cell checks read, so it must always match the cells, through edits, undo, bulk loads
and changes of scheme."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ramdesk.model import RACI, Deliverable, Matrix, Role, SetCells, SetScheme, builtin_scheme
from tests.model.random_edits import matrices, random_edit


def odd_by_scanning(matrix: Matrix, d: Deliverable) -> set[Role]:
    known = set(matrix.scheme.letters)
    return {r for r in matrix.roles if matrix.code(d, r) and matrix.code(d, r) not in known}


def assert_index_matches(matrix: Matrix) -> None:
    for d in matrix.deliverables:
        odd = matrix.odd_cells(d)
        assert len(odd) == len(set(odd))
        assert set(odd) == odd_by_scanning(matrix, d), d
    # Nothing is left behind for rows that are gone.
    assert set(matrix._odd) <= set(matrix.deliverables)


@given(matrices(), st.data())
def test_odd_cells_match_the_cells_through_edits_and_undo(matrix: Matrix, data) -> None:
    assert_index_matches(matrix)
    undo = []
    for _ in range(data.draw(st.integers(1, 12))):
        edit = random_edit(data.draw, matrix)
        if edit is None:
            continue
        undo.append(matrix.apply(edit).inverse)
        assert_index_matches(matrix)
    while undo:
        matrix.apply(undo.pop())
        assert_index_matches(matrix)


def small() -> tuple[Matrix, list[Deliverable], list[Role]]:
    m = Matrix("m", RACI)
    roles = [Role(n) for n in ("Lead", "Dev", "QA")]
    for r in roles:
        m.load_role(r)
    rows = [Deliverable(n) for n in ("Plan", "Build")]
    for d in rows:
        m.load_row(d)
    return m, rows, roles


def test_a_compound_or_unknown_code_makes_a_cell_odd_and_a_plain_code_does_not() -> None:
    m, (plan, build), (lead, dev, qa) = small()
    m.load_cells([(plan, lead, "A/R"), (plan, dev, "R"), (plan, qa, "S"), (build, dev, "A")])
    assert set(m.odd_cells(plan)) == {lead, qa}
    assert m.odd_cells(build) == ()
    m.set_code(plan, lead, "A")
    assert m.odd_cells(plan) == (qa,)
    change = m.set_code(build, dev, "C/I")
    assert m.odd_cells(build) == (dev,)
    m.apply(change.inverse)
    assert m.odd_cells(build) == ()


def test_a_change_of_scheme_re_reads_which_codes_are_unknown() -> None:
    m, (plan, _build), (lead, dev, _qa) = small()
    m.load_cells([(plan, lead, "S"), (plan, dev, "A")])
    assert m.odd_cells(plan) == (lead,)
    change = m.apply(SetScheme(builtin_scheme("rasci")))
    assert "S" in m.scheme.letters
    assert m.odd_cells(plan) == ()
    m.apply(change.inverse)
    assert m.odd_cells(plan) == (lead,)


def test_a_grid_load_indexes_the_same_cells_as_loading_them_one_by_one() -> None:
    texts = [["A/R", "", "zz"], ["R", "A", ""], ["", "", ""], ["C/I", "I", "A"]]
    one, rows1, roles1 = small()
    two, rows2, roles2 = small()
    for m, rows in ((one, rows1), (two, rows2)):
        rows.extend(Deliverable(n) for n in ("Test", "Ship"))
        for d in rows[2:]:
            m.load_row(d)
    one.load_cells(
        (d, r, t)
        for d, row in zip(rows1, texts, strict=True)
        for r, t in zip(roles1, row, strict=True)
        if t
    )
    two.load_grid(rows2, roles2, [tuple(row) for row in texts])
    assert one.snapshot() == two.snapshot()
    for d1, d2 in zip(rows1, rows2, strict=True):
        assert [roles1.index(r) for r in one.odd_cells(d1)] == [
            roles2.index(r) for r in two.odd_cells(d2)
        ]
        assert one.multi_code_cells(d1) == two.multi_code_cells(d2)
    # The rows holding each code, worked out on first use, then kept by edits.
    assert two.deliverables_with(roles2[0], "A") == {rows2[0]}
    two.apply(SetCells.one(rows2[3], roles2[0], "A"))
    assert two.deliverables_with(roles2[0], "A") == {rows2[0], rows2[3]}
    two.apply(SetCells.one(rows2[0], roles2[0], ""))
    assert two.deliverables_with(roles2[0], "A") == {rows2[3]}
    assert two.deliverables_with(roles2[0], "R") == {rows2[1]}
