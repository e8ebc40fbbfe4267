"""A matrix survives the trip to plain JSON data and back, whatever it holds."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from ramdesk.model import BUILTIN_SCHEMES, Matrix, SchemeError
from ramdesk.model.serialize import from_data, iter_json, to_data
from tests.benchmarks.generate import generate

from .random_edits import matrices


@given(matrices(max_rows=10, max_roles=6))
def test_round_trip_keeps_everything(matrix: Matrix) -> None:
    data = json.loads(json.dumps(to_data(matrix), ensure_ascii=False))
    again = from_data(data)
    assert again.snapshot() == matrix.snapshot()
    assert to_data(again) == data


@given(matrices(max_rows=10, max_roles=6))
def test_the_text_made_a_piece_at_a_time_is_the_whole_json(matrix: Matrix) -> None:
    pieces = list(iter_json(matrix))
    whole = json.dumps(to_data(matrix, for_json=True), ensure_ascii=False, separators=(",", ":"))
    assert "".join(pieces) == whole
    assert json.loads(whole) == json.loads(json.dumps(to_data(matrix)))
    assert len(pieces) >= len(matrix.rows)  # a row (or a group's ends) at a time


@pytest.mark.parametrize("scheme", [s.key for s in BUILTIN_SCHEMES])
def test_round_trip_of_a_realistic_matrix(scheme: str) -> None:
    matrix = generate(150, 12, scheme=scheme)
    again = from_data(json.loads(json.dumps(to_data(matrix))))
    assert again.snapshot() == matrix.snapshot()
    assert {p.key()[:2] for p in again.problems()} == {p.key()[:2] for p in matrix.problems()}


def test_builtin_scheme_by_key_and_minimal_data() -> None:
    m = from_data(
        {
            "scheme": "paris",
            "roles": ["Lead", {"name": "Team"}],
            "rows": [{"group": "Phase", "rows": [{"deliverable": "Plan", "codes": [[0, "a"]]}]}],
        }
    )
    assert m.scheme.key == "paris"
    assert [r.name for r in m.roles] == ["Lead", "Team"]
    (d,) = m.deliverables
    assert m.code(d, m.roles[0]) == "A"
    assert m.path(d)[0].name == "Phase"


@pytest.mark.parametrize(
    "data",
    [
        [],
        "matrix",
        {"format": "something-else"},
        {"roles": ["A"], "rows": [{"deliverable": "x", "codes": [[5, "A"]]}]},
        {"people": [{"name": "Ann", "roles": [3]}]},
        {"rows": [{"deliverable": "x", "codes": "A"}]},
        {"scheme": "no-such-scheme"},
        {"properties": []},
    ],
)
def test_damaged_data_is_refused_in_words(data) -> None:
    with pytest.raises(ValueError, match="not a ramdesk matrix"):
        from_data(data)


def test_bad_scheme_in_data_says_what_is_wrong() -> None:
    with pytest.raises(SchemeError, match="twice"):
        from_data({"scheme": {"name": "X", "codes": [{"letter": "A"}, {"letter": "A"}]}})
