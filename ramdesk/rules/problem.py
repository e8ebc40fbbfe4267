"""A problem is data: which rule, how serious, where, and the numbers behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ramdesk.model import Deliverable, Person, Role

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Problem:
    """One finding of a check. Equal problems have the same rule, severity, subjects (the very
    same items: names may repeat) and params."""

    rule: str
    severity: str
    deliverable: Deliverable | None = None
    role: Role | None = None
    person: Person | None = None
    #: The numbers and codes behind it, as sorted (name, value) pairs.
    params: tuple[tuple[str, Any], ...] = ()

    def param(self, name: str, default: Any = None) -> Any:
        for key, value in self.params:
            if key == name:
                return value
        return default

    @property
    def message(self) -> str:
        """What is wrong and how to fix it, in the user's words."""
        from .messages import message

        return message(self)

    @property
    def fix(self) -> str:
        from .messages import advice

        return advice(self)

    def key(self) -> tuple:
        """Identity of the finding, for comparing two checks of the same matrix."""
        return (
            self.rule,
            self.severity,
            id(self.deliverable),
            id(self.role),
            id(self.person),
            self.params,
        )

    def __repr__(self) -> str:
        where = ", ".join(
            f"{k}={getattr(self, k).name!r}"
            for k in ("deliverable", "role", "person")
            if getattr(self, k) is not None
        )
        return f"<Problem {self.rule} {self.severity} {where} {dict(self.params)}>"


def problem(
    rule: str, severity: str, deliverable=None, role=None, person=None, **params
) -> Problem:
    return Problem(rule, severity, deliverable, role, person, tuple(sorted(params.items())))
