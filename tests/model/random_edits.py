"""Random matrices and random edits for property tests (hypothesis draws every choice)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from ramdesk.model import (
    BUILTIN_SCHEMES,
    Batch,
    Code,
    Deliverable,
    Edit,
    Group,
    Hold,
    InsertPerson,
    InsertRole,
    InsertRoleGroup,
    InsertRow,
    Limit,
    Matrix,
    MoveRole,
    MoveRow,
    Person,
    Release,
    RemovePerson,
    RemoveRole,
    RemoveRoleGroup,
    RemoveRow,
    Role,
    RoleGroup,
    RuleSettings,
    Scheme,
    SetCells,
    SetField,
    SetMatrixField,
    SetNote,
    SetScheme,
    SetSettings,
    indent,
    outdent,
    ungroup,
)

#: Names as users type them: any script, spaces, formula-like starts, duplicates on purpose.
names = st.one_of(
    st.sampled_from(["Analyst", "Analyst", "PM", "=SUM(A1)", "-", "@home", "TBD", "", " "]),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
)

custom_schemes = st.builds(
    lambda extra, limit_max, sod: Scheme(
        key="custom",
        name="Our scheme",
        codes=(
            Code("Do", "Does it", "do", color="#112233", weight=3),
            Code("Ok", "Signs it off", "approve", color="#445566", weight=2.5),
            Code("K", "Kept posted", "inform", color="#778899"),
            *((Code("É", "Écoute", "consult", color="#ABC"),) if extra else ()),
        ),
        row_limits=(Limit("Ok", 1, 1, "error", "error"), Limit("Do", 1, limit_max)),
        role_limits=(Limit("Ok", None, 3),),
        combinable=(frozenset({"Do", "Ok"}),),
        separation=(("Do", "Ok"),) if sod else (),
    ),
    st.booleans(),
    st.one_of(st.none(), st.integers(1, 3)),
    st.booleans(),
)

schemes = st.one_of(st.sampled_from(BUILTIN_SCHEMES), custom_schemes)


def cell_texts(scheme: Scheme) -> st.SearchStrategy[str]:
    """What a user may type in a cell of this scheme: codes, compounds, case slips, junk."""
    letters = list(scheme.letters)
    return st.one_of(
        st.just(""),
        st.sampled_from(letters),
        st.sampled_from(letters).map(str.lower),
        st.lists(st.sampled_from(letters), min_size=2, max_size=3).map("/".join),
        st.sampled_from(["X", "zz", "A / R", "r,a"]),
    )


@st.composite
def matrices(draw: Any, max_rows: int = 8, max_roles: int = 5) -> Matrix:
    """A small random matrix: nested groups (some empty), roles in bands, people, cells, notes."""
    scheme = draw(schemes)
    matrix = Matrix(draw(names), scheme)
    bands = [RoleGroup(draw(names)) for _ in range(draw(st.integers(0, 2)))]
    for band in bands:
        matrix._role_groups.append(band)
    roles = []
    for _ in range(draw(st.integers(0, max_roles))):
        band = draw(st.sampled_from([None, *bands]))
        role = Role(draw(names), draw(names), band, draw(st.booleans()))
        matrix.load_role(role)
        roles.append(role)
    groups: list[Group | None] = [None]
    # Cells filled one by one, or as readers of large files fill them: a whole grid at once.
    bulk = draw(st.booleans())
    grid_rows: list[Deliverable] = []
    grid: list[list[str]] = []
    for _ in range(draw(st.integers(0, max_rows))):
        parent = draw(st.sampled_from(groups))
        if draw(st.integers(0, 3)) == 0:
            group = Group(draw(names), draw(names))
            matrix.load_row(group, parent)
            groups.append(group)
        else:
            attributes = draw(st.dictionaries(st.sampled_from(["ID", "Status"]), names))
            d = Deliverable(draw(names), draw(names), attributes)
            matrix.load_row(d, parent)
            texts = []
            for role in roles:
                text = matrix.canonical(draw(cell_texts(scheme))) if draw(st.booleans()) else ""
                texts.append(text)
                if text and not bulk:
                    matrix.load_cells([(d, role, text)])
                if draw(st.integers(0, 5)) == 0:
                    matrix.load_note(d, role, draw(names))
            grid_rows.append(d)
            grid.append(texts)
    if bulk:
        matrix.load_grid(grid_rows, roles, grid)
    for _ in range(draw(st.integers(0, 4))):
        held = draw(st.lists(st.sampled_from(roles), max_size=3, unique=True)) if roles else []
        matrix.load_person(Person(draw(names), draw(names), draw(names)), held)
    return matrix


def _pick(draw: Any, items: Any) -> Any:
    return draw(st.sampled_from(list(items)))


def random_edit(draw: Any, matrix: Matrix) -> Edit | None:
    """One random edit that is valid for the matrix as it is now (None when none applies)."""
    rows, roles, people = matrix.rows, matrix.roles, matrix.people
    deliverables, groups = matrix.deliverables, matrix.groups
    kind = draw(
        st.sampled_from(
            [
                "cells",
                "cells",
                "cells",
                "note",
                "insert_row",
                "remove_row",
                "move_row",
                "indent",
                "outdent",
                "ungroup",
                "insert_role",
                "remove_role",
                "move_role",
                "insert_band",
                "remove_band",
                "insert_person",
                "remove_person",
                "hold",
                "release",
                "rename",
                "matrix_field",
                "scheme",
                "settings",
                "batch",
            ]
        )
    )
    if kind == "cells" and deliverables and roles:
        n = draw(st.integers(1, 4))
        return SetCells(
            [
                (_pick(draw, deliverables), _pick(draw, roles), draw(cell_texts(matrix.scheme)))
                for _ in range(n)
            ]
        )
    if kind == "note" and deliverables and roles:
        return SetNote(_pick(draw, deliverables), _pick(draw, roles), draw(names))
    if kind == "insert_row":
        parent = draw(st.sampled_from([None, *groups]))
        siblings = matrix.children(parent)
        index = draw(st.integers(0, len(siblings)))
        row: Group | Deliverable
        if draw(st.booleans()):
            row = Deliverable(draw(names))
        else:
            row = Group(draw(names))
        return InsertRow(row, parent, index)
    if kind == "remove_row" and rows:
        return RemoveRow(_pick(draw, rows))
    if kind == "move_row" and rows:
        row = _pick(draw, rows)
        inside = set()
        if isinstance(row, Group):
            stack = [row]
            while stack:
                g = stack.pop()
                inside.add(g)
                stack.extend(c for c in g.children if isinstance(c, Group))
        targets = [None, *(g for g in groups if g not in inside)]
        parent = draw(st.sampled_from(targets))
        size = len(matrix.children(parent)) - (1 if row.parent is parent else 0)
        return MoveRow(row, parent, draw(st.integers(0, size)))
    if kind == "indent" and rows:
        return indent(matrix, _pick(draw, rows))
    if kind == "outdent" and rows:
        return outdent(matrix, _pick(draw, rows))
    if kind == "ungroup" and groups:
        return ungroup(matrix, _pick(draw, groups))
    if kind == "insert_role":
        band = draw(st.sampled_from([None, *matrix.role_groups]))
        return InsertRole(Role(draw(names), group=band), draw(st.integers(0, len(roles))))
    if kind == "remove_role" and roles:
        return RemoveRole(_pick(draw, roles))
    if kind == "move_role" and roles:
        return MoveRole(_pick(draw, roles), draw(st.integers(0, len(roles) - 1)))
    if kind == "insert_band":
        members = tuple(draw(st.lists(st.sampled_from(roles), unique=True))) if roles else ()
        index = draw(st.integers(0, len(matrix.role_groups)))
        return InsertRoleGroup(RoleGroup(draw(names)), index, members)
    if kind == "remove_band" and matrix.role_groups:
        return RemoveRoleGroup(_pick(draw, matrix.role_groups))
    if kind == "insert_person":
        held = tuple(draw(st.lists(st.sampled_from(roles), unique=True))) if roles else ()
        return InsertPerson(Person(draw(names)), draw(st.integers(0, len(people))), held)
    if kind == "remove_person" and people:
        return RemovePerson(_pick(draw, people))
    if kind == "hold" and people and roles:
        return Hold(_pick(draw, people), _pick(draw, roles))
    if kind == "release" and people and roles:
        person = _pick(draw, people)
        held = matrix.roles_of(person)
        return Release(person, _pick(draw, held or roles))
    if kind == "rename":
        items = [*rows, *roles, *people, *matrix.role_groups]
        if not items:
            return None
        item = _pick(draw, items)
        if isinstance(item, Role) and draw(st.booleans()):
            if draw(st.booleans()):
                return SetField(item, "is_person", not item.is_person)
            return SetField(item, "group", draw(st.sampled_from([None, *matrix.role_groups])))
        return SetField(item, draw(st.sampled_from(["name", "description"])), draw(names))
    if kind == "matrix_field":
        return SetMatrixField(draw(st.sampled_from(["name", "property:Owner"])), draw(names))
    if kind == "scheme":
        scheme = draw(schemes)
        mapping = {}
        for letter in matrix.scheme.letters:
            if draw(st.booleans()):
                mapping[letter] = draw(st.sampled_from(["", *scheme.letters]))
        return SetScheme(scheme, mapping)
    if kind == "settings":
        rules = [
            "row.missing",
            "row.empty",
            "row.excess:R",
            "person.double_accountable",
            "person.separation",
            "role.open_seat",
        ]
        return SetSettings(
            RuleSettings(
                set(draw(st.lists(st.sampled_from(rules), max_size=2))),
                draw(
                    st.dictionaries(
                        st.sampled_from(["row.max:R", "role.min_deliverables", "row.min:C"]),
                        st.integers(-1, 4).map(float),
                        max_size=2,
                    )
                ),
                draw(st.dictionaries(st.sampled_from(["R", "A"]), st.floats(0, 5), max_size=1)),
            )
        )
    if kind == "batch" and deliverables and roles:
        d = _pick(draw, deliverables)
        return Batch(
            [
                SetCells([(d, _pick(draw, roles), draw(cell_texts(matrix.scheme)))]),
                SetField(d, "name", draw(names)),
            ],
            "Paste",
        )
    return None
