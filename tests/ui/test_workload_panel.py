"""The Workload panel driven like a user: bars, clicks, the table, weights, staying current."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from ramdesk.model import Matrix, SetCells, SetField
from ramdesk.rules.workload import Workload
from ramdesk.ui.document import Document
from ramdesk.ui.workload_chart import LoadChart, LoadTableModel
from ramdesk.ui.workload_panel import LoadSettingsDialog, WorkloadPanel


def team() -> tuple[Matrix, dict]:
    m = Matrix("Team")
    plan, build = m.add_group("Planning"), m.add_group("Build")
    ds = [m.add_deliverable(f"D{i}", plan if i < 3 else build) for i in range(6)]
    pm = m.add_role("PM", description="Drives delivery on schedule.")
    tl = m.add_role("Tech lead", description="Leads the technical planning.")
    dev = m.add_role("Developer")
    ann = m.add_person("Ann", [pm, tl], email="ann@example.org")
    bo = m.add_person("Bo", [dev])
    cy = m.add_person("Cy")
    for role, codes in ((pm, "AAARCI"), (tl, "CC.AAR"), (dev, "RRR.RR")):
        for d, code in zip(ds, codes, strict=True):
            if code != ".":
                m.set_code(d, role, code)
    return m, {"ds": ds, "pm": pm, "tl": tl, "dev": dev, "ann": ann, "bo": bo, "cy": cy}


@pytest.fixture
def panel(qtbot):
    m, x = team()
    doc = Document(m)
    widget = WorkloadPanel(doc)
    qtbot.addWidget(widget)
    widget.resize(520, 640)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, doc, x


def bar_point(chart: LoadChart, i: int) -> QPoint:
    return QPoint(chart.width() // 2, LoadChart.TOP + i * LoadChart.ROW + LoadChart.ROW // 2)


def test_people_heaviest_first_with_the_checks_limit(panel):
    widget, doc, x = panel
    loads = widget.chart.loads
    assert [load.subject for load in loads] == [x["ann"], x["bo"], x["cy"]]
    # Ann: PM A,A,A,R,C,I = 9+4+2+1 = 16 ; TL C,C,A,A,R = 4+6+4 = 14 -> 30 ; Bo: 5 R = 20
    assert [load.load for load in loads] == [30, 20, 0]
    assert widget.chart.limit == Workload(doc.matrix).limit == pytest.approx(0.4 * 6 * 4)
    assert [load.overloaded for load in loads] == [True, True, False]
    flagged = {p.person for p in doc.checker.all() if p.rule == "person.overloaded"}
    assert flagged == {x["ann"], x["bo"]}
    assert "2 above the limit of 9.6" in widget.summary.text()


def test_clicking_a_bar_filters_the_grid_to_that_person(panel, qtbot):
    widget, _doc, x = panel
    with qtbot.waitSignal(widget.sig_filter_person) as blocker:
        qtbot.mouseClick(widget.chart, Qt.MouseButton.LeftButton, pos=bar_point(widget.chart, 1))
    assert blocker.args == [x["bo"]]
    assert widget.current().subject is x["bo"]
    assert "Developer" in widget.details.toPlainText()


def test_roles_view_and_role_cards(panel, qtbot):
    widget, _doc, x = panel
    widget.set_mode("roles")
    assert [load.subject for load in widget.chart.loads] == [x["dev"], x["pm"], x["tl"]]
    with qtbot.waitSignal(widget.sig_filter_role) as blocker:
        qtbot.mouseClick(widget.chart, Qt.MouseButton.LeftButton, pos=bar_point(widget.chart, 1))
    assert blocker.args == [x["pm"]]
    text = widget.details.toPlainText()
    assert "Drives delivery on schedule." in text and "Held by Ann" in text
    assert "Drives delivery on schedule." in widget._tooltip(widget.chart.loads[1])


def test_edit_rr_text_from_the_role_card(panel, monkeypatch):
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QInputDialog

    widget, doc, x = panel
    widget.select(x["ann"])
    assert "Edit R&R text" in widget.details.toPlainText()
    asked = []

    def answer(parent, title, label, text):
        asked.append((title, text))
        return "  Owns status reporting.  ", True

    monkeypatch.setattr(QInputDialog, "getMultiLineText", answer)
    widget.details.anchorClicked.emit(QUrl("describe:0"))
    assert asked == [("R&R of “PM”", "Drives delivery on schedule.")]
    assert x["pm"].description == "Owns status reporting."
    assert "Owns status reporting." in widget.details.toPlainText()
    assert doc.undo_stack.undoText() == "Describe role “PM”"
    doc.undo_stack.undo()
    assert x["pm"].description == "Drives delivery on schedule."
    widget.details.anchorClicked.emit(QUrl("describe:99"))  # a stale link does nothing
    assert len(asked) == 1


def test_person_details_show_role_cards_and_load_per_group(panel):
    widget, _doc, x = panel
    widget.select(x["ann"])
    text = widget.details.toPlainText()
    assert "Leads the technical planning." in text
    assert "ann@example.org" in text
    assert "Load per group" in text
    # Planning: PM A,A,A + TL C,C = 9 + 4 = 13 ; Build: PM R,C,I + TL A,A,R = 7 + 10 = 17
    assert "Build\n17" in text.replace("\t", "\n") or "Build 17" in text.replace("\n", " ")


def test_groups_view(panel, qtbot):
    widget, _doc, x = panel
    widget.set_mode("groups")
    names = [(load.subject.name, load.load) for load in widget.chart.loads]
    assert names == [("Planning", 25), ("Build", 25)]  # a tie keeps the matrix's order
    with qtbot.waitSignal(widget.sig_select_group):
        qtbot.mouseClick(widget.chart, Qt.MouseButton.LeftButton, pos=bar_point(widget.chart, 0))
    assert "Who it loads" in widget.details.toPlainText()


def test_group_levels(qtbot):
    m, x = team()
    platform = m.add_group("Platform A", x["ds"][0].parent)
    from ramdesk.model import MoveRow

    m.apply(MoveRow(x["ds"][0], platform, 0))
    doc = Document(m)
    widget = WorkloadPanel(doc)
    qtbot.addWidget(widget)
    widget.set_mode("groups")
    assert [load.subject.name for load in widget.chart.loads] == ["Planning", "Build"]
    widget.set_group_depth(1)
    # D0: PM A, TL C, Developer R = 3 + 2 + 4
    assert [(load.subject, load.load) for load in widget.chart.loads] == [(platform, 9)]
    widget.set_group_depth(None)
    assert len(widget.chart.loads) == 3
    widget.set_mode("people")
    widget.set_group_depth(1)
    widget.select(x["ann"])
    text = widget.details.toPlainText()
    assert "Platform A" in text and "Build" not in text


def test_table_model(panel, qtmodeltester):
    widget, _doc, x = panel
    widget.tabs.setCurrentWidget(widget.table)
    qtmodeltester.check(widget.model)
    model: LoadTableModel = widget.model
    header = [model.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(model.columnCount())]
    assert header == ["Name", "Roles", "R", "A", "C", "I", "Load", "% of limit"]
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row == ["▲ Ann", "PM, Tech lead", "2", "5", "3", "1", "30", "312 %"]
    widget.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert widget.proxy.index(0, 0).data() == "▲ Ann"
    widget.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    assert widget.proxy.index(0, 0).data() == "Cy"


def test_follows_edits_and_undo(panel):
    widget, doc, x = panel
    ds = x["ds"]
    doc.apply(SetField(x["pm"], "description", "Owns status reporting."))
    doc.apply(_set(ds[5], x["dev"], ""))  # Bo loses one R
    assert widget.chart.loads[1].load == 16
    widget.set_mode("roles")
    widget.select(x["pm"])
    assert "Owns status reporting." in widget.details.toPlainText()
    doc.undo_stack.undo()
    widget.set_mode("people")
    assert widget.chart.loads[1].load == 20


def test_table_follows_edits_shown_or_not(panel):
    widget, doc, x = panel
    widget.tabs.setCurrentWidget(widget.table)
    assert widget.proxy.index(0, 0).data() == "▲ Ann"  # heaviest first
    load_column = widget.model.columnCount() - 2
    doc.apply(_set(x["ds"][3], x["dev"], "R"))  # Bo 20 -> 24
    assert widget.proxy.index(1, 0).data() == "▲ Bo"
    assert widget.proxy.index(1, load_column).data() == "24"
    widget.tabs.setCurrentWidget(widget.scroll)
    for d in x["ds"][:3]:
        doc.apply(_set(d, x["dev"], "A"))  # Bo 24 -> 21, while the table is hidden
    for d in x["ds"][:3]:
        doc.apply(_set(d, x["pm"], ""))  # Ann 30 -> 21
    widget.tabs.setCurrentWidget(widget.table)
    assert [widget.proxy.index(r, load_column).data() for r in range(3)] == ["21", "21", "0"]
    widget.set_mode("roles")
    assert widget.model.headerData(1, Qt.Orientation.Horizontal, 0) == "Held by"
    assert widget.proxy.index(0, 0).data() == "▲ Developer"


def _set(d, r, text):
    return SetCells(((d, r, text),))


def test_hidden_panel_catches_up_when_shown(panel):
    widget, doc, x = panel
    widget.hide()
    doc.apply(_set(x["ds"][3], x["dev"], "R"))
    assert widget._stale
    widget.show()
    assert not widget._stale
    assert widget.chart.loads[1].load == 24


def test_weights_dialog_saves_with_the_matrix_as_one_step(panel, qtbot):
    widget, doc, x = panel
    dialog = LoadSettingsDialog(doc, widget)
    qtbot.addWidget(dialog)
    assert dialog.spins["R"].value() == 4
    dialog.spins["R"].setValue(10)
    dialog.spins["C"].setValue(0)
    dialog.share.setValue(90)
    dialog.accept()
    assert doc.matrix.settings.weights == {"R": 10, "C": 0}
    assert doc.matrix.settings.thresholds == {"person.overload_share": 0.9}
    assert doc.undo_stack.count() == 1
    # Bo: 5 R x 10 = 50, limit 0.9 x 6 x 10 = 54 -> no longer overloaded
    bo = next(load for load in widget.chart.loads if load.subject is x["bo"])
    assert bo.load == 50 and not bo.overloaded
    doc.undo_stack.undo()
    assert doc.matrix.settings.weights == {}
    again = LoadSettingsDialog(doc, widget)
    qtbot.addWidget(again)
    assert again.edit() is None  # nothing changed: nothing to undo


def test_keyboard_moves_and_activates(panel, qtbot):
    widget, _doc, x = panel
    widget.chart.setFocus()
    qtbot.keyClick(widget.chart, Qt.Key.Key_Down)
    qtbot.keyClick(widget.chart, Qt.Key.Key_Down)
    assert widget.current().subject is x["bo"]
    with qtbot.waitSignal(widget.sig_filter_person) as blocker:
        qtbot.keyClick(widget.chart, Qt.Key.Key_Return)
    assert blocker.args == [x["bo"]]


def test_empty_matrix_and_replacement(qtbot):
    doc = Document(Matrix())
    widget = WorkloadPanel(doc)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.chart.loads == []
    assert "Nobody holds a role" in widget.chart.empty_text
    widget.grab()  # paints the empty state without error
    m, x = team()
    doc.replace(m)
    assert widget.chart.loads[0].subject is x["ann"]


def test_names_from_files_are_not_markup(qtbot):
    m = Matrix()
    d = m.add_deliverable("x")
    r = m.add_role("<b>Boss</b>", description="<img src=x onerror=alert(1)>")
    m.add_person("<i>Eve</i>", [r])
    m.set_code(d, r, "A")
    doc = Document(m)
    widget = WorkloadPanel(doc)
    qtbot.addWidget(widget)
    widget.select(m.people[0])
    text = widget.details.toPlainText()
    assert "<i>Eve</i>" in text and "<img src=x onerror=alert(1)>" in text


def test_in_the_window_a_bar_clicked_filters_the_grid(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from ramdesk.ui.app import create_window

    m, x = team()
    window = create_window(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), m)
    qtbot.addWidget(window)
    window.show()
    window.show_workload()
    panel = window.docks["workload"].widget()
    model = window.grid.matrix_model
    panel.sig_filter_person.emit(x["bo"])  # as a click on Bo's bar does
    assert model.shown_deliverables() == 5  # Bo is Developer: R on five deliverables
    assert "Bo" in window.filter_bar.custom_label.text()
    panel.sig_filter_role.emit(x["tl"])
    assert model.shown_deliverables() == 5
    window.filter_bar.clear()
    model.set_all_collapsed(True)
    panel.sig_select_group.emit(m.groups[1])
    current = window.grid.currentIndex()
    assert model.row_item(current.row()) is m.groups[1]
    assert m.groups[1] not in model.collapsed
    window.document.undo_stack.setClean()
