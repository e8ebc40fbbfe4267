"""Load arithmetic, weights, the overload threshold, group breakdowns and sums across matrices."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ramdesk.model import (
    Batch,
    Hold,
    Matrix,
    Person,
    Role,
    SetCells,
    SetField,
    SetNote,
    builtin_scheme,
)
from ramdesk.model.serialize import from_data, to_data
from ramdesk.rules import overload_limit
from ramdesk.rules.workload import (
    Combined,
    Workload,
    email_key,
    name_key,
    threshold_edit,
    weights,
    weights_edit,
)


def small() -> tuple[Matrix, dict]:
    """Two phases, three roles, three people; Ann holds two roles, PM is shared by Ann and Bo."""
    m = Matrix("Small")
    plan = m.add_group("Planning")
    build = m.add_group("Build")
    d1 = m.add_deliverable("Charter", plan)
    d2 = m.add_deliverable("Plan", plan)
    d3 = m.add_deliverable("Code", build)
    d4 = m.add_deliverable("Tests", build)
    pm, tl, qa = m.add_role("PM"), m.add_role("Tech lead"), m.add_role("QA")
    ann = m.add_person("Ann", [pm, tl])
    bo = m.add_person("Bo", [pm])
    cy = m.add_person("Cy", [qa])
    for d, r, code in [
        (d1, pm, "A/R"),
        (d2, pm, "A"),
        (d2, tl, "C"),
        (d3, tl, "A"),
        (d3, qa, "I"),
        (d4, tl, "R"),
        (d4, qa, "A/R"),
        (d1, tl, "I"),
    ]:
        m.set_code(d, r, code)
    return m, locals()


def test_default_weights_are_the_schemes():
    m, _ = small()
    assert weights(m) == {"R": 4, "A": 3, "C": 2, "I": 1}


def test_person_load_with_several_roles_and_a_shared_role():
    m, x = small()
    w = Workload(m)
    # PM: A/R + A = A*2 + R = 3*2 + 4 = 10 ; Tech lead: C + A + R + I = 2+3+4+1 = 10
    assert w.role(x["pm"]).load == 10
    assert w.role(x["tl"]).load == 10
    ann = w.person(x["ann"])
    assert ann.counts == {"A": 3, "R": 2, "C": 1, "I": 1}
    assert ann.load == 20  # both roles, in full
    bo = w.person(x["bo"])
    assert bo.counts == {"A": 2, "R": 1}
    assert bo.load == 10  # a shared role loads each holder in full
    cy = w.person(x["cy"])
    assert cy.load == 1 + 3 + 4
    assert [load.subject for load in w.people()] == [x["ann"], x["bo"], x["cy"]]


def test_custom_weights_are_saved_with_the_matrix_and_undoable():
    m, x = small()
    change = m.apply(weights_edit(m, {"R": 1, "A": 1, "C": 0, "I": 0}))
    assert m.settings.weights == {"R": 1, "A": 1, "C": 0, "I": 0}
    w = Workload(m)
    assert w.person(x["ann"]).load == 5  # 3 A + 2 R
    assert w.role(x["tl"]).load == 2
    again = from_data(to_data(m))
    assert weights(again) == {"R": 1, "A": 1, "C": 0, "I": 0}
    m.apply(change.inverse)
    assert m.settings.weights == {}
    assert Workload(m).person(x["ann"]).load == 20


def test_weights_equal_to_the_scheme_are_not_stored():
    m, _ = small()
    m.apply(weights_edit(m, {"R": 4, "A": 5}))
    assert m.settings.weights == {"A": 5}


def test_bad_weights_are_refused():
    m, _ = small()
    with pytest.raises(ValueError):
        weights_edit(m, {"R": -1})
    with pytest.raises(ValueError):
        weights_edit(m, {"R": float("nan")})


def test_weights_of_another_scheme():
    m = Matrix("Paris", builtin_scheme("paris"))
    own = {c.letter: c.weight for c in m.scheme.codes}
    assert weights(m) == own


def test_overloaded_agrees_with_the_check():
    m, x = small()
    m.add_deliverable("Release notes")
    m.add_deliverable("Training")  # six deliverables: enough for loads to mean something
    w = Workload(m)
    limit = overload_limit(m.checker().context, len(m.deliverables))
    assert w.limit == limit == pytest.approx(0.4 * 6 * 4)  # Ann 20, Bo 10, Cy 8
    flagged = {p.person for p in m.problems() if p.rule == "person.overloaded"}
    assert {x.subject for x in w.overloaded()} == flagged == {x["ann"], x["bo"]}
    assert w.role(x["pm"]).overloaded and not w.role(x["qa"]).overloaded
    m.apply(threshold_edit(m, 0.8))  # limit 19.2: only Ann stays overloaded
    w = Workload(m)
    assert [x.subject for x in w.overloaded()] == [x["ann"]]
    flagged = {p.person for p in m.problems() if p.rule == "person.overloaded"}
    assert flagged == {x["ann"]}
    with pytest.raises(ValueError):
        threshold_edit(m, 0)


def test_no_limit_on_a_tiny_matrix():
    m, x = small()  # four deliverables: too few for loads to mean much
    w = Workload(m)
    assert w.limit == float("inf")
    assert w.overloaded() == []
    assert Combined([m]).find("Ann").strain == 0


def test_overloaded_follows_the_rule_switch():
    m, x = small()
    for i in range(2):
        m.add_deliverable(f"extra {i}")
    settings = m.settings.copy()
    settings.disabled.add("person.overloaded")
    from ramdesk.model import SetSettings

    m.apply(SetSettings(settings))
    assert Workload(m).overloaded() == []
    assert not any(p.rule == "person.overloaded" for p in m.problems())


def test_group_breakdown():
    m, x = small()
    w = Workload(m)
    ann = w.person_by_group(x["ann"])
    # Planning: PM A/R, A ; TL C, I -> 3+4+3+2+1 = 13 ; Build: TL A, R -> 7
    assert ann[x["plan"]].load == 13
    assert ann[x["build"]].load == 7
    assert w.group(x["build"]).load == 3 + 1 + 4 + 3 + 4
    people = w.group_people(x["build"])
    assert [(p.subject, p.load) for p in people] == [(x["cy"], 8), (x["ann"], 7)]
    roles = w.group_roles(x["plan"])
    assert [(r.subject, r.load) for r in roles] == [(x["pm"], 10), (x["tl"], 3)]
    assert [g.subject for g in w.groups()] == [x["plan"], x["build"]]


def test_nested_groups_count_in_every_enclosing_group():
    m = Matrix()
    phase = m.add_group("Phase")
    platform = m.add_group("Platform", phase)
    d = m.add_deliverable("Thing", platform)
    r = m.add_role("R1")
    m.set_code(d, r, "R")
    w = Workload(m)
    assert w.role_by_group(r)[phase].load == 4
    assert w.role_by_group(r)[platform].load == 4
    assert [g.subject for g in w.groups(None)] == [phase, platform]


def test_kept_current_after_edits_with_note():
    m, x = small()
    w = Workload(m)
    assert w.person_by_group(x["cy"])[x["build"]].load == 8
    m.subscribe(w.note)
    m.set_code(x["d3"], x["qa"], "R")  # I -> R
    assert w.person_by_group(x["cy"])[x["build"]].load == 11
    d5 = m.add_deliverable("Release", x["build"])
    m.set_code(d5, x["qa"], "A")
    assert w.person_by_group(x["cy"])[x["build"]].load == 14
    assert w.person(x["cy"]).load == 14


@settings(max_examples=40, deadline=None)
@given(
    cells=st.lists(
        st.tuples(
            st.integers(0, 5), st.integers(0, 3), st.sampled_from(["A", "R", "C", "I", "A/R", ""])
        ),
        max_size=30,
    ),
    holds=st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3)), max_size=8),
    weight=st.dictionaries(st.sampled_from("RACI"), st.integers(0, 9), max_size=4),
)
def test_person_load_is_the_sum_over_cells(cells, holds, weight):
    m = Matrix()
    ds = [m.add_deliverable(f"d{i}") for i in range(6)]
    rs = [m.add_role(f"r{i}") for i in range(4)]
    ps = [m.add_person(f"p{i}") for i in range(3)]
    for p, r in holds:
        m.apply(Hold(ps[p], rs[r]))
    for d, r, text in cells:
        m.set_code(ds[d], rs[r], text)
    if weight:
        m.apply(weights_edit(m, weight))
    w = Workload(m)
    ws = weights(m)
    for p in ps:
        expected = sum(
            ws[c]
            for role in m.roles_of(p)
            for _d, text in m.column_cells(role)
            for c in text.split("/")
        )
        assert w.person(p).load == pytest.approx(expected)


# ---------------------------------------------------------------------------- across matrices
def project(name: str, people: list[tuple[str, str, str]]) -> Matrix:
    """A matrix where each (person, email, codes) holds one role with these codes."""
    m = Matrix(name)
    ds = [m.add_deliverable(f"{name} {i}") for i in range(6)]
    for person, email, codes in people:
        role = m.add_role(f"{person} role")
        m.add_person(person, [role], email=email)
        for d, code in zip(ds, codes, strict=False):
            if code != ".":
                m.set_code(d, role, code)
    return m


def test_name_keys():
    assert name_key("  John   SMITH ") == name_key("john smith")
    assert name_key("Smith, John") == "john smith"
    assert name_key("José Núñez") == "jose nunez"
    assert name_key("J. Smith (PM)") == "j smith"
    assert email_key(" Ann@Example.org ") == "ann@example.org"


def test_sum_across_matrices_with_breakdown():
    a = project("Alpha", [("Ann Lee", "", "RRA"), ("Bo", "", "I")])
    b = project("Beta", [("ann  lee", "", "AC"), ("Cy", "", "R")])
    c = project("Gamma", [("Lee, Ann", "", "I")])
    combined = Combined([a, b, c])
    ann = combined.find("Ann Lee")
    assert ann is not None
    assert ann.total.load == (4 + 4 + 3) + (3 + 2) + 1
    assert [x.load if x else None for x in ann.per_matrix] == [11, 5, 1]
    assert ann.total.counts == {"R": 2, "A": 2, "C": 1, "I": 1}
    assert combined.people[0] is ann  # heaviest first
    assert len(combined.people) == 3
    limits = [Workload(m).limit for m in (a, b, c)]
    assert ann.strain == pytest.approx(11 / limits[0] + 5 / limits[1] + 1 / limits[2])


def test_email_matches_different_spellings_and_separates_namesakes():
    a = project("Alpha", [("Ann Lee", "ann@x.org", "R"), ("Sam Ray", "sam1@x.org", "A")])
    b = project("Beta", [("A. Lee", "ANN@x.org", "R"), ("Sam Ray", "sam2@x.org", "A")])
    combined = Combined([a, b])
    ann = combined.find("Ann Lee")
    assert ann is not None and sorted(ann.spellings) == ["A. Lee", "Ann Lee"]
    assert ann.total.load == 8
    sams = [s for s in combined.people if name_key(s.name) == "sam ray"]
    assert len(sams) == 2  # same name, different e-mails: two people


def test_merge_two_spellings_and_undo():
    a = project("Alpha", [("Katherine Ito", "", "RR")])
    b = project("Beta", [("Kathy Ito", "", "A")])
    combined = Combined([a, b])
    assert len(combined.people) == 2
    suggested = combined.suggestions()
    assert len(suggested) == 1
    first, second = suggested[0]
    combined.merge(first, second)
    assert len(combined.people) == 1
    assert combined.people[0].total.load == 11
    assert [x.load if x else None for x in combined.people[0].per_matrix] == [8, 3]
    again = Combined([a, b], merges=combined.merges)  # merges can be kept and reapplied
    assert len(again.people) == 1
    combined.unmerge(combined.people[0])
    assert len(combined.people) == 2


def test_suggestions_find_near_spellings_but_not_strangers():
    a = project("Alpha", [("Anna Schmidt", "", "R"), ("Bo Chen", "", "R")])
    b = project("Beta", [("Anna Schmitt", "", "R"), ("Dan Wu", "", "R")])
    pairs = {frozenset((x.name, y.name)) for x, y in Combined([a, b]).suggestions()}
    assert pairs == {frozenset(("Anna Schmidt", "Anna Schmitt"))}


def test_person_columns_count_as_people_across_matrices():
    a = Matrix("Alpha")
    d = a.add_deliverable("x")
    col = a.add_role("Ann Lee")
    a.apply(SetField(col, "is_person", True))
    a.set_code(d, col, "R")
    b = project("Beta", [("Ann Lee", "", "A")])
    ann = Combined([a, b]).find("ann lee")
    assert ann is not None and ann.total.load == 7
    assert isinstance(ann.entries[0].item, Role) and isinstance(ann.entries[1].item, Person)


# ---------------------------------------------------------------------------- kept current
def _group_figures(w: Workload, m: Matrix) -> tuple:
    people = {p: {g: (x.load, x.counts) for g, x in w.person_by_group(p).items()} for p in m.people}
    roles = {r: {g: (x.load, x.counts) for g, x in w.role_by_group(r).items()} for r in m.roles}
    groups = [(x.subject, x.load) for x in w.groups(None)]
    loads = [(x.subject, x.load, x.counts, x.overloaded) for x in w.people()]
    return people, roles, groups, loads


_STEPS = st.lists(
    st.tuples(
        st.sampled_from(
            ["cell", "cell", "cell", "batch", "note", "insert", "move", "remove", "hold", "undo"]
        ),
        st.integers(0, 50),
        st.integers(0, 50),
        st.sampled_from(["A", "R", "C", "I", "A/R", ""]),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(steps=_STEPS)
def test_incremental_group_loads_equal_a_fresh_count(steps):
    from ramdesk.model import Deliverable, InsertRow, MoveRow, RemoveRow

    m = Matrix()
    phases = [m.add_group(f"Phase {i}") for i in range(2)]
    sub = m.add_group("Platform", phases[0])
    roles = [m.add_role(f"r{i}") for i in range(3)]
    people = [m.add_person(f"p{i}", [roles[i]]) for i in range(3)]
    for i in range(6):
        m.add_deliverable(f"d{i}", [phases[0], phases[1], sub][i % 3])
    w = Workload(m)
    _group_figures(w, m)  # fill the caches before the edits
    m.subscribe(w.note)
    undo = []
    for kind, a, b, text in steps:
        ds = m.deliverables
        groups = m.groups or (None,)
        if kind == "cell" and ds:
            undo.append(m.apply(SetCells(((ds[a % len(ds)], roles[b % 3], text),))).inverse)
        elif kind == "batch" and ds:
            d = ds[a % len(ds)]
            cells = (
                (d, roles[b % 3], text),
                (ds[b % len(ds)], roles[a % 3], "C"),
                (d, roles[b % 3], "I"),
            )
            undo.append(m.apply(Batch((SetCells(cells[:2]), SetCells(cells[2:])))).inverse)
        elif kind == "note" and ds:
            undo.append(m.apply(SetNote(ds[a % len(ds)], roles[b % 3], text or "x")).inverse)
        elif kind == "insert":
            parent = groups[a % len(groups)] if a % 4 else None
            undo.append(m.apply(InsertRow(Deliverable(f"n{a}"), parent)).inverse)
        elif kind == "move" and ds and m.groups:
            row = ds[a % len(ds)]
            target = groups[b % len(groups)]
            undo.append(m.apply(MoveRow(row, target, 0)).inverse)
        elif kind == "remove" and m.rows:
            rows = m.rows
            undo.append(m.apply(RemoveRow(rows[a % len(rows)])).inverse)
        elif kind == "hold":
            from ramdesk.model import Hold

            undo.append(m.apply(Hold(people[a % 3], roles[b % 3])).inverse)
        elif kind == "undo" and undo:
            m.apply(undo.pop())
        assert _group_figures(w, m) == _group_figures(Workload(m), m)
