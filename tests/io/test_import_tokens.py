"""Reading codes as people type them, and legends as people write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramdesk.io.importer.tokens import Vocabulary, clean_text, legend_entries


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("R", ("R",)),
        ("a", ("A",)),
        (" A ", ("A",)),
        ("A/R", ("A", "R")),
        ("R/A", ("R", "A")),
        ("RA", ("R", "A")),
        ("R, P", ("R", "P")),
        ("R et A", ("R", "A")),
        ("R and A", ("R", "A")),
        ("R (A) ", ("R", "A")),
        ("(R)", ("R",)),
        ("C /I", ("C", "I")),
        ("I  / R ", ("I", "R")),
        ("A-R", ("A", "R")),
        ("С", ("C",)),  # Cyrillic
        ("Responsible", ("R",)),
        ("Sign-off", ("S",)),
        ("informed", ("I",)),
        ("N", ()),
        ("-", ()),
        ("n/a", ()),
        ("", ()),
        ("x", ("X",)),
        # a dropdown list's entries, the code spelled out with its meaning
        ("R - Responsible", ("R",)),
        ("A: Accountable", ("A",)),
        ("C = Consulted", ("C",)),
        ("I – Informed", ("I",)),
        ("A/R - Accountable and Responsible", ("A", "R")),
        ("R: Resp.", ("R",)),
        ("R - A", ("R", "A")),  # two codes, not a code and its meaning
    ],
)
def test_spellings(text: str, codes: tuple[str, ...]) -> None:
    assert Vocabulary().parse(text) == codes


@pytest.mark.parametrize(
    "text",
    [
        "Project Manager",
        "Responsible (Performs the work)",
        "OPS",
        "Re-do",
        "3.10",
        "A*",
        "R - see note",  # a meaning that does not name the code
        "Approve - budget",
    ],
)
def test_text_that_is_not_codes(text: str) -> None:
    assert Vocabulary().parse(text) is None


def test_a_legend_makes_its_letters_codes() -> None:
    vocab = Vocabulary({"N": "Notified", "W": "Works on it"})
    assert vocab.parse("N") == ("N",)  # no longer "nobody"
    assert vocab.parse("Works on it") == ("W",)
    assert vocab.parse("NW") == ("N", "W")


@given(
    st.lists(st.sampled_from("RACIS"), min_size=1, max_size=3, unique=True),
    st.sampled_from(["/", ",", " / ", ", ", " et ", " and ", "+", " & ", ";"]),
    st.booleans(),
)
def test_compounds_with_any_separator(letters: list[str], sep: str, lower: bool) -> None:
    text = sep.join(x.lower() if lower else x for x in letters)
    assert Vocabulary().parse(f" {text} ") == tuple(letters)


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("R: Responsible", [("R", "Responsible")]),
        ("A = Accountable", [("A", "Accountable")]),
        ("P: Primary S: Support", [("P", "Primary"), ("S", "Support")]),
        ("C - Consulted before sign-off", [("C", "Consulted before sign-off")]),
        ("Team Name: Team3", []),
        ("Responsible - Who performs the task", []),
        ("Legend: X = Responsible, A = Accountable", [("X", "Responsible"), ("A", "Accountable")]),
        ("Key - R: Responsible; A: Accountable", [("R", "Responsible"), ("A", "Accountable")]),
        ("Key: see the second sheet", []),
        ("Keynote: R = x", []),
    ],
)
def test_legend_entries(text: str, entries: list[tuple[str, str]]) -> None:
    assert legend_entries(text) == entries


def test_names_are_trimmed_and_collapsed() -> None:
    assert clean_text("  Dev\nLead\u00a0 (ops)\t") == "Dev Lead (ops)"
