"""The dropdown editor of a cell (codes with their meanings); cells are painted by grid_paint."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ramdesk.model import Scheme

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
    """The grid's editor: a dropdown of the scheme's codes (F2, double-click).

    The grid paints its cells itself, all at once (see grid_paint); `paint` here draws one cell
    the same way, from the same pictures, for anything that asks a delegate (a drag pixmap)."""

    def __init__(self, model: MatrixModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    # ------------------------------------------------------------------ painting
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        view = self.parent()
        painter_of = getattr(view, "cell_painter", None)
        if painter_of is None or not index.isValid():
            super().paint(painter, option, index)
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        focus = bool(option.state & QStyle.StateFlag.State_HasFocus)  # type: ignore[attr-defined]
        painter_of.paint_cell(painter, option.rect, index.row(), index.column(), selected, focus)  # type: ignore[attr-defined]

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
