"""After any sequence of edits, the incremental checker agrees with a fresh full check."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ramdesk.model import Matrix, SetCells
from ramdesk.rules import Checker
from tests.benchmarks.generate import generate
from tests.model.random_edits import matrices, random_edit


def keys(checker: Checker) -> set[tuple]:
    return {p.key() for p in checker.all()}


def assert_same_as_fresh(matrix: Matrix, checker: Checker) -> None:
    fresh = Checker(matrix)
    try:
        assert keys(checker) == keys(fresh)
        assert checker.counts() == fresh.counts()
        assert checker.health() == fresh.health()
        assert checker.invalid_deliverables() == fresh.invalid_deliverables()
        for d in matrix.deliverables:
            assert {p.key() for p in checker.problems(deliverable=d)} == {
                p.key() for p in fresh.problems(deliverable=d)
            }
        for r in matrix.roles:
            assert {p.key() for p in checker.problems(role=r)} == {
                p.key() for p in fresh.problems(role=r)
            }
        for person in matrix.people:
            assert {p.key() for p in checker.problems(person=person)} == {
                p.key() for p in fresh.problems(person=person)
            }
    finally:
        fresh.close()


@given(matrices(), st.data())
def test_incremental_check_equals_a_full_check_after_random_edits(matrix: Matrix, data) -> None:
    checker = Checker(matrix)
    checker.refresh()
    undo = []
    for _ in range(data.draw(st.integers(1, 10))):
        edit = random_edit(data.draw, matrix)
        if edit is None:
            continue
        undo.append(matrix.apply(edit).inverse)
        if data.draw(st.booleans()):  # refresh after some edits, let others pile up
            checker.refresh()
            assert_same_as_fresh(matrix, checker)
    assert_same_as_fresh(matrix, checker)
    while undo:
        matrix.apply(undo.pop())
    assert_same_as_fresh(matrix, checker)


@given(st.data())
def test_incremental_check_on_a_realistic_matrix(data) -> None:
    matrix = generate(60, 8, seed=data.draw(st.integers(0, 3)))
    checker = Checker(matrix)
    checker.refresh()
    for _ in range(data.draw(st.integers(1, 25))):
        edit = random_edit(data.draw, matrix)
        if edit is not None:
            matrix.apply(edit)
            checker.refresh()
    assert_same_as_fresh(matrix, checker)


def test_a_single_cell_edit_refreshes_only_what_it_touched() -> None:
    matrix = generate(200, 20)
    checker = Checker(matrix)
    checker.refresh()
    d, role = matrix.deliverables[10], matrix.roles[3]
    matrix.apply(SetCells.one(d, role, "A" if matrix.code(d, role) != "A" else ""))
    refreshed = checker.refresh()
    assert not refreshed.full
    assert refreshed.deliverables <= {d}
    assert refreshed.roles <= {role}
    assert refreshed.people <= set(matrix.holders(role))
    assert_same_as_fresh(matrix, checker)


def test_health_follows_a_row_emptied_in_one_edit_even_when_no_rule_reports_it() -> None:
    from ramdesk.model import RuleSettings, SetSettings

    matrix = generate(40, 6)
    matrix.apply(SetSettings(RuleSettings({"row.empty"})))
    checker = Checker(matrix)
    d = next(d for d in matrix.deliverables if not checker.problems(deliverable=d))
    before = checker.health()
    matrix.apply(SetCells([(d, role, "") for role in matrix.roles]))
    assert checker.health() < before
    assert d in checker.invalid_deliverables()
    assert_same_as_fresh(matrix, checker)


def test_an_edit_of_much_of_the_matrix_is_checked_in_full() -> None:
    from ramdesk.rules import checker as checker_module

    matrix = generate(300, 20)
    checker = Checker(matrix)
    checker.refresh()
    ds, rs = matrix.deliverables, matrix.roles
    small = SetCells([(d, rs[2], "A") for d in ds[:5]])
    matrix.apply(small)
    assert not checker.refresh().full
    big = [(d, r, "R" if (i + j) % 3 else "") for i, d in enumerate(ds) for j, r in enumerate(rs)]
    assert len(big) > checker_module.LARGE_CELLS
    change = matrix.apply(SetCells(big, "Fill"))
    matrix.apply(SetCells.one(ds[0], rs[0], "A"))  # edits after it pile up on the full check
    assert checker.refresh().full
    assert_same_as_fresh(matrix, checker)
    matrix.apply(SetCells.one(ds[0], rs[0], ""))
    matrix.apply(change.inverse)
    assert checker.refresh().full
    assert_same_as_fresh(matrix, checker)


@given(matrices(), st.data())
def test_full_checks_of_large_edits_mixed_with_item_by_item_ones(matrix: Matrix, data) -> None:
    from ramdesk.rules import checker as checker_module

    saved = checker_module.LARGE_CELLS
    checker_module.LARGE_CELLS = data.draw(st.integers(0, 6))
    try:
        checker = Checker(matrix)
        checker.refresh()
        for _ in range(data.draw(st.integers(1, 8))):
            edit = random_edit(data.draw, matrix)
            if edit is not None:
                matrix.apply(edit)
                if data.draw(st.booleans()):
                    checker.refresh()
        assert_same_as_fresh(matrix, checker)
    finally:
        checker_module.LARGE_CELLS = saved
