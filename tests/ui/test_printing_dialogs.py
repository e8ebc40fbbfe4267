"""The File menu's printing entries: preview, export, page setup, kept per document."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from ramdesk.model import Deliverable, Matrix, Role
from ramdesk.ui.document import Document
from ramdesk.ui.printing import PrintOptions, export_pdf_dialog
from ramdesk.ui.printing.dialogs import (
    OPTIONS_KEY,
    make_print_preview,
    options_for,
    options_from_layout,
    print_to,
)


def wide_matrix(n_roles: int = 70, n_rows: int = 12) -> Matrix:
    m = Matrix("Wide")
    roles = [Role(f"Role number {j}") for j in range(n_roles)]
    for r in roles:
        m.load_role(r)
    for i in range(n_rows):
        d = Deliverable(f"Deliverable {i}")
        m.load_row(d)
        m.load_cells([(d, roles[i % n_roles], "A"), (d, roles[(i + 1) % n_roles], "R")])
    return m


def test_preview_says_when_the_fit_was_overridden(qtbot) -> None:
    document = Document(wide_matrix())
    document.extras[OPTIONS_KEY] = PrintOptions(min_font_size=8)
    dialog = make_print_preview(None, document)
    qtbot.addWidget(dialog)
    dialog.preview.updatePreview()
    assert dialog.preview.pageCount() == len(dialog.plan.pages) > 1
    assert "split into" in dialog.note.text() and "minimum" in dialog.note.text()
    # Allow small text: the same matrix fits the width and the note goes away.
    dialog.min_font.setValue(3)
    assert dialog.preview.pageCount() == 1
    assert dialog.note.text() == ""
    assert options_for(document).min_font_size == 3


def test_preview_switches_to_cards(qtbot) -> None:
    m = wide_matrix(4, 4)
    for j, role in enumerate(m.roles):
        m.add_person(f"Person {j}", [role])
    document = Document(m)
    dialog = make_print_preview(None, document)
    qtbot.addWidget(dialog)
    dialog.content.setCurrentIndex(1)
    assert dialog.preview.pageCount() == 4
    assert options_for(document).cards == "people"
    dialog.content.setCurrentIndex(2)
    assert dialog.preview.pageCount() == 4


def test_export_dialog_writes_and_reports_failures(qtbot, tmp_path: Path, monkeypatch) -> None:
    document = Document(wide_matrix(5, 5), path=tmp_path / "plan.xlsx")
    written = export_pdf_dialog(None, document, tmp_path / "out")
    assert written == tmp_path / "out.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: shown.append(text))
    assert export_pdf_dialog(None, document, tmp_path / "no" / "such" / "dir.pdf") is None
    assert shown and shown[0].startswith("dir.pdf: ")
    document.extras[OPTIONS_KEY] = PrintOptions(person="Nobody at all")
    assert export_pdf_dialog(None, document, tmp_path / "p.pdf") is None
    assert "Nobody called “Nobody at all”" in shown[-1]


def test_page_setup_choices_are_kept_with_the_document() -> None:
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.Letter),
        QPageLayout.Orientation.Landscape,
        QMarginsF(5, 6, 7, 8),
        QPageLayout.Unit.Millimeter,
    )
    options = options_from_layout(PrintOptions(colour=False), layout)
    assert options.paper == "Letter"
    assert options.orientation == "landscape"
    assert options.margins == pytest.approx((5, 6, 7, 8))
    assert options.colour is False


def test_print_honours_the_page_range(qtbot, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the printed PDF back")
    document = Document(wide_matrix(70, 200))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFromTo(2, 3)
    assert print_to(None, document, printer)
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "printed.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Pages:           2" in info
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "printed.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Page 2 of" in text and "Page 3 of" in text and "Page 1 of" not in text


def test_preview_prints_a_selection_or_one_persons_share(qtbot) -> None:
    m = wide_matrix(6, 60)
    ann = m.add_person("Ann", [m.roles[0]])
    document = Document(m)
    picked = m.deliverables[10:12]
    dialog = make_print_preview(None, document, selection=picked)
    qtbot.addWidget(dialog)
    dialog.preview.updatePreview()
    assert dialog.rows.currentText() == "Selected deliverables (2)"
    assert [r for r in dialog.plan.grid.selection.rows] == list(picked)
    dialog.rows.setCurrentIndex(dialog.rows.findData(ann))
    reach = m.reach(ann)
    assert set(dialog.plan.grid.selection.rows) == reach
    assert "Responsibilities of Ann" in dialog.plan.subtitle
    # The subset is for this printout; the document keeps the other choices only.
    assert options_for(document).person is None
    assert options_for(document).deliverables is None
    dialog.rows.setCurrentIndex(0)
    assert dialog.plan.grid.selection.rows == m.rows


def test_turning_the_paper_in_the_preview_is_remembered(qtbot) -> None:
    document = Document(wide_matrix(4, 4))
    dialog = make_print_preview(None, document)
    qtbot.addWidget(dialog)
    dialog.preview.updatePreview()
    assert options_for(document).orientation == "auto"
    dialog.preview.setLandscapeOrientation()
    dialog.preview.updatePreview()
    assert options_for(document).orientation == "landscape"
