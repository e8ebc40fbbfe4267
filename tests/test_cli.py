"""The command line: exit codes, messages, JSON, exports; broken files never show a traceback."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ramdesk
from ramdesk.cli import main
from ramdesk.cli.qt import missing_library_hint
from ramdesk.examples import example_matrix
from ramdesk.model import Matrix, builtin_scheme

REPO = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------------------- inputs
def clean_matrix() -> Matrix:
    """Two phases, six deliverables, seven roles, six people; no warning, no error.

    Accountability is spread so nobody's load passes the overload limit, and every deliverable
    has exactly one A and one R ("Budget" holds the only "A/R", which is a note).
    """
    m = Matrix("Office move", builtin_scheme("raci"))
    band = m.add_role_group("Project team")
    names = ("Project manager", "Facilities lead", "IT support", "Finance", "HR", "Security")
    roles = {name: m.add_role(name, group=band if i < 3 else None) for i, name in enumerate(names)}
    roles["Contractor"] = m.add_role("Contractor")
    for person, held in (
        ("Ada", ["Project manager"]),
        ("Fay", ["Facilities lead"]),
        ("Bo", ["IT support", "Security"]),
        ("Cy", ["Finance"]),
        ("Di", ["HR"]),
        ("Eve", ["Contractor"]),
    ):
        m.add_person(person, [roles[r] for r in held])
    plan = m.add_group("Planning")
    move = m.add_group("Move")
    for name, group, cells in (
        ("Floor plan", plan, {"Project manager": "A", "Facilities lead": "R", "Security": "C"}),
        ("Budget", plan, {"Finance": "A/R", "Project manager": "I"}),
        ("Staff briefing", plan, {"HR": "A", "Project manager": "R"}),
        ("Crates and labels", move, {"Facilities lead": "A", "HR": "R"}),
        ("Network cut-over", move, {"IT support": "A", "Contractor": "R"}),
        ("Access badges", move, {"Security": "A", "Contractor": "R"}),
    ):
        d = m.add_deliverable(name, group)
        for role, code in cells.items():
            m.set_code(d, roles[role], code)
    return m


def warning_matrix() -> Matrix:
    """No error, one warning: a role that nobody holds."""
    m = clean_matrix()
    caterer = m.add_role("Caterer (to be hired)")
    m.set_code(m.deliverables[-1], caterer, "I")
    return m


@pytest.fixture
def good_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "office move.xlsx"
    ramdesk.save(clean_matrix(), path, layout="ramdesk")
    return path


@pytest.fixture
def conflicted_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "programme.xlsx"
    ramdesk.save(example_matrix(), path, layout="ramdesk")
    return path


def _broken(tmp_path: Path, kind: str) -> Path:
    if kind == "missing":
        return tmp_path / "nowhere.xlsx"
    if kind == "folder":
        folder = tmp_path / "folder.xlsx"
        folder.mkdir()
        return folder
    path = tmp_path / f"{kind}.xlsx"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("this is a shopping list, not a workbook\nmilk\neggs\n")
    elif kind == "truncated":
        whole = tmp_path / "whole.xlsx"
        ramdesk.save(clean_matrix(), whole, layout="ramdesk")
        data = whole.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "not-a-matrix":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("hello.txt", "a zip, but no workbook inside")
    return path


BROKEN = ("missing", "folder", "empty", "text", "truncated", "not-a-matrix")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# ---------------------------------------------------------------------------- check
def test_check_a_clean_file_exits_0(capsys: pytest.CaptureFixture[str], good_xlsx: Path) -> None:
    code, out, err = _run(capsys, "check", str(good_xlsx))
    assert code == 0, err
    assert "Office move (RACI)" in out.splitlines()[0]
    assert out.rstrip().endswith("1 note; health 100 % (6 of 6 deliverables valid).")
    assert "Errors" not in out and "Warnings" not in out


def test_check_a_conflicted_file_exits_1_and_groups_the_problems(
    capsys: pytest.CaptureFixture[str], conflicted_xlsx: Path
) -> None:
    code, out, _ = _run(capsys, "check", str(conflicted_xlsx))
    assert code == 1
    headings = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert headings[1:4] == ["Errors (5)", "Warnings (4)", "Notes (4)"]
    # grouped by where: the deliverable once, with its groups, then each of its problems
    assert out.count("  Application integration design  (2. Design and build ›") == 1
    for problem in example_matrix().problems():  # every message, each with its fix
        assert f"    - {problem.message}\n      → {problem.fix}\n" in out
    assert "  Role: Identity & Access Lead" in out
    assert "  Person: Wei Zhang  (Technical Lead, Applications Lead)" in out
    assert out.rstrip().endswith(
        "5 errors, 4 warnings, 4 notes; health 95 % (72 of 76 deliverables valid)."
    )


def test_check_brief_leaves_out_the_fixes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "example", "--brief")
    assert code == 1
    assert "→" not in out
    assert all(f"    - {p.message}\n" in out for p in example_matrix().problems())


def test_warnings_fail_only_when_asked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "warnings.xlsx"
    ramdesk.save(warning_matrix(), path, layout="ramdesk")
    code, out, _ = _run(capsys, "check", str(path))
    assert code == 0
    assert "Warnings (1)" in out and "open seat" in out
    assert _run(capsys, "check", str(path), "--fail-on", "warning")[0] == 1


def test_check_json_is_a_list_of_problems(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "check", "example", "--json")
    assert code == 1
    problems = json.loads(out)
    assert len(problems) == 13
    keys = {"rule", "severity", "deliverable", "role", "person", "message", "params"}
    assert all(keys <= set(p) for p in problems)
    double = next(p for p in problems if p["rule"] == "person.double_accountable")
    assert double["person"] == "Wei Zhang"
    assert double["deliverable"] == "Application integration design"
    assert double["groups"] == ["2. Design and build", "Applications", "System interfaces"]
    assert double["params"]["roles"] == ["Technical Lead", "Applications Lead"]
    seat = next(p for p in problems if p["rule"] == "role.open_seat")
    assert (seat["role"], seat["column"], seat["deliverable"]) == (
        "Identity & Access Lead",
        10,
        None,
    )
    assert [p["severity"] for p in problems] == sorted(
        (p["severity"] for p in problems), key=("error", "warning", "info").index
    )


def test_check_json_of_a_clean_file_is_empty(
    capsys: pytest.CaptureFixture[str], good_xlsx: Path
) -> None:
    code, out, _ = _run(capsys, "check", str(good_xlsx), "--json")
    assert code == 0
    # only the note on the one "A/R" cell
    assert [(p["rule"], p["deliverable"]) for p in json.loads(out)] == [("cell.multiple", "Budget")]


@pytest.mark.parametrize("kind", BROKEN)
@pytest.mark.parametrize("command", ["check", "info"])
def test_broken_files_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str, command: str
) -> None:
    path = _broken(tmp_path, kind)
    code, out, err = _run(capsys, command, str(path))
    assert code == 2
    assert out == ""
    line = _one_line(err)
    assert line.startswith(f"ramdesk: {path}: "), line
    assert len(line) > len(f"ramdesk: {path}: ") + 5  # says what is wrong


def test_broken_file_messages_say_what_is_wrong(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    said = {
        kind: _one_line(_run(capsys, "check", str(_broken(tmp_path, kind)))[2]) for kind in BROKEN
    }
    assert said["missing"].endswith("no such file")
    assert "folder" in said["folder"]
    assert "empty" in said["empty"]
    for kind in ("text", "truncated"):
        assert "workbook" in said[kind] or "damaged" in said[kind], said[kind]


def test_several_files_report_each_and_exit_with_the_worst(
    capsys: pytest.CaptureFixture[str], good_xlsx: Path, conflicted_xlsx: Path, tmp_path: Path
) -> None:
    code, out, err = _run(capsys, "check", str(good_xlsx), str(conflicted_xlsx))
    assert code == 1
    assert "Office move" in out and "Atlas infrastructure" in out
    missing = tmp_path / "gone.xlsx"
    code, out, err = _run(capsys, "check", str(good_xlsx), str(missing), "--json")
    assert code == 2
    assert {p["file"] for p in json.loads(out)} == {str(good_xlsx)}  # the files that were read
    assert _one_line(err) == f"ramdesk: {missing}: no such file"


def test_summary_is_one_line_per_file(
    capsys: pytest.CaptureFixture[str], good_xlsx: Path, conflicted_xlsx: Path
) -> None:
    code, out, _ = _run(capsys, "check", "--summary", str(good_xlsx), str(conflicted_xlsx))
    assert code == 1
    assert out.splitlines() == [
        f"{good_xlsx}: 1 note; health 100 % (6 of 6 deliverables valid).",
        f"{conflicted_xlsx}: 5 errors, 4 warnings, 4 notes; health 95 % (72 of 76 deliverables "
        "valid).",
    ]


def test_a_failing_check_on_one_file_leaves_the_others_checked(
    capsys: pytest.CaptureFixture[str],
    good_xlsx: Path,
    conflicted_xlsx: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = Matrix.problems

    def flaky(self: Matrix, *args: object, **kwargs: object) -> list:
        if self.name == "Office move":
            raise KeyError("a check fell over")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Matrix, "problems", flaky)
    code, out, err = _run(capsys, "check", "--summary", str(good_xlsx), str(conflicted_xlsx))
    assert code == 2
    assert out.startswith(f"{conflicted_xlsx}: 5 errors")
    assert _one_line(err) == (
        f"ramdesk: {good_xlsx}: could not be checked (unexpected KeyError: 'a check fell over')"
    )


def test_an_unexpected_failure_is_one_line(
    capsys: pytest.CaptureFixture[str], good_xlsx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ramdesk.io

    def explode(path: object, sheet: object = None) -> None:
        raise RuntimeError("reader fell over\nwith a second line")

    monkeypatch.setattr(ramdesk.io, "load", explode)
    monkeypatch.delenv("RAMDESK_DEBUG", raising=False)
    code, out, err = _run(capsys, "check", str(good_xlsx))
    assert code == 2
    line = _one_line(err)
    assert str(good_xlsx) in line and "RuntimeError" in line and "second line" in line


def test_json_matrix_data_is_read_and_its_mistakes_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "plan.json"
    assert _run(capsys, "export", "example", str(data))[0] == 0
    assert _run(capsys, "check", str(data))[0] == 1
    data.write_text('{"format": "ramdesk-matrix", "rows": [')
    code, _, err = _run(capsys, "check", str(data))
    assert code == 2 and "is not valid JSON (line 1" in _one_line(err)
    data.write_text('{"format": "something else"}')
    code, _, err = _run(capsys, "info", str(data))
    assert code == 2 and "is not ramdesk's matrix data" in _one_line(err)


# ---------------------------------------------------------------------------- info
def test_info_counts(capsys: pytest.CaptureFixture[str], good_xlsx: Path) -> None:
    code, out, _ = _run(capsys, "info", str(good_xlsx), "--json")
    assert code == 0
    info = json.loads(out)
    assert info["file"] == str(good_xlsx)
    assert info["sheet"]
    assert info["name"] == "Office move"
    assert info["scheme"]["key"] == "raci"
    assert (info["deliverables"], info["groups"], info["group_depth"]) == (6, 2, 1)
    assert (info["roles"], info["role_groups"], info["people"]) == (7, 1, 6)
    assert (info["people_with_several_roles"], info["open_seats"]) == (1, 0)
    assert info["filled_cells"] == 13
    assert info["codes"] == {"R": 6, "A": 6, "C": 1, "I": 1}
    assert info["problems"] == {"error": 0, "warning": 0, "info": 1}
    assert (info["valid_deliverables"], info["health"]) == (6, 1.0)


def test_info_text_of_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "info", "example")
    assert code == 0
    assert "Deliverables: 76 in 22 groups, 3 levels deep" in out
    assert "Roles:        18 in 5 role groups; 1 open seat" in out
    assert "People:       15 (4 holding more than one role)" in out
    assert "Scheme:       RACI-VS (R, A, C, I, V, S)" in out
    assert "Problems:     5 errors, 4 warnings, 4 notes" in out
    assert "Health:       95 % (72 of 76 deliverables with a code and no error)" in out
    # Where roles collide: the worst pair first, on a continuation line under "Collisions:".
    assert "Collisions:   2 pairs of roles both approve deliverables; 8 pairs both do them" in out
    assert (
        "\n              “Business Owner” and “Programme Manager”: both approve 1 deliverable\n"
        in out
    )


def test_info_lists_colliding_roles_in_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "info", "example", "--json")
    assert code == 0
    found = json.loads(out)["collisions"]
    assert (found["approve_pairs"], found["do_pairs"]) == (2, 8)
    assert found["worst"][1] == {
        "roles": ["Technical Lead", "Applications Lead"],
        "both_approve": 1,
        "both_do": 0,
        "held_by": ["Wei Zhang"],
    }


# ---------------------------------------------------------------------------- export
def test_export_xlsx_round_trips(
    capsys: pytest.CaptureFixture[str], conflicted_xlsx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "copy.xlsx"
    code, _, err = _run(capsys, "export", str(conflicted_xlsx), str(out))
    assert code == 0, err
    assert f"{out}: written" in err
    copy, original = ramdesk.load(out), example_matrix()
    assert [d.name for d in copy.deliverables] == [d.name for d in original.deliverables]
    assert sorted((d.name, r.name, t) for d, r, t in copy.filled_cells()) == sorted(
        (d.name, r.name, t) for d, r, t in original.filled_cells()
    )


def test_export_csv_grid(
    capsys: pytest.CaptureFixture[str], good_xlsx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "grid.csv"
    assert _run(capsys, "export", str(good_xlsx), str(out))[0] == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    header = rows[0]
    assert header[-7:-4] == ["Project manager", "Facilities lead", "IT support"]
    budget = next(r for r in rows if "Budget" in r)
    assert budget[-7:] == ["I", "", "", "A/R", "", "", ""]


def test_export_assignments_long_form(
    capsys: pytest.CaptureFixture[str], good_xlsx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "long.csv"
    assert _run(capsys, "export", str(good_xlsx), "--assignments", str(out))[0] == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "group,deliverable,role,code"
    assert "Planning,Budget,Finance,A" in lines
    assert "Planning,Budget,Finance,R" in lines
    assert "Move,Access badges,Contractor,R" in lines
    assert len(lines) == 1 + 14  # one row per code letter: 13 cells, "A/R" gives two


def test_example_command_writes_the_example(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "example.xlsx"
    assert _run(capsys, "example", str(out))[0] == 0
    assert len(ramdesk.load(out).deliverables) == len(example_matrix().deliverables)
    assert _run(capsys, "check", str(out))[0] == 1


def test_export_refuses_what_it_cannot_do(
    capsys: pytest.CaptureFixture[str], good_xlsx: Path, tmp_path: Path
) -> None:
    cases = {
        (str(good_xlsx), str(tmp_path / "a.docx")): "cannot export to “.docx”",
        (str(good_xlsx), str(tmp_path / "a.xlsx"), "--person", "Ada"): "--person only applies",
        (str(good_xlsx),): "say where to write",
        (str(good_xlsx), str(good_xlsx)): "is the file being read",
        (str(good_xlsx), "--assignments", str(tmp_path / "a.txt")): "end it in .csv",
        (str(good_xlsx), str(tmp_path)): "is a folder",
    }
    for args, message in cases.items():
        code, out, err = _run(capsys, "export", *args)
        assert code == 2, args
        assert message in _one_line(err), (args, err)
    assert good_xlsx.stat().st_size > 0


def test_export_into_a_missing_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], good_xlsx: Path, tmp_path: Path
) -> None:
    out = tmp_path / "no" / "such" / "folder" / "x.xlsx"
    code, _, err = _run(capsys, "export", str(good_xlsx), str(out))
    assert code == 2
    assert "x.xlsx" in _one_line(err)


def test_export_pdf(capsys: pytest.CaptureFixture[str], qapp: object, tmp_path: Path) -> None:
    out = tmp_path / "matrix.pdf"
    code, _, err = _run(capsys, "export", "example", str(out), "--pages-wide", "2")
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    assert "page" in err
    cards = tmp_path / "wei.pdf"
    code, _, err = _run(capsys, "export", "example", str(cards), "--person", "Wei Zhang")
    assert code == 0, err
    assert cards.read_bytes().startswith(b"%PDF")


def test_export_pdf_without_printing_is_one_line(
    capsys: pytest.CaptureFixture[str],
    qapp: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "ramdesk.ui.printing", None)  # import fails
    out = tmp_path / "x.pdf"
    code, _, err = _run(capsys, "export", "example", str(out))
    assert code == 2
    assert "cannot paint the PDF: printing is not available" in _one_line(err)
    assert not out.exists()


def test_export_pdf_names_a_person_who_is_not_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "x.pdf"
    code, _, err = _run(capsys, "export", "example", str(out), "--person", "wei zhang")
    assert code == 2
    assert "did you mean “Wei Zhang”?" in _one_line(err)
    code, _, err = _run(capsys, "export", "example", str(out), "--person", "Test Manager")
    assert "is a role: use --role" in _one_line(err)
    assert not out.exists()


# ---------------------------------------------------------------------------- the rest
def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"ramdesk {ramdesk.__version__}"


@pytest.mark.parametrize("command", [[], ["check"], ["info"], ["export"], ["example"]])
def test_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, _ = _run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith(f"usage: ramdesk {' '.join(command)}".rstrip())


def test_usage_errors_exit_2_with_the_sub_command_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "check", "example", "--colour")
    assert code == 2
    assert "usage: ramdesk check" in err and "unrecognized arguments: --colour" in err
    assert _run(capsys, "export", "example", "x.pdf", "--pages-wide", "0")[0] == 2


def test_no_command_starts_the_editor_with_the_files(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[list[str]] = []
    fake = types.ModuleType("ramdesk.ui.app")
    fake.main = lambda files: opened.append(list(files)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ramdesk.ui.app", fake)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert main([]) == 0
    assert main(["plan.xlsx", "other.xlsx"]) == 0
    assert main(["--", "check"]) == 0
    assert opened == [[], ["plan.xlsx", "other.xlsx"], ["check"]]


def test_no_display_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    if sys.platform in ("win32", "darwin"):
        pytest.skip("only X11 and Wayland need a display variable")
    code, out, err = _run(capsys)
    assert code == 2
    assert "cannot start the editor: no display" in _one_line(err)


def test_a_missing_x11_library_is_named_before_qt_could_abort(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ramdesk.cli import qt

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(qt, "_loadable", lambda library: library != "libxcb-cursor.so.0")
    if sys.platform in ("win32", "darwin"):
        pytest.skip("X11 only")
    code, _, err = _run(capsys, "plan.xlsx")
    assert code == 2
    assert _one_line(err) == (
        "ramdesk: cannot start the editor: the system library libxcb-cursor.so.0 is missing "
        "(on Debian or Ubuntu: sudo apt-get install libxcb-cursor0)"
    )


def test_missing_system_libraries_are_named_with_their_package() -> None:
    error = "libEGL.so.1: cannot open shared object file: No such file or directory"
    assert missing_library_hint(error) == (
        "the system library libEGL.so.1 is missing (on Debian or Ubuntu: sudo apt-get install "
        "libegl1)"
    )
    assert missing_library_hint("something else\nentirely") == "something else entirely"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
        st.text(max_size=300).map(str.encode),
    ),
    suffix=st.sampled_from([".xlsx", ".csv", ".json", ".ods", ".xls"]),
)
def test_any_bytes_give_a_report_or_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    code = main(["check", str(path)])
    _, err = capsys.readouterr()
    assert code in (0, 1, 2)
    if code == 2:
        _one_line(err)
    assert "Traceback" not in err


# ---------------------------------------------------------------------------- real processes
def _process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    env.pop("RAMDESK_DEBUG", None)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def test_process_version_and_check(tmp_path: Path) -> None:
    done = _process("-m", "ramdesk", "--version", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("ramdesk ")
    done = _process("-m", "ramdesk", "check", "example", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Errors (5)" in done.stdout


@pytest.mark.parametrize("kind", ["truncated", "text", "empty", "missing"])
def test_process_broken_file(tmp_path: Path, kind: str) -> None:
    path = _broken(tmp_path, kind)
    done = _process("-m", "ramdesk", "check", path.name, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert _one_line(done.stderr).startswith(f"ramdesk: {path.name}: ")


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"]])
def test_version_and_help_import_nothing_heavy(tmp_path: Path, args: list[str]) -> None:
    probe = (
        "import sys\n"
        "from ramdesk.cli import main\n"
        f"code = main({args!r})\n"
        "heavy = [m for m in ('networkx', 'openpyxl', 'PySide6', 'python_calamine') "
        "if m in sys.modules]\n"
        "print('HEAVY', heavy, code)\n"
    )
    done = _process("-c", probe, cwd=tmp_path)
    assert "HEAVY [] 0" in done.stdout, done.stdout + done.stderr


# ---------------------------------------------------------------------------- real spreadsheets
SAMPLES = REPO.parent / "shared" / "samples"
SAMPLE_FILES = sorted(
    p.name
    for p in (SAMPLES.iterdir() if SAMPLES.is_dir() else ())
    if p.suffix in (".xlsx", ".ods", ".csv") and not p.name.endswith(".expected.csv")
)


def _normalized(path: Path) -> list[tuple[str, ...]]:
    import re
    import unicodedata

    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()

    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return sorted(tuple(norm(r[k]) for k in ("group", "deliverable", "role", "code")) for r in rows)


@pytest.mark.skipif(
    not SAMPLES.is_dir(), reason="the shared samples folder is not beside the project"
)
@pytest.mark.parametrize("name", SAMPLE_FILES or ["(none)"])
def test_samples_are_read_checked_and_exported_exactly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    sample = SAMPLES / name
    code, out, err = _run(capsys, "info", str(sample))
    assert code == 0, err
    code, out, err = _run(capsys, "check", str(sample))
    assert code in (0, 1), err
    assert "health" in out
    long_form = tmp_path / "assignments.csv"
    code, _, err = _run(capsys, "export", str(sample), "--assignments", str(long_form))
    assert code == 0, err
    expected = SAMPLES / f"{name}.expected.csv"
    assert _normalized(long_form) == _normalized(expected)


def test_info_names_the_other_matrices_of_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.io import fixtures_import as fx

    path = fx.two_matrices(tmp_path)
    code, out, _ = _run(capsys, "info", str(path))
    assert code == 0
    assert "Other matrices: “Decisions” (choose one with --sheet)" in out
    code, out, _ = _run(capsys, "info", str(path), "--sheet", "Decisions", "--json")
    assert json.loads(out)["other_matrices"] == ["Project"]
