"""Comparing two roles: what each holds, where both approve or both do the work."""

from __future__ import annotations

from ramdesk.model import Matrix, SetField
from ramdesk.rules.compare import compare_roles


def pm_and_lead() -> tuple[Matrix, dict]:
    m = Matrix("Programme")
    plan = m.add_group("Planning")
    ds = [m.add_deliverable(f"D{i}", plan) for i in range(6)]
    pm = m.add_role("Project manager", description="Drives delivery on schedule.")
    tl = m.add_role("Technical lead", description="Leads the technical planning.")
    other = m.add_role("Sponsor")
    ann = m.add_person("Ann", [pm, tl])
    for d, a, b in zip(
        ds, ["A", "A/R", "R", "C", "", "I"], ["A", "R", "A", "", "I", "X"], strict=True
    ):
        if a:
            m.set_code(d, pm, a)
        if b:
            m.set_code(d, tl, b)
    m.set_code(ds[4], other, "A")
    return m, {"ds": ds, "pm": pm, "tl": tl, "ann": ann, "plan": plan}


def test_side_by_side():
    m, x = pm_and_lead()
    ds = x["ds"]
    c = compare_roles(m, x["pm"], x["tl"])
    assert c.a.description == "Drives delivery on schedule."
    assert [line.deliverable for line in c.lines] == ds  # matrix order, either role involved
    assert [(line.a, line.b) for line in c.lines] == [
        ("A", "A"),
        ("A/R", "R"),
        ("R", "A"),
        ("C", ""),
        ("", "I"),
        ("I", "X"),
    ]
    assert c.a.by_code == {"A": [ds[0], ds[1]], "R": [ds[1], ds[2]], "C": [ds[3]], "I": [ds[5]]}
    assert c.b.count("A") == 2 and c.b.count("R") == 1 and c.b.count("I") == 1
    assert c.letters == ("R", "A", "C", "I", "X")  # unknown code shown, not hidden
    assert all(line.path == (x["plan"],) for line in c.lines)


def test_where_both_approve_or_both_do():
    m, x = pm_and_lead()
    ds = x["ds"]
    c = compare_roles(m, x["pm"], x["tl"])
    assert [line.deliverable for line in c.both_approve] == [ds[0]]
    assert [line.deliverable for line in c.both_do] == [ds[1]]
    assert [line.deliverable for line in c.both] == [ds[0], ds[1], ds[2], ds[5]]
    assert [line.deliverable for line in c.only_a] == [ds[3]]
    assert [line.deliverable for line in c.only_b] == [ds[4]]
    assert c.shared_holders == (x["ann"],)
    text = " ".join(c.summary())
    assert "Both approve 1 deliverable" in text
    assert "Both do the work on 1 deliverable" in text
    assert "Held by the same person: Ann" in text


def test_follows_edits_and_descriptions():
    m, x = pm_and_lead()
    m.set_code(x["ds"][2], x["pm"], "A")
    m.apply(SetField(x["tl"], "description", "Escalates issues."))
    c = compare_roles(m, x["pm"], x["tl"])
    assert len(c.both_approve) == 2
    assert c.b.description == "Escalates issues."


def test_other_schemes_use_kinds_not_letters():
    from ramdesk.model import builtin_scheme

    m = Matrix("Paris", builtin_scheme("paris"))
    d = m.add_deliverable("x")
    a, b = m.add_role("a"), m.add_role("b")
    approve = sorted(m.scheme.letters_of_kind("approve"))[0]
    m.set_code(d, a, approve)
    m.set_code(d, b, approve)
    assert len(compare_roles(m, a, b).both_approve) == 1
