"""Pages on paper sizes, and `export_pdf`: the same printout written headless."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter

from ramdesk.io.atomic import atomic_path
from ramdesk.io.errors import WriteError
from ramdesk.model import Matrix
from ramdesk.rules import Problem

from .layout import Plan, plan
from .measure import Metrics
from .options import PrintOptions
from .paint import render

_app: QGuiApplication | None = None


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a headless one for painting (the command line)."""
    global _app
    app = QGuiApplication.instance()
    if app is None:
        headless = sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        )
        if headless:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # A QApplication, not a bare QGuiApplication: a caller that opens a window later in
        # the same process (or a test run) would otherwise abort.
        from PySide6.QtWidgets import QApplication

        _app = app = QApplication(["ramdesk"])
    return app  # type: ignore[return-value]


def page_size(name: str) -> QPageSize:
    """A paper size by its usual name ("A4", "Letter"); A4 when the name is unknown."""
    wanted = name.strip().casefold()
    for size_id in QPageSize.PageSizeId:
        if size_id == QPageSize.PageSizeId.Custom:
            continue
        if QPageSize.key(size_id).casefold() == wanted or size_id.name.casefold() == wanted:
            return QPageSize(size_id)
    return QPageSize(QPageSize.PageSizeId.A4)


def page_layout(options: PrintOptions, orientation: str) -> QPageLayout:
    """The paper, orientation and margins of the options."""
    left, top, right, bottom = options.margins
    return QPageLayout(
        page_size(options.paper),
        QPageLayout.Orientation.Landscape
        if orientation == "landscape"
        else QPageLayout.Orientation.Portrait,
        QMarginsF(left, top, right, bottom),
        QPageLayout.Unit.Millimeter,
    )


def paint_area(layout: QPageLayout) -> tuple[float, float]:
    """Width and height in points inside the margins."""
    rect = layout.paintRect(QPageLayout.Unit.Point)
    return rect.width(), rect.height()


def make_plan(
    matrix: Matrix,
    options: PrintOptions,
    layout: QPageLayout | None = None,
    problems: list[Problem] | None = None,
    file_name: str = "",
) -> tuple[Plan, QPageLayout]:
    """Plan the printout; with no layout given, the options choose paper and orientation
    ("auto" is landscape when the matrix is wider than a portrait page)."""
    ensure_app()
    metrics = Metrics()
    need = options.mark_problems or options.problems_summary or options.problem_rows
    if problems is None and need:
        problems = matrix.checker().all()
    file_name = file_name or _source_name(matrix)
    if layout is None:
        orientation = options.orientation
        if orientation == "auto":
            orientation = "portrait"
            layout = page_layout(options, "portrait")
            w, h = paint_area(layout)
            first = plan(matrix, options, w, h, problems or [], metrics, file_name)
            wide = first.grid is not None and (
                first.grid.width * first.scale > w * 1.001 or first.pages_across > 1
            )
            if not wide:
                return first, layout
            orientation = "landscape"
        layout = page_layout(options, orientation)
    w, h = paint_area(layout)
    return plan(matrix, options, w, h, problems or [], metrics, file_name), layout


def _source_name(matrix: Matrix) -> str:
    source: Any = matrix.source
    source = getattr(source, "path", source)
    if isinstance(source, (str, Path)) and str(source):
        return Path(source).name
    return ""


def write_pdf(plan_: Plan, layout: QPageLayout, path: str | Path) -> int:
    """Paint a plan into a PDF file, atomically; returns the page count."""
    target = Path(path)
    with atomic_path(target) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setPageLayout(layout)
        writer.setResolution(1200)
        writer.setTitle(plan_.title)
        writer.setCreator("ramdesk")
        try:
            count = render(writer, plan_)
        except OSError as exc:
            raise WriteError(target, f"could not be written: {exc}") from exc
        finally:
            del writer
    return count


def export_pdf(
    matrix: Matrix,
    path: str | Path,
    options: PrintOptions | None = None,
    *,
    problems: list[Problem] | None = None,
    file_name: str = "",
    **overrides: Any,
) -> int:
    """Write the matrix (or its cards) as a PDF; returns the number of pages.

    Keyword overrides: `fit_width=True`, `pages_wide=N`, `scale=0.8`, `person="Name"`,
    `role="Name"`, `cards=True` (or "roles"), and any PrintOptions field. A person or role
    not in the matrix raises `UnknownSubject` (a ValueError whose str() is for the user); a file
    that cannot be written raises `WriteError`.
    """
    options = (options or PrintOptions()).with_overrides(**overrides)
    plan_, layout = make_plan(matrix, options, problems=problems, file_name=file_name)
    return write_pdf(plan_, layout, path)


def custom_size(width_mm: float, height_mm: float) -> QPageSize:
    """A paper size by its dimensions (for plotters and odd paper)."""
    return QPageSize(QSizeF(width_mm, height_mm), QPageSize.Unit.Millimeter)
