"""The Problems panel follows edits row by row: what it lists is always what a full rebuild lists."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from ramdesk.model import SetCells
from ramdesk.ui.document import Document
from ramdesk.ui.problems_panel import ProblemsPanel
from tests.benchmarks.generate import generate


def expected(panel: ProblemsPanel) -> list:
    everything = panel.document.checker.all()
    return [p for p in everything if panel._accepts(p)]


def assert_matches_a_rebuild(panel: ProblemsPanel) -> None:
    listed = list(panel.model.problems)
    want = expected(panel)
    assert Counter(listed) == Counter(want)
    # the checker's order: severity, then deliverable, role, person, rule (ties in any order)
    keys = [panel._key(p) for p in listed]
    assert keys == sorted(keys)
    assert panel.summary.text() == (
        f"{len(want)}"
        if len(want) == len(panel.document.checker.all())
        else f"{len(want)} of {len(panel.document.checker.all())}"
    )


@pytest.fixture
def panel(qtbot):
    document = Document(generate(150, 14, seed=3))
    panel = ProblemsPanel(document)
    qtbot.addWidget(panel)
    return panel


def edit_randomly(document: Document, rnd: random.Random, n: int):
    m = document.matrix
    letters = [c.letter for c in m.scheme.codes] + ["", "", "A/R", "Z"]
    for _ in range(n):
        d = rnd.choice(m.deliverables[:40])
        r = rnd.choice(m.roles)
        yield SetCells.one(d, r, rnd.choice(letters))


def test_edits_of_cells_change_the_list_in_place_and_it_matches_a_rebuild(panel, qtbot):
    document = panel.document
    resets = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    moved = []
    panel.model.rowsInserted.connect(lambda *_a: moved.append("+"))
    panel.model.rowsRemoved.connect(lambda *_a: moved.append("-"))
    rnd = random.Random(7)
    for edit in edit_randomly(document, rnd, 60):
        document.apply(edit)
        assert not panel._timer.isActive()  # no rebuild scheduled: updated at once
        assert_matches_a_rebuild(panel)
    assert resets == []
    assert "+" in moved and "-" in moved
    while document.undo_stack.canUndo():  # undo all the way back: still in step
        document.undo_stack.undo()
    assert_matches_a_rebuild(panel)
    assert resets == []


def test_a_filtered_list_follows_edits_too(panel):
    document = panel.document
    panel.set_filter(severity="serious")
    assert all(p.severity != "info" for p in panel.model.problems)
    for edit in edit_randomly(document, random.Random(11), 40):
        document.apply(edit)
        assert_matches_a_rebuild(panel)
    panel.set_filter(rule="row.missing")
    for edit in edit_randomly(document, random.Random(12), 20):
        document.apply(edit)
        assert_matches_a_rebuild(panel)
    assert " of " in panel.summary.text()


def test_moving_rows_rebuilds_the_list_a_moment_later(panel, qtbot):
    from ramdesk.model import MoveRow

    document = panel.document
    m = document.matrix
    first = m.deliverables[0]
    document.apply(MoveRow(first, first.parent, len(first.parent.children)))
    assert panel._timer.isActive()  # the order changed: rebuilt once edits pause
    qtbot.waitUntil(lambda: not panel._timer.isActive(), timeout=2000)
    assert_matches_a_rebuild(panel)
    for edit in edit_randomly(document, random.Random(5), 20):  # and in place again after
        document.apply(edit)
        assert not panel._timer.isActive()
        assert_matches_a_rebuild(panel)


def test_the_chosen_problem_stays_chosen_while_others_come_and_go(panel):
    document = panel.document
    panel.view.selectRow(0)
    chosen = panel.current_problem()
    assert chosen is not None
    m = document.matrix
    far = [d for d in m.deliverables if d is not chosen.deliverable][-1]
    document.apply(SetCells.one(far, m.roles[0], "A"))
    document.apply(SetCells.one(far, m.roles[1], "A"))  # two A: an error, listed before
    assert panel.current_problem() == chosen


def test_the_list_model_keeps_qt_s_contract_while_rows_come_and_go(panel, qtmodeltester):
    qtmodeltester.check(panel.model)  # stays attached: checks every insert and remove below
    for edit in edit_randomly(panel.document, random.Random(21), 30):
        panel.document.apply(edit)
    assert_matches_a_rebuild(panel)


def test_an_edit_of_thousands_of_rows_rebuilds_the_list_once(qtbot):
    from ramdesk.model import InsertRole, Role
    from ramdesk.ui.problems_panel import REBUILD_BEYOND

    document = Document(generate(REBUILD_BEYOND + 100, 8, seed=4))
    panel = ProblemsPanel(document)
    qtbot.addWidget(panel)
    m = document.matrix
    extra = Role("Second approver")
    document.apply(InsertRole(extra))
    qtbot.waitUntil(lambda: not panel._timer.isActive(), timeout=3000)
    refreshed = []
    document.sig_problems.connect(lambda r: refreshed.append(len(r.deliverables)))
    document.apply(SetCells(tuple((d, extra, "A") for d in m.deliverables), "Set A"))
    assert refreshed[-1] > REBUILD_BEYOND  # every row now has one more A
    assert panel._timer.isActive()  # rebuilt once, a moment later
    qtbot.waitUntil(lambda: not panel._timer.isActive(), timeout=3000)
    assert_matches_a_rebuild(panel)
