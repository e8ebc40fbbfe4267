"""ramdesk's workbook: whatever a matrix holds comes back exactly after save and load."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ramdesk
from ramdesk.model import (
    BUILTIN_SCHEMES,
    Code,
    Deliverable,
    Group,
    Limit,
    Matrix,
    Person,
    Role,
    RoleGroup,
    RuleSettings,
    Scheme,
    join_codes,
)

# Text as people type it, in any script; a few names recur so duplicates are common.
names = st.one_of(
    st.text(max_size=14),
    st.sampled_from(["Analyst", "Analyst", "Lead", "", " padded ", "=SUM(A1)", "-1", "@x", "+44"]),
)
letters = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Z"), blacklist_characters="/,;"),
    min_size=1,
    max_size=2,
).filter(str.isprintable)
KINDS = ("do", "approve", "support", "consult", "inform", "review", "out")


@st.composite
def custom_schemes(draw: st.DrawFn) -> Scheme:
    codes = draw(st.lists(letters, min_size=1, max_size=6, unique=True))
    made = tuple(
        Code(
            c,
            draw(names),
            draw(st.sampled_from(KINDS)),
            draw(names),
            draw(st.sampled_from(["#0072B2", "#e69f00", "#FFFFFF", "#000000"])),
            draw(st.sampled_from([0.5, 1.0, 4.0])),
            draw(st.booleans()),
            tuple(draw(st.lists(names, max_size=2))),
        )
        for c in codes
    )
    limits = tuple(
        Limit(c, draw(st.none() | st.integers(0, 1)), draw(st.integers(1, 5)))
        for c in draw(st.lists(st.sampled_from(codes), max_size=2, unique=True))
    )
    pairs = tuple(
        frozenset(p)
        for p in draw(st.lists(st.tuples(*[st.sampled_from(codes)] * 2), max_size=2))
        if p[0] != p[1]
    )
    separation = tuple(
        p
        for p in draw(st.lists(st.tuples(*[st.sampled_from(codes)] * 2), max_size=2))
        if p[0] != p[1]
    )
    return Scheme(
        key="custom",
        name=draw(names.filter(str.strip)),
        codes=made,
        description=draw(names),
        row_limits=limits,
        role_limits=limits[:1],
        combinable=tuple(dict.fromkeys(pairs)),
        separation=separation,
    )


schemes = st.one_of(st.sampled_from(BUILTIN_SCHEMES), custom_schemes())


@st.composite
def matrices(draw: st.DrawFn) -> Matrix:
    scheme = draw(schemes)
    matrix = Matrix(draw(names), scheme)
    matrix.properties = draw(st.dictionaries(names, names, max_size=3))
    matrix.settings = RuleSettings(
        set(
            draw(st.lists(st.sampled_from(["row.excess", "row.no_do:R", "col.empty"]), max_size=2))
        ),
        draw(st.dictionaries(st.sampled_from(["max_c", "load"]), st.floats(0, 50), max_size=2)),
        draw(st.dictionaries(st.sampled_from(scheme.letters), st.floats(0, 9), max_size=2)),
    )
    bands = [RoleGroup(draw(names), draw(names)) for _ in range(draw(st.integers(0, 3)))]
    roles = []
    for _ in range(draw(st.integers(0, 6))):
        band = draw(st.sampled_from([None, *bands]))
        roles.append(Role(draw(names), draw(names), band, draw(st.booleans())))
    roles.sort(key=lambda r: bands.index(r.group) if r.group in bands else -1)
    for band in bands:
        matrix._role_groups.append(band)  # unused bands too: they must survive
    for role in roles:
        matrix.load_role(role)
    attribute_keys = ["ID", "Status", "Due", "Description", "Deliverable", ""]

    def rows(parent: Group | None, depth: int) -> None:
        for _ in range(draw(st.integers(0, 4 if depth < 3 else 0))):
            if depth < 3 and draw(st.booleans()):
                group = Group(draw(names), draw(st.sampled_from(["", "About this phase"])))
                matrix.load_row(group, parent)
                rows(group, depth + 1)
            else:
                attrs = draw(st.dictionaries(st.sampled_from(attribute_keys), names, max_size=2))
                d = Deliverable(draw(names), draw(st.sampled_from(["", "What it is", "é"])), attrs)
                matrix.load_row(d, parent)

    rows(None, 0)
    cell_texts = st.one_of(
        st.sampled_from(scheme.letters),
        st.just("X"),  # a code the scheme does not know stays, for the checks to flag
    )
    if len(scheme.letters) > 1:
        compounds = st.lists(st.sampled_from(scheme.letters), min_size=2, max_size=2, unique=True)
        cell_texts |= compounds.map(join_codes)
    for d in matrix.deliverables:
        for role in roles:
            if draw(st.integers(0, 3)) == 0:
                matrix.load_cells([(d, role, matrix.canonical(draw(cell_texts)))])
            if draw(st.integers(0, 7)) == 0:
                matrix.load_note(d, role, draw(st.text(min_size=1, max_size=30)))
    for _ in range(draw(st.integers(0, 4))):
        held = draw(st.lists(st.sampled_from(roles), unique=True)) if roles else []
        matrix.load_person(Person(draw(names), draw(names), draw(names)), held)
    return matrix


def everything(matrix: Matrix) -> dict:
    snap = matrix.snapshot()
    snap["role_groups"] = [(g.name, g.description) for g in matrix.role_groups]
    return snap


def round_trip(matrix: Matrix) -> Matrix:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "matrix.xlsx"
        ramdesk.save(matrix, path)
        well_formed(path)
        return ramdesk.load(path)


def well_formed(path: Path) -> None:
    """Every XML part parses strictly: Excel offers to "repair" a file whose parts do not."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels", ".vml")):
                data = archive.read(name)
                try:
                    ElementTree.fromstring(data)
                except ElementTree.ParseError as exc:
                    raise AssertionError(f"{name}: {exc}: {data[:2000]!r}") from None


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(matrices())
def test_round_trip_is_lossless(matrix: Matrix) -> None:
    assert everything(round_trip(matrix)) == everything(matrix)


@pytest.mark.parametrize("scheme", BUILTIN_SCHEMES, ids=lambda s: s.key)
def test_every_builtin_scheme_round_trips(scheme: Scheme) -> None:
    matrix = Matrix("Programme", scheme)
    phase = Group("Phase 1", "The first phase")
    matrix.load_row(phase)
    sub = Group("Platform", "")
    matrix.load_row(sub, phase)
    empty = Group("Nothing yet")
    matrix.load_row(empty)
    roles = [Role(f"Role {c.letter}") for c in scheme.codes]
    for role in roles:
        matrix.load_role(role)
    for i, code in enumerate(scheme.codes):
        d = Deliverable(f"Deliverable {i}", attributes={"ID": f"D-{i:03}"})
        matrix.load_row(d, sub if i % 2 else phase)
        matrix.load_cells([(d, roles[i], code.letter)])
    loaded = round_trip(matrix)
    assert everything(loaded) == everything(matrix)
    assert loaded.scheme == scheme
    assert loaded.scheme.builtin


def test_loaded_matrix_knows_its_source(tmp_path: Path) -> None:
    matrix = Matrix("M")
    path = tmp_path / "m.xlsx"
    ramdesk.save(matrix, path)
    loaded = ramdesk.load(path)
    assert loaded.source.layout == "ramdesk"
    assert loaded.source.path == path


def test_bulk_loading_equals_cell_by_cell_loading() -> None:
    """Matrix.load_grid (the reader's fast path) keeps every counter load_cells keeps."""
    from tests.benchmarks.generate import generate

    source = generate(60, 12)
    texts = [[source.code(d, r) for r in source.roles] for d in source.deliverables]

    def fresh() -> tuple[Matrix, list[Deliverable], list[Role]]:
        m = Matrix("copy", source.scheme)
        roles = [Role(r.name) for r in source.roles]
        for role in roles:
            m.load_role(role)
        ds = [Deliverable(d.name) for d in source.deliverables]
        for d in ds:
            m.load_row(d)
        return m, ds, roles

    one, ds1, roles1 = fresh()
    one.load_cells(
        (ds1[i], roles1[j], t) for i, row in enumerate(texts) for j, t in enumerate(row) if t
    )
    two, ds2, roles2 = fresh()
    two.load_grid(ds2, roles2, texts)
    assert two.snapshot() == one.snapshot()
    for d1, d2 in zip(ds1, ds2, strict=True):
        assert dict(two.row_counts(d2)) == dict(one.row_counts(d1))
        assert two.multi_code_cells(d2) == one.multi_code_cells(d1)
    for r1, r2 in zip(roles1, roles2, strict=True):
        assert dict(two.role_counts(r2)) == dict(one.role_counts(r1))
        for letter in source.scheme.letters:
            assert {ds2.index(d) for d in two.deliverables_with(r2, letter)} == {
                ds1.index(d) for d in one.deliverables_with(r1, letter)
            }
    assert [p.rule for p in two.problems()] == [p.rule for p in one.problems()]
