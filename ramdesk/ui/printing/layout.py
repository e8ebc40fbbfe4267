"""Pages from a matrix: geometry of the grid, the fit, and the split into pages.

Everything is in points. The matrix is laid out at its normal size (the options' font size) and
printed scaled by `Plan.scale`; page furniture (title block, legend) is never scaled.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from ramdesk.model import Deliverable, Group, Matrix, Person
from ramdesk.rules import Problem

from .content import Card, Marks, Selection, build_card, card_subjects, marks, select
from .measure import Metrics
from .options import PrintOptions

# Text sizes are whole points: Qt rounds a font's pixel size, so 7.5 pt would print as 8 pt
# and no longer match the widths the layout measured.
TITLE_SIZE = 13
SMALL_SIZE = 7
CARD_SIZE = 10
LEGEND_SIZE = 7
#: Space between the title block, the matrix and the legend.
GAP = 6.0
#: The most lines a deliverable's or a role's name takes before it is shortened.
MAX_NAME_LINES = 6
MAX_ROLE_LINES = 4
SEVERITY_WORDS = {"error": "Error", "warning": "Warning", "info": "Note"}


@dataclass
class Grid:
    """The matrix at its normal size: every width and height in points before scaling."""

    selection: Selection
    font: float
    line: float
    pad: float
    indent: float
    name_w: float
    row_h: list[float]
    row_lines: list[list[str]]
    #: 1-based number of each deliverable among the printed ones (0 for a group row).
    numbers: list[int]
    col_w: list[float]
    rotated: bool
    head_lines: list[list[str]]
    head_h: float
    band_h: float
    #: Height of a "continued" group row at the top of a page.
    group_h: float

    @property
    def width(self) -> float:
        return self.name_w + sum(self.col_w)

    @property
    def top(self) -> float:
        return self.band_h + self.head_h


@dataclass
class Block:
    """A run of text on a card or the problems summary, laid out to the page width."""

    lines: list[str]
    size: float
    bold: bool = False
    indent: float = 0.0
    space_before: float = 0.0
    #: Severity word for a problem row (drawn in its own column).
    tag: str = ""
    #: A letter drawn as a code swatch before a card section heading.
    swatch: str = ""

    def height(self) -> float:
        return self.space_before + len(self.lines) * self.size * 1.3


@dataclass
class Page:
    """One sheet of paper."""

    kind: str  # "matrix", "card", "problems"
    label: str
    rows: range = range(0)
    cols: range = range(0)
    #: Group rows repeated at the top of the page because their rows continue here.
    carried: tuple[int, ...] = ()
    #: Card and problem pages: the blocks on this page.
    blocks: list[Block] = field(default_factory=list)
    heading: str = ""


@dataclass
class Plan:
    """Everything a paint needs: the pages, the scale, and what to say about the fit."""

    matrix: Matrix
    options: PrintOptions
    width: float
    height: float
    title: str
    subtitle: str
    legend: list[list[tuple[str, str]]]
    legend_h: float
    title_h: float
    pages: list[Page]
    grid: Grid | None = None
    marks: Marks = field(default_factory=Marks)
    scale: float = 1.0
    #: Why the chosen fit was not honoured ("" when it was).
    note: str = ""
    pages_across: int = 1
    metrics: Metrics | None = None

    @property
    def body_top(self) -> float:
        return self.title_h + GAP

    @property
    def body_height(self) -> float:
        return self.height - self.title_h - self.legend_h - 2 * GAP

    @property
    def overridden(self) -> bool:
        return bool(self.note)


# ---------------------------------------------------------------------- the grid
def build_grid(
    matrix: Matrix, selection: Selection, options: PrintOptions, metrics: Metrics, room: float
) -> Grid:
    """Geometry of the selected rows and roles; `room` is the page width in points (for the
    choice between horizontal and rotated role names)."""
    f = options.font_size
    line = f * 1.22
    pad = f * 0.35
    indent = f * 1.1
    marker = f * 0.9 if options.mark_problems else 0.0
    rows = selection.rows
    depth_of = {}
    widest = 0.0
    for row in rows:
        parent, depth = row.parent, 0
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        depth_of[row] = depth
        if isinstance(row, Deliverable):
            widest = max(widest, depth * indent + metrics.width(row.name, f))
    name_w = min(max(widest + 2 * pad + marker, 10 * f), 28 * f)
    text_w = name_w - 2 * pad - marker
    row_h: list[float] = []
    row_lines: list[list[str]] = []
    numbers: list[int] = []
    n = 0
    group_h = line + 2 * pad
    for row in rows:
        if isinstance(row, Group):
            row_lines.append([row.name or "(unnamed group)"])
            row_h.append(group_h)
            numbers.append(0)
            continue
        n += 1
        numbers.append(n)
        line_w = text_w - depth_of[row] * indent
        lines = _capped(metrics.wrap(row.name, line_w, f), MAX_NAME_LINES, metrics, line_w, f)
        row_lines.append(lines)
        row_h.append(len(lines) * line + 2 * pad)

    roles = selection.roles
    natural = []
    for role in roles:
        texts = {text for _d, text in matrix.column_cells(role)}
        w = max((metrics.width(t, f, True) for t in texts), default=0.0)
        natural.append(max(w + 2 * pad, 2.2 * f))
    # Horizontal names when they fit on the page in at most three lines; rotated otherwise.
    flat_w: list[float] = []
    flat_lines: list[list[str]] = []
    for role, nat in zip(roles, natural, strict=True):
        full = metrics.width(role.name, f, True)
        word = max((metrics.width(x, f, True) for x in role.name.split()), default=0.0)
        if full + 2 * pad <= 7 * f:
            w = full + 2 * pad
        else:
            w = max(full / 2 + 3 * pad, word + 2 * pad)
        w = min(max(nat, w, f * 3), 9 * f)
        lines = metrics.wrap(role.name, w - 2 * pad + 0.01, f, True)
        flat_w.append(max(w, max(metrics.width(s, f, True) for s in lines) + 2 * pad))
        flat_lines.append(lines)
    flat = (
        bool(roles)
        and max(len(lines) for lines in flat_lines) <= 3
        and name_w + sum(flat_w) <= room
    )
    band_h = group_h if any(r.group is not None for r in roles) else 0.0
    if flat or not roles:
        most = max((len(lines) for lines in flat_lines), default=1)
        return Grid(
            selection, f, line, pad, indent, name_w, row_h, row_lines, numbers,
            flat_w, False, flat_lines, most * line + 2 * pad, band_h, group_h,
        )  # fmt: skip
    longest = max(metrics.width(r.name, f, True) for r in roles)
    head_h = min(longest + 2 * pad + marker, 12 * f)
    col_w: list[float] = []
    head_lines: list[list[str]] = []
    for role, nat in zip(roles, natural, strict=True):
        lines = metrics.wrap(role.name, head_h - 2 * pad - marker, f, True)
        if len(lines) > 1:
            # Even lines ("Analyst - / Identity 3", not "Analyst - Identity / 3").
            total = metrics.width(role.name, f, True)
            word = max(metrics.width(w, f, True) for w in role.name.split())
            even = metrics.wrap(role.name, max(total / len(lines) * 1.1, word + 0.01), f, True)
            if len(even) == len(lines):
                lines = even
        line_w = head_h - 2 * pad - marker
        lines = _capped(lines, MAX_ROLE_LINES, metrics, line_w, f, True)
        head_lines.append(lines)
        col_w.append(max(nat, len(lines) * line + 2 * pad))
    return Grid(
        selection, f, line, pad, indent, name_w, row_h, row_lines, numbers,
        col_w, True, head_lines, head_h, band_h, group_h,
    )  # fmt: skip


def _capped(
    lines: list[str], most: int, metrics: Metrics, width: float, size: float, bold: bool = False
) -> list[str]:
    """At most `most` lines, the last shortened with "…" (a name of a thousand characters
    must not take a page)."""
    if len(lines) <= most:
        return lines
    last = " ".join(lines[most - 1 :])
    return [*lines[: most - 1], metrics.elide(last, width, size, bold)]


def split_columns(grid: Grid, room: float) -> list[range]:
    """Roles in runs that fit `room` points beside the names; runs end at a role group's edge
    when one is near."""
    widths = grid.col_w
    groups = [r.group for r in grid.selection.roles]
    out: list[range] = []
    start = 0
    space = max(room - grid.name_w, 1.0)
    while start < len(widths):
        end, used = start, 0.0
        while end < len(widths) and (end == start or used + widths[end] <= space):
            used += widths[end]
            end += 1
        if end < len(widths) and groups[end] is not None and groups[end] is groups[end - 1]:
            # Break at the start of the group that would be cut, if that keeps most of the page.
            edge = end - 1
            while edge > start and groups[edge] is groups[end]:
                edge -= 1
            if edge > start and (edge + 1 - start) >= 0.6 * (end - start):
                end = edge + 1
        out.append(range(start, end))
        start = end
    return out or [range(0)]


def _balanced(grid: Grid, room: float) -> list[range]:
    """The fewest runs of roles, as even as possible (no page of 30 roles beside one of 4)."""
    runs = split_columns(grid, room)
    if len(runs) < 2:
        return runs
    lo = grid.name_w + max(grid.col_w)
    hi = room
    for _ in range(20):
        mid = (lo + hi) / 2
        if len(split_columns(grid, mid)) <= len(runs):
            hi = mid
        else:
            lo = mid
    return split_columns(grid, hi)


def split_rows(grid: Grid, room: float) -> list[tuple[range, tuple[int, ...]]]:
    """Rows in runs that fit `room` points below the header; a group header is never the last
    row of a page when its first row could go with it; groups continued from the page before
    are repeated at the top."""
    rows = grid.selection.rows
    heights = grid.row_h
    index = {row: i for i, row in enumerate(rows)}
    out: list[tuple[range, tuple[int, ...]]] = []
    start = 0
    while start < len(rows):
        carried = tuple(index[g] for g in _ancestors(rows[start]) if g in index)
        used = len(carried) * grid.group_h
        end = start
        while end < len(rows) and (end == start or used + heights[end] <= room):
            used += heights[end]
            end += 1
        if end < len(rows):
            keep = end
            while keep - 1 > start and isinstance(rows[keep - 1], Group):
                keep -= 1
            if keep > start and not isinstance(rows[keep - 1], Group):
                end = keep
        out.append((range(start, end), carried))
        start = end
    return out or [(range(0), ())]


def _ancestors(row) -> list[Group]:
    out = []
    parent = row.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return list(reversed(out))


# ---------------------------------------------------------------------- the plan
def plan(
    matrix: Matrix,
    options: PrintOptions,
    width: float,
    height: float,
    problems: list[Problem] | None = None,
    metrics: Metrics | None = None,
    file_name: str = "",
) -> Plan:
    """Lay out the printout on pages of `width` x `height` points (the area inside margins)."""
    metrics = metrics or Metrics()
    need_problems = options.mark_problems or options.problems_summary or options.problem_rows
    if problems is None:
        problems = matrix.checker().all() if need_problems else []
    title = options.title or matrix.name or "Untitled matrix"
    # Properties are named by their authors: "Version", "version" and " VERSION " are one.
    version = options.version or next(
        (v for k, v in matrix.properties.items() if k.strip().lower() == "version"), ""
    )
    if version and not version.lower().startswith("version") and version[:1].isdigit():
        version = f"version {version}"
    parts = [matrix.scheme.name, options.date or _dt.date.today().isoformat()]
    parts += [p for p in (version, file_name) if p]
    legend = _legend(matrix, options, metrics, width)
    legend_h = len(legend) * LEGEND_SIZE * 1.5 + 2
    title_h = TITLE_SIZE * 1.25 + SMALL_SIZE * 1.35 + 3
    p = Plan(matrix, options, width, height, title, "", legend, legend_h, title_h, [])
    p.metrics = metrics
    if options.cards:
        p.subtitle = " · ".join([*parts, "responsibility cards"])
        p.pages = _card_pages(matrix, options, metrics, width, p.body_height)
    else:
        selection = select(matrix, options, problems)
        p.subtitle = " · ".join([*parts, selection.description] if selection.description else parts)
        relevant = _relevant(problems, selection)
        if options.mark_problems:
            p.marks = marks(relevant)
        p.pages = _matrix_pages(p, selection, metrics)
        if options.problems_summary:
            p.pages += _problem_pages(relevant, metrics, width, p.body_height)
    return p


def _relevant(problems: list[Problem], selection: Selection) -> list[Problem]:
    """The problems about what a (partial) printout shows."""
    if not selection.description:
        return list(problems)
    rows, roles = set(selection.rows), set(selection.roles)
    subject = selection.subject
    out = []
    for q in problems:
        if q.deliverable is not None and q.deliverable not in rows:
            continue
        if q.role is not None and q.role not in roles:
            continue
        if q.person is not None and isinstance(subject, Person) and q.person is not subject:
            continue
        if q.deliverable is None and q.role is None and q.person is not subject:
            continue
        out.append(q)
    return out


def _legend(
    matrix: Matrix, options: PrintOptions, metrics: Metrics, width: float
) -> list[list[tuple[str, str]]]:
    items = [(c.letter, c.name) for c in matrix.scheme.codes]
    if options.mark_problems and not options.cards:
        items.append(("!", "problem (see the checks)"))
    lines: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for letter, name in items:
        w = LEGEND_SIZE * 2.2 + metrics.width(name, LEGEND_SIZE) + LEGEND_SIZE * 1.5
        if lines[-1] and used + w > width:
            lines.append([])
            used = 0.0
        lines[-1].append((letter, name))
        used += w
    return lines


def _matrix_pages(p: Plan, selection: Selection, metrics: Metrics) -> list[Page]:
    options = p.options
    grid = build_grid(p.matrix, selection, options, metrics, p.width)
    p.grid = grid
    f = options.font_size
    smallest = options.min_font_size / f

    def across(scale: float) -> int:
        return len(split_columns(grid, p.width / scale))

    if options.fit == "scale":
        wanted = options.scale
        scale = max(wanted, smallest)
        if scale > wanted:
            p.note = (
                f"At {wanted:.0%} the text would be {wanted * f:.1f} pt, below the "
                f"{options.min_font_size:g} pt minimum: printed at {scale * f:.1f} pt instead"
            )
    else:
        pages = 1 if options.fit == "width" else options.pages_wide
        scale = min(1.0, p.width / grid.width) if grid.width else 1.0
        if pages > 1:
            scale = min(1.0, p.width * pages / grid.width) if grid.width else 1.0
            while scale > smallest and across(scale) > pages:
                scale *= 0.97
        if scale < smallest or across(max(scale, smallest)) > pages:
            wanted = scale
            # Split anyway: print as large as the same number of pages across allows.
            k = across(smallest)
            lo, hi = smallest, max(1.0, smallest)
            if across(hi) <= k:
                lo = hi
            for _ in range(14):
                if hi - lo < 0.002:
                    break
                mid = (lo + hi) / 2
                lo, hi = (mid, hi) if across(mid) <= k else (lo, mid)
            scale = lo
            fit = "the page width" if pages == 1 else f"{pages} pages wide"
            p.note = (
                f"Fitting to {fit} would print the text at {wanted * f:.1f} pt, below the "
                f"{options.min_font_size:g} pt minimum: split into {k} pages across at "
                f"{scale * f:.1f} pt instead"
            )
    p.scale = scale
    col_runs = _balanced(grid, p.width / scale)
    row_runs = split_rows(grid, max(p.body_height / scale - grid.top, grid.group_h * 3))
    p.pages_across = len(col_runs)
    n_roles = len(selection.roles)
    n_deliverables = selection.deliverable_count
    out: list[Page] = []
    for rows, carried in row_runs:
        numbers = [grid.numbers[i] for i in rows if grid.numbers[i]]
        if numbers:
            d_label = f"deliverables {numbers[0]}–{numbers[-1]} of {n_deliverables}"
        else:
            d_label = f"no deliverables of {n_deliverables}" if rows else "no deliverables"
        for k, cols in enumerate(col_runs):
            if cols:
                r_label = f"roles {cols.start + 1}–{cols.stop} of {n_roles}"
            else:
                r_label = "no roles"
            label = f"{r_label}, {d_label}"
            if len(col_runs) > 1:
                label += f" (across {k + 1} of {len(col_runs)})"
            out.append(Page("matrix", label, rows, cols, carried))
    return out


def _card_pages(
    matrix: Matrix, options: PrintOptions, metrics: Metrics, width: float, height: float
) -> list[Page]:
    out: list[Page] = []
    subjects = card_subjects(matrix, options)
    for subject in subjects:
        card = build_card(matrix, subject)
        blocks = _card_blocks(card, metrics, width)
        label = f"card: {card.title}"
        pages = _flow(blocks, height - CARD_SIZE * 2.2)
        for i, chunk in enumerate(pages):
            heading = card.title if i == 0 else f"{card.title} (continued)"
            out.append(Page("card", label, blocks=chunk, heading=heading))
    if not out:
        what = "roles" if options.cards == "roles" else "people"
        note = Block([f"This matrix lists no {what}: there are no cards to print."], CARD_SIZE)
        out.append(Page("card", "cards", blocks=[note], heading="Responsibility cards"))
    return out


def _card_blocks(card: Card, metrics: Metrics, width: float) -> list[Block]:
    s = CARD_SIZE
    blocks: list[Block] = []
    for about in card.about:
        blocks.append(Block(metrics.wrap(about, width, s - 1), s - 1))
    if card.empty:
        blocks.append(Block([card.empty], s, space_before=s))
    for section in card.sections:
        heading = f"{section.heading} ({section.count})"
        blocks.append(Block([heading], s + 1, True, space_before=s * 1.1, swatch=section.letter))
        for phase, items in section.phases:
            blocks.append(Block([phase], s, True, indent=s * 1.6, space_before=s * 0.3))
            for item in items:
                text = item.name
                extra = ", ".join(
                    x for x in (item.where, f"as {item.via}" if item.via else "") if x
                )
                if extra:
                    text += f"  ({extra})"
                lines = metrics.wrap("• " + text, width - s * 3.2, s)
                blocks.append(Block(lines, s, indent=s * 3.2))
    return blocks


def _flow(blocks: list[Block], room: float) -> list[list[Block]]:
    """Blocks in pages of `room` points; a heading never ends a page."""
    pages: list[list[Block]] = [[]]
    used = 0.0
    for i, block in enumerate(blocks):
        h = block.height() if pages[-1] else block.height() - block.space_before
        follow = blocks[i + 1].height() if block.bold and i + 1 < len(blocks) else 0.0
        if pages[-1] and used + h + follow > room:
            pages.append([])
            used = 0.0
            h = block.height() - block.space_before
        pages[-1].append(block)
        used += h
    return pages


def _problem_pages(
    problems: list[Problem], metrics: Metrics, width: float, height: float
) -> list[Page]:
    s = 8.0
    tag_w = s * 5.5
    blocks: list[Block] = []
    for q in problems:
        lines = metrics.wrap(q.message, width - tag_w, s)
        fix = q.fix
        if fix:
            lines += metrics.wrap(fix, width - tag_w - s, s - 1)
        blocks.append(
            Block(lines, s, indent=tag_w, space_before=s * 0.35, tag=SEVERITY_WORDS[q.severity])
        )
    if not blocks:
        blocks.append(Block(["The checks found no problems."], s))
    pages = _flow(blocks, height - s * 3)
    out = []
    for i, chunk in enumerate(pages):
        heading = f"Problems ({len(problems)})" + (" (continued)" if i else "")
        out.append(Page("problems", "problems summary", blocks=chunk, heading=heading))
    return out


def file_label(path: str | Path | None) -> str:
    """The file name shown in the title block."""
    return Path(path).name if path else ""
