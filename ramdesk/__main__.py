"""`ramdesk` and `python -m ramdesk`: the command line, or the editor when no sub-command is given."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from ramdesk.cli import main as cli_main

    return cli_main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
