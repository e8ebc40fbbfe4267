"""Tab-separated text as Excel and LibreOffice put it on the clipboard (no Qt here)."""

from __future__ import annotations

from collections.abc import Sequence


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells; quoted cells may hold tabs, newlines and doubled quotes, as Excel writes."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    at_start = True
    while i < n:
        ch = text[i]
        if at_start and ch == '"':
            i += 1
            while i < n:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        cell.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                cell.append(text[i])
                i += 1
            at_start = False
            continue
        if ch == "\t":
            row.append("".join(cell))
            cell, at_start = [], True
        elif ch in "\r\n":
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            row.append("".join(cell))
            rows.append(row)
            row, cell, at_start = [], [], True
        else:
            cell.append(ch)
            at_start = False
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def to_tsv(rows: Sequence[Sequence[str]]) -> str:
    """Rows of cells as clipboard text, quoting cells that need it (so they paste back intact)."""
    out = []
    for row in rows:
        cells = []
        for cell in row:
            if any(c in cell for c in '\t\n\r"'):
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        out.append("\t".join(cells))
    return "\n".join(out) + "\n"
