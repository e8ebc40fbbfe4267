"""Fixtures for the editor tests: a small matrix with known problems, a window on tmp settings."""

from __future__ import annotations

import pytest

from ramdesk.model import Deliverable, Group, Matrix, Person, Role, RoleGroup


def small_matrix() -> Matrix:
    """Two groups, four deliverables, four roles in two bands, three people; known conflicts."""
    m = Matrix("Website relaunch")
    design, build = Group("Design"), Group("Build")
    m.load_row(design)
    m.load_row(build)
    rows = [Deliverable(n) for n in ("Wireframes", "Visual design", "Frontend", "Backend")]
    m.load_row(rows[0], design)
    m.load_row(rows[1], design)
    m.load_row(rows[2], build)
    m.load_row(rows[3], build)
    lead, team = RoleGroup("Leads"), RoleGroup("Team")
    roles = [
        Role("Sponsor", group=lead),
        Role("Project manager", group=lead),
        Role("Designer", group=team),
        Role("Developer", group=team),
    ]
    for r in roles:
        m.load_role(r)
    sponsor, pm, designer, dev = roles
    m.load_person(Person("Ada"), [sponsor, pm])  # Ada is A twice on "Backend" below
    m.load_person(Person("Bo"), [designer])
    m.load_person(Person("Cy"), [dev])
    m.load_cells(
        [
            (rows[0], pm, "A"),
            (rows[0], designer, "R"),
            (rows[1], pm, "A"),
            (rows[1], designer, "R"),
            (rows[1], dev, "C"),
            (rows[2], pm, "A"),
            (rows[2], dev, "R"),
            (rows[3], sponsor, "A"),
            (rows[3], pm, "A"),
            (rows[3], dev, "R"),
        ]
    )
    return m


@pytest.fixture
def matrix() -> Matrix:
    return small_matrix()


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings, matrix):
    """The real main window on the small matrix, with settings in a tmp INI file."""
    from ramdesk.ui.app import create_window

    win = create_window(settings, matrix=matrix)
    # Closing must not stop to ask about unsaved changes (pytest-qt closes it before teardown).
    qtbot.addWidget(win, before_close_func=lambda w: w.document.undo_stack.setClean())
    win.show()
    qtbot.waitExposed(win)
    return win


def find(items, name):
    """The item called `name` (tests name things uniquely)."""
    return next(i for i in items if i.name == name)
