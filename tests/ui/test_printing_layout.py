"""Page splitting and what goes on the paper, without painting."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ramdesk.model import Deliverable, Group, Matrix, Person, Role, RoleGroup, builtin_scheme
from ramdesk.ui.printing import PrintOptions, build_card, make_plan
from ramdesk.ui.printing.content import select
from ramdesk.ui.printing.layout import build_grid, split_columns, split_rows
from ramdesk.ui.printing.measure import Metrics
from ramdesk.ui.printing.paint import pale

WORDS = ("plan", "review", "Network", "sign-off", "très", "data", "migration", "x", "Überblick")


def tree_matrix(shape: list, words: list[str]) -> Matrix:
    """A matrix whose rows follow `shape`: an int is that many deliverables, a list a group."""
    m = Matrix("Tree")
    role = Role("Owner")
    m.load_role(role)
    counter = iter(range(10_000))

    def add(items: list, parent: Group | None) -> None:
        for item in items:
            if isinstance(item, list):
                g = Group(f"Group {next(counter)}")
                m.load_row(g, parent)
                add(item, g)
            else:
                for _ in range(item):
                    n = next(counter)
                    name = " ".join(words[(n + k) % len(words)] for k in range(1 + n % 7))
                    d = Deliverable(f"{n} {name}")
                    m.load_row(d, parent)
                    m.load_cells([(d, role, "A")])

    add(shape, None)
    return m


shapes = st.recursive(
    st.integers(min_value=0, max_value=6),
    lambda inner: st.lists(inner, min_size=0, max_size=5),
    max_leaves=40,
).map(lambda s: s if isinstance(s, list) else [s])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    shape=shapes,
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
    room=st.floats(60, 400),
)
def test_rows_split_in_order_and_never_strand_a_group_header(qapp, shape, words, room) -> None:
    m = tree_matrix(shape, words)
    options = PrintOptions()
    grid = build_grid(m, select(m, options), options, Metrics(), 500)
    rows = grid.selection.rows
    runs = split_rows(grid, room)
    order = [i for run, _carried in runs for i in run]
    assert order == list(range(len(rows)))
    for run, carried in runs:
        if not run:
            continue
        first = rows[run.start]
        ancestors = []
        parent = first.parent
        while parent is not None:
            ancestors.insert(0, parent)
            parent = parent.parent
        assert [rows[i] for i in carried] == ancestors
        used = len(carried) * grid.group_h + sum(grid.row_h[i] for i in run)
        assert used <= room + 1e-6 or len(run) == 1
        last = rows[run.stop - 1]
        if run.stop < len(rows) and any(isinstance(rows[i], Deliverable) for i in run):
            # A group header is kept with its first row unless the page holds nothing else.
            assert not isinstance(last, Group)


def test_columns_split_at_role_group_edges_and_evenly(qapp) -> None:
    m = Matrix("Bands")
    for b in range(4):
        band = RoleGroup(f"Band {b}")
        for j in range(9):
            m.load_role(Role(f"R{b}{j}", group=band))
    d = Deliverable("Only")
    m.load_row(d)
    options = PrintOptions()
    grid = build_grid(m, select(m, options), options, Metrics(), 300)
    width = grid.name_w + sum(grid.col_w[:20])
    runs = split_columns(grid, width)
    assert [len(r) for r in runs] == [18, 18]  # two whole bands a page, not 20 + 16
    assert [i for r in runs for i in r] == list(range(36))


def test_the_subsets(qapp) -> None:
    m = Matrix("Subsets")
    g1, g2 = Group("One"), Group("Two")
    m.load_row(g1)
    m.load_row(g2)
    a, b, c = Deliverable("a"), Deliverable("b"), Deliverable("c")
    m.load_row(a, g1)
    m.load_row(b, g1)
    m.load_row(c, g2)
    r1, r2, r3 = Role("pm"), Role("dev"), Role("qa")
    for r in (r1, r2, r3):
        m.load_role(r)
    ann = Person("Ann")
    m.load_person(ann, [r2])
    m.load_cells([(a, r1, "A"), (a, r2, "R"), (c, r2, "C"), (c, r1, "A"), (b, r1, "A/R")])
    sel = select(m, PrintOptions(person="ann"))
    assert sel.rows == (g1, a, g2, c)
    assert sel.roles == (r1, r2) and sel.highlighted == {r2}
    sel = select(m, PrintOptions(role="pm"))
    assert sel.rows == (g1, a, b, g2, c) and sel.roles == (r1, r2)
    sel = select(m, PrintOptions(group=g2))
    assert sel.rows == (g2, c) and sel.roles == (r1, r2, r3)
    sel = select(m, PrintOptions(deliverables=(b,)))
    assert sel.rows == (g1, b)
    problems = m.checker().all()
    sel = select(m, PrintOptions(problem_rows=True), problems)
    assert b in sel.rows and set(sel.rows) <= set(m.rows)


def test_a_card_uses_the_schemes_names_in_responsibility_order() -> None:
    m = Matrix("PARIS", builtin_scheme("paris"))
    phase = Group("Phase 1")
    m.load_row(phase)
    d1, d2 = Deliverable("Spec"), Deliverable("Loose end")
    m.load_row(d1, phase)
    m.load_row(d2)
    lead, review = Role("Lead", "Owns the spec."), Role("Board")
    m.load_role(lead)
    m.load_role(review)
    kim = Person("Kim")
    m.load_person(kim, [lead, review])
    m.load_cells([(d1, lead, "P"), (d1, review, "A"), (d2, lead, "ZZ")])
    card = build_card(m, kim)
    assert card.about == ["Lead — Owns the spec.", "Board"]
    headings = [s.heading for s in card.sections]
    names = {c.letter: c.name for c in m.scheme.codes}
    assert headings[0] == f"{names['A']} for"
    assert headings[1] == f"{names['P']} for"
    assert headings[-1].startswith("Marked “ZZ” (not a code of")
    assert card.sections[0].phases == [("Phase 1", card.sections[0].phases[0][1])]
    assert card.sections[0].phases[0][1][0].via == "Board"
    assert card.sections[-1].phases[0][0] == "Not in a phase"


@pytest.mark.parametrize("key", ["raci", "rasci", "paris", "daci", "rapid", "pacsi"])
def test_fills_are_pale_enough_to_photocopy(key: str) -> None:
    for code in builtin_scheme(key).codes:
        fill = pale(code.color)
        assert fill.lightnessF() >= 0.75, (key, code.letter, fill.name())


def test_title_block_names_scheme_date_and_version(qapp) -> None:
    m = Matrix("Relaunch")
    m.properties["version"] = "2.1"
    plan, _layout = make_plan(m, PrintOptions(date="2026-01-05", mark_problems=False))
    assert plan.title == "Relaunch"
    assert plan.subtitle == "RACI · 2026-01-05 · version 2.1"


def test_the_version_property_is_found_whatever_its_case(qapp) -> None:
    m = Matrix("Relaunch")
    m.properties["Version"] = "2.3 (baseline)"  # as the built-in example and Excel users write it
    plan, _layout = make_plan(m, PrintOptions(date="2026-01-05", mark_problems=False))
    assert plan.subtitle == "RACI · 2026-01-05 · version 2.3 (baseline)"


def test_options_take_the_command_lines_words() -> None:
    o = PrintOptions().with_overrides(pages_wide=3, person="Ann", cards=True, fit_width=None)
    assert (o.fit, o.pages_wide, o.person, o.cards) == ("pages", 3, "Ann", "people")
    assert PrintOptions(fit="pages").with_overrides(fit_width=True).fit == "width"
    with pytest.raises(TypeError):
        PrintOptions().with_overrides(colour_mode="wild")
    with pytest.raises(ValueError):
        PrintOptions(pages_wide=0)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    n_roles=st.integers(1, 90),
    min_font=st.floats(3, 12),
    fit=st.sampled_from(["width", "pages", "scale"]),
    pages_wide=st.integers(1, 4),
    scale=st.floats(0.1, 2),
)
def test_text_is_never_smaller_than_the_minimum(qapp, n_roles, min_font, fit, pages_wide, scale):
    m = Matrix("Any")
    roles = [Role(f"Role {j}") for j in range(n_roles)]
    for r in roles:
        m.load_role(r)
    d = Deliverable("Row")
    m.load_row(d)
    m.load_cells([(d, roles[0], "A")])
    options = PrintOptions(fit=fit, pages_wide=pages_wide, scale=scale, min_font_size=min_font)
    plan, _layout = make_plan(m, options)
    assert plan.scale * options.font_size >= min_font - 1e-6
    if not plan.note and fit != "scale":
        wanted = 1 if fit == "width" else pages_wide
        assert plan.pages_across <= wanted
    if fit == "scale" and not plan.note:
        assert plan.scale == pytest.approx(scale)
