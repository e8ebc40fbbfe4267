"""Rows in groups of any depth, columns in bands, people holding roles: reading the model."""

from __future__ import annotations

import pytest

from ramdesk.model import (
    Deliverable,
    Group,
    Matrix,
    MoveRow,
    indent,
    outdent,
    ungroup,
)


@pytest.fixture
def tree() -> tuple[Matrix, dict]:
    """Phase > Platform > (Design, Build); Phase > Review; Loose."""
    m = Matrix("Tree")
    phase = m.add_group("Phase", description="first phase")
    platform = m.add_group("Platform", phase)
    design = m.add_deliverable("Design", platform)
    build = m.add_deliverable("Build", platform)
    review = m.add_deliverable("Review", phase)
    loose = m.add_deliverable("Loose")
    return m, dict(
        phase=phase, platform=platform, design=design, build=build, review=review, loose=loose
    )


def names(rows) -> list[str]:
    return [r.name for r in rows]


def test_rows_are_in_display_order_with_depth_and_path(tree) -> None:
    m, t = tree
    assert names(m.rows) == ["Phase", "Platform", "Design", "Build", "Review", "Loose"]
    assert names(m.deliverables) == ["Design", "Build", "Review", "Loose"]
    assert names(m.groups) == ["Phase", "Platform"]
    assert names(m.top_level) == ["Phase", "Loose"]
    assert names(m.children(t["phase"])) == ["Platform", "Review"]
    assert [m.depth(r) for r in m.rows] == [0, 1, 2, 2, 1, 0]
    assert names(m.path(t["build"])) == ["Phase", "Platform"]
    assert m.path(t["loose"]) == ()
    assert [m.row_index(r) for r in m.rows] == list(range(6))
    assert [m.index(d) for d in m.deliverables] == [0, 1, 2, 3]
    assert names(m.deliverables_in(t["phase"])) == ["Design", "Build", "Review"]
    assert t["phase"].description == "first phase"


def test_insert_at_an_index_and_indexes_follow(tree) -> None:
    m, t = tree
    first = m.add_deliverable("First", index=0)
    inner = m.add_deliverable("Inner", t["platform"], index=1)
    assert names(m.rows) == [
        "First",
        "Phase",
        "Platform",
        "Design",
        "Inner",
        "Build",
        "Review",
        "Loose",
    ]
    assert m.index(first) == 0 and m.index(inner) == 2 and m.row_index(t["loose"]) == 7


def test_indent_outdent_ungroup_move(tree) -> None:
    m, t = tree
    assert indent(m, t["phase"]) is None  # nothing above it
    assert outdent(m, t["loose"]) is None  # already at the top
    m.apply(indent(m, t["loose"]))
    assert t["loose"].parent is t["phase"] and m.children(t["phase"])[-1] is t["loose"]
    m.apply(outdent(m, t["design"]))
    assert names(m.children(t["phase"])) == ["Platform", "Design", "Review", "Loose"]
    m.apply(ungroup(m, t["phase"]))
    assert names(m.top_level) == ["Platform", "Design", "Review", "Loose"]
    assert not m.contains(t["phase"])
    m.apply(MoveRow(t["platform"], None, 3))
    assert names(m.rows) == ["Design", "Review", "Loose", "Platform", "Build"]


def test_a_group_cannot_move_into_itself(tree) -> None:
    m, t = tree
    with pytest.raises(ValueError):
        m.apply(MoveRow(t["phase"], t["platform"], 0))


def test_names_need_not_be_unique() -> None:
    m = Matrix()
    a1, a2 = m.add_role("Analyst"), m.add_role("Analyst")
    d1, d2 = m.add_deliverable("Report"), m.add_deliverable("Report")
    m.set_code(d1, a1, "R")
    m.set_code(d2, a2, "A")
    assert a1 is not a2 and a1 != a2
    assert m.code(d1, a1) == "R" and m.code(d1, a2) == "" and m.code(d2, a2) == "A"
    assert m.role_index(a2) == 1 and m.index(d2) == 1


def test_people_and_roles(tree) -> None:
    m, t = tree
    band = m.add_role_group("Team")
    lead = m.add_role("Lead", group=band)
    dev = m.add_role("Dev", index=0, group=band)
    seat = m.add_role("Architect")
    ann = m.add_person("Ann", [lead, dev], email="ann@example.org")
    bo = m.add_person("Bo", [lead])
    assert names(m.roles) == ["Dev", "Lead", "Architect"]
    assert m.role_groups == (band,) and dev.group is band
    assert set(m.holders(lead)) == {ann, bo}
    assert m.holders(seat) == ()
    assert m.roles_of(ann) == (dev, lead)  # in column order
    assert m.holds(bo, lead) and not m.holds(bo, dev)
    m.set_code(t["design"], lead, "A")
    m.set_code(t["design"], dev, "R")
    m.set_code(t["build"], dev, "R")
    assert sorted(m.person_codes(ann, t["design"]), key=lambda x: x[1]) == [
        (lead, "A"),
        (dev, "R"),
    ]
    assert m.reach(ann) == {t["design"], t["build"]}
    assert m.reach(bo) == {t["design"]}


def test_cells_rows_and_columns(tree) -> None:
    m, t = tree
    pm, dev = m.add_role("PM"), m.add_role("Dev")
    m.set_code(t["design"], pm, "A/R")
    m.set_code(t["design"], dev, "C")
    m.set_code(t["build"], dev, "R")
    assert dict(m.row_cells(t["design"])) == {pm: "A/R", dev: "C"}
    assert dict(m.column_cells(dev)) == {t["design"]: "C", t["build"]: "R"}
    assert dict(m.row_counts(t["design"])) == {"A": 1, "R": 1, "C": 1}
    assert dict(m.role_counts(dev)) == {"C": 1, "R": 1}
    assert m.filled_in_row(t["design"]) == 2 and m.filled_in_column(dev) == 2
    assert m.multi_code_cells(t["design"]) == 1
    assert m.code_totals() == {"A": 1, "R": 2, "C": 1}
    assert m.cell_count() == 3
    assert m.deliverables_with(dev, "R") == {t["build"]}
    assert m.deliverables_with(dev, "A") == set()
    m.set_code(t["design"], pm, "")
    assert m.code(t["design"], pm) == "" and m.codes(t["design"], pm) == ()


def test_removing_a_group_removes_its_cells_and_notes(tree) -> None:
    m, t = tree
    pm = m.add_role("PM")
    m.set_code(t["design"], pm, "A")
    from ramdesk.model import RemoveRow, SetNote

    m.apply(SetNote(t["review"], pm, "on an empty cell"))
    m.apply(RemoveRow(t["phase"]))
    assert names(m.rows) == ["Loose"]
    assert m.cell_count() == 0 and not m.notes
    assert dict(m.role_counts(pm)) == {}


def test_canonical_text() -> None:
    m = Matrix()
    assert m.canonical(" a / r ") == "A/R"
    assert m.canonical("R, A; r") == "R/A"
    assert m.canonical("") == "" and m.canonical(None) == ""
    assert m.canonical("x") == "x"  # kept as typed: the checks flag it


def test_repr_and_item_identity() -> None:
    d = Deliverable("Plan")
    g = Group("Phase")
    assert "Plan" in repr(d) and "Phase" in repr(g)
    assert d != Deliverable("Plan")
    assert "Untitled" in repr(Matrix())
