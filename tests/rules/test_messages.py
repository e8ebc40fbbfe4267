"""Every problem reads as a sentence in the user's words, with a way to fix it."""

from __future__ import annotations

import pytest

from ramdesk.model import BUILTIN_SCHEMES
from ramdesk.rules import RULES, Problem, advice, message
from tests.benchmarks.generate import generate


@pytest.mark.parametrize("scheme", [s.key for s in BUILTIN_SCHEMES])
def test_problems_of_a_realistic_matrix_read_well(scheme: str) -> None:
    matrix = generate(120, 12, scheme=scheme, seed=3)
    problems = matrix.problems()
    assert problems
    for p in problems:
        text, fix = p.message, p.fix
        assert text[0].isupper() or text[0] == "“", text
        assert text.endswith("."), text
        assert fix.endswith("."), (p.rule, fix)
        for word in ("None", "{", "}", "_", p.rule):
            assert word not in text, text
        assert p.rule in RULES


@pytest.mark.parametrize("rule", sorted(RULES))
def test_a_message_never_fails_even_without_its_numbers(rule: str) -> None:
    bare = Problem(rule, RULES[rule][0])
    assert message(bare) and isinstance(advice(bare), str)


def test_an_unknown_rule_still_says_something() -> None:
    p = Problem("plugin.custom", "info", params=(("why", "because"),))
    assert "plugin.custom" in p.message and "because" in p.message
    assert p.fix == ""
