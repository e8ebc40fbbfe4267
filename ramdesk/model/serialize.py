"""A matrix as plain data (JSON-ready) and back: for examples, recovery records and tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any

from .builtin_schemes import builtin_scheme
from .items import Deliverable, Group, Person, Role, RoleGroup, Row
from .matrix import Matrix
from .scheme import RuleSettings, Scheme, SchemeError

FORMAT = "ramdesk-matrix"
VERSION = 1


def to_data(matrix: Matrix, *, for_json: bool = False) -> dict[str, Any]:
    """Everything in the matrix as nested dicts and lists (roles and people referred to by index).

    `for_json`: the data goes straight to json.dumps, so a deliverable's [role index, text]
    pairs may be tuples (the same JSON, made ~2x faster)."""
    role_pos = {r: i for i, r in enumerate(matrix.roles)}
    deliverable = _row_data(matrix, role_pos, _notes_of(matrix, role_pos), for_json)

    def row(r: Row) -> dict[str, Any]:
        if isinstance(r, Group):
            out: dict[str, Any] = {"group": r.name}
            if r.description:
                out["description"] = r.description
            out["rows"] = [row(c) for c in r.children]
            return out
        return deliverable(r)

    data = to_data_head(matrix)
    data["rows"] = [row(r) for r in matrix.top_level]
    return data


def to_data_head(matrix: Matrix) -> dict[str, Any]:
    """`to_data` without its rows: the matrix's fields, scheme, roles and people."""
    role_pos = {r: i for i, r in enumerate(matrix.roles)}
    band_pos = {g: i for i, g in enumerate(matrix.role_groups)}
    return {
        "format": FORMAT,
        "version": VERSION,
        "name": matrix.name,
        "properties": dict(matrix.properties),
        "scheme": matrix.scheme.to_dict(),
        "settings": matrix.settings.to_dict(),
        "role_groups": [{"name": g.name, "description": g.description} for g in matrix.role_groups],
        "roles": [
            {
                "name": r.name,
                "description": r.description,
                "group": band_pos.get(r.group) if r.group is not None else None,
                "is_person": r.is_person,
            }
            for r in matrix.roles
        ],
        "people": [
            {
                "name": p.name,
                "description": p.description,
                "email": p.email,
                "roles": [role_pos[r] for r in matrix.roles_of(p)],
            }
            for p in matrix.people
        ],
    }


def _notes_of(matrix: Matrix, role_pos: dict[Role, int]) -> dict[Deliverable, list[list[Any]]]:
    notes_of: dict[Deliverable, list[list[Any]]] = {}
    for (d, role), note in matrix.notes.items():
        notes_of.setdefault(d, []).append([role_pos[role], note])
    return notes_of


def _row_data(
    matrix: Matrix,
    role_pos: dict[Role, int],
    notes_of: dict[Deliverable, list[list[Any]]],
    for_json: bool,
) -> Callable[[Deliverable], dict[str, Any]]:
    """A function giving a deliverable's data."""
    pred = matrix._pred
    position, texts = role_pos.__getitem__, itemgetter("codes")

    def deliverable(r: Deliverable) -> dict[str, Any]:
        out: dict[str, Any] = {"deliverable": r.name}
        if r.description:
            out["description"] = r.description
        if r.attributes:
            out["attributes"] = dict(r.attributes)
        cells = pred[r]
        if cells:
            # Straight from the row's cells, in C: [role index, text] pairs sorted by index.
            pairs = sorted(zip(map(position, cells), map(texts, cells.values()), strict=False))
            out["codes"] = pairs if for_json else list(map(list, pairs))
        notes = notes_of.get(r)
        if notes:
            out["notes"] = sorted(notes)
        return out

    return deliverable


def iter_json(matrix: Matrix) -> Iterator[str]:
    """`to_data(matrix)` as JSON text (compact, not ASCII-escaped), in pieces of a row or so:
    "".join of them is json.dumps' text. Lets a caller write a big matrix out a slice at a
    time; the matrix must not change until the last piece is taken."""
    head = _dumps(to_data_head(matrix))
    yield head[:-1] + ',"rows":['
    comma = False
    for part in _row_parts(matrix, matrix.top_level):
        if part == "]}":
            yield part
            comma = True
        else:
            yield "," + part if comma else part
            comma = not part.endswith("[")
    yield "]}"


def _row_parts(matrix: Matrix, rows: Iterable[Row]) -> Iterator[str]:
    """The pieces of a list of rows: a deliverable whole, a group as its opening, its
    children's pieces and "]}" (the caller puts the commas in)."""
    role_pos = {r: i for i, r in enumerate(matrix.roles)}
    one = _row_data(matrix, role_pos, _notes_of(matrix, role_pos), for_json=True)
    stack: list[Iterator[Row]] = [iter(rows)]
    while stack:
        for row in stack[-1]:
            if isinstance(row, Group):
                opening = '{"group":' + _dumps(row.name)
                if row.description:
                    opening += ',"description":' + _dumps(row.description)
                yield opening + ',"rows":['
                stack.append(iter(row.children))
                break
            yield _dumps(one(row))
        else:
            stack.pop()
            if stack:
                yield "]}"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def from_data(data: dict[str, Any]) -> Matrix:
    """Build a matrix from `to_data` output (or a hand-written file in the same shape).

    Raises ValueError (SchemeError for a bad scheme) saying what is wrong with damaged data.
    """
    try:
        return _from_data(data)
    except SchemeError:
        raise
    except ValueError as exc:
        if str(exc).startswith("not a ramdesk matrix"):
            raise
        raise ValueError(f"not a ramdesk matrix: the data is damaged ({exc})") from None
    except (KeyError, IndexError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a ramdesk matrix: the data is damaged ({exc!r})") from None


def _from_data(data: dict[str, Any]) -> Matrix:
    if not isinstance(data, dict):
        raise ValueError("not a ramdesk matrix: expected an object at the top")
    if data.get("format", FORMAT) != FORMAT:
        raise ValueError(f"not a ramdesk matrix (format {data.get('format')!r})")
    scheme_data = data.get("scheme", "raci")
    scheme = (
        builtin_scheme(scheme_data)
        if isinstance(scheme_data, str)
        else Scheme.from_dict(scheme_data)
    )
    matrix = Matrix(str(data.get("name", "Untitled matrix")), scheme)
    matrix.properties = {str(k): str(v) for k, v in data.get("properties", {}).items()}
    matrix.settings = RuleSettings.from_dict(data.get("settings", {}))
    bands = [
        RoleGroup(str(g.get("name", "")), str(g.get("description", "")))
        for g in data.get("role_groups", ())
    ]
    for band in bands:
        matrix._role_groups.append(band)
    roles: list[Role] = []
    for r in data.get("roles", ()):
        if isinstance(r, str):
            r = {"name": r}
        band = r.get("group")
        role = Role(
            str(r.get("name", "")),
            str(r.get("description", "")),
            bands[band] if isinstance(band, int) else None,
            bool(r.get("is_person", False)),
        )
        matrix.load_role(role)
        roles.append(role)
    for p in data.get("people", ()):
        matrix.load_person(
            Person(str(p.get("name", "")), str(p.get("description", "")), str(p.get("email", ""))),
            [roles[i] for i in p.get("roles", ())],
        )
    canonical = matrix.canonical

    def build(item: dict[str, Any], parent: Group | None) -> None:
        if "group" in item:
            group = Group(str(item["group"]), str(item.get("description", "")))
            matrix.load_row(group, parent)
            for child in item.get("rows", ()):
                build(child, group)
            return
        d = Deliverable(
            str(item.get("deliverable", "")),
            str(item.get("description", "")),
            {str(k): str(v) for k, v in item.get("attributes", {}).items()},
        )
        matrix.load_row(d, parent)
        matrix.load_cells((d, roles[i], canonical(str(text))) for i, text in item.get("codes", ()))
        for i, note in item.get("notes", ()):
            matrix.load_note(d, roles[i], str(note))

    for item in data.get("rows", ()):
        build(item, None)
    return matrix
