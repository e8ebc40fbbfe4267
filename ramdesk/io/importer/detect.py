"""Detection over a whole file: every candidate matrix, the best first, and building one."""

from __future__ import annotations

import gc
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from ramdesk.io.errors import FileProblem, NotAMatrix, ReadError
from ramdesk.model import Deliverable, Group, Matrix, Role, RoleGroup, Scheme

from .cells import Cells
from .grid import Grid, cell_ref
from .layout import analyse, find_layouts
from .legend import Legend, find_legend
from .names_layout import find_name_layouts
from .parts import Layout, RowCells, Skipped
from .readers import Workbook, read_workbook
from .scheme_detect import choose_scheme
from .source import ImportSource
from .tokens import Vocabulary


@dataclass
class Candidate:
    """One matrix found in a file: its layout, legend, scheme and how sure detection is."""

    layout: Layout
    sheet_index: int
    legend: Legend
    scheme: Scheme
    #: 0..1: how much of the matrix area reads as codes the scheme knows.
    confidence: float

    @property
    def sheet(self) -> str:
        return self.layout.sheet

    @property
    def header_rows(self) -> tuple[int, ...]:
        return self.layout.header_rows

    @property
    def task_column(self) -> int:
        return self.layout.task_column

    @property
    def role_columns(self) -> list[int]:
        return self.layout.role_columns

    @property
    def group_rows(self) -> list[int]:
        return [p.row for p in self.layout.plan if p.kind == "group" and not p.outer]

    @property
    def deliverable_rows(self) -> list[int]:
        return [p.row for p in self.layout.plan if p.kind == "deliverable"]

    @property
    def skipped(self) -> list[Skipped]:
        return self.layout.skipped

    #: The name to choose it by: the sheet's, with "#2", "#3" for further matrices on one sheet.
    label: str = ""

    def describe(self) -> str:
        """One line for a list of matrices: where, size, scheme."""
        n = len(self.deliverable_rows)
        lay = self.layout
        top = lay.name_row if lay.name_row is not None else lay.first_row
        where = f"{cell_ref(top, min(lay.task_column, *lay.role_columns))}"
        return (
            f"{self.label or self.sheet} (from {where}): {n} deliverable{'s' * (n != 1)} x "
            f"{len(self.role_columns)} role{'s' * (len(self.role_columns) != 1)}, "
            f"{self.scheme.name}"
        )


@dataclass
class Overrides:
    """What a user corrected in the preview; None leaves detection's choice."""

    sheet: str | None = None
    #: The row of role names (0-based).
    header_row: int | None = None
    task_column: int | None = None
    role_columns: list[int] | None = None
    scheme: Scheme | None = None


@dataclass
class Detection:
    """Everything found in a file: its sheets as grids and every candidate matrix, best first."""

    path: Path
    workbook: Workbook
    candidates: list[Candidate]
    legends: dict[str, Legend] = field(default_factory=dict)

    @property
    def format(self) -> str:
        return self.workbook.format

    @property
    def notes(self) -> list[str]:
        return self.workbook.notes

    @property
    def best(self) -> Candidate:
        return self.candidates[0]

    def grid(self, sheet: str) -> Grid:
        for g in self.workbook.sheets:
            if g.name == sheet:
                return g
        raise KeyError(sheet)

    def candidate(self, sheet: str | None) -> Candidate:
        """The best candidate on a sheet, or named "sheet" / "sheet #2"; ReadError if none."""
        if sheet is None:
            return self.best
        for match in (
            lambda c: sheet in (c.label, c.sheet),
            lambda c: sheet.casefold() in (c.label.casefold(), c.sheet.casefold()),
        ):
            for c in self.candidates:
                if match(c):
                    return c
        names = ", ".join(dict.fromkeys(c.sheet for c in self.candidates))
        if any(g.name == sheet for g in self.workbook.sheets):
            raise NotAMatrix(self.path, f"The sheet “{sheet}” holds no matrix; try {names}.")
        raise ReadError(self.path, f"There is no sheet “{sheet}”; the matrices are on {names}.")

    def refine(self, candidate: Candidate, overrides: Overrides | None) -> Candidate:
        """The candidate as the user corrected it (the same one when nothing changed)."""
        if overrides is None:
            return candidate
        if overrides.sheet is not None and overrides.sheet != candidate.sheet:
            try:
                candidate = self.candidate(overrides.sheet)
            except ReadError:
                candidate = self._forced(overrides.sheet, overrides, candidate) or candidate
        if (
            overrides.header_row is not None
            or overrides.task_column is not None
            or overrides.role_columns is not None
        ):
            candidate = self._forced(candidate.sheet, overrides, candidate) or candidate
        if overrides.scheme is not None:
            candidate = replace(candidate, scheme=overrides.scheme)
        return candidate

    def _forced(self, sheet: str, o: Overrides, base: Candidate) -> Candidate | None:
        index = next(i for i, g in enumerate(self.workbook.sheets) if g.name == sheet)
        grid = self.workbook.sheets[index]
        legend = self.legends.get(sheet) or Legend()
        cells = Cells(grid, Vocabulary(legend.entries), legend.cells)
        same = sheet == base.sheet
        header = (
            o.header_row if o.header_row is not None else (base.layout.name_row if same else None)
        )
        roles = o.role_columns if o.role_columns else (base.role_columns if same else None)
        if roles is None:
            roles = [c for c in range(grid.width) if cells.col_codes[c] >= 1]
        if not roles:
            return None
        roles = sorted(set(roles))
        first = (header + 1) if header is not None else 0
        while first < grid.height and (
            first in (base.layout.band_rows if same else ()) or not any(grid.rows[first])
        ):
            first += 1
        task = o.task_column if o.task_column is not None else (base.task_column if same else None)
        if task in roles:
            roles = [c for c in roles if c != task]
        layout = analyse(grid, cells, header, roles, first, task_column=task, role_columns=roles)
        if layout is None:
            return None
        return _candidate(layout, index, legend, self.legends)

    def build(
        self, candidate: Candidate | None = None, overrides: Overrides | None = None
    ) -> Matrix:
        """The Matrix of a candidate (the best by default), with the user's corrections."""
        try:
            with _bulk():
                candidate = self.refine(candidate or self.best, overrides)
                return build_matrix(self, candidate)
        except FileProblem:
            raise
        except Exception as e:  # noqa: BLE001 - the user sees a sentence, never a traceback
            raise ReadError(self.path, f"The matrix could not be built from the file ({e}).") from e


@contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection while a sheet is read: it would rescan millions of new,
    live cells again and again (reference counting still frees what is dropped)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _candidate(layout: Layout, index: int, legend: Legend, legends: dict[str, Legend]) -> Candidate:
    used: Counter[str] = layout.used
    entries = legend.entries or _other_legend(legends)
    scheme = choose_scheme(used, entries)
    total = layout.codes + layout.unknown_cells
    known = sum(n for letter, n in used.items() if scheme.code(letter) is not None)
    confidence = (known / max(1, sum(used.values()))) * (layout.codes / max(1, total))
    if layout.ticks and layout.ticks >= 0.5 * max(1, layout.codes):
        confidence *= 0.3
    return Candidate(layout, index, legend, scheme, round(confidence, 3))


def _other_legend(legends: dict[str, Legend]) -> dict[str, str]:
    for legend in legends.values():
        if legend:
            return legend.entries
    return {}


def detect(path: str | Path, sheet: str | None = None) -> Detection:
    """Every candidate matrix in a file, the best first; NotAMatrix when there is none. With
    `sheet` ("Plan", "Plan #2"), the other sheets are searched only when they are small: a big
    data sheet beside the matrix is not worked through for nothing."""
    path = Path(path)
    try:
        with _bulk():
            return _detect(path, sheet)
    except FileProblem:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged file must give a sentence, not a traceback
        detail = str(e).strip().splitlines()[0][:100] if str(e).strip() else type(e).__name__
        raise ReadError(path, f"The file could not be read; it may be damaged ({detail}).") from e


def _detect(path: Path, sheet: str | None = None) -> Detection:
    book = read_workbook(path)
    legends = {g.name: find_legend(g) for g in book.sheets}
    candidates: list[Candidate] = []
    only = _sheet_named(book.sheets, sheet)
    for index, grid in enumerate(book.sheets):
        if only is not None and grid.name != only and grid.height * grid.width > BIG_SHEET:
            continue
        legend = legends[grid.name]
        vocab = Vocabulary(legend.entries or _other_legend(legends))
        cells = Cells(grid, vocab, legend.cells)
        found = [
            layout
            for layout in find_layouts(grid, cells)
            if layout.known + layout.ticks >= 2 and layout.plan
        ]
        if not found:
            found = find_name_layouts(grid, cells)
        candidates.extend(_candidate(layout, index, legend, legends) for layout in found)
    hidden = {g.name for g in book.sheets if g.hidden}
    candidates.sort(key=lambda c: _shown_first(c, hidden), reverse=True)
    per_sheet: Counter[str] = Counter()
    for c in candidates:
        per_sheet[c.sheet] += 1
        c.label = c.sheet if per_sheet[c.sheet] == 1 else f"{c.sheet} #{per_sheet[c.sheet]}"
    if not candidates or _rank(candidates[0])[0] <= 0:
        uncalculated = uncalculated_formulas(path) if book.format == "xlsx" else 0
        hint = (
            f" {uncalculated} cells hold formulas whose values were never worked out (the file "
            "was written by a program): open it in Excel or LibreOffice, save it, and try again."
            if uncalculated
            else ""
        )
        raise NotAMatrix(
            path,
            "No responsibility matrix was found: no sheet has rows of tasks with codes such as "
            "R, A, C, I under a row of role names." + hint,
        )
    return Detection(path, book, candidates, legends)


#: Cells from which a sheet not asked for is left unsearched (a data log of 300,000 rows).
BIG_SHEET = 200_000


def _sheet_named(sheets: list[Grid], asked: str | None) -> str | None:
    """The sheet a `sheet=` choice names ("Plan" or "Plan #2"), or None (search them all)."""
    if not asked:
        return None
    for name in (asked, asked.rsplit(" #", 1)[0]):
        for g in sheets:
            if g.name == name or g.name.casefold() == name.casefold():
                return g.name
    return None


#: A formula cell saved without its value: `<c …><f>…</f></c>` with no `<v>`.
_FORMULA_NO_VALUE = re.compile(
    rb"<c\b[^>]*>\s*<f\b[^>]*(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)


def uncalculated_formulas(path: Path, limit: int = 50_000_000) -> int:
    """How many cells of an xlsx hold a formula saved without its value (0 when unsure)."""
    try:
        with zipfile.ZipFile(path) as z:
            total = 0
            for info in z.infolist():
                name = info.filename
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    if info.file_size > limit:
                        continue
                    total += len(_FORMULA_NO_VALUE.findall(z.read(name)))
            return total
    except (OSError, zipfile.BadZipFile, RuntimeError):
        return 0


def _rank(c: Candidate) -> tuple[float, float]:
    lay = c.layout
    deliverables = sum(1 for p in lay.plan if p.kind == "deliverable")
    if deliverables == 0 or c.confidence < 0.5:
        return (0.0, c.confidence)
    return (lay.known * c.confidence + lay.ticks * 0.2, c.confidence)


def _shown_first(c: Candidate, hidden: set[str]) -> tuple[bool, float, float]:
    """Matrices on sheets on show come first: one on a hidden sheet (an old copy, a helper
    sheet) is chosen only when no sheet on show holds one."""
    score, confidence = _rank(c)
    return (score > 0 and c.sheet not in hidden, score, confidence)


def build_matrix(detection: Detection, c: Candidate) -> Matrix:
    """Make the Matrix of one candidate (fast loaders: no undo record, no notification)."""
    lay = c.layout
    stem = detection.path.stem
    # A file of one matrix is named after the file; else the sheet (and "#2") tells which.
    name = stem if len(detection.candidates) == 1 else f"{stem} – {c.label or c.sheet}"
    matrix = Matrix(name=name, scheme=c.scheme)
    groups: dict[str, RoleGroup] = {}
    role_columns: dict[Role, int] = {}
    for col, role_name, group_name in (
        []
        if lay.code_columns
        else zip(lay.role_columns, lay.role_names, lay.role_groups, strict=True)
    ):
        group = None
        if group_name:
            group = groups.get(group_name)
            if group is None:
                group = groups[group_name] = RoleGroup(group_name)
        role = Role(role_name, group=group)
        matrix.load_role(role)
        role_columns[role] = col
    if lay.code_columns:
        # Names found in the cells are the roles (people named directly).
        role_columns = {}
        for name in lay.role_names:
            matrix.load_role(Role(name, is_person=True))
    by_column = {col: role for role, col in role_columns.items()}
    by_name = {role.name: role for role in matrix.roles} if lay.code_columns else {}
    rows: dict = {}
    continued: dict = {}
    column_groups: set[Group] = set()
    outer: Group | None = None
    inner: Group | None = None
    cells: list[tuple[Deliverable, Role, str]] = []
    canonical = _Canonical(matrix)
    # Task rows read straight from the sheet: filled a row and a column at a time.
    grid_rows: list[Deliverable] = []
    grid_texts: list = []
    grid_columns = lay.role_columns
    grid_roles = [by_column[col] for col in grid_columns] if by_column else []
    as_written = _AsWritten(canonical)
    for p in lay.plan:
        if p.kind == "group":
            group = Group(p.name)
            if p.outer:
                matrix.load_row(group)
                outer, inner = group, None
                column_groups.add(group)
            else:
                matrix.load_row(group, outer)
                inner = group
            rows[group] = p.row
        elif p.kind == "deliverable":
            d = Deliverable(p.name, attributes=p.attributes)
            matrix.load_row(d, inner or outer)
            rows[d] = p.row
            if p.continued:
                continued[d] = p.continued
            row_cells = p.cells
            if (
                isinstance(row_cells, RowCells)
                and grid_roles
                and (row_cells.columns is grid_columns or row_cells.columns == grid_columns)
            ):
                grid_rows.append(d)
                grid_texts.append(as_written.row(row_cells))
            else:
                cells.extend([(d, by_column[c], canonical[t]) for c, t in row_cells.items()])
            if p.people:
                cells.extend((d, by_name[n], canonical[text]) for n, text in p.people.items())
    matrix.load_grid(grid_rows, grid_roles, grid_texts)
    matrix.load_cells(cells)
    matrix.source = ImportSource(
        path=detection.path,
        format=detection.format,
        sheet=c.sheet,
        header_rows=lay.header_rows,
        name_row=lay.name_row,
        band_rows=lay.band_rows,
        task_column=lay.task_column,
        group_column=lay.group_column,
        role_columns=role_columns,
        rows=rows,
        continued_rows=continued,
        attribute_columns={name: col for col, name in lay.attribute_columns.items()},
        first_row=lay.first_row,
        last_row=lay.last_row,
        legend_sheet=c.legend.sheet if c.legend else "",
        legend_cells=tuple(sorted(c.legend.cells)),
        column_groups=column_groups,
        macros=detection.workbook.macros,
        code_columns={letter: col for col, letter in lay.code_columns.items()},
        sheet_choice=c.label or c.sheet,
        other_matrices=tuple(
            o.label or o.sheet
            for o in detection.candidates
            if o is not c and o.layout.known >= 2 and len(o.deliverable_rows) >= 2
        ),
    )
    return matrix


class _Canonical(dict):
    """Cell text -> the matrix's canonical text, computed once per distinct text."""

    def __init__(self, matrix: Matrix) -> None:
        super().__init__()
        self.matrix = matrix

    def __missing__(self, text: str) -> str:
        value = self[text] = self.matrix.canonical(text)
        return value


class _AsWritten(dict):
    """Cell text as written in the sheet -> the matrix's canonical text ("" for none)."""

    def __init__(self, canonical: _Canonical) -> None:
        super().__init__()
        self.canonical = canonical
        self.stored: Mapping[str, str] | None = None
        #: Texts stored as written ("R", "A/R"): rows of only these are taken as they are.
        self.same: set[str] = set()

    def row(self, cells: RowCells) -> tuple[str, ...] | list[str]:
        """The canonical texts of a row's role cells, in role column order."""
        if cells.stored is not self.stored:
            self.clear()
            self.same = set()
            self.stored = cells.stored
        if self.same.issuperset(cells.texts):
            return cells.values
        for text in cells.texts:
            self[text]  # noqa: B018 - fills self.same
        if self.same.issuperset(cells.texts):
            return cells.values
        return list(map(self.__getitem__, cells.values))

    def __missing__(self, text: str) -> str:
        assert self.stored is not None
        value = self.canonical[self.stored[text]] if text else ""
        if value == text:
            self.same.add(text)
        if len(self) < 50_000:
            self[text] = value
        return value


def read_matrix(path: str | Path, sheet: str | None = None) -> Matrix:
    """The best matrix of a file (or the one on a named sheet); ReadError / NotAMatrix if none."""
    with _bulk():
        detection = detect(path, sheet)
        matrix = detection.build(detection.candidate(sheet))
        # What detection found is freed now, before collection resumes and would scan it.
        del detection
    return matrix


__all__ = [
    "Candidate",
    "Detection",
    "Overrides",
    "build_matrix",
    "cell_ref",
    "detect",
    "read_matrix",
]
