"""The import preview: detected parts shown over the sheet, corrections, one-click Open."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from ramdesk.io.importer import detect, read_matrix
from ramdesk.ui import import_preview
from ramdesk.ui.import_preview import ImportPreview, SheetModel, run_import_preview

from ..io import fixtures_import as fx
from ..io.test_import_patterns import assignments


@pytest.fixture
def band_file(tmp_path: Path) -> Path:
    return fx.band_below_and_legend_above(tmp_path)[0]


def _dialog(qtbot, path: Path) -> ImportPreview:
    dialog = ImportPreview(detect(path))
    qtbot.addWidget(dialog)
    return dialog


def test_sheet_model_passes_the_model_tester(qtmodeltester, band_file: Path) -> None:
    detection = detect(band_file)
    model = SheetModel(detection.grid(detection.best.sheet))
    model.set_candidate(detection.best)
    qtmodeltester.check(model)


def test_detected_parts_are_coloured_and_marked(qtbot, band_file: Path) -> None:
    dialog = _dialog(qtbot, band_file)
    model = dialog.table.model()
    part = SheetModel.PartRole
    # Legend above (rows 3-6), names in row 9, group band in row 10, tasks from row 11.
    assert model.index(2, 1).data(part) == "legend"
    assert model.index(8, 3).data(part) == "header"
    assert model.index(9, 3).data(part) == "band"
    assert model.index(10, 2).data(part) == "task"
    assert model.index(10, 3).data(part) == "code"
    assert model.index(10, 3).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.headerData(8, Qt.Orientation.Vertical).endswith("Header")
    assert "Role groups" in model.headerData(9, Qt.Orientation.Vertical)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "C Task"
    assert "Role" in model.headerData(3, Qt.Orientation.Horizontal)
    assert "D11" in model.index(10, 3).data(Qt.ItemDataRole.ToolTipRole)
    # The title above is listed with its reference as left out.
    listed = [dialog.skipped_list.item(i).text() for i in range(dialog.skipped_list.count())]
    assert any(text.startswith("D1 ") and "RACI Matrix" in text for text in listed)
    assert "RACI" in dialog.summary.text() and "Legend" in dialog.summary.text()


def test_open_is_one_click_and_gives_the_detected_matrix(qtbot, band_file: Path) -> None:
    dialog = _dialog(qtbot, band_file)
    assert dialog.open_button.isDefault()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert assignments(dialog.matrix) == assignments(read_matrix(band_file))


def test_clicking_a_row_number_makes_it_the_header(qtbot, tmp_path: Path) -> None:
    path = fx.clean_baseline(tmp_path)[0]
    dialog = _dialog(qtbot, path)
    with qtbot.waitSignal(dialog.sig_candidate_changed):
        dialog.table.verticalHeader().sectionClicked.emit(1)
    assert dialog.candidate.layout.name_row == 1
    assert dialog.header_spin.value() == 2
    assert dialog.table.model().headerData(1, Qt.Orientation.Vertical).endswith("Header")


def test_unticking_a_role_column_leaves_it_out(qtbot, tmp_path: Path) -> None:
    path = fx.clean_baseline(tmp_path)[0]
    dialog = _dialog(qtbot, path)
    item = next(
        dialog.roles_list.item(i)
        for i in range(dialog.roles_list.count())
        if dialog.roles_list.item(i).text().endswith("Business")
    )
    item.setCheckState(Qt.CheckState.Unchecked)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()
    assert [r.name for r in dialog.matrix.roles] == ["TPM", "SDM", "PM-T", "Lead SDE", "SDE"]


def test_choosing_the_task_column_and_the_scheme(qtbot, tmp_path: Path) -> None:
    path = fx.clean_baseline(tmp_path)[0]
    dialog = _dialog(qtbot, path)
    dialog.task_box.setCurrentIndex(0)
    assert dialog.candidate.task_column == 0
    dialog.scheme_box.setCurrentText("RASCI")
    dialog.open_button.click()
    assert [d.name for d in dialog.matrix.deliverables] == ["1", "2", "3"]
    assert dialog.matrix.scheme.key == "rasci"


def test_picking_another_matrix(qtbot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, fx.two_matrices(tmp_path))
    assert dialog.matrix_box.count() == 2
    dialog.matrix_box.setCurrentIndex(1)
    assert dialog.sheet_box.currentText() == "Decisions"
    dialog.open_button.click()
    assert [d.name for d in dialog.matrix.deliverables] == ["Budget", "Hiring"]


def test_a_sheet_without_a_matrix_can_be_shown_but_not_opened(qtbot, tmp_path: Path) -> None:
    path, _expected = fx.decoy_workbook(tmp_path)
    dialog = _dialog(qtbot, path)
    dialog.sheet_box.setCurrentText("Register")
    assert dialog.table.model().grid.name == "Register"
    assert not dialog.open_button.isEnabled()
    dialog.sheet_box.setCurrentText("RACI")
    assert dialog.open_button.isEnabled()


def test_run_import_preview_returns_the_matrix_or_none(qtbot, tmp_path: Path, monkeypatch) -> None:
    path = fx.clean_baseline(tmp_path)[0]

    def accept(self: ImportPreview) -> int:
        self._on_open()
        return self.result()

    monkeypatch.setattr(ImportPreview, "exec", accept)
    matrix = run_import_preview(None, path)
    assert matrix is not None and Counter(assignments(matrix)) == assignments(read_matrix(path))
    monkeypatch.setattr(ImportPreview, "exec", lambda self: QDialog.DialogCode.Rejected)
    assert run_import_preview(None, path) is None


def test_a_file_that_cannot_be_read_says_why(qtbot, tmp_path: Path, monkeypatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(
        import_preview.QMessageBox, "warning", lambda _p, _t, text: said.append(text)
    )
    assert run_import_preview(None, fx.timetable(tmp_path)) is None
    assert said and "No responsibility matrix" in said[0]


@pytest.mark.parametrize(
    "make", [fx.names_under_code_columns, fx.csv_sections, fx.ods_with_decoy, fx.numbered_outline]
)
def test_other_layouts_and_formats_open_as_detected(qtbot, tmp_path: Path, make) -> None:
    path, expected = make(tmp_path)[:2]
    dialog = _dialog(qtbot, path)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert assignments(dialog.matrix) == Counter(expected)


def test_words_from_the_file_are_shown_as_text_not_markup(qtbot, tmp_path: Path) -> None:
    rows = [
        ["Task", "PM", "Dev"],
        ["Plan", "A", "R"],
        ["Build", "R", "A"],
        [],
        ["R = <i>Responsible</i>"],
        ["A = <img src='x.png'>Accountable"],
    ]
    path = fx.write_xlsx(tmp_path / "markup.xlsx", {"Plan <b>B<b>": rows})
    dialog = _dialog(qtbot, path)
    summary = dialog.summary.text()
    assert "&lt;i&gt;Responsible&lt;/i&gt;" in summary and "<i>" not in summary
    assert "<img" not in summary and "Plan &lt;b&gt;B&lt;b&gt;" in summary
