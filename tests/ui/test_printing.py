"""Printed PDFs, read back: page counts, names on every page, splits, subsets and cards."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from ramdesk.io.errors import WriteError
from ramdesk.model import Deliverable, Group, Matrix, Person, Role, RoleGroup
from ramdesk.ui.printing import PrintOptions, UnknownSubject, export_pdf, make_plan

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext (poppler-utils) is needed to read the printed PDFs back",
)

# Short enough never to wrap, varied enough to catch a row printed twice or not at all.
PHASES = ("Initiation", "Planning", "Delivery", "Handover")
WORK = ("charter", "budget", "schedule", "risk log", "design", "build", "test plan", "training")


def pdf_text(path: Path, page: int | None = None) -> str:
    """The text layer of a PDF (or of one page), whitespace collapsed."""
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(unicodedata.normalize("NFKC", out.stdout).split())


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


def flat_matrix(n_rows: int, n_roles: int) -> Matrix:
    """Deliverables with no groups, short role names: geometry easy to reason about."""
    m = Matrix("Flat plan")
    roles = [Role(f"Role {j + 1}") for j in range(n_roles)]
    for r in roles:
        m.load_role(r)
    rows = [Deliverable(f"Item {i + 1:03d}") for i in range(n_rows)]
    for d in rows:
        m.load_row(d)
    m.load_cells((d, roles[i % n_roles], "A") for i, d in enumerate(rows))
    m.load_cells((d, roles[(i + 1) % n_roles], "R") for i, d in enumerate(rows) if n_roles > 1)
    return m


def phased_matrix(per_phase: int = 6, n_roles: int = 10, bands: bool = True) -> Matrix:
    """Phases holding deliverables, roles in bands, people on roles; every name unique."""
    m = Matrix("Kick-off plan")
    band_a, band_b = RoleGroup("Leadership"), RoleGroup("Delivery team")
    roles = []
    for j in range(n_roles):
        group = (band_a if j < n_roles // 3 else band_b) if bands else None
        roles.append(Role(f"Seat{j + 1:02d} lead", f"Leads area {j + 1}.", group))
    for r in roles:
        m.load_role(r)
    k = 0
    for phase in PHASES:
        g = Group(phase)
        m.load_row(g)
        for i in range(per_phase):
            d = Deliverable(f"{phase[:4]} {WORK[i % len(WORK)]} {k:03d}")
            m.load_row(d, g)
            m.load_cells([(d, roles[k % n_roles], "A"), (d, roles[(k + 3) % n_roles], "R")])
            m.load_cells([(d, roles[(k + 5) % n_roles], "C"), (d, roles[(k + 7) % n_roles], "I")])
            k += 1
    for i, r in enumerate(roles):
        m.load_person(Person(f"Person{i + 1:02d}"), [r])
    m.load_person(Person("Idle Ida"))
    return m


def test_page_count_for_a_known_matrix_and_paper(tmp_path: Path) -> None:
    # A4 portrait, 10 mm margins: 538.3 x 785.3 pt inside. Title block 13 * 1.25 + 7 * 1.35
    # + 3 = 28.7 pt, legend 7 * 1.5 + 2 = 12.5 pt, two 6 pt gaps: 732.1 pt for the matrix;
    # one-line header and rows are 8 * 1.22 + 2 * 8 * 0.35 = 15.36 pt: 46 rows a page.
    out = tmp_path / "flat.pdf"
    options = PrintOptions(paper="A4", orientation="portrait", mark_problems=False)
    assert export_pdf(flat_matrix(100, 6), out, options) == 3
    assert pdf_pages(out) == 3
    assert "deliverables 1–46 of 100" in pdf_text(out, 1)
    assert "deliverables 47–92 of 100" in pdf_text(out, 2)
    assert "deliverables 93–100 of 100" in pdf_text(out, 3)
    # Bigger paper, fewer pages.
    assert export_pdf(flat_matrix(100, 6), tmp_path / "a3.pdf", options, paper="A3") == 2


def test_every_name_title_and_legend_are_printed(tmp_path: Path) -> None:
    m = phased_matrix()
    m.properties["version"] = "7"
    out = tmp_path / "plan.pdf"
    n = export_pdf(m, out, date="2026-11-22")
    assert n == pdf_pages(out)
    text = pdf_text(out)
    plan, _layout = make_plan(m, PrintOptions())
    grid = plan.grid
    for i, row in enumerate(m.rows):
        assert " ".join(grid.row_lines[i]) == row.name
        assert all(line in text for line in grid.row_lines[i])
    for j, role in enumerate(m.roles):
        assert " ".join(grid.head_lines[j]) == role.name
        assert all(line in text for line in grid.head_lines[j]), role.name
    for band in m.role_groups:
        assert band.name in text
    for page in range(1, n + 1):
        page_text = pdf_text(out, page)
        assert "Kick-off plan" in page_text
        assert "RACI · 2026-11-22 · version 7" in page_text
        assert f"Page {page} of {n}" in page_text
        for code in m.scheme.codes:
            assert code.name in page_text


def test_a_split_repeats_role_header_and_deliverable_names_on_every_page(tmp_path: Path) -> None:
    m = phased_matrix(per_phase=30, n_roles=40)
    options = PrintOptions(paper="A4", orientation="landscape", min_font_size=8)
    plan, _layout = make_plan(m, options)
    assert plan.pages_across > 1 and len(plan.pages) > plan.pages_across
    assert "split into" in plan.note
    out = tmp_path / "split.pdf"
    assert export_pdf(m, out, options) == len(plan.pages)
    rows, roles = plan.grid.selection.rows, plan.grid.selection.roles
    seen_roles: set[Role] = set()
    seen_rows: set = set()
    for number, page in enumerate(plan.pages, start=1):
        text = pdf_text(out, number)
        for j in page.cols:
            assert " ".join(plan.grid.head_lines[j]) == roles[j].name
            assert all(line in text for line in plan.grid.head_lines[j]), (number, roles[j].name)
            seen_roles.add(roles[j])
        for i in page.rows:
            assert rows[i].name in text, (number, rows[i].name)
            seen_rows.add(rows[i])
        for i in page.carried:
            assert f"{rows[i].name} (continued)" in text
        first, last = page.cols.start + 1, page.cols.stop
        assert f"roles {first}–{last} of 40" in text
    assert seen_roles == set(m.roles) and seen_rows == set(m.rows)


def test_fit_width_is_honoured_when_text_stays_readable() -> None:
    m = phased_matrix(per_phase=3, n_roles=40)
    options = PrintOptions(orientation="landscape", min_font_size=3)
    plan, _layout = make_plan(m, options)
    assert plan.pages_across == 1 and not plan.note
    assert plan.scale < 1
    assert plan.grid.width * plan.scale <= plan.width + 0.01


def test_pages_wide_fits_the_number_asked_for() -> None:
    m = phased_matrix(per_phase=3, n_roles=60)
    plan, _layout = make_plan(m, PrintOptions(fit="pages", pages_wide=2, min_font_size=4))
    assert plan.pages_across == 2 and not plan.note


def test_a_small_fixed_scale_is_raised_to_the_minimum_text_size() -> None:
    m = phased_matrix(per_phase=2, n_roles=5)
    plan, _layout = make_plan(m, PrintOptions(fit="scale", scale=0.3, min_font_size=6))
    assert plan.scale == pytest.approx(6 / 8)
    assert "below the 6 pt minimum" in plan.note


def test_wide_matrices_print_landscape_by_default_narrow_ones_portrait() -> None:
    _plan, wide = make_plan(phased_matrix(per_phase=2, n_roles=40), PrintOptions())
    _plan, narrow = make_plan(phased_matrix(per_phase=2, n_roles=4), PrintOptions())
    assert wide.orientation().name == "Landscape"
    assert narrow.orientation().name == "Portrait"


def test_one_persons_responsibilities(tmp_path: Path) -> None:
    m = phased_matrix()
    who = m.people[2]
    out = tmp_path / "person.pdf"
    export_pdf(m, out, person=who.name, mark_problems=False)
    text = pdf_text(out)
    assert f"Responsibilities of {who.name}" in text
    reach = m.reach(who)
    assert reach
    for d in m.deliverables:
        assert (d.name in text) == (d in reach), d.name


def test_rows_with_problems_only(tmp_path: Path) -> None:
    m = phased_matrix()
    broken = m.deliverables[4]
    for role, _text in list(m.row_cells(broken)):
        m.load_cells([(broken, role, "")])
    out = tmp_path / "problems.pdf"
    export_pdf(m, out, problem_rows=True, problems_summary=True)
    text = pdf_text(out)
    assert broken.name in text
    assert m.deliverables[5].name not in text
    assert "Problems (1)" in text and f"Nobody has a code on “{broken.name}”" in text
    assert "Idle Ida" not in text  # not about the rows printed


def test_an_unknown_person_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(UnknownSubject, match="Nobody called “Zed”"):
        export_pdf(phased_matrix(), tmp_path / "x.pdf", person="Zed")
    assert not (tmp_path / "x.pdf").exists()


def test_cards_one_page_per_person_in_the_schemes_words(tmp_path: Path) -> None:
    m = phased_matrix()
    out = tmp_path / "cards.pdf"
    n = export_pdf(m, out, cards=True)
    assert n == len(m.people) == pdf_pages(out)
    for number, person in enumerate(m.people, start=1):
        text = pdf_text(out, number)
        assert text.count(person.name) >= 1
        if person.name == "Idle Ida":
            assert "Holds no role" in text and "No responsibilities recorded" in text
            continue
        role = m.roles_of(person)[0]
        assert f"{role.name} — {role.description}" in text
        assert "Accountable for" in text and "Responsible for" in text
        for d, _code in m.column_cells(role):
            assert d.name in text
            assert m.path(d)[0].name in text  # grouped by phase


def test_cards_for_roles_and_a_long_card_continues(tmp_path: Path) -> None:
    m = phased_matrix(per_phase=40, n_roles=3, bands=False)
    out = tmp_path / "roles.pdf"
    n = export_pdf(m, out, cards="roles")
    assert n > len(m.roles)  # 160 deliverables over three roles do not fit one page each
    text = pdf_text(out)
    assert "(continued)" in text
    for role in m.roles:
        holder = m.holders(role)[0]
        assert f"{role.name} — {role.description} Held by {holder.name}." in text
    for d in m.deliverables:
        assert d.name in text


def test_export_replaces_the_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "plan.pdf"
    out.write_text("old")
    export_pdf(phased_matrix(per_phase=1), out)
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]
    with pytest.raises(WriteError):
        export_pdf(phased_matrix(per_phase=1), tmp_path / "missing" / "plan.pdf")


def test_an_empty_matrix_prints_one_page(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    assert export_pdf(Matrix("Nothing yet"), out) == 1
    assert "There are no deliverables to print" in pdf_text(out)


def test_export_works_headless_without_an_application(tmp_path: Path) -> None:
    out = tmp_path / "headless.pdf"
    code = (
        "import sys; from ramdesk.model import Matrix; "
        "from ramdesk.ui.printing import export_pdf; m = Matrix('Solo'); "
        "r = m.add_role('Owner'); d = m.add_deliverable('Plan'); m.set_code(d, r, 'A'); "
        "print(export_pdf(m, sys.argv[1]))"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert "Owner" in pdf_text(out) and "Plan" in pdf_text(out)


def test_absurd_names_are_shortened_not_spread_over_pages(tmp_path: Path) -> None:
    m = Matrix("x" * 400)
    role = Role("Role " + "very " * 200)
    m.load_role(role)
    g = Group("Phase " + "long " * 300)
    m.load_row(g)
    d = Deliverable("Deliverable " + "words " * 500)
    m.load_row(d, g)
    m.load_cells([(d, role, "A")])
    out = tmp_path / "absurd.pdf"
    assert export_pdf(m, out) == 1
    text = pdf_text(out)
    assert "Deliverable words words" in text and "..." in text  # "…" read back as NFKC
