"""The command line: `ramdesk check|info|export|example`, or the editor when no sub-command is given.

Only argparse is imported up front: `ramdesk --version` and `--help` must not pay for networkx,
openpyxl or Qt. Each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from .errors import EXIT_ERRORS_FOUND, EXIT_FAILED, EXIT_OK, CommandError

__all__ = ["EXIT_ERRORS_FOUND", "EXIT_FAILED", "EXIT_OK", "build_parser", "main"]

PROG = "ramdesk"
COMMANDS = ("check", "info", "export", "example")
PDF_PAPERS = ("A4", "A3", "A5", "Letter", "Legal", "Tabloid")
_SUBPARSERS: dict[str, argparse.ArgumentParser] = {}

DESCRIPTION = """\
ramdesk edits responsibility assignment matrices (RACI, RASCI, RACI-VS, PARIS, DACI, RAPID ...).

With no command, or with files only, it starts the editor. The commands work on ramdesk's
workbook, on most spreadsheets holding a matrix (.xlsx, .xlsm, .ods, .xls, .csv), on ramdesk's
matrix data (.json), and on the built-in example (write "example" in place of FILE).
"""

EPILOG = """\
exit status: 0 done (check: no errors), 1 check found errors, 2 a file could not be read or
written, or the command line was wrong.

examples:
  ramdesk                           start the editor
  ramdesk plan.xlsx                 open a matrix in the editor
  ramdesk check plan.xlsx           list the problems of a matrix
  ramdesk check shared/*.xlsx       check many matrices (e.g. in CI)
  ramdesk info example              what the built-in example holds
  ramdesk export plan.xlsx plan.pdf --pages-wide 2
"""


def _version() -> str:
    from ramdesk import __version__

    return __version__


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the main help's examples as written."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)


class _Wrapping(argparse.HelpFormatter):
    """Wraps the sub-commands' prose to the terminal."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (the editor's file arguments are handled before it)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=_Wrapping,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help="show the version"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    _SUBPARSERS.clear()

    sheet_help = "the sheet to read from a workbook (default: the one holding the matrix)"

    check = commands.add_parser(
        "check",
        help="list the problems of matrices (exit 1 when one has an error)",
        description="List the problems the checks find, most serious first, grouped by where "
        "they are; then counts and the matrix's health (the share of deliverables with a code "
        "and no error). Exit 0 when no problem is an error, 1 when one is, 2 when a file cannot "
        "be read.",
        formatter_class=_Wrapping,
    )
    check.add_argument("files", nargs="+", metavar="FILE", help='a matrix file, or "example"')
    check.add_argument("--json", action="store_true", help="print a JSON list for programs")
    check.add_argument("--sheet", metavar="NAME", help=sheet_help)
    check.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        default="error",
        help="exit 1 when a problem is at least this serious (default: error)",
    )
    shown = check.add_mutually_exclusive_group()
    shown.add_argument(
        "--brief", action="store_true", help="only what is wrong, without how to fix it"
    )
    shown.add_argument(
        "--summary",
        action="store_true",
        help="one line per file: counts and health (for checking many files)",
    )

    info = commands.add_parser(
        "info",
        help="what a matrix holds: counts, scheme, codes, health",
        description="Show what a matrix holds: the sheet it was read from, its scheme, counts "
        "of deliverables, groups, roles, role groups and people, how often each code is used, "
        "the problems found and the health.",
        formatter_class=_Wrapping,
    )
    info.add_argument("files", nargs="+", metavar="FILE", help='a matrix file, or "example"')
    info.add_argument("--json", action="store_true", help="print JSON for programs")
    info.add_argument("--sheet", metavar="NAME", help=sheet_help)

    export = commands.add_parser(
        "export",
        help="write a matrix as a workbook, CSV, PDF or JSON",
        description="Write a matrix to OUT, in the format its suffix names: .xlsx (ramdesk's "
        "workbook, which opens in Excel and LibreOffice), .csv (the grid as a spreadsheet shows "
        "it), .pdf (the printout), .json (ramdesk's matrix data). --assignments writes one row "
        "per code instead: group,deliverable,role,code.",
        formatter_class=_Wrapping,
    )
    _export_arguments(export, sheet_help, with_input=True)

    example = commands.add_parser(
        "example",
        help="write the built-in example matrix to a file",
        description="Write the built-in example (an infrastructure programme, with a few "
        "conflicts for the checks to find) to OUT: .xlsx, .csv, .pdf or .json.",
        formatter_class=_Wrapping,
    )
    _export_arguments(example, sheet_help, with_input=False)
    _SUBPARSERS.update(check=check, info=info, export=export, example=example)
    return parser


def _export_arguments(
    parser: argparse.ArgumentParser, sheet_help: str, *, with_input: bool
) -> None:
    if with_input:
        parser.add_argument("file", metavar="FILE", help='the matrix to read, or "example"')
        parser.add_argument("out", nargs="?", metavar="OUT", help="the file to write")
        parser.add_argument("--sheet", metavar="NAME", help=sheet_help)
    else:
        parser.add_argument("out", nargs="?", metavar="OUT", help="the file to write")
    parser.add_argument(
        "--assignments",
        metavar="OUT.csv",
        help="also (or only) write one row per code: group,deliverable,role,code",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace OUT even when it is the file being read"
    )
    pdf = parser.add_argument_group("PDF options (OUT ends in .pdf)")
    fit = pdf.add_mutually_exclusive_group()
    fit.add_argument("--fit-width", action="store_true", help="fit the matrix to the page width")
    fit.add_argument(
        "--pages-wide", type=_positive, metavar="N", help="spread the matrix over N pages across"
    )
    subset = pdf.add_mutually_exclusive_group()
    subset.add_argument("--person", metavar="NAME", help="only this person's responsibilities")
    subset.add_argument("--role", metavar="NAME", help="only this role's responsibilities")
    pdf.add_argument(
        "--cards",
        nargs="?",
        const="people",
        choices=("people", "roles"),
        help="responsibility cards, one page per person (or per role) instead of the matrix",
    )
    pdf.add_argument("--paper", choices=PDF_PAPERS, help="paper size (default A4)")
    pdf.add_argument(
        "--orientation",
        choices=("auto", "portrait", "landscape"),
        help="page orientation (default: landscape when the matrix is wide)",
    )
    pdf.add_argument(
        "--problems", action="store_true", help="add pages listing every problem after the matrix"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    _tolerate_odd_terminals()
    if not args or (args[0] not in COMMANDS and not args[0].startswith("-")):
        return _run(lambda: _editor(args))
    if args[0] == "--" and len(args) > 1:
        return _run(lambda: _editor(args[1:]))
    parser = build_parser()
    try:
        options, extra = parser.parse_known_args(args)
        if extra:
            # Say it with the sub-command's usage, which names the options it does take.
            command = _SUBPARSERS.get(getattr(options, "command", None) or "", parser)
            command.error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as stop:  # --help, --version, or a usage error (argparse printed it)
        return int(stop.code or 0) if not isinstance(stop.code, str) else EXIT_FAILED
    if options.command is None:
        return _run(lambda: _editor([]))
    return _run(lambda: _dispatch(options))


def _dispatch(options: argparse.Namespace) -> int:
    if options.command == "check":
        from .report import run_check

        return run_check(options)
    if options.command == "info":
        from .report import run_info

        return run_info(options)
    from .export import run_export

    return run_export(options)


def _editor(files: list[str]) -> int:
    from .editor import start_editor

    return start_editor(files)


def _run(command: Callable[[], int]) -> int:
    """Run a command; whatever goes wrong ends as one line on stderr, never a traceback."""
    try:
        return command()
    except CommandError as exc:
        _say(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`ramdesk check x.xlsx | head`): end quietly, with
        # the status a shell gives a process stopped by SIGPIPE.
        _silence_stdout()
        return 141
    except Exception as exc:  # a bug: still one line, with what it was, so it can be reported
        if os.environ.get("RAMDESK_DEBUG"):
            raise
        _say(f"unexpected problem: {_one_line(exc)} (set RAMDESK_DEBUG=1 to see the details)")
        return EXIT_FAILED


def _say(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


def _tolerate_odd_terminals() -> None:
    # Names and messages are Unicode; a console that cannot show a character shows "?" instead
    # of ending the command with an encoding error.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
