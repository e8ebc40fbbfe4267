"""Clipboard text as spreadsheets write it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ramdesk.ui.tsv import parse_tsv, to_tsv


def test_plain_block():
    assert parse_tsv("A\tR\nC\t\n") == [["A", "R"], ["C", ""]]


def test_windows_line_ends_and_ragged_rows_are_padded():
    assert parse_tsv("A\r\nR\tI\r\n") == [["A", ""], ["R", "I"]]


def test_excel_quoting_keeps_tabs_newlines_and_quotes():
    text = '"two\nlines"\t"say ""hi"""\n'
    assert parse_tsv(text) == [["two\nlines", 'say "hi"']]


def test_empty_text():
    assert parse_tsv("") == []


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@given(st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=5))
def test_round_trip(rows):
    assert parse_tsv(to_tsv(rows)) == rows
