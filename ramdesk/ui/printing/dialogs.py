"""File menu entries: Print Preview, Print, Export as PDF, Page Setup.

The options live per document in `document.extras["print_options"]`; every entry paints through
the same plan and `render` as `export_pdf`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import (
    QPageSetupDialog,
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from ramdesk.io.errors import WriteError
from ramdesk.model import Deliverable, Person, Role
from ramdesk.ui.document import Document

from .content import UnknownSubject
from .export import make_plan, page_layout, write_pdf
from .layout import Plan
from .options import PrintOptions
from .paint import render

OPTIONS_KEY = "print_options"


def options_for(document: Document) -> PrintOptions:
    """The document's print options (created on first use)."""
    options = document.extras.get(OPTIONS_KEY)
    if not isinstance(options, PrintOptions):
        options = PrintOptions()
        document.extras[OPTIONS_KEY] = options
    return options


def _store(document: Document, options: PrintOptions) -> None:
    # A subset (selected rows, one person) is chosen for one printout, not kept for the next.
    document.extras[OPTIONS_KEY] = replace(
        options, deliverables=None, group=None, person=None, role=None
    )


def _with_selection(options: PrintOptions, selection: Sequence[Deliverable] | None) -> PrintOptions:
    return replace(options, deliverables=tuple(selection)) if selection else options


def _page_range(printer: QPrinter, total: int) -> range:
    """The pages the user asked for in the print dialog (all when none)."""
    first, last = printer.fromPage(), printer.toPage()
    if not first:
        return range(total)
    return range(min(first, total) - 1, min(last or total, total))


def _file_name(document: Document) -> str:
    return document.path.name if document.path is not None else ""


def options_from_layout(options: PrintOptions, layout: QPageLayout) -> PrintOptions:
    """The options with the paper, orientation and margins of a page layout."""
    m = layout.margins(QPageLayout.Unit.Millimeter)
    landscape = layout.orientation() == QPageLayout.Orientation.Landscape
    return replace(
        options,
        paper=layout.pageSize().key() or options.paper,
        orientation="landscape" if landscape else "portrait",
        margins=tuple(  # type: ignore[arg-type]
            round(min(max(v, 0.0), 80.0), 1) for v in (m.left(), m.top(), m.right(), m.bottom())
        ),
    )


def _printer(document: Document, options: PrintOptions) -> tuple[QPrinter, Plan]:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    plan, layout = make_plan(
        document.matrix,
        options,
        problems=_problems(document, options),
        file_name=_file_name(document),
    )
    printer.setPageLayout(layout)
    printer.setDocName(plan.title)
    printer.setCreator("ramdesk")
    return printer, plan


def _problems(document: Document, options: PrintOptions) -> list | None:
    if options.mark_problems or options.problems_summary or options.problem_rows:
        return document.checker.all()
    return None


def _plan_for_printer(document: Document, options: PrintOptions, printer: QPrinter) -> Plan:
    plan, _layout = make_plan(
        document.matrix,
        options,
        printer.pageLayout(),
        _problems(document, options),
        _file_name(document),
    )
    return plan


def _complain(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


# ---------------------------------------------------------------------- preview
class PrintPreview(QPrintPreviewDialog):
    """The print preview with ramdesk's choices beside Qt's: fit, minimum text size, colour,
    problems, cards; and a line saying when the fit was overridden to keep text readable."""

    def __init__(
        self,
        document: Document,
        parent: QWidget | None = None,
        selection: Sequence[Deliverable] | None = None,
    ) -> None:
        self.document = document
        self.selection = tuple(selection or ())
        self.options = _with_selection(options_for(document), selection)
        printer, self.plan = _printer(document, self.options)
        self._layout_set = printer.pageLayout()
        super().__init__(printer, parent)
        self._printer_ref = printer
        self.setWindowTitle(f"Print Preview — {self.plan.title}")
        self.resize(1100, 800)
        self.preview = self.findChild(QPrintPreviewWidget)
        self.note = QLabel(self)
        self.note.setObjectName("fitNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("QLabel { color: #8a4b00; font-weight: bold; padding: 2px; }")
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = self._build_bar()
        layout = self.layout()
        if layout is not None:
            layout.insertWidget(1, self.bar)
            layout.addWidget(self.note)
        self.paintRequested.connect(self._on_paint)

    def _build_bar(self) -> QWidget:
        bar = QWidget(self)
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 0, 6, 0)
        o = self.options
        self.content = QComboBox(bar)
        self.content.addItems(["Matrix", "Cards for people", "Cards for roles"])
        self.content.setCurrentIndex({None: 0, "people": 1, "roles": 2}[o.cards])
        self.rows = QComboBox(bar)
        self.rows.setToolTip("Print every deliverable, some of them, or one person's or role's")
        self.rows.addItem("All deliverables", None)
        self.rows.addItem("Deliverables with problems", "problems")
        if self.selection:
            self.rows.addItem(f"Selected deliverables ({len(self.selection)})", "selection")
        matrix = self.document.matrix
        for person in matrix.people:
            self.rows.addItem(f"Responsibilities of {person.name}", person)
        for role in matrix.roles:
            self.rows.addItem(f"Responsibilities of the role {role.name}", role)
        if o.deliverables is not None:
            self.rows.setCurrentIndex(self.rows.findData("selection"))
        elif o.problem_rows:
            self.rows.setCurrentIndex(1)
        self.fit = QComboBox(bar)
        self.fit.addItems(["Fit to page width", "Fit to pages wide", "Fixed scale"])
        self.fit.setCurrentIndex({"width": 0, "pages": 1, "scale": 2}[o.fit])
        self.pages = QSpinBox(bar)
        self.pages.setRange(1, 50)
        self.pages.setValue(o.pages_wide)
        self.pages.setSuffix(" wide")
        self.scale = QSpinBox(bar)
        self.scale.setRange(5, 400)
        self.scale.setValue(round(o.scale * 100))
        self.scale.setSuffix(" %")
        self.min_font = QDoubleSpinBox(bar)
        self.min_font.setRange(3, 30)
        self.min_font.setSingleStep(0.5)
        self.min_font.setValue(o.min_font_size)
        self.min_font.setSuffix(" pt")
        self.min_font.setToolTip("Text is never printed smaller: the matrix is split instead")
        self.colour = QCheckBox("Colour fills", bar)
        self.colour.setChecked(o.colour)
        self.marks = QCheckBox("Mark problems", bar)
        self.marks.setChecked(o.mark_problems)
        self.summary = QCheckBox("Problems page", bar)
        self.summary.setChecked(o.problems_summary)
        for label, widget in (
            ("Print:", self.content),
            ("", self.rows),
            ("", self.fit),
            ("", self.pages),
            ("", self.scale),
            ("Smallest text:", self.min_font),
        ):
            if label:
                row.addWidget(QLabel(label, bar))
            row.addWidget(widget)
        row.addWidget(self.colour)
        row.addWidget(self.marks)
        row.addWidget(self.summary)
        row.addStretch(1)
        for combo in (self.content, self.rows, self.fit):
            combo.currentIndexChanged.connect(self._on_choice)
        for spin in (self.pages, self.scale, self.min_font):
            spin.valueChanged.connect(self._on_choice)
        for box in (self.colour, self.marks, self.summary):
            box.toggled.connect(self._on_choice)
        self._sync_enabled()
        return bar

    def _sync_enabled(self) -> None:
        matrix = self.content.currentIndex() == 0
        self.fit.setEnabled(matrix)
        self.pages.setVisible(self.fit.currentIndex() == 1)
        self.scale.setVisible(self.fit.currentIndex() == 2)
        self.min_font.setEnabled(matrix)
        self.marks.setEnabled(matrix)
        self.summary.setEnabled(matrix)

    def _on_choice(self, *_args: object) -> None:
        chosen = self.rows.currentData()
        self.options = replace(
            self.options,
            deliverables=self.selection if chosen == "selection" else None,
            problem_rows=chosen == "problems",
            person=chosen if isinstance(chosen, Person) else None,
            role=chosen if isinstance(chosen, Role) else None,
            cards=(None, "people", "roles")[self.content.currentIndex()],
            fit=("width", "pages", "scale")[self.fit.currentIndex()],
            pages_wide=self.pages.value(),
            scale=self.scale.value() / 100,
            min_font_size=self.min_font.value(),
            colour=self.colour.isChecked(),
            mark_problems=self.marks.isChecked(),
            problems_summary=self.summary.isChecked(),
        )
        _store(self.document, self.options)
        self._sync_enabled()
        if self.preview is not None:
            self.preview.updatePreview()

    def _on_paint(self, printer: QPrinter) -> None:
        try:
            self.plan = _plan_for_printer(self.document, self.options, printer)
        except UnknownSubject as exc:
            self.note.setText(str(exc))
            return
        render(printer, self.plan, _page_range(printer, len(self.plan.pages)))
        text = self.plan.note + "." if self.plan.note else ""
        self.note.setText(text)
        self.note.setVisible(bool(text))
        # The user may have turned the paper or changed margins in the preview: keep that.
        layout = printer.pageLayout()
        if not layout.isEquivalentTo(self._layout_set):
            self._layout_set = layout
            self.options = options_from_layout(self.options, layout)
            _store(self.document, self.options)


def make_print_preview(
    parent: QWidget | None,
    document: Document,
    selection: Sequence[Deliverable] | None = None,
) -> PrintPreview:
    """The preview dialog, not yet shown."""
    return PrintPreview(document, parent, selection)


def show_print_preview(
    parent: QWidget | None,
    document: Document,
    selection: Sequence[Deliverable] | None = None,
) -> None:
    """File → Print Preview; `selection` (the selected deliverables) is offered as a subset."""
    try:
        dialog = make_print_preview(parent, document, selection)
    except UnknownSubject as exc:
        _complain(parent, "Print Preview", str(exc))
        return
    dialog.exec()
    dialog.deleteLater()


# ---------------------------------------------------------------------- print
def print_document(
    parent: QWidget | None,
    document: Document,
    selection: Sequence[Deliverable] | None = None,
) -> bool:
    """File → Print: the system's print dialog, then the same pages as the preview
    (only the `selection` of deliverables when one is given)."""
    options = _with_selection(options_for(document), selection)
    try:
        printer, _plan = _printer(document, options)
    except UnknownSubject as exc:
        _complain(parent, "Print", str(exc))
        return False
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    return print_to(parent, document, printer, options)


def print_to(
    parent: QWidget | None,
    document: Document,
    printer: QPrinter,
    options: PrintOptions | None = None,
) -> bool:
    """Paint the document's printout on a printer set up by the user (page range honoured)."""
    options = options or options_for(document)
    plan = _plan_for_printer(document, options, printer)
    pages = _page_range(printer, len(plan.pages))
    progress = QProgressDialog("Printing…", "Cancel", 0, len(pages), parent)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(800)

    def step(done: int, _total: int) -> bool:
        progress.setValue(done)
        QApplication.processEvents()
        return not progress.wasCanceled()

    try:
        render(printer, plan, pages, step)
    except OSError as exc:
        _complain(parent, "Print", f"The printout could not be sent: {exc}")
        return False
    finally:
        progress.close()
    return True


# ---------------------------------------------------------------------- PDF
def export_pdf_dialog(
    parent: QWidget | None,
    document: Document,
    path: str | Path | None = None,
    selection: Sequence[Deliverable] | None = None,
) -> Path | None:
    """File → Export as PDF: asks where (unless `path` is given), writes, says what went wrong."""
    options = _with_selection(options_for(document), selection)
    if path is None:
        base = document.path.with_suffix(".pdf") if document.path else Path(document.matrix.name)
        suggested = str(base if base.suffix == ".pdf" else base.with_name(base.name + ".pdf"))
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, "Export as PDF", suggested, "PDF documents (*.pdf)"
        )
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        plan, layout = make_plan(
            document.matrix,
            options,
            problems=_problems(document, options),
            file_name=_file_name(document),
        )
        write_pdf(plan, layout, target)
    except (WriteError, UnknownSubject) as exc:
        QApplication.restoreOverrideCursor()
        _complain(parent, "Export as PDF", str(exc))
        return None
    QApplication.restoreOverrideCursor()
    return target


# ---------------------------------------------------------------------- page setup
def page_setup(parent: QWidget | None, document: Document) -> bool:
    """File → Page Setup: paper size, orientation and margins, kept with the document."""
    options = options_for(document)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    orientation = options.orientation
    if orientation == "auto":
        _plan, layout = make_plan(document.matrix, options, problems=[])
    else:
        layout = page_layout(options, orientation)
    printer.setPageLayout(layout)
    dialog = QPageSetupDialog(printer, parent)
    if dialog.exec() != QPageSetupDialog.DialogCode.Accepted:
        return False
    _store(document, options_from_layout(options, printer.pageLayout()))
    return True


__all__ = [
    "OPTIONS_KEY",
    "PrintPreview",
    "export_pdf_dialog",
    "make_print_preview",
    "options_for",
    "options_from_layout",
    "page_setup",
    "print_document",
    "print_to",
    "show_print_preview",
]
