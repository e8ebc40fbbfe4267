"""What-if dialogs: the preview shows what Apply makes, Apply is one undo step, Cancel changes
nothing; removing a role lists its codes and hands them on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ramdesk.model import Matrix
from ramdesk.rules.workload import Workload
from ramdesk.ui.document import Document
from ramdesk.ui.reassign_dialog import ReassignDialog, RemoveRoleDialog


def team() -> tuple[Matrix, dict]:
    m = Matrix("Team")
    ds = [m.add_deliverable(f"D{i}") for i in range(5)]
    pm, tl, dev, qa = (m.add_role(n) for n in ("PM", "Tech lead", "Developer", "QA"))
    ann = m.add_person("Ann", [pm])
    bo = m.add_person("Bo", [tl, dev])
    cy = m.add_person("Cy", [qa])
    for role, codes in ((pm, "AAARC"), (tl, "RCA.A"), (dev, "RRRRR"), (qa, "IIC.I")):
        for d, code in zip(ds, codes, strict=True):
            if code != ".":
                m.set_code(d, role, code)
    return m, {"ds": ds, "pm": pm, "tl": tl, "dev": dev, "qa": qa, "ann": ann, "bo": bo, "cy": cy}


@pytest.fixture
def setup(qtbot):
    m, x = team()
    doc = Document(m)
    dlg = ReassignDialog(doc)
    qtbot.addWidget(dlg)
    return dlg, doc, x


def state(doc: Document) -> tuple:
    loads = {x.subject: x.load for x in Workload(doc.matrix).people()}
    return set(doc.checker.all()), doc.checker.counts(), loads


def test_preview_equals_the_state_after_apply_and_one_undo_restores(setup):
    dlg, doc, x = setup
    before_snapshot = doc.matrix.snapshot()
    before = state(doc)
    dlg.choose(x["bo"])
    dlg.set_target(x["ann"])
    dlg.update_preview()
    p = dlg.preview
    assert p is not None
    assert doc.matrix.snapshot() == before_snapshot  # previewing changed nothing
    text = dlg.view.toPlainText()
    assert "New problems" in text and "Ann" in text
    assert any(q.rule == "person.double_accountable" for q in p.added)
    promised = (set(p.problems), p.counts, {s: v.load for s, v in p.after.items()})
    dlg.apply_button.click()
    assert state(doc) == promised
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Hand Bo’s roles to Ann"
    doc.undo_stack.undo()  # one Ctrl+Z
    assert doc.matrix.snapshot() == before_snapshot
    assert state(doc) == before


def test_cancel_discards(setup):
    dlg, doc, x = setup
    before = doc.matrix.snapshot()
    dlg.choose(x["ann"])
    dlg.set_target(None)
    dlg.update_preview()
    assert "open" in dlg.preview.edit.label
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    assert doc.matrix.snapshot() == before
    assert doc.undo_stack.count() == 0


def test_some_roles_to_a_new_person(setup):
    dlg, doc, x = setup
    dlg.choose(x["bo"])
    assert [r.name for r in dlg.chosen_roles()] == ["Tech lead", "Developer"]
    dlg.roles.item(1).setCheckState(Qt.CheckState.Unchecked)
    dlg.set_target("Dana Field")
    dlg.update_preview()
    newcomer = [s for s in dlg.preview.after if s not in dlg.preview.before]
    assert [s.name for s in newcomer] == ["Dana Field"]
    dlg.commit()
    dana = doc.matrix.people[-1]
    assert dana.name == "Dana Field"
    assert doc.matrix.roles_of(dana) == (x["tl"],)
    assert doc.matrix.roles_of(x["bo"]) == (x["dev"],)
    doc.undo_stack.undo()
    assert [p.name for p in doc.matrix.people] == ["Ann", "Bo", "Cy"]


def test_a_new_person_needs_a_name(setup):
    dlg, _doc, x = setup
    dlg.choose(x["bo"])
    dlg.set_target("   ")
    dlg.update_preview()
    assert dlg.preview is None
    assert not dlg.apply_button.isEnabled()


def test_one_role_to_someone_else(setup):
    dlg, doc, x = setup
    dlg.choose(x["dev"])
    assert dlg.by_role.isChecked()
    dlg.set_target(x["cy"])
    dlg.update_preview()
    dlg.commit()
    assert doc.matrix.holders(x["dev"]) == (x["cy"],)
    assert doc.undo_stack.undoText() == "Give role “Developer” to Cy"


def test_a_matrix_without_people_starts_on_roles(qtbot):
    m = Matrix()
    m.add_role("Lead")
    dlg = ReassignDialog(Document(m))
    qtbot.addWidget(dlg)
    assert dlg.by_role.isChecked()


# ---------------------------------------------------------------------------- removing a role
def test_remove_role_lists_losses_and_hands_codes_on(qtbot):
    m, x = team()
    doc = Document(m)
    before = m.snapshot()
    dlg = RemoveRoleDialog(doc, x["pm"])
    qtbot.addWidget(dlg)
    names = [dlg.table.item(r, 1).text() for r in range(dlg.table.rowCount())]
    assert names == ["D0", "D1", "D2", "D3", "D4"]
    marks = [dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())]
    assert marks == ["▲", "▲", "", "", ""]  # D0 and D1 lose their only A; D2 keeps the lead's
    dlg.update_preview()
    assert sum(q.rule == "row.missing" for q in dlg.preview.added) == 2
    dlg.give(x["ds"][0], x["tl"])
    dlg.give(x["ds"][1], x["qa"])
    dlg.update_preview()
    assert not any(q.rule == "row.missing" for q in dlg.preview.added)
    assert dlg.table.item(0, 3).text() == "Tech lead"
    dlg.commit()
    assert x["pm"] not in doc.matrix.roles
    assert doc.matrix.code(x["ds"][0], x["tl"]) == "R/A"
    assert doc.matrix.code(x["ds"][1], x["qa"]) == "A/I"
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.matrix.snapshot() == before


def test_remove_role_give_all(qtbot):
    m, x = team()
    doc = Document(m)
    dlg = RemoveRoleDialog(doc, x["qa"])
    qtbot.addWidget(dlg)
    dlg.give_all(x["pm"])
    assert {dlg.table.item(r, 3).text() for r in range(dlg.table.rowCount())} == {"PM"}
    dlg.commit()
    assert [doc.matrix.code(d, x["pm"]) for d in x["ds"]] == ["A/I", "A/I", "A/C", "R", "C/I"]


def test_remove_an_empty_role(qtbot):
    m = Matrix()
    role = m.add_role("Spare")
    doc = Document(m)
    dlg = RemoveRoleDialog(doc, role)
    qtbot.addWidget(dlg)
    assert dlg.table.rowCount() == 0
    dlg.commit()
    assert m.roles == ()
