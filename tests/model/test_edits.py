"""Every edit applies, undoes to the exact snapshot, and redoes to the same state again."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramdesk.model import (
    RACI,
    Batch,
    Deliverable,
    Group,
    Hold,
    InsertPerson,
    InsertRole,
    InsertRoleGroup,
    InsertRow,
    Matrix,
    MoveRole,
    MoveRow,
    Person,
    Release,
    RemovePerson,
    RemoveRole,
    RemoveRoleGroup,
    RemoveRow,
    Role,
    RoleGroup,
    RuleSettings,
    SetCells,
    SetField,
    SetMatrixField,
    SetNote,
    SetScheme,
    SetSettings,
    builtin_scheme,
    indent,
    outdent,
    ungroup,
)

from .random_edits import matrices, random_edit


def build() -> tuple[Matrix, dict]:
    """Phase 1 (Plan, Budget), Phase 2 (Build (Code)), Loose; roles PM, Dev, QA; two people."""
    m = Matrix("Test")
    items: dict = {}
    band = RoleGroup("Team")
    m._role_groups.append(band)
    items["band"] = band
    for name in ("PM", "Dev", "QA"):
        items[name] = Role(name, f"{name} duties", band if name != "PM" else None)
        m.load_role(items[name])
    items["p1"] = Group("Phase 1")
    items["p2"] = Group("Phase 2")
    items["build"] = Group("Build")
    m.load_row(items["p1"])
    for name in ("Plan", "Budget"):
        items[name] = Deliverable(name)
        m.load_row(items[name], items["p1"])
    m.load_row(items["p2"])
    m.load_row(items["build"], items["p2"])
    items["Code"] = Deliverable("Code")
    m.load_row(items["Code"], items["build"])
    items["Loose"] = Deliverable("Loose")
    m.load_row(items["Loose"])
    m.load_cells(
        [
            (items["Plan"], items["PM"], "A/R"),
            (items["Budget"], items["PM"], "A"),
            (items["Budget"], items["Dev"], "C"),
            (items["Code"], items["Dev"], "R"),
            (items["Code"], items["QA"], "A"),
        ]
    )
    m.load_note(items["Code"], items["QA"], "signs the release")
    items["ann"] = Person("Ann")
    items["bo"] = Person("Bo")
    m.load_person(items["ann"], [items["PM"], items["QA"]])
    m.load_person(items["bo"], [items["Dev"]])
    return m, items


def round_trip(m: Matrix, edit) -> None:
    """Apply, undo, redo: snapshots before and after must match exactly."""
    before = m.snapshot()
    change = m.apply(edit)
    after = m.snapshot()
    assert change.inverse is not None
    back = m.apply(change.inverse)
    assert m.snapshot() == before
    m.apply(back.inverse)
    assert m.snapshot() == after


CASES = {
    "set one code": lambda i, m: SetCells.one(i["Loose"], i["PM"], "a / r"),
    "clear a code": lambda i, m: SetCells.one(i["Plan"], i["PM"], ""),
    "paste several": lambda i, m: SetCells(
        [(i["Plan"], i["Dev"], "R"), (i["Plan"], i["Dev"], "C"), (i["Code"], i["PM"], "I")]
    ),
    "note": lambda i, m: SetNote(i["Plan"], i["PM"], "agreed"),
    "clear note": lambda i, m: SetNote(i["Code"], i["QA"], ""),
    "insert deliverable": lambda i, m: InsertRow(Deliverable("New"), i["build"], 0),
    "insert group": lambda i, m: InsertRow(Group("Phase 3"), None, 1),
    "remove deliverable": lambda i, m: RemoveRow(i["Code"]),
    "remove group with subtree": lambda i, m: RemoveRow(i["p2"]),
    "move between groups": lambda i, m: MoveRow(i["Loose"], i["build"], 0),
    "move group": lambda i, m: MoveRow(i["build"], None, 0),
    "indent": lambda i, m: indent(m, i["Loose"]),
    "outdent": lambda i, m: outdent(m, i["Budget"]),
    "ungroup": lambda i, m: ungroup(m, i["p2"]),
    "insert role": lambda i, m: InsertRole(Role("Sponsor"), 0),
    "remove role with cells, notes and holders": lambda i, m: RemoveRole(i["QA"]),
    "move role": lambda i, m: MoveRole(i["PM"], 2),
    "insert role group": lambda i, m: InsertRoleGroup(RoleGroup("Sponsors"), 0, (i["PM"],)),
    "remove role group": lambda i, m: RemoveRoleGroup(i["band"]),
    "add person": lambda i, m: InsertPerson(Person("Cy"), 1, (i["Dev"],)),
    "remove person": lambda i, m: RemovePerson(i["ann"]),
    "hold": lambda i, m: Hold(i["bo"], i["QA"]),
    "release": lambda i, m: Release(i["ann"], i["PM"]),
    "rename deliverable": lambda i, m: SetField(i["Plan"], "name", "Planning"),
    "describe group": lambda i, m: SetField(i["p1"], "description", "first"),
    "deliverable attributes": lambda i, m: SetField(i["Plan"], "attributes", {"ID": "1.1"}),
    "role band": lambda i, m: SetField(i["PM"], "group", i["band"]),
    "role is a person": lambda i, m: SetField(i["Dev"], "is_person", True),
    "rename role group": lambda i, m: SetField(i["band"], "name", "Crew"),
    "person email": lambda i, m: SetField(i["bo"], "email", "bo@example.org"),
    "matrix name": lambda i, m: SetMatrixField("name", "Renamed"),
    "matrix property": lambda i, m: SetMatrixField("property:Version", "2"),
    "scheme with mapping": lambda i, m: SetScheme(builtin_scheme("paris"), {"R": "P", "C": ""}),
    "scheme without mapping": lambda i, m: SetScheme(builtin_scheme("daci")),
    "settings": lambda i, m: SetSettings(RuleSettings({"row.empty"}, {"row.max:R": 2})),
    "batch": lambda i, m: Batch(
        [SetCells.one(i["Loose"], i["Dev"], "R"), SetField(i["Loose"], "name", "Tidy")]
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_edit_undoes_and_redoes_exactly(name: str) -> None:
    m, items = build()
    round_trip(m, CASES[name](items, m))


def test_set_code_reads_codes_through_the_scheme() -> None:
    m, i = build()
    m.set_code(i["Loose"], i["PM"], " a, r ")
    assert m.code(i["Loose"], i["PM"]) == "A/R"
    assert m.codes(i["Loose"], i["PM"]) == ("A", "R")
    m.set_code(i["Loose"], i["Dev"], "zz")  # unknown: kept as typed, for the checks to flag
    assert m.code(i["Loose"], i["Dev"]) == "zz"
    assert m.row_counts(i["Loose"]) == {"A": 1, "R": 1, "zz": 1}


def test_change_reports_exactly_what_an_edit_touched() -> None:
    m, i = build()
    change = m.apply(SetCells.one(i["Budget"], i["QA"], "I"))
    assert change.cells == {(i["Budget"], i["QA"])}
    assert change.deliverables == {i["Budget"]}
    assert change.roles == {i["QA"]}
    assert not change.structural
    unchanged = m.apply(SetCells.one(i["Budget"], i["QA"], "i"))
    assert not unchanged.cells
    removal = m.apply(RemoveRow(i["p1"]))
    assert removal.rows and removal.deliverables == {i["Plan"], i["Budget"]}
    assert removal.groups == {i["p1"]}
    assert i["PM"] in removal.roles


def test_listeners_hear_every_applied_edit_once() -> None:
    m, i = build()
    heard = []
    m.subscribe(heard.append)
    m.apply(Batch([SetCells.one(i["Loose"], i["PM"], "A"), SetField(i["Loose"], "name", "X")]))
    m.set_code(i["Loose"], i["Dev"], "R")
    assert len(heard) == 2
    assert heard[0].cells == {(i["Loose"], i["PM"])} and i["Loose"] in heard[0].deliverables
    m.unsubscribe(heard.append)
    m.set_code(i["Loose"], i["QA"], "R")
    assert len(heard) == 2


def test_a_failing_batch_changes_nothing() -> None:
    m, i = build()
    before = m.snapshot()
    stranger = Deliverable("Not in the matrix")
    with pytest.raises(ValueError):
        m.apply(
            Batch(
                [
                    SetCells.one(i["Loose"], i["PM"], "A"),
                    RemoveRow(i["p1"]),
                    SetCells.one(stranger, i["PM"], "R"),
                ]
            )
        )
    assert m.snapshot() == before


@pytest.mark.parametrize(
    "make",
    [
        lambda i, m: MoveRow(i["p2"], i["build"], 0),
        lambda i, m: MoveRow(i["p2"], i["p2"], 0),
        lambda i, m: InsertRow(i["Plan"], None, 0),
        lambda i, m: InsertRow(Deliverable("x"), Group("elsewhere"), 0),
        lambda i, m: InsertRole(i["PM"]),
        lambda i, m: InsertRole(Role("x", group=RoleGroup("unknown band"))),
        lambda i, m: InsertPerson(i["ann"]),
        lambda i, m: Hold(Person("stranger"), i["PM"]),
        lambda i, m: Hold(i["ann"], Role("stranger")),
        lambda i, m: SetCells.one(i["Plan"], Role("stranger"), "A"),
        lambda i, m: SetCells.one(i["p1"], i["PM"], "A"),  # a group row holds no codes
        lambda i, m: SetNote(Deliverable("stranger"), i["PM"], "x"),
        lambda i, m: SetField(i["Plan"], "parent", None),
        lambda i, m: SetField(i["PM"], "group", RoleGroup("unknown band")),
        lambda i, m: SetMatrixField("colour", "red"),
        lambda i, m: InsertRoleGroup(i["band"]),
    ],
)
def test_impossible_edits_are_refused_and_change_nothing(make) -> None:
    m, i = build()
    before = m.snapshot()
    with pytest.raises(ValueError):
        m.apply(make(i, m))
    assert m.snapshot() == before


def test_hold_and_release_are_idempotent() -> None:
    m, i = build()
    before = m.snapshot()
    change = m.apply(Hold(i["ann"], i["PM"]))  # already held
    assert not change.people
    m.apply(change.inverse)
    assert m.snapshot() == before
    assert not m.apply(Release(i["bo"], i["PM"])).people


def test_scheme_change_maps_codes_and_undo_restores_them() -> None:
    m, i = build()
    before = m.snapshot()
    change = m.apply(SetScheme(builtin_scheme("paris"), {"R": "P", "C": ""}))
    assert m.scheme.key == "paris"
    assert m.code(i["Code"], i["Dev"]) == "P"
    assert m.code(i["Plan"], i["PM"]) == "A/P"
    assert m.code(i["Budget"], i["Dev"]) == ""
    m.apply(change.inverse)
    assert m.scheme is RACI
    assert m.snapshot() == before


def test_undo_restores_exact_text_even_when_the_scheme_would_read_it_differently() -> None:
    m, i = build()
    m.apply(SetCells([(i["Loose"], i["PM"], "x")]))  # unknown in RACI, kept as typed
    change = m.apply(SetScheme(builtin_scheme("raci-vs")))
    # "x" would now read as nothing new (RACI-VS has no X either) but a round trip keeps it.
    m.apply(change.inverse)
    assert m.code(i["Loose"], i["PM"]) == "x"


@given(matrices(), st.data())
def test_random_edit_sequences_undo_back_to_the_start(matrix: Matrix, data) -> None:
    start = matrix.snapshot()
    undo = []
    states = [start]
    for _ in range(data.draw(st.integers(1, 12))):
        edit = random_edit(data.draw, matrix)
        if edit is None:
            continue
        change = matrix.apply(edit)
        undo.append(change.inverse)
        states.append(matrix.snapshot())
    states.pop()
    while undo:
        matrix.apply(undo.pop())
        assert matrix.snapshot() == states.pop()
    assert matrix.snapshot() == start


@given(matrices(), st.data())
def test_counters_always_match_the_cells(matrix: Matrix, data) -> None:
    for _ in range(data.draw(st.integers(0, 10))):
        edit = random_edit(data.draw, matrix)
        if edit is not None:
            matrix.apply(edit)
    for d in matrix.deliverables:
        expected: dict[str, int] = {}
        for role in matrix.roles:
            for letter in matrix.codes(d, role):
                expected[letter] = expected.get(letter, 0) + 1
        assert dict(matrix.row_counts(d)) == expected
        assert matrix.multi_code_cells(d) == sum(len(matrix.codes(d, r)) > 1 for r in matrix.roles)
    for role in matrix.roles:
        expected = {}
        for d in matrix.deliverables:
            for letter in matrix.codes(d, role):
                expected[letter] = expected.get(letter, 0) + 1
                assert d in matrix.deliverables_with(role, letter)
        assert dict(matrix.role_counts(role)) == expected
        for letter in expected:
            assert len(matrix.deliverables_with(role, letter)) == expected[letter]
    assert matrix.cell_count() == sum(1 for _ in matrix.filled_cells())


def test_a_change_names_the_rows_and_roles_of_its_cells_and_follows_a_merge():
    from ramdesk.model import Change

    a, b, x, y = object(), object(), object(), object()
    change = Change(cells={(a, x), (a, y)})
    assert change.cell_sides() == ({a}, {x, y})
    change.merge(Change(cells={(b, x)}))
    assert change.cell_sides() == ({a, b}, {x, y})
    assert Change().cell_sides() == (set(), set())
