"""Where roles collide across a matrix: pairs that both approve or both do, and their clusters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ramdesk.model import Matrix
from ramdesk.rules.collisions import collisions


def programme() -> tuple[Matrix, dict]:
    m = Matrix("Programme")
    ds = [m.add_deliverable(f"D{i}") for i in range(5)]
    pm, tl, ops, sec, qa = (m.add_role(n) for n in ("PM", "Tech lead", "Ops", "Security", "QA"))
    ann = m.add_person("Ann", [pm, tl])
    rows = {
        # PM and Tech lead both approve D0 and D1; Ops and Security both do D2 and D3.
        ds[0]: {pm: "A", tl: "A", ops: "R"},
        ds[1]: {pm: "A/R", tl: "A", qa: "C"},
        ds[2]: {ops: "R", sec: "R", pm: "A"},
        ds[3]: {ops: "R", sec: "A/R"},
        ds[4]: {qa: "I", sec: "C", tl: "A"},
    }
    for d, cells in rows.items():
        for role, text in cells.items():
            m.set_code(d, role, text)
    return m, {"pm": pm, "tl": tl, "ops": ops, "sec": sec, "qa": qa, "ann": ann}


def test_pairs_count_the_deliverables_both_roles_approve_or_do():
    m, x = programme()
    found = collisions(m)
    pairs = {(c.a.name, c.b.name): (c.approve, c.do) for c in found.pairs}
    assert pairs == {("PM", "Tech lead"): (2, 0), ("Ops", "Security"): (0, 2)}


def test_worst_first_with_the_people_holding_both():
    m, x = programme()
    found = collisions(m)
    first = found.pairs[0]
    assert (first.a, first.b) == (x["pm"], x["tl"])  # approving twice outranks doing twice
    assert first.shared == (x["ann"],)
    assert "both approve 2 deliverables" in first.describe()
    assert "held by Ann" in first.describe()
    assert found.partner(x["ops"]) is x["sec"]
    assert found.partner(x["qa"]) is None
    assert found.of(x["qa"]) == []


def test_clusters_join_roles_that_collide_directly_or_through_others():
    m, x = programme()
    found = collisions(m)
    assert [x["pm"], x["tl"]] in found.clusters
    assert [x["ops"], x["sec"]] in found.clusters
    assert all(x["qa"] not in c for c in found.clusters)


def test_no_collisions_in_a_clean_matrix():
    m = Matrix("Clean")
    d = m.add_deliverable("Plan")
    a, b = m.add_role("A"), m.add_role("B")
    m.set_code(d, a, "A")
    m.set_code(d, b, "R")
    found = collisions(m)
    assert found.pairs == [] and found.clusters == []


def test_duplicate_role_names_stay_two_roles():
    m = Matrix("Twins")
    d = m.add_deliverable("Plan")
    first, second = m.add_role("Lead"), m.add_role("Lead")
    m.set_code(d, first, "A")
    m.set_code(d, second, "A")
    (pair,) = collisions(m).pairs
    assert (pair.a, pair.b) == (first, second) and pair.approve == 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(["", "R", "A", "C", "I", "A/R"]), min_size=4, max_size=4),
        min_size=1,
        max_size=12,
    )
)
def test_counts_match_a_plain_recount(grid):
    m = Matrix("Random")
    roles = [m.add_role(f"Role {j}") for j in range(4)]
    for i, row in enumerate(grid):
        d = m.add_deliverable(f"D{i}")
        for role, text in zip(roles, row, strict=True):
            if text:
                m.set_code(d, role, text)
    expected = {}
    for row in grid:
        for j in range(4):
            for k in range(j + 1, 4):
                approve = "A" in row[j] and "A" in row[k]
                do = "R" in row[j] and "R" in row[k]
                if approve or do:
                    a, d = expected.get((j, k), (0, 0))
                    expected[(j, k)] = (a + approve, d + do)
    found = {(roles.index(c.a), roles.index(c.b)): (c.approve, c.do) for c in collisions(m).pairs}
    assert found == expected
