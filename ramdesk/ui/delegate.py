"""How a cell looks (codes in the scheme's colours, problem marks) and its dropdown editor."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ramdesk.model import Scheme

from .style import code_fill, is_dark, paint_mark
from .table_model import MatrixModel


def code_choices(scheme: Scheme) -> list[tuple[str, str]]:
    """(text, label) for every code and allowed pair of a scheme, as the dropdown lists them."""
    out = [("", "(no code)")]
    for code in scheme.codes:
        out.append((code.letter, f"{code.letter} — {code.name}"))
    letters = scheme.letters
    for pair in scheme.combinable:
        ordered = sorted(pair, key=lambda x: letters.index(x) if x in letters else 99)
        if len(ordered) == 2 and all(scheme.code(x) for x in ordered):
            a, b = (scheme.code(x) for x in ordered)
            out.append((f"{a.letter}/{b.letter}", f"{a.letter}/{b.letter} — {a.name} and {b.name}"))  # type: ignore[union-attr]
    return out


class CellDelegate(QStyledItemDelegate):
    """Paints cells itself (the view's own grid is off) so group rows read as one band."""

    def __init__(self, model: MatrixModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.show_marks = True

    # ------------------------------------------------------------------ painting
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = self._model
        row = index.row()
        item = model.row_item(row)
        rect = option.rect  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        dark = is_dark(palette)
        line = palette.color(QPalette.ColorRole.Mid)
        line.setAlpha(110)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        severity = model.data(index, MatrixModel.SeverityRole)
        painter.save()
        if item.kind == "group":
            band = palette.color(QPalette.ColorRole.AlternateBase)
            band = band.darker(112) if not dark else band.lighter(130)
            painter.fillRect(rect, band)
            painter.setPen(QPen(line, 1))
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            if severity and self.show_marks:
                side = min(rect.height() - 6, 11)
                box = QRectF(rect.center().x() - side / 2, rect.center().y() - side / 2, side, side)
                paint_mark(painter, box, severity)
        else:
            matrix = model.matrix
            codes = model.data(index, MatrixModel.CodesRole)
            if codes:
                scheme = matrix.scheme
                fills = []
                for letter in codes:
                    code = scheme.code(letter)
                    fills.append(code_fill(code.color, dark) if code else None)
                width = rect.width() / len(fills)
                for i, fill in enumerate(fills):
                    part = QRectF(rect.left() + i * width, rect.top(), width, rect.height())
                    if fill is None:  # an unknown code: hatched, so it shows without colour
                        painter.fillRect(part, palette.color(QPalette.ColorRole.Base))
                        painter.fillRect(part, QColor(SEVERITY_HATCH), Qt.BrushStyle.BDiagPattern)
                    else:
                        painter.fillRect(part, fill)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            if text:
                font = QFont(option.font)  # type: ignore[attr-defined]
                font.setBold(True)
                painter.setFont(font)
                painter.setPen(palette.color(QPalette.ColorRole.Text))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            painter.setPen(QPen(line, 1))
            painter.drawLine(rect.topRight(), rect.bottomRight())
            painter.drawLine(rect.bottomLeft(), rect.bottomRight())
            if severity and self.show_marks:
                side = max(7.0, min(rect.height() * 0.42, 12.0))
                box = QRectF(rect.right() - side - 1.5, rect.top() + 1.5, side, side)
                paint_mark(painter, box, severity)
                if severity != "info":  # "A/R" and the like are worth a mark, not a frame
                    painter.setPen(QPen(QColor(SEVERITY_FRAME[severity]), 1.5))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(QRectF(rect).adjusted(1, 1, -1.5, -1.5))
        if selected:
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(70)
            painter.fillRect(rect, highlight)
        if option.state & QStyle.StateFlag.State_HasFocus:  # type: ignore[attr-defined]
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(rect).adjusted(1, 1, -1, -1))
        painter.restore()

    # ------------------------------------------------------------------ editing
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        box = QComboBox(parent)
        box.setEditable(True)  # "A/R" or a code the scheme lacks may be typed (and is flagged)
        box.setAccessibleName("Code")
        scheme = self._model.matrix.scheme
        for text, label in code_choices(scheme):
            box.addItem(label, text)
            code = scheme.code(text)
            if code is not None and code.description:
                box.setItemData(box.count() - 1, code.description, Qt.ItemDataRole.ToolTipRole)
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        found = editor.findData(text)
        if found >= 0:
            editor.setCurrentIndex(found)
        else:
            editor.setEditText(text)
        editor.showPopup() if editor.isVisible() else None

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        typed = editor.currentText()
        data = editor.currentData()
        if data is not None and editor.itemText(editor.currentIndex()) == typed:
            value = data
        else:
            value = typed.split("—")[0].strip()
        model.setData(index, value, Qt.ItemDataRole.EditRole)


SEVERITY_HATCH = "#D55E00"
SEVERITY_FRAME = {"error": "#D55E00", "warning": "#E69F00", "info": "#0072B2"}
