"""`ramdesk export` and `ramdesk example`: write a matrix in the format OUT's suffix names."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EXIT_OK, CommandError
from .opening import EXAMPLE, Opened, open_matrix

if TYPE_CHECKING:
    from ramdesk.model import Matrix

#: What each suffix writes.
FORMATS = {
    ".xlsx": "ramdesk's workbook",
    ".csv": "the grid as a spreadsheet shows it",
    ".pdf": "the printout",
    ".json": "ramdesk's matrix data",
}
_PDF_OPTIONS = ("fit_width", "pages_wide", "person", "role", "cards", "paper", "orientation")


def run_export(options: argparse.Namespace) -> int:
    """Read FILE (or take the example) and write OUT and/or the assignments."""
    source = getattr(options, "file", EXAMPLE)
    out = Path(options.out) if options.out else None
    assignments = Path(options.assignments) if options.assignments else None
    _check_arguments(options, out, assignments)
    opened = open_matrix(source, getattr(options, "sheet", None))
    for target in (out, assignments):
        if target is not None and not options.force:
            _refuse_overwriting_the_input(opened, target)
    if out is not None:
        pages = write(opened.matrix, out, options, file_name=_file_name(opened))
        _done(
            out, opened, f"the printout, {pages} page{'s' if pages != 1 else ''}" if pages else ""
        )
    if assignments is not None:
        write_assignments(opened.matrix, assignments)
        _done(assignments, opened, "its assignments")
    return EXIT_OK


def _check_arguments(
    options: argparse.Namespace, out: Path | None, assignments: Path | None
) -> None:
    """Mistakes in the command line, said before anything is read."""
    if out is None and assignments is None:
        raise CommandError("say where to write: give OUT, or --assignments OUT.csv (see --help)")
    for target in (out, assignments):
        if target is not None and target.is_dir():
            raise CommandError(f"{target}: is a folder; give a file name to write")
    if out is not None:
        suffix = out.suffix.lower()
        if suffix not in FORMATS:
            known = ", ".join(FORMATS)
            if out.suffix:
                raise CommandError(f"{out}: cannot export to “{out.suffix}”; use {known}")
            raise CommandError(f"{out}: has no suffix to say the format; end it in {known}")
        pdf_only = [f"--{name.replace('_', '-')}" for name in _PDF_OPTIONS if _given(options, name)]
        if options.problems:
            pdf_only.append("--problems")
        if suffix != ".pdf" and pdf_only:
            verb = "applies" if len(pdf_only) == 1 else "apply"
            raise CommandError(f"{' and '.join(pdf_only)} only {verb} when OUT ends in .pdf")
    if assignments is not None and assignments.suffix.lower() != ".csv":
        raise CommandError(f"{assignments}: the assignments are written as CSV; end it in .csv")
    if out is not None and assignments is not None and _same(out, assignments):
        raise CommandError(f"{out}: OUT and --assignments name the same file")


def _given(options: argparse.Namespace, name: str) -> bool:
    value = getattr(options, name, None)
    return value not in (None, False)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _refuse_overwriting_the_input(opened: Opened, target: Path) -> None:
    if opened.path is None or not target.exists():
        return
    try:
        same = os.path.samefile(opened.path, target)
    except OSError:
        same = False
    if same:
        raise CommandError(
            f"{target}: is the file being read; write to another name (or add --force to "
            "replace it)"
        )


def _done(target: Path, opened: Opened, what: str = "") -> None:
    subject = what or FORMATS.get(target.suffix.lower(), "the matrix")
    print(f"{target}: written ({subject}, from {opened.label})", file=sys.stderr)


# ---------------------------------------------------------------------------- writers
def write(
    matrix: Matrix, out: Path, options: argparse.Namespace | None = None, file_name: str = ""
) -> int | None:
    """Write the matrix to `out` in the format its suffix names; a PDF's page count."""
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        overrides = _pdf_overrides(options) if options is not None else {}
        return write_pdf(matrix, out, overrides, file_name)
    if suffix == ".json":
        write_data(matrix, out)
    else:
        _save(matrix, out, "ramdesk" if suffix == ".xlsx" else None)
    return None


def _file_name(opened: Opened) -> str:
    return opened.path.name if opened.path is not None else ""


def _save(matrix: Matrix, out: Path, layout: str | None) -> None:
    from ramdesk.io.errors import FileProblem

    try:
        from ramdesk.io import save
    except ImportError as exc:
        raise CommandError(
            f"{out}: cannot be written: this installation of ramdesk has no workbook writer ({exc})"
        ) from exc
    try:
        save(matrix, out, layout=layout)
    except FileProblem as exc:
        raise CommandError(f"{out}: {exc.problem}") from exc
    except OSError as exc:
        raise CommandError(f"{out}: could not be written: {exc.strerror or exc}") from exc


def write_data(matrix: Matrix, out: Path) -> None:
    """ramdesk's matrix data as JSON (what `ramdesk.model.serialize.to_data` gives)."""
    from ramdesk.model.serialize import to_data

    text = json.dumps(to_data(matrix), ensure_ascii=False, indent=1) + "\n"
    _write_text(out, text)


def write_assignments(matrix: Matrix, out: Path) -> None:
    """The long form `group,deliverable,role,code` (the samples' .expected.csv format)."""
    from ramdesk.io.csv_out import write_assignments_csv
    from ramdesk.io.errors import FileProblem

    try:
        write_assignments_csv(matrix, out)
    except FileProblem as exc:
        raise CommandError(f"{out}: {exc.problem}") from exc
    except OSError as exc:
        raise CommandError(f"{out}: could not be written: {exc.strerror or exc}") from exc


def _write_text(out: Path, text: str) -> None:
    from ramdesk.io.atomic import atomic_path
    from ramdesk.io.errors import FileProblem

    try:
        with atomic_path(out) as tmp:
            tmp.write_text(text, encoding="utf-8", newline="")
    except FileProblem as exc:
        raise CommandError(f"{out}: {exc.problem}") from exc
    except OSError as exc:
        raise CommandError(f"{out}: could not be written: {exc.strerror or exc}") from exc


# ---------------------------------------------------------------------------- PDF
def _pdf_overrides(options: argparse.Namespace) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for name in _PDF_OPTIONS:
        if _given(options, name):
            overrides[name] = getattr(options, name)
    if getattr(options, "problems", False):
        overrides["problems_summary"] = True
    return overrides


def write_pdf(matrix: Matrix, out: Path, overrides: dict[str, Any], file_name: str = "") -> int:
    """Paint the printout headless (Qt draws it; no window opens)."""
    _check_subject(matrix, overrides)
    from .qt import ensure_gui_application

    ensure_gui_application(f"{out}: cannot paint the PDF")
    try:
        from ramdesk.ui.printing import export_pdf
    except ImportError as exc:
        raise CommandError(
            f"{out}: cannot paint the PDF: printing is not available in this installation ({exc})"
        ) from exc
    from ramdesk.io.errors import FileProblem

    try:
        pages = export_pdf(matrix, out, file_name=file_name, **overrides)
    except FileProblem as exc:
        raise CommandError(f"{out}: {exc.problem}") from exc
    except (ValueError, TypeError, LookupError) as exc:
        raise CommandError(f"{out}: cannot paint the PDF: {exc}") from exc
    except OSError as exc:
        raise CommandError(f"{out}: could not be written: {exc.strerror or exc}") from exc
    return int(pages) if isinstance(pages, int) else 0


def _check_subject(matrix: Matrix, overrides: dict[str, Any]) -> None:
    """--person and --role must name someone in the matrix; say who is there if not."""
    person = overrides.get("person")
    if person is not None:
        people = [p.name for p in matrix.people]
        people += [r.name for r in matrix.roles if r.is_person]
        if person not in people:
            hint = _suggest(person, people, "people")
            if any(r.name == person for r in matrix.roles):
                hint = f"“{person}” is a role: use --role"
            raise CommandError(f"no person called “{person}” in the matrix ({hint})")
    role = overrides.get("role")
    if role is not None:
        roles = [r.name for r in matrix.roles]
        if role not in roles:
            raise CommandError(
                f"no role called “{role}” in the matrix ({_suggest(role, roles, 'roles')})"
            )


def _suggest(name: str, names: list[str], what: str) -> str:
    if not names:
        return f"it has no {what}"
    folded = {n.casefold(): n for n in names}
    if name.casefold() in folded:
        return f"did you mean “{folded[name.casefold()]}”?"
    containing = [n for n in names if name.casefold() in n.casefold()]
    if len(containing) == 1:
        return f"did you mean “{containing[0]}”?"
    import difflib

    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    if close:
        return f"did you mean “{close[0]}”?"
    shown = ", ".join(names[:8]) + (" ..." if len(names) > 8 else "")
    return f"{what}: {shown}"
