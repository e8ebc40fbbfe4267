"""What if: the preview equals the state after commit, and the matrix is untouched by a preview."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramdesk.model import Hold, Matrix, Person, SetNote
from ramdesk.rules import whatif
from ramdesk.rules.workload import Workload


def team() -> tuple[Matrix, dict]:
    m = Matrix("Team")
    phase = m.add_group("Phase")
    ds = [m.add_deliverable(f"D{i}", phase) for i in range(6)]
    pm, tl, dev, qa = (m.add_role(n) for n in ("PM", "Tech lead", "Developer", "QA"))
    ann = m.add_person("Ann", [pm])
    bo = m.add_person("Bo", [tl, dev])
    cy = m.add_person("Cy", [qa])
    dee = m.add_person("Dee", [dev])
    grid = {
        pm: "AAARCI",
        tl: "RCAA.I",
        dev: "RRRRR.",
        qa: "IIC.AA",
    }
    for role, codes in grid.items():
        for d, code in zip(ds, codes, strict=True):
            if code != ".":
                m.set_code(d, role, code)
    return m, {
        "ds": ds,
        "pm": pm,
        "tl": tl,
        "dev": dev,
        "qa": qa,
        "ann": ann,
        "bo": bo,
        "cy": cy,
        "dee": dee,
    }


def committed_state(m: Matrix) -> tuple[set, dict, float, dict]:
    checker = m.checker()
    loads = {x.subject: (x.load, dict(x.counts)) for x in Workload(m).people()}
    return set(checker.all()), checker.counts(), checker.health(), loads


def preview_state(p: whatif.Preview) -> tuple[set, dict, float, dict]:
    loads = {s: (x.load, dict(x.counts)) for s, x in p.after.items()}
    return set(p.problems), p.counts, p.health, loads


def check_preview_equals_commit(m: Matrix, edit) -> whatif.Preview:
    before = m.snapshot()
    before_problems = set(m.checker().all())
    p = whatif.preview(m, edit)
    assert m.snapshot() == before  # a preview leaves the matrix as it was
    assert set(m.checker().all()) == before_problems
    change = m.apply(edit)
    assert preview_state(p) == committed_state(m)
    m.apply(change.inverse)
    assert m.snapshot() == before
    assert set(m.checker().all()) == before_problems
    return p


def test_a_discarded_preview_keeps_the_order_of_holders():
    m, x = team()
    m.apply(Hold(x["dee"], x["pm"]))  # PM held by Ann then Dee
    m.apply(Hold(x["dee"], x["qa"]))  # Dee holds Developer, PM, QA (in that order)
    holders = m.holders(x["pm"])
    held = list(m._succ[x["dee"]])
    whatif.preview(m, whatif.reassign_person(m, x["ann"], x["cy"]))
    whatif.preview(m, whatif.reassign_person(m, x["dee"], None, roles=[x["dev"]]))
    assert m.holders(x["pm"]) == holders == (x["ann"], x["dee"])
    assert list(m._succ[x["dee"]]) == held


def test_hand_all_roles_to_someone_else():
    m, x = team()
    edit = whatif.reassign_person(m, x["bo"], x["ann"])
    p = check_preview_equals_commit(m, edit)
    # Ann now holds PM and Tech lead: accountable twice on D2, and doing and approving on D3
    rules = {(q.rule, q.person) for q in p.added}
    assert ("person.double_accountable", x["ann"]) in rules
    changed = {person for person, _old, _new in p.changed_loads()}
    assert changed == {x["ann"], x["bo"]}
    assert p.after[x["bo"]].load == 0
    assert p.after[x["ann"]].load == p.before[x["ann"]].load + p.before[x["bo"]].load
    assert edit.label == "Hand Bo’s roles to Ann"


def test_leave_the_seat_open():
    m, x = team()
    edit = whatif.reassign_person(m, x["cy"], None)
    p = check_preview_equals_commit(m, edit)
    assert any(q.rule == "role.open_seat" and q.role is x["qa"] for q in p.added)
    assert any(q.rule == "person.no_role" and q.person is x["cy"] for q in p.added)


def test_hand_roles_to_a_new_person():
    m, x = team()
    edit = whatif.reassign_person(m, x["bo"], "  Eve  Park ", roles=[x["tl"]])
    p = check_preview_equals_commit(m, edit)
    newcomer = [s for s in p.after if s not in p.before]
    assert [s.name for s in newcomer] == ["Eve Park"]
    assert p.after[newcomer[0]].load == Workload(m).role(x["tl"]).load
    assert "Bo’s role “Tech lead” to Eve Park" in edit.label


def test_reassign_one_role():
    m, x = team()
    edit = whatif.reassign_role(m, x["dev"], x["cy"])
    p = check_preview_equals_commit(m, edit)
    assert p.after[x["dee"]].load == 0
    m.apply(edit)
    assert m.holders(x["dev"]) == (x["cy"],)


def test_reassign_to_oneself_is_refused():
    m, x = team()
    with pytest.raises(ValueError):
        whatif.reassign_person(m, x["ann"], x["ann"])
    with pytest.raises(ValueError):
        whatif.reassign_person(m, x["ann"], Person("Stranger"))


def test_removal_losses_show_what_goes_and_what_is_left_without():
    m, x = team()
    losses = whatif.removal_losses(m, x["pm"])
    assert [loss.deliverable for loss in losses] == x["ds"]
    assert [loss.codes for loss in losses] == [("A",), ("A",), ("A",), ("R",), ("C",), ("I",)]
    # D0 and D1 have no other A, D2 has the Tech lead's A; D3 keeps the developer's R
    assert [loss.left_without for loss in losses] == [("A",), ("A",), (), (), (), ()]
    assert [loss.critical for loss in losses][:3] == [True, True, False]


def test_remove_role_hands_codes_on_then_undo():
    m, x = team()
    ds = x["ds"]
    m.apply(SetNote(ds[0], x["pm"], "signed by the board"))
    edit = whatif.remove_role(m, x["pm"], {ds[0]: x["tl"], ds[1]: x["qa"]})
    check_preview_equals_commit(m, edit)
    before = m.snapshot()
    change = m.apply(edit)
    assert x["pm"] not in m.roles
    assert m.code(ds[0], x["tl"]) == "R/A"  # R kept, A added, in the scheme's order
    assert m.code(ds[1], x["qa"]) == "A/I"  # both kept, in the scheme's order
    assert m.note(ds[0], x["tl"]) == "signed by the board"
    m.apply(change.inverse)
    assert m.snapshot() == before


def test_remove_role_to_one_role():
    m, x = team()
    edit = whatif.remove_role(m, x["qa"], x["pm"])
    m.apply(edit)
    assert [m.code(d, x["pm"]) for d in x["ds"]] == ["A/I", "A/I", "A/C", "R", "A/C", "A/I"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    who=st.integers(0, 3),
    to=st.one_of(st.none(), st.integers(0, 3), st.just("new")),
    some=st.lists(st.integers(0, 3), max_size=3),
)
def test_any_reassignment_previews_what_commit_gives(who, to, some):
    m, x = team()
    people = [x["ann"], x["bo"], x["cy"], x["dee"]]
    roles = [x["pm"], x["tl"], x["dev"], x["qa"]]
    person = people[who]
    target = "Newcomer" if to == "new" else (None if to is None else people[to])
    if target is person:
        return
    chosen = [roles[i] for i in some] or None
    check_preview_equals_commit(m, whatif.reassign_person(m, person, target, chosen))


def test_preview_at_scale_is_exact():
    gen = pytest.importorskip("tests.benchmarks.generate")
    m = gen.generate(600, 40, seed=3)
    busiest = max(m.people, key=lambda p: len(m.roles_of(p)))
    other = next(p for p in m.people if p is not busiest)
    check_preview_equals_commit(m, whatif.reassign_person(m, busiest, other))
    check_preview_equals_commit(m, whatif.remove_role(m, m.roles[0], m.roles[1]))
