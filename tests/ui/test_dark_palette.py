"""In a dark palette the grid's codes, its problem marks and the legend stay legible: measured on
the pixels the window paints (a WCAG-style contrast ratio of at least 3)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from ramdesk.model import BUILTIN_SCHEMES, Matrix, SetCells
from ramdesk.ui.app import create_window
from ramdesk.ui.style import SEVERITY_COLORS, code_fill, severity_color

from .conftest import find, small_matrix

#: Least contrast between a code's letter and its fill, or a mark and what is around it.
LEGIBLE = 3.0

DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#262626",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.ToolTipBase: "#2b2b2b",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.Highlight: "#2a82da",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Mid: "#555555",
    QPalette.ColorRole.Light: "#505050",
    QPalette.ColorRole.Dark: "#151515",
    QPalette.ColorRole.PlaceholderText: "#8a8a8a",
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in DARK.items():
        palette.setColor(role, QColor(color))
    return palette


@pytest.fixture
def dark_app(qapp):
    """Fusion with a dark palette for one test; the application's own look comes back after."""
    old_style = qapp.style().name()
    old_palette = QPalette(qapp.palette())
    qapp.setStyle("Fusion")
    qapp.setPalette(dark_palette())
    yield qapp
    qapp.setPalette(old_palette)
    qapp.setStyle(old_style)


# ---------------------------------------------------------------------- measuring
def luminance(c: QColor) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def pixels(image: QImage, rect: QRect):
    for y in range(max(rect.top(), 0), min(rect.bottom() + 1, image.height())):
        for x in range(max(rect.left(), 0), min(rect.right() + 1, image.width())):
            yield image.pixelColor(x, y)


def dominant(image: QImage, rect: QRect) -> QColor:
    """The colour most of a region is painted in (a cell's fill)."""
    counts = Counter(c.rgb() for c in pixels(image, rect))
    return QColor.fromRgb(counts.most_common(1)[0][0])


def strongest(image: QImage, rect: QRect, against: QColor) -> float:
    """The contrast of the pixel that stands out most from `against` (a letter's core)."""
    return max(contrast(c, against) for c in pixels(image, rect))


def near(c: QColor, target: QColor, tolerance: int = 24) -> bool:
    return (
        abs(c.red() - target.red()) <= tolerance
        and abs(c.green() - target.green()) <= tolerance
        and abs(c.blue() - target.blue()) <= tolerance
    )


def grid_image(window) -> QImage:
    grid = window.grid
    grid.clearSelection()
    window.filter_bar.text.setFocus()  # no focus frame on a cell
    grid.viewport().repaint()
    return grid.viewport().grab().toImage()


def cell_rect(window, row, column) -> QRect:
    model = window.grid.matrix_model
    rect = window.grid.visualRect(model.index_of(row, column))
    return rect.adjusted(2, 2, -3, -3)  # inside the cell's lines


def open_window(qtbot, tmp_path, matrix):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    win = create_window(settings, matrix=matrix)
    qtbot.addWidget(win, before_close_func=lambda w: w.document.undo_stack.setClean())
    win.show()
    qtbot.waitExposed(win)
    return win


def every_code(scheme) -> Matrix:
    """One deliverable, one role per code of the scheme, each holding its code."""
    m = Matrix(f"Every {scheme.name} code", scheme)
    d = m.add_deliverable("Every code")
    for code in scheme.codes:
        m.set_code(d, m.add_role(f"Role {code.letter}"), code.letter)
    return m


# ---------------------------------------------------------------------- the grid
def test_the_palette_really_is_dark(dark_app, qtbot, tmp_path):
    win = open_window(qtbot, tmp_path, small_matrix())
    image = grid_image(win)
    m = win.document.matrix
    empty = cell_rect(win, find(m.deliverables, "Wireframes"), find(m.roles, "Sponsor"))
    assert luminance(dominant(image, empty)) < 0.05


@pytest.mark.parametrize("scheme", BUILTIN_SCHEMES, ids=[s.key for s in BUILTIN_SCHEMES])
def test_every_code_is_legible_on_its_fill(dark_app, qtbot, tmp_path, scheme):
    win = open_window(qtbot, tmp_path, every_code(scheme))
    image = grid_image(win)
    m = win.document.matrix
    d = m.deliverables[0]
    for role, code in zip(m.roles, scheme.codes, strict=True):
        rect = cell_rect(win, d, role)
        fill = dominant(image, rect)
        assert fill.rgb() == code_fill(code.color, True).rgb(), code.letter  # the dark fill
        ratio = strongest(image, rect, fill)
        assert ratio >= LEGIBLE, f"{scheme.key} {code.letter}: {ratio:.2f} on {fill.name()}"


def test_in_the_light_palette_too(qapp, qtbot, tmp_path):
    from ramdesk.model import builtin_scheme
    from ramdesk.ui.style import is_dark

    assert not is_dark(qapp.palette())
    scheme = builtin_scheme("raci-vs")  # its yellow V is the palest fill
    win = open_window(qtbot, tmp_path, every_code(scheme))
    image = grid_image(win)
    d = win.document.matrix.deliverables[0]
    for role, code in zip(win.document.matrix.roles, scheme.codes, strict=True):
        rect = cell_rect(win, d, role)
        fill = dominant(image, rect)
        assert fill.rgb() == code_fill(code.color, False).rgb(), code.letter
        assert strongest(image, rect, fill) >= LEGIBLE, code.letter


def test_problem_marks_are_legible_on_code_fills(dark_app, qtbot, tmp_path):
    m = small_matrix()
    win = open_window(qtbot, tmp_path, m)
    visual, frontend = find(m.deliverables, "Visual design"), find(m.deliverables, "Frontend")
    sponsor, pm = find(m.roles, "Sponsor"), find(m.roles, "Project manager")
    win.document.apply(SetCells(((visual, sponsor, "C/I"), (frontend, pm, "A/R"))))
    cells = {
        "error": (find(m.deliverables, "Backend"), sponsor),
        "warning": (visual, sponsor),  # C and I should not share a cell
        "info": (frontend, pm),  # several codes in one cell
    }
    image = grid_image(win)
    model = win.grid.matrix_model
    for severity, (row, column) in cells.items():
        assert model.index_of(row, column).data(model.SeverityRole) == severity
        rect = cell_rect(win, row, column)
        color = severity_color(severity, dark=True)
        mark = [
            (x, y)
            for y in range(rect.top(), rect.bottom() + 1)
            for x in range(rect.left(), rect.right() + 1)
            if near(image.pixelColor(x, y), color)
        ]
        assert mark, f"no {severity} mark painted"
        xs, ys = [p[0] for p in mark], [p[1] for p in mark]
        box = QRect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
        # The glyph inside the mark (×, !, i) stands out from the mark's colour ...
        assert strongest(image, box, color) >= LEGIBLE, severity
        # ... and from the cell around it.
        fill = dominant(image, rect)
        assert strongest(image, box, fill) >= LEGIBLE, f"{severity} on {fill.name()}"


# ---------------------------------------------------------------------- the legend
def legend_image(win) -> QImage:
    dock = win.docks["legend"]
    dock.show()
    dock.raise_()  # in front, should it share a tab with another panel
    QApplication.processEvents()
    win.legend.repaint()
    return win.legend.grab().toImage()


def boxes(image: QImage, wanted: set[int]) -> dict[int, QRect]:
    """For each wanted colour (as rgb), the box around every pixel painted in it."""
    found: dict[int, list[int]] = {}
    for y in range(image.height()):
        for x in range(image.width()):
            rgb = image.pixel(x, y)
            if rgb in wanted:
                box = found.setdefault(rgb, [x, y, x, y])
                box[0], box[1] = min(box[0], x), min(box[1], y)
                box[2], box[3] = max(box[2], x), max(box[3], y)
    return {k: QRect(a, b, c - a + 1, d - b + 1) for k, (a, b, c, d) in found.items()}


def check_legend_codes(win):
    image = legend_image(win).convertToFormat(QImage.Format.Format_RGB32)
    scheme = win.document.matrix.scheme
    fills = {code.letter: code_fill(code.color, True) for code in scheme.codes}
    found = boxes(image, {fill.rgb() for fill in fills.values()})
    for letter, fill in fills.items():
        assert fill.rgb() in found, f"{letter}: its dark fill is not in the legend"
        ratio = strongest(image, found[fill.rgb()], fill)
        assert ratio >= LEGIBLE, f"legend {letter}: {ratio:.2f} on {fill.name()}"


def test_legend_codes_are_legible(dark_app, qtbot, tmp_path):
    m = small_matrix()
    win = open_window(qtbot, tmp_path, m)
    check_legend_codes(win)


def test_legend_marks_are_legible(dark_app, qtbot, tmp_path):
    """The legend shows the grid's own marks: each shape (the note's in a lighter blue on a dark
    palette) ringed so its edge stands out from the legend's background all round."""
    win = open_window(qtbot, tmp_path, small_matrix())
    image = legend_image(win).convertToFormat(QImage.Format.Format_RGB32)
    counts = Counter(image.pixel(x, y) for y in range(image.height()) for x in range(image.width()))
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    assert contrast(QColor("#56B4E9"), background) >= 4.5  # the sky blue on a dark base
    found = boxes(image, {severity_color(s, dark=True).rgb() for s in SEVERITY_COLORS})
    for severity in SEVERITY_COLORS:
        color = severity_color(severity, dark=True)
        assert color.rgb() in found, f"no {severity} mark"
        box = found[color.rgb()]
        # Crossing the shape from the left, row by row: the first painted pixels (its ring)
        # stand out from the background.
        rows = seen = 0
        for y in range(box.top(), box.bottom() + 1):
            crossing = [
                x
                for x in range(box.left() - 4, box.center().x())
                if image.pixel(x, y) != background.rgb()
            ][:3]
            if crossing:
                rows += 1
                seen += any(contrast(image.pixelColor(x, y), background) >= 4 for x in crossing)
        assert rows and seen / rows >= 0.9, f"{severity} mark: edge seen on {seen} of {rows} rows"


def test_legend_follows_a_switch_to_a_dark_palette(qapp, qtbot, tmp_path):
    old_style = qapp.style().name()
    old_palette = QPalette(qapp.palette())
    qapp.setStyle("Fusion")
    win = open_window(qtbot, tmp_path, small_matrix())
    try:
        qapp.setPalette(dark_palette())
        QApplication.processEvents()
        check_legend_codes(win)
        # The marks are drawn again for the dark palette: the note's sky blue, a light ring.
        image = legend_image(win).convertToFormat(QImage.Format.Format_RGB32)
        sky = severity_color("info", dark=True).rgb()
        assert any(
            image.pixel(x, y) == sky for y in range(image.height()) for x in range(image.width())
        )
    finally:
        qapp.setPalette(old_palette)
        qapp.setStyle(old_style)


def test_screenshot_of_the_dark_window(dark_app, qtbot, tmp_path):
    """Kept beside the test run for a person to look at (the assertions above measure)."""
    win = open_window(qtbot, tmp_path, small_matrix())
    win.resize(1280, 760)
    target = tmp_path / "dark-window.png"
    assert win.grab().save(str(target))
    assert target.stat().st_size > 10_000
