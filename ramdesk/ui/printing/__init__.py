"""Printing: preview, printer and PDF from one paint routine; wide matrices split readably;
responsibility cards."""

from __future__ import annotations

from .content import Card, UnknownSubject, build_card
from .export import export_pdf, make_plan, page_layout, write_pdf
from .layout import Plan
from .options import PrintOptions

__all__ = [
    "Card",
    "Plan",
    "PrintOptions",
    "UnknownSubject",
    "build_card",
    "export_pdf",
    "export_pdf_dialog",
    "make_plan",
    "page_layout",
    "page_setup",
    "print_document",
    "show_print_preview",
    "write_pdf",
]


def __getattr__(name: str):
    # The dialogs need QtWidgets; the command line only paints PDFs and should not load them.
    if name in ("show_print_preview", "print_document", "export_pdf_dialog", "page_setup"):
        from . import dialogs

        return getattr(dialogs, name)
    raise AttributeError(name)
