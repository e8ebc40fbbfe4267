"""The text of a cell: one or more codes written "A/R", kept as one interned string."""

from __future__ import annotations

import sys

SEPARATOR = "/"

_split_cache: dict[str, tuple[str, ...]] = {"": ()}


def split_codes(text: str) -> tuple[str, ...]:
    """The codes of a cell's canonical text ("A/R" -> ("A", "R")); cached, so cheap to call."""
    try:
        return _split_cache[text]
    except KeyError:
        pass
    codes = tuple(part for part in (p.strip() for p in text.split(SEPARATOR)) if part)
    if len(_split_cache) < 100_000:
        _split_cache[text] = codes
    return codes


def join_codes(codes) -> str:
    """The canonical text of a cell holding these codes, duplicates dropped, order kept."""
    seen: list[str] = []
    for code in codes:
        code = code.strip()
        if code and code not in seen:
            seen.append(code)
    return sys.intern(SEPARATOR.join(seen))


def normalize(text: str | None) -> str:
    """Canonical form of a code text typed or stored as "A/R", "a / r", "A, R" (not file parsing)."""
    if not text:
        return ""
    parts = text.replace(",", SEPARATOR).replace(";", SEPARATOR).split(SEPARATOR)
    return join_codes(p.strip() for p in parts)
