"""The grid painted in one pass: codes in their colours, problem marks, selection, focus, and an
edit that repaints only what it changed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPalette, QRegion

from ramdesk.model import SetCells
from ramdesk.ui.headers import _elide_two_lines
from ramdesk.ui.style import SEVERITY_COLORS, code_fill

from .conftest import find


class PaintSpy(QObject):
    """Collects the regions painted on a widget."""

    def __init__(self, widget) -> None:
        super().__init__()
        self.region = QRegion()
        self.events = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.region = self.region.united(event.region())
            self.events += 1
        return False

    def clear(self) -> None:
        self.region = QRegion()
        self.events = 0


def image(window) -> QImage:
    window.grid.viewport().repaint()
    return window.grid.viewport().grab().toImage()


def cell_rect(window, row_name, role_name):
    m = window.document.matrix
    model = window.grid.matrix_model
    return window.grid.visualRect(model.index_of(find(m.rows, row_name), find(m.roles, role_name)))


def near(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def count_near(img: QImage, rect, colour: QColor, tolerance: int = 30) -> int:
    hits = 0
    for y in range(rect.top(), rect.bottom() + 1):
        for x in range(rect.left(), rect.right() + 1):
            if near(img.pixelColor(x, y), colour, tolerance):
                hits += 1
    return hits


def settle(qtbot, window):
    window.grid.clearSelection()
    window.setFocus()
    qtbot.wait(10)


def test_a_code_shows_in_its_colour_and_a_problem_by_its_mark(qtbot, window):
    settle(qtbot, window)
    img = image(window)
    scheme = window.document.matrix.scheme
    # Wireframes x Designer holds R: its fill, left of the letter
    rect = cell_rect(window, "Wireframes", "Designer")
    fill = code_fill(scheme.code("R").color, dark=False)
    assert near(img.pixelColor(rect.left() + 3, rect.center().y()), fill)
    # an empty cell is the view's base colour
    empty = cell_rect(window, "Wireframes", "Sponsor")
    base = window.grid.palette().color(QPalette.ColorRole.Base)
    assert near(img.pixelColor(empty.left() + 3, empty.center().y()), base)
    # Backend has two A (Sponsor and Project manager): the error mark on both cells
    error = QColor(SEVERITY_COLORS["error"])
    for role in ("Sponsor", "Project manager"):
        assert count_near(img, cell_rect(window, "Backend", role), error) > 10
    assert count_near(img, cell_rect(window, "Backend", "Developer"), error) == 0


def test_grid_lines_run_between_cells_but_not_across_group_bands(qtbot, window):
    settle(qtbot, window)
    img = image(window)
    rect = cell_rect(window, "Wireframes", "Sponsor")
    base = window.grid.palette().color(QPalette.ColorRole.Base)
    assert not near(img.pixelColor(rect.right(), rect.center().y()), base, 3)  # a line
    assert not near(img.pixelColor(rect.center().x(), rect.bottom()), base, 3)
    band = cell_rect(window, "Design", "Sponsor")
    left = img.pixelColor(band.right() - 3, band.center().y())
    assert near(img.pixelColor(band.right(), band.center().y()), left, 3)  # one band


def test_selection_and_the_current_cell_show(qtbot, window):
    settle(qtbot, window)
    rect = cell_rect(window, "Wireframes", "Sponsor")
    before = image(window).pixelColor(rect.center())
    index = window.grid.indexAt(rect.center())
    window.grid.selectionModel().select(
        QItemSelection(index, index), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    selected = image(window).pixelColor(rect.center())
    assert not near(selected, before, 8)
    window.grid.setCurrentIndex(index)
    window.grid.setFocus()
    qtbot.waitUntil(window.grid.hasFocus)
    img = image(window)
    highlight = window.grid.palette().color(QPalette.ColorRole.Highlight)
    assert near(img.pixelColor(rect.left() + 1, rect.center().y()), highlight, 40)  # the frame


def test_a_typed_code_repaints_its_cell_not_the_view(qtbot, window):
    m = window.document.matrix
    settle(qtbot, window)
    qtbot.wait(20)
    spy = PaintSpy(window.grid.viewport())
    rows = PaintSpy(window.grid.row_header.viewport())
    roles = PaintSpy(window.grid.role_header.viewport())
    frontend, designer = find(m.deliverables, "Frontend"), find(m.roles, "Designer")
    window.document.apply(SetCells.one(frontend, designer, "C"))  # no problem comes or goes
    qtbot.waitUntil(lambda: spy.events > 0)
    qtbot.wait(20)
    cell = cell_rect(window, "Frontend", "Designer")
    assert spy.region.boundingRect() == cell
    assert rows.region.isEmpty()  # no mark changed on any header
    assert roles.region.isEmpty()


def test_an_edit_that_makes_a_problem_repaints_just_what_shows_it(qtbot, window):
    m = window.document.matrix
    settle(qtbot, window)
    qtbot.wait(20)
    spy = PaintSpy(window.grid.viewport())
    rows = PaintSpy(window.grid.row_header.viewport())
    frontend, sponsor = find(m.deliverables, "Frontend"), find(m.roles, "Sponsor")
    window.document.apply(SetCells.one(frontend, sponsor, "A"))  # Frontend now has two A
    qtbot.waitUntil(lambda: spy.events > 0)
    qtbot.wait(20)
    painted = spy.region.boundingRect()
    row = cell_rect(window, "Frontend", "Sponsor")
    viewport = window.grid.viewport().rect()
    assert painted.top() >= cell_rect(window, "Build", "Sponsor").top()  # the group roll-up
    assert painted.bottom() == row.bottom()  # nothing below the row
    assert painted.height() < viewport.height() / 2
    assert count_near(image(window), row, QColor(SEVERITY_COLORS["error"])) > 10
    header = window.grid.row_header
    frontend_top = header.sectionViewportPosition(window.grid.matrix_model.row_of(frontend))
    assert rows.region.boundingRect().bottom() < frontend_top + header.sectionSize(0) + 1
    assert rows.region.boundingRect().height() < header.viewport().height() / 2


def test_a_palette_change_repaints_in_the_new_colours(qtbot, window):
    settle(qtbot, window)
    rect = cell_rect(window, "Wireframes", "Designer")
    scheme = window.document.matrix.scheme
    dark = QPalette(window.grid.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    window.grid.setPalette(dark)
    img = image(window)
    assert near(
        img.pixelColor(rect.left() + 3, rect.center().y()), code_fill(scheme.code("R").color, True)
    )


def test_zoom_repaints_cells_at_the_new_size(qtbot, window):
    settle(qtbot, window)
    window.actions["view.zoom_in"].trigger()
    window.actions["view.zoom_in"].trigger()
    rect = cell_rect(window, "Wireframes", "Designer")
    img = image(window)
    fill = code_fill(window.document.matrix.scheme.code("R").color, dark=False)
    assert near(img.pixelColor(rect.left() + 3, rect.center().y()), fill)
    assert near(img.pixelColor(rect.right() - 3, rect.bottom() - 3), fill)


def test_the_view_by_person_paints_the_codes_people_hold(qtbot, window):
    settle(qtbot, window)
    window.actions["view.by_person"].setChecked(True)
    m = window.document.matrix
    model = window.grid.matrix_model
    backend = find(m.deliverables, "Backend")
    ada = find(m.people, "Ada")
    rect = window.grid.visualRect(model.index_of(backend, ada))  # Ada: A as sponsor and as PM
    img = image(window)
    fill = code_fill(m.scheme.code("A").color, dark=False)
    assert count_near(img, rect, fill, 12) > rect.width() * rect.height() / 3
    assert count_near(img, rect, QColor(SEVERITY_COLORS["error"])) > 10


def test_role_columns_are_wide_enough_for_their_names(qtbot, window):
    header = window.grid.role_header
    font = QFont(header.font())
    font.setBold(True)
    fm = QFontMetrics(font)
    for i, role in enumerate(window.grid.matrix_model.columns):
        shown = _elide_two_lines(fm, role.name, header.sectionSize(i) - 4)
        assert "…" not in shown, role.name
    window.actions["view.rotate_names"].setChecked(True)
    narrow = {header.sectionSize(i) for i in range(header.count())}
    assert len(narrow) == 1 and max(narrow) < 40


def drag(qtbot, widget, start: QPoint, end: QPoint) -> None:
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(widget, start + (end - start) * step / 5)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)


def test_press_and_drag_a_row_name_moves_it_without_selecting_it_first(qtbot, window):
    m = window.document.matrix
    grid = window.grid
    header = grid.row_header
    model = grid.matrix_model
    backend = find(m.deliverables, "Backend")
    wireframes = find(m.deliverables, "Wireframes")
    grid.clearSelection()
    source = model.row_of(backend)
    target = model.row_of(wireframes)

    def centre(row):
        return QPoint(header.width() // 2, header.sectionViewportPosition(row) + 5)

    drag(qtbot, header.viewport(), centre(source), centre(target))
    assert backend.parent is find(m.groups, "Design")
    window.document.undo_stack.undo()
    assert backend.parent is find(m.groups, "Build")


def test_a_click_on_a_row_name_still_selects_the_row(qtbot, window):
    grid = window.grid
    header = grid.row_header
    row = grid.matrix_model.row_of(find(window.document.matrix.deliverables, "Frontend"))
    point = QPoint(header.width() // 2, header.sectionViewportPosition(row) + 5)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert grid.selectionModel().isRowSelected(row)
    assert window.document.undo_stack.count() == 0


def test_press_and_drag_a_role_name_moves_the_role(qtbot, window):
    m = window.document.matrix
    header = window.grid.role_header
    designer = find(m.roles, "Designer")
    developer = find(m.roles, "Developer")
    model = window.grid.matrix_model

    def centre(col):
        return QPoint(
            header.sectionViewportPosition(col) + header.sectionSize(col) // 2,
            header.height() - 8,
        )

    drag(
        qtbot,
        header.viewport(),
        centre(model.column_of(developer)),
        centre(model.column_of(designer)),
    )
    assert m.role_index(developer) < m.role_index(designer)


def test_dragging_a_column_edge_resizes_it_and_moves_nothing(qtbot, window):
    m = window.document.matrix
    header = window.grid.role_header
    col = window.grid.matrix_model.column_of(find(m.roles, "Designer"))
    before = header.sectionSize(col)
    edge = header.sectionViewportPosition(col) + before - 1
    order = list(m.roles)
    drag(
        qtbot,
        header.viewport(),
        QPoint(edge, header.height() - 8),
        QPoint(edge + 30, header.height() - 8),
    )
    assert list(m.roles) == order
    assert header.sectionSize(col) > before


def test_the_delegate_paints_a_cell_as_the_grid_does(qtbot, window):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    settle(qtbot, window)
    grid = window.grid
    rect = cell_rect(window, "Backend", "Sponsor")  # A, with the error of two A
    shown = image(window).copy(rect)
    picture = QImage(rect.size(), QImage.Format.Format_ARGB32_Premultiplied)
    picture.fill(grid.palette().color(QPalette.ColorRole.Base))
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, rect.width(), rect.height())
    option.state = QStyle.StateFlag.State_Enabled
    painter = QPainter(picture)
    grid.itemDelegate().paint(painter, option, grid.indexAt(rect.center()))
    painter.end()
    assert picture.pixelColor(3, rect.height() // 2) == shown.pixelColor(3, rect.height() // 2)
    error = QColor(SEVERITY_COLORS["error"])
    assert count_near(picture, option.rect, error) == count_near(shown, option.rect, error)


def test_a_code_the_scheme_lacks_is_hatched_and_flagged(qtbot, window):
    m = window.document.matrix
    settle(qtbot, window)
    wireframes, sponsor = find(m.deliverables, "Wireframes"), find(m.roles, "Sponsor")
    window.document.apply(SetCells.one(wireframes, sponsor, "Z"))
    assert m.code(wireframes, sponsor) == "Z"
    rect = cell_rect(window, "Wireframes", "Sponsor")
    img = image(window)
    hatch = count_near(img, rect, QColor("#D55E00"), 40)  # hatching and the error mark
    assert hatch > 30
    base = window.grid.palette().color(QPalette.ColorRole.Base)
    assert count_near(img, rect, base, 10) > 30  # between the hatch lines


def test_a_renamed_or_new_role_gets_a_column_wide_enough_for_its_name(qtbot, window):
    from ramdesk.model import InsertRole, Role, SetField

    m = window.document.matrix
    header = window.grid.role_header
    model = window.grid.matrix_model
    tester = find(m.roles, "Developer")
    narrow = header.sectionSize(model.column_of(tester))
    window.document.apply(SetField(tester, "name", "Integration engineer"))
    assert header.sectionSize(model.column_of(tester)) > narrow
    window.document.apply(InsertRole(Role("Release manager"), 1))
    assert header.sectionSize(1) > header.defaultSectionSize()
    font = QFont(header.font())
    font.setBold(True)
    fm = QFontMetrics(font)
    for role in (tester, m.roles[1]):
        width = header.sectionSize(model.column_of(role))
        assert "…" not in _elide_two_lines(fm, role.name, width - 4), role.name
