"""Helpers for the tests that drive the real window (tests/ui/test_window_flows*.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from .conftest import find

V = Qt.Orientation.Vertical


def record_message_boxes(monkeypatch) -> list[tuple[str, str]]:
    """Every message box answers at once and is recorded, so no test waits for a click."""
    shown: list[tuple[str, str]] = []

    def record(kind, answer):
        def box(_parent, title, text, *_a, **_k):
            shown.append((kind, f"{title}: {text}"))
            return answer

        return box

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, record(kind, QMessageBox.StandardButton.Ok))
    return shown


def go(window, row_name, role_name):
    """Put the cursor on a cell, as a click would."""
    m = window.document.matrix
    assert window.grid.select_cell(find(m.rows, row_name), find(m.roles, role_name))
    window.grid.setFocus()


def code(window, row_name, role_name):
    m = window.document.matrix
    return m.code(find(m.deliverables, row_name), find(m.roles, role_name))


def shown_rows(window):
    model = window.grid.matrix_model
    return [model.headerData(i, V) for i in range(model.rowCount())]


def listed_problems(window):
    """What the Problems dock lists: (severity word, message) per row."""
    model = window.problems_panel.view.model()
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]
