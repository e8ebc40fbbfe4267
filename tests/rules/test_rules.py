"""Every rule: a matrix that triggers it, one that does not, and the rule switched off."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ramdesk.model import (
    RACI,
    Code,
    Deliverable,
    Limit,
    Matrix,
    Person,
    Role,
    RuleSettings,
    Scheme,
    SchemeError,
    SetSettings,
    builtin_scheme,
)
from ramdesk.rules import RULES, Checker, Problem


def grid(
    table: dict[str, dict[str, str]],
    roles: tuple[str, ...] = ("PM", "Dev", "QA"),
    scheme: Scheme = RACI,
    people: dict[str, tuple[str, ...]] | None = None,
    person_columns: tuple[str, ...] = (),
) -> Matrix:
    """A matrix from {deliverable: {role: code}}; people as {name: roles held}."""
    m = Matrix("Rules", scheme)
    by_name: dict[str, Role] = {}
    for name in roles:
        by_name[name] = Role(name, is_person=name in person_columns)
        m.load_role(by_name[name])
    for name, cells in table.items():
        d = Deliverable(name)
        m.load_row(d)
        m.load_cells((d, by_name[r], m.canonical(text)) for r, text in cells.items())
    for name, held in (people or {}).items():
        m.load_person(Person(name), [by_name[r] for r in held])
    return m


def fine(n: int = 1) -> dict[str, dict[str, str]]:
    return {f"Task {i}": {"PM": "A", "Dev": "R", "QA": "C"} for i in range(n)}


ROLES6 = ("PM", "Dev", "QA", "Ops", "Sec", "Arch")

#: The people who make every role held, so "open seat" stays quiet where it is not the point.
STAFF = {"Ann": ("PM",), "Bo": ("Dev",), "Cy": ("QA",)}

VS = builtin_scheme("raci-vs")
CAPPED = Scheme(
    "capped",
    "Capped",
    RACI.codes,
    row_limits=RACI.row_limits,
    role_limits=(Limit("A", 1, 2, below="info", above="warning"),),
    combinable=RACI.combinable,
)

#: rule -> (matrix that triggers it, matrix that does not)
CASES: dict[str, tuple[Callable[[], Matrix], Callable[[], Matrix]]] = {
    "row.missing": (
        lambda: grid({"Plan": {"Dev": "R", "QA": "C"}}, people=STAFF),
        lambda: grid(fine(), people=STAFF),
    ),
    "row.excess": (
        lambda: grid({"Plan": {"PM": "A", "Dev": "A/R", "QA": "C"}}, people=STAFF),
        lambda: grid(fine(), people=STAFF),
    ),
    "row.empty": (
        lambda: grid({**fine(), "Later": {}}, people=STAFF),
        lambda: grid(fine(), people=STAFF),
    ),
    "row.no_action": (
        lambda: grid({"Memo": {"PM": "C", "Dev": "I"}}, people=STAFF),
        lambda: grid({"Memo": {"PM": "C", "Dev": "R"}}, people=STAFF),
    ),
    "cell.unknown": (
        lambda: grid({"Plan": {"PM": "A", "Dev": "R", "QA": "X"}}, people=STAFF),
        lambda: grid(fine(), people=STAFF),
    ),
    "cell.combination": (
        lambda: grid({"Plan": {"PM": "A", "Dev": "R/C"}}, people=STAFF),
        lambda: grid({"Plan": {"PM": "A/R", "Dev": "C"}}, people=STAFF),
    ),
    "cell.multiple": (
        lambda: grid({"Plan": {"PM": "A/R", "Dev": "C"}}, people=STAFF),
        lambda: grid(fine(), people=STAFF),
    ),
    "cell.separation": (
        lambda: grid({"Plan": {"PM": "A", "Dev": "R/V"}}, scheme=VS, people=STAFF),
        lambda: grid({"Plan": {"PM": "A", "Dev": "R", "QA": "V"}}, scheme=VS, people=STAFF),
    ),
    "row.apart": (
        lambda: grid({"Plan": {"PM": "A", "Dev": "R", "QA": "S"}}, scheme=VS, people=STAFF),
        lambda: grid({"Plan": {"PM": "A/S", "Dev": "R", "QA": "V"}}, scheme=VS, people=STAFF),
    ),
    "role.unused": (
        lambda: grid({"Plan": {"PM": "A", "Dev": "R"}}, people=STAFF),
        lambda: grid(fine(), people=STAFF),
    ),
    "role.everywhere": (
        lambda: grid(fine(6), people=STAFF),
        lambda: grid(
            {
                **{f"T{i}": {"PM": "A", "Dev": "R", "QA": "C"} for i in range(4)},
                "T4": {"PM": "A/R", "QA": "C"},
                "T5": {"Dev": "A/R", "QA": "C"},
                "T6": {"PM": "A", "Dev": "R"},
            },
            people=STAFF,
        ),
    ),
    "role.only_consulted": (
        lambda: grid(fine(2), people=STAFF),
        lambda: grid({"Plan": {"PM": "A", "Dev": "R", "QA": "R"}}, people=STAFF),
    ),
    "role.bottleneck": (
        lambda: grid({f"T{i}": {"PM": "A", "Dev": "R"} for i in range(6)}, people=STAFF),
        lambda: grid(
            {
                f"T{i}": {"PM" if i % 2 else "QA": "A", "Dev" if i % 2 else "PM": "R"}
                for i in range(6)
            },
            people=STAFF,
        ),
    ),
    "role.missing": (
        lambda: grid({"Plan": {"PM": "A", "Dev": "R"}}, scheme=CAPPED, people=STAFF),
        lambda: grid(
            {"Plan": {"PM": "A", "Dev": "R"}, "Test": {"QA": "A", "Dev": "R"}},
            roles=("PM", "Dev", "QA"),
            scheme=Scheme("c", "C", RACI.codes, role_limits=(Limit("A", None, 2),)),
            people=STAFF,
        ),
    ),
    "role.excess": (
        lambda: grid({f"T{i}": {"PM": "A", "Dev": "R"} for i in range(3)}, scheme=CAPPED),
        lambda: grid({f"T{i}": {"PM": "A", "Dev": "R"} for i in range(2)}, scheme=CAPPED),
    ),
    "role.open_seat": (
        lambda: grid(fine(), people={"Ann": ("PM",), "Bo": ("Dev",)}),
        lambda: grid(fine(), people={"Ann": ("PM", "QA"), "Bo": ("Dev",)}),
    ),
    "person.no_role": (
        lambda: grid(fine(), people={**STAFF, "Dee": ()}),
        lambda: grid(fine(), people=STAFF),
    ),
    "person.overloaded": (
        lambda: grid(fine(10), people={"Ann": ("PM", "Dev"), "Cy": ("QA",)}),
        lambda: grid(
            {f"T{i}": {ROLES6[i % 6]: "A", ROLES6[(i + 1) % 6]: "R"} for i in range(12)},
            roles=ROLES6,
            people={name: (name,) for name in ROLES6},
        ),
    ),
    "person.double_accountable": (
        lambda: grid(
            {"Plan": {"PM": "A", "Dev": "R", "QA": "A"}},
            people={"Ann": ("PM", "QA"), "Bo": ("Dev",)},
        ),
        lambda: grid(
            {"Plan": {"PM": "A", "Dev": "R", "QA": "C"}},
            people={"Ann": ("PM", "QA"), "Bo": ("Dev",)},
        ),
    ),
    "person.separation": (
        lambda: grid(
            {"Plan": {"PM": "A", "Dev": "R", "QA": "V"}},
            scheme=VS,
            people={"Ann": ("PM",), "Bo": ("Dev", "QA")},
        ),
        lambda: grid(
            {"Plan": {"PM": "A", "Dev": "R", "QA": "V"}},
            scheme=VS,
            people={"Ann": ("PM", "QA"), "Bo": ("Dev",)},
        ),
    ),
}


def rules_found(m: Matrix) -> set[str]:
    return {p.rule for p in Checker(m).all()}


def test_every_rule_has_a_case() -> None:
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_triggers(rule: str) -> None:
    m = CASES[rule][0]()
    found = [p for p in Checker(m).all() if p.rule == rule]
    assert found, f"{rule} not found in {Checker(m).all()}"
    for p in found:
        assert p.severity in ("error", "warning", "info")
        assert p.message and p.message[-1] in ".:", p.message
        assert p.fix, rule
        assert rule not in p.message  # words, not ids
        for item in (p.deliverable, p.role, p.person):
            if item is not None:
                assert f"“{item.name}”" in p.message


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_stays_quiet_when_all_is_well(rule: str) -> None:
    assert rule not in rules_found(CASES[rule][1]())


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_can_be_switched_off_per_matrix(rule: str) -> None:
    m = CASES[rule][0]()
    checker = Checker(m)
    assert rule in {p.rule for p in checker.all()}
    m.apply(SetSettings(RuleSettings({rule})))
    assert rule not in {p.rule for p in checker.all()}
    assert rule not in rules_found(m)


def problems_of(m: Matrix, rule: str) -> list[Problem]:
    return [p for p in Checker(m).all() if p.rule == rule]


def test_no_accountable_is_an_error_and_names_the_code() -> None:
    (p,) = problems_of(grid({"Plan": {"Dev": "R"}}, people=STAFF), "row.missing")
    assert p.severity == "error"
    assert p.param("code") == "A"
    assert p.message == "Nobody is A (Accountable) for “Plan”."


def test_two_accountables_is_an_error() -> None:
    m = grid({"Plan": {"PM": "A", "Dev": "R", "QA": "A"}}, people=STAFF)
    (p,) = problems_of(m, "row.excess")
    assert (p.severity, p.param("count"), p.param("max")) == ("error", 2, 1)
    assert "exactly one" in p.message


def test_no_responsible_is_softened_when_an_accountable_may_do_it() -> None:
    with_a = problems_of(grid({"Plan": {"PM": "A", "QA": "C"}}, people=STAFF), "row.missing")
    assert [(p.param("code"), p.severity) for p in with_a] == [("R", "info")]
    without = problems_of(grid({"Plan": {"QA": "C", "Dev": "I"}}, people=STAFF), "row.missing")
    assert {(p.param("code"), p.severity) for p in without} == {("A", "error"), ("R", "warning")}


def test_too_many_responsible_consulted_informed() -> None:
    roles = tuple(f"Role {i}" for i in range(12))
    m = grid(
        {"Big": {roles[0]: "A", **{r: "R" for r in roles[1:5]}, **{r: "C" for r in roles[5:9]}}},
        roles=roles,
    )
    excess = {p.param("code"): p.severity for p in problems_of(m, "row.excess")}
    assert excess == {"R": "warning", "C": "info"}
    m = grid({"Big": {roles[0]: "A/R", **{r: "I" for r in roles[1:7]}}}, roles=roles)
    assert {p.param("code") for p in problems_of(m, "row.excess")} == {"I"}


def test_one_code_of_a_rule_can_be_switched_off() -> None:
    m = grid({"Plan": {"PM": "A", "Dev": "R", "QA": "A"}}, people=STAFF)
    m.settings = RuleSettings({"row.excess:A"})
    assert not problems_of(m, "row.excess")


def test_a_matrix_may_change_a_limit_of_its_scheme() -> None:
    roles = tuple(f"Role {i}" for i in range(6))
    m = grid({"Big": {roles[0]: "A", **{r: "R" for r in roles[1:5]}}}, roles=roles)
    assert problems_of(m, "row.excess")
    m.settings = RuleSettings(thresholds={"row.max:R": 4})
    assert not problems_of(m, "row.excess")
    m.settings = RuleSettings(thresholds={"row.max:R": -1})  # no upper bound at all
    assert not problems_of(m, "row.excess")
    m.settings = RuleSettings(thresholds={"row.min:C": 1})  # a limit the scheme lacks
    assert [p.param("code") for p in problems_of(m, "row.missing")] == ["C"]


def test_rapid_asks_for_exactly_one_decider() -> None:
    rapid = builtin_scheme("rapid")
    m = grid({"Choose vendor": {"PM": "R", "Dev": "P"}}, scheme=rapid, people=STAFF)
    (p,) = problems_of(m, "row.missing")
    assert p.param("code") == "D" and p.severity == "error"
    m = grid({"Choose vendor": {"PM": "D", "Dev": "P", "QA": "D"}}, scheme=rapid, people=STAFF)
    assert problems_of(m, "row.excess")[0].param("code") == "D"


def test_open_seat_from_the_header_when_nobody_is_listed() -> None:
    m = grid(fine(), roles=("PM", "Dev", "QA", "Architect (TBD)"))
    assert [p.role.name for p in problems_of(m, "role.open_seat")] == ["Architect (TBD)"]
    m = grid(fine(), roles=("PM", "Dev", "QA"), person_columns=("QA",), people={"A": ("PM",)})
    assert [p.role.name for p in problems_of(m, "role.open_seat")] == ["Dev"]


def test_double_accountable_names_both_roles() -> None:
    m = CASES["person.double_accountable"][0]()
    (p,) = problems_of(m, "person.double_accountable")
    assert p.person.name == "Ann" and p.deliverable.name == "Plan"
    assert set(p.param("roles")) == {"PM", "QA"}
    assert "“PM”" in p.message and "“QA”" in p.message


def test_a_column_naming_a_person_carries_its_own_load() -> None:
    table = {f"T{i}": {"Ann": "A", "Bo": "R", "Cy": "C" if i % 3 else ""} for i in range(10)}
    m = grid(table, roles=("Ann", "Bo", "Cy"), person_columns=("Ann", "Bo", "Cy"))
    found = {p.role.name for p in problems_of(m, "person.overloaded")}
    assert found == {"Ann", "Bo"}  # Cy is only consulted, now and then
    (p,) = [p for p in problems_of(m, "person.overloaded") if p.role.name == "Bo"]
    assert p.message.startswith("“Bo” carries a weighted load of 40")
    assert not problems_of(grid(table, roles=("Ann", "Bo", "Cy")), "person.overloaded")


def test_load_uses_the_matrix_weights() -> None:
    m = grid(fine(10), people={"Ann": ("PM", "Dev"), "Cy": ("QA",)})
    assert problems_of(m, "person.overloaded")
    m.settings = RuleSettings(weights={"R": 0, "A": 0, "C": 0})
    assert not problems_of(m, "person.overloaded")


def test_per_role_limit_severities_come_from_the_scheme() -> None:
    m = CASES["role.missing"][0]()
    assert {p.severity for p in problems_of(m, "role.missing")} == {"info"}


def test_health_and_counts() -> None:
    m = grid(
        {
            "Good": {"PM": "A", "Dev": "R"},
            "No owner": {"Dev": "R"},
            "Empty": {},
            "Owner only": {"PM": "A/R"},
        },
        people=STAFF,
    )
    checker = Checker(m)
    summary = checker.summary()
    assert summary.deliverables == 4
    assert summary.valid == 2  # "No owner" has an error, "Empty" has nothing
    assert summary.covered == 2
    assert summary.empty == 1
    assert summary.codes == {"A": 2, "R": 3}
    assert summary.share_valid == 0.5
    assert summary.score == 50
    assert checker.health() == 0.5
    assert sum(checker.counts().values()) == len(checker.all())


def test_problems_filter_by_subject() -> None:
    m = grid(
        {"Plan": {"PM": "A", "Dev": "R/C", "QA": "A"}},
        people={"Ann": ("PM", "QA"), "Bo": ("Dev",)},
    )
    d = m.deliverables[0]
    pm, dev, _qa = m.roles
    ann = m.people[0]
    assert {p.rule for p in m.problems(deliverable=d)} >= {
        "row.excess",
        "cell.combination",
        "person.double_accountable",
    }
    assert {p.rule for p in m.problems(role=dev)} == {"cell.combination"}
    assert all(p.role is pm for p in m.problems(role=pm))
    assert {p.rule for p in m.problems(person=ann)} == {"person.double_accountable"}
    assert m.problems(deliverable=d, person=ann) == m.problems(person=ann)
    severities = [p.severity for p in m.problems(deliverable=d)]
    assert severities == sorted(severities, key=("error", "warning", "info").index)
    # most serious first
    ranks = [("error", "warning", "info").index(p.severity) for p in m.problems()]
    assert ranks == sorted(ranks)


def test_custom_scheme_rules_apply() -> None:
    scheme = Scheme(
        "ours",
        "Ours",
        (
            Code("Do", "Does it", "do", color="#112233"),
            Code("Ok", "Signs off", "approve", color="#445566"),
            Code("K", "Kept posted", "inform", color="#778899"),
        ),
        row_limits=(Limit("Ok", 1, 1, "error", "error"),),
        separation=(("Do", "Ok"),),
    )
    m = grid({"Plan": {"PM": "ok", "Dev": "Do", "QA": "K"}}, scheme=scheme, people=STAFF)
    assert m.code(m.deliverables[0], m.roles[0]) == "Ok"
    assert [p.rule for p in Checker(m).all()] == ["role.only_consulted"]
    m = grid({"Plan": {"PM": "Ok/Do"}}, scheme=scheme, people=STAFF)
    assert "cell.separation" in rules_found(m)


def test_problems_follow_the_rows_when_they_move() -> None:
    from ramdesk.model import MoveRow

    m = grid({"First": {"Dev": "R"}, "Second": {"QA": "R"}}, people=STAFF)
    checker = Checker(m)
    assert [p.deliverable.name for p in checker.all() if p.rule == "row.missing"] == [
        "First",
        "Second",
    ]
    m.apply(MoveRow(m.deliverables[1], None, 0))
    assert [p.deliverable.name for p in checker.all() if p.rule == "row.missing"] == [
        "Second",
        "First",
    ]


def test_the_signatory_who_is_not_the_accountable_is_named_with_who_is() -> None:
    m = grid({"Sign-off": {"PM": "A", "Dev": "R", "QA": "S", "Ops": "S/C"}}, ROLES6, VS, STAFF)
    found = problems_of(m, "row.apart")
    assert [(p.role.name, p.severity) for p in found] == [("QA", "warning"), ("Ops", "warning")]
    assert found[0].message == (
        "“QA” is S (Signatory) on “Sign-off” but not A (Accountable) (“PM” is): "
        "the Signatory should be the Accountable."
    )
    # No accountable at all is row.missing's business, not a second complaint here.
    assert not problems_of(grid({"Sign-off": {"Dev": "R", "QA": "S"}}, scheme=VS), "row.apart")
    # Schemes without the pair never ask.
    assert "row.apart" not in {p.rule for p in Checker(grid({"X": {"PM": "A"}})).all()}


def test_a_custom_scheme_can_ask_for_codes_to_sit_together() -> None:
    own = Scheme("own", "Own", RACI.codes, row_limits=RACI.row_limits, together=(("R", "A"),))
    m = grid({"Plan": {"PM": "A", "Dev": "R"}, "Do": {"PM": "A/R"}}, scheme=own, people=STAFF)
    (p,) = problems_of(m, "row.apart")
    assert (p.deliverable.name, p.role.name) == ("Plan", "Dev")
    assert Scheme.from_dict(own.to_dict()).together == (("R", "A"),)
    with pytest.raises(SchemeError):
        Scheme("bad", "Bad", RACI.codes, together=(("R", "Z"),))
