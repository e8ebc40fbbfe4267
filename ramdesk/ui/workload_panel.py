"""The Workload panel: who carries how much, per person, per role and per group.

A stacked bar per person (or role, or group), one segment per code in the scheme's colours,
heaviest first, with the "overloaded" line; a table of the same figures; role cards (R&R text)
and the load per group of whatever is selected. Weights and the threshold are edited in
`LoadSettingsDialog` and saved with the matrix as one undoable step.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from PySide6.QtCore import (
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ramdesk.model import Change, Group, Person, Role, SetField, SetSettings
from ramdesk.rules.workload import (
    Load,
    Workload,
    overload_share,
    scheme_weights,
    settings_edit,
)

from .document import Document
from .workload_chart import VERMILLION as _VERMILLION
from .workload_chart import LoadChart, LoadTableModel, subject_name
from .workload_chart import fmt as _fmt

MODES = ("people", "roles", "groups")
_MODE_WORDS = {"people": "People", "roles": "Roles", "groups": "Groups"}


# ---------------------------------------------------------------------------- the panel
class WorkloadPanel(QWidget):
    """Loads per person, role and group for one Document (a QWidget the window docks).

    Signals the window connects:
      sig_filter_person(Person)  a person's bar was clicked: show only their deliverables
                                 (`matrix.reach(person)`).
      sig_filter_role(Role)      a role's bar was clicked: show only that role's deliverables.
      sig_select_group(Group)    a group's bar was clicked: bring that group into view.
    """

    sig_filter_person = Signal(object)
    sig_filter_role = Signal(object)
    sig_select_group = Signal(object)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.workload = Workload(document.matrix)
        self.mode = "people"
        self._stale = True
        self._shown: list[Load] = []
        self.setWindowTitle("Workload")

        self.mode_buttons = QButtonGroup(self)
        top = QHBoxLayout()
        for i, mode in enumerate(MODES):
            button = QToolButton(self)
            button.setText(_MODE_WORDS[mode])
            button.setCheckable(True)
            button.setChecked(mode == self.mode)
            button.setAccessibleName(f"Show loads per {mode}")
            self.mode_buttons.addButton(button, i)
            top.addWidget(button)
        self.mode_buttons.idClicked.connect(lambda i: self.set_mode(MODES[i]))
        self.level = QComboBox(self)
        self.level.setAccessibleName("Which groups")
        self.level.setToolTip("Phases are usually the top level, platforms the level below")
        for words, depth in (("Top level", 0), ("Second level", 1), ("Third level", 2)):
            self.level.addItem(words, depth)
        self.level.addItem("Every group", None)
        self.level.currentIndexChanged.connect(lambda _i: self._on_level())
        top.addSpacing(12)
        groups_label = QLabel("Groups:", self)
        groups_label.setBuddy(self.level)
        top.addWidget(groups_label)
        top.addWidget(self.level)
        top.addStretch(1)
        actions = QHBoxLayout()  # a second row keeps the dock narrow
        self.settings_button = QPushButton("Weights…", self)
        self.settings_button.setToolTip("Weight of each code and the overloaded threshold")
        self.settings_button.clicked.connect(self.edit_settings)
        self.whatif_button = QPushButton("What if…", self)
        self.whatif_button.setToolTip("Hand the selected person’s or role’s work to someone else")
        self.whatif_button.clicked.connect(self.open_what_if)
        self.compare_button = QPushButton("Compare roles…", self)
        self.compare_button.clicked.connect(self.open_compare)
        self.across_button = QPushButton("Across files…", self)
        self.across_button.setToolTip("People’s load summed over several matrices")
        self.across_button.clicked.connect(self.open_across)
        for b in (
            self.settings_button,
            self.whatif_button,
            self.compare_button,
            self.across_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)

        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.legend = QLabel(self)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)

        self.chart = LoadChart(self)
        self.chart.tooltip_for = self._tooltip
        self.chart.sig_activated.connect(self._on_activated)
        self.chart.sig_current.connect(self._on_chart_current)
        self.scroll = QScrollArea(self)
        self.scroll.setAccessibleName("Workload chart")
        self.scroll.setWidget(self.chart)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.model = LoadTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(LoadTableModel.SortRole)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda ix: self._on_activated(self._table_row(ix)))
        self.table.selectionModel().currentRowChanged.connect(
            lambda ix, _old: self._select(self._table_row(ix))
        )

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Workload as a chart or a table")
        self.tabs.tabBar().setAccessibleName("Chart or table")
        self.tabs.addTab(self.scroll, "Chart")
        self.tabs.addTab(self.table, "Table")
        # the table is filled only while it is on show: the chart is what most people look at
        self._table_args: tuple | None = None
        self.tabs.currentChanged.connect(lambda _i: self._fill_table())
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.details.setAccessibleName("Details of the selection")
        self.details.anchorClicked.connect(self._on_link)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.legend)
        layout.addWidget(splitter, 1)

        document.sig_changed.connect(self._on_changed)
        document.sig_replaced.connect(self._on_replaced)
        self.refresh()

    # ------------------------------------------------------------------ keeping current
    def _on_changed(self, change: Change) -> None:
        self.workload.note(change)
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True  # a hidden dock costs nothing; it catches up when shown

    def _on_replaced(self) -> None:
        self.workload = Workload(self.document.matrix)
        self.chart.current = -1
        self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    @property
    def group_depth(self) -> int | None:
        """The level of groups shown (0: top level; None: every group)."""
        return self.level.currentData()

    def set_group_depth(self, depth: int | None) -> None:
        self.level.setCurrentIndex(self.level.findData(depth))

    def _on_level(self) -> None:
        if self.mode == "groups":
            self.chart.current = -1
        self.refresh()

    def set_mode(self, mode: str) -> None:
        """Show loads per "people", "roles" or "groups"."""
        self.mode = mode
        self.mode_buttons.button(MODES.index(mode)).setChecked(True)
        self.chart.current = -1
        self.refresh()

    def refresh(self) -> None:
        """Recompute the figures and repaint (cheap: counters, and cached group counts)."""
        self._stale = False
        w, m = self.workload, self.document.matrix
        letters = [(c.letter, c.name, c.color) for c in m.scheme.codes]
        weights = w.weights
        limit = w.limit if math.isfinite(w.limit) else 0.0  # 0: no limit on a tiny matrix
        if self.mode == "people":
            loads = w.people()
            empty = "Nobody holds a role yet. Add people and give them roles, or look at Roles."
            second, detail = "Roles", self._roles_text
        elif self.mode == "roles":
            loads = w.roles()
            empty = "No roles yet."
            second, detail = "Held by", self._holders_text
        else:
            loads = w.groups(self.group_depth)
            loads.sort(key=lambda x: -x.load)
            empty = "No groups: put deliverables in phases or platforms to see their loads."
            second, detail = "Deliverables", self._group_size
            limit = 0.0
        self._shown = loads
        self.chart.empty_text = empty
        self.chart.set_data(loads, letters, weights, limit)
        self._table_args = (loads, letters, limit, second, detail)
        if self.tabs.currentWidget() is self.table:
            self._fill_table()
        over = sum(1 for x in loads if x.overloaded)
        share = overload_share(m)
        if self.mode == "groups":
            what = self.level.currentText().lower()
            self.summary.setText(f"{len(loads)} groups ({what}), heaviest first.")
        elif limit <= 0:
            what = "people" if self.mode == "people" else "roles"
            self.summary.setText(
                f"{len(loads)} {what}. Too few deliverables for loads to mean much: "
                "nobody is marked overloaded."
            )
        else:
            what = "people" if self.mode == "people" else "roles"
            self.summary.setText(
                f"{len(loads)} {what}; {over} above the limit of {_fmt(limit)} "
                f"({share:.0%} of the heaviest possible load: every deliverable at the top weight)."
            )
        self.legend.setText(self._legend_html(letters, weights))
        self._show_details()

    def _fill_table(self) -> None:
        if self._table_args is not None and self.tabs.currentWidget() is self.table:
            if self.model.set_data(*self._table_args):  # new rows or columns: heaviest first
                load_column = self.model.columnCount() - 2
                self.table.sortByColumn(load_column, Qt.SortOrder.DescendingOrder)
                widths = [160, 160] + [44] * (load_column - 2) + [64, 84]
                for column, width in enumerate(widths):
                    self.table.setColumnWidth(column, width)
            self._table_args = None

    def _legend_html(self, letters, weights) -> str:
        parts = [
            f'<span style="background:{html.escape(colour)}">&nbsp;&nbsp;&nbsp;</span>&nbsp;'
            + html.escape(f"{letter} {name} ×{_fmt(weights.get(letter, 0.0))}").replace(
                " ", "&nbsp;"
            )
            for letter, name, colour in letters
        ]
        return " &nbsp; ".join(parts)

    # ------------------------------------------------------------------ selection
    def current(self) -> Load | None:
        i = self.chart.current
        return self._shown[i] if 0 <= i < len(self._shown) else None

    def select(self, subject: object) -> None:
        """Select a person, role or group (switching to its view)."""
        mode = {Person: "people", Role: "roles", Group: "groups"}.get(type(subject))
        if mode is not None and mode != self.mode:
            self.set_mode(mode)
        i = next((i for i, x in enumerate(self._shown) if x.subject is subject), -1)
        self._select(i)

    def _select(self, i: int) -> None:
        if i != self.chart.current:
            self.chart.set_current(i)
        else:
            self._show_details()

    def _table_row(self, index: QModelIndex) -> int:
        if not index.isValid():
            return -1
        load = self.proxy.data(index, LoadTableModel.LoadRole)
        return next((i for i, x in enumerate(self._shown) if x is load), -1)

    def _on_chart_current(self, i: int) -> None:
        if 0 <= i < self.chart.height():
            self.scroll.ensureVisible(
                0, LoadChart.TOP + i * LoadChart.ROW + LoadChart.ROW // 2, 0, LoadChart.ROW
            )
        self._show_details()

    def _on_activated(self, i: int) -> None:
        if not 0 <= i < len(self._shown):
            return
        subject = self._shown[i].subject
        if isinstance(subject, Person):
            self.sig_filter_person.emit(subject)
        elif isinstance(subject, Role):
            self.sig_filter_role.emit(subject)
        elif isinstance(subject, Group):
            self.sig_select_group.emit(subject)

    # ------------------------------------------------------------------ words
    def _roles_text(self, load: Load) -> str:
        return ", ".join(r.name for r in self.document.matrix.roles_of(load.subject))  # type: ignore[arg-type]

    def _holders_text(self, load: Load) -> str:
        holders = self.document.matrix.holders(load.subject)  # type: ignore[arg-type]
        return ", ".join(p.name for p in holders) if holders else "open seat"

    def _group_size(self, load: Load) -> str:
        return str(len(self.document.matrix.deliverables_in(load.subject)))  # type: ignore[arg-type]

    def _counts_text(self, load: Load) -> str:
        letters = [c.letter for c in self.document.matrix.scheme.codes]
        extra = [x for x in load.counts if x not in letters]
        return " · ".join(f"{x} {load.counts[x]}" for x in (*letters, *extra) if load.counts.get(x))

    def _tooltip(self, load: Load) -> str:
        lines = [subject_name(load.subject)]
        subject = load.subject
        if isinstance(subject, Person):
            roles = self.document.matrix.roles_of(subject)
            lines.append("Roles: " + (", ".join(r.name for r in roles) or "none"))
            lines += [f"• {r.name}: {r.description}" for r in roles if r.description]
        elif isinstance(subject, Role):
            if subject.description:
                lines.append(subject.description)
            lines.append("Held by: " + self._holders_text(load))
        lines.append(self._counts_text(load) or "No codes")
        limit = self.workload.limit
        figure = f"Load {_fmt(load.load)}"
        if 0 < limit < math.inf and self.mode != "groups":
            figure += f" — {load.load / limit:.0%} of the limit {_fmt(limit)}"
        if load.overloaded:
            figure += " — overloaded"
        lines.append(figure)
        if self.mode != "groups":
            lines.append("Click to show only their deliverables in the grid.")
        # plain text: names come from files and must never be read as markup
        return "\n".join(lines)

    def _show_details(self) -> None:
        load = self.current()
        if load is None:
            self.details.setHtml(
                "<p>Select a bar to see role cards and the load per group.</p>"
                "<p>Weights and the threshold are saved with the matrix (<b>Weights…</b>).</p>"
            )
            return
        esc = html.escape
        m = self.document.matrix
        subject = load.subject
        out = [f"<h3>{esc(subject_name(subject))}</h3>"]
        figure = f"Load {_fmt(load.load)}"
        if self.mode != "groups" and 0 < self.workload.limit < math.inf:
            figure += f" ({load.load / self.workload.limit:.0%} of the limit)"
        out.append(f"<p>{esc(figure)} — {esc(self._counts_text(load) or 'no codes')}</p>")
        if load.overloaded:
            out.append(
                f'<p style="color:{_VERMILLION}">▲ Overloaded: hand a role or some of its codes to someone else (What if…).</p>'
            )
        if isinstance(subject, Person):
            if subject.email:
                out.append(f"<p>{esc(subject.email)}</p>")
            for role in m.roles_of(subject):
                out.append(self._role_card(role, exclude=subject))
            by_group = self.workload.person_by_group(subject)
            out.append(self._groups_table(by_group))
        elif isinstance(subject, Role):
            out.append(self._role_card(subject))
            out.append(self._groups_table(self.workload.role_by_group(subject)))
        elif isinstance(subject, Group):
            people = self.workload.group_people(subject)[:15]
            roles = self.workload.group_roles(subject)[:15]
            out.append(self._loads_table("Who it loads", people))
            out.append(self._loads_table("Roles", roles))
        self.details.setHtml("".join(out))

    def _role_card(self, role: Role, exclude: Person | None = None) -> str:
        esc = html.escape
        holders = [p for p in self.document.matrix.holders(role) if p is not exclude]
        text = esc(role.description) if role.description else "<i>No R&amp;R text yet.</i>"
        who = ""
        if exclude is not None and holders:
            who = f"<br><small>Shared with {esc(', '.join(p.name for p in holders))}</small>"
        elif exclude is None:
            names = ", ".join(p.name for p in holders) or "nobody (open seat)"
            who = f"<br><small>Held by {esc(names)}</small>"
        index = self.document.matrix.role_index(role)
        edit = f' &nbsp;<small><a href="describe:{index}">Edit R&amp;R text…</a></small>'
        return (
            '<table width="100%" border="1" cellspacing="0" cellpadding="4" style="margin:4px 0">'
            f"<tr><td><b>{esc(role.name)}</b>{edit}<br>{text}{who}</td></tr></table>"
        )

    def _on_link(self, url) -> None:
        kind, _, index = url.toString().partition(":")
        roles = self.document.matrix.roles
        if kind == "describe" and index.isdigit() and int(index) < len(roles):
            self.describe(roles[int(index)])

    def describe(self, role: Role, text: str | None = None) -> None:
        """Edit a role's R&R text (asks for it when `text` is None); one undoable step."""
        if text is None:
            text, ok = QInputDialog.getMultiLineText(
                self,
                f"R&R of “{role.name}”",
                "What the role is for and what it is responsible for:",
                role.description,
            )
            if not ok:
                return
        text = text.strip()
        if text != role.description:
            self.document.apply(SetField(role, "description", text), f"Describe role “{role.name}”")

    def _groups_table(self, by_group: dict[Group, Load]) -> str:
        """Load per group, at the level chosen above the chart."""
        m = self.document.matrix
        depth = self.group_depth
        rows = [(g, load) for g, load in by_group.items() if depth is None or m.depth(g) == depth]
        if not rows:
            return ""
        rows.sort(key=lambda x: -x[1].load)
        return self._loads_table("Load per group", [load for _g, load in rows])

    def _loads_table(self, title: str, loads: Sequence[Load]) -> str:
        if not loads:
            return ""
        esc = html.escape
        top = max(x.load for x in loads) or 1.0
        rows = "".join(
            f"<tr><td>{esc(subject_name(x.subject))}</td><td align=right>{_fmt(x.load)}</td>"
            f'<td><table cellspacing=0 cellpadding=0><tr><td bgcolor="#0072B2" width="{max(1, round(x.load / top * 120))}" height=8></td></tr></table></td>'
            f"<td><small>{esc(self._counts_text(x))}</small></td></tr>"
            for x in loads
        )
        return f"<h4>{esc(title)}</h4><table cellspacing=2>{rows}</table>"

    # ------------------------------------------------------------------ actions
    def edit_settings(self) -> None:
        dialog = LoadSettingsDialog(self.document, self)
        dialog.exec()

    def open_what_if(self) -> None:
        from .reassign_dialog import ReassignDialog

        dialog = ReassignDialog(self.document, self)
        load = self.current()
        if load is not None:
            dialog.choose(load.subject)
        dialog.exec()

    def open_compare(self) -> None:
        from .compare_view import CompareRolesDialog

        dialog = CompareRolesDialog(self.document, self)
        load = self.current()
        if load is not None and isinstance(load.subject, Role):
            dialog.set_roles(load.subject, None)
        dialog.exec()

    def open_across(self) -> None:
        from .compare_view import AcrossMatricesDialog

        AcrossMatricesDialog(self.document, self).exec()


# ---------------------------------------------------------------------------- settings
class LoadSettingsDialog(QDialog):
    """Weights per code and the overloaded threshold; OK saves both as one undoable step."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        m = document.matrix
        self.setWindowTitle("Load weights")
        own = scheme_weights(m)
        current = Workload(m).weights
        form = QFormLayout()
        self.spins: dict[str, QDoubleSpinBox] = {}
        for code in m.scheme.codes:
            spin = QDoubleSpinBox(self)
            spin.setRange(0.0, 100.0)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setValue(current.get(code.letter, own.get(code.letter, 0.0)))
            spin.setToolTip(f"The scheme’s weight: {_fmt(own.get(code.letter, 0.0))}")
            spin.setAccessibleName(f"Weight of {code.letter} {code.name}")
            label = QLabel(f"{code.letter} — {code.name}", self)
            label.setTextFormat(Qt.TextFormat.PlainText)
            form.addRow(label, spin)
            self.spins[code.letter] = spin
        self.share = QSpinBox(self)
        self.share.setRange(1, 100)
        self.share.setSuffix(" %")
        self.share.setValue(round(overload_share(m) * 100))
        self.share.setAccessibleName("Overloaded above this share of the heaviest possible load")
        form.addRow("Overloaded above", self.share)
        hint = QLabel(
            "of the heaviest possible load (every deliverable carrying the top weight).", self
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        reset = QPushButton("Scheme’s weights", self)
        reset.clicked.connect(self.reset)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.addButton(reset, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def reset(self) -> None:
        own = scheme_weights(self.document.matrix)
        for letter, spin in self.spins.items():
            spin.setValue(own.get(letter, 0.0))
        self.share.setValue(40)

    def edit(self) -> SetSettings | None:
        """The edit OK makes (None when nothing changed)."""
        m = self.document.matrix
        weights = {letter: spin.value() for letter, spin in self.spins.items()}
        edit = settings_edit(m, weights, self.share.value() / 100)
        if edit.settings.to_dict() == m.settings.to_dict():
            return None
        return edit

    def accept(self) -> None:
        edit = self.edit()
        if edit is not None:
            self.document.apply(edit)
        super().accept()
