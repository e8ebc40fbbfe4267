"""Schemes are data: built-ins load and round-trip; custom schemes are checked for sense."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ramdesk.model import (
    BUILTIN_SCHEMES,
    RACI,
    Code,
    Limit,
    Matrix,
    RuleSettings,
    Scheme,
    SchemeError,
    builtin_scheme,
)

from .random_edits import custom_schemes

EXPECTED = {
    "raci": "RACI",
    "rasci": "RASCI",
    "raci-vs": "RACI-VS",
    "raciq": "RACIQ",
    "cairo": "CAIRO",
    "paris": "PARIS",
    "pacsi": "PACSI",
    "daci": "DACI",
    "rapid": "RAPID",
    "drasci": "DRASCI",
    "primary-support": "Primary/Support",
}


def test_every_scheme_the_guide_names_is_built_in() -> None:
    assert {s.key: s.name for s in BUILTIN_SCHEMES} == EXPECTED


@pytest.mark.parametrize("scheme", BUILTIN_SCHEMES, ids=lambda s: s.key)
def test_builtin_scheme_round_trips_through_plain_data(scheme: Scheme) -> None:
    data = json.loads(json.dumps(scheme.to_dict()))
    assert Scheme.from_dict(data) == scheme
    assert builtin_scheme(scheme.key) is scheme
    assert scheme.builtin


@pytest.mark.parametrize("scheme", BUILTIN_SCHEMES, ids=lambda s: s.key)
def test_builtin_scheme_is_usable(scheme: Scheme) -> None:
    for code in scheme.codes:
        assert code.name and code.description and code.color.startswith("#")
        assert scheme.code(code.letter) is code
    # every built-in says who does or decides, so the checks have something to hold on to
    assert scheme.letters_of_kind("do", "approve")
    m = Matrix("x", scheme)
    role, d = m.add_role("Lead"), m.add_deliverable("Work")
    m.set_code(d, role, scheme.letters[0].lower())
    assert m.code(d, role) == scheme.letters[0]


def test_schemes_follow_the_guide() -> None:
    raci = builtin_scheme("raci")
    assert raci.letters == ("R", "A", "C", "I")
    (one_a,) = [lim for lim in raci.row_limits if lim.code == "A"]
    assert (one_a.min, one_a.max) == (1, 1)
    assert raci.may_combine("A", "R") and not raci.may_combine("R", "C")
    assert builtin_scheme("pacsi").code("C").veto
    assert builtin_scheme("rapid").code("A").veto
    assert {lim.code for lim in builtin_scheme("daci").row_limits} >= {"D", "A"}
    assert builtin_scheme("cairo").code("O").kind == "out"
    assert builtin_scheme("raci-vs").separation


def test_unknown_builtin_scheme() -> None:
    with pytest.raises(KeyError):
        builtin_scheme("nope")


@given(custom_schemes)
def test_custom_schemes_round_trip(scheme: Scheme) -> None:
    assert Scheme.from_dict(json.loads(json.dumps(scheme.to_dict()))) == scheme


def codes(*letters: str) -> tuple[Code, ...]:
    return tuple(Code(x, x) for x in letters)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: Code("ABC", "too long"), "one or two characters"),
        (lambda: Code("", "empty"), "one or two characters"),
        (lambda: Code("A/", "slash"), "one or two characters"),
        (lambda: Code("A ", "space"), "one or two characters"),
        (lambda: Code("A", "x", kind="boss"), "unknown kind"),
        (lambda: Code("A", "x", color="blue"), "colour"),
        (lambda: Code("A", "x", weight=-1), "negative"),
        (lambda: Code("A", "x", weight=float("nan")), "number"),
        (lambda: Scheme("k", "", codes("A")), "needs a name"),
        (lambda: Scheme("k", "K", ()), "no codes"),
        (lambda: Scheme("k", "K", codes("A", "A")), "twice"),
        (lambda: Scheme("k", "K", codes("A"), row_limits=(Limit("B", 1),)), "does not define"),
        (lambda: Scheme("k", "K", codes("A"), role_limits=(Limit("B", 1),)), "does not define"),
        (lambda: Scheme("k", "K", codes("A"), row_limits=(Limit("A"),)), "neither"),
        (lambda: Scheme("k", "K", codes("A"), row_limits=(Limit("A", 2, 1),)), "at least 2"),
        (lambda: Scheme("k", "K", codes("A"), row_limits=(Limit("A", -1),)), "whole numbers"),
        (
            lambda: Scheme("k", "K", codes("A"), row_limits=(Limit("A", 1, below="fatal"),)),
            "severity",
        ),
        (
            lambda: Scheme("k", "K", codes("A"), combinable=(frozenset({"A", "B"}),)),
            "does not define",
        ),
        (lambda: Scheme("k", "K", codes("A"), combinable=(frozenset({"A"}),)), "pairs"),
        (lambda: Scheme("k", "K", codes("A"), separation=(("A", "A"),)), "two different"),
        (lambda: Scheme("k", "K", codes("A", "R"), separation=(("A", "X"),)), "does not define"),
    ],
)
def test_custom_schemes_that_cannot_work_are_refused_in_words(make, words: str) -> None:
    with pytest.raises(SchemeError, match=words):
        make()


def test_two_character_codes_and_unicode_are_fine() -> None:
    scheme = Scheme(
        "vs",
        "Interfacing",
        (Code("Su", "Signatory", "review"), Code("Σ", "Sum", "inform"), Code("R", "R", "do")),
    )
    m = Matrix("x", scheme)
    role, d = m.add_role("Lead"), m.add_deliverable("Work")
    m.set_code(d, role, "su / r")
    assert m.code(d, role) == "Su/R"


@pytest.mark.parametrize(
    "data",
    [
        {"codes": [{"name": "no letter"}]},
        {"codes": [{"letter": "A", "weight": "heavy"}]},
        {"codes": "RACI"},
        {"codes": [{"letter": "A"}], "row_limits": [{"min": 1}]},
        {"codes": [{"letter": "A"}], "separation": [["A"]]},
    ],
)
def test_damaged_scheme_data_is_refused_in_words(data) -> None:
    with pytest.raises(SchemeError):
        Scheme.from_dict(data)


def test_with_changes_makes_a_custom_copy() -> None:
    mine = RACI.with_changes(name="Our RACI", row_limits=())
    assert not mine.builtin and mine.letters == RACI.letters and RACI.row_limits


def test_rule_settings_round_trip_and_switches() -> None:
    settings = RuleSettings({"row.excess:C", "role.open_seat"}, {"row.max:R": 4}, {"R": 5})
    again = RuleSettings.from_dict(json.loads(json.dumps(settings.to_dict())))
    assert again == settings and again is not settings
    assert not settings.enabled("role.open_seat")
    assert settings.enabled("row.excess") and settings.enabled("row.excess", "R")
    assert not settings.enabled("row.excess", "C")


def test_typed_words_find_their_code() -> None:
    m = Matrix()
    assert m.canonical("Responsible") == "R"
    assert m.canonical(" accountable , c ") == "A/C"
    assert m.canonical("С") == "C"  # Cyrillic Es, typed on another keyboard layout
    assert m.canonical("Р") == "Р"  # Cyrillic Er looks like P, which RACI does not have
    vs = Matrix("x", builtin_scheme("raci-vs"))
    assert vs.canonical("sign off / verifier") == "S/V"


def test_a_letter_outranks_a_word_and_shared_words_mean_nothing() -> None:
    scheme = Scheme(
        "k",
        "K",
        (
            Code("A", "Agree", aliases=("B", "both")),
            Code("B", "Back", aliases=("both",)),
            Code("b", "small b"),
        ),
    )
    assert scheme.letter_for("B") == "B" and scheme.letter_for("b") == "b"
    assert scheme.letter_for("agree") == "A"
    assert scheme.letter_for("both") is None  # two codes claim it
    assert scheme.letter_for("nothing") is None


@given(schemes_and_text=st.tuples(st.sampled_from(BUILTIN_SCHEMES), st.text(max_size=12)))
def test_reading_a_cell_twice_changes_nothing(schemes_and_text) -> None:
    scheme, text = schemes_and_text
    m = Matrix("x", scheme)
    once = m.canonical(text)
    assert m.canonical(once) == once
