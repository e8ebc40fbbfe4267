"""Schemes as data: codes with meanings and colours, and the rules a scheme states."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

#: What a code means for the checks, whatever its letter ("R" in RACI and "P" in PARIS both do).
KINDS = ("do", "approve", "support", "consult", "inform", "review", "out")

#: Severities, most serious first.
SEVERITIES = ("error", "warning", "info")

_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")
#: Characters a code cannot contain: they separate codes in a cell ("A/R", "A, R").
_SEPARATORS = frozenset("/,;")


class SchemeError(ValueError):
    """A scheme that cannot work; str() says what is wrong in the user's words."""


@dataclass(frozen=True)
class Code:
    """One code of a scheme: its letter(s), meaning and colour."""

    letter: str
    name: str
    kind: str = "consult"
    description: str = ""
    color: str = "#999999"
    weight: float = 1.0
    veto: bool = False
    #: Other words files use for this code ("Responsible", "Sign-off").
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        letter = self.letter
        if (
            not isinstance(letter, str)
            or not 1 <= len(letter) <= 2
            or any(ch.isspace() or ch in _SEPARATORS for ch in letter)
            or not letter.isprintable()
        ):
            raise SchemeError(
                f"A code is one or two characters without spaces, “/”, “,” or “;”, not “{letter}”."
            )
        if self.kind not in KINDS:
            raise SchemeError(
                f"The code “{letter}” has an unknown kind “{self.kind}”; "
                f"choose one of {', '.join(KINDS)}."
            )
        if not isinstance(self.color, str) or not _COLOR.fullmatch(self.color):
            raise SchemeError(
                f"The colour of the code “{letter}” should look like #1F77B4, not “{self.color}”."
            )
        if not isinstance(self.weight, int | float) or not math.isfinite(self.weight):
            raise SchemeError(f"The weight of the code “{letter}” must be a number.")
        if self.weight < 0:
            raise SchemeError(f"The weight of the code “{letter}” cannot be negative.")


@dataclass(frozen=True)
class Limit:
    """How many cells of a deliverable (or of a role) may hold a code."""

    code: str
    min: int | None = None
    max: int | None = None
    #: Severity of a count below min and above max.
    below: str = "error"
    above: str = "warning"


@dataclass(frozen=True)
class Scheme:
    """A responsibility scheme: RACI, PARIS, a user's own ..."""

    key: str
    name: str
    codes: tuple[Code, ...]
    description: str = ""
    #: Per-deliverable limits ("exactly one A").
    row_limits: tuple[Limit, ...] = ()
    #: Per-role limits over the whole matrix (an approver on at most 40 deliverables).
    role_limits: tuple[Limit, ...] = ()
    #: Pairs of codes that may share a cell ("A/R"); any other pair in one cell is flagged.
    combinable: tuple[frozenset[str], ...] = ()
    #: Pairs of codes one person must not hold on the same deliverable (separation of duties).
    separation: tuple[tuple[str, str], ...] = ()
    #: Pairs of codes that belong with one party on a deliverable: whoever holds the first should
    #: hold the second (RACI-VS: the Signatory is the Accountable).
    together: tuple[tuple[str, str], ...] = ()
    builtin: bool = False

    def __post_init__(self) -> None:
        _validate(self)
        object.__setattr__(self, "_by_letter", {c.letter: c for c in self.codes})
        object.__setattr__(self, "_by_word", _words(self.codes))

    # -- lookups -------------------------------------------------------------
    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(c.letter for c in self.codes)

    def code(self, letter: str) -> Code | None:
        return self._by_letter.get(letter)  # type: ignore[attr-defined]

    def letter_for(self, token: str) -> str | None:
        """The code a typed token means: its letter in any case, its name or another word for
        it ("responsible", "Sign-off"), or a look-alike letter from another alphabet (a
        Cyrillic "С" for "C"); None when the token means no code, or could mean two."""
        if token in self._by_letter:  # type: ignore[attr-defined]
            return token
        words = self._by_word  # type: ignore[attr-defined]
        key = " ".join(token.split()).casefold()
        letter = words.get(key)
        if letter is None and key:
            plain = key.translate(_LOOK_ALIKES)
            if plain != key:
                letter = words.get(plain)
        return letter or None

    def letters_of_kind(self, *kinds: str) -> frozenset[str]:
        return frozenset(c.letter for c in self.codes if c.kind in kinds)

    def weight(self, letter: str) -> float:
        code = self.code(letter)
        return code.weight if code else 0.0

    def may_combine(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.combinable

    def with_changes(self, **changes: Any) -> Scheme:
        """A copy with some fields changed; a changed scheme is no longer a built-in one."""
        changes.setdefault("builtin", False)
        return replace(self, **changes)

    # -- data ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "builtin": self.builtin,
            "codes": [
                {
                    "letter": c.letter,
                    "name": c.name,
                    "kind": c.kind,
                    "description": c.description,
                    "color": c.color,
                    "weight": c.weight,
                    "veto": c.veto,
                    "aliases": list(c.aliases),
                }
                for c in self.codes
            ],
            "row_limits": [_limit_dict(lim) for lim in self.row_limits],
            "role_limits": [_limit_dict(lim) for lim in self.role_limits],
            "combinable": [sorted(pair) for pair in self.combinable],
            "separation": [list(pair) for pair in self.separation],
            "together": [list(pair) for pair in self.together],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scheme:
        """A scheme from `to_dict` output; SchemeError says what is wrong with bad data."""
        try:
            return cls._from_dict(data)
        except SchemeError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SchemeError(f"The scheme is incomplete or damaged ({exc}).") from None

    @classmethod
    def _from_dict(cls, data: dict[str, Any]) -> Scheme:
        codes = tuple(
            Code(
                letter=str(c["letter"]),
                name=str(c.get("name", c["letter"])),
                kind=str(c.get("kind", "consult")),
                description=str(c.get("description", "")),
                color=str(c.get("color", "#999999")),
                weight=float(c.get("weight", 1.0)),
                veto=bool(c.get("veto", False)),
                aliases=tuple(str(a) for a in c.get("aliases", ())),
            )
            for c in data.get("codes", ())
        )
        return cls(
            key=str(data.get("key", "custom")),
            name=str(data.get("name", "Custom")),
            description=str(data.get("description", "")),
            codes=codes,
            row_limits=tuple(_limit(d) for d in data.get("row_limits", ())),
            role_limits=tuple(_limit(d) for d in data.get("role_limits", ())),
            combinable=tuple(frozenset(map(str, p)) for p in data.get("combinable", ())),
            separation=tuple((str(a), str(b)) for a, b in data.get("separation", ())),
            together=tuple((str(a), str(b)) for a, b in data.get("together", ())),
            builtin=bool(data.get("builtin", False)),
        )


# Cyrillic and Greek letters that look like Latin ones (typed on another keyboard layout).
_LOOK_ALIKES = str.maketrans(
    "авсеікмнорстухαβεικμνορτυχ",  # lower case only: keys are case-folded
    "abceikmhopctyxabeikmvoptux",
)


def _words(codes: tuple[Code, ...]) -> dict[str, str]:
    """Case-folded letters, names and aliases -> letter; a word two codes share maps to ""."""
    words: dict[str, str] = {}
    for rank in ("letter", "word"):
        found: dict[str, str] = {}
        for code in codes:
            keys = [code.letter] if rank == "letter" else [code.name, *code.aliases]
            for word in keys:
                key = " ".join(word.split()).casefold()
                if not key or key in words:
                    continue  # a letter outranks a name that happens to read the same
                found[key] = code.letter if found.get(key, code.letter) == code.letter else ""
        words.update(found)
    return words


def _validate(scheme: Scheme) -> None:
    """Raise SchemeError when the scheme could not be used to fill in and check a matrix."""
    name = scheme.name.strip() if isinstance(scheme.name, str) else ""
    if not name:
        raise SchemeError("A scheme needs a name.")
    if not scheme.codes:
        raise SchemeError(f"The scheme “{name}” has no codes; give it at least one.")
    seen: set[str] = set()
    for code in scheme.codes:
        if code.letter in seen:
            raise SchemeError(f"The scheme “{name}” defines the code “{code.letter}” twice.")
        seen.add(code.letter)
    letters = seen

    def known(letter: str, what: str) -> None:
        if letter not in letters:
            raise SchemeError(
                f"The scheme “{name}” has {what} for the code “{letter}”, which it does not define."
            )

    for limits, where in ((scheme.row_limits, "deliverable"), (scheme.role_limits, "role")):
        for lim in limits:
            known(lim.code, f"a per-{where} limit")
            if lim.min is None and lim.max is None:
                raise SchemeError(
                    f"The per-{where} limit on “{lim.code}” gives neither a least nor a most."
                )
            for bound in (lim.min, lim.max):
                if bound is not None and (not isinstance(bound, int) or bound < 0):
                    raise SchemeError(
                        f"The per-{where} limit on “{lim.code}” must count in whole numbers from 0."
                    )
            if lim.min is not None and lim.max is not None and lim.min > lim.max:
                raise SchemeError(
                    f"The per-{where} limit on “{lim.code}” asks for at least {lim.min} "
                    f"but at most {lim.max}."
                )
            for severity in (lim.below, lim.above):
                if severity not in SEVERITIES:
                    raise SchemeError(
                        f"“{severity}” is not a severity; use one of {', '.join(SEVERITIES)}."
                    )
    for pair in scheme.combinable:
        if len(pair) != 2:
            raise SchemeError("Codes that may share a cell are given in pairs of two codes.")
        for letter in sorted(pair):
            known(letter, "a pair that may share a cell")
    for pairs, what, wrong in (
        (
            scheme.separation,
            "a separation-of-duties rule",
            "Separation of duties is given as pairs of two different codes "
            "(the person who does it, the person who checks it).",
        ),
        (
            scheme.together,
            "a pair of codes that belong together",
            "Codes that belong with one party are given as pairs of two different codes "
            "(whoever holds the first should hold the second).",
        ),
    ):
        for pair in pairs:
            if len(pair) != 2 or pair[0] == pair[1]:
                raise SchemeError(wrong)
            for letter in pair:
                known(letter, what)


def _limit_dict(lim: Limit) -> dict[str, Any]:
    return {
        "code": lim.code,
        "min": lim.min,
        "max": lim.max,
        "below": lim.below,
        "above": lim.above,
    }


def _limit(d: dict[str, Any]) -> Limit:
    def _int(v: Any) -> int | None:
        return None if v is None or v == "" else int(v)

    return Limit(
        code=str(d["code"]),
        min=_int(d.get("min")),
        max=_int(d.get("max")),
        below=str(d.get("below", "error")),
        above=str(d.get("above", "warning")),
    )


@dataclass
class RuleSettings:
    """Which rules apply to one matrix, and their thresholds; saved with the matrix."""

    #: Rule ids switched off ("row.excess"), or one code of a rule ("row.excess:R").
    disabled: set[str] = field(default_factory=set)
    #: Named thresholds; see ramdesk.rules.DEFAULT_THRESHOLDS for the names.
    thresholds: dict[str, float] = field(default_factory=dict)
    #: Weights per code for load, overriding the scheme's.
    weights: dict[str, float] = field(default_factory=dict)

    def enabled(self, rule: str, code: str | None = None) -> bool:
        if rule in self.disabled:
            return False
        return code is None or f"{rule}:{code}" not in self.disabled

    def to_dict(self) -> dict[str, Any]:
        return {
            "disabled": sorted(self.disabled),
            "thresholds": dict(sorted(self.thresholds.items())),
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleSettings:
        return cls(
            disabled={str(x) for x in data.get("disabled", ())},
            thresholds={str(k): float(v) for k, v in data.get("thresholds", {}).items()},
            weights={str(k): float(v) for k, v in data.get("weights", {}).items()},
        )

    def copy(self) -> RuleSettings:
        return RuleSettings(set(self.disabled), dict(self.thresholds), dict(self.weights))
