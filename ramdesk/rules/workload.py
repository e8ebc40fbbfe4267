"""Workload: how much each person, role and group carries, weighted by code.

A person's load is the sum over every role they hold of (cells holding a code x the code's
weight) — the same arithmetic as the "person.overloaded" check (`checks.person_load`), and the
same threshold (`checks.overload_limit`). A role held by two people loads both of them in full:
each of them answers for it. Weights come from the scheme, overridden per matrix by
`matrix.settings.weights` (saved with the matrix; change them with `weights_edit`).

Per person and per role, everything is read from the model's column counters, so a full
recomputation costs one pass over people and roles, not over cells. Only the breakdown per
group reads cells; it is kept per role and recounted only for roles an edit touched.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ramdesk.model import (
    Batch,
    Change,
    Deliverable,
    Group,
    Matrix,
    Person,
    Role,
    SetCells,
    SetNote,
    SetSettings,
    split_codes,
)

from .checks import DEFAULT_THRESHOLDS, Context, check_person, overload_limit, person_load

#: The threshold that decides "overloaded": a share of the heaviest possible load.
OVERLOAD_SHARE = "person.overload_share"


@dataclass
class Load:
    """What one person, role or group carries."""

    #: The Person, Role or Group (or a name, across matrices).
    subject: object
    #: How many cells hold each code.
    counts: dict[str, int] = field(default_factory=dict)
    #: Sum of counts x weights.
    load: float = 0.0
    #: Above the overload limit.
    overloaded: bool = False

    @property
    def cells(self) -> int:
        return sum(self.counts.values())

    def add(self, counts: Mapping[str, int], weights: Mapping[str, float]) -> None:
        """Add cells holding codes (by letter) to this load."""
        mine = self.counts
        load = 0.0
        for letter, n in counts.items():
            mine[letter] = mine.get(letter, 0) + n
            load += weights.get(letter, 0.0) * n
        self.load += load

    def weighted(self, letter: str, weights: Mapping[str, float]) -> float:
        """The part of the load that comes from one code."""
        return self.counts.get(letter, 0) * weights.get(letter, 0.0)


def weights(matrix: Matrix) -> dict[str, float]:
    """The weight of each code of the matrix's scheme, after the matrix's own overrides."""
    return dict(Context(matrix).weights)


def scheme_weights(matrix: Matrix) -> dict[str, float]:
    """The scheme's own weights (what "Reset" goes back to)."""
    return {c.letter: float(c.weight) for c in matrix.scheme.codes}


def overload_share(matrix: Matrix) -> float:
    """The configured share of the heaviest possible load above which someone is overloaded."""
    return float(matrix.settings.thresholds.get(OVERLOAD_SHARE, DEFAULT_THRESHOLDS[OVERLOAD_SHARE]))


def weights_edit(matrix: Matrix, new: Mapping[str, float]) -> SetSettings:
    """An undoable edit giving codes new weights; weights equal to the scheme's are not stored."""
    return settings_edit(matrix, weights=new)


def threshold_edit(matrix: Matrix, share: float) -> SetSettings:
    """An undoable edit setting the overload threshold (a share between 0 and 1)."""
    return settings_edit(matrix, share=share)


def settings_edit(
    matrix: Matrix, weights: Mapping[str, float] | None = None, share: float | None = None
) -> SetSettings:
    """One undoable edit changing weights and/or the overload threshold (saved with the matrix)."""
    settings = matrix.settings.copy()
    own = scheme_weights(matrix)
    for letter, value in (weights or {}).items():
        value = float(value)
        if not 0 <= value < float("inf"):  # also refuses NaN
            raise ValueError(f"a weight must be a number of zero or more, not {value!r}")
        if own.get(letter) == value:
            settings.weights.pop(letter, None)
        else:
            settings.weights[letter] = value
    if share is not None:
        if not 0 < share <= 1:
            raise ValueError(f"the overload threshold is a share between 0 and 1, not {share!r}")
        if share == DEFAULT_THRESHOLDS[OVERLOAD_SHARE]:
            settings.thresholds.pop(OVERLOAD_SHARE, None)
        else:
            settings.thresholds[OVERLOAD_SHARE] = float(share)
    label = "Change load weights" if weights else "Change overload threshold"
    return SetSettings(settings, label)


class Workload:
    """Loads of one matrix, brought up to date after each edit with `note(change)`."""

    def __init__(self, matrix: Matrix) -> None:
        self.matrix = matrix
        self._ctx: Context | None = None
        # role -> group -> counts of codes in the role's cells under that group (any depth)
        self._by_group: dict[Role, dict[Group, dict[str, int]]] = {}
        self._ancestors: dict[Deliverable, tuple[Group, ...]] | None = None
        self._people: dict[Person, Load] | None = None

    # ------------------------------------------------------------------ keeping current
    def note(self, change: Change) -> None:
        """Bring the kept figures up to date after an edit (cheap: only what it touched)."""
        if change.scheme:
            self._ctx = None
        if change.scheme or change.rows or change.columns or change.people_list:
            self._people = None  # the limit, or who is listed, changed
        elif self._people is not None:
            m = self.matrix
            dirty = set(change.people)
            for role in change.roles:
                if m.contains(role):
                    dirty.update(m.holders(role))
            for person in dirty:
                self._people.pop(person, None)
        if change.rows:
            self._rows_changed(change)
        olds = _old_codes(change) if not (change.rows or change.columns) else None
        if olds is not None:
            self._cells_changed(olds)
            return
        # a role's cells, holders or place changed (an insert may bring cells back): recount it
        for role in change.roles:
            self._by_group.pop(role, None)
        for _d, role in change.cells:
            self._by_group.pop(role, None)

    def _cells_changed(self, olds: dict[tuple[Deliverable, Role], str]) -> None:
        # codes typed, pasted or undone: move each cell's codes between the counts it feeds
        m, ancestors = self.matrix, self._ancestors
        for (d, role), old in olds.items():
            counts = self._by_group.get(role)
            if counts is None:
                continue
            if ancestors is None:
                self._by_group.pop(role, None)
                continue
            groups = ancestors.get(d, ())
            try:
                for letter in split_codes(old):
                    for g in groups:
                        mine = counts[g]
                        n = mine[letter] - 1
                        if n:
                            mine[letter] = n
                        else:
                            del mine[letter]
            except KeyError:  # counts out of step (an edit made without note): count afresh
                self._by_group.pop(role, None)
                continue
            for letter in split_codes(m.code(d, role)):
                for g in groups:
                    mine = counts.get(g)
                    if mine is None:
                        mine = counts[g] = {}
                    mine[letter] = mine.get(letter, 0) + 1
            for g in groups:
                if not counts.get(g, True):
                    del counts[g]

    def _rows_changed(self, change: Change) -> None:
        # rows came, went or moved: only their own roles' counts per group are stale
        m, ancestors = self.matrix, self._ancestors
        if ancestors is None or len(change.deliverables) > 2000:
            self._ancestors = None
            self._by_group.clear()
            return
        stale: set[Role] = set()
        for d in change.deliverables:
            if m.contains(d):
                ancestors[d] = m.path(d)
                stale.update(role for role, _text in m.row_cells(d))
            else:
                ancestors.pop(d, None)
        for role in stale:
            self._by_group.pop(role, None)

    def reset(self) -> None:
        """Forget everything (the matrix was replaced or changed outside edits)."""
        self._ctx = None
        self._people = None
        self._by_group.clear()
        self._ancestors = None

    @property
    def context(self) -> Context:
        if self._ctx is None:
            self._ctx = Context(self.matrix)
        return self._ctx

    # ------------------------------------------------------------------ figures
    @property
    def weights(self) -> dict[str, float]:
        return self.context.weights

    @property
    def limit(self) -> float:
        """The load above which a person counts as overloaded; infinite on a matrix too small for
        loads to mean much (see `checks.overload_limit`)."""
        return overload_limit(self.context, len(self.matrix.deliverables))

    def over(self, load: float) -> bool:
        """Whether a load counts as overloaded here (same limit and switch as the check)."""
        return load > self.limit and self.context.on("person.overloaded")

    def person(self, person: Person) -> Load:
        m, w = self.matrix, self.weights
        out = Load(person)
        for role in m.roles_of(person):
            out.add(m.role_counts(role), w)
        # the check's own arithmetic and verdict, so the panel and the check never differ
        ctx = self.context
        out.load = person_load(ctx, person)
        if out.load > self.limit:
            verdict = check_person(ctx, person, len(m.deliverables))
            out.overloaded = any(p.rule == "person.overloaded" for p in verdict)
        return out

    def role(self, role: Role) -> Load:
        out = Load(role)
        out.add(self.matrix.role_counts(role), self.weights)
        out.overloaded = self.over(out.load)
        return out

    def people(self) -> list[Load]:
        """Every person's load, heaviest first (ties in the matrix's order)."""
        kept = self._people
        if kept is None:
            kept = self._people = {}
        out = []
        for p in self.matrix.people:
            load = kept.get(p)
            if load is None:
                load = kept[p] = self.person(p)
            out.append(load)
        return _heaviest_first(out)

    def roles(self) -> list[Load]:
        """Every role's load, heaviest first (ties in column order)."""
        return _heaviest_first([self.role(r) for r in self.matrix.roles])

    def overloaded(self) -> list[Load]:
        return [x for x in self.people() if x.overloaded]

    # ------------------------------------------------------------------ groups
    def _group_counts(self, role: Role) -> dict[Group, dict[str, int]]:
        cached = self._by_group.get(role)
        if cached is not None:
            return cached
        if self._ancestors is None:
            m = self.matrix
            self._ancestors = {d: m.path(d) for d in m.deliverables}
        ancestors = self._ancestors
        split = split_codes
        out: dict[Group, dict[str, int]] = {}
        for d, text in self.matrix.column_cells(role):
            groups = ancestors.get(d, ())
            if not groups:
                continue
            for letter in split(text):
                for g in groups:
                    counts = out.get(g)
                    if counts is None:
                        counts = out[g] = {}
                    counts[letter] = counts.get(letter, 0) + 1
        self._by_group[role] = out
        return out

    def role_by_group(self, role: Role) -> dict[Group, Load]:
        """A role's load in each group (and in every enclosing group)."""
        w = self.weights
        out: dict[Group, Load] = {}
        for g, counts in self._group_counts(role).items():
            load = out[g] = Load(g)
            load.add(counts, w)
        return out

    def person_by_group(self, person: Person) -> dict[Group, Load]:
        """A person's load in each group, through all their roles."""
        w = self.weights
        out: dict[Group, Load] = {}
        for role in self.matrix.roles_of(person):
            for g, counts in self._group_counts(role).items():
                load = out.get(g)
                if load is None:
                    load = out[g] = Load(g)
                load.add(counts, w)
        return out

    def group(self, group: Group) -> Load:
        """Everything a group's deliverables carry, over all roles."""
        w = self.weights
        out = Load(group)
        for role in self.matrix.roles:
            counts = self._group_counts(role).get(group)
            if counts:
                out.add(counts, w)
        return out

    def group_people(self, group: Group) -> list[Load]:
        """Who a group loads, heaviest first (each Load's subject is a Person)."""
        w = self.weights
        loads: list[Load] = []
        for p in self.matrix.people:
            load = Load(p)
            for role in self.matrix.roles_of(p):
                counts = self._group_counts(role).get(group)
                if counts:
                    load.add(counts, w)
            if load.counts:
                loads.append(load)
        return _heaviest_first(loads)

    def group_roles(self, group: Group) -> list[Load]:
        """Which roles a group loads, heaviest first."""
        w = self.weights
        loads = []
        for role in self.matrix.roles:
            counts = self._group_counts(role).get(group)
            if counts:
                load = Load(role)
                load.add(counts, w)
                loads.append(load)
        return _heaviest_first(loads)

    def groups(self, depth: int | None = 0) -> list[Load]:
        """Loads of the groups at one depth (0: top level; None: every group), in matrix order."""
        m = self.matrix
        return [self.group(g) for g in m.groups if depth is None or m.depth(g) == depth]


def _old_codes(change: Change) -> dict[tuple[Deliverable, Role], str] | None:
    """The codes cells held before a change made only of cell edits (None for any other)."""
    olds: dict[tuple[Deliverable, Role], str] = {}
    stack = [change.inverse]
    order: list[SetCells] = []
    while stack:
        edit = stack.pop()
        if isinstance(edit, Batch):
            stack.extend(reversed(tuple(edit.edits)))
        elif isinstance(edit, SetCells):
            order.append(edit)
        elif not isinstance(edit, SetNote):
            return None
    # the inverse runs in this order, so the last word on a cell is what it held at first
    for edit in order:
        for d, role, text in edit.cells:
            olds[(d, role)] = text
    return olds


def _heaviest_first(loads: Iterable[Load]) -> list[Load]:
    # sorted() is stable: equal loads keep the matrix's order
    return sorted(loads, key=lambda x: -x.load)


# ---------------------------------------------------------------------------- several matrices
def name_key(name: str) -> str:
    """A person's name as matched across files: case, accents, spacing, dots, "(PM)" and
    "Smith, John" order ignored."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _PARENS.sub(" ", text)
    if text.count(",") == 1:
        last, first = text.split(",")
        if first.strip() and last.strip():
            text = f"{first} {last}"
    text = _PUNCT.sub(" ", text.casefold())
    return " ".join(text.split())


def email_key(email: str) -> str:
    return (email or "").strip().casefold()


_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PUNCT = re.compile(r"[.,;:_\"'’`]+")


@dataclass
class Entry:
    """One appearance of a person in one matrix: a Person, or a role column naming a person."""

    index: int
    item: Person | Role

    @property
    def name(self) -> str:
        return self.item.name

    @property
    def email(self) -> str:
        return getattr(self.item, "email", "")


@dataclass
class Someone:
    """One person across several matrices, with their load in each."""

    name: str
    entries: list[Entry]
    #: Load in each matrix (None: not in that matrix).
    per_matrix: list[Load | None]
    total: Load
    #: Sum over matrices of load / that matrix's overload limit: above 1 is too much.
    strain: float

    @property
    def overloaded(self) -> bool:
        return self.strain > 1.0

    @property
    def spellings(self) -> list[str]:
        """The different ways the name is written (spacing and case aside)."""
        seen: dict[str, str] = {}
        for e in self.entries:
            name = " ".join(e.name.split())
            seen.setdefault(name.casefold(), name)
        return list(seen.values())

    @property
    def emails(self) -> list[str]:
        return sorted({email_key(e.email) for e in self.entries if e.email.strip()})

    @property
    def key(self) -> str:
        return _entry_key(self.entries[0])


def _entry_key(entry: Entry) -> str:
    email = email_key(entry.email)
    return f"mail:{email}" if email else f"name:{name_key(entry.name)}"


class Combined:
    """People's loads summed over several matrices (a shared engineer on three projects).

    People are the same person when their e-mails match, or when their names match once case,
    accents, spacing and "Last, First" order are ignored (unless both carry different e-mails).
    Role columns that name a person directly and that no Person holds count as that person.
    `merge` joins two spellings the rules did not match; `unmerge` undoes it.
    """

    def __init__(
        self,
        matrices: Iterable[Matrix],
        labels: Iterable[str] | None = None,
        merges: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.matrices = list(matrices)
        self.labels = list(labels) if labels is not None else [m.name for m in self.matrices]
        if len(self.labels) != len(self.matrices):
            raise ValueError("one label per matrix")
        #: Pairs of keys (see Someone.key) the user declared to be one person.
        self.merges: list[tuple[str, str]] = list(merges)
        self.people: list[Someone] = []
        self.refresh()

    def merge(self, a: Someone, b: Someone) -> None:
        """Treat two people as one (two spellings of one name)."""
        if a is not b:
            self.merges.append((a.key, b.key))
            self.refresh()

    def unmerge(self, someone: Someone) -> None:
        """Forget every merge that joined this person's entries."""
        keys = {_entry_key(e) for e in someone.entries}
        self.merges = [(a, b) for a, b in self.merges if a not in keys and b not in keys]
        self.refresh()

    def find(self, name: str) -> Someone | None:
        key = name_key(name)
        for s in self.people:
            if any(name_key(e.name) == key for e in s.entries):
                return s
        return None

    def refresh(self) -> None:
        """Recompute after a matrix changed or a merge was made."""
        entries: list[Entry] = []
        loads: list[Load] = []
        workloads = [Workload(m) for m in self.matrices]
        limits = [w.limit for w in workloads]
        for i, (m, w) in enumerate(zip(self.matrices, workloads, strict=True)):
            for p in m.people:
                entries.append(Entry(i, p))
                loads.append(w.person(p))
            for r in m.roles:
                if r.is_person and not m.holders(r):
                    entries.append(Entry(i, r))
                    loads.append(w.role(r))
        parent = list(range(len(entries)))

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def union(x: int, y: int) -> None:
            rx, ry = root(x), root(y)
            if rx != ry:
                parent[max(rx, ry)] = min(rx, ry)

        by_mail: dict[str, int] = {}
        by_name: dict[str, list[int]] = {}
        for i, e in enumerate(entries):
            mail = email_key(e.email)
            if mail:
                if mail in by_mail:
                    union(by_mail[mail], i)
                else:
                    by_mail[mail] = i
            by_name.setdefault(name_key(e.name), []).append(i)
        for same in by_name.values():
            for i in same:
                for j in same:
                    if i < j and _compatible(entries[i], entries[j]):
                        union(i, j)
        by_key: dict[str, list[int]] = {}
        for i, e in enumerate(entries):
            by_key.setdefault(_entry_key(e), []).append(i)
            by_key.setdefault(f"name:{name_key(e.name)}", []).append(i)
        for a, b in self.merges:
            xs, ys = by_key.get(a, []), by_key.get(b, [])
            if xs and ys:
                union(xs[0], ys[0])
                for x in xs[1:]:
                    union(xs[0], x)
                for y in ys[1:]:
                    union(ys[0], y)
        clusters: dict[int, list[int]] = {}
        for i in range(len(entries)):
            clusters.setdefault(root(i), []).append(i)
        people: list[Someone] = []
        n = len(self.matrices)
        for members in clusters.values():
            per: list[Load | None] = [None] * n
            total = Load(None)
            strain = 0.0
            for i in members:
                e, load = entries[i], loads[i]
                mine = per[e.index]
                if mine is None:
                    mine = per[e.index] = Load(e.item)
                for letter, c in load.counts.items():
                    mine.counts[letter] = mine.counts.get(letter, 0) + c
                    total.counts[letter] = total.counts.get(letter, 0) + c
                mine.load += load.load
                total.load += load.load
                if 0 < limits[e.index] < math.inf:  # a tiny matrix adds no strain
                    strain += load.load / limits[e.index]
            for i, mine in enumerate(per):
                if mine is not None:
                    mine.overloaded = workloads[i].over(mine.load)
            names = [" ".join(entries[i].name.split()) for i in members]
            # the spelling shown: capitalised over lower case, then the most used, then the fullest
            shown = max(names, key=lambda s: (not s.islower(), names.count(s), len(s)))
            total.subject = shown
            total.overloaded = strain > 1.0
            someone = Someone(shown, [entries[i] for i in members], per, total, strain)
            people.append(someone)
        people.sort(key=lambda s: (-s.total.load, name_key(s.name)))
        self.people = people

    def suggestions(self) -> list[tuple[Someone, Someone]]:
        """Pairs that may be one person spelled two ways ("J. Smith" and "John Smith")."""
        by_last: dict[str, list[Someone]] = {}
        for s in self.people:
            parts = name_key(s.name).split()
            if parts:
                by_last.setdefault(parts[-1], []).append(s)
        out: list[tuple[Someone, Someone]] = []
        for same in by_last.values():
            for i, a in enumerate(same):
                for b in same[i + 1 :]:
                    if _alike(name_key(a.name), name_key(b.name)) and not _different_mail(a, b):
                        out.append((a, b))
        seen = {(id(a), id(b)) for a, b in out}
        # surnames spelled differently ("Schmidt", "Schmitt") fall through the blocks above;
        # such names sort next to each other, so a window over the sorted list finds them
        ordered = sorted(self.people, key=lambda s: name_key(s.name))
        keys = [name_key(s.name) for s in ordered]
        for i, a in enumerate(ordered):
            for j in range(i + 1, min(len(ordered), i + 20)):
                b = ordered[j]
                if keys[i].split()[-1:] == keys[j].split()[-1:] or not _close(keys[i], keys[j]):
                    continue
                if (id(a), id(b)) not in seen and not _different_mail(a, b):
                    seen.add((id(a), id(b)))
                    out.append((a, b))
        return out


def _compatible(a: Entry, b: Entry) -> bool:
    ma, mb = email_key(a.email), email_key(b.email)
    return not (ma and mb and ma != mb)


def _different_mail(a: Someone, b: Someone) -> bool:
    ea, eb = set(a.emails), set(b.emails)
    return bool(ea and eb and not ea & eb)


def _alike(a: str, b: str) -> bool:
    """Same surname, and first names that agree on their initial ("j smith" / "john smith")."""
    if a == b:
        return False
    fa, fb = a.split()[:-1], b.split()[:-1]
    if not fa or not fb:
        return True  # "Smith" and "John Smith"
    return fa[0][0] == fb[0][0]


def _close(a: str, b: str) -> bool:
    if not a or not b or abs(len(a) - len(b)) > 2:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.9
