"""The pieces of the Workload panel that draw loads: bars stacked by code, and a table."""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ramdesk.rules.workload import Load

from .safety import tooltip

#: The overload colour (Okabe-Ito vermillion); never used alone, always with a ▲.
VERMILLION = "#D55E00"
_ROOT = QModelIndex()


def fmt(x: float) -> str:
    """A load as shown: whole when it is, one decimal otherwise, a dash for no limit."""
    if not math.isfinite(x):
        return "—"
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def subject_name(subject: object) -> str:
    """The name of a person, role or group as shown."""
    name = getattr(subject, "name", None)
    return (name if name is not None else str(subject)) or "(unnamed)"


# ---------------------------------------------------------------------------- the chart
class LoadChart(QWidget):
    """Horizontal bars stacked by code, heaviest first, with a dashed line at the limit."""

    #: A bar was clicked (or Enter pressed on it): its index in `loads`.
    sig_activated = Signal(int)
    #: The selection moved: the index, or -1.
    sig_current = Signal(int)

    ROW = 22
    #: Room above the bars for the limit's caption.
    TOP = 20

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loads: list[Load] = []
        self.letters: list[tuple[str, str, str]] = []  # (letter, name, colour)
        self.weights: dict[str, float] = {}
        self.limit = 0.0
        self.current = -1
        self.empty_text = ""
        self.tooltip_for = lambda load: ""
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Load chart")

    def set_data(
        self,
        loads: list[Load],
        letters: list[tuple[str, str, str]],
        weights: dict[str, float],
        limit: float,
    ) -> None:
        keep = self.loads[self.current].subject if 0 <= self.current < len(self.loads) else None
        self.loads, self.letters, self.weights, self.limit = loads, letters, weights, limit
        self.current = next((i for i, x in enumerate(loads) if x.subject is keep), -1)
        self.setFixedHeight(max(self.TOP + self.ROW * len(loads) + 6, 60))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, max(self.TOP + self.ROW * len(self.loads) + 6, 60))

    def _scale(self) -> float:
        top = max((x.load for x in self.loads), default=0.0)
        return max(top, self.limit, 1e-9) * 1.04

    def _geometry(self) -> tuple[int, int, int]:
        """Label width, bar start, bar width."""
        fm = QFontMetrics(self.font())
        widest = max(
            (fm.horizontalAdvance(subject_name(x.subject)) for x in self.loads[:300]), default=0
        )
        label = min(widest + 26, max(90, self.width() * 2 // 5))
        number = fm.horizontalAdvance("00000.0") + 6
        return label, label + 4, max(20, self.width() - label - 4 - number)

    def limit_x(self) -> float:
        _label, x0, width = self._geometry()
        return x0 + self.limit / self._scale() * width

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        if not self.loads:
            p.setPen(pal.placeholderText().color())
            p.drawText(
                self.rect().adjusted(8, 8, -8, -8), Qt.TextFlag.TextWordWrap, self.empty_text
            )
            return
        label_w, x0, width = self._geometry()
        scale = self._scale()
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        first = max(0, event.rect().top() // self.ROW - 1)
        last = min(len(self.loads), event.rect().bottom() // self.ROW + 2)
        text_color = pal.text().color()
        selected = QColor(pal.highlight().color())
        selected.setAlpha(70)  # a tint that keeps the text readable on light and dark palettes
        if first <= self.current < last:
            y = self.TOP + self.current * self.ROW
            p.fillRect(0, y, self.width(), self.ROW, selected)
        # the limit goes under the bars and figures, so it never hides them
        if self.limit > 0:
            lx = self.limit_x()
            pen = QPen(QColor(VERMILLION), 1.5, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPoint(round(lx), self.TOP - 4), QPoint(round(lx), self.height()))
            caption = f"overloaded above {fmt(self.limit)}"
            cw = fm.horizontalAdvance(caption)
            cx = min(max(lx - cw / 2, float(x0)), self.width() - cw - 4.0)
            p.drawText(QRectF(cx, 0, cw + 2, self.TOP - 4), Qt.AlignmentFlag.AlignBottom, caption)
        for i in range(first, last):
            load = self.loads[i]
            y = self.TOP + i * self.ROW
            name = subject_name(load.subject)
            mark = "▲ " if load.overloaded else ""
            p.setFont(bold if load.overloaded else self.font())
            p.setPen(QColor(VERMILLION) if load.overloaded else text_color)
            shown = fm.elidedText(mark + name, Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(QRectF(6, y, label_w - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter, shown)
            p.setFont(self.font())
            x = float(x0)
            for letter, _name, colour in self.letters:
                part = load.weighted(letter, self.weights)
                if part <= 0:
                    continue
                w = part / scale * width
                p.fillRect(QRectF(x, y + 4, w, self.ROW - 8), QColor(colour))
                if w > 1.5:  # a hairline between segments, so adjacent codes stay apart
                    p.fillRect(QRectF(x + w - 0.5, y + 4, 0.5, self.ROW - 8), pal.base())
                x += w
            figure = fmt(load.load)
            box = QRectF(x + 2, y + 3, fm.horizontalAdvance(figure) + 4, self.ROW - 6)
            p.fillRect(box, pal.base().color())
            if i == self.current:
                p.fillRect(box, selected)
            p.setPen(text_color)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, figure)

    def _row_at(self, y: float) -> int:
        i = int((y - self.TOP) // self.ROW)
        return i if 0 <= i < len(self.loads) else -1

    def set_current(self, i: int) -> None:
        if i != self.current:
            self.current = i
            self.update()
            self.sig_current.emit(i)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        i = self._row_at(event.position().y())
        self.set_current(i)
        if i >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.sig_activated.emit(i)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self._row_at(event.position().y())
        if i >= 0:
            QToolTip.showText(
                event.globalPosition().toPoint(), tooltip(self.tooltip_for(self.loads[i])), self
            )
        else:
            QToolTip.hideText()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.loads:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.set_current(min(max(self.current + step, 0), len(self.loads) - 1))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current >= 0:
            self.sig_activated.emit(self.current)
        else:
            super().keyPressEvent(event)


# ---------------------------------------------------------------------------- the table
class LoadTableModel(QAbstractTableModel):
    """Loads as a table: name, roles or holders, one column per code, load, share of the limit."""

    #: The Load of a row.
    LoadRole = int(Qt.ItemDataRole.UserRole) + 1
    #: The number a column sorts by.
    SortRole = int(Qt.ItemDataRole.UserRole) + 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.loads: list[Load] = []
        self.letters: list[tuple[str, str, str]] = []
        self.limit = 0.0
        self.detail = lambda load: ""
        self.second = "Roles"

    def set_data(self, loads: list[Load], letters, limit: float, second: str, detail) -> bool:
        """Show these loads; rows keep their place, and only rows whose figures changed are
        announced (a sorted view then moves just those). True when the table was reset."""
        same = (
            letters == self.letters
            and second == self.second
            and len(loads) == len(self.loads)
            and {id(x.subject) for x in loads} == {id(x.subject) for x in self.loads}
        )
        if not same:
            self.beginResetModel()
            self.loads, self.letters, self.limit = list(loads), letters, limit
            self.second, self.detail = second, detail
            self.endResetModel()
            return True
        self.detail = detail
        new = {id(x.subject): x for x in loads}
        everything = limit != self.limit
        self.limit = limit
        last = self.columnCount() - 1
        for row, old in enumerate(self.loads):
            load = new[id(old.subject)]
            self.loads[row] = load
            changed = (
                load.load != old.load
                or load.counts != old.counts
                or load.overloaded != old.overloaded
            )
            if changed and not everything:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
        if everything and self.loads:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.loads) - 1, last))
        return False

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.loads)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 4 + len(self.letters)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if orientation != Qt.Orientation.Horizontal:
            return None
        n = len(self.letters)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return "Name"
            if section == 1:
                return self.second
            if section < 2 + n:
                return self.letters[section - 2][0]
            return "Load" if section == 2 + n else "% of limit"
        if role == Qt.ItemDataRole.ToolTipRole and 2 <= section < 2 + n:
            return tooltip(self.letters[section - 2][1])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0):
        if not index.isValid():
            return None
        load = self.loads[index.row()]
        col, n = index.column(), len(self.letters)
        if role == self.LoadRole:
            return load
        if role in (Qt.ItemDataRole.DisplayRole, self.SortRole):
            sort = role == self.SortRole
            if col == 0:
                name = subject_name(load.subject)
                return name.casefold() if sort else ("▲ " if load.overloaded else "") + name
            if col == 1:
                return self.detail(load)
            if col < 2 + n:
                count = load.counts.get(self.letters[col - 2][0], 0)
                return count if sort else (str(count) if count else "")
            if col == 2 + n:
                return load.load if sort else fmt(load.load)
            if self.limit <= 0:
                return 0.0 if sort else ""
            share = load.load / self.limit * 100
            return share if sort else f"{share:.0f} %"
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and load.overloaded and col in (0, 3 + n):
            return QColor(VERMILLION)
        return None
