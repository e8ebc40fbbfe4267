"""The legend: the scheme's codes with their colours and meanings, the problem marks, the keys."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import QImage, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QFrame, QTextBrowser, QVBoxLayout, QWidget

from .document import Document
from .style import SEVERITY_WORDS, code_fill, is_dark, paint_mark

#: Side of a problem mark in the legend, in pixels (as large as a line of text).
MARK_SIDE = 16


class LegendPanel(QWidget):
    """Always at hand in a dock; follows the matrix's scheme and the palette (light or dark)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        # A read-only text view lays the legend out once for its width (a word-wrapped QLabel
        # in a scroll area measured it at many widths: 15 ms of the first window's start).
        self.label = QTextBrowser(self)
        self.label.setFrameShape(QFrame.Shape.NoFrame)
        self.label.setOpenLinks(False)
        self.label.setAccessibleName("Legend")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.label)
        document.sig_replaced.connect(self.refresh)
        document.sig_changed.connect(lambda change: self.refresh() if change.scheme else None)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.refresh()  # the codes' fills differ in a dark palette

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Wide enough for a code's name and a few words of its meaning on each line."""
        return QSize(self.fontMetrics().averageCharWidth() * 36 + 48, super().sizeHint().height())

    def html(self) -> str:
        scheme = self.document.matrix.scheme
        dark = is_dark(self.palette())
        rows = []
        for code in scheme.codes:
            fill = code_fill(code.color, dark).name()
            rows.append(
                f"<tr><td style='background:{fill}; padding:2px 8px;' align='center'>"
                f"<b>{escape(code.letter)}</b></td>"
                f"<td style='padding:2px 6px;'><b>{escape(code.name)}</b><br/>"
                f"<small>{escape(code.description)}</small></td></tr>"
            )
        pairs = [
            "/".join(
                sorted(pair, key=lambda x: scheme.letters.index(x) if x in scheme.letters else 9)
            )
            for pair in scheme.combinable
        ]
        marks = "".join(
            f"<tr><td align='center'><img src='mark:{s}' width='{MARK_SIDE}' "
            f"height='{MARK_SIDE}'/></td>"
            f"<td style='padding:2px 6px;'>{SEVERITY_WORDS[s]}</td></tr>"
            for s in ("error", "warning", "info")
        )
        combined = (
            f"<p>May share a cell: {', '.join(pairs)} — type the first, “/” and the second.</p>"
            if pairs
            else ""
        )
        return (
            f"<p><b>{escape(scheme.name)}</b> — {escape(scheme.description)}</p>"
            f"<table cellspacing='2'>{''.join(rows)}</table>{combined}"
            f"<p><b>Problem marks</b></p><table>{marks}</table>"
            "<p><b>Keys</b><br/>Type a letter: set the code and move on<br/>"
            "A, /, R: the pair A/R<br/>"
            "Delete: clear · F2: choose from a list<br/>Ctrl+C / Ctrl+V: copy and paste with "
            "spreadsheets<br/>Ctrl+D / Ctrl+R: fill down / right<br/>F8 / Shift+F8: next / "
            "previous problem<br/>Ctrl+Enter: new deliverable · Ctrl+G: group</p>"
        )

    def _add_marks(self) -> None:
        """The grid's own marks as pictures (ringed in the text colour, the note's blue lighter
        on a dark palette), so the legend shows exactly what a cell shows."""
        text = self.palette().color(QPalette.ColorRole.Text)
        ratio = max(1.0, self.devicePixelRatioF())
        for severity in SEVERITY_WORDS:
            size = round(MARK_SIDE * ratio)
            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            try:
                paint_mark(painter, QRectF(0, 0, MARK_SIDE, MARK_SIDE), severity, text)
            finally:
                painter.end()
            self.label.document().addResource(
                QTextDocument.ResourceType.ImageResource, QUrl(f"mark:{severity}"), image
            )

    def refresh(self) -> None:
        self._add_marks()
        self.label.setHtml(self.html())
