"""What row planning records for each task row (read in bulk, from each row's distinct texts and
the sheet's column counts) equals reading every cell of the row one by one."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ramdesk.io.importer import detect
from ramdesk.io.importer.tokens import Vocabulary, clean_text

from . import fixtures_import as fx


def stored(vocab: Vocabulary, text: str) -> str:
    parsed = vocab.parse(text.strip())
    return clean_text(text) if parsed is None else "/".join(parsed)


def vocabulary(detection, candidate) -> Vocabulary:
    legend = detection.legends.get(candidate.sheet)
    entries = legend.entries if legend else {}
    if not entries:
        entries = next((g.entries for g in detection.legends.values() if g), {})
    return Vocabulary(entries)


@pytest.mark.parametrize(
    "make",
    [
        fx.clean_baseline,
        fx.band_below_and_legend_above,
        fx.styled_groups,
        fx.repeated_header_blocks,
        fx.continued_task,
        fx.spellings,
        fx.legend_beside_paris,
        fx.custom_legend,
        fx.csv_sections,
        fx.phase_filled_down,
        fx.marked_codes,
    ],
    ids=lambda f: f.__name__,
)
def test_planned_cells_and_code_counts_equal_reading_every_cell(tmp_path: Path, make) -> None:
    path = make(tmp_path)[0]
    detection = detect(path)
    for candidate in detection.candidates:
        lay = candidate.layout
        if lay.code_columns:
            continue
        grid = detection.grid(candidate.sheet)
        legend = detection.legends.get(candidate.sheet)
        hidden = legend.cells if legend else set()
        vocab = vocabulary(detection, candidate)
        for p in lay.plan:
            if p.kind != "deliverable" or p.row in p.continued:
                continue
            expected = {
                c: t
                for c in lay.role_columns
                if (p.row, c) not in hidden and (t := stored(vocab, grid.value(p.row, c)))
            }
            assert dict(p.cells.items()) == expected, p
            assert dict(p.cells) == expected and len(p.cells) == len(expected)
        # The codes and unknown texts, counted cell by cell over the matrix's rows (repeated
        # headers and legend cells left out), are what the layout says.
        repeated = {
            int(re.sub(r"\D", "", s.ref)) - 1 for s in lay.skipped if s.reason == "header repeated"
        }
        seen: Counter[str] = Counter(
            grid.value(r, c)
            for r in range(lay.first_row, lay.last_row + 1)
            if r not in repeated
            for c in lay.role_columns
            if (r, c) not in hidden and grid.value(r, c)
        )
        used: Counter[str] = Counter()
        unknown = codes = 0
        for text, n in seen.items():
            parsed = vocab.parse(text.strip())
            if parsed is None:
                unknown += n
                continue
            codes += n * len(parsed)
            for letter in parsed:
                used[letter] += n
        assert (lay.used, lay.codes, lay.unknown_cells) == (used, codes, unknown)
