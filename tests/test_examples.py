"""The built-in example: loads, reads like a real programme, and has exactly its intended conflicts."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from ramdesk.examples import example_matrix, example_path
from ramdesk.model import Group, Matrix
from ramdesk.model.serialize import to_data

#: The conflicts the example is built to show (rule, severity, deliverable, role, person).
INTENDED = {
    ("row.excess", "error", "Application integration design", None, None),
    ("person.double_accountable", "error", "Application integration design", None, "Wei Zhang"),
    ("person.separation", "error", "Cut-over runbook", None, "Tomás Herrera"),
    ("row.excess", "error", "Go/no-go decision", None, None),
    ("row.missing", "error", "Legacy decommissioning plan", None, None),
    ("row.apart", "warning", "User acceptance testing", "Business Owner", None),
    ("row.apart", "warning", "Operational acceptance", "Business Owner", None),
    ("person.overloaded", "warning", None, None, "Wei Zhang"),
    ("role.open_seat", "warning", None, "Identity & Access Lead", None),
    ("cell.multiple", "info", "Issue log and escalations", "Programme Manager", None),
    ("cell.multiple", "info", "Target architecture", "Technical Lead", None),
    ("cell.multiple", "info", "Test strategy", "Test Manager", None),
    ("cell.multiple", "info", "Service desk readiness", "Service Desk Lead", None),
}


def _name(item: object) -> str | None:
    return None if item is None else item.name  # type: ignore[attr-defined]


def _found(matrix: Matrix) -> set[tuple]:
    return {
        (p.rule, p.severity, _name(p.deliverable), _name(p.role), _name(p.person))
        for p in matrix.problems()
    }


def test_the_example_has_exactly_its_intended_conflicts() -> None:
    matrix = example_matrix()
    assert _found(matrix) == INTENDED
    counts = matrix.checker().counts()
    assert counts == {"error": 5, "warning": 4, "info": 4}


def test_the_conflicts_are_the_ones_only_people_reveal() -> None:
    matrix = example_matrix()
    by_name = {p.name: p for p in matrix.people}
    wei, tomas = by_name["Wei Zhang"], by_name["Tomás Herrera"]
    assert [r.name for r in matrix.roles_of(wei)] == ["Technical Lead", "Applications Lead"]
    assert [r.name for r in matrix.roles_of(tomas)] == ["Technical Project Manager", "Test Manager"]
    # RACI-VS: the scheme with separation of duties (R must not verify or sign off their own work).
    assert matrix.scheme.key == "raci-vs"
    assert ("R", "V") in matrix.scheme.separation


def test_the_example_is_a_large_programme() -> None:
    matrix = example_matrix()
    assert 60 <= len(matrix.deliverables) <= 90
    assert 15 <= len(matrix.roles) <= 20
    assert [g.name for g in matrix.role_groups] == [
        "Sponsor",
        "Programme team",
        "Platforms",
        "Assurance",
        "Operations",
    ]
    assert all(r.group is not None for r in matrix.roles)
    assert max(matrix.depth(d) for d in matrix.deliverables) >= 3  # phase > platform > package
    names = {r.name for r in matrix.roles}
    for expected in (
        "Business Owner",
        "Programme Manager",
        "Technical Project Manager",
        "Technical Lead",
        "Network Lead",
        "Security Officer",
        "Change Manager",
        "Service Owner",
    ):
        assert expected in names
    assert sum(1 for p in matrix.people if len(matrix.roles_of(p)) > 1) >= 2
    assert [r.name for r in matrix.roles if not matrix.holders(r)] == ["Identity & Access Lead"]
    # Every deliverable has somebody doing or answering for it; the grid is far from empty.
    assert all(matrix.row_counts(d) for d in matrix.deliverables)
    assert matrix.cell_count() > 3 * len(matrix.deliverables)


def test_everything_is_described() -> None:
    matrix = example_matrix()
    for item in (*matrix.roles, *matrix.deliverables, *matrix.people, *matrix.role_groups):
        assert item.description.strip(), item
    for group in matrix.groups:
        assert group.description.strip(), group
    assert "technical planning, design, coding and testing" in _role(matrix, "Technical Lead")
    assert "status reporting" in _role(matrix, "Programme Manager")


def _role(matrix: Matrix, name: str) -> str:
    return next(r.description for r in matrix.roles if r.name == name)


def test_each_call_gives_a_fresh_copy() -> None:
    first, second = example_matrix(), example_matrix()
    d, r = first.deliverables[0], first.roles[-1]
    before = first.code(d, r)
    first.set_code(d, r, "C" if before != "C" else "I")
    assert second.deliverables[0] is not d
    assert second.code(second.deliverables[0], second.roles[-1]) == before


def test_the_stored_file_is_what_the_model_writes() -> None:
    stored = json.loads(example_path().read_text(encoding="utf-8"))
    assert to_data(example_matrix()) == stored


def test_the_stored_file_is_what_its_build_script_writes() -> None:
    script = Path(example_path()).with_name("build_programme.py")
    spec = importlib.util.spec_from_file_location("build_programme", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == json.loads(example_path().read_text(encoding="utf-8"))


def test_groups_hold_only_what_they_should() -> None:
    matrix = example_matrix()
    phases = [r for r in matrix.top_level if isinstance(r, Group)]
    assert len(phases) == len(matrix.top_level) == 5
    assert all(matrix.deliverables_in(phase) for phase in phases)
