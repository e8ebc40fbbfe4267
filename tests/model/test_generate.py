"""The benchmark matrices look like real ones and are the same for the same seed."""

from __future__ import annotations

from collections import Counter

from tests.benchmarks.generate import SIZES, generate


def test_sizes_are_the_issues() -> None:
    assert SIZES == {"S": (200, 20), "M": (2000, 100), "L": (10000, 200)}


def test_a_generated_matrix_is_realistic() -> None:
    m = generate(*SIZES["S"])
    assert len(m.deliverables) == 200 and len(m.roles) == 20
    assert 0.2 <= m.cell_count() / (200 * 20) <= 0.33
    assert max(m.depth(r) for r in m.rows) == 2 and m.role_groups
    totals = m.code_totals()
    assert set(totals) == {"R", "A", "C", "I"}
    assert any("/" in text for _d, _r, text in m.filled_cells())
    held = Counter(len(m.roles_of(p)) for p in m.people)
    assert set(held) <= {0, 1, 2, 3} and held[1] and held[2]
    assert any(not m.holders(r) for r in m.roles)  # a few open seats
    rules = Counter(p.rule for p in m.problems())
    assert rules["row.excess"] and rules["row.missing"] and rules["row.empty"]
    assert 0.8 < m.checker().health() < 1.0


def test_same_seed_same_matrix_and_options() -> None:
    assert generate(50, 6, seed=4).snapshot() == generate(50, 6, seed=4).snapshot()
    assert generate(50, 6, seed=4).snapshot() != generate(50, 6, seed=5).snapshot()
    flat = generate(30, 5, groups=False, people=False, scheme="paris")
    assert not flat.groups and not flat.people and flat.scheme.key == "paris"
    assert "P" in flat.code_totals()
