"""The checks (RAM-GUIDE "Checks experts recommend"), each reading the model's counters.

Every function returns a list of Problems for one subject: a deliverable (row), a role (column),
a person, or a person on one deliverable. None of them scans more than its subject.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ramdesk.model import Deliverable, Limit, Matrix, Person, Role, split_codes

from .problem import Problem, problem

#: Thresholds a matrix may change (RuleSettings.thresholds), with their defaults.
DEFAULT_THRESHOLDS: dict[str, float] = {
    # A role doing or approving more than this share of the deliverables is a bottleneck.
    "role.bottleneck_share": 0.5,
    # Below this many deliverables, column-shape checks (everywhere, bottleneck) and overload
    # stay quiet: on a handful of rows they would flag everyone.
    "role.min_deliverables": 6,
    # A person whose weighted load exceeds this share of the heaviest possible load.
    "person.overload_share": 0.4,
}
# A matrix may also override one bound of a scheme's limit: "row.max:R" = 4 allows four R per
# deliverable, "role.max:A" = 40 caps a role's A; a negative value removes that bound.
_LIMIT_KEY = re.compile(r"(row|role)\.(min|max):(.+)")

#: Every rule: id -> (default severity, title). Severities of limit rules come from the scheme.
RULES: dict[str, tuple[str, str]] = {
    "row.missing": ("error", "Too few of a code on a deliverable (no A, no R ...)"),
    "row.excess": ("warning", "Too many of a code on a deliverable (two A, many R ...)"),
    "row.empty": ("warning", "Deliverable with no codes at all"),
    "row.no_action": ("warning", "Nobody does or approves the deliverable (only C and I)"),
    "cell.unknown": ("error", "A code the scheme does not know"),
    "cell.combination": ("warning", "Codes that should not share a cell"),
    "cell.multiple": ("info", "Several codes in one cell"),
    "cell.separation": ("error", "One cell both does and checks the work (separation of duties)"),
    "row.apart": ("warning", "Codes that belong with one party held by two (Signatory not the A)"),
    "role.unused": ("warning", "Role with no codes at all"),
    "role.everywhere": ("info", "Role involved in every deliverable"),
    "role.only_consulted": ("info", "Role only consulted or informed"),
    "role.bottleneck": ("warning", "Role doing or approving most deliverables"),
    "role.missing": ("warning", "Role holding a code too rarely (scheme's per-role limit)"),
    "role.excess": ("warning", "Role holding a code too often (scheme's per-role limit)"),
    "role.open_seat": ("warning", "Role nobody holds"),
    "person.no_role": ("info", "Person holding no role"),
    "person.overloaded": ("warning", "Person with a very heavy load across their roles"),
    "person.double_accountable": ("error", "Person accountable twice through two roles"),
    "person.separation": ("error", "Person doing and checking the same work through two roles"),
}

_OPEN_SEAT = re.compile(
    r"\b(tbd|tbc|tba|vacant|vacancy|open( seat| position| role)?|to be (hired|named|decided|"
    r"confirmed|appointed)|unassigned|unfilled|hiring)\b",
    re.IGNORECASE,
)


def looks_open(name: str) -> bool:
    """True for a header such as "TBD", "Vacant", "Lead (to be hired)"."""
    return bool(_OPEN_SEAT.search(name))


@dataclass
class Context:
    """What the checks need from the scheme and settings, worked out once per scheme change."""

    matrix: Matrix

    def __post_init__(self) -> None:
        m = self.matrix
        scheme, settings = m.scheme, m.settings
        self.enabled = settings.enabled
        self.known = frozenset(scheme.letters)
        self.approve = scheme.letters_of_kind("approve")
        self.do = scheme.letters_of_kind("do")
        self.acting = scheme.letters_of_kind("do", "approve", "review", "support")
        self.passive = scheme.letters_of_kind("consult", "inform")
        self.row_limits = _limits(scheme.row_limits, "row", settings.thresholds, self.known)
        self.role_limits = _limits(scheme.role_limits, "role", settings.thresholds, self.known)
        self.separation = tuple(scheme.separation)
        self.sod_letters = frozenset(x for pair in self.separation for x in pair)
        self.together = tuple(scheme.together) if self.on("row.apart") else ()
        self.combinable = frozenset(scheme.combinable)
        self.thresholds = {**DEFAULT_THRESHOLDS, **settings.thresholds}
        self.weights = {c.letter: c.weight for c in scheme.codes}
        self.weights.update({k: v for k, v in settings.weights.items() if k in self.known})
        self.max_weight = max(self.weights.values(), default=1.0) or 1.0
        self.code_name = {c.letter: c.name for c in scheme.codes}
        #: Cell text -> what is wrong with it (see _cell_verdict); valid for this context only.
        self.cell_verdicts: dict[str, list[tuple[str, str, tuple]]] = {}
        self.letters_text = ", ".join(scheme.letters)
        # Rows are checked ten thousand at a time: settle per limit, once, what the checks
        # need (switched on? which bound? which params?).
        self.row_empty_on = self.on("row.empty")
        self.row_no_action_on = self.on("row.no_action")
        self.row_checks: list[tuple] = []
        for lim in self.row_limits:
            code, name = lim.code, self.code_name[lim.code]
            low = lim.min if self.on("row.missing", code) else None
            high = lim.max if self.on("row.excess", code) else None
            if low is None and high is None:
                continue
            named_min = (("code", code), None, ("min", low), ("name", name))
            named_max = (("code", code), None, ("max", high), ("name", name))
            self.row_checks.append((code, low, high, lim.below, lim.above, named_min, named_max))

    def on(self, rule: str, code: str | None = None) -> bool:
        return self.enabled(rule, code)


def _limits(
    limits: tuple[Limit, ...], where: str, thresholds: dict[str, float], known: frozenset[str]
) -> list[Limit]:
    """The scheme's limits with this matrix's overrides applied (see _LIMIT_KEY)."""
    by_code = {lim.code: lim for lim in limits if lim.code in known}
    for key, value in thresholds.items():
        match = _LIMIT_KEY.fullmatch(key)
        if match is None or match[1] != where or match[3] not in known:
            continue
        bound = None if value < 0 else int(value)
        lim = by_code.get(match[3]) or Limit(match[3])
        lim = replace(lim, **{match[2]: bound})
        if lim.min is not None and lim.max is not None and lim.min > lim.max:
            continue  # contradictory override: keep the scheme's own limit
        by_code[match[3]] = lim
    return [lim for lim in by_code.values() if lim.min is not None or lim.max is not None]


# ---------------------------------------------------------------------------- rows
def check_row(ctx: Context, d: Deliverable) -> list[Problem]:
    """Problems of one deliverable: its counts against the scheme's limits, and its cells."""
    m = ctx.matrix
    counts = m._row_counts[d]
    if not counts:
        return [Problem("row.empty", "warning", d)] if ctx.row_empty_on else []
    out: list[Problem] = []
    soften = None
    for code, low, high, below, above, named_min, named_max in ctx.row_checks:
        n = counts.get(code, 0)
        if low is not None and n < low:
            severity = below
            if severity == "warning" and code in ctx.do:
                if soften is None:
                    soften = not ctx.approve.isdisjoint(counts)
                if soften:
                    severity = "info"  # an A with no R is often read as "A does it"
            # params in sorted order of names: code, count, min, name
            out.append(Problem("row.missing", severity, d, None, None, _with_count(named_min, n)))
        if high is not None and n > high:
            out.append(Problem("row.excess", above, d, None, None, _with_count(named_max, n)))
    if (
        ctx.row_no_action_on
        and ctx.acting.isdisjoint(counts)
        and not ctx.passive.isdisjoint(counts)
    ):
        out.append(Problem("row.no_action", "warning", d))
    for first, second in ctx.together:
        if first in counts and second in counts:
            out.extend(_check_apart(ctx, d, first, second))
    odd = m._odd.get(d)
    if odd:
        out.extend(_check_cells(ctx, d, odd))
    return out


def _check_apart(ctx: Context, d: Deliverable, first: str, second: str) -> list[Problem]:
    """Roles holding `first` on `d` without `second`, where another role holds `second` (the
    Signatory who is not the Accountable)."""
    m = ctx.matrix
    holding: dict[str, list[Role]] = {first: [], second: []}
    for role, text in m.row_cells(d):
        letters = split_codes(text)
        for letter in (first, second):
            if letter in letters:
                holding[letter].append(role)
    seconds = holding[second]
    out = []
    for role in holding[first]:
        if role in seconds:
            continue
        params = (
            ("first", first),
            ("first_name", ctx.code_name[first]),
            ("holders", tuple(r.name for r in seconds)),
            ("second", second),
            ("second_name", ctx.code_name[second]),
        )
        out.append(Problem("row.apart", "warning", d, role, None, params))
    return out


def _with_count(params: tuple, n: int) -> tuple:
    """A limit's prepared params (code, _, bound, name) with the count filled in."""
    return (params[0], ("count", n), params[2], params[3])


def _check_cells(ctx: Context, d: Deliverable, roles: Iterable[Role]) -> list[Problem]:
    """Cell-level checks of the cells the model indexes as odd (several codes, or a code the
    scheme does not know): a cell holding one known code has nothing wrong with it."""
    out: list[Problem] = []
    verdicts = ctx.cell_verdicts
    cells = ctx.matrix._pred[d]
    for role in roles:
        text = cells[role]["codes"]
        found = verdicts.get(text)
        if found is None:
            found = _cell_verdict(ctx, text)
            if len(verdicts) < 20_000:
                verdicts[text] = found
        for rule, severity, params in found:
            out.append(Problem(rule, severity, d, role, None, params))
    return out


def _cell_verdict(ctx: Context, text: str) -> list[tuple[str, str, tuple]]:
    """What is wrong with a cell's text under this scheme: (rule, severity, params) each.

    It depends on the text alone, so it is worked out once per distinct text."""
    on = ctx.on
    out: list[tuple[str, str, tuple]] = []

    def add(rule: str, severity: str, **params) -> None:
        out.append((rule, severity, tuple(sorted(params.items()))))

    codes = split_codes(text)
    for code in codes:
        if code not in ctx.known and on("cell.unknown"):
            add("cell.unknown", "error", code=code, known=ctx.letters_text)
    if len(codes) < 2:
        return out
    known = [c for c in codes if c in ctx.known]
    bad = [
        (a, b)
        for i, a in enumerate(known)
        for b in known[i + 1 :]
        if frozenset((a, b)) not in ctx.combinable
    ]
    sod = [(a, b) for a, b in ctx.separation if a in codes and b in codes]
    if sod and on("cell.separation"):
        a, b = sod[0]
        add(
            "cell.separation",
            "error",
            first=a,
            second=b,
            first_name=ctx.code_name[a],
            second_name=ctx.code_name[b],
        )
    elif bad and on("cell.combination"):
        add("cell.combination", "warning", codes=text)
    elif not bad and len(known) > 1 and on("cell.multiple"):
        add("cell.multiple", "info", codes=text)
    return out


# ---------------------------------------------------------------------------- roles
def check_role(ctx: Context, r: Role, total: int, has_people: bool) -> list[Problem]:
    m = ctx.matrix
    counts = m._role_counts[r]
    filled = len(m._succ[r])
    on = ctx.on
    out: list[Problem] = []
    open_seat = not r.is_person and not m._pred[r] and (has_people or looks_open(r.name))
    if open_seat and on("role.open_seat"):
        out.append(problem("role.open_seat", "warning", role=r))
    if total == 0:
        return out
    if filled == 0:
        if on("role.unused"):
            out.append(problem("role.unused", "warning", role=r))
        return out
    if r.is_person and not m._pred[r] and on("person.overloaded"):
        # A column naming a person directly: their load is the column's.
        weights = ctx.weights
        load = sum(weights.get(letter, 0.0) * n for letter, n in counts.items())
        limit = overload_limit(ctx, total)
        if load > limit:
            out.append(
                problem(
                    "person.overloaded",
                    "warning",
                    role=r,
                    load=round(load, 2),
                    limit=round(limit, 2),
                    roles=1,
                )
            )
    big = total >= ctx.thresholds["role.min_deliverables"]
    if big and filled == total and on("role.everywhere"):
        out.append(problem("role.everywhere", "info", role=r, count=total))
    only_passive = all(x in ctx.passive for x in counts)
    if only_passive and on("role.only_consulted"):
        out.append(problem("role.only_consulted", "info", role=r, count=filled))
    if big and on("role.bottleneck"):
        share = ctx.thresholds["role.bottleneck_share"]
        for letter in sorted(ctx.approve | ctx.do):
            n = counts.get(letter, 0)
            if n > share * total and on("role.bottleneck", letter):
                out.append(
                    problem(
                        "role.bottleneck",
                        "warning",
                        role=r,
                        code=letter,
                        count=n,
                        total=total,
                        share=share,
                        name=ctx.code_name[letter],
                    )
                )
    for lim in ctx.role_limits:
        n = counts.get(lim.code, 0)
        if lim.min is not None and n < lim.min and on("role.missing", lim.code):
            out.append(
                problem(
                    "role.missing",
                    lim.below,
                    role=r,
                    code=lim.code,
                    count=n,
                    min=lim.min,
                    name=ctx.code_name[lim.code],
                )
            )
        if lim.max is not None and n > lim.max and on("role.excess", lim.code):
            out.append(
                problem(
                    "role.excess",
                    lim.above,
                    role=r,
                    code=lim.code,
                    count=n,
                    max=lim.max,
                    name=ctx.code_name[lim.code],
                )
            )
    return out


# ---------------------------------------------------------------------------- people
def person_load(ctx: Context, p: Person) -> float:
    """A person's weighted load summed over every role they hold."""
    m = ctx.matrix
    weights = ctx.weights
    load = 0.0
    for role in m._succ[p]:
        for letter, n in m._role_counts[role].items():
            load += weights.get(letter, 0.0) * n
    return load


def overload_limit(ctx: Context, total: int) -> float:
    """The load above which a person counts as overloaded, for a matrix of `total` rows.

    Infinite below "role.min_deliverables" rows: like the column-shape checks, load means
    little on a handful of deliverables (everyone on a one-row matrix would be overloaded).
    """
    if total < ctx.thresholds["role.min_deliverables"]:
        return math.inf
    return ctx.thresholds["person.overload_share"] * total * ctx.max_weight


def check_person(
    ctx: Context, p: Person, total: int, loads: dict[Person, float] | None = None
) -> list[Problem]:
    """A person's own problems; `loads` caches person_load between calls (the caller forgets a
    person's entry whenever their roles or those roles' cells change)."""
    m = ctx.matrix
    out: list[Problem] = []
    if not m._succ[p]:
        if ctx.on("person.no_role"):
            out.append(problem("person.no_role", "info", person=p))
        return out
    if ctx.on("person.overloaded") and total:
        limit = overload_limit(ctx, total)
        if limit == math.inf:
            return out
        if loads is None:
            load = person_load(ctx, p)
        else:
            load = loads.get(p)
            if load is None:
                load = loads[p] = person_load(ctx, p)
        if load > limit:
            out.append(
                problem(
                    "person.overloaded",
                    "warning",
                    person=p,
                    load=round(load, 2),
                    limit=round(limit, 2),
                    roles=len(m._succ[p]),
                )
            )
    return out


def conflict_rows(ctx: Context, p: Person) -> set[Deliverable]:
    """Deliverables where a person may hold a conflict through two of their roles.

    Set intersections of the roles' per-code rows: a person reaching thousands of cells costs
    as much as their few approvals, not as much as their reach.
    """
    m = ctx.matrix
    held = list(m._succ[p])
    out: set[Deliverable] = set()
    if len(held) < 2:
        return out
    rows = {r: m._code_rows(r) for r in held}
    if ctx.approve and ctx.on("person.double_accountable"):
        approving: list[set[Deliverable]] = []
        for r in held:
            by_code = rows[r]
            sets = [by_code[a] for a in ctx.approve if a in by_code]
            if sets:
                approving.append(sets[0] if len(sets) == 1 else set().union(*sets))
        for i, first in enumerate(approving):
            for second in approving[i + 1 :]:
                out |= first & second
    if ctx.separation and ctx.on("person.separation"):
        for a, b in ctx.separation:
            for x in held:
                with_a = rows[x].get(a)
                if not with_a:
                    continue
                for y in held:
                    if y is not x:
                        with_b = rows[y].get(b)
                        if with_b:
                            out |= with_a & with_b
    return out


def check_person_on(
    ctx: Context, p: Person, d: Deliverable, held: list[tuple[Role, str]] | None = None
) -> list[Problem]:
    """Conflicts only visible through people: one person, several roles, one deliverable."""
    if held is None:
        held = ctx.matrix.person_codes(p, d)
    if len(held) < 2:
        return []
    out: list[Problem] = []
    if ctx.approve and ctx.on("person.double_accountable"):
        approving = [r for r, text in held if any(c in ctx.approve for c in split_codes(text))]
        if len(approving) > 1:
            out.append(
                problem(
                    "person.double_accountable",
                    "error",
                    d,
                    person=p,
                    roles=tuple(r.name for r in approving),
                    count=len(approving),
                    name=", ".join(sorted(ctx.code_name[a] for a in ctx.approve)),
                )
            )
    if ctx.separation and ctx.on("person.separation"):
        for a, b in ctx.separation:
            with_a = [r for r, text in held if a in split_codes(text)]
            with_b = [r for r, text in held if b in split_codes(text)]
            pair = next(((x, y) for x in with_a for y in with_b if x is not y), None)
            if pair is not None:  # within one cell, cell.separation reports it
                out.append(
                    problem(
                        "person.separation",
                        "error",
                        d,
                        person=p,
                        first=a,
                        second=b,
                        first_role=pair[0].name,
                        second_role=pair[1].name,
                        first_name=ctx.code_name[a],
                        second_name=ctx.code_name[b],
                    )
                )
                break
    return out
