"""Problems in the user's words: what is wrong, and how to fix it."""

from __future__ import annotations

from .problem import Problem


def _n(p: Problem, key: str = "count") -> int:
    return int(p.param(key, 0))


def _code(p: Problem, key: str = "code", name_key: str = "name") -> str:
    code, name = p.param(key), p.param(name_key)
    return f"{code} ({name})" if name and name != code else str(code)


def _g(p: Problem, key: str) -> str:
    value = p.param(key, 0)
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _d(p: Problem) -> str:
    return f"“{p.deliverable.name}”" if p.deliverable is not None else "this deliverable"


def _r(p: Problem) -> str:
    return f"“{p.role.name}”" if p.role is not None else "this role"


def _who(p: Problem) -> str:
    if p.person is not None:
        return f"“{p.person.name}”"
    return f"“{p.role.name}”" if p.role is not None else "this person"


def message(p: Problem) -> str:
    """One sentence saying what is wrong."""
    rule = p.rule
    if rule == "row.missing":
        if _n(p) == 0:
            return f"Nobody is {_code(p)} for {_d(p)}."
        return f"{_d(p)} has {_n(p)} × {_code(p)}; it needs at least {_n(p, 'min')}."
    if rule == "row.excess":
        most = _n(p, "max")
        if most == 1:
            return f"{_d(p)} has {_n(p)} × {_code(p)}; there should be exactly one."
        return f"{_d(p)} has {_n(p)} × {_code(p)}; more than {most} is a lot."
    if rule == "row.empty":
        return f"Nobody has a code on {_d(p)}: it is unassigned."
    if rule == "row.no_action":
        return f"On {_d(p)} everyone is only consulted or informed: nobody does or approves it."
    if rule == "cell.unknown":
        known = p.param("known")
        among = f" ({known})" if known else ""
        return f"“{p.param('code')}” for {_r(p)} on {_d(p)} is not a code of this scheme{among}."
    if rule == "cell.combination":
        return f"{_r(p)} holds {p.param('codes')} on {_d(p)}: these codes should not be combined."
    if rule == "cell.multiple":
        return f"{_r(p)} holds several codes ({p.param('codes')}) on {_d(p)}."
    if rule == "cell.separation":
        return (
            f"{_r(p)} is both {_code(p, 'first', 'first_name')} and "
            f"{_code(p, 'second', 'second_name')} on {_d(p)}: the same party does and checks it."
        )
    if rule == "role.unused":
        return f"{_r(p)} has no code on any deliverable."
    if rule == "role.everywhere":
        return f"{_r(p)} is involved in every one of the {_n(p)} deliverables."
    if rule == "role.only_consulted":
        return f"{_r(p)} is only ever consulted or informed ({_plural(_n(p), 'deliverable')})."
    if rule == "role.bottleneck":
        return f"{_r(p)} is {_code(p)} on {_n(p)} of {_n(p, 'total')} deliverables: a bottleneck."
    if rule == "role.missing":
        return (
            f"{_r(p)} is {_code(p)} on {_n(p)} deliverables; the scheme asks for at least "
            f"{_n(p, 'min')}."
        )
    if rule == "role.excess":
        return (
            f"{_r(p)} is {_code(p)} on {_n(p)} deliverables; the scheme allows at most "
            f"{_n(p, 'max')}."
        )
    if rule == "role.open_seat":
        return f"Nobody holds the role {_r(p)}: it is an open seat."
    if rule == "person.no_role":
        return f"{_who(p)} holds no role."
    if rule == "person.overloaded":
        roles = _n(p, "roles")
        across = f"their {roles} roles" if roles > 1 else "their role"
        return (
            f"{_who(p)} carries a weighted load of {_g(p, 'load')} across {across}, "
            f"above the {_g(p, 'limit')} one person can be expected to carry here."
        )
    if rule == "person.double_accountable":
        roles = " and ".join(f"“{r}”" for r in p.param("roles", ()))
        return f"{_who(p)} is accountable for {_d(p)} twice, as {roles}."
    if rule == "row.apart":
        holders = " and ".join(f"“{name}”" for name in p.param("holders", ()))
        return (
            f"{_r(p)} is {_code(p, 'first', 'first_name')} on {_d(p)} but not "
            f"{_code(p, 'second', 'second_name')} ({holders} is): the "
            f"{p.param('first_name')} should be the {p.param('second_name')}."
        )
    if rule == "person.separation":
        return (
            f"{_who(p)} is {_code(p, 'first', 'first_name')} as “{p.param('first_role')}” and "
            f"{_code(p, 'second', 'second_name')} as “{p.param('second_role')}” on {_d(p)}: "
            "they would check their own work."
        )
    return f"{rule} ({', '.join(f'{k}={v}' for k, v in p.params)})"


def advice(p: Problem) -> str:
    """One sentence saying how to fix it."""
    rule = p.rule
    if rule == "row.missing":
        if _n(p, "min") > 1:
            return f"Give {_code(p)} to more roles, or change the scheme's limit."
        return f"Give {_code(p)} to the role that should have it."
    if rule == "row.excess":
        if _n(p, "max") == 1:
            return (
                f"Keep one {p.param('code')} and change the others: if there are two, "
                "there are zero."
            )
        return f"Keep {p.param('code')} for the roles that matter, or split the deliverable."
    return {
        "row.empty": "Say who does it and who answers for it, or remove the row.",
        "row.no_action": "Say who does the work and who approves it.",
        "cell.unknown": "Type one of the scheme's codes, or add this code to a custom scheme.",
        "cell.combination": "Keep one code in the cell, or allow the pair in the scheme.",
        "cell.multiple": "Fine where the scheme allows it; one code per cell reads clearest.",
        "cell.separation": "Give the checking to another role.",
        "role.unused": "Give the role something to do, or remove the column.",
        "role.everywhere": "Check that the role really needs to be part of everything.",
        "role.only_consulted": "Check whether the role is needed, or make it part of the work.",
        "role.bottleneck": "Spread the work or the approvals over more roles.",
        "role.missing": "Give the role more of this code, or change the scheme's limit.",
        "role.excess": "Move some of this code to other roles, or change the scheme's limit.",
        "role.open_seat": "Name the person who holds the role, or mark the column as a person.",
        "person.no_role": "Give the person a role, or remove them.",
        "person.overloaded": "Hand one of their roles, or some of its codes, to someone else.",
        "person.double_accountable": "Keep the accountability in one of the roles, or give one "
        "of the roles to someone else.",
        "person.separation": "Give one of the two roles to someone else.",
        "row.apart": "Give both codes to one role (as one cell, e.g. “A/S”), or switch the rule "
        "off for this matrix.",
    }.get(rule, "")
