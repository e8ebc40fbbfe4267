"""Exit statuses and the one error the commands raise: its text is the line the user reads."""

from __future__ import annotations

#: The command did what was asked (check: no problem at or above --fail-on).
EXIT_OK = 0
#: `check` found a problem at or above --fail-on (by default: an error).
EXIT_ERRORS_FOUND = 1
#: A file could not be read or written, or the command line was wrong.
EXIT_FAILED = 2


class CommandError(Exception):
    """A command cannot go on; `str()` is one sentence, already naming the file concerned."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(" ".join(message.split()))
        self.exit_code = exit_code
