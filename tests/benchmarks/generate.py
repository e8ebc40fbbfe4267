"""Realistic matrices of any size, for benchmarks and tests.

    from tests.benchmarks.generate import generate, SIZES
    matrix = generate(*SIZES["L"])

Run from the repository root: `python -m tests.benchmarks.generate L` prints what it built.
Content looks like a real programme: phases holding platforms holding deliverables, role bands,
about a quarter of the cells filled (one accountable per row mostly, a few responsibles, the rest
consulted and informed, some "A/R"), a few rows breaking the rules (two accountables, none),
people holding one to three roles, and a few open seats. The same seed gives the same matrix.
"""

from __future__ import annotations

import random
import sys
import time

from ramdesk.model import (
    Deliverable,
    Group,
    Matrix,
    Person,
    Role,
    RoleGroup,
    builtin_scheme,
    join_codes,
)

#: Name -> (deliverables, roles).
SIZES: dict[str, tuple[int, int]] = {"S": (200, 20), "M": (2000, 100), "L": (10000, 200)}

_PHASES = (
    "Initiation",
    "Planning",
    "Design",
    "Build",
    "Integration",
    "Testing",
    "Deployment",
    "Operations handover",
)
_PLATFORMS = (
    "Network",
    "Storage",
    "Compute",
    "Identity",
    "Data platform",
    "Service desk",
    "Security",
    "Cloud landing zone",
)
_WORK = (
    "Project charter",
    "Stakeholder register",
    "Schedule baseline",
    "Budget variance report",
    "Status report",
    "Risk register",
    "Issue log",
    "Change control",
    "Data conversion",
    "System interfaces",
    "Environment build",
    "Technical design",
    "Capacity plan",
    "Test plan",
    "Test execution",
    "Defect triage",
    "Security set-up",
    "Access review",
    "Go-live readiness",
    "Go-live support",
    "Staffing plan",
    "Vendor contract",
    "Training material",
    "Runbook",
    "Backup and restore test",
    "Disaster recovery plan",
    "Licence inventory",
    "Acceptance sign-off",
    "Lessons learned",
    "Architecture review",
)
_BANDS = (
    (
        "Sponsor",
        ("Executive sponsor", "Business owner", "Steering committee", "Finance controller"),
    ),
    (
        "Project management",
        ("Project manager", "Technical project manager", "PMO analyst", "Change manager"),
    ),
    (
        "Technical leadership",
        ("Overall technical lead", "Enterprise architect", "Security architect", "Test manager"),
    ),
    (
        "Platform teams",
        ("Platform lead", "Engineer", "Administrator", "Analyst", "Tester", "Developer"),
    ),
    ("Other", ("Service desk", "Vendor", "Auditor", "Trainer", "Procurement", "Legal")),
)
_FIRST = (
    "Ana María",
    "Björn",
    "Chen",
    "Dolores",
    "Émile",
    "Fatima",
    "Grzegorz",
    "Hiroshi",
    "Ingrid",
    "José",
    "Kwame",
    "Laila",
    "Mikael",
    "Nadia",
    "Olumide",
    "Priya",
    "Quentin",
    "Rosa",
    "Søren",
    "Tomás",
    "Uma",
    "Vikram",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zofia",
)
_LAST = (
    "Abara",
    "Becker",
    "Castillo",
    "Dubois",
    "Eriksson",
    "Fernández",
    "García",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Müller",
    "Nakamura",
    "O'Brien",
    "Patel",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Umarov",
    "Van Dijk",
    "Wójcik",
    "Yilmaz",
    "Zhang",
)


def _letters(scheme, *kinds: str) -> list[str]:
    return [c.letter for c in scheme.codes if c.kind in kinds]


def generate(
    n_deliverables: int,
    n_roles: int,
    *,
    fill: float = 0.25,
    seed: int = 0,
    groups: bool = True,
    people: bool = True,
    scheme: str = "raci",
) -> Matrix:
    """A matrix of n_deliverables x n_roles with realistic content (same seed, same matrix)."""
    rnd = random.Random(seed)
    the_scheme = builtin_scheme(scheme)
    matrix = Matrix(f"Infrastructure programme ({n_deliverables}×{n_roles})", the_scheme)
    matrix.properties = {"Version": "1.0", "Owner": "PMO"}

    # -- roles, in bands; later copies of a name get the platform they serve
    roles: list[Role] = []
    band_roles = [(RoleGroup(band), names) for band, names in _BANDS]
    i = 0
    while len(roles) < n_roles:
        band, names = band_roles[i % len(band_roles)]
        name = names[(i // len(band_roles)) % len(names)]
        round_ = i // (len(band_roles) * len(names))
        if round_:
            name = f"{name} – {_PLATFORMS[round_ % len(_PLATFORMS)]} {round_}"
        if i % 97 == 13:
            name = f"{name} (TBD)"
        roles.append(Role(name, f"Responsibilities of the {name.lower()}.", band))
        i += 1
    order = {band: k for k, (band, _n) in enumerate(band_roles)}
    roles.sort(key=lambda r: order[r.group])
    for role in roles:
        matrix.load_role(role)

    # -- rows: phases > platforms > deliverables
    deliverables: list[Deliverable] = []
    if groups and n_deliverables >= 8:
        n_phases = min(len(_PHASES), max(1, n_deliverables // 25))
        per_phase = [n_deliverables // n_phases] * n_phases
        per_phase[-1] += n_deliverables - sum(per_phase)
        for p, count in enumerate(per_phase):
            phase = Group(_PHASES[p], f"Everything due in the {_PHASES[p].lower()} phase.")
            matrix.load_row(phase)
            n_platforms = max(1, min(len(_PLATFORMS), count // 40))
            for k in range(n_platforms):
                platform = Group(_PLATFORMS[(p + k) % len(_PLATFORMS)])
                matrix.load_row(platform, phase)
                share = count // n_platforms + (count % n_platforms if k == n_platforms - 1 else 0)
                for _ in range(share):
                    d = Deliverable(f"{_WORK[len(deliverables) % len(_WORK)]} {len(deliverables)}")
                    matrix.load_row(d, platform)
                    deliverables.append(d)
        if n_phases > 1:
            matrix.load_row(Group("Contingency", "Nothing planned yet."))  # an empty group
    else:
        for n in range(n_deliverables):
            d = Deliverable(f"{_WORK[n % len(_WORK)]} {n}")
            matrix.load_row(d)
            deliverables.append(d)

    # -- cells
    approve = _letters(the_scheme, "approve") or [the_scheme.letters[0]]
    do = _letters(the_scheme, "do") or approve
    rest = _letters(the_scheme, "consult", "inform", "support", "review") or do
    a, r = approve[0], do[0]
    extra_approve = approve[1:]
    combine = next((p for p in the_scheme.combinable if a in p and len(p) == 2), frozenset((a, r)))
    compound = join_codes(sorted(combine, key=lambda x: x != a))
    # Leaders answer for most rows; everyone does and is consulted.
    leaders = roles[: max(1, min(len(roles), 4 + len(roles) // 10))]
    per_row = max(1, round(fill * len(roles)))
    cells: list[tuple[Deliverable, Role, str]] = []
    empty_every = 97  # a few rows nobody has touched yet
    for n, d in enumerate(deliverables):
        if n % empty_every == 50:
            continue
        chosen = rnd.sample(roles, min(per_row, len(roles)))
        texts: dict[Role, str] = {}
        roll = rnd.random()
        if roll < 0.03:  # two accountables: "if there are two, there are zero"
            accountables = 2
        elif roll < 0.05:
            accountables = 0
        else:
            accountables = 1
        owners = rnd.sample(leaders, min(accountables, len(leaders)))
        for owner in owners:
            texts[owner] = compound if rnd.random() < 0.06 else a
        doers = [x for x in chosen if x not in texts][: rnd.choice((1, 1, 1, 2, 2, 3))]
        for doer in doers:
            texts[doer] = r
        for other in chosen:
            if other not in texts:
                texts[other] = rnd.choice(rest)
        if extra_approve and rnd.random() < 0.3:
            texts[rnd.choice(chosen)] = rnd.choice(extra_approve)
        cells.extend((d, role, text) for role, text in texts.items())
    matrix.load_cells(cells)
    if deliverables and roles:
        matrix.load_note(deliverables[0], roles[0], "Agreed in the kick-off meeting.")

    # -- people: about two and a half per role, each holding one to three roles
    if people:
        n_people = max(1, round(len(roles) * 2.5))
        seats = [role for role in roles if "(TBD)" not in role.name]
        open_seats = set(rnd.sample(seats, len(seats) // 30))
        holdable = [role for role in seats if role not in open_seats] or roles
        for k in range(n_people):
            first, last = _FIRST[k % len(_FIRST)], _LAST[(k // len(_FIRST)) % len(_LAST)]
            name = f"{first} {last}" + (
                f" {k // (len(_FIRST) * len(_LAST)) + 1}" if k >= 650 else ""
            )
            if k % 53 == 7:
                held: list[Role] = []  # someone on the list with no role yet
            elif k < len(holdable):
                held = [holdable[k]]  # every seat that is not open gets somebody
                if rnd.random() < 0.4:
                    held.append(rnd.choice(holdable))
            else:
                held = rnd.sample(holdable, min(len(holdable), rnd.choice((1, 1, 2, 2, 3))))
            email = f"{first.split()[0].lower()}.{last.lower().replace(' ', '')}@example.org"
            matrix.load_person(Person(name, email=email), dict.fromkeys(held))
    return matrix


def main(argv: list[str] | None = None) -> int:
    """Build the named sizes and say what they hold and how long they took."""
    names = (argv if argv is not None else sys.argv[1:]) or list(SIZES)
    for name in names:
        start = time.perf_counter()
        matrix = generate(*SIZES[name.upper()])
        took = time.perf_counter() - start
        print(f"{name.upper()}: {matrix!r}, {matrix.cell_count()} filled cells, {took:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
