"""The cell checks read only the cells the model indexes as odd: they must find exactly what
reading every cell finds. And all() lists problems in the documented order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ramdesk.rules import Checker
from ramdesk.rules.checks import Context, _cell_verdict
from ramdesk.rules.problem import SEVERITY_RANK, Problem
from tests.model.random_edits import matrices, random_edit


def cell_problems_by_scanning(matrix) -> set[tuple]:
    ctx = Context(matrix)
    return {
        (rule, severity, id(d), id(role), params)
        for d, role, text in matrix.filled_cells()
        for rule, severity, params in _cell_verdict(ctx, text)
    }


def cell_problems(checker: Checker) -> set[tuple]:
    return {
        (p.rule, p.severity, id(p.deliverable), id(p.role), p.params)
        for p in checker.all()
        if p.rule.startswith("cell.")
    }


def in_documented_order(matrix, problems: list[Problem]) -> list[Problem]:
    rows = {d: i for i, d in enumerate(matrix.deliverables)}
    roles = {r: i for i, r in enumerate(matrix.roles)}
    people = {p: i for i, p in enumerate(matrix.people)}
    big = 1 << 30
    return sorted(
        problems,
        key=lambda p: (
            SEVERITY_RANK[p.severity],
            rows.get(p.deliverable, big) if p.deliverable is not None else big,
            roles.get(p.role, big) if p.role is not None else -1,
            people.get(p.person, big) if p.person is not None else -1,
            p.rule,
        ),
    )


@given(matrices(), st.data())
def test_cell_checks_find_what_reading_every_cell_finds(matrix, data) -> None:
    checker = Checker(matrix)
    assert cell_problems(checker) == cell_problems_by_scanning(matrix)
    for _ in range(data.draw(st.integers(1, 8))):
        edit = random_edit(data.draw, matrix)
        if edit is not None:
            matrix.apply(edit)
        if data.draw(st.booleans()):
            assert cell_problems(checker) == cell_problems_by_scanning(matrix)
    assert cell_problems(checker) == cell_problems_by_scanning(matrix)
    checker.close()


@given(matrices(), st.data())
def test_all_lists_the_most_serious_first_then_in_matrix_order(matrix, data) -> None:
    checker = Checker(matrix)
    for _ in range(data.draw(st.integers(0, 6))):
        edit = random_edit(data.draw, matrix)
        if edit is not None:
            matrix.apply(edit)
    found = checker.all()
    # A stable sort of a list already in order leaves it as it is.
    assert found == in_documented_order(matrix, found)
    assert [id(p) for p in found] == [id(p) for p in in_documented_order(matrix, found)]
    checker.close()
